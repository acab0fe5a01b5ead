"""`make bench`: every benchmark of the project, each printing Markdown tables.

bench/bench_package.py (the crossentropy package's speed) runs first when it exists, then
bench/bench_site.py (builds, page weight, time to typeset), then the test suite itself, timed
(`make test` must stay within TEST_TARGET_S on this machine kind). Each runs in its own process,
so one's imports and memory do not colour the other's timings. Extra arguments go to
bench_site.py.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


TEST_TARGET_S = 150


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def bench_tests() -> int:
    """Wall time of the whole test suite, as `make test` runs it."""
    before = load_average()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    summary = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    met = "ok" if seconds <= TEST_TARGET_S else "NOT MET"
    print("\n### Tests: `make test` (wall seconds)\n")
    print(
        f"| run | seconds | <= {TEST_TARGET_S} | result | load average (1/5/15 min) before, after |"
    )
    print("|---|---:|---:|---|---|")
    print(
        f"| pytest, whole suite | {seconds:.0f} | {met} | {summary} | {before}; {load_average()} |"
    )
    print(
        f"\nThe target ({TEST_TARGET_S} s) is for this 2-core machine kind; other work on the machine"
        " (the load average beside the time) makes the suite slower."
    )
    return done.returncode


def main() -> int:
    status = 0
    for script, args in ((HERE / "bench_package.py", []), (HERE / "bench_site.py", sys.argv[1:])):
        if script.exists():
            status |= subprocess.run(
                [sys.executable, str(script), *args], cwd=HERE.parent, check=False
            ).returncode
    status |= bench_tests()
    return status


if __name__ == "__main__":
    sys.exit(main())
