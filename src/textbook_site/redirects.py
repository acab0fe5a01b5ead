"""Keep old and alias URLs working: a small redirect page at each, to the page it now is.

mkdocs.yml `extra.redirects` maps an old URL path (relative to the site root, e.g. `chapter4/`)
to the source file of the page it moved to (e.g. `ch4.md`). Each old path gets a page that
- sends the browser on with JavaScript, keeping the fragment, so a cited `…/chapter4/#eq-4-2`
  lands on `…/ch4/#eq-4-2`;
- has a meta refresh for browsers without JavaScript (the fragment is lost there);
- names the new page as canonical (for search engines and reference managers) and links to it.

A mapping whose old path is a page of the site, or whose target is not a page, fails the build.
The redirect pages are not in sitemap.xml: they are not pages of the site, only ways to reach one.
"""

import html
import json

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

TEMPLATE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>移動しました: {title}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{canonical}">
<script>location.replace({target_js} + location.hash);</script>
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>このページは <a href="{target}">{title}</a> に移動しました。</p>
</body>
</html>
"""


def old_file(old: str) -> str:
    """`chapter4/` -> `chapter4/index.html`; `old.html` stays."""
    old = old.lstrip("/")
    return old + "index.html" if old.endswith("/") or not old else old


def redirect_page(old: str, page, language: str, site_name: str) -> str:
    target = get_relative_url(page.url, old_file(old))
    if page.url.endswith("/") or not page.url:
        target = target.rstrip("/") + "/"
    return TEMPLATE.format(
        lang=html.escape(language),
        title=html.escape(page.title or site_name),
        canonical=html.escape(page.canonical_url or page.url),
        target=html.escape(target),
        target_js=json.dumps(target).replace("<", "\\u003c"),
    )


def targets(mapping, files) -> dict:
    """Old path -> the page it redirects to; every mapping checked before anything is written."""
    mapping = mapping or {}
    if not isinstance(mapping, dict):
        raise PluginError(
            "mkdocs.yml: extra.redirects maps old URL paths to source files (e.g. `chapter4/: ch4.md`)."
        )
    taken = {f.dest_uri for f in files}
    found = {}
    for old, source in mapping.items():
        file = files.get_file_from_path(source)
        if file is None or file.page is None:
            raise PluginError(
                f"extra.redirects: {old!r} -> {source!r}, but {source!r} is not a page of the site."
            )
        if old_file(old) in taken:
            raise PluginError(
                f"extra.redirects: {old!r} is a page of the site; a redirect would replace it."
            )
        found[old] = file.page
    return found
