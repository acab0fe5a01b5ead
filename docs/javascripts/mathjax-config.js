// MathJax 3 configuration, read by assets/mathjax/startup.js (served from this site).
// startup.js is MathJax's loader; `loader.load` names the components it fetches (the page's head
// preloads the same list, see hooks/mathjax_assets.py). No right-click menu: it is a quarter of
// MathJax's size; the assistive MathML it would switch on is loaded directly.
// Only the TeX that pymdownx.arithmatex wrapped (class "arithmatex") is typeset.
// MathJax's own start-up typeset is off: the single typeset per page is chained below, so the
// first load and every instant-navigation switch typeset exactly once (no blank, no duplicate).
// performance marks: "math-typeset-start" / "math-typeset-done" on each typeset (bench/bench_site.py).
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
  },
};

document$.subscribe(() => {
  const mj = window.MathJax;
  if (!mj.startup || !mj.startup.promise) return;
  mj.startup.promise = mj.startup.promise
    .then(() => {
      performance.mark("math-typeset-start");
      mj.startup.output.clearCache();
      mj.typesetClear();
      mj.texReset();
      return mj.typesetPromise();
    })
    .then(() => {
      performance.mark("math-typeset-done");
      document.body.setAttribute("data-math-typeset", "done");
    })
    .catch((err) => console.error("MathJax typeset failed:", err));
});
