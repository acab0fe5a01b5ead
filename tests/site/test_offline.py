"""`mkdocs build` and `mkdocs serve` work with the network off, once set up.

Each runs in a fresh network namespace (`unshare -rn`): no route and no DNS, only the loopback
interface, which the notebook kernels need to talk to the build. The build starts from an empty
notebook cache in a copy of the project, so every notebook really executes offline.
"""

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("mkdocs.yml", "pyproject.toml", "requirements.txt", "docs", "overrides", "src")


def offline(command: str, cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    script = f"ip link set lo up && {command}"
    return subprocess.run(
        ["unshare", "-rn", "sh", "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        # The copy's own package first: the kernels import what this copy's pages were written for.
        env={
            "PATH": "/usr/sbin:/usr/bin:/bin",
            "HOME": str(cwd),
            "NO_MKDOCS_2_WARNING": "1",
            "LANG": "C.UTF-8",
            "PYTHONPATH": str(cwd / "src"),
        },
    )


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    if not (shutil.which("unshare") and shutil.which("ip")):
        pytest.skip("needs unshare and ip (util-linux, iproute2) to cut the network")
    probe = subprocess.run(["unshare", "-rn", "sh", "-c", "ip link set lo up"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no network namespaces here: {probe.stderr.decode().strip()}")
    copy = tmp_path_factory.mktemp("offline")
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, copy / name)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")  # installed once, while online
    return copy


def test_strict_build_works_offline(project_copy):
    result = offline(
        f"{sys.executable} -m mkdocs build --strict --site-dir site", project_copy, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Converting notebook (execute=True)" in result.stderr  # the notebooks ran, offline
    page = (project_copy / "site/ch4/index.html").read_text(encoding="utf-8")
    assert "<mjx-container" in page  # typeset by MathJax under Node, offline
    assert list((project_copy / "site/assets/mathjax").glob("mathjax.*.css"))


SERVE_AND_FETCH = textwrap.dedent(
    """
    import json, re, subprocess, sys, time, urllib.parse, urllib.request
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", "127.0.0.1:8765", "--livereload"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # stops early if serve dies
    found = {}
    try:
        deadline = time.time() + 300
        while time.time() < deadline and "page" not in found and server.poll() is None:
            try:
                found["page"] = urllib.request.urlopen("http://127.0.0.1:8765/ch4/", timeout=5).read().decode()
            except OSError:
                time.sleep(0.5)
        if "page" in found:
            sheet = re.search(r'href="([^"]*assets/mathjax/mathjax[^"]*\\.css)"', found["page"]).group(1)
            found["mathjax"] = urllib.request.urlopen(urllib.parse.urljoin("http://127.0.0.1:8765/ch4/", sheet), timeout=5).status
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps({"page": found.get("page", ""), "mathjax": found.get("mathjax")}))
    """
)


def test_serve_works_offline(project_copy):
    (project_copy / "serve_and_fetch.py").write_text(SERVE_AND_FETCH, encoding="utf-8")
    result = offline(f"{sys.executable} serve_and_fetch.py", project_copy, timeout=600)
    assert result.returncode == 0, result.stderr
    served = json.loads(result.stdout.strip().splitlines()[-1])
    assert 'id="eq-4-1"' in served["page"]
    assert "<mjx-container" in served["page"]
    assert "livereload" in served["page"]
    assert served["mathjax"] == 200
