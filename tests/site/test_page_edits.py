"""The content steps that edit a page's HTML without parsing the whole page (no site built).

equations.add_permalinks and notebooks.add_download_link work on the page's text; what they
produce is checked here through a parse, as a browser would read it.
"""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from textbook_site import equations, notebook_markup, notebooks

PAGE = """<h1 id="ch4">第4章<a class="headerlink" href="#ch4" title="Permanent link">&para;</a></h1>
<p>前置き <span class="arithmatex">\\(y\\)</span></p>
<div class="arithmatex numbered-equation" data-eq-number="4.1" id="eq-4-1">\\[
\\log L = \\sum_k t_k \\log y_k
\\tag{4.1}
\\]</div>
<h2 id="k-events">K 個の事象<a class="headerlink" href="#k-events" title="Permanent link">&para;</a></h2>
<div class="arithmatex">\\[a &lt; b\\]</div>
<div class="numbered-equation-note">番号のない注</div>
<div class="arithmatex numbered-equation" data-eq-number="4.2" id="eq-4-2">\\[
E = -\\sum_k t_k \\log y_k \\tag{4.2}
\\]</div>
<p>後書き</p>"""


def test_each_numbered_display_gets_a_permalink_and_is_recorded():
    html, found = equations.add_permalinks(PAGE, "https://example.org/book/ch4/")
    assert [(e["id"], e["number"], e["heading"]) for e in found] == [
        ("eq-4-1", "4.1", "第4章"),
        ("eq-4-2", "4.2", "K 個の事象"),
    ]
    assert found[0]["tex"] == "\\[\n\\log L = \\sum_k t_k \\log y_k\n\\tag{4.1}\n\\]"
    soup = BeautifulSoup(html, "html.parser")
    links = soup.select("div.numbered-equation > a.equation-permalink")
    assert [a["href"] for a in links] == ["#eq-4-1", "#eq-4-2"]
    assert links[1]["data-clipboard-text"] == "https://example.org/book/ch4/#eq-4-2"
    assert links[1]["aria-label"] == "式 (4.2) へのリンクをコピー"
    assert links[0].svg is not None  # the icon
    # Everything else is the page as it was.
    for link in soup.select("a.equation-permalink"):
        link.decompose()
    assert str(soup) == str(BeautifulSoup(PAGE, "html.parser"))


def test_a_page_without_numbered_displays_is_left_as_written():
    page = PAGE.replace("numbered-equation", "plain")
    assert equations.add_permalinks(page, None) == (page, [])


def test_without_a_public_address_the_permalink_is_the_fragment_only():
    html, _ = equations.add_permalinks(PAGE, None)
    link = BeautifulSoup(html, "html.parser").select_one("a.equation-permalink")
    assert link["href"] == "#eq-4-1" and not link.has_attr("data-clipboard-text")


def test_the_download_link_follows_the_title_or_opens_the_page():
    html = notebooks.add_download_link(PAGE, "ch4.md")
    note = BeautifulSoup(html, "html.parser").h1.find_next_sibling()
    assert note["class"] == ["notebook-download"] and note.a["href"] == "ch4.ipynb"
    untitled = notebooks.add_download_link("<p>本文</p>", "supplement-a.md")
    assert untitled.startswith('<p class="notebook-download"><a href="supplement-a.ipynb"')


def test_answers_are_folded_only_on_pages_that_have_them():
    cell = '<div class="jp-Cell {tag}"><div class="celltoolbar">answer</div><p>{text}</p></div>'
    page = (
        '<div class="jp-Notebook">'
        + cell.format(tag="", text="問題")
        + cell.format(tag=notebooks.ANSWER_TAG, text="解答その1")
        + cell.format(tag=notebooks.ANSWER_TAG, text="解答その2")
        + "</div>"
    )
    assert notebooks.has_answers(page) and not notebooks.has_answers(PAGE)
    soup = BeautifulSoup(notebooks.fold_answers_in(page), "html.parser")
    folded = soup.select("details.answer")
    assert len(folded) == 1 and folded[0].summary.string == "解答"
    assert [p.string for p in folded[0].select("p")] == ["解答その1", "解答その2"]
    assert not folded[0].select(".celltoolbar")


