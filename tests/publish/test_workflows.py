"""The GitHub workflows: valid against GitHub's workflow schema, pinned, and doing what README
promises: CI runs `make test` on pushes and pull requests; Pages publishes main with the address
from the repository's Pages settings, after CI passed.

check-jsonschema ships the workflow schema (`vendor.github-workflows`), so the check runs
offline. A broken copy of the workflows must fail it, or a broken workflow could pass `make test`.
The facts the schema cannot see (pins, triggers, which job needs which, the address the site is
built with) are asserted on the parsed files.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
# A released version tag (v1.2.3) or a full commit SHA; never a branch or a bare major tag.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is not installed: run `make setup` (requirements.txt pins it)"
    return found


def workflow_files(folder: Path) -> list[str]:
    files = sorted(str(p) for p in folder.glob("*.yml"))
    assert files, f"no workflows in {folder}"
    return files


def schema_check(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            tool("check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            *workflow_files(folder),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); it is put back under its name.
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in steps(job) if "uses" in step]


def runs(job: dict) -> str:
    return "\n".join(step["run"] for step in steps(job) if "run" in step)


# --- valid ---------------------------------------------------------------------------------------


def test_the_workflows_match_the_github_workflow_schema():
    result = schema_check(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


BREAKAGES = {
    # what is broken: (file, text, replacement)
    "a misspelt key": ("ci.yml", "runs-on:", "run-on:"),
    "an unknown trigger": ("ci.yml", "pull_request:", "pull_requests:"),
    "a step with neither run nor uses": ("pages.yml", "run: make publish", "runs: make publish"),
    "a permission that does not exist": ("pages.yml", "pages: write", "page: write"),
}


@pytest.fixture
def broken_copy(tmp_path, request):
    name, old, new = BREAKAGES[request.param]
    folder = tmp_path / "workflows"
    shutil.copytree(WORKFLOWS, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize("broken_copy", list(BREAKAGES), indirect=True)
def test_a_broken_workflow_fails_the_check(broken_copy):
    result = schema_check(broken_copy)
    assert result.returncode != 0, f"the broken workflow passed:\n{result.stdout}"


# --- pinned --------------------------------------------------------------------------------------


def test_every_action_is_pinned_to_a_version():
    for path in workflow_files(WORKFLOWS):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        for job_name, job in data["jobs"].items():
            for action in uses(job):
                assert PINNED.match(action), (
                    f"{Path(path).name}: {job_name}: {action} is not pinned"
                )


# --- what they do --------------------------------------------------------------------------------


def test_ci_runs_make_test_on_pushes_and_pull_requests_with_python_3_12_and_chromium():
    ci = load("ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    (job,) = ci["jobs"].values()
    assert job["runs-on"].startswith("ubuntu")
    python = [s for s in steps(job) if s.get("uses", "").startswith("actions/setup-python@")]
    assert len(python) == 1 and str(python[0]["with"]["python-version"]) == "3.12"
    assert "fonts-noto-cjk" in runs(job) and "chromium" in runs(job)
    assert runs(job).splitlines()[-1].strip() == "make test"


def test_pages_publishes_main_after_ci_passed_with_the_address_from_the_pages_settings():
    pages = load("pages.yml")
    trigger = pages["on"]
    assert set(trigger) == {"workflow_run"}, "Pages runs only after CI, never on its own"
    assert trigger["workflow_run"]["workflows"] == [load("ci.yml")["name"]]
    assert trigger["workflow_run"]["branches"] == ["main"]
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    condition = " ".join(build["if"].split())
    assert "github.event.workflow_run.conclusion == 'success'" in condition
    assert "github.event.workflow_run.head_branch == 'main'" in condition
    assert "github.event.workflow_run.event == 'push'" in condition
    checkout = steps(build)[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["ref"] == "${{ github.event.workflow_run.head_sha }}", (
        "build the commit CI tested"
    )
    assert checkout["with"]["fetch-depth"] == 0, "page dates need the history"
    names = [action.split("@")[0] for action in uses(build)]
    assert names.index("actions/configure-pages") < names.index("actions/upload-pages-artifact")
    (make,) = [s for s in steps(build) if "run" in s]
    configure = next(
        s for s in steps(build) if s.get("uses", "").startswith("actions/configure-pages@")
    )
    assert make["run"].strip() == "make publish"
    dry_run = subprocess.run(
        ["make", "-n", "publish"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert dry_run.returncode == 0 and "TEXTBOOK_PUBLISH=true" in dry_run.stdout, dry_run.stderr
    assert make["env"]["SITE_URL"] == "${{ steps." + configure["id"] + ".outputs.base_url }}"
    upload = next(
        s for s in steps(build) if s.get("uses", "").startswith("actions/upload-pages-artifact@")
    )
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "build"
    assert [a.split("@")[0] for a in uses(deploy)] == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert pages["permissions"] == {"contents": "read"}, "write access only where it deploys"
