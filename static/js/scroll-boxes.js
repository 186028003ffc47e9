// A wide code block or table in a post scrolls inside its own box (forum.css). When one does,
// this gives it a place in the tab order and a name, so a keyboard user can reach it and scroll
// it with the arrow keys; when it fits again (a wider window) both are taken back.
(function () {
  "use strict";
  var SELECTOR = ".post-body pre, .post-body table";

  function update() {
    var boxes = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < boxes.length; i += 1) {
      var box = boxes[i];
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      var marked = box.hasAttribute("data-scroll-box");
      if (scrolls && !marked) {
        var kind = box.tagName === "PRE" ? "Code block" : "Table";
        box.setAttribute("data-scroll-box", "");
        box.setAttribute("tabindex", "0");
        if (box.tagName === "PRE") { box.setAttribute("role", "group"); }
        box.setAttribute("aria-label", kind + " " + (i + 1) + ", scrolls sideways");
      } else if (!scrolls && marked) {
        box.removeAttribute("data-scroll-box");
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }

  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(update, 100);
  });
  update();
}());
