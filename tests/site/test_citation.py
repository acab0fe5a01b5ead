"""Citable pages and equations, as built: the citation section, meta tags, equation permalinks,
the equation index, version, dates, licences, CITATION.cff, the stability manifest and redirects.

The tests of the pages run on two builds: the tests' local one (a preview: its citations name no
address and say so) and the publishing one (SITE_URL = PUBLIC_URL: every citation carries the
page's public address)."""

import datetime
import importlib.util
import json
import subprocess
import tomllib
from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import bibtexparser
import jsonschema
import pytest
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware
from bs4 import BeautifulSoup, NavigableString
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File, get_files
from mkdocs.structure.nav import get_navigation

from textbook_site import citation as citation_module
from textbook_site.dates import PageDates, made_of

ROOT = Path(__file__).resolve().parents[2]
CFF_SCHEMA = Path(__file__).with_name("schemas") / "citation-file-format-1.2.0.json"
# The equation index is generated from the other pages; an equation is cited by its own permalink.
NO_CITATION_SECTION = {"equations/"}
BLOCKS = ("cite-sist02", "cite-apa", "cite-bibtex")
HIGHWIRE = ("citation_title", "citation_author", "citation_publication_date", "citation_language")
DUBLIN_CORE = ("DC.title", "DC.creator", "DC.date", "DC.language", "DC.rights")
OPENGRAPH = ("og:type", "og:title", "og:site_name", "og:locale")
# The tags that carry the page's address: only in a build with the public address.
ADDRESS_TAGS = ("citation_fulltext_html_url", "DC.identifier", "og:url")


def load_module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


manifest_tool = load_module("update_manifest", Path(__file__).with_name("update_manifest.py"))


@pytest.fixture(scope="module")
def config():
    return load_config(config_file=str(ROOT / "mkdocs.yml"))


@pytest.fixture(scope="module", params=["preview", "public"])
def built(request):
    """One of the two builds: its site_url, whether that is public, and its HTML files."""
    if request.param == "preview":
        site_dir, url = request.getfixturevalue("site_dir"), request.getfixturevalue("site_url")
    else:
        site_dir = request.getfixturevalue("public_site_dir")
        url = request.getfixturevalue("public_url")
    html = {
        path.relative_to(site_dir).as_posix(): path for path in sorted(site_dir.rglob("*.html"))
    }
    return SimpleNamespace(site_url=url, public=request.param == "public", html=html)


@pytest.fixture(scope="module")
def pages(built, as_written):
    """Built pages by page path ("" for the top page, "ch4/"), without 404 and redirect pages,
    their equations as TeX (conftest.as_tex), each parsed once."""
    parsed = {
        rel: as_written(path.read_text(encoding="utf-8"))
        for rel, path in built.html.items()
        if not rel.startswith("assets/")
    }
    return {
        rel.removesuffix("index.html"): soup
        for rel, soup in parsed.items()
        if manifest_tool.is_content_page(rel, soup) and manifest_tool.redirect_target(soup) is None
    }


@pytest.fixture(scope="module")
def cited_pages(pages):
    cited = {path: soup for path, soup in pages.items() if path not in NO_CITATION_SECTION}
    assert {"", "ch4/"} <= set(cited), "the top page and chapter 4 must be among the cited pages"
    return cited


@pytest.fixture(scope="module")
def sources(config):
    """Page path -> its source file."""
    return {
        f.url.removeprefix("./"): Path(f.abs_src_path)
        for f in get_files(config)
        if f.is_documentation_page()
    }


# Each page's <meta> elements, found once per page (a search of the whole page for each of the
# ~800 names asked for took 5 s): id(soup) -> (soup, its metas); the soup is kept so that its id
# is not reused.
_METAS: dict[int, tuple] = {}


def meta(soup, name: str) -> list[str]:
    """The content of every <meta> anywhere in the page whose name or property is `name`."""
    if id(soup) not in _METAS:
        _METAS[id(soup)] = (soup, soup.find_all("meta"))
    return [m["content"] for m in _METAS[id(soup)][1] if name in (m.get("name"), m.get("property"))]


