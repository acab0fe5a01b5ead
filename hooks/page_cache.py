"""Reuse a page's rendering from an earlier build when nothing it is made from has changed.

`mkdocs serve` rebuilds the whole site on every change (a `--dirty` build would leave the search
index, the equation index, the nav and other cross-page data stale). Rendering the pages is most
of that time: the notebook conversion, Markdown, mkdocstrings and the content hooks, ~4 s for a
one-word edit. This hook keeps what rendering leaves on each page, and reuses it while the key
is unchanged:

- what is stored: everything rendering (MkDocs' page reading, the `pre_page`, `page_markdown`
  and `page_content` events) sets on the page object (content, table of contents, meta, title,
  anchors, links to check, and what hooks attach to it for later steps, e.g. the page's
  equations for the equation index), and the calls rendering makes that fill other plugins'
  registries (mkdocstrings' inventory and its cross-reference anchors), to replay them;
- the key: the page's source bytes, path, URL and revision date (hooks/page_dates.py); the
  build's files (links resolve against them); the configuration as the build uses it, after
  every `on_config` (mkdocs.yml, site_url, extra with the build date and version, every
  plugin's options, among them the notebook-output folder that hooks/notebook_execution.py
  names after src/ and the pins); the code that renders (hooks/*.py as this process loaded
  them, src/, overrides/, mkdocs.yml, requirements.txt, pyproject.toml, the Python and package
  versions); and, checked when an entry is read, the bytes of every file a snippet (`--8<--`)
  included;
- what is not stored: a page whose rendering logged a warning (it renders, and warns, again:
  `--strict` fails as before). Everything after rendering runs on every build from the pages'
  content, as before: `on_env` (equation index, notebook stylesheet, figures, cross-references),
  templates, the search index, `on_post_page` steps and anchor validation.

A hook that gathers something from the pages must therefore keep it on the page (an attribute
set in `on_page_content`, gathered in `on_env`), never in module state: a reused page does not
run `on_page_content` again.

Entries live in .cache/pages/ beside the docs folder (one file per page; entries a complete
build did not use are removed after it), so `make build` reuses them too and they survive a
restart of `mkdocs serve`. With mkdocs-jupyter's cache off, nothing is reused or stored.
MkDocs renders a page in one internal function, `mkdocs.commands.build._populate_page`; this hook
wraps it (MkDocs is pinned to 1.6.1, the last 1.x; a change of that function stops the build).
"""

import hashlib
import importlib.metadata
import inspect
import io
import json
import logging
import os
import pickle
import sys
import tempfile
import types
from collections.abc import Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path, PurePath

import mkdocs.commands.build as mkdocs_build
import pymdownx.snippets
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.page_cache")

CACHE = Path(".cache/pages")
# Besides the pages: what rendering can read, relative to mkdocs.yml.
INPUTS = ("mkdocs.yml", "requirements.txt", "pyproject.toml", "src/**/*", "overrides/**/*")
# Distributions whose code renders page content (requirements.txt pins them; the installed
# versions count in case the environment does not match it).
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "mkdocs-jupyter",
    "mkdocstrings",
    "mkdocstrings-python",
    "mkdocs-autorefs",
    "griffelib",
    "Markdown",
    "pymdown-extensions",
    "Pygments",
    "nbconvert",
    "nbformat",
    "jupytext",
    "mistune",
    "beautifulsoup4",
    "lxml",
    "Jinja2",
)
PAGE_DATES_HOOK = "hooks/page_dates.py"
NOTEBOOK_PLUGIN = "mkdocs-jupyter"


def _code_digest() -> str:
    """The hooks' source as this process loaded it (MkDocs loads hooks once per process, so an
    edited hook takes effect, and changes the key, at the next start), and the packages."""
    digest = hashlib.sha256(sys.version.encode() + b"\0")
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in PACKAGES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}=={version}\0".encode())
    return digest.hexdigest()


CODE_DIGEST = _code_digest()

_build: dict = {}


