r"""Numbered equations: a static anchor each, a permalink beside its number, and the index.

- Anchors: `\tag{4.2}` in a display becomes `id="eq-4-2"` on the display's element, at build
  time, on Markdown and notebook pages alike (notebook Markdown goes through the same
  extensions). MathJax's own label ids exist only after typesetting: neither citable nor checkable.
- Permalinks: inside each numbered display, a small link to it. `href="#eq-4-2"` works without
  JavaScript, and `data-clipboard-text` holds the canonical URL, which Material's clipboard
  handler copies on click. (mathjax.py replaces only the TeX text at the start of `.arithmatex`,
  so the link, an element of its own after the TeX, stays as it is.)
- The equation index (式一覧): a page containing an empty `<div data-equation-index></div>` gets
  every numbered equation of the site, pages in nav order (pages outside the nav after them),
  equations in page order, each rendered from its own TeX with a link to it, the heading it
  stands under, and its permalink. The copies carry neither the id nor the `numbered-equation`
  class: the only citable place of an equation is its page. Each page's equations are read when
  its content is rendered (`add_permalinks`); the index is filled once every page exists
  (`fill_index`, at `on_env`), and left out of the search index.
"""

import copy
import html
import logging
import re
from pathlib import Path

import material
from bs4 import BeautifulSoup, NavigableString
from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

from . import compat

log = logging.getLogger("mkdocs.plugins.textbook.equations")
TAG = re.compile(r"\\tag\*?\{([^{}]+)\}")
ICON = Path(material.__file__).parent / "templates/.icons/material/link-variant.svg"
MARKER = "data-equation-index"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


# --- anchors (a Markdown extension) -------------------------------------------------------------


def anchor_id(tag: str) -> str:
    """`4.2` -> `eq-4-2`, `A.1` -> `eq-a-1`."""
    return "eq-" + re.sub(r"[^0-9a-z]+", "-", tag.strip().lower()).strip("-")


class EquationAnchors(Treeprocessor):
    def run(self, root):
        seen = set()
        for el in root.iter("div"):
            if "arithmatex" not in el.get("class", "").split():
                continue
            tags = TAG.findall(el.text or "")
            if not tags:
                continue
            if len(tags) > 1:
                log.warning("one display carries several tags %s; give each its own display", tags)
            anchor = anchor_id(tags[0])
            if anchor in seen:
                log.warning("equation (%s) is numbered twice on one page", tags[0])
            seen.add(anchor)
            el.set("id", anchor)
            el.set("data-eq-number", tags[0])
            classes = el.get("class", "").split()
            el.set("class", " ".join([*classes, "numbered-equation"]))


class EquationAnchorsExtension(Extension):
    def extendMarkdown(self, md):
        # Before MkDocs collects the page's anchors (priority 5) so links to them validate.
        md.treeprocessors.register(EquationAnchors(md), "equation_anchors", 10)


# --- permalinks ---------------------------------------------------------------------------------

