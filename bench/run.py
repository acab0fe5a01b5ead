"""`make bench`: every benchmark of the project, each printing Markdown tables.

bench/bench_package.py (the crossentropy package's speed) runs first when it exists, then
bench/bench_site.py (builds, page weight, time to typeset). Each runs in its own process, so
one's imports and memory do not colour the other's timings. Extra arguments go to bench_site.py.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script, args in ((HERE / "bench_package.py", []), (HERE / "bench_site.py", sys.argv[1:])):
        if script.exists():
            status |= subprocess.run(
                [sys.executable, str(script), *args], cwd=HERE.parent
            ).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
