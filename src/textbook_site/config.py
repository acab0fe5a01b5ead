"""The plugin's options (mkdocs.yml, `plugins: - textbook: …`), typed and checked by MkDocs."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class Seconds(c.BaseConfigOption[int]):
    """A positive whole number of seconds; a string of digits too (what `!ENV` gives)."""

    def __init__(self, default: int):
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> int:
        try:
            seconds = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            raise c.ValidationError(f"expected a number of seconds, got {value!r}") from None
        if seconds <= 0:
            raise c.ValidationError(f"expected a positive number of seconds, got {seconds}")
        return seconds


class TextbookConfig(Config):
    version_from_package = c.Type(str)
    """The installed package whose version the site carries (footer, citations)."""

    cell_timeout = Seconds(default=120)
    """Longest a notebook cell may run before the build fails (NotebookClient's `timeout`)."""

    cache_dir = c.Type(str, default=".cache")
    """The one cache root, relative to mkdocs.yml. Tests point it at a temporary folder."""

    page_reuse = c.Choice(("serve", "always", "never"), default="serve")
    """Where a page's rendering may be reused from the cache (page_reuse.py): in `mkdocs serve`
    only (the default: a published build renders every page), in every build, or never."""

    search_aliases = c.Type(str, default="search-aliases.yml")
    """The terms' other names for search, relative to docs_dir (search_aliases.py); list it in
    exclude_docs too. No such file: no aliases."""

    publish = c.Type(bool, default=False)
    """A publishing build (`make publish`): stops unless SITE_URL is the public https address."""
