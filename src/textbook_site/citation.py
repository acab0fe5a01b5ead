"""「このページを引用する」: how to cite each page, built from the page and mkdocs.yml only.

Every page gets, at the end of its content, a section `#cite-this-page` with the page's citation
in three forms, each a code block so that Material gives it a copy button:

- SIST 02 (the Japanese standard for references, web-page form):
  著者. "ページの題名". サイト名. バージョン, 更新日. URL, (参照 参照日).
- APA 7 (web page; version in parentheses as APA does for versioned works).
- BibTeX `@online` (biblatex's type for web pages).

The values are never typed per page: title (as in the page's <title>), canonical URL,
last-updated date (dates.py), author and site name (site_author, site_name), version (the
installed version of the package the site teaches, `site_version`), language (theme.language)
and licences (extra.licence). The access date (参照日, urldate) is the build date in the HTML;
docs/javascripts/citation.js replaces it with the reader's own date, which is what an access date
means.

The URL is the page's canonical URL only when the build has the site's public address
(address.py). A local preview (`make serve`, a build without SITE_URL) offers no address to cite:
its citations leave the URL out and the section says that this is a preview, and where the page
will be published when CITATION.cff records the site's address.

The same values are handed to the templates as `citation` for the <head> meta tags
(overrides/main.html). A page opts out of the section, not of the meta tags, with front matter
`citation: false` (the equation index does: its entries are cited by their own permalinks).
The section is left out of the search index: it would otherwise match "引用" on every page.
"""

import html
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import AnchorLink

from . import compat
from .address import SiteAddress

SECTION_ID = "cite-this-page"
SECTION_TITLE = "このページを引用する"
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# theme.language -> biblatex language name
BIBLATEX_LANGUAGE = {"ja": "japanese", "en": "english"}


@dataclass(frozen=True)
class Licence:
    name: str
    url: str


@dataclass(frozen=True)
class Citation:
    title: str
    author: str
    site_name: str
    url: str | None  # the public address of the page; None in a local preview
    date: str  # YYYY-MM-DD, the page's last update
    version: str
    language: str  # BCP 47, e.g. "ja"
    accessed: str  # YYYY-MM-DD, the build date in the HTML
    key: str
    text_licence: Licence
    code_licence: Licence
    description: str = ""
    published_url: str | None = None  # in a preview: where the page will be, when known

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def slash_date(self) -> str:
        """Highwire wants YYYY/MM/DD."""
        return self.date.replace("-", "/")

    @property
    def locale(self) -> str:
        """OpenGraph locale, e.g. ja_JP."""
        return {"ja": "ja_JP", "en": "en_US"}.get(self.language, self.language)

    @property
    def rights(self) -> str:
        return (
            f"本文: {self.text_licence.name} ({self.text_licence.url})、"
            f"コード: {self.code_licence.name} ({self.code_licence.url})"
        )

    def container(self) -> str | None:
        """The site, unless the page is the site itself (the top page)."""
        return None if self.title == self.site_name else self.site_name


def accessed_span(date: str) -> str:
    return f'<span class="cite-accessed" data-cite-accessed>{date}</span>'


def sist02(c: Citation) -> str:
    """SIST 02 web-page form, as HTML (escaped, with the access date marked for the script)."""
    e = html.escape
    parts = [f"{e(c.author)}.", f"&quot;{e(c.title)}&quot;."]
    if c.container():
        parts.append(f"{e(c.container())}.")
    parts.append(f"バージョン {e(c.version)}, {c.date}.")
    where = f"{e(c.url)}, " if c.url else ""
    parts.append(f"{where}(参照 {accessed_span(c.accessed)}).")
    return " ".join(parts)


def apa(c: Citation) -> str:
    """APA 7 web page: Author. (Year, Month Day). Title (Version x). Site. URL"""
    e = html.escape
    year, month, day = c.date.split("-")
    parts = [
        f"{e(c.author)}.",
        f"({year}, {MONTHS[int(month) - 1]} {int(day)}).",
        f"{e(c.title)} (Version {e(c.version)}).",
    ]
    if c.container():
        parts.append(f"{e(c.container())}.")
    if c.url:
        parts.append(e(c.url))
    return " ".join(parts)


def bibtex_escape(value: str) -> str:
    return "".join(BIBTEX_SPECIAL.get(ch, ch) for ch in value)


def bibtex(c: Citation) -> str:
    """biblatex `@online` entry; the author is braced twice: a group, not "First Last"."""
    fields = [
        ("author", "{" + bibtex_escape(c.author) + "}"),
        ("title", bibtex_escape(c.title)),
    ]
    if c.container():
        fields.append(("organization", bibtex_escape(c.container())))
    fields += [
        ("year", c.year),
        ("date", c.date),
        ("version", bibtex_escape(c.version)),
        *([("url", c.url)] if c.url else []),
        ("urldate", accessed_span(c.accessed)),
        ("language", BIBLATEX_LANGUAGE.get(c.language, c.language)),
    ]
    width = max(len(name) for name, _ in fields)
    lines = [f"@online{{{c.key},"]
    for i, (name, value) in enumerate(fields):
        comma = "," if i < len(fields) - 1 else ""
        # Only the access date is HTML already; everything else is escaped here.
        shown = value if name == "urldate" else html.escape(value)
        lines.append(f"  {name.ljust(width)} = {{{shown}}}{comma}")
    lines.append("}")
    return "\n".join(lines)


