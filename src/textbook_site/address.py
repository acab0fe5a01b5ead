"""The site's one public address, and whether this build has it.

`site_url` comes from SITE_URL (mkdocs.yml). It is the public address when it is https on a host
that is not this machine (not localhost, 127.x, ::1 or 0.0.0.0); every citation, canonical link,
meta tag and sitemap entry then carries it. Any other build (`make serve`, a build without
SITE_URL, the tests' builds on 127.0.0.1) is a local preview: its citations name no address and
say that they are a preview, with the published address when CITATION.cff records one (its `url`
is the release's address).

A publishing build (`make publish`: the plugin's `publish` option) stops with a message naming
the problem when SITE_URL is missing, not https or local, or disagrees with CITATION.cff's `url`.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from mkdocs.exceptions import PluginError

CITATION_FILE = "CITATION.cff"
EXAMPLE = "SITE_URL=https://<owner>.github.io/<repo>/ make publish"


@dataclass(frozen=True)
class SiteAddress:
    site_url: str
    public: bool  # site_url is the address readers see: citations carry it
    published: str | None = None  # the release's address (CITATION.cff), shown in a preview

    def published_url(self, page_url: str) -> str | None:
        """Where the page will be, when the release records its address."""
        return urljoin(self.published, page_url) if self.published else None


def is_local(host: str) -> bool:
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def problem(url: str | None) -> str | None:
    """Why `url` cannot be the public address, or None when it can."""
    if not url:
        return "is not set"
    parts = urlsplit(url)
    if parts.scheme != "https":
        return f"is {url!r}, which is not https"
    if not parts.hostname:
        return f"is {url!r}, which names no host"
    if is_local(parts.hostname):
        return f"is {url!r}, a local address"
    return None


def with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def recorded_address(project: Path) -> str | None:
    """CITATION.cff's `url`, where the release records the site's address."""
    path = project / CITATION_FILE
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    url = data.get("url")
    return with_slash(str(url)) if url else None


def resolve(
    site_url: str | None, env_site_url: str | None, project: Path, publish: bool
) -> SiteAddress:
    """The address of this build; in a publishing build, a PluginError unless it is public.

    `env_site_url` is SITE_URL as the environment gives it (None when unset): mkdocs.yml falls
    back to a local address without it, which a publishing build must not take for one given.
    """
    recorded = recorded_address(project)
    if publish:
        reason = problem(env_site_url)
        if reason is not None:
            raise PluginError(
                f"make publish: SITE_URL {reason}. A publishing build needs the site's public https "
                f"address, the one every citation will carry: {EXAMPLE} (GitHub Pages: the "
                "workflow takes it from the repository's Pages settings)."
            )
        if recorded is not None and recorded != with_slash(site_url or ""):
            raise PluginError(
                f"make publish: SITE_URL is {site_url!r} but {CITATION_FILE} records the address "
                f"{recorded!r}: correct whichever is wrong, both are cited."
            )
    public = site_url is not None and problem(site_url) is None
    return SiteAddress(
        site_url=site_url or "", public=public, published=None if public else recorded
    )
