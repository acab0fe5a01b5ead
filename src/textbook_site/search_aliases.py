"""Search by every name: the other names of each defined term find the section that defines it.

docs/search-aliases.yml lists, for each term the site defines, the section that defines it and
the names a reader may type instead (a katakana loanword, the English name, an abbreviation, a
theorem's other name). They go into the search index as a field of their own, `aliases`, on that
section's entry, weighted above section titles: typing クロスエントロピー or cross-entropy lists
the definition of 交差エントロピー first. The aliases are not shown on any page.

Material's search worker indexes every field named in the index's `config.fields`, so the field
is declared there too. A term whose page or section does not exist fails the build, naming it.
A `--dirty` build indexes only the pages it rebuilt (and Material's merge with the previous
index, in `mkdocs serve --dirty`, loses every other page when the top page is rebuilt): there a
term whose page is not in the index is left out, and the next complete build checks it.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

FIELD = "aliases"
# libyaml's safe loader where PyYAML was built with it: read on every rebuild of `make serve`.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Ten times a section title's weight: a chapter whose title merely contains the word (第5章
# …交差エントロピー) must not push the section that defines it out of the first three.
BOOST = 10_000.0


@dataclass(frozen=True)
class Term:
    term: str
    page: str  # source file of the defining page, e.g. "ch5.md"
    anchor: str  # id of the defining section, "" for the top of the page
    aliases: tuple[str, ...]


def read_terms(path: Path) -> list[Term]:
    """The terms of an alias file, each checked; a broken entry stops the build, named."""
    try:
        items = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise PluginError(f"{path.name}: cannot read it: {error}") from error
    if not isinstance(items, list):
        raise PluginError(f"{path.name}: must be a list of terms")
    terms, seen = [], {}
    for number, item in enumerate(items, 1):
        where = f"{path.name}, term {number}"
        if not isinstance(item, dict) or not isinstance(item.get("term"), str):
            raise PluginError(f"{where}: needs `term` (the word the pages use)")
        where = f"{path.name}, {item['term']}"
        page = item.get("page")
        aliases = item.get("aliases")
        if not isinstance(page, str) or not page.split("#")[0].endswith(".md"):
            raise PluginError(f"{where}: `page` must name the defining page, e.g. ch5.md#anchor")
        if (
            not isinstance(aliases, list)
            or not aliases
            or not all(isinstance(a, str) and a.strip() for a in aliases)
        ):
            raise PluginError(f"{where}: `aliases` must be a non-empty list of names")
        for name in [item["term"], *aliases]:
            if name in seen:
                raise PluginError(f"{where}: {name!r} is already a name of {seen[name]}")
            seen[name] = item["term"]
        source, _, anchor = page.partition("#")
        terms.append(Term(item["term"], source, anchor, tuple(aliases)))
    return terms


def page_location(url: str) -> str:
    """Where the search index puts a page with this URL (a File's): its Page.url, the top page ""."""
    return "" if url in (".", "./") else url


def add_aliases(
    index: dict,
    terms: list[Term],
    page_urls: dict[str, str],
    source: str = "search aliases",
    partial: bool = False,
) -> dict:
    """`index` (Material's search_index.json) with each term and its aliases in the `aliases`
    field of its defining section's entry. `page_urls` maps source files to their locations in
    the index (`page_location`); `source` names the alias file in errors; `partial`: the index
    holds only some of the pages (--dirty)."""
    entries = {entry["location"]: entry for entry in index["docs"]}
    for term in terms:
        if term.page not in page_urls:
            raise PluginError(f"{source}, {term.term}: no page {term.page}")
        location = page_urls[term.page] + (f"#{term.anchor}" if term.anchor else "")
        if location not in entries:
            if partial and page_urls[term.page] not in entries:
                continue  # the page was not rebuilt: not in this index
            raise PluginError(
                f"{source}, {term.term}: {term.page} has no section #{term.anchor} "
                "in the search index"
            )
        entry = entries[location]
        entry[FIELD] = [*entry.get(FIELD, []), term.term, *term.aliases]
    index["config"]["fields"][FIELD] = {"boost": BOOST}
    return index


def add_to_index(
    index_path: Path, aliases_path: Path, page_urls: dict[str, str], partial: bool = False
) -> None:
    """Rewrite the search index at `index_path` with the aliases of `aliases_path`."""
    terms = read_terms(aliases_path)
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index = add_aliases(index, terms, page_urls, aliases_path.name, partial)
    index_path.write_text(
        json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
