"""Accessibility fixes to Material's own markup, found by axe-core in the browser tests.

- The search overlay has role="dialog" but no accessible name (axe: aria-dialog-name, serious):
  it gets the name its search field already carries (「検索」).
If Material's markup changes so that a fix no longer applies, the build stops here: the tests
would otherwise report the violation again only in a browser.
"""

from mkdocs.exceptions import PluginError

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'
SEARCH_NAME = 'aria-label="検索"'


def on_post_page(output, page, config):
    if "material/search" not in config.plugins:
        return output
    if SEARCH_DIALOG not in output:
        raise PluginError(
            f"hooks/theme_accessibility.py: Material's search dialog markup changed ({page.url})"
        )
    return output.replace(SEARCH_DIALOG, f"{SEARCH_DIALOG} {SEARCH_NAME}", 1)
