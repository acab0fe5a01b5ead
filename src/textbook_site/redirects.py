"""Checks the redirects of old and alias URLs before anything is written.

mkdocs-redirects writes them (mkdocs.yml, its `redirect_maps`: old page -> the page it is now,
both as Markdown paths): at each old path a page that sends the browser on with JavaScript,
keeping the fragment (a cited `…/chapter4/#eq-4-2` lands on `…/ch4/#eq-4-2`), with a meta
refresh for browsers without JavaScript, the new page named as canonical, and a link to it. It
only warns when a target is missing, and says nothing when an old path is a page of the site,
which its redirect would silently replace: a cited URL would then lead elsewhere. Both stop the
build here, at `on_nav`, naming the entry.
"""

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File


def old_page(old: str, use_directory_urls: bool) -> str:
    """Where mkdocs-redirects writes the redirect for `old`: `chapter4.md` -> `chapter4/index.html`."""
    return File(old, "", "", use_directory_urls).dest_uri


def check(mapping: dict, files, use_directory_urls: bool) -> None:
    taken = {f.dest_uri for f in files}
    for old, target in mapping.items():
        path = str(target).partition("#")[0]
        if path.lower().startswith(("http://", "https://")):
            continue
        file = files.get_file_from_path(path)
        if file is None or not file.is_documentation_page():
            raise PluginError(
                f"redirects: {old!r} -> {target!r}, but {path!r} is not a page of the site."
            )
        if old_page(old, use_directory_urls) in taken:
            raise PluginError(
                f"redirects: {old!r} is a page of the site; a redirect would replace it."
            )
