"""Add the site's new citable URLs to tests/site/citable.json, the committed stability manifest.

    .venv/bin/python tests/site/update_manifest.py               # builds the site into a temp folder
    .venv/bin/python tests/site/update_manifest.py --site-dir site  # reads an existing build

A citable URL is a page (including the redirect pages of `extra.redirects`), and on a page every
heading id and every numbered-equation id in the article. The manifest maps each page path to
its anchors. Entries are only ever added: if a listed page or anchor is gone from the build, the
script names it and changes nothing. Bring it back, or, for a moved page, add its old path to
`extra.redirects` in mkdocs.yml (the test follows redirects); deleting an entry by hand breaks a
promise made to everyone who cited it.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = Path(__file__).with_name("citable.json")
ANCHORS = "article :is(h1, h2, h3, h4, h5, h6)[id], article .numbered-equation[id]"
DESCRIPTION = (
    "Every citable URL of the site: page path -> anchor ids. A test fails when any of them is "
    "missing from the build (redirect pages are followed). Add with tests/site/update_manifest.py; "
    "never remove."
)


def read(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def page_file(site_dir: Path, page: str) -> Path:
    return site_dir / page / "index.html" if page == "" or page.endswith("/") else site_dir / page


def redirect_target(soup: BeautifulSoup) -> str | None:
    """The relative URL a redirect page sends to, or None for an ordinary page."""
    refresh = soup.select_one("meta[http-equiv='refresh' i]")
    if refresh is None:
        return None
    _, _, target = refresh["content"].partition("url=")
    return target.strip()


def resolve(site_dir: Path, page: str, hops: int = 5) -> tuple[str, BeautifulSoup] | None:
    """Follow redirect pages from `page`; the final page path and its HTML, or None if missing."""
    for _ in range(hops):
        path = page_file(site_dir, page)
        if not path.is_file():
            return None
        soup = read(path)
        target = redirect_target(soup)
        if target is None:
            return page, soup
        page = urlsplit(urljoin("http://site/" + page, target)).path.lstrip("/")
    return None


def is_content_page(rel: str, soup: BeautifulSoup) -> bool:
    return rel != "404.html" and soup.select_one("article") is not None


def citable(site_dir: Path) -> dict[str, list[str]]:
    """Every citable page path of a build and its anchors (redirect pages have none)."""
    found = {}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("assets/"):
            continue
        page = rel.removesuffix("index.html")
        soup = read(path)
        if redirect_target(soup) is not None:
            found[page] = []
        elif is_content_page(rel, soup):
            found[page] = sorted({el["id"] for el in soup.select(ANCHORS)})
    return found


def missing(manifest: dict[str, list[str]], site_dir: Path) -> list[str]:
    """Manifest entries (page or page#anchor) that the build no longer has."""
    gone = []
    for page, anchors in manifest.items():
        resolved = resolve(site_dir, page)
        if resolved is None:
            gone.append(page or "/")
            continue
        _, soup = resolved
        ids = {el["id"] for el in soup.find_all(id=True)}  # one pass, not one per anchor
        gone += [f"{page}#{anchor}" for anchor in anchors if anchor not in ids]
    return gone


def load() -> dict[str, list[str]]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))["pages"] if MANIFEST.exists() else {}


def save(pages: dict[str, list[str]]) -> None:
    data = {"description": DESCRIPTION, "pages": {page: pages[page] for page in sorted(pages)}}
    MANIFEST.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def build(out: Path) -> None:
    # No quiet flag here: with it MkDocs drops the warnings before the strict check counts them.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"mkdocs build --strict failed (exit {result.returncode})")


def update(site_dir: Path) -> int:
    manifest = load()
    gone = missing(manifest, site_dir)
    if gone:
        print("These citable URLs are gone from the build; nothing was changed:", file=sys.stderr)
        for entry in gone:
            print(f"  {entry}", file=sys.stderr)
        return 1
    merged = {page: list(anchors) for page, anchors in manifest.items()}
    added = 0
    for page, anchors in citable(site_dir).items():
        known = set(merged.get(page, []))
        new = [a for a in anchors if a not in known]
        if page not in merged or new:
            added += len(new) + (page not in merged)
            merged[page] = sorted(known | set(new))
    save(merged)
    print(f"{MANIFEST.relative_to(ROOT)}: {len(merged)} pages, {added} new entries")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, help="an existing build (default: build one now)")
    args = parser.parse_args(argv)
    if args.site_dir:
        return update(args.site_dir)
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp))
        return update(Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
