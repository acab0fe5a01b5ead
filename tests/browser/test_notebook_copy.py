"""The copy button of each notebook code cell is Material's, labelled in Japanese, and copies the
cell's source (src/textbook_site/notebook_markup.py)."""

import json

import pytest

pytestmark = pytest.mark.browser


def test_each_code_cell_copy_button_copies_the_cell(
    open_page, site_pages, site_dir, served_site, screenshot_dir
):
    notebooks = [
        p
        for p in site_pages
        if "jupyter-wrapper" in (site_dir / p / "index.html").read_text(encoding="utf-8")
    ]
    assert notebooks
    watch = open_page(notebooks[0])
    page = watch.page
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=served_site.rstrip("/")
    )
    watch.wait_for_math()
    buttons = page.locator(".jp-InputArea-editor button[data-md-type='copy']")
    assert buttons.count() >= 1
    # What each button copies is the source of a code cell of the page's notebook (the one it
    # offers for download), in the notebook's order (cells whose code is not shown are skipped).
    (download,) = (site_dir / notebooks[0]).glob("*.ipynb")
    sources = [
        "".join(cell["source"]).rstrip()
        for cell in json.loads(download.read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "code"
    ]
    copied = []
    for i in range(buttons.count()):
        button = buttons.nth(i)
        assert button.get_attribute("aria-label") == "クリップボードへコピー"
        editor = button.locator("xpath=ancestor::div[contains(@class, 'jp-InputArea-editor')]")
        code = editor.locator(".highlight-ipynb pre").inner_text().rstrip()
        button.scroll_into_view_if_needed()
        if i == 0:
            button.hover()
            if screenshot_dir is not None:
                editor.screenshot(path=screenshot_dir / "notebook-copy-button.png")
        button.click()
        page.wait_for_selector(".md-dialog--active", state="attached")
        copied.append(page.evaluate("navigator.clipboard.readText()"))
        assert copied[-1].rstrip() == code
    assert all(text in sources for text in copied), "copied text that is no cell's source"
    assert [sources.index(text) for text in copied] == sorted(sources.index(t) for t in copied)
    assert page.locator("clipboard-copy").count() == 0
    assert watch.console_errors == []
