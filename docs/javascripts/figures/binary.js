// The binary case: a logit z gives y = σ(z); for a label t ∈ {0, 1} compare the binary
// cross-entropy −[t log y + (1 − t) log(1 − y)] and the squared error ½(y − t)², and their
// gradients with respect to z: y − t and (y − t) y (1 − y).
import { choice, el, fixed, grid, linePlot, readouts, slider } from "./ui.js";

const sigmoid = (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
// −log σ(z) without overflow or cancellation: softplus(−z) = max(−z, 0) + log1p(e^{−|z|}).
const softplus = (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

function losses(z, t) {
  const y = sigmoid(z);
  return {
    y,
    bce: t === 1 ? softplus(-z) : softplus(z),
    bceGrad: y - t,
    se: 0.5 * (y - t) ** 2,
    seGrad: (y - t) * y * (1 - y),
  };
}

export function mount(figure, { z: startZ, t: startT, range }) {
  let z = startZ;
  let t = startT;
  const xs = grid(range[0], range[1], 240);
  const ticks = [range[0], range[0] / 2, 0, range[1] / 2, range[1]];
  const common = { x: range, xTicks: ticks, xLabel: "ロジット z", xFormat: (v) => fixed(v, 0) };
  const plots = {
    sigmoid: linePlot({ ...common, label: "シグモイド y = σ(z) のグラフ", y: [0, 1], yTicks: [0, 0.5, 1], yLabel: "y = σ(z)" }),
    loss: linePlot({ ...common, label: "損失のグラフ: 実線が交差エントロピー、破線が二乗誤差", y: [0, 4], yTicks: [0, 2, 4], yLabel: "損失" }),
    grad: linePlot({ ...common, label: "勾配のグラフ: 実線が交差エントロピーの勾配、破線が二乗誤差の勾配", y: [-1, 1], yTicks: [-1, 0, 1], yLabel: "z についての勾配" }),
  };
  plots.sigmoid.curve(xs.map((v) => [v, sigmoid(v)]), "first");
  const curves = [];
  const markers = {
    y: plots.sigmoid.marker("first"),
    bce: plots.loss.marker("first"),
    se: plots.loss.marker("second"),
    bceGrad: plots.grad.marker("first"),
    seGrad: plots.grad.marker("second"),
  };
  const values = readouts(figure, [
    ["y", "y = σ(z)"],
    ["bce", "交差エントロピー"],
    ["bceGrad", "その勾配 y − t"],
    ["se", "二乗誤差 ½(y − t)²"],
    ["seGrad", "その勾配 (y − t)y(1 − y)"],
  ]);

  function drawCurves() {
    // The loss and gradient curves depend on the label.
    for (const path of curves.splice(0)) path.remove();
    const points = xs.map((v) => [v, losses(v, t)]);
    plots.loss.curve(points.map(([v, l]) => [v, l.bce]), "first");
    plots.loss.curve(points.map(([v, l]) => [v, l.se]), "second");
    plots.grad.curve(points.map(([v, l]) => [v, l.bceGrad]), "first");
    plots.grad.curve(points.map(([v, l]) => [v, l.seGrad]), "second");
    for (const plot of [plots.loss, plots.grad]) {
      curves.push(...plot.svg.querySelectorAll("path.curve"));
      for (const marker of plot.svg.querySelectorAll(".marker")) marker.parentNode.append(marker); // on top
    }
  }

  function update() {
    const l = losses(z, t);
    for (const [key, move] of Object.entries(markers)) move(z, l[key]);
    values.show(Object.fromEntries(Object.entries(l).map(([key, v]) => [key, [v, fixed(v, 3)]])));
  }

  const control = slider({
    label: "ロジット z",
    min: range[0],
    max: range[1],
    step: 0.1,
    value: z,
    format: (v) => fixed(v, 1),
    onInput: (v) => {
      z = v;
      update();
    },
  });
  const labels = choice({
    legend: "正解ラベル t",
    options: [
      ["1", "1（正例）"],
      ["0", "0（負例）"],
    ],
    value: String(t),
    onChange: (value) => {
      t = Number(value);
      drawCurves();
      update();
    },
  });
  figure.append(
    el(
      "div",
      { class: "explorable-live" },
      el("div", { class: "explorable-controls" }, control.row, labels),
      values.element,
      el(
        "p",
        { class: "explorable-legend" },
        ...[["first", "交差エントロピー（実線）"], ["second", "二乗誤差（破線）"]].map(([series, text]) =>
          el("span", { class: `explorable-key ${series}` }, el("span", { class: "swatch" }), text),
        ),
      ),
      el("div", { class: "explorable-plots" }, plots.sigmoid.svg, plots.loss.svg, plots.grad.svg),
    ),
  );
  drawCurves();
  update();
}
