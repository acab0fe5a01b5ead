"""PyTorch's CPU counterparts of bench_package.py's rows, timed on the same data.

PyTorch has no CPU build for the project's Python here, so bench_package.py runs this file with an
interpreter that has torch (``BENCH_TORCH_PYTHON``) and reads one line of JSON back; where torch
imports in bench_package.py's own interpreter it calls :func:`timings` directly. The read pass
is timed in the same process as torch, so the two ratios compare like with like.

The data (:func:`batches`) and the timing loop (:func:`interleaved_medians`) live here, with
numpy alone, so that both processes use exactly the same. Needs only numpy and torch.
"""

import json
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

CONFIDENT_LEAD = 12.0  # the label's logit leads the row maximum by this in the confident batch


def batches(rows: int, classes: int, features: int) -> dict[str, np.ndarray]:
    """The benchmark's data, from one seed: both processes draw exactly these arrays.

    z: float32 logits (rows, classes) and integer labels; confident: z with each label's logit
    raised CONFIDENT_LEAD above the row maximum (a trained network's batch, loss ~e^-12);
    t: 0/1 float32 targets of z's shape for the binary loss; x, w, b: inputs (rows, features),
    weights (classes, features) and bias of softmax regression, whose logits have z's shape.
    """
    rng = np.random.default_rng(0)
    z = (3 * rng.standard_normal((rows, classes))).astype(np.float32)
    labels = rng.integers(0, classes, size=rows)
    confident = z.copy()
    confident[np.arange(rows), labels] = z.max(axis=1) + np.float32(CONFIDENT_LEAD)
    t = rng.integers(0, 2, size=(rows, classes)).astype(np.float32)
    x = rng.standard_normal((rows, features)).astype(np.float32)
    w = (0.1 * rng.standard_normal((classes, features))).astype(np.float32)
    b = np.zeros(classes, dtype=np.float32)
    return {"z": z, "labels": labels, "confident": confident, "t": t, "x": x, "w": w, "b": b}


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


def timings(data: dict[str, np.ndarray], repeats: int) -> dict[str, object]:
    """Time torch's version of each row; also return its values, to check that they agree."""
    import torch
    import torch.nn.functional as F

    tensors = {name: torch.from_numpy(a) for name, a in data.items()}
    z, labels, t = tensors["z"], tensors["labels"], tensors["t"]

    def loss(logits: torch.Tensor) -> float:
        with torch.no_grad():
            return float(F.cross_entropy(logits, labels))

    def binary() -> float:
        with torch.no_grad():
            return float(F.binary_cross_entropy_with_logits(z, t))

    def weight_gradient() -> tuple[np.ndarray, np.ndarray]:
        w = tensors["w"].clone().requires_grad_()
        b = tensors["b"].clone().requires_grad_()
        F.cross_entropy(tensors["x"] @ w.T + b, labels).backward()
        return w.grad.numpy(), b.grad.numpy()

    funcs = {
        "read pass": data["z"].sum,
        "softmax_cross_entropy": lambda: loss(z),
        "confident": lambda: loss(tensors["confident"]),
        "binary": binary,
        "weight gradient": weight_gradient,
    }
    seconds = interleaved_medians(funcs, repeats)
    grad_w, grad_b = weight_gradient()
    return {
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "seconds": seconds,
        "values": {
            "softmax_cross_entropy": loss(z),
            "confident": loss(tensors["confident"]),
            "binary": binary(),
            "weight gradient": [float(np.linalg.norm(grad_w)), float(np.linalg.norm(grad_b))],
        },
    }


def main() -> None:
    rows, classes, features, repeats = (int(arg) for arg in sys.argv[1:5])
    print(json.dumps(timings(batches(rows, classes, features), repeats)))


if __name__ == "__main__":
    main()
