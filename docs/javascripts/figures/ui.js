// Shared pieces of the interactive figures: elements, labelled native controls, number formats,
// the values a screen reader hears, and small SVG plots. Colours are Material's CSS variables
// (stylesheets/figures.css), so the figures follow light and dark mode.
const SVG_NS = "http://www.w3.org/2000/svg";
const MINUS = "\u2212";
const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

let counter = 0;
export const uniqueId = (prefix) => `${prefix}-${(counter += 1)}`;

// el("div", { class: "x" }, child, "text"); "svg:path" makes an SVG element.
export function el(tag, attributes = {}, ...children) {
  const node = tag.startsWith("svg:")
    ? document.createElementNS(SVG_NS, tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.flat());
  return node;
}

// Numbers as the static table writes them (src/textbook_site/explorables.py: format_number).
export function fixed(x, digits) {
  if (!Number.isFinite(x)) return x > 0 ? "∞" : `${MINUS}∞`;
  let text = x.toFixed(digits);
  if (Number(text) === 0) text = text.replace("-", "");
  return text.replace("-", MINUS);
}

export const tenTo = (n) => `10${[...String(n)].map((c) => SUPERSCRIPT[c]).join("")}`;

export function scientific(x) {
  if (!Number.isFinite(x) || x === 0) return fixed(x, 2);
  const [mantissa, exponent] = x.toExponential(2).split("e");
  return `${mantissa.replace("-", MINUS)} × ${tenTo(Number(exponent))}`;
}

// The readers' values, in "JSON": infinity travels as the string "inf".
export const number = (v) => (v === "inf" ? Infinity : v === "-inf" ? -Infinity : v);

// p with p[k] = v and the other entries scaled so that the sum stays 1, their ratios kept (if
// they were all 0, they share 1 − v equally). The browser tests apply the same rule.
export function setKeepingSum(p, k, v) {
  const others = p.reduce((sum, x, j) => (j === k ? sum : sum + x), 0);
  return p.map((x, j) => {
    if (j === k) return v;
    return others > 0 ? (x * (1 - v)) / others : (1 - v) / (p.length - 1);
  });
}

// t log y with the convention 0 log 0 = 0 (as the package does).
export const xlogy = (t, y) => (t === 0 ? 0 : t * Math.log(y));

// A labelled range input; its value is spoken as `format` writes it. `hint` starts the name a
// screen reader hears (e.g. "1 の目の確率 " before the visible "y₁").
export function slider({ label, hint = "", min, max, step, value, format, onInput }) {
  const id = uniqueId("explorable-input");
  const input = el("input", { type: "range", id, min, max, step, value });
  const output = el("output", { for: id, "aria-hidden": "true" });
  const text = hint ? [el("span", { class: "explorable-hint" }, hint), label] : [label];
  const row = el("div", { class: "explorable-slider" }, el("label", { for: id }, ...text), input, output);
  const show = (shown) => {
    const text = format(shown);
    output.textContent = text;
    input.setAttribute("aria-valuetext", text);
  };
  input.addEventListener("input", () => {
    show(Number(input.value));
    onInput(Number(input.value));
  });
  show(value);
  return {
    row,
    input,
    // Moved by the figure (e.g. the other probabilities after one of them changed).
    show(shown) {
      input.value = shown;
      show(shown);
    },
  };
}

// A group of radio buttons; `options` are [value, label] pairs.
export function choice({ legend, options, value, onChange }) {
  const name = uniqueId("explorable-choice");
  const group = el("fieldset", { class: "explorable-choice" }, el("legend", {}, legend));
  for (const [optionValue, optionLabel] of options) {
    const id = `${name}-${optionValue}`;
    const input = el("input", { type: "radio", name, id, value: optionValue, checked: optionValue === value });
    input.addEventListener("change", () => input.checked && onChange(optionValue));
    group.append(el("span", { class: "explorable-option" }, input, el("label", { for: id }, optionLabel)));
  }
  return group;
}

export function button(text, onClick) {
  const node = el("button", { type: "button", class: "md-button explorable-button" }, text);
  node.addEventListener("click", onClick);
  return node;
}

// The figure's values as a list of <output>s. Each keeps its exact value in data-value (the
// browser tests compare it and the shown text with the package). A screen reader hears one
// summary sentence after the reader stops moving a control, not every output at every step.
export function readouts(figure, entries) {
  const list = el("dl", { class: "explorable-values" });
  const outputs = {};
  for (const [key, label] of entries) {
    outputs[key] = el("output", { "data-key": key, "aria-live": "off" });
    list.append(el("div", {}, el("dt", {}, label), el("dd", {}, outputs[key])));
  }
  const summary = el("p", { class: "explorable-summary", "aria-live": "polite" });
  figure.append(summary);
  let pending = 0;
  return {
    element: list,
    show(values) {
      for (const [key, [value, text]] of Object.entries(values)) {
        outputs[key].dataset.value = String(value);
        outputs[key].textContent = text;
      }
      clearTimeout(pending);
      pending = setTimeout(() => {
        summary.textContent = entries.map(([key, label]) => `${label} ${outputs[key].textContent}`).join("、");
      }, 300);
    },
  };
}