def one_meta(soup, name: str) -> str:
    values = meta(soup, name)
    assert len(values) == 1, f"{name}: {values}"
    assert values[0].strip(), f"{name} is empty"
    return values[0]


def canonical(soup) -> str:
    links = soup.select('link[rel="canonical"]')
    assert len(links) == 1, links
    return links[0]["href"]


def block_text(soup, block_id: str) -> str:
    code = soup.select(f"#{block_id} pre > code")
    assert len(code) == 1, f"#{block_id} needs one code block"
    return code[0].get_text()


def page_title(soup, site_name: str) -> str:
    return soup.title.get_text().removesuffix(f" - {site_name}")


def parse_bibtex(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    assert len(library.entries) == 1, library.blocks
    return library.entries[0]


def build_date(cited_pages) -> str:
    """The build date: every page's static access date (the script replaces it in the browser)."""
    dates = {
        el.get_text() for soup in cited_pages.values() for el in soup.select("[data-cite-accessed]")
    }
    assert len(dates) == 1, f"one build, one date: {dates}"
    return dates.pop()


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def expected_date(source: Path, today: str, soup) -> str:
    """What src/textbook_site/dates.py promises: the date of the last commit to the page or to
    what it is made of (its snippets, the package a notebook runs), or the build date if any of
    them is uncommitted."""
    notebook = soup.select_one("p.notebook-download") is not None
    parts = [str(p) for p in made_of(source, ROOT, runs_code=notebook)]
    if git("status", "--porcelain", "--untracked-files=all", "--", *parts).strip():
        return today
    return git("log", "-1", "--format=%cs", "--", *parts).strip() or today


# --- 「このページを引用する」 ---------------------------------------------------------------------


def test_every_content_page_ends_with_the_citation_section(cited_pages):
    for path, soup in cited_pages.items():
        article = soup.select_one("article")
        sections = article.select("h2#cite-this-page")
        assert len(sections) == 1, path
        heading = sections[0]
        assert heading.find(string=True, recursive=False).strip() == "このページを引用する", path
        assert heading.find_all_next(["h1", "h2", "h3", "h4", "h5", "h6"]) == [], (
            f"{path}: not the last section"
        )
        for block in BLOCKS:
            assert block_text(soup, block).strip(), f"{path}: #{block} is empty"


def test_the_equation_index_has_no_citation_section_but_its_meta_tags(pages):
    for path in NO_CITATION_SECTION:
        assert pages[path].select_one("#cite-this-page") is None
        one_meta(pages[path], "citation_title")


def test_the_citation_section_is_the_last_entry_of_the_table_of_contents(cited_pages):
    for path, soup in cited_pages.items():
        links = soup.select("nav.md-nav--secondary a.md-nav__link")
        assert links and links[-1]["href"] == "#cite-this-page", path


def test_citation_values_come_from_the_page_and_the_configuration(
    cited_pages, config, sources, built
):
    today = build_date(cited_pages)
    for path, soup in cited_pages.items():
        title = page_title(soup, config.site_name)
        date = expected_date(sources[path], today, soup)
        sist = block_text(soup, "cite-sist02")
        apa = block_text(soup, "cite-apa")
        year, _, day = date.split("-")
        where = f"{canonical(soup)}, " if built.public else ""
        assert sist.startswith(f'{config.site_author}. "{title}". '), sist
        assert f"バージョン {version('crossentropy')}, {date}. {where}(参照 {today})." in sist
        assert apa.startswith(f"{config.site_author}. ({year}, ")
        assert f"{int(day)}). {title} (Version {version('crossentropy')})." in apa
        if built.public:
            assert apa.endswith(canonical(soup))
        else:
            assert "://" not in sist + apa, f"{path}: a preview offers no address to cite"
        if title != config.site_name:  # the top page is the site itself
            assert f" {config.site_name}. " in sist and f" {config.site_name}." in apa


def test_every_bibtex_entry_parses_and_carries_the_page_values(cited_pages, config, sources, built):
    today = build_date(cited_pages)
    keys = set()
    for path, soup in cited_pages.items():
        entry = parse_bibtex(block_text(soup, "cite-bibtex"))
        fields = {f.key: f.value for f in entry.fields}
        date = expected_date(sources[path], today, soup)
        assert entry.entry_type == "online"
        assert fields["title"] == page_title(soup, config.site_name)
        assert fields["author"] == config.site_author  # braced as a group name, decoded
        assert fields["year"] == date[:4] and fields["date"] == date
        assert fields.get("url") == (canonical(soup) if built.public else None)
        assert fields["urldate"] == today
        assert fields["version"] == version("crossentropy")
        assert fields["language"] == "japanese"
        keys.add(entry.key)
    assert len(keys) == len(cited_pages), "citation keys must be unique across the site"


# Without "-", "`" and "'": LaTeX turns "--" and quote pairs into dashes and curly quotes by design.
@given(
    st.text(
        alphabet=st.sampled_from("尤度交差エントロピーabcXYZ 0129()/:.,&%$#_{}~^\\"), max_size=40
    ).filter(str.strip)
)
@settings(deadline=None)  # the machine is shared; time is not what this test is about
def test_bibtex_escaping_survives_any_title(title):
    hook = citation_module
    citation = hook.Citation(
        title=title,
        author="著者 & 仲間",
        site_name="サイト",
        url="http://127.0.0.1/x/",
        date="2026-01-02",
        version="1.0",
        language="ja",
        accessed="2026-01-03",
        key="crossentropy-x",
        text_licence=hook.Licence("CC BY 4.0", "u"),
        code_licence=hook.Licence("MIT", "v"),
    )
    text = BeautifulSoup(f"<code>{hook.bibtex(citation)}</code>", "html.parser").get_text()
    fields = {f.key: f.value for f in parse_bibtex(text).fields}
    # pylatexenc decodes \textasciicircum{} to U+02C6, the modifier letter, not to "^".
    assert " ".join(fields["title"].replace("\u02c6", "^").split()) == " ".join(title.split())
    assert fields["author"] == "著者 & 仲間"


def test_the_licences_are_named_in_every_citation_section(cited_pages, config):
    urls = {config.extra["licence"][kind]["url"] for kind in ("text", "code")}
    for path, soup in cited_pages.items():
        section = soup.select_one(".cite-this-page")
        assert urls <= {a["href"] for a in section.select("a[href]")}, path
        assert section.select_one(
            f'a[rel="license"][href="{config.extra["licence"]["text"]["url"]}"]'
        ), path


def test_the_citation_section_stays_out_of_the_search_index(site_dir):
    docs = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert docs, "empty search index"
    assert not [d["location"] for d in docs if d["location"].endswith("#cite-this-page")]
    assert not [d["location"] for d in docs if "SIST 02" in d["text"] or "@online" in d["text"]]
    assert any(d["location"] == "ch4/#sign-flip" for d in docs), (
        "the chapter's own sections stay searchable"
    )


# --- meta tags --------------------------------------------------------------------------------


def test_meta_tags_on_every_page(pages, config, built):
    for path, soup in pages.items():
        url = canonical(soup)
        if built.public:
            assert [one_meta(soup, name) for name in ADDRESS_TAGS] == [url] * len(ADDRESS_TAGS)
        else:
            assert [meta(soup, name) for name in ADDRESS_TAGS] == [[]] * len(ADDRESS_TAGS), path
        title = page_title(soup, config.site_name)
        for name in (*HIGHWIRE, *DUBLIN_CORE, *OPENGRAPH):
            one_meta(soup, name)
        assert (
            one_meta(soup, "citation_title")
            == one_meta(soup, "DC.title")
            == one_meta(soup, "og:title")
            == title
        )
        assert (
            one_meta(soup, "citation_author") == one_meta(soup, "DC.creator") == config.site_author
        )
        assert one_meta(soup, "citation_language") == one_meta(soup, "DC.language") == "ja"
        assert soup.html["lang"] == "ja"
        date = one_meta(soup, "DC.date")
        datetime.date.fromisoformat(date)
        assert one_meta(soup, "citation_publication_date") == date.replace("-", "/")
        assert one_meta(soup, "og:site_name") == config.site_name
        assert one_meta(soup, "og:locale") == "ja_JP"
        rights = one_meta(soup, "DC.rights")
        for kind in ("text", "code"):
            assert config.extra["licence"][kind]["url"] in rights, path


def test_canonical_urls_are_absolute_under_site_url(pages, built):
    for path, soup in pages.items():
        assert canonical(soup) == urljoin(built.site_url, path), path


def test_a_preview_says_so_in_every_citation_section_and_a_public_build_does_not(
    cited_pages, built
):
    for path, soup in cited_pages.items():
        notes = soup.select(".cite-this-page [data-cite-preview]")
        assert len(notes) == (0 if built.public else 1), path
        if notes:
            assert "プレビュー" in notes[0].get_text() and "://" not in notes[0].get_text(), path
        source_line = soup.select_one(".print-source").get_text()
        assert (canonical(soup) in source_line) == built.public, path


# --- equations -----------------------------------------------------------------------------------


def tex_of(equation) -> str:
    return "".join(str(s) for s in equation.children if isinstance(s, NavigableString)).strip()


def test_every_numbered_equation_offers_its_permalink(pages):
    total = 0
    for path, soup in pages.items():
        url = canonical(soup)
        equations = soup.select(".numbered-equation")
        assert len(soup.select("a.equation-permalink")) == len(equations), path
        for equation in equations:
            links = equation.select("a.equation-permalink")
            assert len(links) == 1, f"{path}#{equation['id']}"
            assert links[0]["href"] == f"#{equation['id']}"
            assert links[0]["data-clipboard-text"] == f"{url}#{equation['id']}"
            # the TeX as written (kept in the typeset equation), with its tag
            assert tex_of(equation).startswith("\\[") and tex_of(equation).endswith("\\]")
            assert f"\\tag{{{equation['data-eq-number']}}}" in tex_of(equation)
            total += 1
    assert total >= 3, "chapter 4 alone has three numbered equations"


def test_the_equation_index_lists_exactly_the_equations_of_the_pages(pages, config, built):
    site_url = built.site_url
    files = get_files(config)
    nav_order = [page.url for page in get_navigation(files, config).pages]
    assert "equations/" in nav_order, "the equation index is in the nav"
    expected = [
        (path, eq["id"], eq["data-eq-number"], tex_of(eq))
        for path in nav_order
        if path != "equations/"
        for eq in pages[path].select(".numbered-equation")
    ]
    index = pages["equations/"]
    listed = []
    for entry in index.select(".equation-index__entry"):
        link = entry.select_one(".equation-index__label > a")
        target = urlsplit(urljoin(urljoin(site_url, "equations/"), link["href"]))
        page_path = target.path.removeprefix(urlsplit(site_url).path)  # under a sub-path too
        permalink = entry.select_one("[data-clipboard-text]")["data-clipboard-text"]
        assert permalink == f"{site_url}{page_path}#{target.fragment}"
        number = link.get_text().removeprefix("式 (").removesuffix(")")
        tex = entry.select_one(".arithmatex").get_text().strip()
        assert f"\\tag{{{number}}}" in tex, "the copy keeps its tag, so MathJax shows the number"
        listed.append((page_path, target.fragment, number, tex))
    assert expected, "no numbered equations found"
    assert listed == expected


def test_the_equation_index_copies_carry_no_citable_ids(pages):
    index = pages["equations/"]
    assert not index.select(".numbered-equation")
    assert not [el["id"] for el in index.select("[id]") if el["id"].startswith("eq-")]


# --- version, dates, licences ----------------------------------------------------------------------


def test_the_footer_shows_the_package_version_and_the_licences(pages, config):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert version("crossentropy") == project["version"], (
        "installed metadata is stale: run `make setup`"
    )
    for path, soup in pages.items():
        footer = soup.select_one(".md-copyright")
        assert (
            footer.select_one(".site-version").get_text() == f"バージョン {project['version']}"
        ), path
        hrefs = {a["href"] for a in footer.select("a[href]")}
        assert {config.extra["licence"][kind]["url"] for kind in ("text", "code")} <= hrefs, path


def test_every_page_shows_its_last_updated_date(cited_pages, sources):
    today = build_date(cited_pages)
    for path, soup in cited_pages.items():
        shown = soup.select_one(".md-source-file").get_text(" ", strip=True)
        assert shown == expected_date(sources[path], today, soup), path
        assert one_meta(soup, "DC.date") == shown


def test_licence_files_name_their_licences():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    content = (ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")
    assert "https://creativecommons.org/licenses/by/4.0/" in content and "CC BY 4.0" in content


@pytest.fixture(scope="module")
def page_dates(tmp_path_factory):
    """src/textbook_site/dates.py run on a scratch git repository with one committed, back-dated file."""
    repo = tmp_path_factory.mktemp("repo")
    docs = repo / "docs"
    docs.mkdir()
    (docs / "old.md").write_text("# old\n")
    (docs / "changed.md").write_text("# changed\n")
    env = {"GIT_AUTHOR_DATE": "2001-02-03T12:00:00Z", "GIT_COMMITTER_DATE": "2001-02-03T12:00:00Z"}

    def run(*args):
        subprocess.run(
            ["git", *args],
            cwd=repo,
            check=True,
            capture_output=True,
            env={**env, "HOME": str(repo)},
        )

    run("init", "-q")
    run("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    run("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "old")
    (docs / "changed.md").write_text("# changed again\n")
    (docs / "new.md").write_text("# new\n")
    dates = PageDates()
    dates.begin_build(repo)
    return dates, docs


def test_page_dates_come_from_git_or_the_build_date(page_dates):
    dates, docs = page_dates
    today = datetime.date.today().isoformat()
    assert dates.build_date == today
    assert dates.last_updated(docs / "old.md") == "2001-02-03"
    assert dates.last_updated(docs / "changed.md") == today  # uncommitted edit
    assert dates.last_updated(docs / "new.md") == today  # untracked


def test_page_dates_outside_git_are_the_build_date(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/a.md").write_text("# a\n")
    dates = PageDates()
    dates.begin_build(tmp_path)
    assert dates.last_updated(tmp_path / "docs/a.md") == datetime.date.today().isoformat()


def test_a_page_is_made_of_its_snippets_and_the_packages_its_notebook_runs(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "src/pkg").mkdir(parents=True)
    (tmp_path / "src/pkg/__init__.py").write_text("")
    (tmp_path / "src/pkg/shown.py").write_text("def f(): ...\n")
    (tmp_path / "src/tool.py").write_text("")
    page = tmp_path / "docs/page.md"
    page.write_text(
        '    --8<-- "src/pkg/shown.py:f"\n\n```python\nimport pkg\nimport numpy\nfrom tool import x\n```\n'
    )
    parts = [p.relative_to(tmp_path).as_posix() for p in made_of(page, tmp_path, runs_code=True)]
    assert parts == ["docs/page.md", "src/pkg/shown.py", "src/pkg", "src/tool.py"]
    # Markdown that shows code without running it is made of what it includes, not what it names.
    parts = [p.relative_to(tmp_path).as_posix() for p in made_of(page, tmp_path, runs_code=False)]
    assert parts == ["docs/page.md", "src/pkg/shown.py"]


# --- CITATION.cff -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cff():
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cff_validator():
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def test_citation_cff_is_valid_against_the_cff_1_2_schema(cff, cff_validator):
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in cff_validator.iter_errors(cff)
    ]
    assert not errors, "\n".join(errors)
    assert cff["cff-version"] == "1.2.0"


@pytest.mark.parametrize(
    "breakage",
    [
        lambda c: c.pop("authors"),
        lambda c: c.update(license="CC BY 4.0"),
        lambda c: c.update({"cff-version": "9"}),
    ],
    ids=["no authors", "not an SPDX id", "unknown version"],
)
def test_the_schema_check_rejects_a_broken_citation_cff(cff, cff_validator, breakage):
    broken = json.loads(json.dumps(cff))
    breakage(broken)
    assert list(cff_validator.iter_errors(broken))


def test_citation_cff_agrees_with_the_site_and_the_package(cff, config):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["title"] == config.site_name
    assert [a["name"] for a in cff["authors"]] == [config.site_author]
    assert cff["version"] == project["version"] == version("crossentropy")
    assert cff["license"] == [config.extra["licence"][kind]["spdx"] for kind in ("text", "code")]


# --- stability: the manifest and redirects --------------------------------------------------------------


def test_every_manifest_entry_still_resolves(site_dir):
    manifest = manifest_tool.load()
    assert "ch4/" in manifest and "eq-4-2" in manifest["ch4/"], "the manifest lost chapter 4"
    gone = manifest_tool.missing(manifest, site_dir)
    assert not gone, (
        "citable URLs disappeared (restore them, or redirect a moved page):\n" + "\n".join(gone)
    )


def test_every_citable_anchor_is_in_the_manifest(site_dir):
    manifest = manifest_tool.load()
    new = [
        f"{page}#{anchor}" if anchor else page
        for page, anchors in manifest_tool.citable(site_dir).items()
        for anchor in (
            [None] if page not in manifest else [a for a in anchors if a not in manifest[page]]
        )
    ]
    assert not new, (
        "new citable URLs; record them with `.venv/bin/python tests/site/update_manifest.py`:\n"
        + "\n".join(new)
    )


def redirect_maps(config) -> dict:
    return config.plugins["redirects"].config["redirect_maps"]


def test_each_redirect_points_to_its_page(config, site_dir, site_url):
    redirects = redirect_maps(config)
    assert redirects.get("chapter4.md") == "ch4.md"
    sitemap = BeautifulSoup((site_dir / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    listed = {loc.get_text() for loc in sitemap.select("loc")}
    files = get_files(config)
    for old, source in redirects.items():
        old_url = urljoin(site_url, File(old, "", "", True).url)
        soup = manifest_tool.read(site_dir / File(old, "", "", True).dest_uri)
        target_url = urljoin(site_url, files.get_file_from_path(source).url)
        refresh = manifest_tool.redirect_target(soup)
        assert urljoin(old_url, refresh) == target_url
        assert urljoin(old_url, canonical(soup)) == target_url
        assert [urljoin(old_url, a["href"]) for a in soup.select("a[href]")] == [target_url]
        script = soup.select_one("script").get_text()
        assert (
            "location.hash" in script and json.dumps(refresh) in script
        )  # the fragment travels along
        assert old_url not in listed


def build_with(tmp_path, redirects):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 試験 {#top}\n", encoding="utf-8")
    (docs / "a.md").write_text("# A {#a}\n", encoding="utf-8")
    config = load_config(
        config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "site")
    )
    config.nav = None
    redirect_maps(config).clear()
    redirect_maps(config).update(redirects)
    config.plugins["textbook"].config.cache_dir = str(tmp_path / "cache")  # not the author's
    build(config)
    return tmp_path / "site"


def test_a_redirect_to_a_missing_page_fails_the_build(tmp_path, caplog):
    with pytest.raises(Exception, match="BuildError"):
        build_with(tmp_path, {"old.md": "missing.md"})
    assert "'missing.md' is not a page of the site" in caplog.text


def test_a_redirect_over_an_existing_page_fails_the_build(tmp_path, caplog):
    with pytest.raises(Exception, match="BuildError"):
        build_with(tmp_path, {"a.md": "index.md"})
    assert "'a.md' is a page of the site" in caplog.text


def test_a_redirect_to_the_top_page_keeps_a_directory_url(tmp_path):
    site = build_with(tmp_path, {"old/deep.md": "index.md"})
    soup = BeautifulSoup((site / "old/deep/index.html").read_text(encoding="utf-8"), "lxml")
    assert manifest_tool.redirect_target(soup) == "../../"
