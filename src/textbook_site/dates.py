"""Every page's last-updated date, from git: the newest change to anything the page is made of.

A page is made of its source file, the files its snippets include (`--8<-- "src/…/x.py:name"`),
and, for a notebook, the packages of src/ its code imports (what it runs); a page that documents a
package (`::: crossentropy`) is made of that package too. Its date is the committer date of the
last commit that touched any of them (`git log -1 --format=%cs -- <files>`): a commit that changes
only included code moves the date of every page that shows or runs it.

Any of those files with uncommitted changes or unknown to git, and any page built outside a git
checkout, gets the build date instead: what the reader sees is then at least as new as the text.
The build date is taken once per build (every page of one build agrees) and is the date of
SOURCE_DATE_EPOCH when that is set (reproducible builds), else today (UTC, as MkDocs dates).

The date goes to `page.meta["revision_date"]`, which Material shows under the page (and the
citation carries), and to `page.update_date`, the page's `lastmod` in sitemap.xml. A committed
file's date depends only on the commit checked out: it is asked of git once per commit and set of
files (`mkdocs serve` rebuilds many times on one commit).
"""

from __future__ import annotations

import logging
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils import get_build_date

log = logging.getLogger("mkdocs.plugins.textbook.dates")
# pymdownx.snippets' single-line form; a section (`:name`) or lines (`:1:5`) follow the path.
SNIPPET = re.compile(r"""--8<--[ \t]+(["'])([^"'\n]+)\1""")
IMPORT = re.compile(r"^[ \t]*(?:from|import)[ \t]+([A-Za-z_]\w*)", re.MULTILINE)
DOCUMENTED = re.compile(r"^:::[ \t]+([A-Za-z_]\w*)", re.MULTILINE)  # mkdocstrings
PACKAGES = "src"


def git(root: Path, *args: str) -> str | None:
    """Output of a git command in `root`, or None when git or the checkout is missing."""
    try:
        result = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def uncommitted(root: Path, folder: Path) -> frozenset[Path]:
    """Files under `folder` that are modified, staged or untracked."""
    status = git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", str(folder))
    if status is None:
        return frozenset()
    paths = set()
    entries = iter(status.split("\0"))
    for entry in entries:
        if not entry:
            continue
        code, path = entry[:2], entry[3:]
        paths.add((root / path).resolve())
        if "R" in code or "C" in code:  # a rename also names the old path
            next(entries, None)
    return frozenset(paths)


def made_of(source: Path, project: Path, runs_code: bool) -> list[Path]:
    """The files page `source` is made of: itself, the files its snippets include, and the
    packages under src/ that its code imports (when `runs_code`: a notebook) or it documents."""
    text = source.read_text(encoding="utf-8")
    parts = [source]
    for _, spec in SNIPPET.findall(text):
        included = project / spec.split(":", 1)[0]
        if included.is_file() and included not in parts:
            parts.append(included)
    names = set(DOCUMENTED.findall(text))
    if runs_code:
        names |= set(IMPORT.findall(text))
    for name in sorted(names):
        for package in (project / PACKAGES / name, project / PACKAGES / f"{name}.py"):
            if package.exists():
                parts.append(package)
    return parts


@dataclass
class PageDates:
    """The dates of one build; `committed` outlives it (keyed by commit)."""

    build_date: str = ""
    project: Path | None = None
    root: Path | None = None  # the git checkout, None outside one
    head: str | None = None
    dirty: frozenset[Path] = frozenset()  # uncommitted files of the whole checkout
    committed: dict[tuple[str | None, tuple[Path, ...]], str | None] = field(default_factory=dict)
    parts: dict[tuple[Path, bool], list[Path]] = field(default_factory=dict)  # this build's

    def begin_build(self, project: Path) -> None:
        self.build_date = get_build_date()  # SOURCE_DATE_EPOCH's date when it is set
        self.project = project
        self.parts.clear()
        top = git(project, "rev-parse", "--show-toplevel")
        if top is None:
            log.debug("not a git checkout: every page gets the build date %s", self.build_date)
            self.root, self.head, self.dirty = None, None, frozenset()
            return
        self.root = Path(top.strip())
        self.head = (git(self.root, "rev-parse", "HEAD") or "").strip() or None
        self.dirty = uncommitted(self.root, self.root)

    def is_dirty(self, path: Path) -> bool:
        """`path`, or a file under it, is modified, staged or untracked."""
        return path in self.dirty or any(path in changed.parents for changed in self.dirty)

    def last_updated(self, *paths: Path) -> str:
        """YYYY-MM-DD of the last commit touching any of `paths`, or the build date."""
        if not paths:  # a page generated by a plugin has no source file
            return self.build_date
        resolved = tuple(path.resolve() for path in paths)
        if self.root is None or any(self.is_dirty(path) for path in resolved):
            return self.build_date
        key = (self.head, resolved)
        if key not in self.committed:
            date = git(self.root, "log", "-1", "--format=%cs", "--", *map(str, resolved))
            self.committed[key] = date.strip() if date and date.strip() else None
        return self.committed[key] or self.build_date

    def of_page(self, source: Path, runs_code: bool) -> str:
        """The date of the page whose source is `source` (see `made_of`)."""
        key = (source, runs_code)
        if key not in self.parts:
            self.parts[key] = made_of(source, self.project, runs_code)
        return self.last_updated(*self.parts[key])
