"""Set-up finds a Python >= 3.12 with no variable to set (.ci/find-python, used by the Makefile).

Each test builds a PATH of its own: fake interpreters (shell scripts that run this test's real
Python with `sys.version_info` set to the version they pretend to be), a fake pyenv shim that
fails the way pyenv's do when their version is not selected, a fake `pyenv` command, and the few
system tools the script and the Makefile use. Nothing on the machine's own PATH is visible, so
the tests mean the same on a machine whose python3 is 3.11 and on one whose python3 is 3.12.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIND_PYTHON = ROOT / ".ci" / "find-python"
TOOLS = ("sh", "grep", "sort", "mkdir", "cat")


def fake_python(path: Path, version: tuple[int, int, int], *, ensurepip: bool = True) -> Path:
    """An interpreter that reports `version` and itself as sys.executable; `-m venv DIR` makes
    DIR/bin/python, which names the interpreter that made it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    no_ensurepip = "" if ensurepip else "sys.modules['ensurepip'] = None; "
    major, minor, micro = version
    path.write_text(
        f"""#!/bin/sh
case "$1" in
  -c) exec "{sys.executable}" -c "import sys; sys.version_info = {version!r}; sys.executable = '$0'; {no_ensurepip}
$2" ;;
  -m) mkdir -p "$3/bin" && echo "$0" > "$3/bin/python" ;;
  --version) echo "Python {major}.{minor}.{micro}" ;;
esac
""",
        encoding="utf-8",
    )
    path.chmod(0o755)
    return path


def pyenv_shim(path: Path) -> Path:
    """What pyenv puts on PATH for python3.12 when that version is not selected."""
    path.parent.mkdir(parents=True, exist_ok=True)
    name = path.name
    path.write_text(
        f"""#!/bin/sh
echo "pyenv: {name}: command not found" >&2
exit 127
""",
        encoding="utf-8",
    )
    path.chmod(0o755)
    return path


class Machine:
    """A PATH with fake interpreters, optionally a fake pyenv with installed versions."""

    def __init__(self, root: Path):
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir(parents=True)
        for tool in TOOLS:
            found = shutil.which(tool)
            assert found, f"{tool} is needed to run these tests"
            (self.bin / tool).symlink_to(found)

    def python(self, name: str, version, **kwargs) -> Path:
        return fake_python(self.bin / name, version, **kwargs)

    def shim(self, name: str) -> Path:
        return pyenv_shim(self.bin / name)

    def pyenv(self, *versions: str) -> Path:
        """A pyenv with these versions installed. `3.x.y` pretends to be that version; any other
        name (a virtualenv, a conda) is a working 3.12 that must not be picked by its name."""
        pyenv_root = self.root / "pyenv"
        for version in versions:
            match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
            numbers = tuple(map(int, match.groups())) if match else (3, 12, 0)
            fake_python(pyenv_root / "versions" / version / "bin" / "python3", numbers)
        listing = "\n".join(versions)
        command = self.bin / "pyenv"
        command.write_text(
            f"""#!/bin/sh
case "$1" in
  root) echo "{pyenv_root}" ;;
  versions) cat <<'EOF'
{listing}
EOF
  ;;
  *) exit 1 ;;
esac
""",
            encoding="utf-8",
        )
        command.chmod(0o755)
        return pyenv_root

    def env(self) -> dict[str, str]:
        return {"PATH": str(self.bin), "HOME": str(self.root)}

    def find_python(self) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["/bin/sh", str(FIND_PYTHON)],
            check=False,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=60,
        )


@pytest.fixture
def machine(tmp_path) -> Machine:
    return Machine(tmp_path)


def found(machine: Machine) -> str:
    result = machine.find_python()
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# --- which interpreter ------------------------------------------------------------------------


def test_the_default_python3_when_it_is_new_enough(machine):
    python3 = machine.python("python3", (3, 12, 4))
    machine.python("python3.13", (3, 13, 0))
    assert found(machine) == str(python3)


def test_python3_12_on_path_before_python3_13(machine):
    machine.python("python3", (3, 11, 7))
    python312 = machine.python("python3.12", (3, 12, 1))
    machine.python("python3.13", (3, 13, 0))
    assert found(machine) == str(python312)


