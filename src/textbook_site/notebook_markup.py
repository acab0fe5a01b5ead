"""Notebook cells in valid, lighter markup, with a copy button that works.

mkdocs-jupyter gives each code cell a `<clipboard-copy for="cell-N", aria-label="Copy to
Clipboard">` element (its attributes in any order by the time this runs): the stray comma
becomes an attribute named `,`, the label is English, and `aria-label` is not allowed on an
element without a role (the Nu HTML checker reports both). Each one is replaced by Material's
own code-copy button (the one on every other code block of the site: Japanese label, "copied"
notice). It copies the text of the cell's highlighted code (Material reads the target's
`innerText`, trailing space trimmed: the cell's source), which takes the id of the hidden
`.clipboard-copy-txt` second copy of the source that mkdocs-jupyter writes for its element
(`COPY_SOURCE`); that copy goes (on /exercises/, 6 KB of the page gzipped). The two inline
scripts mkdocs-jupyter puts before the notebook for its element (`COPY_ELEMENT_SCRIPTS`: the
custom element's definition, 4 KB, and the listener that shows its notice) serve nothing then
and go too: they ran in the middle of the page's parse, before its first paint.

Elements that JupyterLab's stylesheet always hides are dropped: the collapsers beside each
cell's input and output, and the empty prompt of each Markdown cell. They cost the browser
style and layout work on every load and show nothing. So does the paragraph Markdown makes
around the notebook's closing tags (`STRAY_PARAGRAPH`). In the code cells, Pygments wraps every
name and every run of spaces in a `<span>` (classes `n`, `w`) that no rule of the notebook
stylesheet styles apart from the text around it: about a tenth of a notebook page's elements
(647 of /ch6/'s 6,697). Their text stays; the spans go (`PLAIN_TOKEN`; tests/browser/test_notebook_css.py
checks in the browser that such spans look like the text around them).

A number with an exponent in a printed output ("4.2e-18") goes into a `<span class="nowrap">`:
output lines wrap on a phone, and Chromium may break a line after the exponent's minus sign,
leaving "4.2e-" at the end of one line and "18" at the start of the next (reader.css keeps the
span on one line; tests/browser/test_widths.py checks every number at each width).

The patterns follow mkdocs-jupyter's template (pinned); if a newer one writes the copy element
differently, the build stops here rather than ship dead buttons again.
"""

import html
import re

from mkdocs.exceptions import PluginError

COPY_ELEMENT = re.compile(
    r'<div class="zeroclipboard-container">\s*<clipboard-copy [^>]*\bfor="(cell-\d+)"[^>]*>.*?'
    r"</clipboard-copy>\s*</div>",
    re.DOTALL,
)
# mkdocs_html/notebook.html.j2 of mkdocs-jupyter: clipboard.umd.js inlined, then its listener.
COPY_ELEMENT_SCRIPTS = re.compile(
    r"<script>\s*\(function \(global, factory\) \{(?:(?!</script>).)*?"
    r"customElements\.define\('clipboard-copy', ClipboardCopyElement\)(?:(?!</script>).)*</script>\s*"
    r"<script>\s*document\.addEventListener\('clipboard-copy',(?:(?!</script>).)*</script>\s*",
    re.DOTALL,
)
# A code cell's highlighted source, then mkdocs-jupyter's hidden copy of it for its copy element.
COPY_SOURCE = re.compile(
    r'(<div class="highlight-ipynb[^"]*">\s*<pre)(>.*?</pre>\s*</div>\s*)'
    r'<div class="clipboard-copy-txt" id="(cell-\d+)">[^<]*</div>',
    re.DOTALL,
)
ALWAYS_HIDDEN = re.compile(
    r'<div class="jp-Collapser [^"]*">\s*</div>\s*'  # .jp-Collapser {display: none}
    r'|<div class="jp-InputPrompt jp-InputArea-prompt">\s*</div>\s*'  # a Markdown cell's
)

# Python-Markdown wraps the closing tags after the notebook's last cell in a paragraph:
# `<p></div> <!-- jp-Notebook -->\n</div> <!-- jupyter-wrapper --></p>`, whose </p> has no
# open <p> (the Nu HTML checker's error).
STRAY_PARAGRAPH = re.compile(
    r"<p>(\s*</div> <!-- jp-Notebook -->\s*</div> <!-- jupyter-wrapper -->\s*)</p>"
)


# A code cell's highlighted source, and the tokens in it that look like the text around them.
CODE_CELL = re.compile(r'(<div class="highlight-ipynb[^"]*">\s*<pre>)(.*?)(</pre>)', re.DOTALL)
PLAIN_TOKEN = re.compile(r'<span class="(?:n|w)">([^<]*)</span>')

# A cell's printed output (stream or text result), and the numbers in it written with an exponent.
TEXT_OUTPUT = re.compile(
    r'(<div class="jp-RenderedText jp-OutputArea-output"[^>]*>\s*<pre>)(.*?)(</pre>)', re.DOTALL
)
EXPONENT_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+")
TAG = re.compile(r"(<[^>]*>)")


def _numbers_kept_whole(text_output: str) -> str:
    """The numbers with an exponent in a printed output's text (not in its tags) in a nowrap span."""
    return "".join(
        part
        if part.startswith("<")
        else EXPONENT_NUMBER.sub(r'<span class="nowrap">\g<0></span>', part)
        for part in TAG.split(text_output)
    )


def copy_label(config) -> str:
    """Material's own label for its copy buttons, in the site's language."""
    env = config.theme.get_env()
    return env.get_template("partials/language.html", None, {"config": config}).module.t(
        "clipboard.copy"
    )


def copy_button(target: str, label: str) -> str:
    label = html.escape(label)
    return (  # attributes in the order BeautifulSoup writes them (sorted), as on the rest of the page
        '<nav class="md-code__nav">'
        f'<button aria-label="{label}" class="md-code__button" data-clipboard-target="#{target}" '
        f'data-md-type="copy" title="{label}" type="button"></button></nav>'
    )


def trim(markup: str, label: str, src_uri: str) -> str:
    """A notebook page's HTML with Material's copy buttons and without mkdocs-jupyter's copy
    scripts and source copies, always-hidden elements, the stray paragraph at its end, or the
    spans of unstyled code tokens, and with the numbers of printed outputs kept whole."""
    markup = COPY_ELEMENT.sub(lambda m: copy_button(m.group(1), label), markup)
    markup = COPY_ELEMENT_SCRIPTS.sub("", markup)
    for left, pattern in (
        ("<clipboard-copy", "COPY_ELEMENT"),
        ("'clipboard-copy'", "COPY_ELEMENT_SCRIPTS"),
    ):
        if left in markup:
            raise PluginError(
                f"textbook: {src_uri}: mkdocs-jupyter's copy button changed its markup; "
                f"update notebook_markup.{pattern}."
            )
    markup = STRAY_PARAGRAPH.sub(r"\1", markup)
    markup = CODE_CELL.sub(lambda m: m[1] + PLAIN_TOKEN.sub(r"\1", m[2]) + m[3], markup)
    markup = COPY_SOURCE.sub(r'\1 id="\3"\2', markup)
    if "clipboard-copy-txt" in markup:
        raise PluginError(
            f"textbook: {src_uri}: mkdocs-jupyter's copy of a cell's source changed its markup; "
            "update notebook_markup.COPY_SOURCE."
        )
    markup = TEXT_OUTPUT.sub(lambda m: m[1] + _numbers_kept_whole(m[2]) + m[3], markup)
    return ALWAYS_HIDDEN.sub("", markup)
