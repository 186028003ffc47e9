// Saves a composer's words as a draft while the member writes: a closed tab, a crash or a ward
// round should not cost a case write-up. Without this script the "Save draft" button does the
// same. The server keeps the draft for its author only (services/saved_drafts.py).
(function () {
  "use strict";
  var EVERY_MS = 8000;

  function clock(date) {
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function watch(form) {
    var status = form.querySelector("[data-draft-status]");
    var dirty = false;
    var sending = false;

    function say(text) {
      if (status) { status.textContent = text; }
    }

    function save() {
      if (!dirty || sending) { return; }
      var data = new FormData(form);
      data.set("action", "save_draft");
      dirty = false;
      sending = true;
      // getAttribute: the composer's buttons are named "action", which shadows form.action
      fetch(form.getAttribute("action") || window.location.pathname, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-Curbside-Autosave": "1" }
      }).then(function (response) {
        if (response.status === 204) {
          say("Draft saved at " + clock(new Date()) + ".");
        } else {
          dirty = true;
          say(response.status === 401
            ? "Not saved: your session ended. Copy what you wrote before you log in again."
            : "The draft could not be saved just now; it will be tried again.");
        }
      }).catch(function () {
        dirty = true;
        say("The draft could not be saved just now (no connection); it will be tried again.");
      }).then(function () { sending = false; });
    }

    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.setInterval(save, EVERY_MS);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { save(); }
    });
  }

  var forms = document.querySelectorAll("form[data-autosave]");
  for (var i = 0; i < forms.length; i += 1) { watch(forms[i]); }
}());
