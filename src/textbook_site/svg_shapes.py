"""MathJax's SVG for an equation, drawn with as few elements as give the same picture.

MathJax writes one `<path>` per glyph, each inside a `<g>` per MathML node, positioned by
nested `transform`s: about 2.5 elements per glyph, 60 % of a chapter's DOM with the assistive
MathML. Every element is a layout object the browser styles and lays out again at each change
of width or font size (and in each frame while a page arrives); a chapter's equations took
about half of its layout time on a phone.

`simplify` applies the transforms to the path data and draws glyphs that share a paint as one
`<path>`, so an equation is typically an `<svg>` and one or a few paths. The picture is kept:
- Glyphs are merged only while their boxes (the box of their control points, which holds the
  outline) are disjoint: where outlines overlap (a slash drawn over `=`, a radical and its bar),
  one filled path could cancel winding numbers and open a hole; disjoint outlines cannot.
- Paint order is kept where it shows: between colours, and around what is not a shape (CJK
  `<text>`, a nested `<svg>` of a table), which closes every path before it.
- What MathJax's stylesheet gives through the attributes that go (`data-c`, `data-mml-node`) is
  written on the elements: a glyph's 3-unit stroke (at the glyph's scale, so glyphs of different
  sizes are separate paths) and the overflow of a table's nested `<svg>`.
- Nested `<svg>` elements (tables, tagged equations: they clip and align by their viewBox) are
  kept, with their content simplified the same way inside them.
- Coordinates are rounded to MathJax's unit, 1/1000 em (finer where a drawing is scaled down):
  the grid MathJax's fonts draw their glyphs on. A glyph moves by at most half a unit, 0.008 px
  at 16 px to the em (coordinates to 1/10 000 em made /exercises/ 8 % heavier once compressed).

Anything else MathJax might write (relative or arc path commands, strokes, links, other elements
or attributes) is left as MathJax wrote it: `simplify` returns None and the caller keeps the
original.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

# The tags and text of MathJax's serialised SVG (liteDOM: every attribute quoted).
TOKEN = re.compile(r'<(/?)([a-zA-Z]+)((?:\s+[\w:-]+="[^"]*")*)\s*(/?)>|([^<]+)')
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
TRANSFORM = re.compile(r"\s*(translate|scale|matrix)\(([^)]*)\)\s*")
NUMBER = r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
PATH_TOKEN = re.compile(rf"\s*,?\s*(?:([MLHVCSQTZ])|({NUMBER}))")
# Point pairs each absolute command takes (H and V take one coordinate each; Z none).
PAIRS = {"M": 1, "L": 1, "T": 1, "Q": 2, "S": 2, "C": 3}
PAINT = ("fill", "stroke", "stroke-width")
# MathJax's stylesheet strokes every glyph's outline (`path[data-c] { stroke-width: 3 }`, in the
# glyph's own units): redrawn glyphs carry that width, scaled as the glyph is.
GLYPH_STROKE = 3
# Attributes that only describe MathJax's tree (no effect on the picture).
DESCRIPTIVE = re.compile(r"data-(?:mml-node|mjx-texclass|c|labels|idbox)")

Matrix = tuple[float, float, float, float, float, float]  # SVG's (a b c d e f)
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Unsupported(Exception):
    """MathJax wrote something this module does not redraw; the original is kept."""


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)


@dataclass
class Shape:
    """One glyph or rule: its path data in the drawing's coordinates (first point absolute), and
    its box."""

    paint: tuple[str | None, ...]
    d: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1


def parse(markup: str) -> Node:
    """The element tree of one serialised `<svg>`."""
    root = Node("", {})
    stack = [root]
    position = 0
    for token in TOKEN.finditer(markup):
        if token.start() != position:
            raise Unsupported(f"unreadable markup at {markup[position : position + 40]!r}")
        position = token.end()
        closing, tag, attributes, self_closing, text = token.groups()
        if text is not None:
            stack[-1].children.append(text)
        elif closing:
            if stack[-1].tag != tag:
                raise Unsupported(f"</{tag}> closes <{stack[-1].tag}>")
            stack.pop()
        else:
            node = Node(tag, dict(ATTRIBUTE.findall(attributes)))
            stack[-1].children.append(node)
            if not self_closing:
                stack.append(node)
    if position != len(markup) or len(stack) != 1 or len(root.children) != 1:
        raise Unsupported("not one complete element")
    (svg,) = root.children
    if not isinstance(svg, Node) or svg.tag != "svg":
        raise Unsupported("not an <svg>")
    return svg


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m · n: n's coordinates drawn through m."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + c * q,
        b * p + d * q,
        a * r + c * s,
        b * r + d * s,
        a * t + c * u + e,
        b * t + d * u + f,
    )


def transform_of(text: str) -> Matrix:
    matrix = IDENTITY
    position = 0
    for step in TRANSFORM.finditer(text):
        if step.start() != position:
            break
        position = step.end()
        values = [float(v) for v in re.split(r"[\s,]+", step[2].strip())]
        if step[1] == "translate" and len(values) in (1, 2):
            matrix = multiply(matrix, (1, 0, 0, 1, values[0], values[1] if len(values) == 2 else 0))
        elif step[1] == "scale" and len(values) in (1, 2):
            matrix = multiply(matrix, (values[0], 0, 0, values[-1], 0, 0))
        elif step[1] == "matrix" and len(values) == 6:
            matrix = multiply(matrix, tuple(values))
        else:
            raise Unsupported(f"transform {step[0]!r}")
    if position != len(text):
        raise Unsupported(f"transform {text!r}")
    return matrix


def number(value: int, places: int) -> str:
    """`value` / 10**places, written short."""
    sign, digits = ("-" if value < 0 else ""), str(abs(value)).rjust(places + 1, "0")
    whole, fraction = digits[: len(digits) - places], digits[len(digits) - places :].rstrip("0")
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}" if value else "0"


def redraw(d: str, matrix: Matrix, places: int) -> tuple[str, tuple[float, float, float, float]]:
    """Path data `d` (absolute commands) drawn through `matrix`, and the box of its points.

    The first point is absolute and the rest relative (lowercase commands), each rounded from
    the glyph's own outline: the same glyph at the same size is the same text wherever it
    stands, which is what keeps a page small once compressed.
    """
    a, b, c, dd, e, f = matrix
    if (b or c) and re.search("[HV]", d):
        raise Unsupported("H or V under a rotating transform")
    unit = 10**places
    tokens: list[str | float] = []
    position = 0
    for token in PATH_TOKEN.finditer(d):
        if token.start() != position:
            break
        position = token.end()
        tokens.append(token[1] or float(token[2]))
    if d[position:].strip():
        raise Unsupported(f"path command at {d[position : position + 20]!r}")
    out: list[str] = []
    xs: list[float] = []
    ys: list[float] = []
    current = start = (0.0, 0.0)  # in `d`'s coordinates
    pen: tuple[int, int] | None = None  # the rounded outline point last written

    def local(x: float, y: float) -> tuple[int, int]:
        xs.append(a * x + c * y + e)
        ys.append(b * x + dd * y + f)
        return round((a * x + c * y) * unit), round((b * x + dd * y) * unit)

    def relative(point: tuple[int, int], base: tuple[int, int]) -> str:
        return f"{number(point[0] - base[0], places)} {number(point[1] - base[1], places)}"

    i = 0
    while i < len(tokens):
        command = tokens[i]
        if not isinstance(command, str):
            raise Unsupported("path data without a command")
        i += 1
        arguments: list[float] = []
        while i < len(tokens) and not isinstance(tokens[i], str):
            arguments.append(float(tokens[i]))
            i += 1
        if command == "Z":
            if arguments:
                raise Unsupported("numbers after Z")
            out.append("z")
            current = start
            pen = local(*start) if pen is not None else pen
            continue
        if command in ("H", "V"):
            if not arguments:
                raise Unsupported(f"{command} without a coordinate")
            steps = []
            for value in arguments:
                current = (value, current[1]) if command == "H" else (current[0], value)
                moved = local(*current)
                steps.append(
                    number(moved[0] - pen[0] if command == "H" else moved[1] - pen[1], places)
                )
                pen = moved
            out.append(command.lower() + " ".join(steps))
            continue
        size = 2 * PAIRS[command]
        if not arguments or len(arguments) % size:
            raise Unsupported(f"{command} with {len(arguments)} numbers")
        if pen is None:  # the glyph's first point: absolute, with the translation
            if command != "M":
                raise Unsupported("path data not starting with M")
            first = local(arguments[0], arguments[1])
            moved_x = round((a * arguments[0] + c * arguments[1] + e) * unit)
            moved_y = round((b * arguments[0] + dd * arguments[1] + f) * unit)
            out.append(f"M{number(moved_x, places)} {number(moved_y, places)}")
            pen = first
            current = start = (arguments[0], arguments[1])
            arguments = arguments[2:]
            command = "L"  # further pairs after a moveto are lines
            if not arguments:
                continue
        groups = []
        for j in range(0, len(arguments), size):
            group = arguments[j : j + size]
            points = [local(group[k], group[k + 1]) for k in range(0, size, 2)]
            groups.append(" ".join(relative(p, pen) for p in points))
            pen = points[-1]
            current = (group[-2], group[-1])
        if command == "M":
            start = current
        out.append(command.lower() + " ".join(groups))
    if not xs:
        raise Unsupported("empty path")
    return "".join(out).replace(" -", "-"), (min(xs), min(ys), max(xs), max(ys))


def scale_of(matrix: Matrix) -> float:
    """How much `matrix` enlarges lengths (the mean of its two axes' factors)."""
    return math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))


