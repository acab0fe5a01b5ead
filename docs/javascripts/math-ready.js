// Equations arrive typeset in the HTML (hooks/mathjax_render.py): there is no MathJax script and
// no typesetting pass in the browser. This file only tells when the equations are on screen: the
// page's HTML is in (the first load, or each instant-navigation switch, which Material announces
// on document$), the fonts they use have loaded (a character shows only once its font has), and
// a frame has been painted since.
// Then: performance marks "math-typeset-start" (page in) / "math-typeset-done" (shown, read by
// bench/bench_site.py), body[data-math-typeset="done"] (tests) and a "math-typeset" event on
// document (javascripts/scrollable-focus.js).
(() => {
  let generation = 0;

  function afterNextPaint(callback) {
    requestAnimationFrame(() => setTimeout(callback, 0));
  }

  function shown(current) {
    if (current !== generation) return; // another page came in meanwhile
    performance.mark("math-typeset-done");
    document.body.setAttribute("data-math-typeset", "done");
    document.dispatchEvent(new Event("math-typeset"));
  }

  function waitUntilShown(current) {
    afterNextPaint(() => {
      if (document.fonts.status === "loading") {
        document.fonts.ready.then(() => waitUntilShown(current));
      } else {
        shown(current);
      }
    });
  }

  document$.subscribe(() => {
    generation += 1;
    performance.mark("math-typeset-start");
    waitUntilShown(generation);
  });
})();
