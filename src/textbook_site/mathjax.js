// Typesets TeX with MathJax 3 (the npm package in node_modules) at build time, for
// textbook_site/mathjax.py. Reads one JSON request on stdin:
//   {"root": "<project folder>", "expressions": [{"tex": "...", "display": true}, ...]}
// and writes one JSON answer on stdout:
//   {"html": ["<mjx-container ...>", ...], "errors": [null | "message", ...], "css": "..."}
// `html[i]` and `errors[i]` belong to `expressions[i]`; `css` is MathJax's stylesheet for its
// SVG output. A TeX error (an undefined macro too: the `noundefined` package, which would draw
// it in red, is left out) is reported, never drawn.
// SVG output: every glyph is a path in the page, so the browser has no font to fetch and no
// moment where an equation waits for one. `fontCache: "none"` writes each glyph's path where it
// is used: no ids, so any number of equations can share a page.
"use strict";

const path = require("path");

const request = JSON.parse(require("fs").readFileSync(0, "utf8"));
const mathjaxDir = path.join(request.root, "node_modules", "mathjax");

require(mathjaxDir)
  .init({
    loader: {
      paths: { mathjax: path.join(mathjaxDir, "es5") },
      load: ["input/tex", "output/svg", "adaptors/liteDOM", "a11y/assistive-mml"],
      versionWarnings: false,
    },
    tex: {
      packages: { "[-]": ["noundefined"] },
      tags: "none",
      formatError(jax, err) {
        throw err;
      },
    },
    svg: { fontCache: "none" },
    // Text MathJax has no glyphs for (Japanese in \text{}) is drawn as SVG <text> in the page's
    // serif font, at MathJax's x-height over the adaptor's ex (0.442 / 0.5 = 0.884 em), and
    // advanced by these estimates: a CJK character is as wide as it is drawn.
    liteAdaptor: { fontSize: 16, cjkCharWidth: 0.884, unknownCharWidth: 0.6, unknownCharHeight: 0.8 },
    startup: { typeset: false },
  })
  .then((MathJax) => {
    const adaptor = MathJax.startup.adaptor;
    const html = [];
    const errors = [];
    for (const { tex, display } of request.expressions) {
      try {
        MathJax.texReset();
        html.push(adaptor.outerHTML(MathJax.tex2svg(tex, { display })));
        errors.push(null);
      } catch (err) {
        html.push(null);
        errors.push(String(err.message || err));
      }
    }
    const css = adaptor.textContent(MathJax.svgStylesheet());
    process.stdout.write(JSON.stringify({ html, errors, css }));
  })
  .catch((err) => {
    process.stderr.write(`MathJax could not start: ${err.stack || err}\n`);
    process.exit(1);
  });
