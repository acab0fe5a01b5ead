"""Chapter notebooks: which pages are notebooks, running them, and what their pages get.

- Detection: mkdocs-jupyter decides whether a page is a notebook by parsing the file with
  jupytext, and MkDocs, mkdocs-jupyter and this plugin ask it about every page at several events.
  `NotebookDetector` answers once per file content (compat.py puts it in mkdocs-jupyter's place).
- Execution: outputs depend on the code cells, the kernel, the package in src/, the pins and the
  matplotlib settings (`execution_inputs`), never on the prose: `NotebookOutputs` stores each
  notebook's outputs under that key and puts them back when only Markdown changed (no kernel
  starts). A cell's time limit is NotebookClient's documented `timeout`, set in a Jupyter config
  file (`jupyter_config`), not by patching. mkdocs-jupyter executes a notebook while rendering
  its page, one page after another; when two or more notebooks have no stored outputs (a first
  build, an edit of src/), `NotebookOutputs.execute_ahead` runs them side by side first, one
  kernel per core, and the pages then find their outputs stored.
- Reproducible: nbformat gives every cell a random id at each reading; `name_cells` derives
  them from the cells' content. A kernel sends printed text in as many messages as the machine's
  timing cuts it into; NotebookClient's `coalesce_streams` and then `join_streams` (nbconvert's
  CoalesceStreamsPreprocessor) make each run of it one output. Two builds of one commit then
  write the same page and .ipynb.
- The page: the Markdown cells' source restored from nbconvert's escaping, worked answers folded
  into a 「解答」 block, a link to download the chapter as an .ipynb without outputs, and
  mkdocs-jupyter's MathJax loader removed (equations are typeset at build time: mathjax.py).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath

import jupytext
import nbformat
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from nbconvert.preprocessors import CoalesceStreamsPreprocessor, ExecutePreprocessor
from traitlets.config import Config

from . import compat
from .cache import Cache, files_digest, sha256

log = logging.getLogger("mkdocs.plugins.textbook.notebooks")

# What a kernel's outputs can depend on besides the notebook, relative to mkdocs.yml. The build
# plugin in src/textbook_site is not run by the kernels.
EXECUTION_INPUTS = (
    "src/crossentropy/**/*.py",
    "requirements.txt",
    "pyproject.toml",
    "docs/matplotlibrc",
)
ANSWER_TAG = "celltag_answer"
MARKDOWN_CELL = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^>]*>)(.*?)(</div>)', re.DOTALL
)
JUPYTER_MATHJAX = re.compile(r"<script data-mkdocs-jupyter-mathjax=.*?</script>", re.DOTALL)
DOWNLOAD_NOTE = (
    '<p class="notebook-download"><a href="{name}" download>'
    "このページをノートブック (.ipynb) としてダウンロード</a>して、手元の Jupyter で実行できます。</p>"
)


# --- which pages are notebooks ------------------------------------------------------------------


@dataclass
class NotebookDetector:
    """mkdocs-jupyter's `should_include`, asked once per file content and include patterns.

    `answers` outlives a build (the plugin keeps it across the rebuilds of `mkdocs serve`);
    `begin_build` drops the answers the previous build did not use.
    """

    answers: dict[tuple, bool] = field(default_factory=dict)
    asked: set[tuple] = field(default_factory=set)
    this_build: dict[str, bool] = field(default_factory=dict)
    ask: Callable | None = None  # mkdocs-jupyter's own should_include for this build
    patterns: tuple = ()

    def begin_build(self, ask: Callable | None, include: list[str], ignore: list[str]) -> None:
        for key in self.answers.keys() - self.asked:
            del self.answers[key]
        self.asked.clear()
        self.this_build.clear()
        self.ask = ask
        self.patterns = (tuple(include), tuple(ignore))

    def is_notebook(self, file) -> bool:
        if self.ask is None:
            return False
        path = file.abs_src_path
        if path is None:
            return self.ask(file)
        if path not in self.this_build:
            try:
                digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            except OSError:
                return self.ask(file)
            key = (path, digest, self.patterns)
            if key not in self.answers:
                self.answers[key] = self.ask(file)
            self.asked.add(key)
            self.this_build[path] = self.answers[key]
        return self.this_build[path]


# --- execution ----------------------------------------------------------------------------------


def execution_inputs(root: Path) -> str:
    """Digest of everything besides the notebook that a kernel's outputs depend on."""
    return files_digest(root, EXECUTION_INPUTS)


