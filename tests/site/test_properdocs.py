"""The site builds with ProperDocs 1.6.x, the maintained continuation of MkDocs 1.x, identically.

`properdocs build --strict` (ProperDocs is installed beside MkDocs: mkdocs-redirects needs it)
builds the site with the session build's settings and cache root (the notebooks' outputs and the
equations are reused; every page is rendered again), and every file is compared with MkDocs'
build, byte for byte, except what differs between any two builds of this commit: the generator tag, nbformat's
random cell ids (in a notebook page's HTML and its .ipynb download), the build date a citation
gives as the date it was accessed (the two builds may fall on either side of midnight) and the time
in sitemap.xml.gz's gzip header (its content is compared).
"""

import gzip
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROPERDOCS = Path(sys.executable).with_name("properdocs")
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
CELL_ID_HTML = re.compile(rb'id="cell-id=[0-9a-f]+"')
CELL_ID_IPYNB = re.compile(rb'"id": "[0-9a-f]+"')
ACCESSED = re.compile(rb"(data-cite-accessed>)\d{4}-\d{2}-\d{2}<")


def comparable(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        return gzip.decompress(data)
    if path.suffix == ".html":
        data = ACCESSED.sub(rb"\1<", GENERATOR.sub(b"<meta generator>", data))
        return CELL_ID_HTML.sub(b'id="cell-id="', data)
    if path.suffix == ".ipynb":
        return CELL_ID_IPYNB.sub(b'"id": ""', data)
    return data


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): comparable(p) for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def properdocs_site(site_build, build_cache_in_use, tmp_path_factory) -> Path:
    if not PROPERDOCS.exists():
        pytest.fail(f"ProperDocs is not installed ({PROPERDOCS}): run `make setup`")
    out = tmp_path_factory.mktemp("properdocs-site")
    with build_cache_in_use():
        result = subprocess.run(
            [str(PROPERDOCS), "build", "--strict", "--site-dir", str(out)],
            cwd=ROOT,
            env=site_build.env,
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    return out


def test_properdocs_builds_the_same_site(site_dir, properdocs_site):
    built_by_mkdocs, built_by_properdocs = tree(site_dir), tree(properdocs_site)
    assert built_by_properdocs.keys() == built_by_mkdocs.keys()
    differ = [
        name for name in built_by_mkdocs if built_by_mkdocs[name] != built_by_properdocs[name]
    ]
    assert differ == []
    assert len(built_by_mkdocs) > 50  # the whole site, not an empty one


def test_only_the_generator_tag_names_properdocs(properdocs_site):
    page = (properdocs_site / "index.html").read_text(encoding="utf-8")
    (generator,) = re.findall(r'<meta name="generator" content="([^"]*)">', page)
    assert "mkdocs-material" in generator
