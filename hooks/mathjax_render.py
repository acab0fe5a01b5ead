"""Typeset every equation at build time with MathJax (hooks/mathjax_render.js, run by Node).

The browser gets finished MathJax output: no MathJax script, no typesetting pass, no moment where
an equation is blank or raw TeX, on the first load, after instant navigation, with JavaScript
off and in print. MathJax is still the npm package in node_modules (installed by `npm ci`); the
site serves nothing of it but a small stylesheet, and no page asks any other host for it.

- What is typeset: exactly what pymdownx.arithmatex wrapped (class "arithmatex"), `\\(...\\)`
  inline and `\\[...\\]` display, as the browser-side MathJax did before.
- Output: SVG, every glyph a path in the page (no web font to fetch, no flash of invisible
  equations while one loads), sized in `ex` so it follows the text font, drawn in `currentColor`
  so it follows the colour scheme. The MathML that MathJax adds for screen readers is kept.
- A TeX error (an undefined macro included) stops the build, naming the page and the TeX.
- The TeX stays in the page, as the `application/x-tex` annotation of that MathML: not shown,
  but it is what the equation was written as (tests read it; a reader's tools can copy it).
- Cache (.cache/mathjax/): each equation's HTML by its TeX, display mode and the renderer's
  inputs (MathJax's version, this file, the .js), so an edit that changes no equation starts no
  Node process; only this build's equations are kept.

Equations are collected from every page in `on_env` (all page contents exist then, the index of
equations included) and swapped into the final HTML in `on_post_page`, so the search index,
built from the content in between, keeps the TeX rather than MathJax's markup.
"""

import hashlib
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

CACHE = Path(".cache/mathjax/equations.json")
RENDERER = Path(__file__).with_name("mathjax_render.js")
PACKAGE = Path("node_modules/mathjax/package.json")
STYLESHEET = "assets/mathjax/mathjax.{digest}.css"
STYLESHEET_KEY = "stylesheet"  # the cache's entry for MathJax's CSS
# An arithmatex element and its TeX (HTML-escaped), up to the closing delimiter.
MATH = re.compile(
    r'(?P<open><(?:div|span) class="arithmatex[^"]*"[^>]*>)\s*'
    r"(?:\\\[(?P<display>.*?)\\\]|\\\((?P<inline>.*?)\\\))",
    re.DOTALL,
)
ASSISTIVE_MATH = re.compile(
    r"(<mjx-assistive-mml[^>]*><math[^>]*>)(.*)(</math></mjx-assistive-mml>)", re.DOTALL
)

_state: dict = {}


def tex_of(match: re.Match) -> tuple[str, bool]:
    display = match["display"] is not None
    return html.unescape(match["display"] if display else match["inline"]).strip(), display


def inputs_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in (Path(__file__), RENDERER, root / PACKAGE):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def key_of(inputs: str, tex: str, display: bool) -> str:
    return hashlib.sha256(f"{inputs}\0{int(display)}\0{tex}".encode()).hexdigest()


def run_node(root: Path, expressions: list[tuple[str, bool]]) -> dict:
    node = shutil.which("node")
    if node is None:
        raise PluginError("hooks/mathjax_render.py: Node.js is needed to typeset equations.")
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
        raise PluginError(f"hooks/mathjax_render.js failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout)


def with_tex(rendered: str, tex: str) -> str:
    """MathJax's HTML with the TeX kept as the annotation of its MathML."""
    annotation = (
        f'<annotation encoding="application/x-tex">{html.escape(tex, quote=False)}</annotation>'
    )
    return ASSISTIVE_MATH.sub(
        lambda m: f"{m[1]}<semantics><mrow>{m[2]}</mrow>{annotation}</semantics>{m[3]}",
        rendered,
        count=1,
    )


def typeset(root: Path, wanted: list[tuple[str, bool]], where: dict) -> tuple[dict, str]:
    """HTML for each (TeX, display) and MathJax's stylesheet, from the cache or from Node."""
    inputs = inputs_digest(root)
    cache_file = root / CACHE
    try:
        cache = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or unreadable: typeset everything again
        cache = {}
    keys = {e: key_of(inputs, *e) for e in wanted}
    missing = [e for e in wanted if keys[e] not in cache]
    if missing or cache.get(STYLESHEET_KEY, {}).get("inputs") != inputs:
        answer = run_node(root, missing)
        problems = [
            f"{', '.join(where[e])}: {error}\n    {e[0]}"
            for e, error in zip(missing, answer["errors"], strict=True)
            if error is not None
        ]
        if problems:
            raise PluginError("TeX errors (hooks/mathjax_render.py):\n" + "\n".join(problems))
        for e, rendered in zip(missing, answer["html"], strict=True):
            cache[keys[e]] = with_tex(rendered, e[0])
        cache[STYLESHEET_KEY] = {"inputs": inputs, "css": answer["css"]}
    # Only this build's equations are kept: the cache does not grow with every edit.
    kept = {keys[e]: cache[keys[e]] for e in wanted} | {STYLESHEET_KEY: cache[STYLESHEET_KEY]}
    if kept.keys() != cache.keys() or missing:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        partial = cache_file.with_suffix(".tmp")  # a build stopped mid-write leaves no half file
        partial.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
        partial.replace(cache_file)
    return {e: kept[keys[e]] for e in wanted}, kept[STYLESHEET_KEY]["css"]


def on_config(config):
    _state.clear()
    return config


def on_env(env, config, files):
    root = Path(config.config_file_path).parent
    if not (root / PACKAGE).is_file():
        raise PluginError(f"MathJax is missing ({root / PACKAGE}): run `npm ci` (or `make setup`).")
    where: dict[tuple[str, bool], dict[str, None]] = {}  # equation -> pages, in order
    for file in files.documentation_pages():
        if file.page is not None and file.page.content:
            for match in MATH.finditer(file.page.content):
                where.setdefault(tex_of(match), {})[file.src_uri] = None
    rendered, css = typeset(root, list(where), where)
    uri = STYLESHEET.format(digest=hashlib.sha256(css.encode()).hexdigest()[:8])
    files.append(File.generated(config, uri, content=css))
    _state.update(uri=uri, rendered=rendered)
    return env


def on_post_page(output, page, config):
    if "uri" not in _state:
        return output
    rendered = _state["rendered"]

    def typeset_one(match):
        found = rendered.get(tex_of(match))
        if found is None:  # the page's math was not in its content at on_env: a hook's bug
            raise PluginError(
                f"hooks/mathjax_render.py: equation not typeset on {page.url}: {match[0][:80]}"
            )
        return match["open"] + found

    output = MATH.sub(typeset_one, output)
    # On every page, math or not: instant navigation from a page without math to one with it
    # would otherwise show the equations a moment before their stylesheet arrives. (The theme's
    # 404 page is a template, not a page: it gets no link, and has no math.)
    link = f'<link rel="stylesheet" href="{get_relative_url(_state["uri"], page.url)}">'
    return output.replace("</head>", f"{link}\n</head>", 1)
