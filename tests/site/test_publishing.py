"""Publishing: one public address or a publishing build refuses to run; the citations of a local
preview name no address; page dates follow the code a page includes and runs; two clean builds
of one commit are byte-identical (src/textbook_site: address.py, citation.py, dates.py,
notebooks.py, figures.py).

Each test builds a small copy of the project (tests/site/conftest.py).
"""

import gzip
import struct
import subprocess
from datetime import UTC, datetime

import nbformat
import pytest
from bs4 import BeautifulSoup

from textbook_site.notebooks import join_streams

PUBLIC = "https://example.org/some/path/"
PUBLISH = {"TEXTBOOK_PUBLISH": "true"}
EPOCH = 1_700_000_000  # 2023-11-14 22:13:20 UTC
EPOCH_DATE = "2023-11-14"

# A chapter with what varies between runs unless the build pins it: cells (random ids), a figure
# (an SVG with a date and ids), equations, included code, and a table of outputs.
CHAPTER = """\
# 試験の章 {#ch9}

\\[
H(t, y) = -\\sum_k t_k \\log y_k \\tag{9.1}
\\]

    ```py
    --8<-- "src/crossentropy/information.py:cross_entropy"
    ```

```python
import time

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401

import crossentropy as ce

%config InlineBackend.figure_formats = ["svg"]
print(ce.cross_entropy([1, 0], [0.5, 0.5]))
time.sleep(0.5)  # the kernel sends what follows in a message of its own
print("二行目")
fig, ax = plt.subplots(figsize=(3, 2))
ax.plot([1, 2, 3], [1, 4, 9])
ax.set_title("試験の図")
plt.show()
```
"""


def soup(project, name: str, site_dir=None) -> BeautifulSoup:
    return BeautifulSoup(project.page(name, site_dir), "lxml")


def citation_text(page: BeautifulSoup) -> str:
    return "\n".join(code.get_text() for code in page.select(".cite-this-page pre code"))


# --- one public address ---------------------------------------------------------------------------


@pytest.fixture
def small(project_copy):
    project_copy.write("docs/index.md", "# 試験 {#top}\n\n本文。\n")
    project_copy.write("docs/a.md", "# ページA {#a}\n\n本文。\n")
    return project_copy


@pytest.mark.parametrize(
    "site_url, reason",
    [
        (None, "SITE_URL is not set"),
        ("http://example.org/some/path/", "which is not https"),
        ("https://127.0.0.1:8000/", "a local address"),
        ("https://localhost/book/", "a local address"),
        ("https://[::1]:8000/", "a local address"),
    ],
    ids=["missing", "http", "127.0.0.1", "localhost", "ipv6 loopback"],
)
def test_a_publishing_build_stops_without_the_public_address(small, site_url, reason):
    env = {**PUBLISH, "SITE_URL": site_url or ""}
    result = small.run_build(env=env)
    assert result.returncode != 0
    assert "make publish: SITE_URL" in result.stderr and reason in result.stderr, result.stderr
    assert not (small.root / "site").exists()


def test_a_local_preview_offers_no_address_to_cite_and_says_where_it_will_be(small):
    small.write("CITATION.cff", f"cff-version: 1.2.0\ntitle: 試験\nurl: {PUBLIC}\n")
    small.build(env={"SITE_URL": "http://127.0.0.1:8000/"})
    page = soup(small, "a")
    note = page.select_one(".cite-this-page [data-cite-preview]")
    assert note is not None and "プレビュー" in note.get_text()
    assert note.select_one(".cite-published").get_text() == f"{PUBLIC}a/"
    assert "127.0.0.1" not in citation_text(page) and "://" not in citation_text(page)
    assert not page.select('meta[property="og:url"], meta[name="citation_fulltext_html_url"]')


def test_a_publishing_build_needs_citation_cff_to_agree_and_then_cites_the_public_address(small):
    small.write("CITATION.cff", f"cff-version: 1.2.0\ntitle: 試験\nurl: {PUBLIC}\n")
    result = small.run_build(env={**PUBLISH, "SITE_URL": "https://example.org/elsewhere/"})
    assert result.returncode != 0
    assert "CITATION.cff records the address" in result.stderr, result.stderr
    small.build(
        env={**PUBLISH, "SITE_URL": PUBLIC.rstrip("/")}
    )  # as actions/configure-pages gives it
    page = soup(small, "a")
    assert page.select_one("[data-cite-preview]") is None
    assert f"{PUBLIC}a/, (参照" in citation_text(page)
    assert page.select_one('link[rel="canonical"]')["href"] == f"{PUBLIC}a/"
    assert page.select_one('meta[property="og:url"]')["content"] == f"{PUBLIC}a/"


# --- dates that mean something --------------------------------------------------------------------


def git(root, *args, date=None):
    env = {"HOME": str(root), "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env |= {"GIT_AUTHOR_DATE": f"{date}T12:00:00Z", "GIT_COMMITTER_DATE": f"{date}T12:00:00Z"}
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env={**env, "PATH": "/usr/bin:/bin"},
    )


def shown_date(page: BeautifulSoup) -> str:
    return page.select_one(".md-source-file").get_text(" ", strip=True)


