"""Shared fixtures: one strict build of the site per test session, parsed pages, a local server.

`make test` runs the tests in several processes (pytest-xdist, one per core): each process is a
session with its own build and server, and all share one cache root, so only the run's first
build executes the notebooks and typesets; the others reuse its results. The build at the public
address is made once per run and shared. The order of the test files is set here too.
"""

import contextlib
import fcntl
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
# No banner about MkDocs 2 from Material or ProperDocs in any build the tests run (as `make`).
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
# As the Makefile: nbconvert's exporter list without making every exporter (0.4 s per build).
os.environ.setdefault("NBCONVERT_DISABLE_CONFIG_EXPORTERS", "1")


# --- The order in which the workers get the test files -----------------------------------------
# pytest-xdist hands out whole files (--dist loadfile), in collection order (--no-loadscope-reorder,
# pyproject.toml), each to the worker that runs out of work first. The first file that needs the
# session's build makes the run's first build, from an empty cache (about 20 s here): the other
# worker meanwhile runs the files that build small copies of the project or need no build at all,
# instead of waiting for the cache. After that, longest first, so that no long file starts last.
# Seconds of one worker's time, measured in three full runs (2026-12-04, 2 cores); a file not
# listed (each took under 2.5 s) counts a twentieth of a second per test, as the unit tests take.
# Only the order depends on these figures.
FILE_SECONDS = {
    "tests/browser/test_reader.py": 94,
    "tests/browser/test_figures.py": 50,
    "tests/site/test_notebook_reruns.py": 30,
    "tests/browser/test_notebook_css.py": 20,
    "tests/site/test_citation.py": 20,
    "tests/site/test_publishing.py": 18,
    "tests/site/test_page_cache.py": 18,
    "tests/browser/test_subpath.py": 15,
    "tests/browser/test_widths.py": 13,
    "tests/site/test_offline.py": 11,
    "tests/browser/test_search_on_open.py": 10,
    "tests/browser/test_search_aliases.py": 10,
    "tests/site/test_notebook_execution.py": 7,
    "tests/site/test_properdocs.py": 6,
    "tests/browser/test_citation.py": 6,
    "tests/browser/test_late_tables.py": 5,
    "tests/browser/test_equation_drawing.py": 4,
    "tests/browser/test_print.py": 4,
    "tests/unit/test_properties.py": 4,
    "tests/site/test_markup_valid.py": 3,
    "tests/browser/test_assistive_math.py": 3,
    "tests/site/test_public_address.py": 3,
}


