"""Every built page is valid HTML as the Nu HTML Checker (vnu.jar, from npm's vnu-jar) reads it.

Errors in markup that a third party writes and the site cannot change are listed below, each with
the reason; any other error fails the test, with the page, line and the checker's message.
The checker needs Java (Debian: default-jre-headless, which .ci/run installs): without it this
test skips locally and fails in CI.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"

# (pattern of the checker's message, the markup it comes from, why it stays)
THIRD_PARTY = [
    (
        re.compile(r"Attribute “autocomplete” is only allowed when the input type is"),
        '<input class="md-toggle" type="checkbox" autocomplete="off"> (Material base.html)',
        (
            "Material's drawer and search toggles: autocomplete=off keeps Firefox from restoring "
            "them open on reload; they are written outside any template block we could override."
        ),
    ),
]


def own_errors(messages: list[dict], site_dir: Path) -> list[str]:
    errors = []
    for message in messages:
        if message.get("type") != "error":
            continue
        if any(pattern.search(message["message"]) for pattern, _, _ in THIRD_PARTY):
            continue
        page = Path(message.get("url", "").removeprefix("file:")).relative_to(site_dir)
        extract = message.get("extract", "").replace("\n", " ")[:120]
        errors.append(f"{page}:{message.get('lastLine')}: {message['message']}\n    {extract}")
    return errors


@pytest.fixture(scope="module")
def vnu_messages(site_dir) -> list[dict]:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        if os.environ.get("CI"):
            pytest.fail("CI needs Java and node_modules/vnu-jar for the HTML check")
        pytest.skip("no Java or vnu.jar here (apt-get install default-jre-headless; npm ci)")
    result = subprocess.run(
        [
            java,
            # One short run: the quick compiler only and the plain collector (2.9 CPU-s instead of
            # 6.7 here, the same messages); its compiled code needs a deeper stack for the checker's
            # recursion through the HTML schema than the default 1 MB (it overflows there).
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xss16m",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--skip-non-html",
            "--exit-zero-always",
            str(site_dir),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stderr)["messages"]


def test_the_checker_read_every_page(vnu_messages, built_pages):
    # A page with no message at all is not in the output: count the pages it was given instead.
    assert built_pages, "no page built"
    fatal = [m for m in vnu_messages if m.get("type") == "non-document-error"]
    assert not fatal, fatal


def test_the_site_markup_has_no_error(vnu_messages, site_dir):
    errors = own_errors(vnu_messages, site_dir)
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors[:40])


def test_each_third_party_exception_still_occurs(vnu_messages):
    """An exception that no longer matches anything is dropped from the list, not kept."""
    for pattern, markup, _ in THIRD_PARTY:
        assert any(pattern.search(m["message"]) for m in vnu_messages), markup
