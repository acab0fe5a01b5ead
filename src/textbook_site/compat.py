"""Every place the build relies on a third-party internal, each behind a guard.

Each function below either patches a library's internal or relies on an undocumented behaviour.
Each first checks the assumption it makes (the installed version is one it was written for,
and/or a probe of the very thing it patches) and, when that no longer holds, stops the build
with a message naming the package, its version and the assumption (`Broken`). An upgrade then
fails loudly here instead of building a wrong site. tests/site/test_compat.py simulates each
upgrade.

Where a library documents a way to do something, that is used instead of a patch (the cell time
limit is NotebookClient's `timeout` from a Jupyter config file: notebooks.py).

Patches are installed for one build and point at that build's objects: each wrapper replaces
the previous one (`__wrapped__` keeps the original), so `mkdocs serve` never stacks them.
"""

from __future__ import annotations

import functools
import importlib.metadata
import inspect
import json
import re
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from mkdocs.exceptions import PluginError

# The versions each assumption below was checked against (a prefix of the installed version).
WRITTEN_FOR = {
    "mkdocs": "1.6.",
    "properdocs": "1.6.",
    "mkdocs-material": "9.8.",
    "mkdocs-jupyter": "0.27.",
    "nbconvert": "7.",
    "pymdown-extensions": "13.",
    "mkdocstrings": "1.0.",
    "mkdocs-autorefs": "1.4.",
    "mathjax": "3.",
}


class Broken(PluginError):
    """An assumption about a library no longer holds."""

    def __init__(self, package: str, version: str, assumption: str):
        super().__init__(
            f"textbook plugin: {package} {version} breaks an assumption of the build: "
            f"{assumption}. Check src/textbook_site/compat.py against this version (or pin "
            "the version that worked in requirements.txt)."
        )
        self.package, self.version, self.assumption = package, version, assumption


