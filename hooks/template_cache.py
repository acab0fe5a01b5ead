"""Compile the theme's templates once, not at every build.

MkDocs makes a new Jinja environment for every build, so `mkdocs serve` compiled Material's
templates (main.html and its ~70 partials) again at every rebuild, ~0.5 s. Jinja's own bytecode
cache keeps the compiled code in .cache/jinja/ and checks each template's source against it
(and the Python version), so an edited template, e.g. in overrides/, is compiled again.
"""

from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache
from mkdocs.plugins import event_priority

# Jinja checks its bytecode format and the Python version; the folder also names Jinja's version.
CACHE = Path(".cache/jinja") / jinja2.__version__


@event_priority(100)
def on_env(env, config, files):
    # Before the first template is loaded: the theme's pages are rendered after this event.
    folder = Path(config.config_file_path).parent / CACHE
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env
