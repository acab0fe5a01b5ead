"""Reuse a page's rendering from an earlier build when nothing it is made from has changed.

`mkdocs serve` rebuilds the whole site on every change (a `--dirty` build would leave the search
index, the equation index, the nav and other cross-page data stale). Rendering the pages is most
of that time: the notebook conversion, Markdown, mkdocstrings and the content steps, ~4 s for a
one-word edit. `PageReuse` keeps what rendering leaves on each page, and reuses it while the key
is unchanged:

- what is stored: everything rendering (MkDocs' page reading, the `pre_page`, `page_markdown`
  and `page_content` events) sets on the page object (content, table of contents, meta, title,
  anchors, links to check), this plugin's record of the page (`PageRecord`: its equations,
  figures, notebook stylesheet, download), and the calls rendering makes that fill other
  plugins' registries (mkdocstrings' inventory and its cross-reference anchors), to replay them;
- the key: the page's source bytes, path, URL and revision date; the build's files (links
  resolve against them); the configuration as the build uses it, after every `on_config`
  (mkdocs.yml, site_url, every plugin's options); the code that renders (this package, src/,
  overrides/, mkdocs.yml, the pins, the installed versions: `Cache.build`); and, checked
  when an entry is read, the bytes of every file a snippet (`--8<--`) included;
- what is not stored: a page whose rendering logged a warning (it renders, and warns, again:
  `--strict` fails as before). Everything after rendering runs on every build from the pages'
  content: `on_env` (equation index, notebook stylesheet, figures, cross-references), templates,
  the search index, `on_post_page` steps and anchor validation.

A step that gathers something from the pages must therefore keep it in the page's `PageRecord`
(set when the content is rendered, read at `on_env`), never elsewhere: a reused page does not
run `on_page_content` again.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import pickle
import types
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePath

from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import compat
from .cache import Cache, files_digest

log = logging.getLogger("mkdocs.plugins.textbook.page_reuse")
KIND = "pages"
# Besides the pages: what rendering can read, relative to mkdocs.yml.
INPUTS = (
    "mkdocs.yml",
    "requirements.txt",
    "pyproject.toml",
    "CITATION.cff",  # the published address a preview's citations name
    "src/**/*",
    "overrides/**/*",
)


# Plugins whose part in rendering a page page reuse restores or replays (the page's attributes,
# and the registries in compat.registries). Any other plugin that handles a rendering event may
# gather something from each page that a reused page would not give it: reuse is then turned off.
KNOWN_RENDERERS = (
    "search",
    "material/search",
    "mkdocs-jupyter",
    "mkdocstrings",
    "autorefs",
    "textbook",
)
RENDERING_EVENTS = ("on_pre_page", "on_page_read_source", "on_page_markdown", "on_page_content")


def unknown_renderers(plugins) -> list[str]:
    """Names of configured plugins, other than the known ones, that take part in rendering."""
    return [
        name
        for name, plugin in plugins.items()
        if name not in KNOWN_RENDERERS
        and any(
            getattr(type(plugin), event, None) is not getattr(BasePlugin, event, None)
            for event in RENDERING_EVENTS
        )
    ]


class Uncacheable(Exception):
    """Rendering left something on the page that cannot be stored and restored faithfully."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def configuration(config, files: Files) -> str:
    """Everything but the page itself that can change a page's rendering, once per build."""
    # The configuration as the build uses it, after every on_config, with each plugin's options.
    # Left out: where the site is written (`mkdocs serve` writes to a new temporary folder) and
    # --strict, which only decides whether warnings fail the build (a page that warned is not
    # stored).
    ignored = ("site_dir", "strict", "plugins", "hooks")
    settings = {key: config[key] for key in config if key not in ignored}
    settings["plugins"] = {
        name: plugin.config
        for name, plugin in config.plugins.items()
        if isinstance(plugin, BasePlugin)
    }
    parts = [json.dumps(settings, sort_keys=True, default=stable)]
    # Links are resolved (and checked) against the build's files.
    for file in sorted(files, key=lambda f: f.src_uri):
        parts.append(
            "\0".join(
                (file.src_uri, file.dest_uri, file.url, str(file.inclusion))
                + (str(file.is_documentation_page()),)
            )
        )
    return "\n".join(parts)


def stable(value):
    """A JSON value for what json cannot write, the same in every process (no object ids)."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, partial):
        return [stable(value.func), list(value.args), value.keywords]
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
        return f"{value.__module__}.{value.__qualname__}"
    if isinstance(value, PurePath):
        return str(value)
    return f"{type(value).__module__}.{type(value).__qualname__}"


def page_inputs(page, date: str) -> str:
    file = page.file
    source = Path(file.abs_src_path).read_bytes() if file.abs_src_path else file.content_bytes
    parts = [
        file.src_uri,
        page.url,
        page.canonical_url or "",
        repr(page.__dict__.get("title")),  # the nav's title, when it gives one
        date,
        sha256(source),
    ]
    return "\0".join(parts)


# --- storing a page ------------------------------------------------------------------------------


class _Pickler(pickle.Pickler):
    """Pages and files are referred to by path: they are this build's objects when restored."""

    def persistent_id(self, obj):
        if isinstance(obj, Page):
            return ("page", obj.file.src_uri)
        if isinstance(obj, File):
            return ("file", obj.src_uri)
        if isinstance(obj, (StructureItem, Files, Navigation, Config, BasePlugin)):
            raise Uncacheable(f"refers to {type(obj).__name__}")
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, files: Files):
        super().__init__(io.BytesIO(data))
        self.files = files

    def persistent_load(self, pid):
        kind, src_uri = pid
        file = self.files.get_file_from_path(src_uri)
        if file is None or (kind == "page" and file.page is None):
            raise Uncacheable(f"{src_uri} is not in this build")
        return file.page if kind == "page" else file


