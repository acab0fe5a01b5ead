"""`mkdocs build` and `mkdocs serve` work with the network off, once set up.

The session's one build (tests/conftest.py) runs in a fresh network namespace (`unshare -rn`): no
route and no DNS, only the loopback interface, which the notebook kernels need to talk to the
build. The run's first such build starts from an empty cache, so every notebook really executes
offline and MathJax really typesets offline. `mkdocs serve` is then started the same way on the
project, with that build's cache.
"""

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXECUTED = "Executed, code or package changed (kernel started)"


@pytest.fixture(scope="module")
def offline_build(site_build):
    if not site_build.offline_prefix:
        pytest.skip("needs unshare and ip (util-linux, iproute2) and network namespaces")
    return site_build


def test_strict_build_works_offline(offline_build):
    log = offline_build.first_log  # the run's build from an empty cache (offline as this one)
    chapters = set(re.findall(r"Converting notebook \(execute=True\): (\S+)", log))
    assert len(chapters) >= 8, log[-2000:]  # the notebooks were converted...
    executed = set(re.findall(re.escape(EXECUTED) + r": (\S+)", log))
    assert executed == chapters  # ...and each one executed, offline
    assert "MathJax typeset" in log
    page = (offline_build.site_dir / "ch4/index.html").read_text(encoding="utf-8")
    assert "<mjx-container" in page  # typeset by MathJax under Node, offline
    assert list((offline_build.site_dir / "assets/mathjax").glob("mathjax.*.css"))


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


def test_serve_works_offline(offline_build, build_cache_in_use):
    # On the tests' cache root, so builds of other test processes wait (its build evicts).
    with build_cache_in_use():
        result = subprocess.run(
            [*offline_build.offline_prefix, sys.executable, "-c", SERVE_AND_FETCH],
            cwd=ROOT,
            env={**offline_build.env, "SITE_URL": "http://127.0.0.1:8765/"},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    served = json.loads(result.stdout.strip().splitlines()[-1])
    assert 'id="eq-4-1"' in served["page"]
    assert "<mjx-container" in served["page"]
    assert "livereload" in served["page"]
    assert served["mathjax"] == 200
