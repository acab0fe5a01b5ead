"""Decide once per file content whether a page is a notebook, not ~200 times per build.

mkdocs-jupyter's `should_include(file)` answers whether a page is a notebook; for a `.md` file it
parses the whole file with jupytext to find a Python kernel in its front matter. MkDocs, the
plugin and five of our hooks ask it about every page at several events: ~200 parses per build,
~0.9 s of every rebuild in `mkdocs serve`. The answer depends only on the file's bytes, its path
and the plugin's include/ignore patterns: it is kept under those for the life of the process, and
each file is read once per build.
"""

import hashlib
from pathlib import Path

NOTEBOOK_PLUGIN = "mkdocs-jupyter"

_answers: dict[tuple, bool] = {}  # (path, content digest, patterns) -> is a notebook
_asked: set[tuple] = set()  # the keys of this build; the others are dropped at the next


def memoised(should_include, patterns: tuple):
    per_build: dict[str, bool] = {}  # path -> answer; a file is read once per build

    def should_include_once(file):
        path = file.abs_src_path
        if path is None:
            return should_include(file)
        if path not in per_build:
            try:
                digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            except OSError:
                return should_include(file)
            key = (path, digest, patterns)
            if key not in _answers:
                _answers[key] = should_include(file)
            _asked.add(key)
            per_build[path] = _answers[key]
        return per_build[path]

    return should_include_once


def on_config(config):
    for key in _answers.keys() - _asked:
        del _answers[key]
    _asked.clear()
    plugin = config.plugins.get(NOTEBOOK_PLUGIN)
    if plugin is not None:  # a new plugin instance for every build of `mkdocs serve`
        patterns = (tuple(plugin.config["include"]), tuple(plugin.config["ignore"]))
        plugin.should_include = memoised(plugin.should_include, patterns)
    return config
