"""Every guard of src/textbook_site/compat.py stops the build when its assumption breaks.

Each test simulates the upgrade that would break the assumption (another installed version, a
changed signature, changed markup) and checks the build stops with a message naming the package,
the version and the assumption. Where the assumption can be checked against the installed
library itself, a canary test does so. No site is built here.
"""

import inspect
import json
from pathlib import Path

import material
import pytest
from mkdocs.exceptions import PluginError

from textbook_site import compat, notebooks


def broken(package: str, version: str | None = None):
    """pytest.raises for compat.Broken naming `package` (and `version`)."""
    pattern = f"{package} {version or ''}"
    return pytest.raises(compat.Broken, match=pattern.replace(".", r"\.").replace("(", r"\("))


@pytest.fixture
def upgraded(monkeypatch):
    """`upgraded("nbconvert", "8.0.0")`: compat sees that version installed."""

    def upgrade(package: str, version: str) -> None:
        real = compat.installed
        monkeypatch.setattr(
            compat, "installed", lambda name: version if name == package else real(name)
        )

    return upgrade


def test_the_message_names_package_version_and_assumption():
    error = compat.Broken("nbconvert", "8.0.0", "ExecutePreprocessor.preprocess runs a notebook")
    assert isinstance(error, PluginError)
    assert "nbconvert 8.0.0" in str(error)
    assert "ExecutePreprocessor.preprocess runs a notebook" in str(error)
    assert "compat.py" in str(error)


def test_every_guard_written_for_the_installed_versions():
    """The pins and the guards agree: with the installed set, no guard stops the build."""
    for package, prefix in compat.WRITTEN_FOR.items():
        if package in ("mathjax", "properdocs"):
            continue
        version = compat.installed(package)
        if package == "mkdocs" and version == "(not installed)":
            continue  # ProperDocs provides MkDocs
        assert version.startswith(prefix), (package, version, prefix)


# --- MkDocs: page reuse -------------------------------------------------------------------------


@pytest.fixture
def mkdocs_build(monkeypatch):
    from mkdocs.commands import build

    monkeypatch.setattr(build, "_populate_page", compat.original(build, "_populate_page"))
    return build


def test_page_reuse_wraps_mkdocs_page_rendering(mkdocs_build):
    calls = []
    compat.reuse_pages(lambda render, page, config, files, dirty: calls.append(page))
    mkdocs_build._populate_page("page", "config", "files")
    assert calls == ["page"]
    compat.reuse_pages(lambda *args: None)  # again: replaced, not stacked
    assert mkdocs_build._populate_page.__wrapped__.__name__ == "_populate_page"


def test_page_reuse_stops_on_mkdocs_2(mkdocs_build, monkeypatch):
    monkeypatch.setattr(compat, "mkdocs_distribution", lambda: ("mkdocs", "2.0.0"))
    with broken("mkdocs", "2.0.0"):
        compat.reuse_pages(lambda *args: None)


def test_page_reuse_stops_when_the_rendering_function_changes(mkdocs_build, monkeypatch):
    monkeypatch.setattr(mkdocs_build, "_populate_page", lambda page, config, files, dirty, x: 0)
    with broken("mkdocs"):
        compat.reuse_pages(lambda *args: None)


def test_page_reuse_stops_when_the_rendering_function_is_gone(mkdocs_build, monkeypatch):
    monkeypatch.delattr(mkdocs_build, "_populate_page")
    with broken("mkdocs"):
        compat.reuse_pages(lambda *args: None)


@pytest.fixture
def theme_files(monkeypatch):
    from mkdocs.structure.files import Files

    monkeypatch.setattr(
        Files, "add_files_from_theme", compat.original(Files, "add_files_from_theme")
    )
    return Files


