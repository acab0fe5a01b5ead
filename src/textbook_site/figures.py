"""Notebook figures: an accessible name from the figure's own text, and a file of their own.

A notebook plot reaches the page as an SVG image: nbconvert writes `<img alt="No description
has been provided for this image" src="data:image/svg+xml;base64,…">`. matplotlib draws every
letter as a path, so nothing in the picture is text. But it writes each text it draws as an XML
comment at the start of the text's group, and the groups say what the text is:

    g#figure_1 > g#text_…                           suptitle
    g#axes_N > g#text_…                             axes title (and ax.text annotations)
    g#axes_N > g#matplotlib.axis_… > g#text_…       axis label (x first, then y; then its offset)
    g#axes_N > g#legend_… g#text_…                  legend entries
    (tick labels sit one level deeper, in g#xtick_… / g#ytick_…, and are left out)

From these the image gets its `alt`, such as
「図: 尤度関数 L（横軸: 6 の目の確率、縦軸: 尤度、凡例: 公正なサイコロ）」.
Every figure must have a title (ax.set_title or fig.suptitle): a figure without one is reported
as a warning, which fails the strict build.

The base64 data URI itself is replaced by a file, `assets/figures/<hash>.svg`: base64 is 4/3 the
size and hides the SVG's repetitive text from gzip (a plot page's HTML was 35 KB gzipped, 14 KB
without its plots, which gzip to 13.5 KB as files), and a file can be cached. The <img> keeps
the SVG's size in width/height, so the text below does not move when the figure arrives.

Only the <img> tags are rewritten (found by pattern: nbconvert writes them, one per figure) and
the SVG is read with the C XML parser: `mkdocs serve` runs this on every notebook page at every
rebuild.
"""

import base64
import hashlib
import html
import logging
import re
import xml.etree.ElementTree as ET

from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.plugins.textbook.figures")
FIGURE_DIR = "assets/figures"
PT_TO_PX = 96 / 72
SVG = "{http://www.w3.org/2000/svg}"
SVG_IMAGE = re.compile(r'<img\b[^>]*\bsrc="data:image/svg\+xml;base64,([A-Za-z0-9+/=\s]+)"[^>]*>')
TEXT = re.compile(r"^text_\d+$")
AXES = re.compile(r"^axes_\d+$")
AXIS = re.compile(r"^matplotlib\.axis_\d+$")
LEGEND = re.compile(r"^legend_\d+$")
FIGURE = re.compile(r"^figure_\d+$")
# matplotlib dates each SVG (the time of the run, or SOURCE_DATE_EPOCH): the date is dropped, so a
# figure file depends only on the figure (and svg.hashsalt in docs/matplotlibrc fixes its ids).
SVG_DATE = re.compile(rb"\n?[ \t]*<dc:date>[^<]*</dc:date>")


def groups(parent, pattern: re.Pattern, deep: bool = False) -> list:
    children = parent.iter(f"{SVG}g") if deep else parent.findall(f"{SVG}g")
    return [g for g in children if pattern.match(g.get("id", "")) and g is not parent]


def text_of(group) -> str:
    comment = next((node for node in group if node.tag is ET.Comment), None)
    return " ".join(comment.text.split()) if comment is not None and comment.text else ""


def texts(parent, deep: bool = False) -> list[str]:
    return [text for text in map(text_of, groups(parent, TEXT, deep)) if text]


def describe_axes(axes) -> tuple[str, str]:
    """(title, details) of one axes group."""
    title = "、".join(texts(axes))
    details = []
    for name, axis in zip(("横軸", "縦軸"), groups(axes, AXIS)):
        # The axis label, then the offset or scale text matplotlib may add (e.g. 1e-15).
        label, *scale = texts(axis) or [""]
        if label:
            details.append(f"{name}: {label}" + (f"（{'、'.join(scale)}）" if scale else ""))
    legend = [text for group in groups(axes, LEGEND) for text in texts(group, deep=True)]
    if legend:
        details.append("凡例: " + "、".join(legend))
    return title, "、".join(details)


def figure_label(svg) -> tuple[str, bool]:
    """The accessible name of a matplotlib SVG, and whether the figure has a title."""
    figure = next(iter(groups(svg, FIGURE)), svg)
    suptitle = "、".join(texts(figure))
    parts, titled = [], bool(suptitle)
    for axes in groups(figure, AXES):
        title, details = describe_axes(axes)
        titled = titled or bool(title)
        parts.append(f"{title}（{details}）" if title and details else title or details)
    body = "。".join(p for p in [suptitle, *parts] if p)
    return f"図: {body}" if body else "図", titled


def parse_svg(data: bytes):
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    try:
        return ET.fromstring(data, parser=parser)
    except ET.ParseError:
        return None


def size_in_px(svg) -> dict[str, str]:
    """width/height of an SVG root, in CSS pixels (matplotlib writes points)."""
    size = {}
    for name in ("width", "height"):
        match = re.fullmatch(r"([0-9.]+)(pt|px)?", svg.get(name, ""))
        if match:
            factor = PT_TO_PX if match.group(2) == "pt" else 1
            size[name] = str(round(float(match.group(1)) * factor))
    return size


def process_figures(content: str, src_uri: str, page_url: str) -> tuple[str, dict[str, bytes]]:
    """`content` with each SVG data URI replaced by a file; the files, by their URI in the site."""
    number = 0
    files: dict[str, bytes] = {}

    def figure(match: re.Match) -> str:
        nonlocal number
        number += 1
        data = SVG_DATE.sub(b"", base64.b64decode(match.group(1)))
        svg = parse_svg(data)
        label, titled = figure_label(svg) if svg is not None else ("図", False)
        if not titled:
            log.warning(
                "%s: figure %d has no title (ax.set_title or fig.suptitle)", src_uri, number
            )
        uri = f"{FIGURE_DIR}/{hashlib.sha256(data).hexdigest()[:16]}.svg"
        files[uri] = data
        attributes = {"alt": label, "src": get_relative_url(uri, page_url)}
        attributes.update(size_in_px(svg) if svg is not None else {})
        return (
            "<img "
            + " ".join(f'{name}="{html.escape(value)}"' for name, value in attributes.items())
            + ">"
        )

    if "data:image/svg+xml;base64," not in content:
        return content, files
    return SVG_IMAGE.sub(figure, content), files
