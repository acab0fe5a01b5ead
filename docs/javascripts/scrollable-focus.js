// A box that scrolls sideways (a long equation, a wide code cell or output) must be reachable by
// keyboard, or a keyboard user cannot read its hidden part (WCAG 2.1.1; axe-core's
// scrollable-region-focusable). Material does this for its own code blocks only, and only once it
// has started a block, which it does when the block first comes into view (mkdocs.yml:
// content.lazy): until then a block further down is marked here, with the same rule. Which boxes
// scroll depends on the screen, so it is decided once the math is shown (math-ready.js sends
// "math-typeset"), on resize, and for the boxes of an answer when it is opened. All sizes are
// read before any attribute is written: reading a size after a write would lay the page out
// again for every box. Boxes inside a closed <details> are left until it opens: Chromium would
// lay out the hidden answer once for every size read there (on /exercises/, ~0.5 s of work).
(() => {
  const BOXES = [
    ".md-typeset div.arithmatex",
    ".md-typeset pre > code",
    ".jupyter-wrapper .highlight-ipynb",
    ".jupyter-wrapper .jp-OutputArea-output",
  ].join(", ");

  function markScrollableBoxes(root) {
    const boxes = [...root.querySelectorAll(BOXES)].filter((box) => !box.closest("details:not([open])"));
    const scrolls = boxes.map((box) => box.scrollWidth > box.clientWidth + 1);
    boxes.forEach((box, i) => {
      if (scrolls[i] && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollFocus = "";
      } else if (!scrolls[i] && "scrollFocus" in box.dataset) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollFocus;
      }
    });
  }

  document.addEventListener("math-typeset", () => markScrollableBoxes(document));
  // "toggle" does not bubble: listen while it goes down to the <details>.
  document.addEventListener("toggle", (event) => {
    if (event.target instanceof HTMLDetailsElement && event.target.open) markScrollableBoxes(event.target);
  }, true);
  let pending = 0;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(() => markScrollableBoxes(document), 200);
  });
})();
