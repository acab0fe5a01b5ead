"""Make executing the chapter notebooks safe and never stale.

- Cache: mkdocs-jupyter keys its cache on a notebook's own bytes only, so an edit in src/ would
  leave old outputs on the page. The cache folder is keyed on everything that can change an
  output (the package source, the pins, the matplotlib settings); other folders are dropped.
- Timeout: mkdocs-jupyter replaces any ExecutePreprocessor configuration, so a hung cell would
  hang the build; we add a per-cell timeout to the app it builds.
- Reproducible figures: SOURCE_DATE_EPOCH fixes the date matplotlib writes into SVG output.
"""

import hashlib
import os
import shutil
from pathlib import Path

import mkdocs_jupyter.nbconvert2 as nbconvert2

# Per cell; NOTEBOOK_CELL_TIMEOUT overrides it (the tests use a short one).
CELL_TIMEOUT_SECONDS = 120
CACHE_ROOT = Path(".cache/mkdocs-jupyter")
INPUTS = ("src/**/*.py", "requirements.txt", "pyproject.toml", "docs/matplotlibrc", "hooks/notebook_execution.py")


def inputs_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for pattern in INPUTS:
        for path in sorted(root.glob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


_original_app = nbconvert2.get_nbconvert_app


def _app_with_timeout(*args, **kwargs):
    app = _original_app(*args, **kwargs)
    # app.config.update() stored a plain dict for this section.
    app.config["ExecutePreprocessor"]["timeout"] = int(
        os.environ.get("NOTEBOOK_CELL_TIMEOUT", CELL_TIMEOUT_SECONDS)
    )
    return app


def on_config(config):
    root = Path(config.config_file_path).parent
    nbconvert2.get_nbconvert_app = _app_with_timeout
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    plugin = config.plugins["mkdocs-jupyter"]
    cache_root = root / CACHE_ROOT
    current = cache_root / inputs_digest(root)
    if cache_root.is_dir():
        for old in cache_root.iterdir():
            if old != current:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
    plugin.config["cache_dir"] = str(current)
    return config