def newest_execution_input(root: Path) -> float:
    times = [p.stat().st_mtime for pattern in EXECUTION_INPUTS for p in root.glob(pattern)]
    return max(times, default=0.0)


def code_key(nb) -> str:
    """What the outputs of `nb` depend on within the notebook: its code cells and kernel."""
    cells = [[cell.source, cell.metadata] for cell in nb.cells if cell.cell_type == "code"]
    kernel = nb.metadata.get("kernelspec", {}).get("name", "")
    text = json.dumps(
        {"kernel": kernel, "cells": cells}, sort_keys=True, ensure_ascii=False, default=str
    )
    return sha256(text)


def jupyter_config(cell_timeout: int, colour: bool, sockets: str) -> str:
    """The Jupyter config file (jupyter_nbconvert_config.json) for executing the chapters.

    mkdocs-jupyter replaces the `ExecutePreprocessor` section of nbconvert's configuration but
    loads the config files on the Jupyter config path, and the sections of the classes
    ExecutePreprocessor is built on are left to them (all documented traitlets options):
    - NotebookClient.timeout: a cell running longer fails the build;
    - NotebookClient.coalesce_streams: consecutive printed output is one stream output;
    - NotebookClient.shutdown_kernel immediate: once the last cell's outputs are in, the kernel
      is stopped at once instead of being asked to shut down and waited for: 0.1-0.5 s per
      notebook, and now and then (one kernel in 6 to 34 here) 3.5 s, when it had not exited
      2.5 s after the request and was terminated. A chapter leaves nothing to run at exit (no
      atexit hooks; the kernel's IPython history is in memory, nbclient's default);
    - KernelManager.transport ipc: the kernel talks to the build over local sockets, not TCP
      (which made every kernel print a warning about unencrypted TCP into the author's log);
      `sockets` is their absolute path prefix (the kernel runs in the notebook's folder, so a
      relative one would not meet), short enough for a Unix socket's path;
    - the kernel's tracebacks without terminal colour codes unless `colour` (the log is a
      terminal).
    """
    # coalesce_streams: a cell's printed lines become one output whatever the kernel's timing
    # (it may send them in one message or in several), so a page is the same at every build.
    client: dict = {
        "timeout": cell_timeout,
        "coalesce_streams": True,
        "shutdown_kernel": "immediate",
    }
    if not colour:
        client["extra_arguments"] = ["--InteractiveShell.colors=nocolor"]
    manager = {"transport": "ipc", "ip": sockets}
    return json.dumps({"NotebookClient": client, "KernelManager": manager}, indent=1)


def read_notebook(path: str):
    """The notebook in `path` as mkdocs-jupyter reads it before converting (jupytext, then
    nbformat from the .ipynb text), so that its `code_key` is the one its page will look up."""
    return nbformat.reads(jupytext.writes(jupytext.read(path), fmt="ipynb"), as_version=4)


def executes(path: str, jupyter: dict) -> bool:
    """Whether mkdocs-jupyter, configured by `jupyter`, executes the notebook in `path` (its
    `execute`, `execute_include` and `execute_ignore` options, read as it reads them)."""
    where = PurePath(path)
    run = jupyter["execute"]
    if jupyter["execute_include"]:
        run = run and any(where.match(pattern) for pattern in jupyter["execute_include"])
    return run and not any(where.match(pattern) for pattern in jupyter["execute_ignore"])


@dataclass
class Execution:
    """How mkdocs-jupyter has nbconvert run a notebook, for `execute_ahead`: its plugin options
    and the Jupyter config file's sections (`jupyter_config`)."""

    kernel_name: str
    allow_errors: bool
    config: dict  # jupyter_config() as data
    sockets: str  # KernelManager.ip of that config: each kernel run ahead gets its own


