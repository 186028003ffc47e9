// Shows every moment in the reader's own time zone and date style. The server writes UTC
// (the forum's members are in several countries, and a cached post is shared by all of them),
// so a physician in Delhi would otherwise read "23:30 UTC" for a reply posted at five in the
// morning there. Recent activity in lists reads "5 minutes ago", as in Discourse, and stays
// current while the page is open. Without this script the UTC text stays, which is still correct.
(function () {
  "use strict";
  var STYLES = {
    datetime: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
                timeZoneName: "short" },
    date: { day: "numeric", month: "short", year: "numeric" }
  };
  var MINUTE = 60 * 1000;
  var HOUR = 60 * MINUTE;
  var DAY = 24 * HOUR;
  var formats = {};

  function format(kind) {
    if (!formats[kind]) {
      formats[kind] = new Intl.DateTimeFormat(undefined, STYLES[kind]);
    }
    return formats[kind];
  }

  function relative(moment) {
    // Past a week (or for a moment in the future: a clock ahead) a date reads better.
    var age = Date.now() - moment.getTime();
    if (age < -MINUTE || age >= 7 * DAY || !Intl.RelativeTimeFormat) {
      return format("date").format(moment);
    }
    if (age < MINUTE) { return "just now"; }
    if (!formats.relative) {
      formats.relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
    }
    if (age < HOUR) { return formats.relative.format(-Math.floor(age / MINUTE), "minute"); }
    if (age < DAY) { return formats.relative.format(-Math.floor(age / HOUR), "hour"); }
    return formats.relative.format(-Math.floor(age / DAY), "day");
  }

  function localise(element) {
    var kind = element.getAttribute("data-local");
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment.getTime())) { return; }
    if (!element.hasAttribute("data-utc")) {
      element.setAttribute("data-utc", element.textContent);
    }
    if (kind === "ago") {
      element.textContent = relative(moment);
      element.setAttribute("title", format("datetime").format(moment));
    } else if (STYLES[kind]) {
      element.textContent = format(kind).format(moment);
      element.setAttribute("title", element.getAttribute("data-utc"));
    }
  }

  function localiseAll(selector) {
    var moments = document.querySelectorAll(selector);
    for (var i = 0; i < moments.length; i += 1) { localise(moments[i]); }
  }

  function start() {
    localiseAll("time[data-local][datetime]");
    window.setInterval(function () { localiseAll("time[data-local='ago'][datetime]"); }, MINUTE);
  }

  if (typeof Intl === "undefined" || !Intl.DateTimeFormat) { return; }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
