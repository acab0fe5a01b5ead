"""From a network's raw scores (logits) to probabilities and the loss (chapter 6).

Every function shifts by the row maximum m first: softmax(z) = softmax(z − m), and after the
shift every exp(z_k − m) lies in [0, 1], so nothing overflows for finite z, and the largest term
is exp(0) = 1, so the sum never underflows to 0 either.

That largest term is kept out of the sum: log Σ_k exp(z_k − m) = log1p(r) with r the sum of
the other terms. When the model is confident, r is tiny and the loss is about r; log(1 + r)
would round 1 + r first and lose those digits, log1p(r) keeps them.
"""

import numpy as np
import numpy.typing as npt

from crossentropy import _validation
from crossentropy._reduction import reduce_samples
from crossentropy._types import Floats, Reduction
from crossentropy._xlogy import times_log

# Rows are processed in blocks of about this many elements (512 KiB of float32), small enough to
# stay in a core's cache from the row maximum through the shift, the exp and the sum, so the
# input is read from memory once and the only temporary is one block, not a copy of the input.
_BLOCK_ELEMENTS = 1 << 17

# A row whose other terms sum to less than this is confident: its loss is about r, and r is
# recomputed without the rounding of z_k − m (see _exact_rest). Above it, that rounding costs
# at most about |z_k − m| / 2 <= 1.4 ulps of the dominant terms: e^-2.77 = 1/16.
_CONFIDENT = 1 / 16