@dataclass
class NotebookOutputs:
    """Executed outputs, stored under the code they come from (`code_key`) and the inputs."""

    cache: Cache
    inputs: str  # execution_inputs() of this build
    current_page: str = "a notebook"
    executed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)

    KIND = "notebook-outputs"

    def key(self, code: str) -> str:
        """The store's key for a notebook whose `code_key` is `code`."""
        return self.cache.key(self.KIND, self.inputs, code, shaped_by="kernel")

    def preprocess(self, execute: Callable, nb, resources):
        """In place of ExecutePreprocessor.preprocess; `execute()` runs the kernel."""
        name_cells(nb)  # the notebook the page is converted from
        key = self.key(code_key(nb))
        stored = self.cache.get(self.KIND, key)
        code_cells = [cell for cell in nb.cells if cell.cell_type == "code"]
        if stored is not None:
            outputs = json.loads(stored)
            for cell, (cell_outputs, count) in zip(code_cells, outputs, strict=True):
                cell.outputs = [nbformat.from_dict(output) for output in cell_outputs]
                cell.execution_count = count
            log.debug("Outputs reused, code unchanged (no kernel started): %s", self.current_page)
            self.reused.append(self.current_page)
            return nb, resources
        nb, resources = run_cells(execute, self.current_page)
        self.store(nb, key, self.current_page)
        return nb, resources

    def store(self, nb, key: str, page: str) -> None:
        """The outputs of the executed `nb` (the notebook of `page`), stored under `key`."""
        # coalesce_streams (the Jupyter config) does not join every split: seen in a build where
        # one exercise's printed line arrived as two outputs. Join what is left, so that two
        # builds of one commit write the same page.
        join_streams(nb)
        log.debug("Executed, code or package changed (kernel started): %s", page)
        self.executed.append(page)
        code_cells = [cell for cell in nb.cells if cell.cell_type == "code"]
        data = [[cell.outputs, cell.execution_count] for cell in code_cells]
        self.cache.put(self.KIND, key, json.dumps(data).encode())

    def execute_ahead(self, paths: list[str], code_keys: Callable, how: Execution) -> None:
        """Of the notebooks in `paths`, those without stored outputs executed side by side, one
        kernel per core, when there are two or more (one runs when its page renders, as before).
        `code_keys(path, read)` is the notebook's `code_key`, or None if it is not known without
        reading the file again (the plugin remembers them by file: `mkdocs serve`)."""
        known = {path: code_keys(path, False) for path in paths}
        maybe = [p for p, code in known.items() if code is None or not self.has(self.key(code))]
        if len(maybe) < 2:
            return  # e.g. an edit of one chapter in `serve`: not worth reading it twice
        missing = [
            (path, key)
            for path in maybe
            if not self.has(key := self.key(known[path] or code_keys(path, True)))
        ]
        if len(missing) < 2:
            return

        def run(index: int) -> None:
            path, key = missing[index]
            nb = read_notebook(path)
            name_cells(nb)
            # Each kernel its own socket files: ports are picked per kernel before it binds.
            config = {**how.config, "KernelManager": {**how.config["KernelManager"]}}
            config["KernelManager"]["ip"] = f"{how.sockets}-{index}"
            client = ExecutePreprocessor(
                config=Config(config),
                kernel_name=how.kernel_name,
                allow_errors=how.allow_errors,
                store_widget_state=True,  # as mkdocs-jupyter configures it
            )
            resources = {"metadata": {"path": os.path.dirname(path)}}
            nb, _ = run_cells(lambda: compat.execute_unwrapped(client, nb, resources), path)
            self.store(nb, key, path)

        workers = min(len(missing), os.cpu_count() or 1)
        log.debug("Executing %d notebooks, %d at a time", len(missing), workers)
        with ThreadPoolExecutor(workers, thread_name_prefix="notebook") as pool:
            runs = [pool.submit(run, index) for index in range(len(missing))]
            try:
                for done in runs:
                    done.result()
            except BaseException:
                for waiting in runs:  # the first failure stops the build; running kernels finish
                    waiting.cancel()
                raise

    def has(self, key: str) -> bool:
        return self.cache.get(self.KIND, key) is not None


