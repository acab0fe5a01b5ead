"""Runs the tests' `mkdocs build`s of project copies in children forked from one warm process.

A build in a new interpreter spends about 0.6 s of its 1.4 s importing MkDocs, Material,
mkdocs-jupyter (jupytext, nbconvert) and mkdocstrings, the same for each of the ~45 builds of
tests/site. This process imports them once; each build is a child forked from it that runs
`mkdocs build` as `python -m mkdocs build` would, in the copy's folder, with the copy's
environment, its output in two files. What the project itself is made of (textbook_site,
crossentropy) is not imported here: a child imports it from the copy's src/, which a test may
have edited. Import-time output is printed here once, not by each build, so a test of the whole
log of a build runs it in a new interpreter instead (tests/site/conftest.py: `fresh_process`).

Protocol, one JSON object per line: in {"args", "cwd", "env", "stdout", "stderr"} (the two
paths the child writes its output to), out {"returncode"}. Run: `python build_server.py`.
"""

import atexit
import importlib
import json
import os
import sys

# Third-party modules a build imports (by `python -X importtime -m mkdocs build` in a copy).
WARM = (
    "mkdocs.__main__",
    "mkdocs.commands.build",
    "mkdocs.config.defaults",
    "material.plugins.search.plugin",
    "mkdocs_jupyter.plugin",
    "mkdocs_jupyter.convert",
    "mkdocstrings",
    "mkdocstrings_handlers.python",
    "pymdownx.arithmatex",
    "pymdownx.snippets",
    "pymdownx.superfences",
    "markdown.extensions.codehilite",
)
OURS = ("textbook_site", "crossentropy")


def build(request: dict) -> int:
    """In the child: one `mkdocs build`, its exit status returned."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    # sys.path as `python -m mkdocs` starts with it: the current folder, then PYTHONPATH.
    extra = [p for p in request["env"].get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.path[:1] = [os.getcwd(), *extra]
    null = os.open(os.devnull, os.O_RDONLY)  # nothing to read from the server's channel
    os.dup2(null, 0)
    os.close(null)
    for fd, key in ((1, "stdout"), (2, "stderr")):
        out = os.open(request[key], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, fd)
        os.close(out)
    sys.argv = ["mkdocs", *request["args"]]
    from mkdocs.__main__ import cli

    try:
        cli(prog_name="mkdocs")
    except SystemExit as done:
        code = done.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code, file=sys.stderr)
        return 1
    return 0


def serve() -> None:
    for name in WARM:
        importlib.import_module(name)
    early = [m for m in sys.modules if m.split(".")[0] in OURS]
    assert not early, f"the warm imports brought in the project's own modules: {early}"
    channel_in, channel_out = sys.stdin, sys.stdout
    for line in channel_in:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = build(request)
            except BaseException:  # noqa: BLE001 (reported in the build's own log)
                import traceback

                traceback.print_exc()
            finally:
                atexit._run_exitfuncs()  # what interpreter exit runs (logging, kernels)
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        channel_out.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
        channel_out.flush()


if __name__ == "__main__":
    serve()
