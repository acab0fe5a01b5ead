// MathJax 3 configuration, read by assets/mathjax/tex-chtml.js (served from this site).
// Only the TeX that pymdownx.arithmatex wrapped (class "arithmatex") is typeset.
// MathJax's own start-up typeset is off: the single typeset per page is chained below, so the
// first load and every instant-navigation switch typeset exactly once (no blank, no duplicate).
window.MathJax = {
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
      mj.startup.output.clearCache();
      mj.typesetClear();
      mj.texReset();
      return mj.typesetPromise();
    })
    .then(() => document.body.setAttribute("data-math-typeset", "done"))
    .catch((err) => console.error("MathJax typeset failed:", err));
});
