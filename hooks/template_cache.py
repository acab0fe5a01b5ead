"""Compile the templates once, not at every build: Material's, and nbconvert's for notebooks.

MkDocs makes a new Jinja environment for every build, and mkdocs-jupyter a new nbconvert
exporter (with its own environment) for every notebook it converts, so `mkdocs serve` compiled
Material's templates (main.html and its ~70 partials, ~0.5 s) at every rebuild, and nbconvert's
(~0.1 s) for every notebook edit. Jinja's bytecode cache keeps the compiled code in
.cache/jinja/ and checks each template's source (and the Python version) against it, so an
edited template, e.g. in overrides/, is compiled again.
"""

from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache
from mkdocs.plugins import event_priority
from nbconvert.exporters.templateexporter import TemplateExporter

# Jinja checks its bytecode format and the Python version; the folder also names Jinja's version.
CACHE = Path(".cache/jinja") / jinja2.__version__

_caches: dict[str, FileSystemBytecodeCache] = {}


def bytecode_cache(config, kind: str) -> FileSystemBytecodeCache:
    """One folder per kind of environment: code compiled for one is never loaded into another."""
    folder = Path(config.config_file_path).parent / CACHE / kind
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def _create_environment(self):
    environment = _create_environment.__wrapped__(self)
    if "nbconvert" in _caches and not environment.is_async:
        environment.bytecode_cache = _caches["nbconvert"]
    return environment


# Before the plugins' on_config: Material's search plugin renders a template there.
@event_priority(100)
def on_config(config):
    # Once per process; a wrapper loaded earlier is replaced, not wrapped again.
    current = TemplateExporter._create_environment
    if current is not _create_environment:
        _create_environment.__wrapped__ = getattr(current, "__wrapped__", current)
        TemplateExporter._create_environment = _create_environment
    _caches["nbconvert"] = bytecode_cache(config, "nbconvert")
    theme_cache = bytecode_cache(config, "theme")
    get_env = config.theme.get_env  # a new theme object for every build

    def get_env_with_cache():
        environment = get_env()
        environment.bytecode_cache = theme_cache
        return environment

    config.theme.get_env = get_env_with_cache
    return config