def test_the_equation_index_fills_its_empty_slot_and_nothing_else():
    def page(url, title, content=""):
        return SimpleNamespace(
            url=url,
            title=title,
            canonical_url=f"https://example.org/{url}",
            content=content,
            toc=SimpleNamespace(items=[]),
            file=SimpleNamespace(src_uri=url.strip("/") + ".md"),
            present_anchor_ids=set(),
        )

    intro = (
        '<p>式の一覧です。</p>\n<div class="equation-index" data-equation-index></div>\n<p>終</p>'
    )
    index = page("equations/", "式一覧", intro)
    _, found = equations.add_permalinks(PAGE, None)
    equations.fill_index(index, [(page("ch4/", "第4章"), found)])
    soup = BeautifulSoup(index.content, "html.parser")
    slot = soup.select_one("[data-equation-index]")
    assert [a.get_text() for a in slot.select(".equation-index__label > a:first-child")] == [
        "式 (4.1)",
        "式 (4.2)",
    ]
    assert slot.select_one("a")["href"] == "../ch4/"
    assert index.content.startswith("<p>式の一覧です。</p>") and index.content.endswith("<p>終</p>")
    assert index.present_anchor_ids == {"page-ch4"}

    broken = page("equations/", "式一覧", "<div data-equation-index><p>x</p></div>")
    with pytest.raises(PluginError, match="equations.md"):
        equations.fill_index(broken, [])


def test_the_paragraph_markdown_puts_around_the_notebooks_end_goes():
    end = "</div> <!-- jp-Notebook -->\n</div> <!-- jupyter-wrapper -->"
    cells = '<div class="jupyter-wrapper"><div class="jp-Notebook"><div class="jp-Cell"></div>\n'
    as_markdown_wrote_it = f"{cells}<p>{end}</p>\n<h2>引用</h2>"
    trimmed = notebook_markup.trim(as_markdown_wrote_it, "コピー", "ch4.md")
    assert trimmed == f"{cells}{end}\n<h2>引用</h2>"


def text_of(markup: str) -> str:
    """What a reader reads (and copies) of `markup`: the trims change markup, never text."""
    return BeautifulSoup(markup, "html.parser").get_text()


def test_unstyled_code_tokens_lose_their_spans_in_code_cells_only():
    cell = (
        '<div class="highlight-ipynb hl-python"><pre><span></span><span class="n">y</span>'
        '<span class="w"> </span><span class="o">=</span><span class="w"> </span>'
        '<span class="n">np</span><span class="o">.</span><span class="n">log</span>'
        '<span class="p">(</span><span class="mf">0.5</span><span class="p">)</span>\n</pre></div>'
    )
    # A fenced block in a Markdown cell: Material's stylesheet colours its names (.highlight .n).
    fenced = (
        '<div class="highlight"><pre><span></span><code><span class="n">y</span></code></pre></div>'
    )
    trimmed = notebook_markup.trim(cell + fenced, "コピー", "ch4.md")
    assert trimmed == (
        '<div class="highlight-ipynb hl-python"><pre><span></span>y <span class="o">=</span> '
        'np<span class="o">.</span>log<span class="p">(</span><span class="mf">0.5</span>'
        '<span class="p">)</span>\n</pre></div>' + fenced
    )
    assert text_of(trimmed) == text_of(cell + fenced)
    # nbconvert sometimes puts a line break between the cell's <div> and its <pre>.
    apart = cell.replace("><pre>", ">\n<pre>")
    expected = trimmed.removesuffix(fenced).replace("><pre>", ">\n<pre>")
    assert notebook_markup.trim(apart, "コピー", "ch4.md") == expected


