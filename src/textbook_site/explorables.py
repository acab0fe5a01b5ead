"""Interactive figures ("explorables") placed by a chapter's notebook cell.

A cell computes, with the package, the values the figure must show at a few states (probes) and
ends with an :class:`Explorable`. Its HTML is

- a ``<figure data-explorable="NAME">`` that ``docs/javascripts/figures/NAME.js`` turns into
  controls and plots; the state the script starts from and the probes go in as JSON attributes
  (the browser tests set each probe's state and compare what the figure shows with the probe),
- a table of the probes inside it: what a reader without JavaScript sees, and what is printed,
- one ``<script type="module">`` of ``docs/javascripts/figures/index.js``: only pages with a
  figure load any of the figure code.

The script's address is relative to the page, and every chapter sits one folder below the site
root (``/ch3/``), so it is ``../javascripts/figures/index.js`` (tests/site/test_figures.py checks
that it resolves on every page that has a figure).
"""

import html
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

SCRIPT = "../javascripts/figures/index.js"
MINUS = "\u2212"
SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _plain(value):
    """`value` with numpy scalars and arrays as the JSON types they stand for."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, np.generic) or (isinstance(value, np.ndarray) and value.ndim == 0):
        return value.item()
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    return value


def _json(value) -> str:
    # Infinity (E = −log 0) is not JSON: it travels as the string "inf" and is read back by the script.
    def finite(v):
        if isinstance(v, float) and math.isinf(v):
            return "inf" if v > 0 else "-inf"
        if isinstance(v, float) and math.isnan(v):
            raise ValueError("a probe value is NaN: the package never returns NaN for valid input")
        if isinstance(v, dict):
            return {k: finite(x) for k, x in v.items()}
        if isinstance(v, list):
            return [finite(x) for x in v]
        return v

    return json.dumps(finite(_plain(value)), ensure_ascii=False, separators=(",", ":"))


def set_keeping_sum(p, k: int, value: float) -> np.ndarray:
    """`p` with ``p[k] = value`` and the other entries scaled so that the sum stays 1, their
    ratios kept (if they were all 0, they share ``1 - value`` equally): what a figure does when
    the reader moves one of several probabilities (``setKeepingSum`` in figures/ui.js)."""
    p = np.asarray(p, dtype=float)
    others = p.sum() - p[k]
    result = p * (1 - value) / others if others > 0 else np.full_like(p, (1 - value) / (len(p) - 1))
    result[k] = value
    return result


def format_number(value, style: str) -> str:
    """`value` as the static table shows it: style ``"sci"`` (3.52 × 10⁻¹⁵), ``"int"`` or a
    number of decimals such as ``"3"``; negative numbers with a real minus sign."""
    if isinstance(value, str):
        return value
    value = float(value)
    if math.isinf(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    if style == "int":
        text = f"{value:.0f}"
    elif style == "sci":
        mantissa, exponent = f"{value:.2e}".split("e")
        text = f"{mantissa} × 10{str(int(exponent)).translate(SUPERSCRIPT)}"
    else:
        text = f"{value:.{int(style)}f}"
        if float(text) == 0:
            text = text.lstrip("-")
    return text.replace("-", MINUS, 1) if text.startswith("-") else text


@dataclass
class Explorable:
    """One interactive figure and its static table.

    Parameters
    ----------
    name
        The script that draws it, ``docs/javascripts/figures/<name>.js``.
    caption
        What the figure lets the reader do, in the page's language.
    state
        What the script starts from (JSON-able; numpy values are converted).
    probes
        States with the package's values at them; each is a row of the static table.
    columns
        Probe key -> (column heading, style for :func:`format_number`), in table order.
    anchor
        The figure's id, for links (``#explore-…``).
    """

    name: str
    caption: str
    state: dict
    probes: Sequence[dict]
    columns: Mapping[str, tuple[str, str]]
    anchor: str
    table_caption: str = "操作できない環境と印刷では、代表的な状態での値をこの表で示します。"

    def table(self) -> str:
        heads = "".join(f'<th scope="col">{html.escape(h)}</th>' for h, _ in self.columns.values())
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{html.escape(format_number(probe[key], style))}</td>"
                for key, (_, style) in self.columns.items()
            )
            + "</tr>"
            for probe in self.probes
        )
        return (
            f'<table class="explorable-table"><caption>{html.escape(self.table_caption)}</caption>'
            f"<thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>"
        )

    def _repr_html_(self) -> str:
        attributes = {
            "class": "explorable",
            "id": self.anchor,
            "data-explorable": self.name,
            "data-state": _json(self.state),
            "data-probes": _json(list(self.probes)),
        }
        opening = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attributes.items())
        return (
            f"<figure {opening}>"
            f"<figcaption>{html.escape(self.caption)}</figcaption>"
            f'<div class="explorable-static">{self.table()}</div>'
            "</figure>"
            f'<script type="module" src="{SCRIPT}"></script>'
        )
