"""A rebuild that reuses stored pages (src/textbook_site/page_reuse.py) writes the site a clean build writes.

Page reuse is on in `mkdocs serve` only by default; these builds turn it on for `mkdocs build`.

Builds run in a small copy of the project (tests/site/conftest.py): a Markdown page that includes
a file by snippet and links to an equation on the chapter, a notebook chapter that includes a
function from src/, the equation index (built from the other pages) and the API page
(mkdocstrings, whose inventory and cross-reference targets are replayed from the store).

The two sites are compared file by file, byte for byte, except for what differs between any two
clean builds: the random id nbformat gives each notebook cell whenever it reads a jupytext
notebook (in the chapter's HTML, `id="cell-id=…"`, and in its .ipynb download), and the time in
sitemap.xml.gz's gzip header (its content is compared).
"""

import gzip
import re
import shutil
import zlib
from pathlib import Path

import pytest

INDEX = """\
# 試験 {#top}

はじめの文。

\\[
p = \\frac{1}{6} \\tag{9.1}
\\]

[式 (9.2)](ch9.md#eq-9-2) と [API](api.md) を参照。

--8<-- "notice.txt"
"""
CHAPTER = """\
# 試験の章 {#ch9}

章の文。

\\[
H = -\\sum_i t_i \\log y_i \\tag{9.2}
\\]

```py title="src/crossentropy/information.py"
--8<-- "src/crossentropy/information.py:cross_entropy"
```

```python
print("答え", 6 * 7)
```
"""
ROOT = Path(__file__).resolve().parents[2]
REUSED = re.compile(r"Pages reused from \S+: (\d+); rendered: (.*)")
# nbformat gives every cell a random id whenever a notebook is read from its jupytext Markdown
# (a conversion into the page, or the download next to it): two clean builds differ there too.
CELL_ID_HTML = re.compile(rb'id="cell-id=[0-9a-f]+"')
CELL_ID_IPYNB = re.compile(rb'"id": "[0-9a-f]+"')


@pytest.fixture
def project(project_copy):
    for name in ("equations.md", "api.md"):
        shutil.copy2(ROOT / "docs" / name, project_copy.root / "docs")
    project_copy.write("docs/index.md", INDEX)
    project_copy.write_notebook("docs/ch9.md", CHAPTER)
    project_copy.write("notice.txt", "スニペットの注記。\n")
    project_copy.reuse_pages_in_every_build()
    return project_copy


def reuse(log: str) -> tuple[int, list[str]]:
    """(pages reused, pages rendered) from the build's log."""
    match = REUSED.search(log)
    assert match, log
    rendered = match.group(2).strip()
    return int(match.group(1)), [] if rendered == "none" else rendered.split(", ")


def comparable(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        return gzip.decompress(data)  # the gzip header holds a time
    if path.suffix == ".html":
        return CELL_ID_HTML.sub(b'id="cell-id="', data)
    if path.suffix == ".ipynb":
        return CELL_ID_IPYNB.sub(b'"id": ""', data)
    return data


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): comparable(p) for p in site.rglob("*") if p.is_file()}


def clean_build(project, site_dir: Path) -> str:
    """A build of the same sources in the same folder with no cache at all, in a new interpreter
    (the other builds run in tests/site/build_server.py: so its builds are compared with one
    made as an author makes it, too)."""
    kept = project.root / ".cache-kept"
    (project.root / ".cache").rename(kept)
    try:
        return project.build(site_dir=site_dir, fresh_process=True)
    finally:
        shutil.rmtree(project.root / ".cache")
        kept.rename(project.root / ".cache")


def test_a_rebuild_from_stored_pages_equals_a_clean_build(project, tmp_path):
    assert reuse(project.build())[0] == 0  # nothing stored yet
    project.edit("docs/index.md", "はじめの文。", "はじめの文を直した。")
    log = project.build()
    reused, rendered = reuse(log)
    assert rendered == ["index.md"] and reused == 3  # ch9, equations, api
    assert "はじめの文を直した" in project.page("")

    clean = tmp_path / "clean"
    clean_build(project, clean)
    cached, expected = tree(project.root / "site"), tree(clean)
    assert cached.keys() == expected.keys()
    differ = [name for name in expected if cached[name] != expected[name]]
    assert differ == []
    # What the replayed and cross-page parts hold, so that "equal" is not "equally empty".
    inventory = zlib.decompress(expected["objects.inv"].split(b"\n", 4)[4])
    assert b"crossentropy.cross_entropy" in inventory
    assert "assets/_mkdocstrings.css" in expected
    assert b'href="../ch9/#eq-9-2"' in expected["equations/index.html"]
    assert "はじめの文を直した" in expected["search/search_index.json"].decode()


