// Equations arrive typeset in the HTML (src/textbook_site/mathjax.py): there is no MathJax script and
// no typesetting pass in the browser. Two moments are marked:
// - "math-shown" (performance mark, set by an inline script at the end of the article in
//   overrides/main.html): the first frame painted after every equation of the page is in the
//   document; bench/bench_site.py times it.
// - "page-ready" (this file): the page is in and Material has started (document$: DOMContentLoaded
//   on the first load, each switch of instant navigation), its stylesheets have arrived (instant
//   navigation adds the new page's <link>s, e.g. the notebook stylesheet, without waiting for
//   them), no font is loading and a frame has been painted since. Then also
//   body[data-math-typeset="done"] (tests) and a "math-typeset" event on document
//   (javascripts/scrollable-focus.js, palette.js).
(() => {
  let generation = 0;

  function afterPaint(callback) {
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (document.fonts.status === "loading") {
          document.fonts.ready.then(() => afterPaint(callback)); // a character shows once its font has
        } else {
          callback();
        }
      }, 0),
    );
  }

  // Resolves once every stylesheet <link> of the document has loaded or failed (a link without
  // .sheet is still loading, or failed before we looked: hence the time limit, after which the
  // page counts as ready all the same).
  const STYLESHEET_WAIT_MS = 3000;
  function stylesheetsLoaded() {
    const links = document.querySelectorAll('link[rel="stylesheet"]');
    const pending = [...links].filter((link) => !link.sheet);
    if (pending.length === 0) return Promise.resolve();
    const arrived = pending.map(
      (link) =>
        new Promise((resolve) => {
          link.addEventListener("load", resolve, { once: true });
          link.addEventListener("error", resolve, { once: true });
        }),
    );
    const timeUp = new Promise((resolve) => setTimeout(resolve, STYLESHEET_WAIT_MS));
    return Promise.race([Promise.all(arrived), timeUp]);
  }

  document$.subscribe(() => {
    generation += 1;
    const current = generation;
    stylesheetsLoaded().then(() => afterPaint(() => {
      if (current !== generation) return; // another page came in meanwhile
      performance.mark("page-ready");
      document.body.setAttribute("data-math-typeset", "done");
      document.dispatchEvent(new Event("math-typeset"));
    }));
  });
})();
