// Shows every moment in the reader's own time zone and date style. The server writes UTC
// (the forum's members are in several countries, and a cached post is shared by all of them),
// so a physician in Delhi would otherwise read "23:30 UTC" for a reply posted at five in the
// morning there. Without this script the UTC text stays, which is still correct.
(function () {
  "use strict";
  var STYLES = {
    datetime: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
                timeZoneName: "short" },
    date: { day: "numeric", month: "short", year: "numeric" }
  };
  var formats = {};

  function format(kind) {
    if (!formats[kind]) {
      formats[kind] = new Intl.DateTimeFormat(undefined, STYLES[kind]);
    }
    return formats[kind];
  }

  function localise(element) {
    var kind = element.getAttribute("data-local");
    var moment = new Date(element.getAttribute("datetime"));
    if (!STYLES[kind] || isNaN(moment.getTime())) { return; }
    var utc = element.textContent;
    element.textContent = format(kind).format(moment);
    element.setAttribute("title", utc);
  }

  function localiseAll() {
    var moments = document.querySelectorAll("time[data-local][datetime]");
    for (var i = 0; i < moments.length; i += 1) { localise(moments[i]); }
  }

  if (typeof Intl === "undefined" || !Intl.DateTimeFormat) { return; }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", localiseAll);
  } else {
    localiseAll();
  }
}());
