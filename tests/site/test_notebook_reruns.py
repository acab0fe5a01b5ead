"""A chapter's notebook re-executes exactly when its code or the package changes (src/textbook_site/notebooks.py).

Builds run in a copy of the project with a one-chapter docs folder, so the real notebook cache
is not touched. Whether a kernel ran is read from the build log.
"""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHAPTER = """\
# 試験の章 {#ch9}

はじめの文。式 \\(p = 1/6\\)。

```python
print("答え", 6 * 7)
```
"""
EXECUTED = "Executed, code or package changed (kernel started)"
REUSED = "Outputs reused, code unchanged"
TYPESET = "MathJax typeset"


@pytest.fixture
def project(project_copy):
    """The project with a one-chapter docs folder (tests/site/conftest.py)."""
    project_copy.write("docs/index.md", "# 試験 {#top}\n")
    project_copy.write_notebook("docs/ch9.md", CHAPTER)
    return project_copy


def test_prose_edit_reuses_outputs_code_and_package_edits_execute(project):
    assert EXECUTED in project.build()
    project.edit("docs/ch9.md", "はじめの文。", "はじめの文を直した。")
    log = project.build()
    assert REUSED in log and EXECUTED not in log
    assert "はじめの文を直した" in project.page("ch9") and "答え 42" in project.page("ch9")
    project.edit("docs/ch9.md", "6 * 7", "6 * 8")
    log = project.build()
    assert EXECUTED in log and REUSED not in log
    assert "答え 48" in project.page("ch9")
    with (project.root / "src/crossentropy/__init__.py").open("a", encoding="utf-8") as source:
        source.write("\n# changed\n")
    log = project.build()
    assert EXECUTED in log and REUSED not in log


def test_dirty_rebuild_after_a_package_edit_executes_the_notebooks(project):
    project.build()
    log = project.build("--dirty")
    assert "Converting notebook" not in log  # nothing changed: the chapter is not rebuilt
    with (project.root / "src/crossentropy/__init__.py").open("a", encoding="utf-8") as source:
        source.write("\n# changed\n")
    log = project.build("--dirty")
    assert EXECUTED in log


def test_builds_with_another_cache_root_leave_the_authors_cache_alone(project, tmp_path):
    """`make build`, then the tests (their own cache root, their own SITE_URL), then `make
    build` again: the last build executes no notebook and starts no MathJax."""
    first = project.build()
    assert EXECUTED in first and TYPESET in first
    tests = project.build(
        site_dir=tmp_path / "tests-site",
        env={
            "TEXTBOOK_CACHE_DIR": str(tmp_path / "tests-cache"),
            "SITE_URL": "http://127.0.0.1:9/",
        },
    )
    assert EXECUTED in tests and TYPESET in tests  # nothing of the author's cache was read
    again = project.build()
    assert EXECUTED not in again and TYPESET not in again


# MkDocs' own lines of a successful build; anything else in an author's log asks for action.
ROUTINE = (
    "Cleaning site directory",
    "Building documentation to directory",
    "Documentation built in",
)


def test_the_authors_log_holds_only_what_needs_acting_on(project):
    # A first build: the notebook executes, MathJax starts, mkdocstrings renders the API page.
    shutil.copy2(ROOT / "docs/api.md", project.root / "docs/api.md")
    log = project.build(verbose=False, fresh_process=True)  # with what the imports print
    lines = [line for line in log.splitlines() if line.strip()]
    assert lines and all(any(text in line for text in ROUTINE) for line in lines), log
    assert "Kernel is running" not in log  # the kernels talk over IPC, not TCP


def timed_chapter(stamp: Path, answer: str) -> str:
    """A chapter whose cell writes when it ran (start and end, seconds) to `stamp`."""
    return f"""\
# 時間を計る章 {{#{stamp.stem}}}

```python
import time
start = time.time()
time.sleep(1.5)
open({str(stamp)!r}, "w").write(f"{{start}} {{time.time()}}")
print("答え", {answer})
```
"""


def test_notebooks_without_outputs_run_side_by_side_and_their_pages_reuse_them(project, tmp_path):
    stamps = [tmp_path / "ch7.times", tmp_path / "ch8.times"]
    project.write_notebook("docs/ch7.md", timed_chapter(stamps[0], "6 * 7"))
    project.write_notebook("docs/ch8.md", timed_chapter(stamps[1], "6 * 8"))
    log = project.build()
    assert "Executing 3 notebooks" in log  # ch7, ch8 and the fixture's ch9
    for name in ("ch7", "ch8", "ch9"):
        # Executed once, ahead; its page then found the outputs stored.
        assert log.count(f"{EXECUTED}: {project.root / 'docs' / name}.md") == 1, log
        assert f"{REUSED} (no kernel started): {project.root / 'docs' / name}.md" in log
    assert "答え 42" in project.page("ch7") and "答え 48" in project.page("ch8")
    (start7, end7), (start8, end8) = (map(float, s.read_text().split()) for s in stamps)
    if (os.cpu_count() or 1) >= 2:
        assert start7 < end8 and start8 < end7, "the two kernels ran one after the other"
    # Only one notebook without outputs: it runs when its page renders, as before (no need to
    # wait in it now).
    project.edit("docs/ch8.md", "6 * 8", "6 * 9")
    project.edit("docs/ch8.md", "time.sleep(1.5)", "")
    log = project.build()
    assert "Executing" not in log and f"{EXECUTED}: {project.root / 'docs/ch8.md'}" in log
    assert "答え 54" in project.page("ch8")


def test_a_failing_cell_in_a_notebook_run_ahead_stops_the_build_naming_its_page(project):
    project.write_notebook("docs/ch8.md", "# 壊れた章 {#ch8}\n\n```python\n1 / 0\n```\n")
    result = project.run_build()
    assert result.returncode != 0
    assert "Executing 2 notebooks" in result.stderr
    assert f"{project.root / 'docs/ch8.md'}: a cell failed" in result.stderr
    assert "ZeroDivisionError" in result.stderr and "\x1b[" not in result.stderr
