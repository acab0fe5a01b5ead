// A box that scrolls sideways (a long equation, a wide code cell or output) must be reachable by
// keyboard, or a keyboard user cannot read its hidden part (WCAG 2.1.1; axe-core's
// scrollable-region-focusable). Material does this for its own code blocks only. Which boxes
// scroll depends on the screen, so it is decided here, after the math is typeset and on resize.
(() => {
  const BOXES = ".md-typeset div.arithmatex, .jupyter-wrapper .highlight-ipynb, .jupyter-wrapper .jp-OutputArea-output";

  function markScrollableBoxes() {
    for (const box of document.querySelectorAll(BOXES)) {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollFocus = "";
      } else if (!scrolls && "scrollFocus" in box.dataset) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollFocus;
      }
    }
  }

  document$.subscribe(() => {
    const startup = window.MathJax && window.MathJax.startup;
    // Chained after mathjax-config.js's typeset, which subscribed first.
    (startup && startup.promise ? startup.promise : Promise.resolve()).then(markScrollableBoxes);
  });

  let pending = 0;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(markScrollableBoxes, 200);
  });
})();
