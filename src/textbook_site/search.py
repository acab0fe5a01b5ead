"""The search index reads notebook pages as a reader reads them, without the notebook's chrome.

Material's search plugin indexes a page's HTML as it is. On a notebook page that means:
- noise: prompts like `In [1]:`, the cells' computed output (numbers, and stderr warnings with
  the build machine's paths), and the same download note on every chapter (mkdocs-jupyter's
  copy elements and its hidden second copy of each code cell are gone before: notebook_markup.py);
- misplaced text: the plugin closes a section when the element holding its heading closes, and
  each heading sits deep inside a notebook cell, so every code cell and most paragraphs after
  the first cell of a section were indexed under the page's top instead of their section.

The index is handed a cleaned copy of each notebook page (`searchable_html`: noise removed, the
cell wrappers unwrapped so headings and text are siblings again); the page itself is rendered
unchanged. Code stays searchable (a reader may look for `cross_entropy`), once.

A reader who opens search loads the whole index, so its size counts against that page's weight:
it is written as UTF-8 instead of Material's escape sequences (\\uXXXX) for every Japanese
character (-10 % gzipped; `write_utf8`).

A page's entries depend only on what the index reads of it (URL, title, meta, table of contents,
content, whether it is a notebook): they are cached under a digest of these (`entries_key`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from .cache import Cache


def with_class(name: str, tag: str = "*") -> str:
    return f"//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


# Elements of a notebook page that carry no reading text.
NOISE = " | ".join(
    [
        with_class("jp-InputPrompt"),  # In [1]:
        with_class("jp-OutputPrompt"),  # Out[1]:
        with_class("celltoolbar"),  # cell tag labels
        with_class("headerlink", "a"),  # the pilcrow of each heading
        with_class("anchor-link", "a"),
        with_class("jp-OutputArea"),  # computed numbers, plots, warnings with build paths
        with_class("notebook-download"),  # the same note on every chapter
    ]
)
WRAPPERS = f"{with_class('jupyter-wrapper', 'div')} | {with_class('jupyter-wrapper', 'div')}//div"
KIND = "search-entries"


def searchable_html(html: str) -> str:
    """A notebook page's HTML as the search index should read it."""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for element in root.xpath(NOISE):
        element.drop_tree()  # keeps the text that follows it
    for wrapper in root.xpath(WRAPPERS):
        wrapper.drop_tag()  # keeps its children
    return lxml_html.tostring(root, encoding="unicode")


def toc_ids(items) -> list:
    return [[item.id, item.url, toc_ids(item.children)] for item in items]


def read_of(page, notebook: bool) -> str:
    """What Material's index reads of `page` (SearchIndex.add_entry_from_context), as text."""
    read = {
        "url": page.url,
        "title": str(page.title),
        "meta": {name: page.meta.get(name) for name in ("search", "tags", "title")},
        "toc": toc_ids(page.toc),
        "notebook": notebook,
    }
    return json.dumps(read, default=str) + "\0" + page.content


@dataclass
class IndexEntries:
    """Adds a page's entries to Material's index: from the cache, or by indexing a clean copy."""

    cache: Cache | None
    code: str  # this package's source digest: the cleaning is our code
    is_notebook: Callable

    def add(self, page, add_entry: Callable, entries: list) -> None:
        """In place of SearchIndex.add_entry_from_context(page); `entries` is the index's list."""
        notebook = self.is_notebook(page.file)
        key = self.cache.key(KIND, self.code, read_of(page, notebook)) if self.cache else ""
        known = self.cache.get(KIND, key) if self.cache else None
        if known is not None:
            entries.extend(dict(entry) for entry in json.loads(known))
            return
        before = len(entries)
        if notebook:
            content = page.content
            page.content = searchable_html(content)
            try:
                add_entry(page)
            finally:
                page.content = content
        else:
            add_entry(page)
        if self.cache:
            new = [dict(entry) for entry in entries[before:]]
            self.cache.put(KIND, key, json.dumps(new, ensure_ascii=False).encode())


def write_utf8(index: Path) -> None:
    """Rewrite Material's search_index.json as compact UTF-8."""
    data = json.loads(index.read_text(encoding="utf-8"))
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