def pytest_collection_modifyitems(items):
    files: dict[str, list] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::")[0], []).append(item)

    def seconds(name: str) -> float:
        return FILE_SECONDS.get(name, 0.05 * len(files[name]))

    def by_time(names):
        return sorted(names, key=seconds, reverse=True)

    built = by_time(
        n for n, its in files.items() if any("site_build" in i.fixturenames for i in its)
    )
    unbuilt = by_time(n for n in files if n not in built)
    order = [*unbuilt[:1], *built[:1], *unbuilt[1:], *built[1:]]
    items[:] = [item for name in order for item in files[name]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# What makes a Markdown page a jupytext notebook that mkdocs-jupyter executes.
NOTEBOOK_HEADER = """\
---
jupyter:
  kernelspec:
    display_name: Python 3
    language: python
    name: python3
---

"""


@pytest.fixture(scope="session")
def as_notebook():
    """Turns Markdown into a chapter mkdocs-jupyter executes: `body` under the jupytext header."""
    return lambda body: NOTEBOOK_HEADER + body


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def site_url(site_port) -> str:
    return f"http://127.0.0.1:{site_port}/"


# The address of the publishing build: a public host, under a sub-path as GitHub project pages are.
PUBLIC_URL = "https://example.org/some/path/"


@dataclass
class SiteBuild:
    """The session's one build of the site: where it went, how it was run, what it logged."""

    site_dir: Path
    env: dict
    log: str  # --verbose: the routine lines too
    offline_prefix: list[str]  # how the network was cut ([]: it was not; test_offline.py)
    first_log: str = ""  # the log of the run's first build, from an empty cache (test_offline.py)


def offline_prefix() -> list[str]:
    """A command prefix that runs a command with no network (a network namespace of its own,
    only loopback up: the notebook kernels talk to the build over it), or [] where this machine
    cannot make one."""
    if not (shutil.which("unshare") and shutil.which("ip")):
        return []
    probe = subprocess.run(
        ["unshare", "-rn", "sh", "-c", "ip link set lo up"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        return []
    return ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"]


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory) -> Path:
    """A cache root of the tests' own (the tests never read or write the author's .cache),
    shared by the run's builds: the first executes every notebook, the others reuse them. Under
    pytest-xdist each worker's temporary folder is one level below the run's, which they share."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    cache = root / "build-cache"
    cache.mkdir(exist_ok=True)
    return cache


@contextlib.contextmanager
def held(path: Path):
    """An exclusive lock named after `path` (the file `path`.lock), across the xdist workers."""
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def cache_in_use(cache: Path):
    """Builds on one cache root take turns (across the xdist workers as well): a build that waits
    for the first one then reuses its notebook outputs and typeset equations instead of doing
    the same work at the same time. Every build or `mkdocs serve` on build_cache holds it: a
    complete build evicts the entries it did not use, which a build running beside it may be
    writing (seen: ProperDocs' build lost a template file to the offline serve test's build)."""
    return held(cache)


@pytest.fixture(scope="session")
def build_cache_in_use(build_cache):
    """`with build_cache_in_use(): …` around a build on build_cache that is not `build_site`'s."""
    return lambda: cache_in_use(build_cache)


def build_site(out: Path, site_url: str, cache: Path, prefix: list[str] = ()) -> SiteBuild:
    """`mkdocs build --strict --verbose` of the project into `out`, with SITE_URL `site_url`."""
    env = {
        **os.environ,
        "SITE_URL": site_url,
        "NO_MKDOCS_2_WARNING": "1",
        "TEXTBOOK_CACHE_DIR": str(cache),
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--verbose"]
    first = cache.with_name(cache.name + ".first-build.log")
    with cache_in_use(cache):
        result = subprocess.run(
            [*prefix, *command, "--site-dir", str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(
                f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}", pytrace=False
            )
        if not first.exists():
            first.write_text(result.stderr, encoding="utf-8")
    first_log = first.read_text(encoding="utf-8")
    return SiteBuild(out, env, result.stderr, list(prefix), first_log)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory, site_url, build_cache) -> SiteBuild:
    """The session's build served at site_url, with the tests' own cache root (in the run's
    first build every notebook executes) and, where the machine allows, the network cut: it also
    shows that the site builds offline."""
    return build_site(tmp_path_factory.mktemp("site"), site_url, build_cache, offline_prefix())


@pytest.fixture(scope="session")
def site_dir(site_build) -> Path:
    return site_build.site_dir


@pytest.fixture(scope="session")
def public_url() -> str:
    return PUBLIC_URL


@pytest.fixture(scope="session")
def public_site_dir(site_build, build_cache) -> Path:
    """The site as published at PUBLIC_URL: one build per run, made after the worker's own so
    that it reuses its notebook outputs, and shared by the xdist workers (its address is the
    same for all, unlike site_url's port). Read by the tests of the public address and the
    browser tests under a sub-path; none of them writes to it."""
    out = build_cache.with_name("public-site")
    done = out.with_name(out.name + ".done")
    with held(out):
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)  # a build that failed half-way
            build_site(out, PUBLIC_URL, build_cache)
            done.touch()
    return out


def page_path(site_dir: Path, name: str) -> Path:
    return site_dir / name / "index.html" if name else site_dir / "index.html"


def as_tex(html: str) -> BeautifulSoup:
    """The page `html`, parsed, with each typeset equation back as the TeX it was written as,
    `\\(…\\)` or `\\[…\\]`, read from the `data-tex` attribute src/textbook_site/mathjax.py puts on
    MathJax's container, so tests of the content can read equations as TeX. That every equation
    is typeset is checked on the pages as built (tests/site/test_integrity.py)."""
    soup = BeautifulSoup(html, "lxml")
    for container in soup.select(".arithmatex > mjx-container"):
        tex = container["data-tex"]
        display = container.get("display") == "true"
        container.replace_with(f"\\[\n{tex}\n\\]" if display else f"\\({tex}\\)")
    return soup


@pytest.fixture(scope="session")
def as_written():
    """`as_written(html)`: `as_tex`, for test modules (conftest is not importable under
    importlib mode)."""
    return as_tex


@pytest.fixture(scope="session")
def page(site_dir):
    """`page("ch4")` -> the built /ch4/ page as BeautifulSoup (`page("")` is the top page), its
    equations as TeX (`as_tex`)."""

    @functools.cache
    def load(name: str) -> BeautifulSoup:
        return as_tex(page_path(site_dir, name).read_text(encoding="utf-8"))

    return load


@pytest.fixture(scope="session")
def built_pages(site_dir) -> dict[str, BeautifulSoup]:
    """Every HTML page of the build, keyed by its path relative to the site root."""
    return {
        path.relative_to(site_dir).as_posix(): BeautifulSoup(
            path.read_text(encoding="utf-8"), "lxml"
        )
        for path in sorted(site_dir.rglob("*.html"))
    }


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The browser closing a connection early (a navigation cancels a request) is not news;
        # anything else is printed as before.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def served_site(site_dir, site_port, site_url):
    """The build served on 127.0.0.1 at exactly site_url (Material's instant navigation needs it)."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _QuietServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site_url
    server.shutdown()
    server.server_close()
