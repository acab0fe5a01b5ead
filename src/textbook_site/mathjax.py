"""Typeset every equation at build time with MathJax (mathjax.js, run by Node).

The browser gets finished MathJax output: no MathJax script, no typesetting pass, no moment where
an equation is blank or raw TeX, on the first load, after instant navigation, with JavaScript
off and in print. MathJax is the npm package in node_modules (installed by `npm ci`); the site
serves nothing of it but a small stylesheet, and no page asks any other host for it.

- What is typeset: exactly what pymdownx.arithmatex wrapped (class "arithmatex"), `\\(...\\)`
  inline and `\\[...\\]` display.
- Output: SVG, every glyph a path in the page (no web font to fetch), sized in `ex` so it
  follows the text font, drawn in `currentColor` so it follows the colour scheme; redrawn with
  few elements (svg_shapes.py: the same picture, a tenth of the elements to lay out), each path
  written once per page and drawn where it stands by a `<use>` (SharedPaths). The MathML that
  MathJax adds for screen readers is kept.
- A TeX error (an undefined macro included) stops the build, naming the page and the TeX.
- The TeX stays in the page, as the `data-tex` attribute of MathJax's container (tests read the
  equations back as TeX from it). Not as an annotation of the MathML: the browser does not lay
  that MathML out (docs/stylesheets/extra.css), and Chromium then reads an annotation out.
- Cache: each equation's HTML under its TeX, display mode and the renderer (MathJax's version,
  mathjax.js, svg_shapes.py, this file): an edit that changes no equation starts no Node process.

Equations are collected from every page once all contents exist (`collect`, at `on_env`, the
equation index included) and swapped into the final HTML (`swap_in`, at `on_post_page`), so the
search index, built from the content in between, keeps the TeX rather than MathJax's markup.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError

from . import svg_shapes
from .cache import Cache

log = logging.getLogger("mkdocs.plugins.textbook.mathjax")
KIND = "equations"
RENDERER = Path(__file__).with_name("mathjax.js")
SHAPES = Path(svg_shapes.__file__)
PACKAGE = Path("node_modules/mathjax/package.json")
STYLESHEET = "assets/mathjax/mathjax.{digest}.css"
# An arithmatex element and its TeX (HTML-escaped), up to the closing delimiter.
MATH = re.compile(
    r'(?P<open><(?:div|span) class="arithmatex[^"]*"[^>]*>)\s*'
    r"(?:\\\[(?P<display>.*?)\\\]|\\\((?P<inline>.*?)\\\))",
    re.DOTALL,
)
# The drawing of one equation: MathJax's top <svg>, which its assistive MathML follows.
DRAWING = re.compile(r"<svg\b.*</svg>(?=<mjx-assistive-mml)", re.DOTALL)
CONTAINER = re.compile(r"<mjx-container\b")
# A path as svg_shapes writes it: paint and data only (MathJax's own carry data-c and more).
SHAREABLE = re.compile(r'<path(?: (?:fill|stroke|stroke-width)="[^"]*")* d="[^"]*"></path>')
SHARED_ID = "mjx-p{}"

Equation = tuple[str, bool]  # (TeX, display)


@dataclass
class Typeset:
    """What `collect` typeset in this build, for `swap_in`."""

    stylesheet_uri: str
    rendered: dict[Equation, str] = field(default_factory=dict)
    node_runs: int = 0


def tex_of(match: re.Match) -> Equation:
    display = match["display"] is not None
    return html.unescape(match["display"] if display else match["inline"]).strip(), display


def renderer_inputs(root: Path) -> str:
    digest = hashlib.sha256()
    for path in (RENDERER, SHAPES, Path(__file__), root / PACKAGE):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def run_node(root: Path, expressions: list[Equation]) -> dict:
    node = shutil.which("node")
    if node is None:
        raise PluginError("textbook: Node.js is needed to typeset the equations (MathJax).")
    request = {
        "root": str(root),
        "expressions": [{"tex": tex, "display": display} for tex, display in expressions],
    }
    done = subprocess.run(
        [node, str(RENDERER)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise PluginError(f"textbook: MathJax under Node failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout)


def with_tex(rendered: str, tex: str) -> str:
    """MathJax's HTML with the TeX it was made from on its container (`data-tex`)."""
    return CONTAINER.sub(
        lambda m: f'{m[0]} data-tex="{html.escape(tex, quote=True)}"', rendered, count=1
    )


def with_fewer_elements(rendered: str) -> str:
    """MathJax's HTML with its SVG drawn by few elements (svg_shapes.py), where it can be."""
    drawing = DRAWING.search(rendered)
    simpler = svg_shapes.simplify(drawing[0]) if drawing else None
    if simpler is None:
        return rendered
    return rendered[: drawing.start()] + simpler + rendered[drawing.end() :]