def test_numbers_with_an_exponent_in_printed_outputs_are_kept_whole():
    output = (
        '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" '
        'tabindex="0">\n<pre>積: 2.735111227791251e-16, exp(-40) = 4.2E-18\n'
        '<span class="ansi-red-fg">1e-12</span> 未満か: True 0.5 10 差は1e-9未満</pre></div>'
    )
    # The same text in a code cell is left alone (it scrolls and does not wrap).
    cell = '<div class="highlight-ipynb hl-python"><pre>x = 1e-12\n</pre></div>'
    trimmed = notebook_markup.trim(output + cell, "コピー", "ch3.md")
    assert trimmed == (
        '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" '
        'tabindex="0">\n<pre>積: <span class="nowrap">2.735111227791251e-16</span>, exp(-40) = '
        '<span class="nowrap">4.2E-18</span>\n<span class="ansi-red-fg"><span class="nowrap">'
        "1e-12</span></span> 未満か: True 0.5 10 差は"
        '<span class="nowrap">1e-9</span>未満</pre></div>' + cell
    )
    assert text_of(trimmed) == text_of(output + cell)


def mkdocs_jupyter_copy_scripts() -> str:
    """The two scripts mkdocs-jupyter's template (installed) writes before a notebook's cells:
    its copy element's definition (clipboard.umd.js, inlined) and the listener for its notice."""
    import mkdocs_jupyter

    templates = Path(mkdocs_jupyter.__file__).parent / "templates" / "mkdocs_html"
    definition = (templates / "assets" / "clipboard.umd.js").read_text(encoding="utf-8")
    template = (templates / "notebook.html.j2").read_text(encoding="utf-8")
    listener = re.search(
        r"<script>\s*document\.addEventListener\('clipboard-copy'.*?</script>", template, re.DOTALL
    )
    assert listener, "mkdocs-jupyter's template no longer writes the copy notice's listener"
    return f"<script>\n{definition}\n</script>\n{listener[0]}\n"


def test_mkdocs_jupyters_copy_scripts_go_with_its_copy_elements():
    cells = '<div class="jupyter-wrapper">\n<div class="jp-Notebook"><div class="jp-Cell"></div>'
    trimmed = notebook_markup.trim(mkdocs_jupyter_copy_scripts() + cells, "コピー", "ch4.md")
    assert trimmed == cells
    # A script a chapter writes itself stays.
    own = "<script>const x = 1;</script>\n"
    assert notebook_markup.trim(own + cells, "コピー", "ch4.md") == own + cells


def test_a_changed_copy_script_stops_the_build_naming_the_page():
    changed = mkdocs_jupyter_copy_scripts().replace("(function (global, factory)", "(() =>")
    with pytest.raises(PluginError, match=r"ch5\.md: .*COPY_ELEMENT_SCRIPTS"):
        notebook_markup.trim(changed + "<p>x</p>", "コピー", "ch5.md")


def test_the_copy_button_targets_the_highlighted_code_and_the_hidden_copy_goes():
    cell = (
        '<div class="CodeMirror cm-s-jupyter">\n<div class="zeroclipboard-container">'
        '<clipboard-copy for="cell-3" ,="" aria-label="Copy to Clipboard"><span class="notice" '
        'hidden>Copied!</span></clipboard-copy></div>\n<div class="highlight-ipynb hl-python">\n'
        '<pre><span></span>y <span class="o">=</span> <span class="s2">"&lt;a&gt;"</span>\n</pre>\n'
        '</div>\n<div class="clipboard-copy-txt" id="cell-3">y = "&lt;a&gt;"</div>\n</div>'
    )
    trimmed = notebook_markup.trim(cell, "コピー", "ch4.md")
    soup = BeautifulSoup(trimmed, "html.parser")
    button = soup.select_one("button[data-md-type='copy']")
    target = soup.select_one(button["data-clipboard-target"])
    assert target.name == "pre" and target.get_text().rstrip() == 'y = "<a>"'
    assert not soup.select(".clipboard-copy-txt")
    # mkdocs-jupyter writing its copy of the source another way stops the build.
    changed = cell.replace(
        '<div class="clipboard-copy-txt" id="cell-3">',
        '<div id="cell-3" class="clipboard-copy-txt">',
    )
    with pytest.raises(PluginError, match=r"ch4\.md: .*COPY_SOURCE"):
        notebook_markup.trim(changed, "コピー", "ch4.md")