def test_a_commit_that_changes_only_included_code_moves_the_dates_of_the_pages_made_of_it(
    project_copy,
):
    """ch9 runs the package and shows information.py; shown.md shows information.py; other.md
    shows likelihood.py; index.md shows no code. A commit that changes information.py only moves
    the first two."""
    project = project_copy
    project.write("docs/index.md", "# 試験 {#top}\n\n本文。\n")
    project.write_notebook("docs/ch9.md", CHAPTER)
    project.write(
        "docs/shown.md",
        '# 実装 {#shown}\n\n```py\n--8<-- "src/crossentropy/information.py:cross_entropy"\n```\n',
    )
    project.write(
        "docs/other.md",
        '# ほかの実装 {#other}\n\n```py\n--8<-- "src/crossentropy/likelihood.py:likelihood"\n```\n',
    )
    project.write(".gitignore", "/site/\n/.cache/\n/node_modules\n")
    root = project.root
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first", date="2001-02-03")
    local = {"SITE_URL": "http://127.0.0.1:8000/"}
    project.build(env=local)
    for name in ("", "ch9", "shown", "other"):
        assert shown_date(soup(project, name)) == "2001-02-03", name

    information = root / "src/crossentropy/information.py"
    information.write_text(
        information.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8"
    )
    git(root, "commit", "-q", "-am", "included code only", date="2002-03-04")
    project.build(env=local)
    moved = {name: shown_date(soup(project, name)) for name in ("", "ch9", "shown", "other")}
    assert moved == {
        "": "2001-02-03",
        "ch9": "2002-03-04",
        "shown": "2002-03-04",
        "other": "2001-02-03",
    }
    chapter = soup(project, "ch9")
    assert "2002-03-04" in citation_text(chapter)
    assert chapter.select_one('meta[name="DC.date"]')["content"] == "2002-03-04"
    sitemap = BeautifulSoup((root / "site/sitemap.xml").read_text(encoding="utf-8"), "xml")
    lastmod = {url.loc.text: url.lastmod.text for url in sitemap.select("url")}
    assert lastmod["http://127.0.0.1:8000/ch9/"] == "2002-03-04"
    assert lastmod["http://127.0.0.1:8000/"] == "2001-02-03"


# --- reproducible ---------------------------------------------------------------------------------


def test_two_clean_builds_are_byte_identical_and_dated_by_source_date_epoch(
    project_copy, tmp_path, as_notebook
):
    """Two copies in different folders, each built from scratch (no cache): every file of site/
    is the same, byte for byte. Outside git, every date is the build date: SOURCE_DATE_EPOCH's."""
    sites = []
    for project in (
        project_copy,
        type(project_copy)(tmp_path / "second", as_notebook, project_copy.server),
    ):
        project.write("docs/index.md", "# 試験 {#top}\n\n本文。\n")
        project.write_notebook("docs/ch9.md", CHAPTER)
        env = {"SITE_URL": PUBLIC, "SOURCE_DATE_EPOCH": str(EPOCH), **PUBLISH}
        project.build(env=env)
        sites.append(project.root / "site")
    first, second = (
        {p.relative_to(s).as_posix(): p for p in s.rglob("*") if p.is_file()} for s in sites
    )
    assert sorted(first) == sorted(second)
    differing = [
        name for name in sorted(first) if first[name].read_bytes() != second[name].read_bytes()
    ]
    assert differing == []
    kinds = {name.rsplit(".", 1)[-1] for name in first}
    assert {"html", "svg", "ipynb", "json", "xml", "gz", "css", "js"} <= kinds, kinds
    assert any(name.startswith("assets/figures/") for name in first), "the chapter's figure"

    chapter = BeautifulSoup(first["ch9/index.html"].read_text(encoding="utf-8"), "lxml")
    printed = [pre.get_text() for pre in chapter.select("[data-mime-type='text/plain'] pre")]
    assert printed == ["0.6931471805599453\n二行目\n"], "a cell's printed text is one output"
    assert shown_date(chapter) == EPOCH_DATE
    assert {span.get_text() for span in chapter.select("[data-cite-accessed]")} == {EPOCH_DATE}
    sitemap = first["sitemap.xml"].read_text(encoding="utf-8")
    assert sitemap.count(f"<lastmod>{EPOCH_DATE}</lastmod>") == 2
    mtime = struct.unpack("<I", first["sitemap.xml.gz"].read_bytes()[4:8])[0]
    assert datetime.fromtimestamp(mtime, UTC).date().isoformat() == EPOCH_DATE
    assert gzip.decompress(first["sitemap.xml.gz"].read_bytes()).decode() == sitemap


def test_printed_text_is_one_output_however_the_kernel_sent_it():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "print(1)",
                outputs=[
                    nbformat.v4.new_output("stream", name="stdout", text="a"),
                    nbformat.v4.new_output("stream", name="stdout", text=" b\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="warn\n"),
                    nbformat.v4.new_output("execute_result", data={"text/plain": "3"}),
                    nbformat.v4.new_output("stream", name="stdout", text="c\n"),
                ],
            )
        ]
    )
    join_streams(nb)
    outputs = [(o.output_type, o.get("name"), o.get("text")) for o in nb.cells[0].outputs]
    assert outputs == [
        ("stream", "stdout", "a b\n"),
        ("stream", "stderr", "warn\n"),
        ("execute_result", None, None),
        ("stream", "stdout", "c\n"),
    ]
