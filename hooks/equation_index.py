"""Build the equation index (式一覧) from the built pages themselves.

A page that contains `<div data-equation-index></div>` (docs/equations.md) gets, in that element,
every numbered equation of the site: pages in nav order (pages outside the nav after them),
equations in page order. Each entry shows the equation rendered from its own TeX (with its
`\\tag`, so MathJax draws the number), a link to it, the heading it stands under, and its
permalink. The copies carry neither the id nor the `numbered-equation` class: the only citable
place of an equation is its page.

Each page's equations are read from its content once, when it is rendered (`on_page_content`,
after the hooks that add to it), and kept on the page (`page.numbered_equations`, which
hooks/page_cache.py stores with the page). MkDocs renders every page's content before it writes
any page, so `on_env` sees all of them; the search plugin indexes the page later, in
`on_page_context`, but the entries are left out of the search index (the TeX is already found on
the equation's own page).
"""

import html

from bs4 import BeautifulSoup, NavigableString
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

MARKER = "data-equation-index"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

_state = {"nav": None}


def equations_of(content: str) -> list[dict]:
    """The numbered equations of a rendered page, in order, with the heading each follows."""
    soup = BeautifulSoup(content, "html.parser")
    found = []
    for element in soup.select("div.arithmatex.numbered-equation[id]"):
        heading = element.find_previous(HEADINGS)
        found.append(
            {
                "id": element["id"],
                "number": element["data-eq-number"],
                # The TeX only: the element's own text, not the permalink link inside it.
                "tex": "".join(
                    str(s) for s in element.children if isinstance(s, NavigableString)
                ).strip(),
                "heading": heading_text(heading),
            }
        )
    return found


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


def on_config(config):
    _state["nav"] = None
    return config


def on_nav(nav, config, files):
    _state["nav"] = nav
    return nav


def on_page_content(html_, page, config, files):
    page.numbered_equations = equations_of(html_) if "numbered-equation" in html_ else []
    return html_


def on_env(env, config, files):
    pages = pages_in_order(files, _state["nav"])
    index_pages = [p for p in pages if p.content and MARKER in p.content]
    if not index_pages:
        return env
    groups = []
    for page in pages:
        if page in index_pages:
            continue
        equations = getattr(page, "numbered_equations", [])
        if equations:
            groups.append((page, equations))
    for index_page in index_pages:
        soup = BeautifulSoup(index_page.content, "html.parser")
        for slot in soup.select(f"[{MARKER}]"):
            slot.clear()
            slot.append(BeautifulSoup(render(index_page, groups), "html.parser"))
        index_page.content = str(soup)
        entries = [AnchorLink(html.escape(page.title), page_slug(page), 2) for page, _ in groups]
        toc = index_page.toc.items
        (toc[0].children if toc and toc[0].level == 1 else toc).extend(entries)
        if index_page.present_anchor_ids is not None:
            index_page.present_anchor_ids.update(page_slug(page) for page, _ in groups)
    return env
