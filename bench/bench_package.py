"""How fast is softmax_cross_entropy on a real batch? Prints Markdown tables; asserts nothing.

The issue's benchmark: integer labels and a (32768, 1000) float32 batch of logits. It compares
our time with one plain read pass over the same array (``z.sum()``), the least any loss must
cost, and with PyTorch's ``torch.nn.functional.cross_entropy`` where torch is installed. It also
measures the peak memory allocated beyond the input, with tracemalloc (numpy reports its array
allocations to it).

Run: ``python bench/bench_package.py`` (``--help`` for a smaller batch or more repeats).
"""

import argparse
import json
import os
import platform
import subprocess
import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

import crossentropy

TARGET_RATIO = 8.0  # the target: at most 8 read passes
MIB = 2**20


def interleaved_medians(funcs: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median wall time of each function over ``repeats`` rounds, after one warm-up call each.

    The functions take turns within each round, so that a neighbour's load on this shared
    machine falls on all of them alike instead of on whichever happened to run then.
    """
    for func in funcs.values():
        func()
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeats):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


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


def torch_cross_entropy(
    z: np.ndarray, labels: np.ndarray
) -> tuple[str, Callable[[], object] | None]:
    """PyTorch's CPU cross-entropy on the same data: (description, the call or None)."""
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        return "not installed", None
    zt, lt = torch.from_numpy(z), torch.from_numpy(labels)

    def call() -> object:
        with torch.no_grad():
            return F.cross_entropy(zt, lt)

    ours, theirs = float(crossentropy.softmax_cross_entropy(labels, z)), float(call())
    agree = "agrees" if np.isclose(ours, theirs, rtol=1e-5) else f"DIFFERS ({theirs} vs {ours})"
    return f"torch {torch.__version__}, {torch.get_num_threads()} threads, loss {agree}", call


def torch_elsewhere(labels_z: tuple[np.ndarray, np.ndarray], args, ratio: float) -> str | None:
    """Run bench/torch_reference.py with ``BENCH_TORCH_PYTHON``; its table cells, or None."""
    python = os.environ.get("BENCH_TORCH_PYTHON")
    if not python:
        return None
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_reference.py")
    run = subprocess.run(
        [python, script, str(args.rows), str(args.classes), str(args.repeats)],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        return f"| `torch.nn.functional.cross_entropy` | failed: {run.stderr.strip().splitlines()[-1:]} | | |"
    got = json.loads(run.stdout)
    labels, z = labels_z
    ours_loss = float(crossentropy.softmax_cross_entropy(labels, z))
    agree = "agrees" if np.isclose(ours_loss, got["loss"], rtol=1e-5) else "DIFFERS"
    torch_ratio = got["torch"] / got["read pass"]
    verdict = "met" if ratio <= torch_ratio else "NOT met"
    return (
        f"| `torch.nn.functional.cross_entropy` (torch {got['version']}, {got['threads']} threads, "
        f"another process; loss {agree}) | {got['torch'] * 1e3:.1f} "
        f"| {torch_ratio:.1f} (to its own read pass) | ours no slower: {verdict} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=32768, help="batch size N")
    parser.add_argument("--classes", type=int, default=1000, help="number of classes K")
    parser.add_argument("--repeats", type=int, default=15, help="timed calls per row")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    z = (3 * rng.standard_normal((args.rows, args.classes))).astype(np.float32)
    labels = rng.integers(0, args.classes, size=args.rows)

    torch_note, torch_call = torch_cross_entropy(z, labels)
    contenders = {
        "read pass": z.sum,
        "ours": lambda: crossentropy.softmax_cross_entropy(labels, z),
    }
    if torch_call is not None:
        contenders["torch"] = torch_call
    seconds = interleaved_medians(contenders, args.repeats)
    read_pass, ours, torch_seconds = seconds["read pass"], seconds["ours"], seconds.get("torch")
    extra = peak_extra_bytes(lambda: crossentropy.softmax_cross_entropy(labels, z))

    ratio = ours / read_pass
    print(
        f"softmax_cross_entropy, integer labels, z of shape {z.shape} {z.dtype} "
        f"({z.nbytes / MIB:.0f} MiB); median of {args.repeats} interleaved runs; "
        f"numpy {np.__version__}, "
        f"Python {platform.python_version()}\n"
    )
    print("| what | time (ms) | × read pass | target |")
    print("| --- | ---: | ---: | --- |")
    print(f"| `z.sum()`, one read pass | {read_pass * 1e3:.1f} | 1.0 | |")
    met = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(
        f"| `crossentropy.softmax_cross_entropy` | {ours * 1e3:.1f} | {ratio:.1f} "
        f"| ≤ {TARGET_RATIO:.0f}× read pass: {met} |"
    )
    elsewhere = torch_elsewhere((labels, z), args, ratio) if torch_seconds is None else None
    if elsewhere is not None:
        print(elsewhere)
    elif torch_seconds is None:
        print(f"| `torch.nn.functional.cross_entropy` | {torch_note} | | |")
    else:
        verdict = "met" if ours <= torch_seconds else "NOT met"
        print(
            f"| `torch.nn.functional.cross_entropy` ({torch_note}) | {torch_seconds * 1e3:.1f} "
            f"| {torch_seconds / read_pass:.1f} | ours no slower: {verdict} |"
        )
    print()
    print("| memory | MiB | × input |")
    print("| --- | ---: | ---: |")
    print(f"| input z | {z.nbytes / MIB:.1f} | 1.00 |")
    print(f"| peak extra during the call | {extra / MIB:.2f} | {extra / z.nbytes:.3f} |")


if __name__ == "__main__":
    main()