def run_cells(execute: Callable, page: str):
    """`execute()` (a kernel running the notebook of `page`); a failing cell stops the build
    with the page and the cell's traceback, without Python's own traceback."""
    try:
        return execute()
    except (CellExecutionError, CellTimeoutError) as error:
        raise PluginError(f"{page}: a cell failed.\n{error}") from None


# --- the page -----------------------------------------------------------------------------------


def unescape(text: str) -> str:
    """The inverse of nbconvert's escaping of Markdown cells (`&`, `<`, `>`; quotes untouched)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def restore_markdown_cells(markdown: str) -> str:
    """Markdown cells as written: an `aligned` `&`, `a < b` in code, `--8<--` snippet lines."""
    # A cell's first literal </div> is its own end: the author's own tags are still escaped here.
    return MARKDOWN_CELL.sub(lambda m: m.group(1) + unescape(m.group(2)) + m.group(3), markdown)


def is_answer(cell) -> bool:
    return ANSWER_TAG in cell.get("class", []) or cell.select_one(f".{ANSWER_TAG}") is not None


def fold_answers(soup: BeautifulSoup) -> None:
    """Each run of consecutive cells tagged `answer` into one collapsed 「解答」 block."""
    cells = soup.select("div.jp-Notebook > div.jp-Cell")
    run = []
    for cell in [*cells, None]:
        if cell is not None and is_answer(cell):
            run.append(cell)
            continue
        if run:
            details = soup.new_tag("details", attrs={"class": "success answer"})
            summary = soup.new_tag("summary")
            summary.string = "解答"
            details.append(summary)
            run[0].insert_before(details)
            for answer in run:
                for toolbar in answer.select(".celltoolbar"):
                    toolbar.decompose()
                details.append(answer.extract())
            run = []


def notebook_name(src_uri: str) -> str:
    return Path(src_uri).stem + ".ipynb"


def download_uri(dest_uri: str, src_uri: str) -> str:
    """Next to the page: `ch4/index.html` -> `ch4/ch4.ipynb`."""
    return (PurePosixPath(dest_uri).parent / notebook_name(src_uri)).as_posix()


def name_cells(nb) -> None:
    """Give each cell an id made from its type and source (the n-th repeat of a cell gets `-n`)."""
    seen: dict[str, int] = {}
    for cell in nb.cells:
        if "id" not in cell:  # nbformat < 4.5 has no cell ids
            continue
        digest = hashlib.sha256(f"{cell.cell_type}\0{cell.source}".encode()).hexdigest()[:8]
        seen[digest] = seen.get(digest, 0) + 1
        cell["id"] = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"


def join_streams(nb) -> None:
    """Each run of consecutive stdout (or stderr) outputs of a cell as one output (nbconvert's
    CoalesceStreamsPreprocessor, which also applies a carriage return's overwrite)."""
    CoalesceStreamsPreprocessor().preprocess(nb, {})


def download_notebook(path: str) -> str:
    """The chapter as an .ipynb without outputs (what `nbformat.write` puts in a file)."""
    notebook = jupytext.read(path)
    name_cells(notebook)
    notebook.metadata.pop("jupytext", None)
    text = io.StringIO()
    nbformat.write(notebook, text)
    return text.getvalue()


FIRST_H1 = re.compile(r"<h1\b[^>]*>.*?</h1\s*>", re.DOTALL | re.IGNORECASE)


def has_answers(html: str) -> bool:
    return ANSWER_TAG in html


def fold_answers_in(html: str) -> str:
    """`fold_answers` on a page's HTML (a parse of the whole page: only pages with answers)."""
    soup = BeautifulSoup(html, "html.parser")
    fold_answers(soup)
    return str(soup)


def add_download_link(html: str, src_uri: str) -> str:
    """The download note right after the page's H1 (at the top when it has none)."""
    note = DOWNLOAD_NOTE.format(name=notebook_name(src_uri))
    heading = FIRST_H1.search(html)
    at = heading.end() if heading else 0
    return html[:at] + note + html[at:]


def without_jupyter_mathjax(output: str) -> str:
    """mkdocs-jupyter puts its MathJax loader on every page, notebook or not."""
    return JUPYTER_MATHJAX.sub("", output)
