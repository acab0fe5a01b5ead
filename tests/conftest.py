"""Shared fixtures: one strict build of the site per test session, parsed pages, a local server."""

import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def site_url(site_port) -> str:
    return f"http://127.0.0.1:{site_port}/"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory, site_url) -> Path:
    """`mkdocs build --strict` into a temporary folder, with site_url set to where it is served."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return out


def page_path(site_dir: Path, name: str) -> Path:
    return site_dir / name / "index.html" if name else site_dir / "index.html"


@pytest.fixture(scope="session")
def page(site_dir):
    """`page("ch4")` -> the built /ch4/ page as BeautifulSoup (`page("")` is the top page)."""

    @functools.cache
    def load(name: str) -> BeautifulSoup:
        return BeautifulSoup(page_path(site_dir, name).read_text(encoding="utf-8"), "lxml")

    return load


@pytest.fixture(scope="session")
def built_pages(site_dir) -> dict[str, BeautifulSoup]:
    """Every HTML page of the build, keyed by its path relative to the site root."""
    return {
        path.relative_to(site_dir).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for path in sorted(site_dir.rglob("*.html"))
    }


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def served_site(site_dir, site_port, site_url):
    """The build served on 127.0.0.1 at exactly site_url (Material's instant navigation needs it)."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site_url
    server.shutdown()
    server.server_close()
