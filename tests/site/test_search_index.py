"""The search index: no notebook chrome in it, every text under its own section, Japanese compounds split."""

import html
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROMPT = re.compile(r"\b(?:In|Out)\s*\[\s*\d*\s*\]\s*:")
NOISE = ("Copied!", "¶", "clipboard")


@pytest.fixture(scope="module")
def index(site_dir) -> dict:
    return json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))


def notebook_pages(built_pages):
    return {
        rel[: -len("index.html")]: soup
        for rel, soup in built_pages.items()
        if soup.select_one(".jupyter-wrapper")
    }


def texts_by_location(index, page_url) -> dict[str, str]:
    return {
        d["location"]: html.unescape(d["text"])
        for d in index["docs"]
        if d["location"].split("#")[0] == page_url
    }


def test_the_site_has_notebook_pages(built_pages):
    assert notebook_pages(built_pages), "no notebook page: the tests below would check nothing"


def test_index_carries_no_notebook_chrome(index):
    problems = []
    for doc in index["docs"]:
        for field in ("title", "text"):
            value = html.unescape(doc[field]).replace("\xa0", " ")
            problems += [f"{doc['location']} {field}: {n!r}" for n in NOISE if n in value]
            problems += [f"{doc['location']} {field}: prompt {m!r}" for m in PROMPT.findall(value)]
    assert not problems, "\n".join(problems)


def test_index_names_no_path_of_the_build_machine(index):
    text = json.dumps(index, ensure_ascii=False)
    assert str(ROOT) not in text


def test_each_code_cell_is_indexed_once_under_its_own_heading(index, built_pages):
    problems = []
    for page_url, soup in notebook_pages(built_pages).items():
        sections = texts_by_location(index, page_url)
        everything = "\n".join(sections.values())
        for cell in soup.select(".jp-InputArea-editor .highlight-ipynb pre"):
            code = cell.get_text().strip()
            if not code:
                continue
            first_line = next(line for line in code.splitlines() if line.strip())
            if everything.count(code) != 1:
                problems.append(
                    f"/{page_url}: indexed {everything.count(code)} times: {first_line}"
                )
            heading = cell.find_previous(re.compile(r"^h[1-6]$"), id=True)
            location = f"{page_url}#{heading['id']}" if heading else page_url
            if first_line not in sections.get(location, ""):
                problems.append(
                    f"/{page_url}: not under #{heading['id'] if heading else ''}: {first_line}"
                )
    assert not problems, "\n".join(problems)


def test_cell_outputs_are_not_indexed(index, built_pages):
    problems = []
    for page_url, soup in notebook_pages(built_pages).items():
        everything = "\n".join(texts_by_location(index, page_url).values())
        code = "\n".join(cell.get_text() for cell in soup.select(".jp-InputArea-editor pre"))
        for output in soup.select(".jp-OutputArea-output pre"):
            # Lines the code itself contains (a printed label) may be in the index as code.
            lines = [
                line
                for line in output.get_text().splitlines()
                if len(line.strip()) > 8 and line not in code
            ]
            problems += [f"/{page_url}: {line}" for line in lines[:1] if line in everything]
    assert not problems, "\n".join(problems)


def test_index_is_written_as_utf8(site_dir):
    raw = (site_dir / "search/search_index.json").read_text(encoding="utf-8")
    assert "\\u" not in raw.replace("\\\\u", "")
    assert "交差エントロピー" in raw


def search_separator() -> re.Pattern:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV, !!python/…
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    search = next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)
    return re.compile(search["separator"])


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("交差エントロピー", ["交差", "エントロピー"]),
        ("KLダイバージェンス", ["KL", "ダイバージェンス"]),
        ("ソフトマックス関数", ["ソフトマックス", "関数"]),
        ("対数尤度", ["対数尤度"]),  # kanji runs are left to the segmenter
        ("エントロピー", ["エントロピー"]),  # the long-vowel mark stays in the word
        ("one-hot 表現", ["one", "hot", "表現"]),
        ("ギブスの不等式", ["ギブス", "の", "不等式"]),  # hiragana between words splits too
        ("負の対数尤度", ["負", "の", "対数尤度"]),
    ],
)
def test_search_separator_splits_japanese_compounds(text, tokens):
    # The same pattern is used by the browser's search (JavaScript RegExp, same syntax here).
    assert [t for t in search_separator().split(text) if t] == tokens
