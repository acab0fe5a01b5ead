"""Turning per-sample losses E_n into the loss of a batch (chapter 6)."""

import math

import numpy as np

from crossentropy._types import Floats, Reduction


def in_base(nats: np.ndarray, base: float | None) -> np.ndarray:
    """Convert a value in nats (natural log) to the log of ``base``: log_b x = ln x / ln b.

    ``math.log`` gives a Python float, which keeps a float32 array float32 under numpy's
    promotion rules (a numpy float64 scalar would not).
    """
    return nats if base is None else nats / math.log(base)


def reduce_samples(per_sample: np.ndarray, reduction: Reduction) -> Floats:
    """E = (1/N) Σ_n E_n for "mean" (chapter 6), Σ_n E_n for "sum", the E_n for "none".

    N counts every sample over all leading axes; a single sample (a 0-d array) is returned as a
    scalar under each reduction.
    """
    if reduction == "mean":
        return per_sample.mean()[()]
    if reduction == "sum":
        return per_sample.sum()[()]
    return per_sample[()]