def test_python3_13_on_path_when_that_is_all_there_is(machine):
    machine.python("python3", (3, 11, 7))
    python313 = machine.python("python3.13", (3, 13, 0))
    assert found(machine) == str(python313)


def test_pyenv_shims_that_fail_are_passed_over_for_pyenv_s_own_version(machine):
    """This machine kind: python3 is 3.11; python3.12/3.13 are shims that exit 127."""
    machine.python("python3", (3, 11, 7))
    machine.shim("python3.12")
    machine.shim("python3.13")
    pyenv_root = machine.pyenv("2.7.18", "3.11.7", "3.12.1", "3.13.0")
    assert found(machine) == str(pyenv_root / "versions/3.12.1/bin/python3")


def test_pyenv_versions_are_compared_as_numbers_and_odd_names_ignored(machine):
    machine.python("python3", (3, 11, 7))
    pyenv_root = machine.pyenv(
        "3.13.0", "3.12.10", "3.12.9", "3.12.1/envs/tools", "miniconda3-latest"
    )
    assert found(machine) == str(pyenv_root / "versions/3.12.9/bin/python3")


def test_an_interpreter_without_venv_support_is_passed_over(machine):
    """Debian's python3.12 without python3.12-venv cannot make the virtual environment."""
    machine.python("python3", (3, 11, 7))
    machine.python("python3.12", (3, 12, 3), ensurepip=False)
    python313 = machine.python("python3.13", (3, 13, 0))
    assert found(machine) == str(python313)


@pytest.mark.parametrize(
    "pyenv", [(), ("3.10.13", "3.11.7")], ids=["no pyenv", "pyenv without 3.12"]
)
def test_nothing_found_when_no_python_is_new_enough(machine, pyenv):
    machine.python("python3", (3, 11, 7))
    machine.shim("python3.12")
    if pyenv:
        machine.pyenv(*pyenv)
    result = machine.find_python()
    assert result.returncode != 0
    assert result.stdout == ""


# --- the Makefile uses it -----------------------------------------------------------------------


@pytest.fixture
def project(tmp_path) -> Path:
    """The Makefile and the script, in a folder of their own (a venv is made there, not here)."""
    folder = tmp_path / "project"
    (folder / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / "Makefile", folder / "Makefile")
    shutil.copy2(FIND_PYTHON, folder / ".ci" / "find-python")
    return folder


def make_venv(machine: Machine, project: Path, *variables: str) -> subprocess.CompletedProcess:
    make = shutil.which("make")
    assert make, "make is needed to run these tests"
    return subprocess.run(
        [make, "--no-print-directory", "-C", str(project), *variables, ".venv/bin/python"],
        env=machine.env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_make_creates_the_venv_with_the_python_it_finds(machine, project):
    machine.python("python3", (3, 11, 7))
    machine.shim("python3.12")
    pyenv_root = machine.pyenv("3.11.7", "3.12.1")
    result = make_venv(machine, project)
    assert result.returncode == 0, result.stdout + result.stderr
    chosen = (project / ".venv/bin/python").read_text(encoding="utf-8").strip()
    assert chosen == str(pyenv_root / "versions/3.12.1/bin/python3")


def test_make_uses_the_python_it_is_given(machine, project):
    machine.python("python3", (3, 12, 1))
    given = fake_python(machine.root / "elsewhere" / "python3.13", (3, 13, 0))
    result = make_venv(machine, project, f"PYTHON={given}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / ".venv/bin/python").read_text(encoding="utf-8").strip() == str(given)


def test_make_stops_with_a_clear_message_when_there_is_no_python_3_12(machine, project):
    machine.python("python3", (3, 11, 7))
    machine.shim("python3.12")
    machine.pyenv("3.11.7")
    result = make_venv(machine, project)
    assert result.returncode != 0
    assert "error: Python >= 3.12 is required, but 'python3' is Python 3.11.7." in result.stdout
    assert "make PYTHON=/path/to/python3.12" in result.stdout
    assert not (project / ".venv").exists()
