// MathJax 3 configuration, read by assets/mathjax/startup.js (served from this site).
// Both are loaded at the top of <head> by hooks/mathjax_assets.py (startup.js async), so MathJax
// starts while the page is parsed. startup.js is MathJax's loader; `loader.load` names the
// components it fetches (the head preloads the same list). No right-click menu: it is a quarter
// of MathJax's size; the assistive MathML it would switch on is loaded directly.
// Only the TeX that pymdownx.arithmatex wrapped (class "arithmatex") is typeset.
// MathJax's own start-up typeset is off: the single typeset per page is chained below, so the
// first load and every instant-navigation switch typeset exactly once (no blank, no duplicate).
// After each typeset: performance marks "math-typeset-start"/"math-typeset-done" (bench),
// body[data-math-typeset="done"] (tests) and a "math-typeset" event on document.
// MathJax may start after the page is parsed (it loads async): typesets wait in `queue` until
// MathJax is ready, then run one after another.
let mathJaxReady;
let queue = new Promise((resolve) => {
  mathJaxReady = resolve;
});

window.MathJax = {
  loader: {
    load: ["input/tex", "output/chtml", "a11y/assistive-mml"],
  },
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
    tags: "none",
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
  startup: {
    typeset: false,
    ready() {
      MathJax.startup.defaultReady();
      MathJax.startup.promise.then(mathJaxReady);
    },
  },
};

function typesetPage() {
  queue = queue
    .then(() => {
      const mj = window.MathJax;
      performance.mark("math-typeset-start");
      mj.startup.output.clearCache();
      mj.typesetClear();
      mj.texReset();
      return mj.typesetPromise();
    })
    .then(() => {
      performance.mark("math-typeset-done");
      document.body.setAttribute("data-math-typeset", "done");
      document.dispatchEvent(new Event("math-typeset"));
    })
    .catch((err) => console.error("MathJax typeset failed:", err));
}

// This file runs in <head>, before Material's bundle defines document$ (which replays the
// current page to late subscribers): subscribe once the page is parsed.
document.addEventListener("DOMContentLoaded", () => document$.subscribe(typesetPage), { once: true });
