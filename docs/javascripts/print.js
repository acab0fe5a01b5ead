// A handout is black on white, even when the reader reads in dark mode: print in the light
// colour scheme (Material's and the notebook CSS's, both keyed on data-md-color-scheme) and
// switch back afterwards. beforeprint/afterprint fire for the print dialog and for print-to-PDF.
let screenScheme = null;
window.addEventListener("beforeprint", () => {
  const scheme = document.body.getAttribute("data-md-color-scheme");
  if (scheme && scheme !== "default") {
    screenScheme = scheme;
    document.body.setAttribute("data-md-color-scheme", "default");
  }
});
window.addEventListener("afterprint", () => {
  if (screenScheme) {
    document.body.setAttribute("data-md-color-scheme", screenScheme);
    screenScheme = null;
  }
});
