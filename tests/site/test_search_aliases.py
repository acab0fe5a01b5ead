"""The alias list (docs/search-aliases.yml) in the built search index, and the build's rules for it.
Whether each name finds its page is checked in the browser (tests/browser/test_search_aliases.py)."""

import json
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import PluginError

from textbook_site import search_aliases

ROOT = Path(__file__).resolve().parents[2]
TERMS = yaml.safe_load((ROOT / "docs/search-aliases.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index(site_dir) -> dict:
    return json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))


def test_the_index_declares_the_aliases_field_above_titles(index):
    fields = index["config"]["fields"]
    assert fields["aliases"]["boost"] > fields["title"]["boost"]


def test_each_term_and_its_aliases_sit_on_the_defining_section(index):
    by_location = {entry["location"]: entry for entry in index["docs"]}
    for term in TERMS:
        source, _, anchor = term["page"].partition("#")
        url = "" if source == "index.md" else source.removesuffix(".md") + "/"
        entry = by_location[url + (f"#{anchor}" if anchor else "")]
        assert {term["term"], *term["aliases"]} <= set(entry["aliases"]), term["term"]


def test_the_alias_file_is_not_published(site_dir):
    assert not list(site_dir.rglob("search-aliases.yml"))


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "search-aliases.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("term: 尤度", "must be a list"),
        ("- page: ch3.md\n  aliases: [likelihood]", "needs `term`"),
        ("- term: 尤度\n  aliases: [likelihood]", "`page` must name the defining page"),
        ("- term: 尤度\n  page: ch3.md\n  aliases: []", "尤度: `aliases` must be a non-empty list"),
        (
            "- {term: 尤度, page: ch3.md, aliases: [L]}\n- {term: 尤度関数, page: ch3.md, aliases: [L]}",
            "'L' is already a name of 尤度",
        ),
    ],
)
def test_a_broken_alias_file_names_the_term_and_the_rule(tmp_path, text, message):
    with pytest.raises(PluginError, match=message):
        search_aliases.read_terms(write(tmp_path, text))


def test_a_term_on_a_missing_section_stops_the_build_with_its_name(tmp_path):
    terms = search_aliases.read_terms(
        write(tmp_path, "- {term: 尤度, page: ch3.md#nowhere, aliases: [likelihood]}")
    )
    index = {
        "config": {"fields": {}},
        "docs": [{"location": "ch3/#likelihood", "title": "", "text": ""}],
    }
    with pytest.raises(PluginError, match="尤度: ch3.md has no section #nowhere"):
        search_aliases.add_aliases(index, terms, {"ch3.md": "ch3/"})


INDEX_OF_ONE_PAGE = {
    "config": {"fields": {}},
    "docs": [{"location": "ch3/", "title": "", "text": ""}],
}


def test_a_partial_index_leaves_out_the_terms_of_pages_it_does_not_hold(tmp_path):
    """A --dirty build indexes only the pages it rebuilt: a term of another page is left out,
    while a term of a rebuilt page must still find its section."""
    terms = search_aliases.read_terms(
        write(
            tmp_path,
            "- {term: 尤度, page: ch3.md, aliases: [likelihood]}\n"
            "- {term: 交差エントロピー, page: ch4.md#derivation, aliases: [cross-entropy]}",
        )
    )
    urls = {"ch3.md": "ch3/", "ch4.md": "ch4/"}
    with pytest.raises(PluginError, match="交差エントロピー: ch4.md has no section #derivation"):
        search_aliases.add_aliases(json.loads(json.dumps(INDEX_OF_ONE_PAGE)), terms, urls)
    index = search_aliases.add_aliases(
        json.loads(json.dumps(INDEX_OF_ONE_PAGE)), terms, urls, partial=True
    )
    assert index["docs"][0]["aliases"] == ["尤度", "likelihood"]
    broken = search_aliases.read_terms(
        write(tmp_path, "- {term: 尤度, page: ch3.md#nowhere, aliases: [likelihood]}")
    )
    with pytest.raises(PluginError, match="尤度: ch3.md has no section #nowhere"):
        search_aliases.add_aliases(INDEX_OF_ONE_PAGE, broken, urls, partial=True)


def test_a_dirty_build_that_rebuilds_another_page_succeeds(project_copy):
    """`mkdocs build --dirty` (and `serve --dirty`) stopped on the first edit: its index lacked
    the defining pages it had not rebuilt."""
    project_copy.write("docs/index.md", "# 試験\n\n## 尤度 {#likelihood}\n\n本文。\n")
    project_copy.write("docs/other.md", "# 別のページ\n\n本文。\n")
    project_copy.write(
        "docs/search-aliases.yml",
        "- {term: 尤度, page: index.md#likelihood, aliases: [likelihood]}\n",
    )
    project_copy.build()
    project_copy.edit("docs/other.md", "本文。", "本文を直した。")
    project_copy.build("--dirty")
    assert "本文を直した" in project_copy.page("other")
