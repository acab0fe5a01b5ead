"""The search index reads notebook pages as a reader reads them, without the notebook's chrome.

Material's search plugin indexes a page's HTML as it is. On a notebook page that means:
- noise: "Copied!" of every copy button, prompts like `In [1]:`, every code cell twice (the
  hidden `.clipboard-copy-txt` copy), the cells' computed output (numbers, and stderr warnings
  with the build machine's paths), and the same download note on every chapter;
- misplaced text: the plugin closes a section when the element holding its heading closes, and
  each heading sits deep inside a notebook cell, so every code cell and most paragraphs after
  the first cell of a section were indexed under the page's top instead of their section.

The plugin is handed a cleaned copy of each notebook page (noise removed, the cell wrappers
unwrapped so headings and text are siblings again); the page itself is rendered unchanged.
Code stays searchable (a reader may look for `cross_entropy`), once.

Every page loads the whole index, so its size counts against each page's weight: it is written
as UTF-8 instead of Material's escape sequences (\\uXXXX) for every Japanese character (-10 % gzipped).
Material has no option for this, so the one method that reads the page is wrapped; if a
Material upgrade removes it, the build stops here instead of silently indexing noise.

Reading every page's HTML for the index takes ~0.3 s, at every rebuild of `mkdocs serve`. A
page's entries depend only on what the index reads of it (its URL, title, meta, table of
contents and content, and whether it is a notebook) and on this file and Material's version:
they are kept under a digest of these, in memory and in .cache/search-entries.json.
"""

import hashlib
import importlib.metadata
import json
import os
import tempfile
from pathlib import Path

from lxml import html as lxml_html
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority


def with_class(name: str, tag: str = "*") -> str:
    return f"//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


# Elements of a notebook page that carry no reading text.
NOISE = " | ".join(
    [
        with_class("jp-InputPrompt"),  # In [1]:
        with_class("jp-OutputPrompt"),  # Out[1]:
        with_class("zeroclipboard-container"),  # the copy button and its "Copied!"
        with_class("clipboard-copy-txt"),  # a hidden second copy of each code cell
        with_class("celltoolbar"),  # cell tag labels
        with_class("headerlink", "a"),  # the pilcrow of each heading
        with_class("anchor-link", "a"),
        with_class("jp-OutputArea"),  # computed numbers, plots, warnings with build paths
        with_class("notebook-download"),  # the same note on every chapter
    ]
)
WRAPPERS = f"{with_class('jupyter-wrapper', 'div')} | {with_class('jupyter-wrapper', 'div')}//div"


ENTRIES = Path(".cache/search-entries.json")
CODE = hashlib.sha256(
    Path(__file__).read_bytes() + importlib.metadata.version("mkdocs-material").encode()
).hexdigest()

# digest of what the index reads of a page -> the page's entries; read from ENTRIES once
_entries: dict[str, list] | None = None
_build = {"used": set(), "new": False}


def is_notebook(page, config) -> bool:
    return config.plugins["mkdocs-jupyter"].should_include(page.file)


def searchable_html(html: str) -> str:
    """A notebook page's HTML as the search index should read it (lxml: this runs on every
    notebook page at every rebuild of `mkdocs serve`)."""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for element in root.xpath(NOISE):
        element.drop_tree()  # keeps the text that follows it
    for wrapper in root.xpath(WRAPPERS):
        wrapper.drop_tag()  # keeps its children
    return lxml_html.tostring(root, encoding="unicode")


def toc_ids(items) -> list:
    return [[item.id, item.url, toc_ids(item.children)] for item in items]


def entries_key(page, notebook: bool) -> str:
    """A digest of what Material's index reads of `page` (SearchIndex.add_entry_from_context)."""
    read = {
        "url": page.url,
        "title": str(page.title),
        "meta": {name: page.meta.get(name) for name in ("search", "tags", "title")},
        "toc": toc_ids(page.toc),
        "notebook": notebook,
    }
    digest = hashlib.sha256(CODE.encode() + json.dumps(read, default=str).encode())
    digest.update(page.content.encode())
    return digest.hexdigest()


def entries_path(config) -> Path:
    # Beside the docs folder, like hooks/page_cache.py's store: a build of another docs folder
    # (the tests make such builds) keeps its own.
    return Path(config.docs_dir).parent / ENTRIES


def stored_entries(config) -> dict[str, list]:
    global _entries
    if _entries is None:
        try:
            _entries = json.loads(entries_path(config).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _entries = {}
    return _entries


def save_entries(config) -> None:
    """Keep the entries this build used (in a dirty build, all of them)."""
    plugin = search_plugin(config)
    if not _build["new"] and len(_entries or {}) == len(_build["used"]):
        return
    if not getattr(plugin, "is_dirty", False):
        for key in _entries.keys() - _build["used"]:
            del _entries[key]
    path = entries_path(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(_entries, out, ensure_ascii=False)
    os.replace(temporary, path)


def search_plugin(config):
    from material.plugins.search.plugin import SearchPlugin

    return next((p for p in config.plugins.values() if isinstance(p, SearchPlugin)), None)


def on_pre_build(config):
    # After every on_config: the search plugin creates its index there.
    plugin = search_plugin(config)
    if plugin is None or not plugin.config.enabled:
        return
    _build.update(used=set(), new=False)
    index = getattr(plugin, "search_index", None)
    if not callable(getattr(index, "add_entry_from_context", None)):
        raise PluginError(
            "hooks/search_index.py: Material's search plugin changed; update the hook."
        )
    add_entry = index.add_entry_from_context

    def add_cleaned_entry(page):
        if not is_notebook(page, config):
            return add_entry(page)
        content = page.content
        page.content = searchable_html(content)
        try:
            return add_entry(page)
        finally:
            page.content = content

    def add_known_entry(page):
        key = entries_key(page, is_notebook(page, config))
        known = stored_entries(config)
        _build["used"].add(key)
        if key in known:
            index.entries.extend(dict(entry) for entry in known[key])
            return
        before = len(index.entries)
        add_cleaned_entry(page)
        known[key] = [dict(entry) for entry in index.entries[before:]]
        _build["new"] = True

    index.add_entry_from_context = add_known_entry


@event_priority(-50)  # after the search plugin has written the index
def on_post_build(config):
    plugin = search_plugin(config)
    index = Path(config.site_dir) / "search/search_index.json"
    if plugin is None or not plugin.config.enabled or not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    save_entries(config)
