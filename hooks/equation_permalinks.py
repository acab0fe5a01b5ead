"""Let a reader copy the permalink of a numbered equation (…/ch4/#eq-4-2) from beside its number.

hooks/equation_anchors.py gives each `\\tag{…}` display a static id; this hook adds, inside that
display, a small link to it. The link is plain HTML: `href="#eq-4-2"` works without JavaScript
(and "copy link address" works in any browser), and `data-clipboard-text` holds the canonical
URL, which Material's clipboard handler copies on click and confirms with its usual message.

hooks/mathjax_render.py replaces only the TeX text at the start of `.arithmatex` with MathJax's
output, so the link, an element of its own after the TeX, is left as it is.
"""

from pathlib import Path

import material
from bs4 import BeautifulSoup

ICON = Path(material.__file__).parent / "templates/.icons/material/link-variant.svg"


def add_permalinks(html: str, canonical_url: str | None) -> str:
    soup = BeautifulSoup(html, "html.parser")
    equations = soup.select("div.arithmatex.numbered-equation[id]")
    if not equations:
        return html
    icon = ICON.read_text(encoding="utf-8")
    for equation in equations:
        number, anchor = equation["data-eq-number"], equation["id"]
        link = soup.new_tag(
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
        link.append(BeautifulSoup(icon, "html.parser"))
        equation.append(link)
    return str(soup)


def on_page_content(html, page, config, files):
    return add_permalinks(html, page.canonical_url)