class Uncacheable(Exception):
    """Rendering left something on the page that cannot be stored and restored faithfully."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the key ------------------------------------------------------------------------------------


def build_digest(config, files: Files) -> str:
    """Everything but the page itself that can change a page's rendering, once per build."""
    if _build.get("digest"):
        return _build["digest"]
    root = Path(config.config_file_path).parent
    digest = hashlib.sha256(CODE_DIGEST.encode() + b"\0")
    for pattern in INPUTS:
        for path in sorted(root.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    # The configuration as the build uses it, after every on_config (it need not be mkdocs.yml's:
    # a plugin, a hook or a test may change it), with each plugin's options (mkdocs-jupyter's
    # names the notebook-output folder). Left out: where the site is written (`mkdocs serve`
    # writes to a new temporary folder) and --strict, which only decides whether warnings fail
    # the build (a page that warned is not stored).
    ignored = ("site_dir", "strict", "plugins", "hooks")
    settings = {key: config[key] for key in config if key not in ignored}
    settings["plugins"] = {
        name: plugin.config
        for name, plugin in config.plugins.items()
        if isinstance(plugin, BasePlugin)
    }
    digest.update(json.dumps(settings, sort_keys=True, default=stable).encode() + b"\0")
    # Links are resolved (and checked) against the build's files.
    for file in sorted(files, key=lambda f: f.src_uri):
        parts = (file.src_uri, file.dest_uri, file.url, str(file.inclusion))
        digest.update("\0".join([*parts, str(file.is_documentation_page())]).encode() + b"\n")
    _build["digest"] = digest.hexdigest()
    return _build["digest"]


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


def revision_date(page, config) -> str:
    dates = config.plugins.get(PAGE_DATES_HOOK)
    if dates is None or not page.file.abs_src_path:
        return ""
    return dates.last_updated(Path(page.file.abs_src_path))


def page_key(page, config, files: Files) -> str:
    file = page.file
    source = Path(file.abs_src_path).read_bytes() if file.abs_src_path else file.content_bytes
    parts = [
        build_digest(config, files),
        file.src_uri,
        page.url,
        page.canonical_url or "",
        repr(page.__dict__.get("title")),  # the nav's title, when it gives one
        revision_date(page, config),
        sha256(source),
    ]
    return sha256("\0".join(parts).encode())


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


def cache_folder(config) -> Path:
    """.cache/pages beside the docs folder: a build of another docs folder with this project's
    configuration (the tests make such builds) neither reuses nor evicts the project's pages."""
    return Path(config.docs_dir).parent / CACHE


def entry_path(config, key: str) -> Path:
    return cache_folder(config) / f"{key}.pickle"


def store(config, key: str, entry: dict) -> None:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(entry)
    path = entry_path(config, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: another build (serve and build at once) never reads half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(buffer.getvalue())
    os.replace(temporary, path)


def load(config, key: str, files: Files) -> dict | None:
    path = entry_path(config, key)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        entry = _Unpickler(data, files).load()
    # Whatever stops an entry from loading (torn, or written by other code) makes it a miss.
    except Exception as error:  # noqa: BLE001
        log.debug("unusable entry %s: %s", path.name, error)
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


_snippet_reads: list[list[str]] = []


def _recording_read_lines(self, path):
    for reads in _snippet_reads:
        reads.append(os.path.abspath(path))
    return _recording_read_lines.__wrapped__(self, path)


def registries(config) -> dict:
    """Objects whose registries a page's rendering fills: (name -> (object, recorded methods)).

    mkdocstrings registers each documented object in its inventory (objects.inv) and as a
    cross-reference target (autorefs); its handler, once created, adds its stylesheet.
    """
    found = {}
    autorefs = config.plugins.get("autorefs")
    if autorefs is not None:
        found["autorefs"] = (autorefs, ("register_anchor", "register_url"))
    mkdocstrings = config.plugins.get("mkdocstrings")
    handlers = getattr(mkdocstrings, "_handlers", None) if mkdocstrings is not None else None
    if handlers is not None:
        found["handlers"] = (handlers, ("get_handler",))
        found["inventory"] = (handlers.inventory, ("register",))
    return found


@contextmanager
def recording(config):
    """Record what rendering a page does beyond the page: calls into other plugins'
    registries, files read by snippets, and warnings logged."""
    calls, reads, warnings = [], [], _WarningCounter()
    patched = []
    for name, (target, methods) in registries(config).items():
        for method in methods:
            original = getattr(target, method)

            def recorder(*args, _name=name, _method=method, _original=original, **kwargs):
                call = (_name, _method, args, kwargs)
                if call not in calls:
                    calls.append(call)
                return _original(*args, **kwargs)

            patched.append((target, method, vars(target).get(method)))
            setattr(target, method, recorder)
    _snippet_reads.append(reads)
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(warnings)
    try:
        yield calls, reads, warnings
    finally:
        mkdocs_logger.removeHandler(warnings)
        _snippet_reads.remove(reads)
        for target, method, own in reversed(patched):
            if own is None:
                delattr(target, method)  # the class's method again
            else:
                setattr(target, method, own)


def replay(config, calls) -> None:
    targets = registries(config)
    for name, method, args, kwargs in calls:
        getattr(targets[name][0], method)(*args, **kwargs)


# --- the wrapper ---------------------------------------------------------------------------------


def _populate_page(page, config, files, dirty=False):
    if not _build["enabled"]:
        return _render_page(page, config, files, dirty)
    if dirty:
        _build["complete"] = False
        if not page.file.is_modified():
            return _render_page(page, config, files, dirty)
    key = page_key(page, config, files)
    entry = load(config, key, files)
    if entry is not None:
        restore(page, config, files, entry)
        _build["reused"].append(page.file.src_uri)
    else:
        render_and_store(page, config, files, dirty, key)
        _build["rendered"].append(page.file.src_uri)
    _build["used"].add(key)


def restore(page, config, files, entry) -> None:
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.__dict__.update(entry["attributes"])
        replay(config, entry["calls"])
    finally:
        config._current_page = None
    log.debug("reused the rendering of %s", page.file.src_uri)


def render_and_store(page, config, files, dirty, key) -> None:
    before = dict(page.__dict__)
    with recording(config) as (calls, reads, warnings):
        _render_page(page, config, files, dirty)
    if warnings.count:
        log.debug("not stored (it warned): %s", page.file.src_uri)
        return
    try:
        entry = {
            "attributes": changed_attributes(before, page),
            "calls": calls,
            "dependencies": [(path, sha256(Path(path).read_bytes())) for path in reads],
        }
        store(config, key, entry)
    except (Uncacheable, pickle.PicklingError, TypeError, AttributeError, OSError) as error:
        log.info("rendering of %s not stored: %s", page.file.src_uri, error)


def _render_page(page, config, files, dirty):
    """MkDocs' own page rendering."""
    return _populate_page.__wrapped__(page, config, files, dirty)


def wrap(owner, name: str, wrapper) -> None:
    """Put `wrapper` in place of `owner.name` (once; a wrapper loaded earlier is replaced)."""
    current = getattr(owner, name)
    wrapper.__wrapped__ = getattr(current, "__wrapped__", current)
    setattr(owner, name, wrapper)


def install() -> None:
    if mkdocs_build._populate_page is _populate_page:
        return
    rendering = getattr(mkdocs_build._populate_page, "__wrapped__", mkdocs_build._populate_page)
    if list(inspect.signature(rendering).parameters) != ["page", "config", "files", "dirty"]:
        raise PluginError(
            "hooks/page_cache.py: mkdocs.commands.build._populate_page changed; update the hook."
        )
    wrap(mkdocs_build, "_populate_page", _populate_page)
    wrap(pymdownx.snippets.SnippetPreprocessor, "read_lines", _recording_read_lines)


# --- events --------------------------------------------------------------------------------------


def on_config(config):
    install()
    # As hooks/notebook_reruns.py: with mkdocs-jupyter's cache off (the tests that must leave the
    # project's caches alone turn it off), nothing is reused or stored.
    notebooks = config.plugins.get(NOTEBOOK_PLUGIN)
    enabled = notebooks is None or bool(notebooks.config["cache"])
    _build.clear()
    _build.update(enabled=enabled, digest=None, complete=True, used=set(), reused=[], rendered=[])
    return config


def on_env(env, config, files):
    if not _build["enabled"]:
        return env
    log.info(
        "Pages reused from %s: %d; rendered: %s",
        CACHE,
        len(_build["reused"]),
        ", ".join(_build["rendered"]) or "none",
    )
    return env


@event_priority(-100)
def on_post_build(config):
    # Only after a complete build: every page's entry was looked up (a dirty build skips some).
    if not _build["enabled"] or not _build["complete"]:
        return
    folder = cache_folder(config)
    if not folder.is_dir():
        return
    for path in folder.glob("*.pickle"):
        if path.stem not in _build["used"]:
            path.unlink(missing_ok=True)
