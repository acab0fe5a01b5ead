"""A chapter's notebook re-executes exactly when its code or the package changes (src/textbook_site/notebooks.py).

Builds run in a copy of the project with a one-chapter docs folder, so the real notebook cache
is not touched. Whether a kernel ran is read from the build log.
"""

import pytest

CHAPTER = """\
# 試験の章 {#ch9}

はじめの文。

```python
print("答え", 6 * 7)
```
"""
EXECUTED = "Kernel is running"  # printed by every kernel that starts
REUSED = "Outputs reused, code unchanged"


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