# A numbered display as EquationAnchors wrote it: a <div> holding TeX text only (Markdown escapes
# `<` in it), so its end is the next </div>. The page is not parsed as a whole: a prose edit of a
# chapter in `make serve` waited 0.1 s for a parse and reserialisation of the whole page.
DISPLAY_START = re.compile(r"<div\b[^>]*\bnumbered-equation\b[^>]*>")
DISPLAY_END = "</div>"
HEADING = re.compile(r"<(h[1-6])\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


def add_permalinks(page_html: str, canonical_url: str | None) -> tuple[str, list[dict]]:
    """The page with a permalink inside each numbered display, and its numbered equations in
    order, each with the heading it stands under (for the index)."""
    starts = list(DISPLAY_START.finditer(page_html))
    if not starts:
        return page_html, []
    headings = [(m.start(), m.group(0)) for m in HEADING.finditer(page_html)]
    icon = BeautifulSoup(ICON.read_text(encoding="utf-8"), "html.parser")
    parts, found, done = [], [], 0
    for start in starts:
        end = page_html.find(DISPLAY_END, start.end())
        if end < 0:
            continue
        end += len(DISPLAY_END)
        element = BeautifulSoup(page_html[start.start() : end], "html.parser").div
        classes = element.get("class", [])
        if not {"arithmatex", "numbered-equation"} <= set(classes) or not element.get("id"):
            continue
        before = [text for at, text in headings if at < start.start()]
        found.append(equation_entry(element, before[-1] if before else None))
        add_permalink(element, icon, canonical_url)
        parts += [page_html[done : start.start()], str(element)]
        done = end
    return "".join([*parts, page_html[done:]]), found


def add_permalink(equation, icon, canonical_url: str | None) -> None:
    number, anchor = equation["data-eq-number"], equation["id"]
    link = icon.new_tag(
        "a",
        attrs={
            "class": "equation-permalink",
            "href": f"#{anchor}",
            "title": f"式 ({number}) へのリンクをコピー",
            "aria-label": f"式 ({number}) へのリンクをコピー",
        },
    )
    if canonical_url:
        link["data-clipboard-text"] = f"{canonical_url}#{anchor}"
    link.append(copy.copy(icon))
    equation.append(link)


# --- the index ---------------------------------------------------------------------------------


def equation_entry(element, heading_html: str | None) -> dict:
    """One numbered equation for the index: its id, number, TeX and the heading it follows."""
    heading = BeautifulSoup(heading_html, "html.parser").find(HEADINGS) if heading_html else None
    return {
        "id": element["id"],
        "number": element["data-eq-number"],
        # The TeX only: the element's own text, not the permalink link inside it.
        "tex": "".join(str(s) for s in element.children if isinstance(s, NavigableString)).strip(),
        "heading": heading_text(heading),
    }


def heading_text(heading) -> str:
    if heading is None:
        return ""
    for link in heading.select("a.headerlink"):
        link.extract()
    return heading.get_text(" ", strip=True)


def pages_in_order(files, nav) -> list:
    ordered = list(nav.pages) if nav else []
    seen = {page.file.src_uri for page in ordered}
    rest = [
        f.page for f in files.documentation_pages() if f.page is not None and f.src_uri not in seen
    ]
    return [*ordered, *rest]


def page_slug(page) -> str:
    return "page-" + (page.url.strip("/").removesuffix(".html").replace("/", "-") or "top")


def render(index_page, groups) -> str:
    e = html.escape
    parts = []
    for page, equations in groups:
        href = get_relative_url(page.url, index_page.url)
        title = e(page.title)
        parts.append(
            f'<h2 id="{page_slug(page)}" data-search-exclude><a href="{e(href)}">{title}</a>'
            f'<a class="headerlink" href="#{page_slug(page)}" title="Permanent link">¶</a></h2>'
        )
        for eq in equations:
            target = f"{href}#{eq['id']}"
            permalink = f"{page.canonical_url}#{eq['id']}"
            where = (
                f'<span class="equation-index__section">{e(eq["heading"])}</span>'
                if eq["heading"]
                else ""
            )
            parts.append(
                '<div class="equation-index__entry">'
                f'<p class="equation-index__label"><a href="{e(target)}">式 ({e(eq["number"])})</a>{where}'
                f'<a class="equation-index__permalink" href="{e(target)}" data-clipboard-text="{e(permalink)}"'
                f' title="式 ({e(eq["number"])}) へのリンクをコピー">{e(permalink)}</a></p>'
                f'<div class="arithmatex">{e(eq["tex"])}</div>'
                "</div>"
            )
    if not parts:
        parts.append("<p>番号の付いた式はまだありません。</p>")
    return "\n".join(parts)


# The index's place on its page: an empty element carrying the marker attribute.
SLOT = re.compile(rf"(<(\w+)\b[^>]*\b{MARKER}\b[^>]*>)\s*(</\2\s*>)")


def fill_index(index_page, groups) -> None:
    """Put the equations of `groups` [(page, equations)] into `index_page`'s content and toc."""
    entries = render(index_page, groups)
    content, slots = SLOT.subn(lambda m: m[1] + entries + m[3], index_page.content)
    if not slots:
        raise PluginError(
            f"textbook: {index_page.file.src_uri} mentions {MARKER} but has no empty element "
            f"carrying it (write `<div {MARKER}></div>` where the index goes)"
        )
    index_page.content = content
    links = [AnchorLink(html.escape(page.title), page_slug(page), 2) for page, _ in groups]
    toc = index_page.toc.items
    (toc[0].children if toc and toc[0].level == 1 else toc).extend(links)
    compat.declare_anchors(index_page, [page_slug(page) for page, _ in groups])
