"""Notebook figures: an accessible name from the figure's own text, and a file of their own.

A notebook plot reaches the page as an SVG image (nbconvert writes `<img src="data:image/svg+xml;
base64,…" alt="No description has been provided for this image">`; inline `<svg>` output is
handled too). matplotlib draws every letter as a path, so nothing in the picture is text. But it
writes each text it draws as an XML comment at the start of the text's group, and the groups say
what the text is:

    g#figure_1 > g#text_…                           suptitle
    g#axes_N > g#text_…                             axes title (and ax.text annotations)
    g#axes_N > g#matplotlib.axis_… > g#text_…       axis label (x first, then y)
    g#axes_N > g#legend_… g#text_…                  legend entries
    (tick labels sit one level deeper, in g#xtick_… / g#ytick_…, and are left out)

From these the image gets its `alt` (an inline SVG: `role="img"` and `aria-label`), such as
「図: 尤度関数 L（横軸: 6 の目の確率、縦軸: 尤度、凡例: 公正なサイコロ）」.
Every figure must have a title (ax.set_title or fig.suptitle): a figure without one is reported
as a warning, which fails the strict build.

The base64 data URI itself is replaced by a file, `assets/figures/<hash>.svg`: base64 is 4/3 the
size and hides the SVG's repetitive text from gzip (a plot page's HTML was 35 KB gzipped, 14 KB
without its plots, which gzip to 13.5 KB as files), and a file can be cached. The <img> keeps
the SVG's size in width/height, so the text below does not move when the figure arrives.
"""

import base64
import hashlib
import logging
import re

from bs4 import BeautifulSoup, Comment
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.notebook_figures")
FIGURE_DIR = "assets/figures"
PT_TO_PX = 96 / 72
_figure_files: dict[str, bytes] = {}
TEXT = re.compile(r"^text_\d+$")
AXES = re.compile(r"^axes_\d+$")
AXIS = re.compile(r"^matplotlib\.axis_\d+$")
LEGEND = re.compile(r"^legend_\d+$")
FIGURE = re.compile(r"^figure_\d+$")
SVG_IMAGE = ".jp-OutputArea-output img[src^='data:image/svg+xml;base64,']"
INLINE_SVG = ".jp-OutputArea-output svg"


def is_notebook(page, config) -> bool:
    return config.plugins["mkdocs-jupyter"].should_include(page.file)


def text_of(group) -> str:
    comment = group.find(string=lambda s: isinstance(s, Comment))
    return " ".join(str(comment).split()) if comment else ""


def texts(parent, pattern=TEXT, recursive=False) -> list[str]:
    found = (text_of(g) for g in parent.find_all("g", id=pattern, recursive=recursive))
    return [text for text in found if text]


def describe_axes(axes) -> tuple[str, str]:
    """(title, details) of one axes group."""
    title = "、".join(texts(axes))
    details = []
    for name, axis in zip(("横軸", "縦軸"), axes.find_all("g", id=AXIS, recursive=False)):
        # The axis label, then the offset or scale text matplotlib may add (e.g. 1e-15).
        label, *scale = texts(axis) or [""]
        if label:
            details.append(f"{name}: {label}" + (f"（{'、'.join(scale)}）" if scale else ""))
    legend = [t for g in axes.find_all("g", id=LEGEND, recursive=False) for t in texts(g, recursive=True)]
    if legend:
        details.append("凡例: " + "、".join(legend))
    return title, "、".join(details)


def figure_label(svg) -> tuple[str, bool]:
    """The accessible name of a matplotlib SVG, and whether the figure has a title."""
    figure = svg.find("g", id=FIGURE) or svg
    suptitle = "、".join(texts(figure))
    parts, titled = [], bool(suptitle)
    for axes in figure.find_all("g", id=AXES, recursive=False):
        title, details = describe_axes(axes)
        titled = titled or bool(title)
        parts.append(f"{title}（{details}）" if title and details else title or details)
    body = "。".join(p for p in [suptitle, *parts] if p)
    return f"図: {body}" if body else "図", titled


def decoded_svg(img) -> bytes:
    return base64.b64decode(img["src"].split(",", 1)[1])


def size_in_px(svg) -> dict[str, str]:
    """width/height of an SVG root, in CSS pixels (matplotlib writes points)."""
    size = {}
    for name in ("width", "height"):
        match = re.fullmatch(r"([0-9.]+)(pt|px)?", svg.get(name, ""))
        if match:
            factor = PT_TO_PX if match.group(2) == "pt" else 1
            size[name] = str(round(float(match.group(1)) * factor))
    return size


def as_file(img, data: bytes, svg, page) -> None:
    """Point `img` at a file holding `data`, named after its content."""
    uri = f"{FIGURE_DIR}/{hashlib.sha256(data).hexdigest()[:16]}.svg"
    _figure_files[uri] = data
    img["src"] = get_relative_url(uri, page.url)
    if svg is not None:
        for name, value in size_in_px(svg).items():
            img.attrs.setdefault(name, value)


def process_figures(html: str, page) -> str:
    soup = BeautifulSoup(html, "html.parser")
    figures = []
    for img in soup.select(SVG_IMAGE):
        data = decoded_svg(img)
        svg = BeautifulSoup(data.decode("utf-8"), "html.parser").find("svg")
        as_file(img, data, svg, page)
        figures.append((img, svg))
    figures += [(svg, svg) for svg in soup.select(INLINE_SVG)]
    for number, (element, svg) in enumerate(figures, start=1):
        label, titled = figure_label(svg) if svg is not None else ("図", False)
        if not titled:
            log.warning("%s: figure %d has no title (ax.set_title or fig.suptitle)", page.file.src_uri, number)
        if element.name == "img":
            element["alt"] = label
        else:
            element["role"] = "img"
            element["aria-label"] = label
    return str(soup)


def on_config(config):
    _figure_files.clear()
    return config


def on_page_content(html, page, config, files):
    if not is_notebook(page, config) or not ("<svg" in html or "data:image/svg+xml" in html):
        return html
    return process_figures(html, page)


def on_env(env, config, files):
    # After every page's content exists, before the files are copied into the site.
    for uri, data in sorted(_figure_files.items()):
        files.append(File.generated(config, uri, content=data))
    return env
