"""What a chapter page built from a notebook gets beyond mkdocs-jupyter's HTML.

- A link to download the chapter as a Jupyter notebook (.ipynb without outputs), written next to
  the page, so a reader can run the chapter locally. The notebook is made when the page is
  rendered and kept on the page (hooks/page_cache.py stores it with the page), and added to the
  site's files in `on_env`.
- Worked answers: each run of consecutive cells tagged `answer` is folded into one collapsed
  「解答」 block (Material's details styling), and the tag label itself is not shown.
- Markdown cells reach MkDocs with `&`, `<` and `>` HTML-escaped by nbconvert, so an `aligned`
  environment would show "amp;", `a < b` in a code block would show "&lt;", and snippet lines
  (`--8<--`) would not be recognised; the cells' source is restored before Markdown runs.
- mkdocs-jupyter's own MathJax loader is removed: equations are typeset at build time
  (hooks/mathjax_render.py), on notebook and Markdown pages alike.
"""

import io
import re
from pathlib import Path, PurePosixPath

import jupytext
import nbformat
from bs4 import BeautifulSoup
from mkdocs.structure.files import File

ANSWER_TAG = "celltag_answer"
MARKDOWN_CELL = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^>]*>)(.*?)(</div>)', re.DOTALL
)
JUPYTER_MATHJAX = re.compile(r"<script data-mkdocs-jupyter-mathjax=.*?</script>", re.DOTALL)


def is_notebook(page, config) -> bool:
    return config.plugins["mkdocs-jupyter"].should_include(page.file)


def notebook_name(page) -> str:
    return Path(page.file.src_uri).stem + ".ipynb"


def is_answer(cell) -> bool:
    return ANSWER_TAG in cell.get("class", []) or cell.select_one(f".{ANSWER_TAG}") is not None


def fold_answers(soup) -> None:
    cells = soup.select("div.jp-Notebook > div.jp-Cell")
    run = []
    for cell in [*cells, None]:
        if cell is not None and is_answer(cell):
            run.append(cell)
            continue
        if run:
            details = soup.new_tag("details", attrs={"class": "success answer"})
            summary = soup.new_tag("summary")
            summary.string = "解答"
            details.append(summary)
            run[0].insert_before(details)
            for answer in run:
                for toolbar in answer.select(".celltoolbar"):
                    toolbar.decompose()
                details.append(answer.extract())
            run = []


def unescape(text: str) -> str:
    """The inverse of nbconvert's escaping of Markdown cells (`&`, `<`, `>`; quotes untouched)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def restore_markdown_cells(markdown: str) -> str:
    # A cell's first literal </div> is its own end: the author's own tags are still escaped here.
    return MARKDOWN_CELL.sub(lambda m: m.group(1) + unescape(m.group(2)) + m.group(3), markdown)


def on_page_markdown(markdown, page, config, files):
    # Runs after mkdocs-jupyter (priority 100) has put the notebook's HTML in place.
    return restore_markdown_cells(markdown) if is_notebook(page, config) else markdown


def download_notebook(path: str) -> str:
    """The chapter as an .ipynb without outputs (what `nbformat.write` puts in a file)."""
    notebook = jupytext.read(path)
    notebook.metadata.pop("jupytext", None)
    text = io.StringIO()
    nbformat.write(notebook, text)
    return text.getvalue()


def on_page_content(html, page, config, files):
    if not is_notebook(page, config):
        return html
    page.download_notebook = download_notebook(page.file.abs_src_path)
    soup = BeautifulSoup(html, "html.parser")
    fold_answers(soup)
    link = BeautifulSoup(
        f'<p class="notebook-download"><a href="{notebook_name(page)}" download>'
        "このページをノートブック (.ipynb) としてダウンロード</a>して、手元の Jupyter で実行できます。</p>",
        "html.parser",
    ).p
    heading = soup.find("h1")
    if heading is not None:
        heading.insert_after(link)
    else:
        soup.insert(0, link)
    return str(soup)


def on_env(env, config, files):
    # Next to the page: `ch4/index.html` -> `ch4/ch4.ipynb`.
    for file in files.documentation_pages():
        notebook = getattr(file.page, "download_notebook", None)
        if notebook is not None:
            uri = (PurePosixPath(file.dest_uri).parent / notebook_name(file.page)).as_posix()
            files.append(File.generated(config, uri, content=notebook))
    return env


def on_post_page(output, page, config):
    # mkdocs-jupyter puts its loader on every page, notebook or not.
    return JUPYTER_MATHJAX.sub("", output)
