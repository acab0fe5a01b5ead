// Starts the interactive figures of the page: each <figure data-explorable="NAME"> is drawn by
// ./NAME.js from the state in its data-state attribute (src/textbook_site/explorables.py writes
// both). The figure's cell places this module right after the figure, so only pages with a
// figure load it, and it never holds up the first paint (a module script runs after parsing).
//
// A module runs once per document. Material's instant navigation swaps the article without a
// reload: it puts this <script> back into the new page (which does not run the module again)
// and then emits document$, on which the figures of the new page are started.
const DRAWERS = {
  likelihood: () => import("./likelihood.js"),
  "one-throw": () => import("./one-throw.js"),
  softmax: () => import("./softmax.js"),
  decomposition: () => import("./decomposition.js"),
  binary: () => import("./binary.js"),
};

// The figures' stylesheet, in <head> (Material's instant navigation drops <head> links the new
// page does not have, so it is looked for again on every page).
function stylesheet() {
  const href = new URL("../../stylesheets/figures.css", import.meta.url).href;
  let link = [...document.head.querySelectorAll("link[rel=stylesheet]")].find((l) => l.href === href);
  if (!link) {
    link = Object.assign(document.createElement("link"), { rel: "stylesheet", href });
    // Should it fail to load, the figures are still drawn, unstyled.
    link.loaded = new Promise((resolve) => {
      link.addEventListener("load", resolve, { once: true });
      link.addEventListener("error", resolve, { once: true });
    });
    document.head.append(link);
  }
  return link.loaded ?? Promise.resolve();
}

// Exported: a figure put back into the page as the server sent it (no data-started) is started
// by calling it again (the browser tests start each probe from the first state this way).
export async function start() {
  if (!document.querySelector("figure[data-explorable]:not([data-started])")) return;
  await stylesheet();
  for (const figure of document.querySelectorAll("figure[data-explorable]")) {
    if ("started" in figure.dataset) continue; // another call got to it while this one waited
    figure.dataset.started = "";
    const draw = DRAWERS[figure.dataset.explorable];
    if (!draw) throw new Error(`no drawer for the figure "${figure.dataset.explorable}"`);
    const { mount } = await draw();
    mount(figure, JSON.parse(figure.dataset.state));
    figure.dataset.started = "live";
  }
}

start();
// Material's bundle defines document$ as it runs, after this module when the page starts its
// scripts after the first paint; it then sends the page a DOMContentLoaded event of its own.
function follow() {
  if (!window.document$) return false;
  window.document$.subscribe(() => start());
  return true;
}
if (!follow()) {
  document.addEventListener("DOMContentLoaded", function followOnce() {
    if (follow()) document.removeEventListener("DOMContentLoaded", followOnce);
  });
}
