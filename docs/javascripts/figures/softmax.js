// Chapter 6: move three logits z; softmax (6.4) turns them into probabilities y, the loss for the
// chosen label is E = −log y_c, and its gradient is y − t (6.6).
import { barChart, choice, el, fixed, readouts, slider } from "./ui.js";

const SUBSCRIPT = "₁₂₃";

// (6.4), with the largest logit subtracted first as in the package (the value is the same).
function softmax(z) {
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return { y: e.map((v) => v / sum), logY: z.map((v) => v - top - Math.log(sum)) }; // (6.5)
}

export function mount(figure, { z: start, label: startLabel, classes }) {
  const z = [...start];
  let label = startLabel;
  const probabilities = barChart({ label: "ソフトマックスの出力 y", categories: classes, series: ["first"], domain: [0, 1] });
  const gradient = barChart({ label: "勾配 y − t", categories: classes, series: ["second"], domain: [-1, 1] });
  const values = readouts(figure, [
    ...classes.map((name, k) => [`y${k + 1}`, `y${SUBSCRIPT[k]}（${name}）`]),
    ["E", "交差エントロピー E"],
    ...classes.map((name, k) => [`g${k + 1}`, `∂E/∂z${SUBSCRIPT[k]}`]),
  ]);

  function update() {
    const { y, logY } = softmax(z);
    const g = y.map((p, k) => p - (k === label ? 1 : 0)); // (6.6)
    probabilities.update([y]);
    probabilities.highlight(label);
    gradient.update([g]);
    gradient.highlight(label);
    values.show({
      ...Object.fromEntries(y.map((p, k) => [`y${k + 1}`, [p, fixed(p, 3)]])),
      E: [-logY[label], fixed(-logY[label], 3)],
      ...Object.fromEntries(g.map((v, k) => [`g${k + 1}`, [v, fixed(v, 3)]])),
    });
  }

  const sliders = classes.map((name, k) =>
    slider({
      label: `z${SUBSCRIPT[k]}（${name}）`,
      hint: "ロジット ",
      min: -5,
      max: 5,
      step: 0.1,
      value: z[k],
      format: (v) => fixed(v, 1),
      onInput: (v) => {
        z[k] = v;
        update();
      },
    }),
  );
  const labels = choice({
    legend: "正解のクラス",
    options: classes.map((name, k) => [String(k), name]),
    value: String(label),
    onChange: (value) => {
      label = Number(value);
      update();
    },
  });
  figure.append(
    el(
      "div",
      { class: "explorable-live" },
      el(
        "div",
        { class: "explorable-controls" },
        el("fieldset", { class: "explorable-sliders" }, el("legend", {}, "ロジット z"), ...sliders.map((s) => s.row)),
        labels,
      ),
      values.element,
      el(
        "div",
        { class: "explorable-plots" },
        el("div", {}, el("p", { class: "explorable-note" }, "確率 y（正解のクラスを強調）"), probabilities.svg),
        el("div", {}, el("p", { class: "explorable-note" }, "勾配 ∂E/∂z = y − t"), gradient.svg),
      ),
    ),
  );
  update();
}