# --8<-- [start:max_shift]
def _max_and_log_sum_exp(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row maxima m of logits z and log Σ_k exp(z_k − m) of each row; rejects invalid z.

    The log-sum-exp of a row is m + log Σ_k exp(z_k − m). The largest term is exp(0) = 1, so
    the second part is log1p(r), r the sum of the others: it lies in [0, log K] and keeps every
    digit of a small r, the loss of a confident prediction. The maxima also serve as the check
    of z's values (see ``_validation.check_logits``), so z is read from memory once.
    """
    k = z.shape[-1]
    rows = z.reshape(-1, k)
    per_block = max(1, _BLOCK_ELEMENTS // k)
    block_buffer = np.empty((min(per_block, len(rows)), k), dtype=z.dtype)
    top = np.empty(len(block_buffer), dtype=np.intp)  # where each row's maximum is
    each_row = np.arange(len(block_buffer))
    scratch = None  # three more blocks for _exact_rest, made when a confident row comes
    row_max = np.empty(len(rows), dtype=z.dtype)
    rest = np.empty(len(rows), dtype=z.dtype)
    ones = np.ones(k, dtype=z.dtype)
    # Invalid logits (NaN, +inf, all −inf) yield NaN here quietly; check_logits below rejects
    # them. z − m overflows to −inf only where exp(z − m) underflows to 0 anyway.
    with np.errstate(invalid="ignore", over="ignore"):
        for start in range(0, len(rows), per_block):
            stop = min(start + per_block, len(rows))
            block, i, m = block_buffer[: stop - start], top[: stop - start], row_max[start:stop]
            each = each_row[: stop - start]
            np.argmax(rows[start:stop], axis=1, out=i)
            m[:] = rows[start:stop][each, i]
            np.subtract(rows[start:stop], m[:, np.newaxis], out=block)
            np.exp(block, out=block)
            block[each, i] = 0  # the largest term, exp(0) = 1, is the 1 of log1p
            # The row sums as a product with a vector of ones: BLAS does it several times
            # faster than np.sum along the rows, at a rounding error of a few ulps.
            np.matmul(block, ones, out=rest[start:stop])
            confident = rest[start:stop] < _CONFIDENT
            if confident.any():
                if scratch is None:
                    scratch = np.empty((3, *block_buffer.shape), dtype=z.dtype)
                rest[start:stop][confident] = _exact_rest(
                    rows[start:stop][confident], i[confident], scratch
                )
        np.log1p(rest, out=rest)
    row_max = row_max.reshape(z.shape[:-1])
    _validation.check_logits(z, row_max)
    return row_max, rest.reshape(z.shape[:-1])


# --8<-- [end:max_shift]


def _exact_rest(rows: np.ndarray, top: np.ndarray, scratch: np.ndarray) -> np.ndarray:
    """Σ_{k ≠ top} exp(z_k − m) of each row, with z_k − m as if it were computed exactly.

    The float d = z_k − m is rounded by up to half an ulp of the difference, which can be
    |z_k − m| ulps of exp(z_k − m) when z_k has digits below that ulp. Knuth's TwoSum gives the
    rounding error e exactly (z_k − m = d + e), and exp(d + e) = exp(d)·(1 + e) to the last bit.
    ``scratch`` holds three blocks of at least rows' shape, reused so that no block is
    allocated per call.
    """
    n, k = rows.shape
    d, part, e = (buffer.reshape(-1)[: n * k].reshape(n, k) for buffer in scratch)
    each = np.arange(n)
    m = rows[each, top][:, np.newaxis]
    np.subtract(rows, m, out=d)
    np.add(d, m, out=part)  # TwoSum of z + (−m): the part of z that d holds,
    np.subtract(rows, part, out=e)  # what d lost of z,
    np.subtract(d, part, out=part)  # the part of −m that d holds,
    e -= np.add(m, part, out=part)  # and, taken off, what d lost of −m: now z − m = d + e
    terms = np.exp(d, out=d)
    terms[each, top] = 0
    e *= terms
    ones = np.ones(k, dtype=rows.dtype)
    correction = e @ ones
    bad = ~np.isfinite(correction)  # −inf logits or overflowing differences, where exp(d) = 0
    if bad.any():
        correction[bad] = np.nan_to_num(e[bad], nan=0.0, posinf=0.0, neginf=0.0).sum(axis=1)
    return terms @ ones + correction


def _log_softmax(z: np.ndarray) -> np.ndarray:
    """log y_k = (z_k − m) − log Σ_j exp(z_j − m), m the row maximum."""
    row_max, log_sums = _max_and_log_sum_exp(z)
    with np.errstate(over="ignore"):
        out = np.subtract(z, row_max[..., np.newaxis])
    out -= log_sums[..., np.newaxis]
    return out


# --8<-- [start:softmax]
def softmax(z: npt.ArrayLike) -> np.ndarray:
    """Softmax y_k = exp(z_k) / Σ_j exp(z_j) over the last axis, max-shifted.

    Turns a network's scores into the probability distribution y that the cross-entropy
    compares with the target (chapter 6).

    Parameters
    ----------
    z : array_like, shape (..., K)
        Logits. −inf is allowed and gives probability 0.

    Returns
    -------
    ndarray, shape (..., K)
        Probabilities summing to 1 along the last axis; finite for every valid z.

    Raises
    ------
    TypeError
        If z is not real numbers.
    ValueError
        If z has no samples or classes, or holds NaN, +inf, or a row of only −inf.

    Examples
    --------
    >>> softmax([0.0, 0.0, 0.0, 0.0])
    array([0.25, 0.25, 0.25, 0.25])
    >>> softmax([1000.0, 1000.0])  # exp(1000) overflows; the shifted form does not
    array([0.5, 0.5])
    >>> softmax([0.0, -np.inf])
    array([1., 0.])
    """
    log_y = _log_softmax(_validation.logits(z))
    return np.exp(log_y, out=log_y)


# --8<-- [end:softmax]


# --8<-- [start:log_softmax]
def log_softmax(z: npt.ArrayLike) -> np.ndarray:
    """log softmax(z) = z_k − log Σ_j exp(z_j) over the last axis, max-shifted.

    The log y_k that the cross-entropy −Σ_k t_k log y_k of chapter 6 needs when y = softmax(z).
    Computed as (z_k − m) − log Σ_j exp(z_j − m), never as log(softmax(z)): a tiny probability
    that softmax rounds to 0 keeps a finite log here.

    Parameters
    ----------
    z : array_like, shape (..., K)
        Logits. −inf is allowed (a class with probability zero) and gives −inf.

    Returns
    -------
    ndarray, shape (..., K)
        Log-probabilities <= 0. Finite for every finite z whose differences z_j − max(z) are
        representable (always true for |z| <= half the float maximum); beyond that a
        probability below the smallest float gives −inf.

    Raises
    ------
    TypeError
        If z is not real numbers.
    ValueError
        If z has no samples or classes, or holds NaN, +inf, or a row of only −inf.

    Examples
    --------
    >>> log_softmax([0.0, 0.0])
    array([-0.69314718, -0.69314718])
    >>> log_softmax([0.0, 1000.0])  # log(softmax) would give -inf for the first class
    array([-1000.,     0.])
    """
    return _log_softmax(_validation.logits(z))


# --8<-- [end:log_softmax]


# --8<-- [start:softmax_cross_entropy]
def softmax_cross_entropy(
    t: npt.ArrayLike, z: npt.ArrayLike, *, reduction: Reduction = "mean"
) -> Floats:
    """Cross-entropy E = −Σ_k t_k log softmax(z)_k straight from logits, reduced over samples.

    Equals ``cross_entropy(t, softmax(z))`` (eq. (4.3), chapter 5, and chapter 6 for a batch)
    but goes through [`log_softmax`][crossentropy.log_softmax], so a class with a tiny
    probability costs a large finite loss instead of log 0. For a label,
    E_n = (m − z_label) + log Σ_j exp(z_j − m), m the row maximum.

    Parameters
    ----------
    t : array_like
        Distributions of z's shape (..., K), or integer class labels of shape (...) with
        0 <= label < K; the same target rules as [`cross_entropy`][crossentropy.cross_entropy].
    z : array_like, shape (..., K)
        Logits; −inf allowed, NaN, +inf and rows of only −inf not.
    reduction : {"mean", "sum", "none"}, optional
        Mean over samples (default), sum, or one value per sample.

    Returns
    -------
    ndarray or scalar
        A scalar for "mean" and "sum" and for a single sample, shape (...) for "none". A target
        class whose logit is −inf gives +inf.

    Raises
    ------
    TypeError
        If t or z are not real numbers.
    ValueError
        If shapes fit neither target form, z is not valid logits, a distribution t does not
        sum to 1, labels are not integers in [0, K), or reduction is unknown.

    Notes
    -----
    ``torch.nn.functional.cross_entropy(z, t)`` computes the same loss, with four
    differences: its class axis is axis 1 (here the last axis, so a (N, K) batch is the same
    but (N, K, H, W) images are not); it skips samples whose label is ``ignore_index`` (−100
    by default), where −100 here is an error; it has ``label_smoothing``, which here is a
    soft target you build yourself; and it does not check that a soft target is a
    distribution, where this function raises unless each row sums to 1.

    Examples
    --------
    >>> print(softmax_cross_entropy(0, [0.0, 0.0, 0.0, 0.0]))  # uniform: log 4
    1.3862943611198906
    >>> z = [[2.0, 0.0, 0.0], [0.0, 3.0, 0.0]]
    >>> softmax_cross_entropy([0, 1], z, reduction="none")
    array([0.23954477, 0.09492296])
    >>> print(round(float(softmax_cross_entropy([[1, 0, 0], [0, 1, 0]], z, reduction="sum")), 6))
    0.334468
    """
    t, z, labels = _validation.target_and_logits(t, z)
    _validation.check_reduction(reduction)
    if labels:
        row_max, log_sums = _max_and_log_sum_exp(z)
        z_label = np.take_along_axis(z, t[..., np.newaxis], axis=-1)[..., 0]
        with np.errstate(over="ignore"):  # only for logits beyond half the float maximum
            per_sample = (row_max - z_label) + log_sums
    else:
        per_sample = 0.0 - times_log(t, _log_softmax(z)).sum(axis=-1)
    return reduce_samples(per_sample, reduction)


# --8<-- [end:softmax_cross_entropy]


# --8<-- [start:softmax_cross_entropy_grad]
def _per_sample_gradient(t: np.ndarray, log_y: np.ndarray, labels: bool) -> np.ndarray:
    """∂E_n/∂z_n = y_n Σ_k t_nk − t_n, from log y = log_softmax(z) and a checked target t.

    For a label (a one-hot t) that is y with 1 subtracted at the label. A soft target sums to 1
    only up to rounding, so the gradient of −Σ_k t_nk log y_nk is computed as
    (y_n − t_n) + y_n (Σ_k t_nk − 1), the small second term with Σ_k t_nk summed in float64
    at least (float16 would round 1.0005 to 1).
    """
    y = np.exp(log_y)
    if labels:
        index = t[..., np.newaxis]
        np.put_along_axis(y, index, np.take_along_axis(y, index, axis=-1) - 1, axis=-1)
        return y
    wide = np.promote_types(t.dtype, np.float64)
    off_one = (t.sum(axis=-1, keepdims=True, dtype=wide) - 1).astype(y.dtype)
    grad = y - t
    grad += y * off_one
    return grad


def softmax_cross_entropy_grad(
    t: npt.ArrayLike, z: npt.ArrayLike, *, reduction: Reduction = "mean"
) -> np.ndarray:
    """Gradient of `softmax_cross_entropy` with respect to the logits z.

    For one sample ∂E/∂z_k = y_k − t_k with y = softmax(z) (chapter 6), since Σ_k t_k = 1; for
    a label, y with 1 subtracted at the label. The mean over N samples divides each row by N.
    A soft target is accepted when its sum is 1 only to rounding, and the exact gradient of
    the loss E = −Σ_k t_k log y_k is then y_k Σ_j t_j − t_k: that is what is returned, so the
    gradient always belongs to the loss that
    [`softmax_cross_entropy`][crossentropy.softmax_cross_entropy] returns (t is never
    renormalised).

    Parameters
    ----------
    t : array_like
        Distributions of z's shape, or integer class labels of z's shape without the last axis.
    z : array_like, shape (..., K)
        Logits, as for [`softmax_cross_entropy`][crossentropy.softmax_cross_entropy].
    reduction : {"mean", "sum", "none"}, optional
        The reduction of the loss being differentiated. "mean" divides by N; "sum" and "none"
        both give the per-sample gradients ∂E_n/∂z_n, since each E_n depends on its row only.

    Returns
    -------
    ndarray, shape (..., K)
        The gradient, of z's shape.

    Raises
    ------
    TypeError
        As [`softmax_cross_entropy`][crossentropy.softmax_cross_entropy].
    ValueError
        As [`softmax_cross_entropy`][crossentropy.softmax_cross_entropy].

    Examples
    --------
    >>> softmax_cross_entropy_grad(1, [0.0, 0.0])
    array([ 0.5, -0.5])
    >>> softmax_cross_entropy_grad([[0.0, 1.0], [1.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    t, z, labels = _validation.target_and_logits(t, z)
    _validation.check_reduction(reduction)
    grad = _per_sample_gradient(t, _log_softmax(z), labels)
    if reduction == "mean":
        grad /= grad.size // grad.shape[-1]  # N, the number of samples
    return grad


# --8<-- [end:softmax_cross_entropy_grad]


def _loss_and_logit_gradient(t: np.ndarray, z: np.ndarray) -> tuple[np.floating, np.ndarray]:
    """The mean loss E = (1/N) Σ_n E_n of checked t and 2-d logits z, and ∂E/∂z.

    Raises ValueError if z is not finite (check_logits) or the loss overflows.
    """
    labels = t.ndim == z.ndim - 1
    log_y = _log_softmax(z)
    if labels:
        per_sample = 0.0 - np.take_along_axis(log_y, t[..., np.newaxis], axis=-1)[..., 0]
    else:
        per_sample = 0.0 - times_log(t, log_y).sum(axis=-1)
    loss = per_sample.mean()
    if not np.isfinite(loss):
        raise ValueError(f"z: the loss is not finite (got {loss})")
    grad = _per_sample_gradient(t, log_y, labels)
    grad /= len(z)
    return loss, grad