@functools.cache  # a running build has its packages imported: their versions cannot change
def installed(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"


def require(package: str, assumption: str, holds: bool, version: str | None = None) -> None:
    if not holds:
        raise Broken(package, version or installed(package), assumption)


def require_version(package: str, assumption: str, version: str | None = None) -> None:
    version = version or installed(package)
    require(package, assumption, version.startswith(WRITTEN_FOR[package]), version)


def parameters(function: Callable) -> list[str]:
    return list(inspect.signature(function).parameters)


def replace(owner, name: str, wrapper: Callable) -> None:
    """Put `wrapper` in place of `owner.name`; a wrapper put there earlier is replaced."""
    current = getattr(owner, name)
    wrapper.__wrapped__ = getattr(current, "__wrapped__", current)
    setattr(owner, name, wrapper)


def original(owner, name: str) -> Callable:
    current = getattr(owner, name)
    return getattr(current, "__wrapped__", current)


# --- MkDocs --------------------------------------------------------------------------------------


def mkdocs_distribution() -> tuple[str, str]:
    """(distribution, version) of the MkDocs that runs: mkdocs, or its continuation ProperDocs
    (which serves every `mkdocs.*` import from its own `properdocs.*` modules)."""
    import mkdocs

    name = "properdocs" if mkdocs.__name__ == "properdocs" else "mkdocs"
    return name, installed(name)


def reuse_pages(populate: Callable) -> None:
    """Render pages through `populate(render, page, config, files, dirty)` (page_reuse.py).

    MkDocs renders each page in one internal function, `mkdocs.commands.build._populate_page`
    (reading, pre_page, page_markdown, page_content); there is no event around it.
    """
    from mkdocs.commands import build

    name, version = mkdocs_distribution()
    assumption = "mkdocs.commands.build._populate_page(page, config, files, dirty) renders a page"
    require_version(name, assumption, version)
    function = original(build, "_populate_page") if hasattr(build, "_populate_page") else None
    require(
        name,
        assumption,
        function is not None and parameters(function) == ["page", "config", "files", "dirty"],
        version,
    )

    def _populate_page(page, config, files, dirty=False):
        return populate(lambda: function(page, config, files, dirty), page, config, files, dirty)

    replace(build, "_populate_page", _populate_page)


def poll_every(seconds: float) -> None:
    """`mkdocs serve` looks for edits every `seconds` instead of every 0.5 s.

    Its server polls the watched files (docs/, mkdocs.yml, `watch:`; about 80 files here, a
    millisecond per look) with watchdog's PollingObserver, every `polling_interval` seconds, a
    parameter `serve` leaves at its default of 0.5 s: an edit waited 0.25 s on average before
    the rebuild began. The server is made after the plugins' `on_startup`, where this runs.
    """
    from mkdocs.livereload import LiveReloadServer

    name, version = mkdocs_distribution()
    assumption = (
        "mkdocs serve makes its LiveReloadServer without a polling_interval, which sets how "
        "often the watched files are looked at"
    )
    require_version(name, assumption, version)
    init = original(LiveReloadServer, "__init__")
    require(name, assumption, "polling_interval" in parameters(init), version)

    def __init__(self, *args, polling_interval: float = seconds, **kwargs):
        init(self, *args, polling_interval=polling_interval, **kwargs)

    replace(LiveReloadServer, "__init__", __init__)


THEME_LISTING = "env.list_templates(filter_func=filter)"


def list_installed_theme_once(project: Path, listings: dict) -> None:
    """List an installed theme's static files once per process, not at every build.

    At every build MkDocs finds the theme's static files (`Files.add_files_from_theme`) by
    walking every theme folder and matching each name against its patterns: Material's
    templates folder holds 14,500 files (icons) for 76 static ones, 0.15 s of each rebuild of
    `mkdocs serve`. A folder outside `project` (an installed package) changes only when the
    package is reinstalled, which `mkdocs serve` needs a restart for anyway (its code is
    loaded): its listing is kept in `listings` (held by the plugin) under the patterns. Folders
    of the project (`overrides/`) are walked at every build, as before.
    """
    from jinja2 import FileSystemLoader
    from mkdocs import utils
    from mkdocs.structure.files import Files

    name, version = mkdocs_distribution()
    assumption = f"Files.add_files_from_theme(self, env, config) uses env only for {THEME_LISTING}"
    require_version(name, assumption, version)
    function = original(Files, "add_files_from_theme")
    source = inspect.getsource(function)
    require(
        name,
        assumption,
        parameters(function) == ["self", "env", "config"]
        and source.count("env.") == 1
        and THEME_LISTING in source,
        version,
    )

    class Listing:
        """Stands for the theme's Jinja environment in add_files_from_theme."""

        def __init__(self, env, config):
            self.env, self.config = env, config

        def list_templates(self, filter_func):
            # What jinja2's Environment.list_templates does with a FileSystemLoader: each
            # folder's files, filtered, in sorted order without repeats.
            loader = self.env.loader
            if not isinstance(loader, FileSystemLoader):
                return self.env.list_templates(filter_func=filter_func)
            patterns = (
                tuple(self.config.theme.static_templates),
                tuple(utils.markdown_extensions),
            )
            found: set[str] = set()
            for folder in loader.searchpath:
                key = (str(Path(folder).resolve()), patterns)
                names = listings.get(key)
                if names is None:
                    names = [n for n in FileSystemLoader(folder).list_templates() if filter_func(n)]
                    if not Path(key[0]).is_relative_to(project.resolve()):
                        listings[key] = names
                found.update(names)
            return sorted(found)

    def add_files_from_theme(self, env, config):
        return function(self, Listing(env, config), config)

    replace(Files, "add_files_from_theme", add_files_from_theme)


# --- pymdown-extensions --------------------------------------------------------------------------


def record_snippet_reads(reads: list[list[str]]) -> None:
    """Append the absolute path of every file a snippet (`--8<--`) reads to each list in `reads`."""
    import os

    from pymdownx.snippets import SnippetPreprocessor

    assumption = "SnippetPreprocessor.read_lines(self, path) reads every included file"
    require_version("pymdown-extensions", assumption)
    read_lines = original(SnippetPreprocessor, "read_lines")
    require("pymdown-extensions", assumption, parameters(read_lines) == ["self", "path"])

    def recording_read_lines(self, path):
        for found in reads:
            found.append(os.path.abspath(path))
        return read_lines(self, path)

    replace(SnippetPreprocessor, "read_lines", recording_read_lines)


# --- mkdocs-jupyter and nbconvert ----------------------------------------------------------------


def ask_once(jupyter_plugin, is_notebook: Callable) -> Callable:
    """Make mkdocs-jupyter's `should_include(file)` answer through `is_notebook(file)`
    (notebooks.NotebookDetector: once per file content). Returns mkdocs-jupyter's own."""
    assumption = "the plugin asks its method should_include(file) whether a page is a notebook"
    require_version("mkdocs-jupyter", assumption)
    own = getattr(type(jupyter_plugin), "should_include", None)
    require("mkdocs-jupyter", assumption, own is not None and parameters(own) == ["self", "file"])
    jupyter_plugin.should_include = is_notebook  # this build's instance only
    return own.__get__(jupyter_plugin)


def check_markdown_cells_escaped() -> None:
    """notebooks.restore_markdown_cells undoes nbconvert's HTML-escaping of Markdown cells in
    mkdocs-jupyter's `markdown_cell_processor: mkdocs` mode; once a release stops escaping, the
    un-escaping would turn a written `&lt;` into `<`."""
    require_version(
        "mkdocs-jupyter",
        "Markdown cells reach MkDocs HTML-escaped (&, <, >), and notebooks.py un-escapes them",
    )


def _nbconverts_preprocess() -> Callable:
    """nbconvert's own ExecutePreprocessor.preprocess (under any wrapper of ours), once the
    assumption both functions below rely on is checked."""
    from nbconvert.preprocessors import ExecutePreprocessor

    assumption = "ExecutePreprocessor.preprocess(self, nb, resources, km) runs the whole notebook"
    require_version("nbconvert", assumption)
    run = original(ExecutePreprocessor, "preprocess")
    require("nbconvert", assumption, parameters(run) == ["self", "nb", "resources", "km"])
    return run


def reuse_notebook_outputs(preprocess: Callable) -> None:
    """Execute notebooks through `preprocess(execute, nb, resources)` (notebooks.py)."""
    from nbconvert.preprocessors import ExecutePreprocessor

    run = _nbconverts_preprocess()  # the guard: require()s its assumption

    def reusing_preprocess(self, nb, resources=None, km=None):
        return preprocess(lambda: run(self, nb, resources, km), nb, resources)

    replace(ExecutePreprocessor, "preprocess", reusing_preprocess)


def execute_unwrapped(client, nb, resources):
    """nbconvert's own ExecutePreprocessor.preprocess, not the wrapper above: for notebooks
    executed ahead of their pages, whose outputs notebooks.py stores itself."""
    return _nbconverts_preprocess()(client, nb, resources, None)  # it require()s its assumption


def remove_jupyter_mathjax(output: str, loader_url: str, remove: Callable[[str], str]) -> str:
    """mkdocs-jupyter writes its MathJax loader into every page; `remove` takes it out."""
    removed = remove(output)
    require(
        "mkdocs-jupyter",
        f"its MathJax loader (<script data-mkdocs-jupyter-mathjax=…>, {loader_url}) is "
        "recognised and removed",
        loader_url not in removed,
    )
    return removed


# --- Material ------------------------------------------------------------------------------------


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'


def index_through(search_plugin, add: Callable) -> None:
    """Index pages through `add(page, add_entry, entries)` (search.py)."""
    assumption = (
        "the search plugin indexes each page with search_index.add_entry_from_context(page) "
        "into the list search_index.entries"
    )
    require_version("mkdocs-material", assumption)
    index = getattr(search_plugin, "search_index", None)
    add_entry = getattr(index, "add_entry_from_context", None)
    require(
        "mkdocs-material",
        assumption,
        callable(add_entry) and isinstance(getattr(index, "entries", None), list),
    )
    index.add_entry_from_context = lambda page: add(page, add_entry, index.entries)


def name_search_dialog(output: str, name: str) -> str:
    """Material's search overlay has role="dialog" but no accessible name (axe:
    aria-dialog-name); it gets `name`."""
    require(
        "mkdocs-material",
        f"every page carries the search dialog as `{SEARCH_DIALOG}…`",
        SEARCH_DIALOG in output,
    )
    return output.replace(SEARCH_DIALOG, f'{SEARCH_DIALOG} aria-label="{name}"', 1)


MATERIAL_BUNDLE = "templates/assets/javascripts/bundle.*.min.js"
# What Material's bundle does as it starts, read in its source (9.8): it swaps the <html> class
# no-js for js, its focus-visible polyfill marks <html> too, and instant navigation resolves
# every relative href and src of the page by assigning the attribute its own absolute URL
# (`el[key] = el[key]`). It starts on the document's first DOMContentLoaded event (`watchDocument`).
MATERIAL_START = (
    'classList.remove("no-js")',
    'classList.add("js")',
    'classList.add("js-focus-visible")',
    'setAttribute("data-js-focus-visible","")',
    '"[href], [src]"',
    '"DOMContentLoaded",{once:!0}',
)
# The same changes, done in <head> before any of the page is laid out (every stylesheet link is
# above it). Done by the bundle at the end of <body>, two of them made Chromium restyle the whole
# page: the class on <html> that `.js …` rules select on, and a stylesheet link whose href is set
# (the sheet is processed again). In a Chromium trace of /ch4/ that was two style recalculations
# of all 4,500 elements while the bundle started (~50 ms each on this machine; four times that on
# the 4x slower CPU of Lighthouse's phone). Material then finds nothing left to change.
EARLY_START = (
    "<script>(function(h){"
    'h.classList.replace("no-js","js");h.classList.add("js-focus-visible");'
    'h.setAttribute("data-js-focus-visible","");'
    'document.querySelectorAll("link[rel=stylesheet]").forEach(function(l){'
    '/^(?:[a-z]+:)?\\/\\//i.test(l.getAttribute("href"))||(l.href=l.href)})'
    "})(document.documentElement)</script>\n"
)


@functools.cache  # both probes below read it, at every build; an installed package cannot change
def _material_bundle(material: Path) -> str:
    """The text of the one JavaScript bundle of the Material installed at `material` ("" if
    there is not exactly one)."""
    bundles = sorted(material.glob(MATERIAL_BUNDLE))
    return bundles[0].read_text(encoding="utf-8") if len(bundles) == 1 else ""


def check_material_start(material: Path) -> None:
    """EARLY_START anticipates what the bundle of the Material installed at `material` does
    when it starts (see MATERIAL_START)."""
    assumption = (
        "its bundle swaps <html class=no-js> for js, marks <html> js-focus-visible and resolves "
        "every relative href/src by self-assignment when it starts (the early start in <head> "
        "does these first), and starts on the first DOMContentLoaded event (the start after the "
        "first paint gives it one)"
    )
    require_version("mkdocs-material", assumption)
    text = _material_bundle(material)
    require("mkdocs-material", assumption, all(probe in text for probe in MATERIAL_START))


# Feature flags Material's bundle reads but its documentation does not list, with what each does
# there (read in its source, 9.8). mkdocs.yml may turn them on; an upgrade that drops one would
# silently fall back to the default behaviour.
MATERIAL_UNDOCUMENTED_FEATURES = {
    "content.lazy": "code blocks are started (copy button, scroll check) when they come into view",
}


def check_material_features(material: Path, features: Iterable[str]) -> None:
    """Each undocumented flag among `features` (the theme's) is still read by the bundle of the
    Material installed at `material`."""
    for feature in features:
        if feature not in MATERIAL_UNDOCUMENTED_FEATURES:
            continue
        assumption = (
            f'its bundle reads the undocumented feature flag "{feature}" '
            f"({MATERIAL_UNDOCUMENTED_FEATURES[feature]})"
        )
        require_version("mkdocs-material", assumption)
        require("mkdocs-material", assumption, f'"{feature}"' in _material_bundle(material))


def start_early(output: str) -> str:
    """The page with EARLY_START as the last element of its <head>."""
    require(
        "mkdocs-material",
        'every page is <html … class="no-js"> … </head>',
        'class="no-js"' in output and "</head>" in output,
    )
    return output.replace("</head>", f"{EARLY_START}</head>", 1)


# Material's bundle, as its `scripts` block writes it at the end of <body>, and what follows it
# there: the site's extra_javascript, each a plain <script src>.
BUNDLE_TAG = re.compile(
    r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>'
)
SCRIPT_TAG = re.compile(r'\s*<script src="([^"]+)"></script>')
START_AFTER_PAINT = Path(__file__).with_name("start_after_paint.js")


def start_after_first_paint(output: str) -> str:
    """The page with Material's bundle and the scripts after it started by start_after_paint.js
    (inlined in their place) once the page's first contentful frame is on screen, in the same
    order.

    Parsed at the end of <body>, the bundle often ran before the browser had shown a frame,
    and its first step (reading the scroll position) then made the browser lay out the whole
    document before painting anything. A lab browser that shows a page's first frame a second late
    (README: the paragraph on Lighthouse's stall) then counted all of that work as holding up
    the first paint.
    """
    bundles = list(BUNDLE_TAG.finditer(output))
    end = output.rfind("</body>")
    require(
        "mkdocs-material",
        "every page loads one bundle.*.min.js with a plain <script src> before </body>",
        len(bundles) == 1 and end >= 0,
    )
    first = bundles[0].start()
    sources, position = [], first
    while match := SCRIPT_TAG.match(output, position):
        sources.append(match[1])
        position = match.end()
    rest = output[position:end]
    require(
        "mkdocs-material",
        "nothing but <script src> tags follows its bundle before </body> (the site's "
        f"extra_javascript), found: {rest.strip()[:80]!r}",
        not rest.strip(),
    )
    call = f"<script>{_start_after_paint()}({json.dumps(sources)});</script>\n"
    return output[:first] + call + output[end:]


@functools.cache
def _start_after_paint() -> str:
    """start_after_paint.js without its comments (it has no `//` but in comments) or indents."""
    lines = (re.sub(r"\s*//.*", "", line).strip() for line in START_AFTER_PAINT.open())
    return "\n".join(line for line in lines if line)


# --- Jinja template caches -----------------------------------------------------------------------


def cache_templates(theme, folder: Callable[[str], Path]) -> None:
    """Compile templates once, not at every build: Material's (via the theme's `get_env`) and
    nbconvert's (TemplateExporter._create_environment), with Jinja's bytecode cache in
    `folder(kind)`. Jinja checks each template's source against its cache."""
    from jinja2 import FileSystemBytecodeCache
    from nbconvert.exporters.templateexporter import TemplateExporter

    assumption = "TemplateExporter._create_environment(self) makes nbconvert's Jinja environment"
    require_version("nbconvert", assumption)
    create = original(TemplateExporter, "_create_environment")
    require("nbconvert", assumption, parameters(create) == ["self"])
    name, version = mkdocs_distribution()
    require(
        name,
        "Theme.get_env() makes the theme's Jinja environment",
        callable(theme.get_env),
        version,
    )

    folders = {kind: folder(kind) for kind in ("nbconvert", "theme")}
    for path in folders.values():
        path.mkdir(parents=True, exist_ok=True)
    notebook_cache = FileSystemBytecodeCache(str(folders["nbconvert"]))
    theme_cache = FileSystemBytecodeCache(str(folders["theme"]))

    def create_environment(self):
        environment = create(self)
        if not environment.is_async:
            environment.bytecode_cache = notebook_cache
        return environment

    replace(TemplateExporter, "_create_environment", create_environment)
    get_env = theme.get_env  # a new theme object for every build

    def get_env_with_cache():
        environment = get_env()
        environment.bytecode_cache = theme_cache
        return environment

    theme.get_env = get_env_with_cache


# --- MathJax (npm) -------------------------------------------------------------------------------


def check_mathjax(package_json: Path) -> None:
    """mathjax.js loads MathJax 3's `es5/` components (MathJax 4 has no es5/ folder)."""
    if not package_json.is_file():
        raise PluginError(f"MathJax is missing ({package_json}): run `npm ci` (or `make setup`).")
    version = json.loads(package_json.read_text(encoding="utf-8")).get("version", "?")
    assumption = "mathjax.js loads MathJax 3's components from node_modules/mathjax/es5/"
    require_version("mathjax", assumption, version)
    require("mathjax", assumption, (package_json.parent / "es5").is_dir(), version)


def declare_anchors(page, ids: Iterable[str]) -> None:
    """Tell MkDocs' link validation that `ids` exist on `page` (added after Markdown ran)."""
    name, version = mkdocs_distribution()
    anchors = getattr(page, "present_anchor_ids", None)
    require(
        name,
        "Page.present_anchor_ids is the set of ids MkDocs validates links to the page against",
        anchors is None or isinstance(anchors, set),
        version,
    )
    if anchors is not None:
        anchors.update(ids)


@contextmanager
def current_page(config, page):
    """MkDocs' own `_populate_page` sets `config._current_page` while a page renders (plugins
    and extensions read it); page reuse runs `pre_page` for a restored page the same way."""
    name, version = mkdocs_distribution()
    require(
        name,
        "config._current_page names the page being rendered",
        hasattr(config, "_current_page"),
        version,
    )
    config._current_page = page
    try:
        yield
    finally:
        config._current_page = None


def modified_also_when(file, changed: Callable[[], bool]) -> None:
    """A `--dirty` build rebuilds only pages whose `File.is_modified()`; make that also true
    when `changed()` (e.g. src/ is newer than the built notebook page)."""
    name, version = mkdocs_distribution()
    own = getattr(file, "is_modified", None)
    require(
        name,
        "File.is_modified() tells a --dirty build which pages to rebuild",
        callable(own),
        version,
    )
    file.is_modified = lambda: own() or changed()


# --- mkdocstrings and mkdocs-autorefs: what rendering a page registers --------------------------


def registries(config) -> dict:
    """Objects whose registries a page's rendering fills: (name -> (object, recorded methods)).

    mkdocstrings registers each documented object in its inventory (objects.inv) and as a
    cross-reference target (autorefs); its handler, once created, adds its stylesheet. A reused
    page (page_reuse.py) replays these calls.
    """
    found = {}
    autorefs = config.plugins.get("autorefs")
    if autorefs is not None:
        assumption = "a page's anchors reach autorefs through register_anchor and register_url"
        require_version("mkdocs-autorefs", assumption)
        methods = ("register_anchor", "register_url")
        require(
            "mkdocs-autorefs",
            assumption,
            all(callable(getattr(autorefs, m, None)) for m in methods),
        )
        found["autorefs"] = (autorefs, methods)
    mkdocstrings = config.plugins.get("mkdocstrings")
    if mkdocstrings is not None:
        assumption = (
            "rendering registers objects through _handlers.get_handler and "
            "_handlers.inventory.register"
        )
        require_version("mkdocstrings", assumption)
        handlers = getattr(mkdocstrings, "_handlers", None)
        if handlers is not None:  # created at the first page that documents an object
            require(
                "mkdocstrings",
                assumption,
                callable(getattr(handlers, "get_handler", None))
                and callable(getattr(getattr(handlers, "inventory", None), "register", None)),
            )
            found["handlers"] = (handlers, ("get_handler",))
            found["inventory"] = (handlers.inventory, ("register",))
    return found


@contextmanager
def recorded_registry_calls(config):
    """Yields the list of (registry, method, args, kwargs) calls made while the block runs."""
    calls: list = []
    patched = []
    for name, (target, methods) in registries(config).items():
        for method in methods:
            own = getattr(target, method)

            def recorder(*args, _name=name, _method=method, _own=own, **kwargs):
                call = (_name, _method, args, kwargs)
                if call not in calls:
                    calls.append(call)
                return _own(*args, **kwargs)

            patched.append((target, method, vars(target).get(method)))
            setattr(target, method, recorder)
    try:
        yield calls
    finally:
        for target, method, previous in reversed(patched):
            if previous is None:
                delattr(target, method)  # the class's method again
            else:
                setattr(target, method, previous)


def replay_registry_calls(config, calls) -> None:
    targets = registries(config)
    for name, method, args, kwargs in calls:
        getattr(targets[name][0], method)(*args, **kwargs)
