// Supplement B: two distributions, the target t and the prediction y; the bar shows
// E(t, y) = H(t) + D_KL(t‖y) (B.3).
import { barChart, button, el, fixed, readouts, setKeepingSum, slider, xlogy } from "./ui.js";

const SUBSCRIPT = "₁₂₃₄₅₆";
const SCALE = 4; // nats across the whole bar

const key = (series, text) => el("span", { class: `explorable-key ${series}` }, el("span", { class: "swatch" }), text);

export function mount(figure, { t: startT, y: startY }) {
  const state = { t: [...startT], y: [...startY] };
  const pairs = barChart({
    label: "目ごとの目標値 t（左の棒）と予測 y（右の棒）",
    categories: [...SUBSCRIPT].map((s, k) => String(k + 1)),
    series: ["first", "second"],
    domain: [0, 1],
  });
  const values = readouts(figure, [
    ["H", "エントロピー H(t)"],
    ["D", "KLダイバージェンス D_KL(t‖y)"],
    ["E", "交差エントロピー E(t, y)"],
  ]);
  const entropyBar = el("span", { class: "explorable-stack-h" });
  const divergenceBar = el("span", { class: "explorable-stack-d" });
  const stack = el(
    "div",
    { class: "explorable-stack", role: "img", "aria-label": "E = H + D_KL の帯グラフ（数値は上の一覧）" },
    entropyBar,
    divergenceBar,
  );

  function update() {
    const { t, y } = state;
    const H = -t.reduce((sum, p) => sum + xlogy(p, p), 0); // (B.1)
    const E = -t.reduce((sum, p, k) => sum + xlogy(p, y[k]), 0); // (4.3)
    // (B.2): a term with t_k > 0 and y_k = 0 is infinite; t_k = 0 terms are 0.
    const D = t.reduce((sum, p, k) => sum + (p === 0 ? 0 : p * (Math.log(p) - Math.log(y[k]))), 0);
    pairs.update([t, y]);
    entropyBar.style.width = `${(Math.min(H, SCALE) / SCALE) * 100}%`;
    divergenceBar.style.width = `${(Math.min(D, SCALE - Math.min(H, SCALE)) / SCALE) * 100}%`;
    stack.classList.toggle("overflow", !(H + D <= SCALE));
    values.show({ H: [H, fixed(H, 3)], D: [D, fixed(D, 3)], E: [E, fixed(E, 3)] });
  }

  const group = (name, legend, hint) => {
    const sliders = [...SUBSCRIPT].map((s, k) =>
      slider({
        label: `${name}${s}`,
        hint: `${hint}の ${k + 1} の目 `,
        min: 0,
        max: 1,
        step: 0.01,
        value: state[name][k],
        format: (v) => fixed(v, 2),
        onInput: (v) => {
          state[name] = setKeepingSum(state[name], k, v);
          state[name].forEach((p, j) => j !== k && sliders[j].show(p));
          update();
        },
      }),
    );
    const fieldset = el("fieldset", { class: "explorable-sliders" }, el("legend", {}, legend), ...sliders.map((s) => s.row));
    return { fieldset, sliders };
  };
  const target = group("t", "目標値 t", "目標値");
  const prediction = group("y", "予測 y", "予測");
  const match = button("y を t に合わせる", () => {
    state.y = [...state.t];
    state.y.forEach((p, j) => prediction.sliders[j].show(p));
    update();
  });
  prediction.fieldset.append(match);

  figure.append(
    el(
      "div",
      { class: "explorable-live" },
      el("p", { class: "explorable-note" }, "一つを動かすと、同じ分布の残りの確率は比を保ったまま合計 1 になるように変わります。"),
      el("div", { class: "explorable-controls" }, target.fieldset, prediction.fieldset),
      values.element,
      el("p", { class: "explorable-legend" }, key("first", "H(t)"), key("second", "D_KL(t‖y)"), el("span", {}, "帯の全長が E（右端は 4）")),
      stack,
      el("p", { class: "explorable-legend" }, key("first", "目標値 t"), key("second", "予測 y")),
      pairs.svg,
    ),
  );
  update();
}
