// Chapter 4: pick the face that came up (c) and the model's six probabilities y; of the sum in
// (4.3) only the term of face c survives, so E = −log y_c.
import { barChart, button, choice, el, fixed, readouts, setKeepingSum, slider } from "./ui.js";

const SUBSCRIPT = "₁₂₃₄₅₆";

export function mount(figure, { y: start, face: startFace }) {
  let y = [...start];
  let face = startFace;
  const bars = barChart({
    label: "モデル y の六つの確率。出た目の棒を強調",
    categories: [...SUBSCRIPT].map((s) => `y${s}`),
    series: ["first"],
    domain: [0, 1],
  });
  const values = readouts(figure, [
    ["face", "出た目 c"],
    ["yc", "出た目の確率 y_c"],
    ["logL", "対数尤度 log L"],
    ["E", "交差エントロピー E"],
  ]);
  const sum = el("p", { class: "explorable-equation" });
  const terms = el("tbody");
  const sliders = [...SUBSCRIPT].map((s, k) =>
    slider({
      label: `y${s}`,
      hint: `${k + 1} の目の確率 `,
      min: 0,
      max: 1,
      step: 0.01,
      value: y[k],
      format: (v) => fixed(v, 2),
      onInput: (v) => {
        y = setKeepingSum(y, k, v);
        y.forEach((p, j) => j !== k && sliders[j].show(p));
        update();
      },
    }),
  );

  function update() {
    const c = face - 1;
    const logL = y[c] === 0 ? -Infinity : Math.log(y[c]); // (4.1): only t_c = 1 is left
    bars.update([y]);
    bars.highlight(c);
    terms.replaceChildren(
      ...y.map((p, k) =>
        el(
          "tr",
          { class: k === c ? "current" : undefined },
          el("th", { scope: "row" }, String(k + 1)),
          el("td", {}, k === c ? "1" : "0"),
          el("td", {}, fixed(p, 3)),
          el("td", {}, k === c ? `1 · log ${fixed(p, 3)} = ${fixed(logL, 3)}` : "0"),
        ),
      ),
    );
    const written = y.map((_, k) => (k === c ? `log y${SUBSCRIPT[c]}` : "0")).join(" + ");
    sum.textContent = `E = −(${written}) = −log y${SUBSCRIPT[c]} = ${fixed(-logL, 3)}`;
    values.show({
      face: [face, String(face)],
      yc: [y[c], fixed(y[c], 3)],
      logL: [logL, fixed(logL, 3)],
      E: [-logL, fixed(-logL, 3)],
    });
  }

  const faces = choice({
    legend: "出た目 c",
    options: [1, 2, 3, 4, 5, 6].map((k) => [String(k), String(k)]),
    value: String(face),
    onChange: (value) => {
      face = Number(value);
      update();
    },
  });
  const reset = button("公正なサイコロに戻す", () => {
    y = Array(6).fill(1 / 6);
    y.forEach((p, j) => sliders[j].show(p));
    update();
  });
  const table = el(
    "table",
    { class: "explorable-terms" },
    el("caption", {}, "式 (4.3) の和の各項"),
    el(
      "thead",
      {},
      el("tr", {}, ...["目 k", "t_k", "y_k", "t_k log y_k"].map((h) => el("th", { scope: "col" }, h))),
    ),
    terms,
  );
  figure.append(
    el(
      "div",
      { class: "explorable-live" },
      el(
        "div",
        { class: "explorable-controls" },
        faces,
        el("fieldset", { class: "explorable-sliders" }, el("legend", {}, "モデル y（一つを動かすと、残りは比を保って合計 1 に）"), ...sliders.map((s) => s.row), reset),
      ),
      el("div", { class: "explorable-results" }, bars.svg, values.element, sum, table),
    ),
  );
  update();
}
