"""A chapter's notebook re-executes exactly when its code or the package changes (hooks/notebook_reruns.py).

Builds run in a copy of the project with a one-chapter docs folder, so the real notebook cache
is not touched. Whether a kernel ran is read from the build log.
"""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = """\
---
jupyter:
  kernelspec:
    display_name: Python 3
    language: python
    name: python3
---

# 試験の章 {#ch9}

はじめの文。

```python
print("答え", 6 * 7)
```
"""
EXECUTED = "Kernel is running"  # printed by every kernel that starts
REUSED = "Outputs reused, code unchanged"


@pytest.fixture
def project(tmp_path) -> Path:
    for name in ("pyproject.toml", "requirements.txt", "hooks", "src", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, tmp_path / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^nav:\n(?:  .*\n)+", "", config)
    config = re.sub(r"(?m)^  redirects:\n(?:    .*\n)+", "", config)  # their pages are not in the copy
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("*.md"))
    (tmp_path / "docs/index.md").write_text("# 試験 {#top}\n", encoding="utf-8")
    (tmp_path / "docs/ch9.md").write_text(CHAPTER, encoding="utf-8")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    return tmp_path


def build(project: Path, *options: str) -> str:
    """Build the copy; --strict unless --dirty (which always warns that it is dirty)."""
    time.sleep(0.05)  # distinct file times for --dirty
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "src")}
    strict = [] if "--dirty" in options else ["--strict"]
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *strict, *options],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def page(project: Path) -> str:
    return (project / "site/ch9/index.html").read_text(encoding="utf-8")


def test_prose_edit_reuses_outputs_code_and_package_edits_execute(project):
    assert EXECUTED in build(project)
    edit(project / "docs/ch9.md", "はじめの文。", "はじめの文を直した。")
    log = build(project)
    assert REUSED in log and EXECUTED not in log
    assert "はじめの文を直した" in page(project) and "答え 42" in page(project)
    edit(project / "docs/ch9.md", "6 * 7", "6 * 8")
    log = build(project)
    assert EXECUTED in log and REUSED not in log
    assert "答え 48" in page(project)
    with (project / "src/crossentropy/__init__.py").open("a", encoding="utf-8") as source:
        source.write("\n# changed\n")
    log = build(project)
    assert EXECUTED in log and REUSED not in log


def test_dirty_rebuild_after_a_package_edit_executes_the_notebooks(project):
    build(project)
    log = build(project, "--dirty")
    assert "Converting notebook" not in log  # nothing changed: the chapter is not rebuilt
    with (project / "src/crossentropy/__init__.py").open("a", encoding="utf-8") as source:
        source.write("\n# changed\n")
    log = build(project, "--dirty")
    assert EXECUTED in log
