"""The binary case: one probability p of the positive class, its logit, and their loss.

With two classes the target is one number t ∈ [0, 1] and the model one probability p, the other
class taking 1 − t and 1 − p. The cross-entropy of eq. (4.3) with K = 2 becomes
E = −[t log p + (1 − t) log(1 − p)], and a two-class softmax of the logits (z, 0) is the
sigmoid σ(z) = 1 / (1 + exp(−z)) of their difference.

Every function here takes arrays of any shape (one value per sample, no class axis) and keeps
the float dtype of its inputs. Booleans are not numbers here, as everywhere in the package: pass
``t.astype(int)`` for a boolean target.
"""

import numpy as np
import numpy.typing as npt

from crossentropy import _validation
from crossentropy._reduction import reduce_samples
from crossentropy._types import Floats, Reduction
from crossentropy._xlogy import times_log, xlogy


def _log_sigmoid(z: np.ndarray) -> np.ndarray:
    """log σ(z) = min(z, 0) − log(1 + exp(−|z|)): exp never overflows, log1p keeps the bits."""
    return np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))


# --8<-- [start:sigmoid]
def sigmoid(z: npt.ArrayLike) -> Floats:
    """The logistic sigmoid σ(z) = 1 / (1 + exp(−z)), elementwise.

    The probability of the positive class for a logit z; a two-class softmax of (z₁, z₀) equals
    σ(z₁ − z₀). Computed from exp(−|z|), which never overflows, so it is accurate to a few ulps
    for logits of any size and agrees with ``scipy.special.expit``.

    Parameters
    ----------
    z : array_like
        Logits, any shape. ±inf is allowed (σ = 1 or 0); NaN is not.

    Returns
    -------
    ndarray or scalar
        σ(z) in [0, 1], of z's shape and float dtype (float64 for integer z).

    Raises
    ------
    TypeError
        If z is not real numbers (booleans included).
    ValueError
        If z is empty or holds NaN.

    Examples
    --------
    >>> print(sigmoid(0.0))
    0.5
    >>> sigmoid([-1000.0, 0.0, 1000.0])  # 1 / (1 + exp(1000)) would overflow
    array([0. , 0.5, 1. ])
    >>> print(sigmoid(-40.0))  # tiny, but not 0
    4.248354255291589e-18
    """
    z = _validation.binary_logits(z)
    small = np.exp(-np.abs(z))  # exp(−|z|) in (0, 1]
    # σ(z) = 1 / (1 + e^−z) for z >= 0, and e^z / (1 + e^z) for z < 0.
    return np.where(z >= 0, 1 / (1 + small), small / (1 + small))[()]


# --8<-- [end:sigmoid]


# --8<-- [start:log_sigmoid]
def log_sigmoid(z: npt.ArrayLike) -> Floats:
    """log σ(z) = −log(1 + exp(−z)), elementwise, without overflow or loss of bits.

    The log-probability of the positive class for a logit z, what the binary cross-entropy needs;
    log σ(−z) = log(1 − σ(z)) is that of the negative class. Computed as
    min(z, 0) − log1p(exp(−|z|)), so it is finite for every finite z and accurate to a few ulps
    (it agrees with ``scipy.special.log_expit``), where log(sigmoid(z)) would give −inf for
    z < −745.

    Parameters
    ----------
    z : array_like
        Logits, any shape. ±inf is allowed (log σ = 0 or −inf); NaN is not.

    Returns
    -------
    ndarray or scalar
        log σ(z) <= 0, of z's shape and float dtype (float64 for integer z).

    Raises
    ------
    TypeError
        If z is not real numbers (booleans included).
    ValueError
        If z is empty or holds NaN.

    Examples
    --------
    >>> print(log_sigmoid(0.0) == -np.log(2))
    True
    >>> log_sigmoid([-1000.0, 1000.0])  # log(sigmoid(-1000)) would be log 0
    array([-1000.,     0.])
    >>> print(log_sigmoid(40.0))  # -exp(-40), not 0
    -4.248354255291589e-18
    """
    return _log_sigmoid(_validation.binary_logits(z))[()]


# --8<-- [end:log_sigmoid]


