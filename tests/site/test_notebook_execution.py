"""Notebook pages fail loudly: a cell error or a hung cell fails the build; outputs are never stale."""

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from textbook_site import notebooks

ROOT = Path(__file__).resolve().parents[2]

HEADER = """\
---
jupyter:
  jupytext:
    text_representation:
      extension: .md
      format_name: markdown
  kernelspec:
    display_name: Python 3
    language: python
    name: python3
---

# 試験用の章 {#test}

"""


def build_chapter(tmp_path, code: str):
    """Build a one-chapter site with the project's configuration and plugins."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 試験 {#top}\n", encoding="utf-8")
    (docs / "ch9.md").write_text(
        HEADER + "```python\n" + textwrap.dedent(code) + "\n```\n", encoding="utf-8"
    )
    config = load_config(
        config_file=str(ROOT / "mkdocs.yml"),
        docs_dir=str(docs),
        site_dir=str(tmp_path / "site"),
        strict=True,
    )
    config.nav = None  # every page of the temporary docs folder
    config.plugins["redirects"].config["redirect_maps"] = {}  # to pages this folder lacks
    config.plugins["mkdocs-jupyter"].config["cache"] = False  # nothing reused: every cell runs
    config.plugins["textbook"].config.cache_dir = str(tmp_path / "cache")  # not the author's
    build(config)
    return (tmp_path / "site" / "ch9" / "index.html").read_text(encoding="utf-8")


def test_a_working_cell_is_executed_at_build_time(tmp_path):
    html = build_chapter(tmp_path, "print(6 * 7)")
    assert "42" in html


def test_a_cell_error_fails_the_build_naming_the_page(tmp_path, caplog):
    with pytest.raises(Exception, match="BuildError"):
        build_chapter(tmp_path, "1 / 0")
    assert "ch9.md: a cell failed" in caplog.text and "ZeroDivisionError" in caplog.text
    # The log is not a terminal here: the kernel's traceback comes without colour codes.
    assert "\x1b[" not in caplog.text


def test_a_hung_cell_times_out_and_fails_the_build(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("NOTEBOOK_CELL_TIMEOUT", "1")
    with pytest.raises(Exception, match="BuildError"):
        build_chapter(tmp_path, "import time\ntime.sleep(60)")
    assert "ch9.md: a cell failed" in caplog.text
    assert re.search("(?i)timed out|timeout", caplog.text)


def test_execution_inputs_change_with_the_package_source_and_the_pins(tmp_path):
    for rel in ("src/crossentropy", "docs"):
        (tmp_path / rel).mkdir(parents=True)
    shutil.copy(ROOT / "requirements.txt", tmp_path / "requirements.txt")
    (tmp_path / "src/crossentropy/losses.py").write_text("A = 1\n")
    before = notebooks.execution_inputs(tmp_path)
    assert notebooks.execution_inputs(tmp_path) == before  # stable when nothing changed
    (tmp_path / "src/crossentropy/losses.py").write_text("A = 2\n")
    after_src = notebooks.execution_inputs(tmp_path)
    assert after_src != before
    with (tmp_path / "requirements.txt").open("a") as pins:
        pins.write("somepackage==1.0\n")
    assert notebooks.execution_inputs(tmp_path) != after_src


def test_the_notebook_store_sits_in_a_folder_named_by_the_execution_inputs(tmp_path):
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    config.plugins["textbook"].config.cache_dir = str(tmp_path / "cache")
    config = config.plugins.on_config(config)
    cache = config.plugins["textbook"].build.cache
    expected = cache.key("notebook-html", notebooks.execution_inputs(ROOT))
    assert config.plugins["mkdocs-jupyter"].config["cache_dir"] == str(
        tmp_path / "cache" / "notebook-html" / expected
    )


def test_the_timeout_reaches_the_execute_preprocessor_through_jupyter_config(tmp_path, monkeypatch):
    """NotebookClient's documented `timeout` (and `shutdown_kernel`), from a Jupyter config
    file: no patch."""
    from mkdocs_jupyter import nbconvert2
    from nbconvert.preprocessors import ExecutePreprocessor

    monkeypatch.setenv("NOTEBOOK_CELL_TIMEOUT", "7")
    monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    config.plugins["textbook"].config.cache_dir = str(tmp_path / "cache")
    config.plugins.on_config(config)
    app = nbconvert2.get_nbconvert_app(execute=True)
    client = ExecutePreprocessor(config=app.config)
    assert client.timeout == 7
    assert client.shutdown_kernel == "immediate"  # a finished kernel is not waited for
