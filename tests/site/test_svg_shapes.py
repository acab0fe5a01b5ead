"""src/textbook_site/svg_shapes.py on its own: an equation's SVG redrawn with few elements.

That the redrawn equations look the same as MathJax's own: tests/browser/test_equation_drawing.py.
That every equation of the built site is redrawn: test_integrity.py.
"""

import re

import pytest
from bs4 import BeautifulSoup

from textbook_site import svg_shapes

TOP = '<g stroke="currentColor" fill="currentColor" stroke-width="0" transform="scale(1,-1)">'
SQUARE = "M0 0H100V100H0Z"


def drawing(*inner: str, viewbox: str = "0 -1000 3000 1000") -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{viewbox}">{TOP}{"".join(inner)}</g></svg>'


def glyph(x: float, d: str = SQUARE, node: str = "mi") -> str:
    return f'<g data-mml-node="{node}" transform="translate({x},0)"><path data-c="41" d="{d}"></path></g>'


def absolute_points(d: str) -> list[tuple[float, float]]:
    """Every point a path written by svg_shapes passes through (M absolute, then relative)."""
    points, pen, start = [], (0.0, 0.0), (0.0, 0.0)
    for command, numbers in re.findall(r"([MmlhvqtcsZz])([^MmlhvqtcsZz]*)", d):
        values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", numbers)]
        if command in "Zz":
            pen = start
        elif command in "hv":
            for v in values:
                pen = (pen[0] + v, pen[1]) if command == "h" else (pen[0], pen[1] + v)
                points.append(pen)
        else:
            size = {"M": 2, "m": 2, "l": 2, "t": 2, "q": 4, "s": 4, "c": 6}[command]
            for i in range(0, len(values), size):
                group = values[i : i + size]
                base = (0.0, 0.0) if command == "M" else pen
                pen = (base[0] + group[-2], base[1] + group[-1])
                points.append(pen)
            if command in "Mm":
                start = pen
    return points


def test_glyphs_side_by_side_become_one_path_in_the_drawings_coordinates():
    simpler = svg_shapes.simplify(drawing(glyph(0), glyph(500), glyph(1000)))
    soup = BeautifulSoup(simpler, "html.parser")
    assert [tag.name for tag in soup.svg.find_all(True)] == ["path"]
    assert soup.svg["fill"] == "currentColor" and soup.svg["viewbox"] == "0 -1000 3000 1000"
    # Transforms applied: translate(500,0) then the flip scale(1,-1).
    points = absolute_points(soup.path["d"])
    assert (500.0, 0.0) in points and (600.0, -100.0) in points and (1100.0, -100.0) in points
    assert max(y for _, y in points) == 0.0 and min(y for _, y in points) == -100.0


def test_the_same_glyph_is_the_same_text_wherever_it_stands():
    # What keeps the page small once compressed: only the first point carries the position.
    first, _ = svg_shapes.redraw("M26 385Q19 392 19 395T22 411Z", (1, 0, 0, -1, 0, 0), 1)
    moved, _ = svg_shapes.redraw("M26 385Q19 392 19 395T22 411Z", (1, 0, 0, -1, 638.8, 0), 1)
    assert first.startswith("M26-385") and moved.startswith("M664.8-385")
    assert first[first.index("q") :] == moved[moved.index("q") :] == "q-7-7-7-10t3-16z"


def test_a_scaled_glyph_is_the_same_text_in_and_out_of_a_nested_viewport():
    # A subscript (0.707) beside an equation's tag and in the tag's own viewport: both are in
    # MathJax's units, rounded to that unit (1/1000 em), so both are written alike and compress
    # as one (at 1/10 of it, a tenth of /exercises/'s path data was decimal places).
    outline = "M26 385Q19 392 19 395T22 411Z"
    scaled = f'<g transform="translate(700.3,0) scale(0.707)"><path data-c="31" d="{outline}"></path></g>'
    tag = (
        '<g transform="translate(2000,0)"><svg data-table="true" viewBox="0 -500 1000 1000">'
        f'<g transform="matrix(1 0 0 -1 0 0)">{scaled}</g></svg></g>'
    )
    soup = BeautifulSoup(svg_shapes.simplify(drawing(scaled, tag)), "html.parser")
    outside, inside = (path["d"] for path in soup.find_all("path"))
    assert outside.startswith("M719-272") and "." not in outside
    assert outside[outside.index("q") :] == inside[inside.index("q") :] == "q-5-5-5-7t3-12z"


def test_rounding_never_adds_up_along_an_outline():
    # A scaled glyph (a subscript at 0.707) with 40 steps, at 1 decimal: every point within 1/10 unit.
    xs = [i * 7.3 for i in range(40)]
    d = "M0 0" + "".join(f"L{x} {x / 3}" for x in xs) + "Z"
    matrix = (0.707, 0, 0, -0.707, 1234.5, 0)
    redrawn, box = svg_shapes.redraw(d, matrix, 1)
    expected = [(1234.5, 0.0)] + [(0.707 * x + 1234.5, -0.707 * x / 3) for x in xs]
    for (x, y), (ex, ey) in zip(absolute_points(redrawn), expected, strict=True):
        assert abs(x - ex) <= 0.1 and abs(y - ey) <= 0.1
    assert box == pytest.approx((1234.5, -0.707 * xs[-1] / 3, 0.707 * xs[-1] + 1234.5, 0.0))


