// A wide code block or table in a post scrolls inside its own box (forum.css). When one does,
// this gives it a place in the tab order and a name, so a keyboard user can reach it and scroll
// it with the arrow keys. A box once marked stays marked (a phone turned sideways and back
// should not find it gone from the tab order half-way).
(function () {
  "use strict";
  var SELECTOR = ".post-body pre, .post-body table";

  function update() {
    var boxes = document.querySelectorAll(SELECTOR);
    var counts = { PRE: 0, TABLE: 0 };
    for (var i = 0; i < boxes.length; i += 1) {
      var box = boxes[i];
      counts[box.tagName] += 1;
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      var marked = box.hasAttribute("data-scroll-box");
      if (scrolls && !marked) {
        var kind = box.tagName === "PRE" ? "Code block" : "Table";
        box.setAttribute("data-scroll-box", "");
        box.setAttribute("tabindex", "0");
        if (box.tagName === "PRE") { box.setAttribute("role", "group"); }
        box.setAttribute("aria-label", kind + " " + counts[box.tagName] + ", scrolls sideways");
      }
    }
  }

  window.addEventListener("resize", update);
  update();
}());
