// Chapter 3: move y₆ (the rest goes to faces 1-5 in the data's proportions, as in the chapter's
// plot) and watch L (3.3) and log L (3.5) of the 20 throws, with the data's maximum marked.
import { barChart, el, fixed, grid, linePlot, readouts, scientific, slider, tenTo, ticks, xlogy } from "./ui.js";

const SUBSCRIPT = "₁₂₃₄₅₆";

export function mount(figure, { counts, y6 }) {
  const rest = counts.slice(0, 5).reduce((a, b) => a + b, 0);
  const model = (v) => [...counts.slice(0, 5).map((n) => ((1 - v) * n) / rest), v];
  const logL = (v) => model(v).reduce((sum, y, k) => sum + xlogy(counts[k], y), 0); // (3.5)
  const total = counts.reduce((a, b) => a + b, 0);
  const best = counts[5] / total; // the relative frequency n₆/N

  const xs = grid(0.01, 0.99, 196);
  const top = logL(best);
  const power = Math.floor(Math.log10(Math.exp(top)));
  const unit = 10 ** power;
  // Axes in round steps: L from 0 to a tenth above its maximum (between 1.1 and 11 units of
  // 10^power), log L from 40 below its maximum to 3 above, to whole tens.
  const height = (Math.exp(top) / unit) * 1.1;
  const [logLow, logHigh] = [10 * Math.floor((top - 40) / 10), 10 * Math.ceil((top + 3) / 10)];
  const likelihoodPlot = linePlot({
    label: `y₆ を横軸にした尤度 L のグラフ。縦の破線は最大の位置 y₆ = ${fixed(best, 2)}`,
    x: [0, 1],
    y: [0, height],
    xTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
    yTicks: ticks(0, height, height >= 4 ? 2 : height >= 2 ? 1 : 0.5),
    xLabel: "6 の目の確率 y₆",
    yLabel: `尤度 L（× ${tenTo(power)}）`,
  });
  likelihoodPlot.curve(xs.map((v) => [v, Math.exp(logL(v)) / unit]), "first");
  likelihoodPlot.vline(best, "peak");
  const likelihoodMarker = likelihoodPlot.marker("first");

  const logPlot = linePlot({
    label: `y₆ を横軸にした対数尤度 log L のグラフ。縦の破線は最大の位置 y₆ = ${fixed(best, 2)}`,
    x: [0, 1],
    y: [logLow, logHigh],
    xTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
    yTicks: ticks(logLow, logHigh, logHigh - logLow > 40 ? 20 : 10),
    xLabel: "6 の目の確率 y₆",
    yLabel: "対数尤度 log L",
    format: (v) => fixed(v, 0),
  });
  logPlot.curve(xs.map((v) => [v, logL(v)]), "second");
  logPlot.vline(best, "peak");
  const logMarker = logPlot.marker("second");

  const bars = barChart({
    label: "モデル y の六つの確率",
    categories: [...SUBSCRIPT].map((s) => `y${s}`),
    series: ["first"],
    domain: [0, 1],
  });
  bars.highlight(5);

  const values = readouts(figure, [
    ["y6", "y₆"],
    ["L", "尤度 L"],
    ["logL", "対数尤度 log L"],
  ]);
  const update = (v) => {
    const value = logL(v);
    bars.update([model(v)]);
    likelihoodMarker(v, Math.exp(value) / unit);
    logMarker(v, value);
    values.show({ y6: [v, fixed(v, 2)], L: [Math.exp(value), scientific(Math.exp(value))], logL: [value, fixed(value, 2)] });
  };
  const control = slider({
    label: "6 の目の確率 y₆",
    min: 0.01,
    max: 0.99,
    step: 0.01,
    value: y6,
    format: (v) => fixed(v, 2),
    onInput: update,
  });

  figure.append(
    el(
      "div",
      { class: "explorable-live" },
      el("div", { class: "explorable-controls" }, control.row, bars.svg),
      values.element,
      el("p", { class: "explorable-note" }, `破線は 6 の目の相対頻度 n₆/N = ${fixed(best, 2)}。L も log L もここで最大になります。`),
      el("div", { class: "explorable-plots" }, likelihoodPlot.svg, logPlot.svg),
    ),
  );
  update(y6);
}