def test_a_page_reused_in_one_rebuild_keeps_its_notebook_outputs_for_the_next(project):
    # Seen in `make serve` (make bench): an edit of index.md, then a prose edit of a chapter,
    # started the chapter's kernel: the first rebuild restored the chapter's page and evicted
    # the outputs it had not looked up.
    project.build()
    project.edit("docs/index.md", "はじめの文。", "はじめの文を直した。")
    assert reuse(project.build()) == (3, ["index.md"])
    project.edit("docs/ch9.md", "章の文。", "章の文を直した。")
    log = project.build()
    assert "ch9.md" in reuse(log)[1]
    assert re.search(r"Outputs reused, code unchanged \(no kernel started\): \S*ch9\.md", log)
    assert "Executed, code or package changed" not in log
    assert "章の文を直した" in project.page("ch9")


def test_an_edit_of_what_a_page_includes_is_shown(project_copy):
    # Markdown pages only (no kernel to start): one includes a file outside src/ and a function
    # from src/, the other includes nothing.
    project = project_copy
    project.reuse_pages_in_every_build()
    project.write(
        "docs/index.md",
        '# 試験 {#top}\n\n--8<-- "notice.txt"\n\n'
        '```py\n--8<-- "src/crossentropy/information.py:cross_entropy"\n```\n',
    )
    project.write("docs/other.md", "# 別のページ\n\n本文。\n")
    project.write("notice.txt", "スニペットの注記。\n")
    project.build()
    assert "スニペットの注記" in project.page("")
    # The file outside src/: only the page that includes it renders again.
    project.write("notice.txt", "スニペットの注記を直した。\n")
    log = project.build()
    assert reuse(log) == (1, ["index.md"])
    assert "スニペットの注記を直した" in project.page("")
    # The function in src/.
    project.edit(
        "src/crossentropy/information.py",
        "# --8<-- [start:cross_entropy]\n",
        "# --8<-- [start:cross_entropy]\n# 直した実装\n",
    )
    project.build()
    assert "直した実装" in project.page("")
    # The build plugin: the heading of the citation section is set in its citation module.
    project.edit("src/textbook_site/citation.py", '"このページを引用する"', '"このページの引用"')
    log = project.build()
    assert reuse(log)[0] == 0
    assert "このページの引用" in project.page("") and "このページの引用" in project.page("other")


def test_a_page_that_warns_is_rendered_and_warns_at_every_build(project_copy):
    project = project_copy
    project.reuse_pages_in_every_build()
    project.write("docs/index.md", "# 試験 {#top}\n")
    project.write("docs/broken.md", "# 壊れたリンク\n\n[どこにもない](missing.md)\n")
    warning = "'missing.md', but the target is not found"
    assert warning in project.build(strict=False)
    log = project.build(strict=False)
    assert warning in log and reuse(log) == (1, ["broken.md"])
    # So --strict still fails on it.
    result = project.run_build()
    assert result.returncode != 0 and warning in result.stderr


def test_a_published_build_renders_every_page(project_copy):
    project_copy.write("docs/index.md", "# 試験 {#top}\n")
    project_copy.build()
    log = project_copy.build()
    assert "Pages reused" not in log  # page reuse is for `mkdocs serve`


def test_an_unknown_plugin_that_renders_pages_turns_reuse_off(project_copy):
    project_copy.reuse_pages_in_every_build()
    project_copy.write("docs/index.md", "# 試験 {#top}\n")
    # Material's tags plugin reads each page's Markdown: a reused page would not give it that.
    project_copy.edit("mkdocs.yml", "  - textbook:\n", "  - tags\n  - textbook:\n")
    log = project_copy.build()
    assert "Page reuse is off: material/tags also render pages" in log
