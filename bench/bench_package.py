"""How fast is the package on a real batch? Prints Markdown tables; asserts nothing.

The issue's benchmark: integer labels and a (32768, 1000) float32 batch of logits. Each row
compares our time with one plain read pass over those logits (``z.sum()``), the least any loss
must cost, and with PyTorch's CPU counterpart where torch runs (in this process if it imports,
else with the interpreter ``BENCH_TORCH_PYTHON`` names, see bench/torch_reference.py):

* ``softmax_cross_entropy`` on random logits (the target: at most 4 read passes), and on a
  confident batch, whose rows take the exact (TwoSum) path that keeps a tiny loss's digits;
* ``binary_cross_entropy_with_logits`` on logits and 0/1 targets of the same shape;
* ``softmax_regression_grad`` for inputs (32768, 64), whose logits have the same shape.

It also measures the peak memory ``softmax_cross_entropy`` allocates beyond its input, with
tracemalloc (numpy reports its array allocations to it).

Run: ``python bench/bench_package.py`` (``--help`` for a smaller batch or more repeats).
"""

import argparse
import json
import os
import platform
import subprocess
import tracemalloc
from collections.abc import Callable

import numpy as np
from torch_reference import batches, interleaved_medians, timings

import crossentropy

TARGET_RATIO = 4.0  # the target: at most 4 read passes for softmax_cross_entropy
MIB = 2**20


def peak_extra_bytes(func: Callable[[], object]) -> int:
    """The most memory ``func`` holds at once beyond what existed before it ran."""
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def ours(data: dict[str, np.ndarray]) -> dict[str, Callable[[], object]]:
    """Our call for each row of the table, on the benchmark's data."""
    return {
        "read pass": data["z"].sum,
        "softmax_cross_entropy": lambda: crossentropy.softmax_cross_entropy(
            data["labels"], data["z"]
        ),
        "confident": lambda: crossentropy.softmax_cross_entropy(data["labels"], data["confident"]),
        "binary": lambda: crossentropy.binary_cross_entropy_with_logits(data["t"], data["z"]),
        "weight gradient": lambda: crossentropy.softmax_regression_grad(
            data["w"], data["b"], data["x"], data["labels"]
        ),
    }


def torch_results(data: dict[str, np.ndarray], args: argparse.Namespace) -> dict | str:
    """torch's timings and values (see torch_reference.timings), or why there are none."""
    try:
        import torch  # noqa: F401
    except ImportError:
        pass
    else:
        return timings(data, args.repeats)
    python = os.environ.get("BENCH_TORCH_PYTHON")
    if not python:
        return "not installed (make bench puts it in .venv-torch where a CPU wheel exists)"
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_reference.py")
    sizes = (args.rows, args.classes, args.features, args.repeats)
    run = subprocess.run(
        [python, script, *map(str, sizes)], capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        return f"failed: {run.stderr.strip().splitlines()[-1:]}"
    return json.loads(run.stdout)


def float64_loss(labels: np.ndarray, z: np.ndarray) -> float:
    """The mean label loss of float32 logits, computed in float64 with plain numpy.

    Its error, about 1e-15 of the log-sum-exp, is far below float32's: a reference for both
    float32 results, ours and torch's.
    """
    z = z.astype(np.float64)
    m = z.max(axis=1)
    lse = m + np.log(np.exp(z - m[:, np.newaxis]).sum(axis=1))
    return float((lse - z[np.arange(len(z)), labels]).mean())


def agreement(name: str, value: object, theirs: object, data: dict[str, np.ndarray]) -> str:
    """How our value and torch's compare; for a loss, both against a float64 reference."""
    if name == "weight gradient":
        grad_w, grad_b = value
        value = [float(np.linalg.norm(grad_w)), float(np.linalg.norm(grad_b))]
    if name in ("softmax_cross_entropy", "confident"):
        z = data["z" if name == "softmax_cross_entropy" else "confident"]
        exact = float64_loss(data["labels"], z)
        ours_off, theirs_off = abs(value / exact - 1), abs(theirs / exact - 1)
        return f"relative error, float64 reference: ours {ours_off:.0e}, torch {theirs_off:.0e}"
    if np.allclose(value, theirs, rtol=1e-4, atol=1e-7):
        return "agrees"
    return f"DIFFERS ({theirs} vs {value})"


ROWS = {
    "softmax_cross_entropy": "`softmax_cross_entropy`, labels",
    "confident": "`softmax_cross_entropy`, labels, confident batch",
    "binary": "`binary_cross_entropy_with_logits`, 0/1 targets",
    "weight gradient": "`softmax_regression_grad`, x (N, {features})",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=32768, help="batch size N")
    parser.add_argument("--classes", type=int, default=1000, help="number of classes K")
    parser.add_argument("--features", type=int, default=64, help="inputs D of the regression")
    parser.add_argument("--repeats", type=int, default=9, help="timed calls per row")
    args = parser.parse_args()

    data = batches(args.rows, args.classes, args.features)
    calls = ours(data)
    seconds = interleaved_medians(calls, args.repeats)
    torch = torch_results(data, args)
    extra = peak_extra_bytes(calls["softmax_cross_entropy"])

    z = data["z"]
    read_pass = seconds["read pass"]
    print(
        f"z of shape {z.shape} {z.dtype} ({z.nbytes / MIB:.0f} MiB); median of {args.repeats} "
        f"interleaved runs; numpy {np.__version__}, Python {platform.python_version()}"
    )
    if isinstance(torch, str):
        print(f"PyTorch: {torch}\n")
        torch_header, torch_rule = "", ""
    else:
        print(
            f"PyTorch {torch['version']} CPU, {torch['threads']} threads, timed with its own "
            f"read pass ({torch['seconds']['read pass'] * 1e3:.1f} ms)\n"
        )
        torch_header, torch_rule = (
            " torch (ms) | torch × its read pass | values |",
            " ---: | ---: | --- |",
        )
    print(f"| what | ours (ms) | × read pass | target |{torch_header}")
    print(f"| --- | ---: | ---: | --- |{torch_rule}")
    print(
        f"| `z.sum()`, one read pass | {read_pass * 1e3:.1f} | 1.0 | |"
        + " |" * (3 if torch_header else 0)
    )
    for name, label in ROWS.items():
        ratio = seconds[name] / read_pass
        target = ""
        if name == "softmax_cross_entropy":
            target = f"≤ {TARGET_RATIO:.0f}×: {'met' if ratio <= TARGET_RATIO else 'NOT met'}"
        line = f"| {label.format(features=args.features)} | {seconds[name] * 1e3:.1f} | {ratio:.1f} | {target} |"
        if torch_header:
            theirs = torch["seconds"][name]
            line += (
                f" {theirs * 1e3:.1f} | {theirs / torch['seconds']['read pass']:.1f} "
                f"| {agreement(name, calls[name](), torch['values'][name], data)} |"
            )
        print(line)
    print()
    print("| memory of `softmax_cross_entropy` | MiB | × input |")
    print("| --- | ---: | ---: |")
    print(f"| input z | {z.nbytes / MIB:.1f} | 1.00 |")
    print(f"| peak extra during the call | {extra / MIB:.2f} | {extra / z.nbytes:.3f} |")


if __name__ == "__main__":
    main()