def theme_config(tmp_path):
    """A project (docs/, overrides/) and an installed theme (elsewhere), with their config."""
    from mkdocs.config.defaults import MkDocsConfig

    project, installed = tmp_path / "project", tmp_path / "site-packages/theme"
    for folder, names in (
        (project / "overrides", ["main.html", "assets/extra.css"]),
        (installed, ["base.html", "assets/app.js", ".icons/a.svg", "partials/nav.html"]),
        (project / "docs", ["index.md"]),
    ):
        for name in names:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text("x", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    config = MkDocsConfig(config_file_path=str(project / "mkdocs.yml"))
    config.load_dict({"site_name": "t", "docs_dir": str(project / "docs")})
    assert not config.validate()[0]
    config.theme.dirs[:] = [str(project / "overrides"), str(installed)]
    return project, installed, config


def theme_listing(config) -> list[str]:
    from mkdocs.structure.files import get_files

    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted(f.src_uri for f in files if not f.is_documentation_page())


def test_an_installed_theme_is_listed_once_and_the_project_at_every_build(theme_files, tmp_path):
    project, installed, config = theme_config(tmp_path)
    expected = theme_listing(config)  # MkDocs' own listing
    assert expected == ["assets/app.js", "assets/extra.css"]
    listings: dict = {}
    compat.list_installed_theme_once(project, listings)
    assert theme_listing(config) == expected
    assert len(listings) == 1  # the installed folder only
    # A file added to the project's overrides shows at the next build; the installed folder's
    # listing is kept (a reinstall needs a restart of `mkdocs serve`).
    (project / "overrides/assets/more.css").write_text("x", encoding="utf-8")
    (installed / "assets/new.js").write_text("x", encoding="utf-8")
    assert theme_listing(config) == [
        "assets/app.js",
        "assets/extra.css",
        "assets/more.css",
    ]
    compat.list_installed_theme_once(project, {})  # a new process: listed again
    assert "assets/new.js" in theme_listing(config)


def test_theme_listing_stops_when_mkdocs_lists_otherwise(theme_files, monkeypatch):
    def add_files_from_theme(self, env, config):
        for path in env.list_templates(filter_func=None):
            env.get_template(path)

    monkeypatch.setattr(theme_files, "add_files_from_theme", add_files_from_theme)
    with broken("mkdocs"):
        compat.list_installed_theme_once(Path("."), {})


def test_theme_listing_stops_on_mkdocs_2(theme_files, monkeypatch):
    monkeypatch.setattr(compat, "mkdocs_distribution", lambda: ("mkdocs", "2.0.0"))
    with broken("mkdocs", "2.0.0"):
        compat.list_installed_theme_once(Path("."), {})


def test_a_dirty_build_check_needs_file_is_modified():
    class OldFile:
        pass

    with broken("mkdocs"):
        compat.modified_also_when(OldFile(), lambda: True)


# --- pymdown-extensions: snippet reads ----------------------------------------------------------


@pytest.fixture
def snippets(monkeypatch):
    from pymdownx.snippets import SnippetPreprocessor

    original = compat.original(SnippetPreprocessor, "read_lines")
    monkeypatch.setattr(SnippetPreprocessor, "read_lines", original)
    return SnippetPreprocessor


def test_snippet_reads_are_recorded(snippets, tmp_path):
    included = tmp_path / "notice.txt"
    included.write_text("a\n", encoding="utf-8")
    reads = [[]]
    compat.record_snippet_reads(reads)
    preprocessor = object.__new__(snippets)
    preprocessor.encoding = "utf-8"
    assert preprocessor.read_lines(str(included))[0] == "a"
    assert reads == [[str(included)]]


def test_snippet_recording_stops_on_another_major_version(snippets, upgraded):
    upgraded("pymdown-extensions", "14.0")
    with broken("pymdown-extensions", "14.0"):
        compat.record_snippet_reads([])


def test_snippet_recording_stops_when_read_lines_changes(snippets, monkeypatch):
    monkeypatch.setattr(snippets, "read_lines", lambda self, path, encoding: [])
    with broken("pymdown-extensions"):
        compat.record_snippet_reads([])


# --- mkdocs-jupyter and nbconvert ---------------------------------------------------------------


class FakeJupyterPlugin:
    def should_include(self, file):
        return "own answer"


def test_notebook_detection_asks_once_through_the_detector():
    plugin = FakeJupyterPlugin()
    own = compat.ask_once(plugin, lambda file: "detector's answer")
    assert plugin.should_include("file") == "detector's answer"
    assert own("file") == "own answer"


def test_notebook_detection_stops_on_another_mkdocs_jupyter(upgraded):
    upgraded("mkdocs-jupyter", "0.28.0")
    with broken("mkdocs-jupyter", "0.28.0"):
        compat.ask_once(FakeJupyterPlugin(), lambda file: False)


def test_notebook_detection_stops_when_should_include_changes():
    class Changed:
        def should_include(self, file, config):
            return False

    with broken("mkdocs-jupyter"):
        compat.ask_once(Changed(), lambda file: False)


def test_unescaping_markdown_cells_stops_on_another_mkdocs_jupyter(upgraded):
    upgraded("mkdocs-jupyter", "0.28.0")
    with broken("mkdocs-jupyter", "0.28.0"):
        compat.check_markdown_cells_escaped()


def test_canary_markdown_cells_are_still_escaped(tmp_path, as_notebook):
    """The assumption itself, on the installed mkdocs-jupyter: `&` and `<` arrive escaped."""
    from mkdocs_jupyter.nbconvert2 import nb2html

    path = tmp_path / "tiny.md"
    path.write_text(as_notebook("$a < b$ & `x<y`\n"), encoding="utf-8")
    html = nb2html(str(path), markdown_cell_processor="mkdocs", mathjax_version=3)
    (cell,) = [m.group(2) for m in notebooks.MARKDOWN_CELL.finditer(html)]
    assert "&lt;" in cell and "&amp;" in cell
    assert "a < b" in notebooks.restore_markdown_cells(html)


@pytest.fixture
def execute_preprocessor(monkeypatch):
    from nbconvert.preprocessors import ExecutePreprocessor

    original = compat.original(ExecutePreprocessor, "preprocess")
    monkeypatch.setattr(ExecutePreprocessor, "preprocess", original)
    return ExecutePreprocessor


def test_output_reuse_wraps_notebook_execution(execute_preprocessor):
    seen = []
    compat.reuse_notebook_outputs(lambda execute, nb, resources: seen.append(nb) or (nb, {}))
    assert execute_preprocessor.preprocess(object(), "nb", {}) == ("nb", {})
    assert seen == ["nb"]


def test_output_reuse_stops_on_nbconvert_8(execute_preprocessor, upgraded):
    upgraded("nbconvert", "8.0.0")
    with broken("nbconvert", "8.0.0"):
        compat.reuse_notebook_outputs(lambda *args: None)


def test_output_reuse_stops_when_preprocess_changes(execute_preprocessor, monkeypatch):
    monkeypatch.setattr(execute_preprocessor, "preprocess", lambda self, nb, resources: None)
    with broken("nbconvert"):
        compat.reuse_notebook_outputs(lambda *args: None)


def test_execution_ahead_runs_nbconverts_own_preprocess_not_the_reuse_wrapper(
    execute_preprocessor, monkeypatch
):
    ran = []
    monkeypatch.setattr(
        execute_preprocessor,
        "preprocess",
        lambda self, nb, resources=None, km=None: ran.append(nb) or (nb, resources),
    )
    compat.reuse_notebook_outputs(lambda execute, nb, resources: ("wrapper", resources))
    assert compat.execute_unwrapped(object(), "nb", {}) == ("nb", {})
    assert ran == ["nb"]


def test_execution_ahead_stops_on_nbconvert_8(execute_preprocessor, upgraded):
    upgraded("nbconvert", "8.0.0")
    with broken("nbconvert", "8.0.0"):
        compat.execute_unwrapped(object(), "nb", {})


def test_execution_ahead_stops_when_preprocess_changes(execute_preprocessor, monkeypatch):
    monkeypatch.setattr(execute_preprocessor, "preprocess", lambda self, nb, resources: None)
    with broken("nbconvert"):
        compat.execute_unwrapped(object(), "nb", {})


def test_removing_jupyters_mathjax_loader_stops_when_it_is_not_recognised():
    page = '<script src="assets/mathjax/startup.js" data-new-marker></script></body>'
    with broken("mkdocs-jupyter"):
        compat.remove_jupyter_mathjax(
            page, "assets/mathjax/startup.js", notebooks.without_jupyter_mathjax
        )


def test_canary_jupyters_mathjax_loader_is_recognised():
    from mkdocs_jupyter.mathjax import mathjax_script

    page = "<body>" + mathjax_script(3, "assets/mathjax/startup.js") + "</body>"
    cleaned = compat.remove_jupyter_mathjax(
        page, "assets/mathjax/startup.js", notebooks.without_jupyter_mathjax
    )
    assert cleaned == "<body></body>"


@pytest.fixture
def template_exporter(monkeypatch):
    from nbconvert.exporters.templateexporter import TemplateExporter

    original = compat.original(TemplateExporter, "_create_environment")
    monkeypatch.setattr(TemplateExporter, "_create_environment", original)
    return TemplateExporter


class FakeTheme:
    def get_env(self):
        import jinja2

        return jinja2.Environment()


def test_template_caches_are_installed(template_exporter, tmp_path):
    theme = FakeTheme()
    compat.cache_templates(theme, lambda kind: tmp_path / kind)
    assert theme.get_env().bytecode_cache is not None
    assert (tmp_path / "nbconvert").is_dir() and (tmp_path / "theme").is_dir()


def test_template_caches_stop_when_nbconvert_changes(template_exporter, monkeypatch, tmp_path):
    monkeypatch.setattr(template_exporter, "_create_environment", lambda self, extra: None)
    with broken("nbconvert"):
        compat.cache_templates(FakeTheme(), lambda kind: tmp_path / kind)


# --- Material -----------------------------------------------------------------------------------


class FakeIndex:
    def __init__(self):
        self.entries = []

    def add_entry_from_context(self, page):
        self.entries.append({"location": page})


class FakeSearchPlugin:
    def __init__(self):
        self.search_index = FakeIndex()


def test_search_indexes_through_our_step():
    plugin = FakeSearchPlugin()
    compat.index_through(plugin, lambda page, add, entries: add(page + "!"))
    plugin.search_index.add_entry_from_context("page")
    assert plugin.search_index.entries == [{"location": "page!"}]


def test_search_step_stops_when_materials_index_changes():
    plugin = FakeSearchPlugin()
    plugin.search_index = object()
    with broken("mkdocs-material"):
        compat.index_through(plugin, lambda *args: None)


def test_search_step_stops_on_material_10(upgraded):
    upgraded("mkdocs-material", "10.0.0")
    with broken("mkdocs-material", "10.0.0"):
        compat.index_through(FakeSearchPlugin(), lambda *args: None)


def test_search_dialog_gets_its_name():
    page = f"<body>{compat.SEARCH_DIALOG} data-x></div></body>"
    assert 'role="dialog" aria-label="検索"' in compat.name_search_dialog(page, "検索")


def test_search_dialog_fix_stops_when_materials_markup_changes():
    with broken("mkdocs-material"):
        compat.name_search_dialog('<div class="md-search" role="dialog">', "検索")


def material_package(tmp_path, bundle: str):
    """A Material package folder whose bundle is `bundle`."""
    folder = tmp_path / "templates/assets/javascripts"
    folder.mkdir(parents=True)
    (folder / "bundle.0123abcd.min.js").write_text(bundle, encoding="utf-8")
    return tmp_path


def test_canary_materials_bundle_starts_as_the_early_start_expects():
    compat.check_material_start(Path(material.__file__).parent)


def test_early_start_stops_when_materials_bundle_starts_otherwise(tmp_path):
    # e.g. a Material that resolves links another way: the early start would not match it.
    bundle = 'document.documentElement.classList.remove("no-js");classList.add("js");'
    with broken("mkdocs-material"):
        compat.check_material_start(material_package(tmp_path, bundle))


def test_early_start_stops_on_material_10(tmp_path, upgraded):
    upgraded("mkdocs-material", "10.0.0")
    with broken("mkdocs-material", "10.0.0"):
        compat.check_material_start(material_package(tmp_path, "".join(compat.MATERIAL_START)))


def test_canary_materials_bundle_reads_the_undocumented_flags_we_set():
    compat.check_material_features(Path(material.__file__).parent, ["content.lazy"])


def test_undocumented_flag_stops_when_materials_bundle_no_longer_reads_it(tmp_path):
    bundle = "".join(compat.MATERIAL_START) + 'V("content.code.copy")'
    features = ["content.code.copy", "content.lazy"]
    with broken("mkdocs-material"):
        compat.check_material_features(material_package(tmp_path, bundle), features)
    # Documented flags are Material's own business, not probed.
    compat.check_material_features(material_package(tmp_path / "b", bundle), features[:1])


def test_undocumented_flag_stops_on_material_10(tmp_path, upgraded):
    upgraded("mkdocs-material", "10.0.0")
    with broken("mkdocs-material", "10.0.0"):
        compat.check_material_features(
            material_package(tmp_path, 'V("content.lazy")'), ["content.lazy"]
        )


def test_early_start_is_the_last_element_of_the_head():
    page = '<html class="no-js"><head><link rel="stylesheet" href="a.css"></head><body></body>'
    assert compat.start_early(page).endswith(f"{compat.EARLY_START}</head><body></body>")


def test_early_start_stops_when_the_page_has_no_no_js_class():
    with broken("mkdocs-material"):
        compat.start_early("<html><head></head><body></body>")


BUNDLE = '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
SCRIPTS = (
    '\n  <script src="../javascripts/a.js"></script>\n<script src="../javascripts/b.js"></script>'
)


def test_start_after_first_paint_starts_the_bundle_and_the_scripts_after_it_in_order():
    page = f"<body><p>text</p><script>inline()</script>{BUNDLE}{SCRIPTS}\n</body></html>"
    started = compat.start_after_first_paint(page)
    assert started.startswith("<body><p>text</p><script>inline()</script><script>(function")
    assert started.endswith(
        '})(["../assets/javascripts/bundle.a5f9d56c.min.js", "../javascripts/a.js", '
        '"../javascripts/b.js"]);</script>\n</body></html>'
    )
    assert "<script src=" not in started
    assert "//" not in started.replace('"../', "")  # the loader's comments are left out


@pytest.mark.parametrize(
    "page",
    [
        f"<body>{SCRIPTS}</body>",  # no bundle
        f"<body>{BUNDLE}{BUNDLE}</body>",  # two
        f"<body>{BUNDLE}<script>late()</script></body>",  # an inline script after it
        f'<body>{BUNDLE}<script src="m.js" type="module"></script></body>',  # a module after it
    ],
)
def test_start_after_first_paint_stops_on_a_page_it_was_not_written_for(page):
    with broken("mkdocs-material"):
        compat.start_after_first_paint(page)


def test_start_after_first_paint_stops_when_materials_bundle_no_longer_starts_on_dom_ready(
    tmp_path,
):
    bundle = "".join(p for p in compat.MATERIAL_START if "DOMContentLoaded" not in p)
    with broken("mkdocs-material"):
        compat.check_material_start(material_package(tmp_path, bundle))


# --- MathJax (npm) ------------------------------------------------------------------------------


def package_json(tmp_path, version: str, es5: bool = True):
    folder = tmp_path / "node_modules/mathjax"
    folder.mkdir(parents=True)
    (folder / "package.json").write_text(json.dumps({"version": version}), encoding="utf-8")
    if es5:
        (folder / "es5").mkdir()
    return folder / "package.json"


def test_mathjax_3_with_es5_passes(tmp_path):
    compat.check_mathjax(package_json(tmp_path, "3.2.2"))


def test_mathjax_4_stops_the_build(tmp_path):
    with broken("mathjax", "4.1.3"):
        compat.check_mathjax(package_json(tmp_path, "4.1.3", es5=False))


def test_mathjax_without_es5_stops_the_build(tmp_path):
    with broken("mathjax", "3.9.0"):
        compat.check_mathjax(package_json(tmp_path, "3.9.0", es5=False))


def test_missing_mathjax_says_how_to_install_it(tmp_path):
    with pytest.raises(PluginError, match="npm ci"):
        compat.check_mathjax(tmp_path / "node_modules/mathjax/package.json")


def test_every_patch_in_compat_has_a_guard():
    """Each public function of compat.py that patches or relies on an internal calls require()."""
    helpers = {"installed", "require", "require_version", "parameters", "replace", "original"}
    helpers |= {"mkdocs_distribution", "replay_registry_calls", "recorded_registry_calls"}
    for name, function in inspect.getmembers(compat, inspect.isfunction):
        if function.__module__ != compat.__name__ or name in helpers or name.startswith("_"):
            continue
        source = inspect.getsource(function)
        assert "require" in source, f"compat.{name} has no guard"


# --- MkDocs internals page reuse and the content steps touch ------------------------------------


def test_declared_anchors_reach_mkdocs_validation():
    class Page:
        def __init__(self):
            self.present_anchor_ids = {"top"}

    page = Page()
    compat.declare_anchors(page, ["cite-this-page"])
    assert page.present_anchor_ids == {"top", "cite-this-page"}


def test_declaring_anchors_stops_when_mkdocs_changes_the_attribute():
    class Page:
        def __init__(self):
            self.present_anchor_ids = ["top"]  # not the set MkDocs 1.6 keeps

    with broken("mkdocs"):
        compat.declare_anchors(Page(), ["cite-this-page"])


def test_the_current_page_is_set_while_a_restored_page_runs_pre_page():
    class Config:
        _current_page = None

    config = Config()
    with compat.current_page(config, "page"):
        assert config._current_page == "page"
    assert config._current_page is None
    with broken("mkdocs"), compat.current_page(object(), "page"):
        pass


class FakePlugins(dict):
    pass


class FakeAutorefs:
    def __init__(self):
        self.anchors = []

    def register_anchor(self, *args):
        self.anchors.append(args)

    def register_url(self, *args):
        pass


def test_registry_calls_are_recorded_and_replayed():
    autorefs = FakeAutorefs()
    config = type("Config", (), {"plugins": FakePlugins(autorefs=autorefs)})()
    with compat.recorded_registry_calls(config) as calls:
        autorefs.register_anchor("page.md", "eq-1")
    assert calls == [("autorefs", "register_anchor", ("page.md", "eq-1"), {})]
    assert "register_anchor" not in vars(autorefs)  # the recorder is gone again
    compat.replay_registry_calls(config, calls)
    assert autorefs.anchors == [("page.md", "eq-1"), ("page.md", "eq-1")]


def test_registry_recording_stops_when_autorefs_changes(upgraded):
    config = type("Config", (), {"plugins": FakePlugins(autorefs=object())})()
    with broken("mkdocs-autorefs"):
        compat.registries(config)
    upgraded("mkdocs-autorefs", "2.0.0")
    config = type("Config", (), {"plugins": FakePlugins(autorefs=FakeAutorefs())})()
    with broken("mkdocs-autorefs", "2.0.0"):
        compat.registries(config)


def test_registry_recording_stops_when_mkdocstrings_changes():
    plugin = type("Mkdocstrings", (), {"_handlers": object()})()
    config = type("Config", (), {"plugins": FakePlugins(mkdocstrings=plugin)})()
    with broken("mkdocstrings"):
        compat.registries(config)


# --- MkDocs: how often `mkdocs serve` looks for edits -------------------------------------------


@pytest.fixture
def reload_server(monkeypatch):
    from mkdocs.livereload import LiveReloadServer

    monkeypatch.setattr(LiveReloadServer, "__init__", compat.original(LiveReloadServer, "__init__"))
    return LiveReloadServer


def test_serve_polls_at_the_interval_asked(reload_server, tmp_path):
    compat.poll_every(0.1)
    compat.poll_every(0.1)  # again: replaced, not stacked
    server = reload_server(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path))
        emitters = list(server.observer.emitters)
        assert emitters and all(e.timeout == 0.1 for e in emitters)
    finally:
        server.server_close()


def test_serve_polling_stops_when_mkdocs_drops_the_parameter(reload_server, monkeypatch):
    monkeypatch.setattr(reload_server, "__init__", lambda self, builder, host, port, root: None)
    with broken("mkdocs"):
        compat.poll_every(0.1)