def typeset(
    cache: Cache,
    root: Path,
    wanted: list[Equation],
    where: dict[Equation, Iterable[str]],
    node: Callable[[Path, list[Equation]], dict] = run_node,
) -> tuple[dict[Equation, str], str, bool]:
    """HTML for each equation, MathJax's stylesheet, and whether Node ran (cache misses only)."""
    inputs = renderer_inputs(root)
    # The renderer's inputs name all that shapes the output: MkDocs or ProperDocs do not.
    keys = {e: cache.key(KIND, inputs, str(int(e[1])), e[0], shaped_by="inputs") for e in wanted}
    css_key = cache.key(KIND, inputs, "stylesheet", shaped_by="inputs")
    found = {e: cache.get(KIND, keys[e]) for e in wanted}
    css = cache.get(KIND, css_key)
    missing = [e for e in wanted if found[e] is None]
    if not missing and css is not None:
        return {e: data.decode() for e, data in found.items()}, css.decode(), False
    answer = node(root, missing)
    problems = [
        f"{', '.join(where[e])}: {error}\n    {e[0]}"
        for e, error in zip(missing, answer["errors"], strict=True)
        if error is not None
    ]
    if problems:
        raise PluginError("TeX errors:\n" + "\n".join(problems))
    for e, rendered in zip(missing, answer["html"], strict=True):
        found[e] = with_tex(with_fewer_elements(rendered), e[0]).encode()
        cache.put(KIND, keys[e], found[e])
    cache.put(KIND, css_key, answer["css"].encode())
    return {e: data.decode() for e, data in found.items()}, answer["css"], True


def collect(pages: Iterable[tuple[str, str]]) -> dict[Equation, dict[str, None]]:
    """Every equation of [(src_uri, content)] and the pages it is on, in order."""
    where: dict[Equation, dict[str, None]] = {}
    for src_uri, content in pages:
        for match in MATH.finditer(content):
            where.setdefault(tex_of(match), {})[src_uri] = None
    return where


class SharedPaths:
    """The paths of a page's equations, each written once, in a hidden `<svg>` at the end of the
    page's `<article>`, and drawn where it stands by a `<use>`.

    Gzip finds repeats only within the last 32 KB it read: written in place, the same glyphs
    recur every few equations with MathML and prose in between, and /exercises/ sent 141 KB of
    compressed HTML, 100 KB of it path data. Written together, the paths repeat within the
    window: 107 KB (/ch6/ 93 -> 71 KB; the 14 pages 798 -> 656 KB), and Lighthouse's first paint
    of /exercises/ (slow 4G) 2.11 -> 1.80-1.97 s. The picture is the same
    (tests/browser/test_equation_drawing.py): a `<use>` draws a copy of its path with the
    `<use>`'s place, colour and font size. The cost: an equation is drawn once the end of the
    article has arrived, after the text on a slow connection; its box has its size from the
    start, so nothing moves.
    Not glyph by glyph: each outline written once and a `<use>` per glyph would take /exercises/
    to 75 KB, but every such `<use>` is a copy the browser styles and lays out (style on
    /equations/ 42 -> 95 ms; README, on /exercises/ in Lighthouse).
    """

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}  # a path's markup -> its id (the same path, one copy)

    def use(self, match: re.Match) -> str:
        path_id = self.ids.setdefault(match[0], SHARED_ID.format(len(self.ids)))
        # xlink:href, not href: Material's bundle assigns each `[href]` element's href to itself
        # as it starts, and a <use>'s href is read-only (it threw; no script ran after it).
        return f'<use xlink:href="#{path_id}"></use>'

    def block(self) -> str:
        defs = "".join(path.replace("<path", f'<path id="{i}"', 1) for path, i in self.ids.items())
        hidden = 'class="mjx-paths" aria-hidden="true" style="display:none"'
        return f"<svg {hidden}><defs>{defs}</defs></svg>"


def swap_in(output: str, rendered: dict[Equation, str], page_url: str) -> str:
    """The page's HTML with MathJax's output in place of each equation's TeX (paths shared)."""
    shared = SharedPaths()

    def typeset_one(match):
        found = rendered.get(tex_of(match))
        if found is None:  # the page's math was not in its content at on_env: a step's bug
            raise PluginError(f"textbook: equation not typeset on {page_url}: {match[0][:80]}")
        return match["open"] + SHAREABLE.sub(shared.use, found)

    output = MATH.sub(typeset_one, output)
    if not shared.ids:
        return output
    if output.count("</article>") != 1:
        raise PluginError(
            f"textbook: {page_url} has math but not one </article> to hold its shared paths"
        )
    return output.replace("</article>", f"{shared.block()}</article>", 1)


def stylesheet_uri(css: str) -> str:
    return STYLESHEET.format(digest=hashlib.sha256(css.encode()).hexdigest()[:8])
