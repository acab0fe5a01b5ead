"""Notebook pages fail loudly: a cell error or a hung cell fails the build; outputs are never stale."""

import importlib.util
import shutil
import textwrap
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

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


def notebook_execution_hook():
    spec = importlib.util.spec_from_file_location("notebook_execution", ROOT / "hooks/notebook_execution.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_chapter(tmp_path, code: str):
    """Build a one-chapter site with the project's configuration, hooks and plugins."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 試験 {#top}\n", encoding="utf-8")
    (docs / "ch9.md").write_text(HEADER + "```python\n" + textwrap.dedent(code) + "\n```\n", encoding="utf-8")
    config = load_config(
        config_file=str(ROOT / "mkdocs.yml"),
        docs_dir=str(docs),
        site_dir=str(tmp_path / "site"),
        strict=True,
    )
    config.nav = None  # every page of the temporary docs folder
    config.extra["redirects"] = {}  # the site's redirects point to pages this folder lacks
    config.plugins["mkdocs-jupyter"].config["cache"] = False  # leave the real cache alone
    build(config)
    return (tmp_path / "site" / "ch9" / "index.html").read_text(encoding="utf-8")


def test_a_working_cell_is_executed_at_build_time(tmp_path):
    html = build_chapter(tmp_path, "print(6 * 7)")
    assert "42" in html


def test_a_cell_error_fails_the_build(tmp_path):
    with pytest.raises(Exception, match="ZeroDivisionError"):
        build_chapter(tmp_path, "1 / 0")


def test_a_hung_cell_times_out_and_fails_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTEBOOK_CELL_TIMEOUT", "3")
    with pytest.raises(Exception, match="(?i)timed out|timeout"):
        build_chapter(tmp_path, "import time\ntime.sleep(60)")


def test_cache_key_changes_with_the_package_source_and_the_pins(tmp_path):
    hook = notebook_execution_hook()
    for rel in ("src/crossentropy", "docs"):
        (tmp_path / rel).mkdir(parents=True)
    shutil.copy(ROOT / "requirements.txt", tmp_path / "requirements.txt")
    (tmp_path / "src/crossentropy/losses.py").write_text("A = 1\n")
    before = hook.inputs_digest(tmp_path)
    assert hook.inputs_digest(tmp_path) == before  # stable when nothing changed
    (tmp_path / "src/crossentropy/losses.py").write_text("A = 2\n")
    after_src = hook.inputs_digest(tmp_path)
    assert after_src != before
    with (tmp_path / "requirements.txt").open("a") as pins:
        pins.write("somepackage==1.0\n")
    assert hook.inputs_digest(tmp_path) != after_src


def test_the_build_uses_a_cache_folder_named_by_that_key(tmp_path):
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    cache_dir = config.plugins["mkdocs-jupyter"].config["cache_dir"]
    assert cache_dir.endswith(notebook_execution_hook().inputs_digest(ROOT))


def test_the_timeout_reaches_the_execute_preprocessor(monkeypatch):
    import mkdocs_jupyter.nbconvert2 as nbconvert2

    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    config.plugins.on_config(config)  # installs the hook's wrapper
    monkeypatch.delenv("NOTEBOOK_CELL_TIMEOUT", raising=False)
    app = nbconvert2.get_nbconvert_app(execute=True)
    assert app.config["ExecutePreprocessor"]["timeout"] == notebook_execution_hook().CELL_TIMEOUT_SECONDS
