// Starts the page's scripts (Material's bundle, then the site's, in their order) once the page's
// first contentful frame is on screen, for compat.start_after_first_paint, which inlines this
// function at the end of <body>, called with the scripts' URLs. What they do before that frame
// would only hold it up: the page is built and typeset at build time, and the <head> has already
// done what the bundle would change as it starts (compat.EARLY_START).
// Material's bundle (the first of the scripts) starts on DOMContentLoaded; a bundle that ran
// after that event gets one of its own once every script has run, as it would have had after them.
(function (sources) {
  var started = false;
  var late = false;
  function start() {
    if (started) return;
    started = true;
    var left = sources.length;
    sources.forEach(function (src, i) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false; // run in the order given
      script.onload = script.onerror = function () {
        if (i === 0) late = document.readyState !== "loading"; // load fires as the script has run
        if (--left === 0 && late) {
          document.dispatchEvent(new Event("DOMContentLoaded", { bubbles: true }));
        }
      };
      document.body.appendChild(script);
    });
  }
  var paint = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
  if (!paint || paint.indexOf("paint") < 0 || document.visibilityState === "hidden") {
    start(); // no first paint to wait for, or none to be seen
    return;
  }
  new PerformanceObserver(function (list, observer) {
    if (list.getEntriesByName("first-contentful-paint").length) {
      observer.disconnect();
      start();
    }
  }).observe({ type: "paint", buffered: true });
  setTimeout(start, 3000); // should the paint not be reported
})
