"""PyTorch's CPU cross-entropy on the batch bench_package.py uses, run by another interpreter.

PyTorch has no CPU build for the project's Python here, so bench_package.py runs this file with an
interpreter that has torch (``BENCH_TORCH_PYTHON``) and reads one line of JSON back. The read pass
is timed in this process too, so the two ratios compare like with like.
Needs only numpy and torch.
"""

import json
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def main() -> None:
    rows, classes, repeats = (int(arg) for arg in sys.argv[1:4])
    rng = np.random.default_rng(0)  # the same data as bench_package.py
    z = (3 * rng.standard_normal((rows, classes))).astype(np.float32)
    labels = rng.integers(0, classes, size=rows)
    zt, lt = torch.from_numpy(z), torch.from_numpy(labels)

    def loss() -> float:
        with torch.no_grad():
            return float(F.cross_entropy(zt, lt))

    funcs = {"read pass": z.sum, "torch": loss}
    for func in funcs.values():
        func()
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeats):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    print(
        json.dumps(
            {
                "version": torch.__version__,
                "threads": torch.get_num_threads(),
                "loss": loss(),
                **{name: statistics.median(t) for name, t in times.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