// A line plot in SVG user units; the SVG scales with its box (figures.css caps its width).
export function linePlot({ label, x, y, xTicks, yTicks, xLabel, yLabel, xFormat = (v) => fixed(v, 1), format = (v) => fixed(v, 1) }) {
  const [width, height] = [320, 200];
  const box = { left: 48, right: 10, top: 24, bottom: 40 };
  const sx = (v) => box.left + ((v - x[0]) / (x[1] - x[0])) * (width - box.left - box.right);
  const sy = (v) => height - box.bottom - ((v - y[0]) / (y[1] - y[0])) * (height - box.top - box.bottom);
  const clip = uniqueId("explorable-clip");
  const svg = el("svg:svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, class: "explorable-plot" });
  const area = el("svg:g", { "clip-path": `url(#${clip})` });
  svg.append(
    el("svg:clipPath", { id: clip }, el("svg:rect", { x: box.left, y: box.top, width: width - box.left - box.right, height: height - box.top - box.bottom })),
    el("svg:rect", { class: "frame", x: box.left, y: box.top, width: width - box.left - box.right, height: height - box.top - box.bottom }),
    ...xTicks.map((v) => el("svg:text", { x: sx(v), y: height - box.bottom + 15, "text-anchor": "middle" }, xFormat(v))),
    ...yTicks.map((v) => el("svg:text", { x: box.left - 4, y: sy(v) + 4, "text-anchor": "end" }, format(v))),
    ...yTicks.filter((v) => v !== y[0] && v !== y[1]).map((v) => el("svg:line", { class: "grid", x1: box.left, x2: width - box.right, y1: sy(v), y2: sy(v) })),
    el("svg:text", { x: (box.left + width - box.right) / 2, y: height - 6, "text-anchor": "middle", class: "axis-label" }, xLabel),
    el("svg:text", { x: box.left, y: box.top - 8, "text-anchor": "start", class: "axis-label" }, yLabel),
    area,
  );
  // Far outside the range a value is held just past the edge (the clip hides it): a path with
  // coordinates in the millions draws badly.
  const clampY = (v) => Math.max(-height, Math.min(2 * height, sy(v)));
  return {
    svg,
    curve(points, className) {
      let d = "";
      let pen = "M";
      for (const [px, py] of points) {
        if (!Number.isFinite(py)) {
          pen = "M";
          continue;
        }
        d += `${pen}${sx(px).toFixed(1)},${clampY(py).toFixed(1)}`;
        pen = "L";
      }
      area.append(el("svg:path", { d, class: `curve ${className}` }));
    },
    vline(at, className) {
      area.append(el("svg:line", { x1: sx(at), x2: sx(at), y1: box.top, y2: height - box.bottom, class: className }));
    },
    marker(className) {
      const dot = el("svg:circle", { r: 4.5, class: `marker ${className}` });
      area.append(dot);
      return (px, py) => {
        const shown = Number.isFinite(py) && py >= y[0] && py <= y[1];
        dot.setAttribute("visibility", shown ? "visible" : "hidden");
        if (shown) {
          dot.setAttribute("cx", sx(px));
          dot.setAttribute("cy", sy(py));
        }
      };
    },
  };
}

// Vertical bars, one group per category, one bar per series; `domain` may include negatives.
export function barChart({ label, categories, series, domain }) {
  const [width, height] = [320, 110];
  const box = { left: 8, right: 8, top: 18, bottom: 22 };
  const sy = (v) => height - box.bottom - ((v - domain[0]) / (domain[1] - domain[0])) * (height - box.top - box.bottom);
  const slot = (width - box.left - box.right) / categories.length;
  const barWidth = (slot * 0.7) / series.length;
  const svg = el("svg:svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, class: "explorable-plot explorable-bars" });
  svg.append(el("svg:line", { class: "axis", x1: box.left, x2: width - box.right, y1: sy(0), y2: sy(0) }));
  const bars = series.map((className, s) =>
    categories.map((_, i) => {
      const x = box.left + i * slot + slot * 0.15 + s * barWidth;
      const rect = el("svg:rect", { x, width: barWidth, class: `bar ${className}` });
      const text = el("svg:text", { x: x + barWidth / 2, "text-anchor": "middle", class: "bar-value" });
      svg.append(rect, text);
      return { rect, text };
    }),
  );
  const labels = categories.map((name, i) =>
    el("svg:text", { x: box.left + (i + 0.5) * slot, y: height - 6, "text-anchor": "middle" }, name),
  );
  svg.append(...labels);
  return {
    svg,
    update(valuesPerSeries, format = (v) => fixed(v, 2)) {
      valuesPerSeries.forEach((values, s) =>
        values.forEach((value, i) => {
          const clamped = Math.max(domain[0], Math.min(domain[1], value));
          const [top, bottom] = [sy(Math.max(clamped, 0)), sy(Math.min(clamped, 0))];
          const { rect, text } = bars[s][i];
          rect.setAttribute("y", top);
          rect.setAttribute("height", Math.max(bottom - top, 0.5));
          text.setAttribute("y", value >= 0 ? top - 4 : bottom + 11);
          text.textContent = series.length === 1 ? format(value) : "";
        }),
      );
    },
    highlight(index) {
      labels.forEach((text, i) => text.classList.toggle("current", i === index));
      bars.forEach((group) => group.forEach(({ rect }, i) => rect.classList.toggle("current", i === index)));
    },
  };
}

// Round tick values: the multiples of `step` from `lo` to `hi`.
export const ticks = (lo, hi, step) => {
  const first = Math.ceil(lo / step - 1e-9);
  return Array.from({ length: Math.floor(hi / step + 1e-9) - first + 1 }, (_, i) => (first + i) * step);
};

// A grid of points over [lo, hi] for drawing a curve.
export const grid = (lo, hi, n = 200) => Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);