def test_overlapping_outlines_stay_separate_paths():
    # One filled path with both would cancel winding where a slash crosses "=" (\neq).
    slash = "M50 -50L80 150H90L60 -50Z"
    simpler = svg_shapes.simplify(drawing(glyph(0), glyph(0, slash, "mo"), glyph(500)))
    paths = BeautifulSoup(simpler, "html.parser").find_all("path")
    assert len(paths) == 2
    # Both squares (4 + 4 points), then the slash: in one colour, order does not show.
    assert [len(absolute_points(p["d"])) for p in paths] == [8, 4]


def test_a_change_of_paint_and_a_nested_viewport_keep_their_order():
    coloured = f'<g fill="red" stroke="red">{glyph(600)}</g>'
    table = (
        '<g transform="translate(900,0)"><svg data-table="true" viewBox="0 -500 1000 1000">'
        f'<g transform="matrix(1 0 0 -1 0 0)">{glyph(0)}</g></svg></g>'
    )
    simpler = svg_shapes.simplify(drawing(glyph(0), coloured, table, glyph(2000)))
    soup = BeautifulSoup(simpler, "html.parser")
    tags = [(tag.name, tag.get("fill")) for tag in soup.svg.find_all(True)]
    assert tags == [
        ("path", None),
        ("path", "red"),
        ("g", None),
        ("svg", None),
        ("path", None),
        ("path", None),
    ]
    assert soup.g["transform"] == "matrix(1 0 0 -1 900 0)"
    assert soup.select_one("g > svg")["viewbox"] == "0 -500 1000 1000"


def test_a_tagged_rows_id_stays_a_fragment_target():
    row = f'<g data-mml-node="mtd" id="mjx-eqn:4.3" transform="translate(10,20)">{glyph(0)}</g>'
    soup = BeautifulSoup(svg_shapes.simplify(drawing(row)), "html.parser")
    anchor = soup.find(id="mjx-eqn:4.3")
    assert anchor.name == "g" and anchor["transform"] == "matrix(1 0 0 -1 10 -20)"
    assert len(anchor.find_all("path")) == 1


def test_japanese_text_keeps_its_font_and_takes_its_place():
    text = (
        '<g data-mml-node="mtext" transform="translate(300,0)"><text data-variant="normal" '
        'transform="scale(1,-1)" font-size="884px" font-family="serif">尤度</text></g>'
    )
    soup = BeautifulSoup(svg_shapes.simplify(drawing(glyph(0), text)), "html.parser")
    assert soup.find("text").get_text() == "尤度"
    assert soup.find("text")["transform"] == "matrix(1 0 0 1 300 0)"
    assert soup.find("text")["font-family"] == "serif" and not soup.find("text").has_attr("fill")


def test_what_it_does_not_redraw_is_left_as_mathjax_wrote_it():
    assert svg_shapes.simplify(drawing(glyph(0, "m0 0h100v100z"))) is None  # relative commands
    assert svg_shapes.simplify(drawing(glyph(0, "M0 0A5 5 0 0 1 10 10Z"))) is None  # an arc
    assert svg_shapes.simplify(drawing(f'<a href="https://example.com">{glyph(0)}</a>')) is None
    framed = '<rect width="100" height="100" x="0" y="0" fill="none" stroke-width="40"></rect>'
    assert svg_shapes.simplify(drawing(framed)) is None  # a stroke would no longer scale
    assert svg_shapes.simplify(drawing(f'<g stroke-width="30">{glyph(0)}</g>')) is None
    assert svg_shapes.simplify(drawing(glyph(0), '<g transform="rotate(45)"></g>')) is None
    assert svg_shapes.simplify("<svg><g>") is None


def test_what_mathjaxs_stylesheet_gave_through_dropped_attributes_is_kept():
    # `path[data-c] { stroke-width: 3 }` in the glyph's units: a subscript's is thinner.
    subscript = (
        f'<g data-mml-node="msub" transform="translate(600,-150) scale(0.707)">{glyph(0)}</g>'
    )
    soup = BeautifulSoup(
        svg_shapes.simplify(drawing(glyph(0), subscript, glyph(1500))), "html.parser"
    )
    assert [p["stroke-width"] for p in soup.find_all("path")] == ["3", "2.121"]
    # `g[data-mml-node="mtable"] > g > svg { overflow: visible }`: a table's columns and tags.
    table = (
        '<g data-mml-node="mtable"><g transform="translate(900,0)"><svg data-table="true" '
        f'viewBox="0 -500 1 1000">{glyph(0)}</svg></g></g>'
    )
    nested = BeautifulSoup(svg_shapes.simplify(drawing(table)), "html.parser").select_one("g > svg")
    assert nested["overflow"] == "visible"
