"""The textbook plugin: every build step this site adds to MkDocs, in the order they run."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import material
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from . import (
    address,
    citation,
    compat,
    equations,
    figures,
    mathjax,
    notebook_css,
    notebook_markup,
    notebooks,
    redirects,
    search,
    search_aliases,
)
from .cache import Cache, environments, source_digest
from .config import TextbookConfig
from .dates import PageDates
from .page_reuse import PageReuse, unknown_renderers

log = logging.getLogger("mkdocs.plugins.textbook")
PACKAGE = Path(__file__).parent
NOTEBOOK_PLUGIN = "mkdocs-jupyter"
WATCH_SECONDS = 0.1  # how often `mkdocs serve` looks for edits (MkDocs: 0.5 s)
# Kinds of cache entry whose unused entries a complete build removes (cache.py).
CACHE_KINDS = (
    "notebook-outputs",
    "notebook-html",
    "equations",
    "notebook-css",
    "search-entries",
    "pages",
    "templates",
)


@dataclass
class PageRecord:
    """What the content steps learn about one page, for the steps at `on_env`.

    Kept by the plugin (not on the page object); page_reuse.py stores it with the page.
    """

    equations: list[dict] = field(default_factory=list)  # numbered equations, for the index
    stylesheets: list[str] = field(default_factory=list)  # JupyterLab CSS taken out of the page
    classes: list[str] = field(default_factory=list)  # classes of its notebook HTML
    figures: dict[str, bytes] = field(default_factory=dict)  # site URI -> SVG
    download: str | None = None  # the chapter as an .ipynb without outputs


@dataclass
class Build:
    """The state of one build; a new one at every `on_config`."""

    project: Path
    cache: Cache
    address: address.SiteAddress
    facts: citation.SiteFacts
    outputs: notebooks.NotebookOutputs
    execution: notebooks.Execution
    reuse: PageReuse
    records: dict[str, PageRecord]
    nav: object = None
    typeset: mathjax.Typeset | None = None
    notebook_stylesheet: str | None = None  # its URI in the site
    page_urls: dict[str, str] = field(default_factory=dict)  # source file -> its search location
    copy_label: str = ""  # Material's label for a copy button, in the site's language
    complete: bool = True  # False for --dirty: nothing is evicted from the cache

    def record(self, page) -> PageRecord:
        return self.records.setdefault(page.file.src_uri, PageRecord())


class TextbookPlugin(BasePlugin[TextbookConfig]):
    """The map of the build: each event, in the order MkDocs runs it, and what happens there.

    A chapter is a jupytext Markdown notebook. Once per command:
      on_startup       (`mkdocs serve`) edits are looked for every 0.1 s instead of 0.5 s
    Per build:
      on_config        settings checked (a publishing build: the public address); caches,
                       notebook execution and page reuse set up; an installed theme's files
                       listed once per process
      on_pre_build     page reuse off if an unknown plugin renders pages too; the search
                       index reads notebook pages without their chrome
      on_files         (--dirty) a notebook page counts as changed when src/ changed
      on_nav           redirects (written by mkdocs-redirects) checked against the pages;
                       two or more notebooks without stored outputs (a first build, an edit of
                       src/) executed side by side, one kernel per core
      per page, rendering (MkDocs' `_populate_page`, or its reuse from the cache):
        on_pre_page      which notebook is being executed (for the log)
        — mkdocs-jupyter executes the notebook (outputs reused if its code is unchanged) and
          converts it to HTML at its on_page_markdown (priority 100)
        on_page_markdown notebook Markdown cells un-escaped; the page's last-updated date
                         (of everything it is made of: dates.py)
        — MkDocs renders Markdown: equation anchors (`\\tag` -> id) by our Markdown extension
        on_page_content  notebook CSS taken out; Material's copy buttons and no always-hidden
                         cell wrappers in notebooks; answers folded; download link; equation
                         permalinks and the page's equations recorded (`edit_page`);
                         citation section; figures recorded
      on_env           once every page is rendered: notebook downloads, the equation index,
                       MathJax typesets every equation (after the index: it has equations too),
                       the shared notebook stylesheet, figure files
      on_post_template the 404 page (a theme template, not a page) starts like the pages
      per page, writing:
        on_page_context  the citation for the <head> meta tags (and Material's search indexes
                         the page here, through search.py)
        on_post_page     typeset equations swapped in (each path written once per page and
                         drawn by <use>s); stylesheets linked; what Material's
                         bundle changes as it starts done in <head> instead, and the bundle
                         and the site's scripts started after the first paint; theme fixes
      on_post_build    the search index as UTF-8, with the terms' other names
                       (docs/search-aliases.yml) on their defining sections; cache eviction (and
                       what `serve` keeps in memory for the next rebuild)

    To add a step: put its logic in a module of its own (typed functions, no module state),
    call it from the event where its inputs exist (see above), keep what it learns about a page
    in `PageRecord` (a reused page does not run on_page_content again) and what it learns about
    the build in `Build`. A patch of a library's internals goes into compat.py with a guard.
    """

    config: TextbookConfig

    def __init__(self):
        # This instance outlives the builds of `mkdocs serve` (MkDocs keeps a plugin that
        # handles on_startup): what is valid across builds is kept here.
        # This package as loaded, the installed versions, and whether MkDocs or ProperDocs runs.
        self.environments = environments(PACKAGE, " ".join(compat.mkdocs_distribution()))
        self.code = source_digest(PACKAGE)
        self.detector = notebooks.NotebookDetector()
        self.dates = PageDates()
        self.dirty = False
        self.command: str | None = None  # "serve", "build", "gh-deploy"; None when run in-process
        self.build: Build | None = None
        self.theme_listings: dict = {}  # an installed theme's static files (compat.py)
        self.cache_memory: dict = {}  # cache entries the last build of `serve` used (cache.py)
        self.code_keys: dict[str, tuple] = {}  # notebook -> (mtime, size, code_key)

    def on_startup(self, *, command, dirty):
        # Handling this event also keeps this instance across the rebuilds of `mkdocs serve`.
        self.command, self.dirty = command, dirty
        if command == "serve":
            # An edit is seen within 0.1 s instead of 0.5 s (before `serve` makes its server).
            compat.poll_every(WATCH_SECONDS)

    # --- before the pages ------------------------------------------------------------------------

    # Before the other plugins' on_config: Material's search plugin renders a template there,
    # and the template cache must be in place first.
    @event_priority(100)
    def on_config(self, config):
        project = Path(config.config_file_path).parent
        cache = Cache(
            project / self.config.cache_dir,
            *self.environments,
            memory=self.cache_memory if self.command == "serve" else None,
        )
        version = citation.site_version(self.config.version_from_package)
        citation.check_config(config)
        site_address = address.resolve(
            config.site_url, os.environ.get("SITE_URL"), project, self.config.publish
        )
        config.copyright = citation.footer_notice(config.copyright, version)
        self.dates.begin_build(project)
        facts = citation.SiteFacts(version, self.config.version_from_package, self.dates.build_date)
        config.markdown_extensions.append(equations.EquationAnchorsExtension())
        quiet_routine_messages()

        jupyter = config.plugins.get(NOTEBOOK_PLUGIN)
        if jupyter is None:
            raise PluginError("textbook: the mkdocs-jupyter plugin must be configured.")
        own = compat.ask_once(jupyter, self.detector.is_notebook)
        self.detector.begin_build(own, jupyter.config["include"], jupyter.config["ignore"])
        compat.check_markdown_cells_escaped()
        compat.check_material_start(Path(material.__file__).parent)
        compat.check_material_features(Path(material.__file__).parent, config.theme["features"])
        execution = self.set_cell_timeout(cache, jupyter.config)
        inputs = notebooks.execution_inputs(project)
        # mkdocs-jupyter keys its own store of converted notebooks on the notebook's bytes only:
        # it is kept inside a folder of ours named after everything else execution depends on.
        jupyter.config["cache_dir"] = str(
            cache.folder("notebook-html", cache.key("notebook-html", inputs))
        )
        records: dict[str, PageRecord] = {}
        self.build = build = Build(
            project=project,
            cache=cache,
            address=site_address,
            facts=facts,
            outputs=notebooks.NotebookOutputs(cache, inputs),
            execution=execution,
            reuse=PageReuse(
                cache=cache if self.reuse_pages(config) else None,
                project=project,
                records=records,
                date_of=self.date_of,
                on_pre_page=config.plugins.on_pre_page,
            ),
            records=records,
        )
        compat.reuse_notebook_outputs(build.outputs.preprocess)
        compat.reuse_pages(build.reuse.populate)
        compat.record_snippet_reads(build.reuse.snippet_reads)
        compat.cache_templates(
            config.theme,
            lambda kind: cache.folder("templates", cache.key("templates", kind)),
        )
        compat.list_installed_theme_once(project, self.theme_listings)
        build.copy_label = notebook_markup.copy_label(config)
        return config

    def reuse_pages(self, config) -> bool:
        """Page reuse (page_reuse.py) is for the rebuilds of `mkdocs serve` unless configured
        otherwise (a published build renders every page)."""
        wanted = self.config.page_reuse
        return wanted == "always" or (wanted == "serve" and self.command == "serve")

    def set_cell_timeout(self, cache: Cache, jupyter) -> notebooks.Execution:
        """NotebookClient's documented `timeout`, in a Jupyter config file on the config path;
        returned with mkdocs-jupyter's options for the notebooks executed ahead."""
        folder = cache.root / "jupyter"
        config_file = folder / "jupyter_nbconvert_config.json"
        sockets = Path(tempfile.gettempdir()) / f"textbook-kernel-{os.getpid()}"
        wanted = notebooks.jupyter_config(
            self.config.cell_timeout, sys.stderr.isatty(), str(sockets)
        )
        if not config_file.is_file() or config_file.read_text(encoding="utf-8") != wanted:
            folder.mkdir(parents=True, exist_ok=True)
            config_file.write_text(wanted, encoding="utf-8")
        paths = [p for p in os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
        os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
            [str(folder), *[p for p in paths if p != str(folder)]]
        )
        return notebooks.Execution(
            jupyter["kernel_name"], jupyter["allow_errors"], json.loads(wanted), str(sockets)
        )

    def on_pre_build(self, config):
        # After every on_config (a plugin may add another there, as mkdocstrings adds autorefs):
        # page reuse is off whenever a plugin it does not know takes part in rendering.
        unknown = unknown_renderers(config.plugins)
        if unknown and self.build.reuse.cache is not None:
            log.info("Page reuse is off: %s also render pages", ", ".join(unknown))
            self.build.reuse.cache = None
        # The search plugin creates its index in its on_config.
        plugin = search_plugin(config)
        if plugin is not None and plugin.config.enabled:
            entries = search.IndexEntries(self.build.cache, self.code, self.detector.is_notebook)
            compat.index_through(plugin, entries.add)

    def on_files(self, files, config):
        if not self.dirty:
            return files
        self.build.complete = False
        inputs_changed_at = notebooks.newest_execution_input(self.build.project)
        for file in files.documentation_pages():
            if self.detector.is_notebook(file):
                dest = Path(file.abs_dest_path)
                compat.modified_also_when(
                    file,
                    lambda dest=dest: not dest.exists() or dest.stat().st_mtime < inputs_changed_at,
                )
        return files

    def on_nav(self, nav, config, files):
        self.build.nav = nav
        self.build.page_urls = {
            f.src_uri: search_aliases.page_location(f.url) for f in files.documentation_pages()
        }
        # mkdocs-redirects writes the redirect pages (on_post_build); every entry checked here.
        plugin = config.plugins.get("redirects")
        if plugin is not None:
            redirects.check(plugin.config["redirect_maps"], files, config.use_directory_urls)
        self.execute_ahead(files, config)
        return nav

    def execute_ahead(self, files, config) -> None:
        """The notebooks this build renders and mkdocs-jupyter executes, run side by side
        where their outputs are not stored (notebooks.py)."""
        jupyter = config.plugins[NOTEBOOK_PLUGIN].config
        paths = [
            file.abs_src_path
            for file in files.documentation_pages()
            if self.detector.is_notebook(file)
            and (not self.dirty or file.is_modified())
            and notebooks.executes(file.abs_src_path, jupyter)
        ]
        self.build.outputs.execute_ahead(paths, self.code_key, self.build.execution)

    def code_key(self, path: str, read: bool) -> str | None:
        """`notebooks.code_key` of the notebook in `path`, remembered per file; None if the file
        changed since and `read` is false (reading all ten takes 0.4 s, ch4 alone 0.1 s: more
        than a prose edit's rebuild can spare)."""
        stat = os.stat(path)
        known = self.code_keys.get(path)
        if known is None or known[:2] != (stat.st_mtime_ns, stat.st_size):
            if not read:
                return None
            code = notebooks.code_key(notebooks.read_notebook(path))
            known = self.code_keys[path] = (stat.st_mtime_ns, stat.st_size, code)
        return known[2]

    # --- rendering each page ---------------------------------------------------------------------

    def on_pre_page(self, page, config, files):
        # mkdocs-jupyter converts (and executes) a notebook while rendering its page.
        self.build.outputs.current_page = page.file.abs_src_path or page.file.src_uri
        return page

    def on_page_markdown(self, markdown, page, config, files):
        # After mkdocs-jupyter (priority 100) has put the notebook's HTML in place.
        if self.detector.is_notebook(page.file):
            markdown = notebooks.restore_markdown_cells(markdown)
        # Shown under the page and cited; sitemap.xml's lastmod (MkDocs' `update_date`).
        page.meta["revision_date"] = page.update_date = self.date_of(page)
        return markdown

    def on_page_content(self, html, page, config, files):
        build = self.build
        record = build.records[page.file.src_uri] = PageRecord()
        notebook = self.detector.is_notebook(page.file)
        if notebook:
            # First: the other steps then parse ~60 KB of HTML instead of ~650 KB.
            html, record.stylesheets, record.classes = notebook_css.take_styles(html)
            record.download = notebooks.download_notebook(page.file.abs_src_path)
            # Before the edits: a page with answers is written back by BeautifulSoup there.
            html = notebook_markup.trim(html, build.copy_label, page.file.src_uri)
        html = self.edit_page(html, page, notebook, record)
        cite = citation.build_citation(page, config, build.facts, self.date_of(page), build.address)
        html = citation.add_section(html, page, cite)
        if notebook:
            html, record.figures = figures.process_figures(html, page.file.src_uri, page.url)
        return html

    def edit_page(self, html: str, page, notebook: bool, record: PageRecord) -> str:
        """Answers folded (notebooks), the download link (notebooks), equation permalinks and
        the page's equations recorded. Only a page with answers is parsed as a whole (a prose
        edit of a chapter in `make serve` waits for this step)."""
        if notebook and notebooks.has_answers(html):
            html = notebooks.fold_answers_in(html)
        if notebook:
            html = notebooks.add_download_link(html, page.file.src_uri)
        html, record.equations = equations.add_permalinks(html, page.canonical_url)
        return html

    # --- once every page is rendered -------------------------------------------------------------

    def on_env(self, env, config, files):
        build = self.build
        pages = equations.pages_in_order(files, build.nav)
        for page in pages:
            record = build.records.get(page.file.src_uri)
            if record is not None and record.download is not None:
                uri = notebooks.download_uri(page.file.dest_uri, page.file.src_uri)
                files.append(File.generated(config, uri, content=record.download))
        self.fill_equation_index(pages)
        self.typeset_equations(config, files)
        self.write_notebook_stylesheet(config, files)
        figures_ = {}
        for record in build.records.values():
            figures_.update(record.figures)
        for uri, data in sorted(figures_.items()):
            files.append(File.generated(config, uri, content=data))
        if build.reuse.cache is not None:
            log.debug(build.reuse.summary())
        return env

    def fill_equation_index(self, pages) -> None:
        index_pages = [p for p in pages if p.content and equations.MARKER in p.content]
        if not index_pages:
            return
        groups = []
        for page in pages:
            record = self.build.records.get(page.file.src_uri)
            if page not in index_pages and record is not None and record.equations:
                groups.append((page, record.equations))
        for index_page in index_pages:
            equations.fill_index(index_page, groups)

    def typeset_equations(self, config, files) -> None:
        build = self.build
        compat.check_mathjax(build.project / mathjax.PACKAGE)
        where = mathjax.collect(
            (f.src_uri, f.page.content)
            for f in files.documentation_pages()
            if f.page is not None and f.page.content
        )
        rendered, css, ran = mathjax.typeset(build.cache, build.project, list(where), where)
        if ran:
            log.debug("MathJax typeset the equations not in the cache (Node)")
        uri = mathjax.stylesheet_uri(css)
        files.append(File.generated(config, uri, content=css))
        build.typeset = mathjax.Typeset(uri, rendered)

    def write_notebook_stylesheet(self, config, files) -> None:
        sources: dict[str, None] = {}  # stylesheet texts in first-seen order
        used: set[str] = set()
        for file in files.documentation_pages():
            record = self.build.records.get(file.src_uri)
            if record is not None:
                for css in record.stylesheets:
                    sources.setdefault(css)
                used.update(record.classes)
        if not sources:
            return
        cache = self.build.cache
        key = cache.key("notebook-css", self.code, *sources, *sorted(used))
        stored = cache.get("notebook-css", key)
        if stored is None:
            css = '@charset "UTF-8";' + notebook_css.trim(sources, used)
            cache.put("notebook-css", key, css.encode())
        else:
            css = stored.decode()
        uri = notebook_css.stylesheet_uri(css)
        files.append(File.generated(config, uri, content=css))
        self.build.notebook_stylesheet = uri

    # --- writing each page -----------------------------------------------------------------------

    def on_post_template(self, output_content, template_name, config):
        if template_name == "404.html":
            return compat.start_after_first_paint(compat.start_early(output_content))
        return output_content

    def on_page_context(self, context, page, config, nav):
        # Built again from the page (not kept from on_page_content): a reused page skipped it.
        context["citation"] = citation.build_citation(
            page, config, self.build.facts, self.date_of(page), self.build.address
        )
        return context

    # After mkdocs-jupyter's on_post_page, which writes its MathJax loader into every page.
    @event_priority(-50)
    def on_post_page(self, output, page, config):
        build = self.build
        jupyter = config.plugins[NOTEBOOK_PLUGIN]
        output = compat.remove_jupyter_mathjax(
            output, jupyter.config["custom_mathjax_url"], notebooks.without_jupyter_mathjax
        )
        links = []
        if build.typeset is not None:
            output = mathjax.swap_in(output, build.typeset.rendered, page.url)
            # On every page, math or not: instant navigation from a page without math to one
            # with it would otherwise show the equations before their stylesheet arrives.
            links.append(build.typeset.stylesheet_uri)
        if build.notebook_stylesheet and self.detector.is_notebook(page.file):
            links.append(build.notebook_stylesheet)
        head = "".join(
            f'<link rel="stylesheet" href="{get_relative_url(uri, page.url)}">\n' for uri in links
        )
        output = output.replace("</head>", f"{head}</head>", 1)
        output = compat.start_after_first_paint(compat.start_early(output))
        if search_plugin(config) is not None:
            output = compat.name_search_dialog(output, "検索")
        return output

    # After Material's search plugin has written the index.
    @event_priority(-50)
    def on_post_build(self, config):
        build = self.build
        plugin = search_plugin(config)
        index = Path(config.site_dir) / "search/search_index.json"
        if plugin is not None and plugin.config.enabled and index.is_file():
            search.write_utf8(index)
            aliases = Path(config.docs_dir) / self.config.search_aliases
            if aliases.is_file():
                # A --dirty build's index holds only the pages it rebuilt.
                partial = not build.complete
                search_aliases.add_to_index(index, aliases, build.page_urls, partial)
        # A page restored from the store (page reuse, `serve`) looked up none of the entries it
        # was made of, its notebook's outputs or its equations: only a build that rendered every
        # page knows which entries are still in use.
        if build.complete and build.reuse.complete and not build.reuse.reused:
            build.cache.evict(CACHE_KINDS)
        build.cache.keep_in_memory_only_used()

    # --- helpers ---------------------------------------------------------------------------------

    def date_of(self, page) -> str:
        path = page.file.abs_src_path
        if not path:  # a page generated by a plugin
            return self.dates.build_date
        return self.dates.of_page(Path(path), runs_code=self.detector.is_notebook(page.file))


# Loggers of mkdocs-jupyter, whose INFO lines (each notebook converted, each cache hit) are
# routine: shown with `mkdocs build -v` only, as ours are.
ROUTINE_LOGGERS = ("mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter")


def quiet_routine_messages() -> None:
    """The author's log holds what needs acting on: routine INFO lines only with --verbose."""
    verbose = logging.getLogger("mkdocs").getEffectiveLevel() <= logging.DEBUG
    for name in ROUTINE_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET if verbose else logging.WARNING)


def search_plugin(config):
    from material.plugins.search.plugin import SearchPlugin

    return next((p for p in config.plugins.values() if isinstance(p, SearchPlugin)), None)
