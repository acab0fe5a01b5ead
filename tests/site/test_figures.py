"""The interactive figures as built: what arrives in the page after mkdocs-jupyter's rendering,
what loads them, what they weigh. (tests/browser/test_figures.py drives them.)"""

import gzip
import json
import re
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ROOT / "docs/javascripts/figures"
STYLESHEET = ROOT / "docs/stylesheets/figures.css"
BUDGET = 30 * 1024  # all interactive code together, gzip
SCRIPT = "javascripts/figures/index.js"


def figure_pages(built_pages):
    return {
        rel: soup for rel, soup in built_pages.items() if soup.select("figure[data-explorable]")
    }


def test_all_figure_code_together_is_at_most_30_kb_gzipped():
    files = [*FIGURES.glob("*.js"), STYLESHEET]
    total = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert len(files) >= 3
    assert total <= BUDGET, f"{total / 1024:.1f} KB gzipped"


def test_each_figure_arrives_whole_with_its_values_and_its_table(built_pages):
    drawers = set(
        re.findall(
            r'^\s+"?([\w-]+)"?: \(\) => import', (FIGURES / "index.js").read_text(), re.MULTILINE
        )
    )
    pages = figure_pages(built_pages)
    assert pages
    for rel, soup in pages.items():
        for figure in soup.select("figure[data-explorable]"):
            where = f"{rel}#{figure.get('id')}"
            assert figure["id"].startswith("explore-"), where
            assert figure["data-explorable"] in drawers, where
            assert (FIGURES / f"{figure['data-explorable']}.js").is_file(), where
            assert figure.find_parent("article") is not None, where
            json.loads(figure["data-state"])
            probes = json.loads(figure["data-probes"])
            assert len(probes) >= 3 and all("set" in p for p in probes), where
            rows = figure.select(".explorable-static tbody tr")
            assert len(rows) == len(probes), where
            assert all(cell.get_text(strip=True) for row in rows for cell in row.select("td")), (
                where
            )


def test_only_pages_with_a_figure_load_the_figure_code(built_pages, site_dir):
    for rel, soup in built_pages.items():
        scripts = [s for s in soup.select("script[src]") if SCRIPT in s["src"]]
        if not soup.select("figure[data-explorable]"):
            assert not scripts, rel
            continue
        assert scripts, rel
        for script in scripts:
            # A module runs after the page is parsed: nothing waits for it before the first paint.
            assert script.get("type") == "module", rel
            assert script.find_parent("head") is None, rel
            target = (PurePosixPath(rel).parent / script["src"]).as_posix()
            assert (site_dir / Path(target)).resolve().is_file(), (rel, script["src"])


def test_the_search_index_holds_no_figure_internals(site_dir, built_pages):
    index = (site_dir / "search/search_index.json").read_text(encoding="utf-8")
    assert figure_pages(built_pages)
    for internal in ("data-probes", "explorable-static", "代表的な状態での値"):
        assert internal not in index, internal