def places_for(matrix: Matrix) -> int:
    """Decimals that keep MathJax's unit (1/1000 em) under this drawing's scale (a scale up to
    2.3 % under a power of ten counts as that power: the error stays under 0.52 unit).

    >>> [places_for((s, 0, 0, -s, 0, 0)) for s in (1, 0.707, 0.5, 0.016)]
    [0, 1, 1, 2]
    """
    return max(0, math.ceil(-math.log10(scale_of(matrix) or 1.0) - 0.01))


def written(matrix: Matrix) -> str:
    return " ".join(number(round(v * 10**6), 6) for v in matrix)


def differing(paint: tuple, base: tuple) -> dict[str, str]:
    """The paint attributes an element needs where its paint differs from the drawing's."""
    return {name: v for name, v, b in zip(PAINT, paint, base, strict=True) if v != b}


def attributes(attrs: dict[str, str]) -> str:
    return "".join(f' {name}="{value}"' for name, value in attrs.items())


def draw(
    children: list[Node | str],
    matrix: Matrix,
    paint: tuple,
    base: tuple,
    places: int,
    in_table: bool = False,
    table_row: bool = False,
) -> list[object]:
    """The shapes and kept elements of `children`, in paint order, in the drawing's coordinates.

    `in_table`: the children's parent is an mtable's group; `table_row`: their parent's parent
    is (MathJax's stylesheet lets an <svg> there overflow: `g[data-mml-node="mtable"] > g > svg`).
    """
    items: list[object] = []
    for child in children:
        if isinstance(child, str):
            if child.strip():
                raise Unsupported("text outside <text>")
            continue
        own = {k: v for k, v in child.attrs.items() if not DESCRIPTIVE.fullmatch(k)}
        here = multiply(matrix, transform_of(own.pop("transform", "")))
        if child.tag == "g":
            inner = tuple(own.pop(name, p) for name, p in zip(PAINT, paint, strict=True))
            anchor = own.pop("id", None)
            if own:
                raise Unsupported(f"<g> with {sorted(own)}")
            if inner[2] not in (None, "0"):  # a stroke's width would no longer scale with it
                raise Unsupported(f"a stroke {inner[2]} wide")
            table = child.attrs.get("data-mml-node") == "mtable"
            if anchor is None:
                items += draw(child.children, here, inner, base, places, table, in_table)
            else:  # a tagged row's id (mjx-eqn:…) stays a fragment target with its own box
                inside = draw(child.children, IDENTITY, inner, base, places, table, in_table)
                shapes = serialise(inside, base)
                items.append(
                    f'<g id="{anchor}" transform="matrix({written(here)})">{"".join(shapes)}</g>'
                )
        elif child.tag in ("path", "rect"):
            if child.tag == "rect":
                x, y, w, h = (float(own.pop(k)) for k in ("x", "y", "width", "height"))
                d = f"M{x} {y}H{x + w}V{y + h}H{x}Z"
            else:
                d = own.pop("d")
            if own or any(isinstance(c, Node) for c in child.children):
                raise Unsupported(f"<{child.tag}> with {sorted(own)}")
            if d.strip():  # a space's glyph has no outline
                drawn = paint
                if "data-c" in child.attrs:  # a glyph: its outline is stroked, at its own scale
                    width = GLYPH_STROKE * scale_of(here)
                    drawn = (*paint[:2], number(round(width * 10**4), 4))
                items.append(Shape(drawn, *redraw(d, here, places)))
        elif child.tag == "text":
            kept = differing(paint, base) | own
            kept["transform"] = f"matrix({written(here)})"
            if any(isinstance(c, Node) for c in child.children):
                raise Unsupported("<text> with elements")
            items.append(f"<text{attributes(kept)}>{''.join(child.children)}</text>")
        elif child.tag == "svg":
            # A nested viewport (a table's column, an equation's tag): kept, placed by a group.
            if table_row and "overflow" not in own:  # its parent's mtable class is gone
                own["overflow"] = "visible"
            # Its content is in MathJax's units again (its viewBox), whatever the drawing's.
            inner = draw(child.children, IDENTITY, paint, base, places_for(IDENTITY))
            inner = "".join(serialise(inner, base))
            items.append(
                f'<g transform="matrix({written(here)})"><svg{attributes(own)}>{inner}</svg></g>'
            )
        else:
            raise Unsupported(f"<{child.tag}>")
    return items


