"""A small copy of the project in a temporary folder, for tests that build it several times.

The copy has the project's configuration (without the nav and the redirects, whose pages are not
there), package and build plugin (src/), theme overrides and docs assets, and no pages: each test writes its own.
Builds run in the copy, so the project's own .cache is never touched. They are run by a process
that has imported MkDocs and its plugins once (build_server.py), unless a test asks for a new
interpreter.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class BuildServer:
    """build_server.py, started on the first build it is asked for; `run` as subprocess.run."""

    def __init__(self):
        self.process = None

    def run(self, command: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
        assert command[:3] == [sys.executable, "-m", "mkdocs"], command
        if self.process is None:
            self.process = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("build_server.py"))],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        with tempfile.TemporaryDirectory() as folder:
            out, err = Path(folder, "stdout"), Path(folder, "stderr")
            request = {"args": command[3:], "cwd": str(cwd), "env": env}
            self.process.stdin.write(
                json.dumps({**request, "stdout": str(out), "stderr": str(err)})
            )
            self.process.stdin.write("\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
            assert answer, f"the build server stopped (exit status {self.process.poll()})"
            return subprocess.CompletedProcess(
                command,
                json.loads(answer)["returncode"],
                out.read_text(encoding="utf-8"),
                err.read_text(encoding="utf-8"),
            )

    def close(self):
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait(timeout=30)


@pytest.fixture(scope="session")
def build_server():
    server = BuildServer()
    yield server
    server.close()


class ProjectCopy:
    def __init__(self, root: Path, as_notebook, server: BuildServer):
        self.root = root
        self.as_notebook = as_notebook  # the as_notebook fixture (tests/conftest.py)
        self.server = server
        self.built_at = 0.0  # when the last build ended (time.time())
        root.mkdir(parents=True, exist_ok=True)
        for name in ("pyproject.toml", "requirements.txt", "src", "overrides"):
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.exists():
                shutil.copy2(source, root / name)
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        config = re.sub(r"(?m)^nav:\n(?:  .*\n)+", "", config)
        config = re.sub(r"(?m)^(      redirect_maps:)\n(?:        .*\n)+", r"\1 {}\n", config)
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
        shutil.copytree(
            ROOT / "docs",
            root / "docs",
            ignore=shutil.ignore_patterns("*.md", "search-aliases.yml"),
        )
        (root / "node_modules").symlink_to(ROOT / "node_modules")

    def _after_last_build(self) -> None:
        """Wait until a file written now is newer than what the last build wrote: `--dirty`
        rebuilds a page only if its source's time is later, and file times move in clock ticks."""
        wait = self.built_at + 0.05 - time.time()
        if wait > 0:
            time.sleep(wait)

    def write(self, name: str, text: str) -> None:
        self._after_last_build()
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def write_notebook(self, name: str, body: str) -> None:
        """A chapter written as a jupytext Markdown notebook: `body` under the notebook header."""
        self.write(name, self.as_notebook(body))

    def edit(self, name: str, old: str, new: str) -> None:
        self._after_last_build()
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def build(
        self,
        *options: str,
        site_dir: Path | None = None,
        strict: bool = True,
        env=None,
        verbose: bool = True,
        fresh_process: bool = False,
    ) -> str:
        """Build the copy and return its log; --strict unless `strict` is false or --dirty (which
        always warns); --verbose unless `verbose` is false (the routine lines the tests read are
        debug lines). The build must succeed. `env`: more environment variables.
        `fresh_process`: in a new interpreter, as an author runs it (the log then holds what
        importing MkDocs and the plugins prints, too)."""
        result = self.run_build(
            *options,
            site_dir=site_dir,
            strict=strict,
            env=env,
            verbose=verbose,
            fresh_process=fresh_process,
        )
        assert result.returncode == 0, result.stderr
        return result.stderr

    def run_build(
        self,
        *options: str,
        site_dir: Path | None = None,
        strict: bool = True,
        env=None,
        verbose: bool = True,
        fresh_process: bool = False,
    ) -> subprocess.CompletedProcess:
        if verbose:
            options += ("--verbose",)
        # The copy's own package first: the kernels import what this copy's pages were written for.
        env = {
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "PYTHONPATH": str(self.root / "src"),
            **(env or {}),
        }
        if strict and "--dirty" not in options:
            options += ("--strict",)
        if site_dir is not None:
            options += ("--site-dir", str(site_dir))
        command = [sys.executable, "-m", "mkdocs", "build", *options]
        if fresh_process:
            result = subprocess.run(
                command, check=False, cwd=self.root, env=env, capture_output=True, text=True
            )
        else:
            result = self.server.run(command, self.root, env)
        self.built_at = time.time()
        return result

    def reuse_pages_in_every_build(self) -> None:
        """Page reuse (serve only by default) in `mkdocs build` too, for tests of it."""
        self.edit(
            "mkdocs.yml",
            "      cache_dir: !ENV [TEXTBOOK_CACHE_DIR, .cache]\n",
            "      cache_dir: !ENV [TEXTBOOK_CACHE_DIR, .cache]\n      page_reuse: always\n",
        )

    def page(self, name: str, site_dir: Path | None = None) -> str:
        """The built page `name` ("" for the top page) as text."""
        site = site_dir or self.root / "site"
        return (site / name / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def project_copy(tmp_path, as_notebook, build_server) -> ProjectCopy:
    return ProjectCopy(tmp_path / "project", as_notebook, build_server)