# --8<-- [start:binary_cross_entropy]
def binary_cross_entropy(
    t: npt.ArrayLike, p: npt.ArrayLike, *, reduction: Reduction = "mean"
) -> Floats:
    """Binary cross-entropy E = −[t log p + (1 − t) log(1 − p)] of each sample, reduced.

    The cross-entropy of eq. (4.3) with two classes, the target (t, 1 − t) and the prediction
    (p, 1 − p); the mean over N samples is the E of chapter 6. Like ``torch.nn.BCELoss`` and
    scikit-learn's ``log_loss`` on binary data, but exact: 0·log 0 = 0, and a sample the model
    calls impossible costs +inf (PyTorch clamps each log at −100, scikit-learn clips p).

    Parameters
    ----------
    t : array_like
        Targets in [0, 1]: 0 or 1 for a label, anything between for a soft target. Integer
        labels take p's dtype; booleans are rejected (pass ``t.astype(int)``).
    p : array_like
        The model's probabilities of the positive class, in [0, 1], of t's shape.
    reduction : {"mean", "sum", "none"}, optional
        Over the samples: their mean (default), their sum, or one value per sample.

    Returns
    -------
    ndarray or scalar
        A scalar for "mean" and "sum" and for a single sample; t's shape for "none". +inf
        where t > 0 and p = 0, or t < 1 and p = 1 (without a RuntimeWarning).

    Raises
    ------
    TypeError
        If t or p are not real numbers (booleans included).
    ValueError
        If the shapes differ, there are no samples, t or p lie outside [0, 1] or are not
        finite, or reduction is unknown.

    See Also
    --------
    binary_cross_entropy_with_logits : the same loss from logits, stable for any logit.
    cross_entropy : the K-class loss; with rows (1 − p, p) it gives the same numbers.

    Examples
    --------
    >>> print(round(float(binary_cross_entropy(1, 0.8)), 4))  # −log 0.8
    0.2231
    >>> binary_cross_entropy([1, 0, 1], [0.9, 0.2, 0.6], reduction="none")
    array([0.10536052, 0.22314355, 0.51082562])
    >>> print(binary_cross_entropy([1, 0], [1.0, 0.0]))  # perfect predictions cost nothing
    0.0
    """
    t, p = _validation.binary_targets_and_probabilities(t, p)
    _validation.check_reduction(reduction)
    with np.errstate(divide="ignore"):
        log_not_p = np.log1p(-p)  # log(1 − p), exact for small p
    per_sample = 0.0 - (xlogy(t, p) + times_log(1 - t, log_not_p))
    return reduce_samples(per_sample, reduction)


# --8<-- [end:binary_cross_entropy]


# --8<-- [start:binary_cross_entropy_with_logits]
def binary_cross_entropy_with_logits(
    t: npt.ArrayLike, z: npt.ArrayLike, *, reduction: Reduction = "mean"
) -> Floats:
    """Binary cross-entropy from logits: E = −[t log σ(z) + (1 − t) log σ(−z)], reduced.

    Equals ``binary_cross_entropy(t, sigmoid(z))``, but uses
    [`log_sigmoid`][crossentropy.log_sigmoid] for both logs, as ``torch.nn.BCEWithLogitsLoss``
    does, so it is finite and accurate for logits of any size: a confident wrong logit
    z = −1000 for t = 1 costs 1000, not log 0 = +inf.

    Parameters
    ----------
    t : array_like
        Targets in [0, 1], as for [`binary_cross_entropy`][crossentropy.binary_cross_entropy].
    z : array_like
        Logits of t's shape; ±inf allowed (a certain prediction), NaN not.
    reduction : {"mean", "sum", "none"}, optional
        Over the samples: their mean (default), their sum, or one value per sample.

    Returns
    -------
    ndarray or scalar
        A scalar for "mean" and "sum" and for a single sample; t's shape for "none". +inf only
        for an infinite logit on the wrong side.

    Raises
    ------
    TypeError
        If t or z are not real numbers (booleans included).
    ValueError
        If the shapes differ, there are no samples, t lies outside [0, 1] or is not finite, z
        holds NaN, or reduction is unknown.

    Examples
    --------
    >>> print(binary_cross_entropy_with_logits(1, 0.0) == np.log(2))
    True
    >>> binary_cross_entropy_with_logits([1, 0], [-1000.0, 1000.0], reduction="none")
    array([1000., 1000.])
    >>> print(binary_cross_entropy_with_logits(1, 50.0))  # log(1 + e^-50), not 0
    1.9287498479639178e-22
    """
    t, z = _validation.binary_targets_and_logits(t, z)
    _validation.check_reduction(reduction)
    # −[t log σ(z) + (1 − t) log σ(−z)] = max(z, 0) − t·z + log(1 + exp(−|z|)), with one log
    # instead of two. max(z, 0) − t·z is formed as z·(1 − t) or −z·t, one rounding each, so
    # that a loss near 0 (t = 1, z large) is log1p's tiny term alone, not a difference.
    with np.errstate(invalid="ignore"):  # inf·0, an infinite logit on the right side: 0 below
        per_sample = np.where(z > 0, z * (1 - t), -z * t)
    if np.isinf(z).any():
        per_sample[np.isnan(per_sample)] = 0
    per_sample += np.log1p(np.exp(-np.abs(z)))
    return reduce_samples(per_sample, reduction)


# --8<-- [end:binary_cross_entropy_with_logits]
