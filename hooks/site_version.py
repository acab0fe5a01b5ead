"""The site's version is the version of the package it teaches and runs.

It is read from the installed package's metadata (`extra.version_from_package` in mkdocs.yml),
never typed into the site, and shown in the footer after the licence notice. The citation hook
puts the same value into every citation; templates read it as `config.extra.site_version`.
(Material reserves `extra.version` for its version selector, hence another name.)
"""

import html
from importlib.metadata import PackageNotFoundError, version

from mkdocs.exceptions import PluginError


def on_config(config):
    package = config.extra.get("version_from_package")
    if not package:
        raise PluginError(
            "mkdocs.yml: set extra.version_from_package to the package whose version the site carries."
        )
    try:
        site_version = version(package)
    except PackageNotFoundError:
        raise PluginError(f"package {package!r} is not installed: run `make setup`.") from None
    config.extra["site_version"] = site_version
    notice = f'<span class="site-version">バージョン {html.escape(site_version)}</span>'
    config.copyright = f"{config.copyright}・{notice}" if config.copyright else notice
    return config
