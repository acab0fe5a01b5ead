"""Re-execute a chapter's notebook exactly when something its outputs depend on has changed.

- A prose edit. mkdocs-jupyter keys its cache on the notebook file's bytes, so fixing a typo in a
  chapter's Markdown re-ran the whole notebook: a kernel start and every cell, 2-4 s in
  `mkdocs serve`. Executed outputs are now also stored under what execution depends on: the code
  cells (source and metadata), the kernel, and the folder hooks/notebook_execution.py names after
  the package source and the pins. When only Markdown changed, the stored outputs are put into the
  notebook and no kernel starts.
- An edit in src/ with `mkdocs serve --dirty`, which rebuilds only pages whose file changed: the
  notebook pages kept their old outputs. A notebook page now also counts as changed when one of
  the execution inputs (src/, the pins, matplotlibrc) is newer than the built page.
"""

import hashlib
import json
import logging
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

EXECUTION_HOOK = "hooks/notebook_execution.py"
log = logging.getLogger("mkdocs.hooks.notebook_reruns")


def code_key(nb) -> str:
    """What the outputs of `nb` depend on, besides the execution inputs (src/, pins)."""
    cells = [[cell.source, cell.metadata] for cell in nb.cells if cell.cell_type == "code"]
    kernel = nb.metadata.get("kernelspec", {}).get("name", "")
    text = json.dumps(
        {"kernel": kernel, "cells": cells}, sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _preprocess_reusing_outputs(self, nb, resources=None, km=None):
    folder = getattr(ExecutePreprocessor, "outputs_folder", None)
    if folder is None:
        return ExecutePreprocessor.execute_for_real(self, nb, resources, km)
    stored = folder / f"{code_key(nb)}.json"
    code_cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    if stored.is_file():
        for cell, (outputs, count) in zip(
            code_cells, json.loads(stored.read_text(encoding="utf-8"))
        ):
            cell.outputs = [nbformat.from_dict(output) for output in outputs]
            cell.execution_count = count
        log.info(
            "Outputs reused, code unchanged (no kernel started): %s",
            ExecutePreprocessor.current_page,
        )
        return nb, resources
    nb, resources = ExecutePreprocessor.execute_for_real(self, nb, resources, km)
    folder.mkdir(parents=True, exist_ok=True)
    stored.write_text(
        json.dumps([[cell.outputs, cell.execution_count] for cell in code_cells]), encoding="utf-8"
    )
    return nb, resources


def on_config(config):
    # on_config runs again at every rebuild of `mkdocs serve`: patch the class once.
    if not hasattr(ExecutePreprocessor, "execute_for_real"):
        ExecutePreprocessor.execute_for_real = ExecutePreprocessor.preprocess
        ExecutePreprocessor.preprocess = _preprocess_reusing_outputs
    # Inside the folder keyed on src/ and the pins: a change there discards these outputs too.
    # With mkdocs-jupyter's cache off (e.g. in tests), nothing is reused or stored.
    plugin = config.plugins["mkdocs-jupyter"]
    cached = plugin.config["cache"]
    ExecutePreprocessor.outputs_folder = (
        Path(plugin.config["cache_dir"]) / "outputs" if cached else None
    )
    ExecutePreprocessor.current_page = "a notebook"
    return config


def on_pre_page(page, config, files):
    # mkdocs-jupyter converts (and executes) a notebook while rendering its page.
    ExecutePreprocessor.current_page = page.file.abs_src_path
    return page


def newest_input(config) -> float:
    execution = config.plugins[EXECUTION_HOOK]
    root = Path(config.config_file_path).parent
    times = [path.stat().st_mtime for pattern in execution.INPUTS for path in root.glob(pattern)]
    return max(times, default=0.0)


def on_files(files, config):
    plugin = config.plugins["mkdocs-jupyter"]
    inputs_changed_at = newest_input(config)
    for file in files.documentation_pages():
        if plugin.should_include(file):
            file_changed = file.is_modified

            def is_modified(file=file, file_changed=file_changed):
                dest = Path(file.abs_dest_path)
                return (
                    file_changed() or not dest.exists() or dest.stat().st_mtime < inputs_changed_at
                )

            file.is_modified = is_modified
    return files
