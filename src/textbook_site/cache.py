"""The build's one cache: one root, one key scheme, one eviction rule, atomic writes.

- Root: the plugin's `cache_dir` option (mkdocs.yml sets `.cache`, relative to mkdocs.yml; the
  tests point it at a folder of their own, so they never read or write the author's cache).
- Key: a SHA-256 over the kind of entry, the environment that shapes it, and the content of
  every input the entry is made from (given by the step that stores it). The environment is
  `Cache.build` (the Python version, this package's source as loaded, and the installed version
  of every distribution that shapes the site) for everything but notebook outputs, which use
  `Cache.runtime` (the Python version and the distributions a kernel runs: the outputs do not
  change with MkDocs, ProperDocs or this package), and equations, whose inputs name the
  renderer itself (MathJax's version and mathjax.js).
- Eviction: after a complete build, each kind keeps exactly the entries that build used (looked
  up or stored); the rest are deleted. A partial build (`--dirty`, or a failed one) evicts nothing,
  nor does a build that restored pages from the store (page reuse in `serve`), since a restored
  page looks up none of the entries it was made of.
- Writes go to a temporary file in the same folder and are renamed into place: a build stopped
  mid-write, or two builds at once (serve and build), never read half an entry.
- Memory (`mkdocs serve` only): the entries a build used are also kept in the process for the
  next rebuild (~530 files read per rebuild otherwise: equations, search entries, pages).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Distributions whose code shapes what a notebook's kernel computes and prints.
KERNEL_SIDE = (
    "ipykernel",
    "ipython",
    "nbclient",
    "nbformat",
    "jupytext",
    "numpy",
    "matplotlib",
    "matplotlib-fontja",
)
# Distributions whose code shapes what the build writes. Their installed versions (not the
# pins: the environment may differ from requirements.txt) are part of every key.
OUTPUT_SHAPING = (
    *KERNEL_SIDE,
    "mkdocs",
    "properdocs",
    "mkdocs-material",
    "mkdocs-jupyter",
    "mkdocstrings",
    "mkdocstrings-python",
    "mkdocs-autorefs",
    "griffelib",
    "Markdown",
    "pymdown-extensions",
    "Pygments",
    "nbconvert",
    "mistune",
    "beautifulsoup4",
    "lxml",
    "tinycss2",
    "Jinja2",
)


def sha256(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def installed_versions(names: Iterable[str] = OUTPUT_SHAPING) -> str:
    lines = []
    for name in names:
        try:
            lines.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            lines.append(f"{name} (not installed)")
    return "\n".join(lines)


def source_digest(folder: Path) -> str:
    """Every file of `folder` (this package), by name and content."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return sha256(*parts)


def files_digest(root: Path, patterns: Iterable[str]) -> str:
    """The files matching `patterns` under `root`, by relative path and content."""
    parts: list[str | bytes] = []
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return sha256(*parts)


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass
class Cache:
    """The cache of one build: entries by kind and key, the keys this build used."""

    root: Path
    build: str  # see the module docstring; computed once per process (`environments`)
    runtime: str = ""
    used: dict[str, set[str]] = field(default_factory=dict)
    # Entries read or written, kept across the builds of `mkdocs serve` (the plugin holds it):
    # a key names its content, so a kept entry stays right; each build keeps only what it used.
    memory: dict[tuple[str, str], bytes] | None = None

    def key(self, kind: str, *inputs: str | bytes, shaped_by: str = "site") -> str:
        """The key of an entry of `kind` made from `inputs`, in the environment that shapes it:
        "site" (`build`), "kernel" (`runtime`: notebook outputs), or "inputs" (none beyond the
        inputs, which then name the code that makes the entry: the MathJax renderer)."""
        environment = {"site": self.build, "kernel": self.runtime, "inputs": ""}[shaped_by]
        return sha256(environment, kind, *inputs)

    def path(self, kind: str, key: str) -> Path:
        return self.root / kind / key

    def folder(self, kind: str, key: str) -> Path:
        """A folder entry (for a store another library manages inside it), marked used."""
        self.used.setdefault(kind, set()).add(key)
        return self.path(kind, key)

    def get(self, kind: str, key: str) -> bytes | None:
        self.used.setdefault(kind, set()).add(key)
        if self.memory is not None and (kind, key) in self.memory:
            return self.memory[kind, key]
        try:
            data = self.path(kind, key).read_bytes()
        except OSError:
            return None
        if self.memory is not None:
            self.memory[kind, key] = data
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        self.used.setdefault(kind, set()).add(key)
        atomic_write(self.path(kind, key), data)
        if self.memory is not None:
            self.memory[kind, key] = data

    def keep_in_memory_only_used(self) -> None:
        """After a build: the memory keeps the entries this build used, nothing else."""
        if self.memory is not None:
            for kind, key in list(self.memory):
                if key not in self.used.get(kind, ()):
                    del self.memory[kind, key]

    def evict(self, kinds: Iterable[str]) -> None:
        """After a complete build: in each of `kinds`, delete what this build did not use."""
        for kind in kinds:
            folder = self.root / kind
            if not folder.is_dir():
                continue
            used = self.used.get(kind, set())
            for entry in folder.iterdir():
                if entry.name in used:
                    continue
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)


def environments(package_folder: Path, generator: str) -> tuple[str, str]:
    """(build, runtime) environment digests of this process; `generator` names what runs the
    build (MkDocs or ProperDocs: both are installed)."""
    build = sha256(sys.version, generator, source_digest(package_folder), installed_versions())
    return build, sha256(sys.version, installed_versions(KERNEL_SIDE))