def changed_attributes(before: dict, page) -> dict:
    after = page.__dict__
    if before.keys() - after.keys():
        raise Uncacheable(f"removed attributes {sorted(before.keys() - after.keys())}")
    changed = {}
    for name, value in after.items():
        if name in before and before[name] is value:
            continue
        # Closures that plugins attach in `pre_page` (e.g. mkdocs-jupyter's renderer): the
        # event runs again before an entry is restored.
        if isinstance(value, (types.FunctionType, types.MethodType, partial)):
            continue
        changed[name] = value
    return changed


def pack(entry: dict) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(entry)
    return buffer.getvalue()


def unpack(data: bytes, files: Files) -> dict | None:
    try:
        entry = _Unpickler(data, files).load()
    # Whatever stops an entry from loading (torn, or written by other code) makes it a miss.
    except Exception as error:  # noqa: BLE001
        log.debug("unusable page entry: %s", error)
        return None
    for dependency, digest in entry["dependencies"]:
        try:
            if sha256(Path(dependency).read_bytes()) != digest:
                return None
        except OSError:
            return None
    return entry


# --- what rendering does outside the page --------------------------------------------------------


class _WarningCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


@contextmanager
def recording(config, snippet_reads: list[list[str]]):
    """Record what rendering a page does beyond the page: calls into other plugins'
    registries (compat.recorded_registry_calls), files read by snippets (into
    `snippet_reads`, which compat.record_snippet_reads fills), and warnings logged."""
    reads, warnings = [], _WarningCounter()
    snippet_reads.append(reads)
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(warnings)
    try:
        with compat.recorded_registry_calls(config) as calls:
            yield calls, reads, warnings
    finally:
        mkdocs_logger.removeHandler(warnings)
        snippet_reads.remove(reads)


# --- one build ----------------------------------------------------------------------------------


@dataclass
class PageReuse:
    """Page rendering, reused from the cache where the key allows; one object per build."""

    cache: Cache | None  # None: every page renders, nothing is stored
    project: Path
    records: dict  # src_uri -> PageRecord, the plugin's per-page data (stored with the page)
    date_of: Callable[[Page], str]
    on_pre_page: Callable  # the plugins' pre_page event, run again before a page is restored
    digest: str | None = None
    complete: bool = True
    snippet_reads: list[list[str]] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)

    def build_digest(self, config, files: Files) -> str:
        if self.digest is None:
            self.digest = self.cache.key(
                KIND, files_digest(self.project, INPUTS), configuration(config, files)
            )
        return self.digest

    def populate(self, render: Callable, page, config, files, dirty=False) -> None:
        """In place of MkDocs' `_populate_page`; `render()` is MkDocs' own."""
        if self.cache is None:
            return render()
        if dirty:
            self.complete = False
            if not page.file.is_modified():
                return render()
        key = self.cache.key(
            KIND, self.build_digest(config, files), page_inputs(page, self.date_of(page))
        )
        data = self.cache.get(KIND, key)
        entry = unpack(data, files) if data is not None else None
        if entry is not None:
            self.restore(page, config, files, entry)
            self.reused.append(page.file.src_uri)
        else:
            self.render_and_store(render, page, config, key)
            self.rendered.append(page.file.src_uri)

    def restore(self, page, config, files, entry) -> None:
        with compat.current_page(config, page):
            page = self.on_pre_page(page, config=config, files=files)
            page.__dict__.update(entry["attributes"])
            if entry["record"] is not None:
                self.records[page.file.src_uri] = entry["record"]
            compat.replay_registry_calls(config, entry["calls"])

    def render_and_store(self, render: Callable, page, config, key: str) -> None:
        before = dict(page.__dict__)
        with recording(config, self.snippet_reads) as (calls, reads, warnings):
            render()
        if warnings.count:
            log.debug("not stored (it warned): %s", page.file.src_uri)
            return
        try:
            entry = {
                "attributes": changed_attributes(before, page),
                "record": self.records.get(page.file.src_uri),
                "calls": calls,
                "dependencies": [(path, sha256(Path(path).read_bytes())) for path in reads],
            }
            self.cache.put(KIND, key, pack(entry))
        except (Uncacheable, pickle.PicklingError, TypeError, AttributeError, OSError) as error:
            log.info("rendering of %s not stored: %s", page.file.src_uri, error)

    def summary(self) -> str:
        rendered = ", ".join(self.rendered) or "none"
        return f"Pages reused from cache: {len(self.reused)}; rendered: {rendered}"
