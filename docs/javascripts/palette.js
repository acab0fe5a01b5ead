// The colour-scheme toggle (overrides/partials/palette.html): a click on the label selects the
// other radio; the scheme is applied with transitions off for that one frame (as Material does,
// so colours do not fade one by one) and saved in Material's "__palette" entry, which the next
// page applies before it is laid out (overrides/partials/javascripts/palette.html). Enter on
// the focused radio switches too, as in Material.
(() => {
  const form = document.querySelector("[data-palette]");
  if (!form) return;
  const inputs = [...form.querySelectorAll("input")];

  // The browser's toolbar takes the header's colour (phones); read once styles are settled.
  function matchThemeColor() {
    let meta = document.querySelector("meta[name=theme-color]");
    if (!meta) {
      meta = document.createElement("meta");
      meta.name = "theme-color";
      document.head.appendChild(meta);
    }
    meta.content = getComputedStyle(document.querySelector("header")).backgroundColor;
  }

  function choose(index) {
    document.body.setAttribute("data-md-color-switching", "");
    const color = window.__md_palette(index);
    __md_set("__palette", { index, color });
    requestAnimationFrame(() => {
      document.body.removeAttribute("data-md-color-switching");
      matchThemeColor();
    });
  }

  document.addEventListener("math-typeset", matchThemeColor, { once: true });

  form.addEventListener("change", (event) => choose(inputs.indexOf(event.target)));
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !inputs.includes(event.target)) return;
    const next = (inputs.indexOf(event.target) + 1) % inputs.length;
    inputs[next].click();
    inputs[next].focus();
  });
})();