def code_block(block_id: str, name: str, body: str) -> str:
    # The id sits on the wrapper: Material names each <pre> after its nearest ancestor with an
    # id, and the copy button copies that <pre>. Three blocks under one id would all copy the first.
    return (
        f'<div class="cite-format" id="{block_id}">'
        f'<p class="cite-format__name">{name}</p>'
        f'<div class="highlight"><pre><span></span><code>{body}</code></pre></div>'
        "</div>"
    )


def section(c: Citation) -> str:
    e = html.escape
    return "\n".join(
        [
            (
                f'<h2 id="{SECTION_ID}" data-search-exclude>{SECTION_TITLE}'
                f'<a class="headerlink" href="#{SECTION_ID}" title="Permanent link">¶</a></h2>'
            ),
            '<div class="cite-this-page">',
            (
                '<p class="cite-intro">授業資料やレポートでこのページを引用するときは、次のどれかの形式をお使いください。'
                "各欄の右上のボタンでコピーできます。参照日は、このページを開いた日付です。</p>"
            ),
            *([] if c.url else [preview_note(c)]),
            code_block("cite-sist02", "SIST 02 形式", sist02(c)),
            code_block("cite-apa", "APA 形式", apa(c)),
            code_block("cite-bibtex", "BibTeX（biblatex の <code>@online</code>）", bibtex(c)),
            (
                '<p class="cite-licence">本文は '
                f'<a rel="license" href="{e(c.text_licence.url)}">{e(c.text_licence.name)}</a> のもとで公開しています。'
                "出典を示せば、複製・改変・再配布ができます。ページ内のコードは "
                f'<a href="{e(c.code_licence.url)}">{e(c.code_licence.name)} ライセンス</a>です。</p>'
            ),
            "</div>",
        ]
    )


def preview_note(c: Citation) -> str:
    e = html.escape
    where = (
        f'公開後のこのページのアドレスは <code class="cite-published">{e(c.published_url)}</code> です。'
        if c.published_url
        else "公開されたサイトの同じページから引用してください。"
    )
    return (
        '<div class="admonition note cite-preview" data-cite-preview>'
        '<p class="admonition-title">手元のプレビュー</p>'
        "<p>これは公開前の手元のプレビューです。手元のアドレスは引用に使えないため、"
        f"下の形式には URL を入れていません。{where}</p></div>"
    )


def page_title(page, config) -> str:
    """The title Material puts in <title>: front matter title, nav title, or the site name on the top page."""
    if page.meta.get("title"):
        title = page.meta["title"]
    elif page.title and not page.is_homepage:
        title = page.title
    else:
        title = config.site_name
    return Markup(str(title)).striptags()


def citation_key(page, key_prefix: str) -> str:
    slug = page.url.strip("/").removesuffix(".html").replace("/", "-") or "top"
    return f"{key_prefix}-{slug}"


def licence(config, kind: str) -> Licence:
    try:
        entry = config.extra["licence"][kind]
        return Licence(name=entry["name"], url=entry["url"])
    except (KeyError, TypeError):
        raise PluginError(f"mkdocs.yml: extra.licence.{kind} needs a name and a url.") from None


@dataclass(frozen=True)
class SiteFacts:
    """What every citation of one build shares."""

    version: str
    version_package: str
    build_date: str  # YYYY-MM-DD


def site_version(package: str) -> str:
    """The site's version: the installed version of the package it teaches and runs."""
    if not package:
        raise PluginError(
            "mkdocs.yml: set the textbook plugin's version_from_package to the package whose "
            "version the site carries."
        )
    try:
        return version(package)
    except PackageNotFoundError:
        raise PluginError(f"package {package!r} is not installed: run `make setup`.") from None


def footer_notice(copyright_: str | None, site_version_: str) -> str:
    """The footer's licence notice followed by the version."""
    notice = f'<span class="site-version">バージョン {html.escape(site_version_)}</span>'
    return f"{copyright_}・{notice}" if copyright_ else notice


def check_config(config) -> None:
    if not config.site_author:
        raise PluginError("mkdocs.yml: site_author is the citations' author; set it.")
    licence(config, "text")
    licence(config, "code")


def build_citation(page, config, facts: SiteFacts, date: str, address: SiteAddress) -> Citation:
    if not page.canonical_url:
        raise PluginError("citations need site_url in mkdocs.yml (the canonical URL of each page).")
    return Citation(
        title=page_title(page, config),
        author=config.site_author,
        site_name=config.site_name,
        url=page.canonical_url if address.public else None,
        published_url=None if address.public else address.published_url(page.url),
        date=date,
        version=facts.version,
        language=config.theme["language"],
        accessed=facts.build_date,
        key=citation_key(page, facts.version_package),
        text_licence=licence(config, "text"),
        code_licence=licence(config, "code"),
        description=page.meta.get("description") or config.site_description or "",
    )


def add_to_toc(page) -> None:
    """List the section in the page's table of contents, under the H1 if the page has one."""
    entry = AnchorLink(SECTION_TITLE, SECTION_ID, 2)
    items = page.toc.items
    if items and items[0].level == 1:  # Material then lists only the H1's children
        items[0].children.append(entry)
    else:
        items.append(entry)


def add_section(html_: str, page, citation: Citation) -> str:
    """The page's content with the citation section at its end (unless `citation: false`)."""
    if page.meta.get("citation") is False:
        return html_
    add_to_toc(page)
    compat.declare_anchors(page, [SECTION_ID])
    return html_ + "\n" + section(citation)