def serialise(items: list[object], base: tuple) -> list[str]:
    """Shapes merged into as few paths as keep the picture; other items as they are.

    Within a run of shapes in one colour, paint order does not show: a shape joins the first
    path of its paint whose shapes it does not overlap. Where colours mix, it may join only the
    last path (the order of paint is kept).
    """
    out: list[str] = []
    run: list[Shape] = []

    def flush():
        one_colour = len({shape.paint[:2] for shape in run}) == 1
        paths: list[list[Shape]] = []
        for shape in run:
            open_paths = paths if one_colour else paths[-1:]
            for path in open_paths:
                if path[0].paint == shape.paint and not any(
                    overlap(shape.box, s.box) for s in path
                ):
                    path.append(shape)
                    break
            else:
                paths.append([shape])
        for path in paths:
            paint = attributes(differing(path[0].paint, base))
            out.append(f'<path{paint} d="{"".join(s.d for s in path)}"></path>')
        run.clear()

    for item in items:
        if isinstance(item, Shape):
            run.append(item)
        else:
            flush()
            out.append(item)
    flush()
    return out


def overlap(p: tuple[float, ...], q: tuple[float, ...]) -> bool:
    return p[0] <= q[2] and q[0] <= p[2] and p[1] <= q[3] and q[1] <= p[3]


def simplify(svg_markup: str) -> str | None:
    """The same drawing with fewer elements, or None where MathJax wrote something unexpected."""
    try:
        svg = parse(svg_markup)
        children = [c for c in svg.children if not (isinstance(c, str) and not c.strip())]
        if len(children) != 1 or not isinstance(children[0], Node) or children[0].tag != "g":
            raise Unsupported("an <svg> without its one top group")
        top = children[0]
        base = tuple(top.attrs.get(name) for name in PAINT)
        # Decimals for 1/1000 em: the top group scales MathJax's units (1/1000 em) to the
        # drawing's (the same units under a viewBox, CSS pixels in a full-width equation).
        places = places_for(transform_of(top.attrs.get("transform", "")))
        items = draw([top], IDENTITY, (None, None, None), base, places)
    except (Unsupported, ValueError, KeyError):
        return None
    paint = attributes({n: v for n, v in zip(PAINT, base, strict=True) if v is not None})
    return f"<svg{attributes(svg.attrs)}{paint}>{''.join(serialise(items, base))}</svg>"
