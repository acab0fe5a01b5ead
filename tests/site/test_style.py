"""ruff's lint and format checks pass on the build plugin, the tests and the site benchmark.

src/crossentropy, bench/bench_package.py and the code in docs/ are outside this check for now:
see [tool.ruff] in pyproject.toml.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("src/textbook_site", "tests", "bench/bench_site.py", "bench/run.py")


def ruff(*args: str) -> subprocess.CompletedProcess:
    executable = Path(sys.executable).with_name("ruff")
    command = str(executable) if executable.exists() else shutil.which("ruff")
    if command is None:
        pytest.fail("ruff is not installed: run `make setup`")
    return subprocess.run(
        [command, *args, *CHECKED], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_finds_no_lint_error():
    result = ruff("check", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_changes_nothing():
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
