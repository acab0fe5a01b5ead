"""ruff's checks pass on all our Python: lint and format on the package, the build plugin, the
tests and the benchmarks; lint on the code cells of the chapters.

The chapters' code is linted but not formatted: it is laid out by hand to read on a phone
(ruff's one-line forms run to 100 columns), and ruff's Markdown formatter rewrites the
pymdownx.snippets lines (`--8<-- "…"`) in the chapters' code blocks as Python.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("src", "tests", "bench")


def ruff(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    executable = Path(sys.executable).with_name("ruff")
    command = str(executable) if executable.exists() else shutil.which("ruff")
    if command is None:
        pytest.fail("ruff is not installed: run `make setup`")
    return subprocess.run([command, *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_ruff_finds_no_lint_error():
    result = ruff("check", "--output-format", "concise", *CHECKED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_changes_nothing():
    result = ruff("format", "--check", *CHECKED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_no_lint_error_in_the_chapters_code(tmp_path):
    """Each chapter that the build executes (a jupytext notebook), as the notebook it becomes,
    linted with the project's settings (the package counts as our own code for import order)."""
    chapters = [
        path
        for path in sorted((ROOT / "docs").glob("*.md"))
        if path.read_text(encoding="utf-8").startswith("---\njupyter:")
    ]
    assert len(chapters) >= 10, [path.name for path in chapters]
    for path in chapters:
        jupytext.write(jupytext.read(path), tmp_path / f"{path.stem}.ipynb")
    result = ruff(
        "check",
        "--output-format",
        "concise",
        "--config",
        str(ROOT / "pyproject.toml"),
        "--config",
        f"src = ['{ROOT / 'src'}']",
        ".",
        cwd=tmp_path,
    )
    # "ch3.ipynb:cell 30:2:1: …" -> "docs/ch3.md, notebook cell 30 (Markdown cells count), 2:1: …"
    report = re.sub(
        r"(?m)^(\S+)\.ipynb:cell (\d+):",
        r"docs/\1.md, notebook cell \2 (Markdown cells count), ",
        result.stdout + result.stderr,
    )
    assert result.returncode == 0, report
