"""Cross-entropy and its two halves, entropy and KL divergence (chapters 4-6, supplement B)."""

import numpy as np
import numpy.typing as npt

from crossentropy import _validation
from crossentropy._reduction import in_base, reduce_samples
from crossentropy._types import Floats, Reduction
from crossentropy._xlogy import clip, xlog_ratio, xlogy


# --8<-- [start:cross_entropy]
def cross_entropy(
    t: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    reduction: Reduction = "mean",
    base: float | None = None,
    eps: float | None = None,
) -> Floats:
    """Cross-entropy E = −Σ_k t_k log y_k of each sample, reduced over the samples.

    The negative log-likelihood of eq. (4.3), −log L = −Σ_k t_k log y_k; for one sample of a
    K-class problem the loss E of chapter 5; with ``reduction="mean"`` over N samples the
    E = (1/N) Σ_n E_n of chapter 6.

    Parameters
    ----------
    t : array_like
        The target, in one of two forms, told apart by shape:

        * distributions of y's shape (..., K): one-hot vectors or soft targets, each row
          non-negative and summing to 1;
        * integer class labels of shape (...), y's shape without the class axis, with
          0 <= label < K. A label picks −log y_label; a soft target is never arg-maxed.
    y : array_like, shape (..., K)
        Predicted probabilities; each row must sum to 1.
    reduction : {"mean", "sum", "none"}, optional
        Over the samples: their mean (default, chapter 6), their sum, or one value per sample.
    base : float, optional
        Base of the logarithm, e.g. 2 for bits. Default None: natural log (nats).
    eps : float, optional
        Clip y into [eps, 1 − eps] before the log, as Keras' categorical_crossentropy
        (epsilon 1e-7) and scikit-learn's log_loss (machine epsilon of y's dtype) do; then
        y_k = 0 gives a large finite loss instead of +inf. It must be at least the smallest
        normal number of y's dtype (about 1.2e-38 for float32), which it would round to 0
        below. Default None: exact, no clipping.

    Returns
    -------
    ndarray or scalar
        A scalar for "mean" and "sum" and for a single sample; shape (...) for "none".
        A term with t_k = 0 is exactly 0 (0·log 0 = 0); t_k > 0 with y_k = 0 gives +inf,
        without a RuntimeWarning.

    Raises
    ------
    TypeError
        If t or y are not real numbers, or base or eps are not numbers.
    ValueError
        If the shapes of t and y fit neither form (the message shows both), there are no
        samples or classes, y or a distribution t is not a probability distribution along the
        last axis, labels are not integers in [0, K), or an option is out of range.

    See Also
    --------
    entropy, kl_divergence : cross_entropy(t, y) = entropy(t) + kl_divergence(t, y).
    softmax_cross_entropy : the same loss computed from logits.

    Examples
    --------
    A fair die, y_k = 1/6, and a throw showing face 1: E = log 6.

    >>> print(cross_entropy([1, 0, 0, 0, 0, 0], [1 / 6] * 6))
    1.791759469228055

    The dog / fox / wolf example of chapter 5, a trained network against an untrained one:

    >>> print(round(float(cross_entropy([1, 0, 0], [0.8, 0.1, 0.1])), 4))
    0.2231
    >>> print(round(float(cross_entropy(0, [0.33, 0.32, 0.35])), 4))  # label 0 = dog
    1.1087

    A batch of two samples, chapter 6: the mean of the per-sample losses.

    >>> y = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1]]
    >>> cross_entropy([0, 1], y, reduction="none")
    array([0.22314355, 0.35667494])
    >>> print(round(float(cross_entropy([0, 1], y)), 6))
    0.289909

    Zero probability on the observed class, exactly and clipped:

    >>> print(cross_entropy([0, 1], [1.0, 0.0]))
    inf
    >>> print(round(float(cross_entropy([0, 1], [1.0, 0.0], eps=1e-7)), 4))
    16.1181
    """
    t, y, labels = _validation.target_and_probabilities(t, y)
    _validation.check_reduction(reduction)
    base = _validation.check_base(base)
    eps = _validation.check_eps(eps, y.dtype)
    y = clip(y, eps)
    if labels:
        # A label is the one-hot vector of chapter 5: the sum keeps only −log y_label.
        picked = np.take_along_axis(y, t[..., np.newaxis], axis=-1)[..., 0]
        with np.errstate(divide="ignore"):
            log_likelihoods = np.log(picked)
    else:
        log_likelihoods = xlogy(t, y).sum(axis=-1)
    # 0.0 − log L rather than −log L, so that a perfect prediction gives 0.0, not −0.0.
    return reduce_samples(in_base(0.0 - log_likelihoods, base), reduction)


# --8<-- [end:cross_entropy]


# --8<-- [start:entropy]
def entropy(p: npt.ArrayLike, *, base: float | None = None) -> Floats:
    """Entropy H(p) = −Σ_k p_k log p_k of each distribution over the last axis.

    The cross-entropy of p with itself: the smallest cross-entropy any prediction can reach for
    the target p (supplement B). 0·log 0 = 0, so a one-hot p has entropy 0.

    Parameters
    ----------
    p : array_like, shape (..., K)
        Probability distributions along the last axis.
    base : float, optional
        Base of the logarithm; default None: natural log.

    Returns
    -------
    ndarray or scalar, shape (...)
        H(p) of each row; a (K,) input gives a scalar. H(p) >= 0 in nats and in every base
        above 1; a base between 0 and 1 (allowed, like any log base) flips the sign.

    Raises
    ------
    TypeError
        If p is not real numbers or base is not a number.
    ValueError
        If p is not a probability distribution along its last axis, or base is out of range.

    Notes
    -----
    ``scipy.stats.entropy(p)`` differs in two ways: it divides p by its sum first, so counts
    or a typo pass unnoticed where this function raises, and it sums over axis 0 by default,
    where this one always sums over the last (class) axis.

    Examples
    --------
    >>> bool(np.isclose(entropy([1 / 6] * 6), np.log(6)))  # a fair die: log 6
    True
    >>> print(entropy([0.5, 0.5], base=2))  # a fair coin: one bit
    1.0
    >>> print(entropy([0.0, 1.0, 0.0]))
    0.0
    """
    p = _validation.probabilities(p, "p")
    base = _validation.check_base(base)
    return in_base(0.0 - xlogy(p, p).sum(axis=-1), base)[()]


# --8<-- [end:entropy]


# --8<-- [start:kl_divergence]
def kl_divergence(
    p: npt.ArrayLike,
    q: npt.ArrayLike,
    *,
    base: float | None = None,
    eps: float | None = None,
) -> Floats:
    """Kullback-Leibler divergence D_KL(p‖q) = Σ_k p_k log(p_k / q_k) over the last axis.

    Eq. (B.2): the gap between cross-entropy and entropy, E(p, q) = H(p) + D_KL(p‖q)
    (supplement B). D_KL >= 0 (Gibbs' inequality) and = 0 exactly for q = p. Each term
    p_k log(p_k / q_k) is accurate to a few ulps, also for p_k close to q_k, where it is
    computed as p_k log1p((p_k − q_k) / q_k) instead of the log of a rounded ratio. When p is
    close to q the terms have both signs and cancel in the sum, which is then accurate to a few
    ulps of the largest term (as the sum of ``scipy.special.rel_entr`` is), not of itself: it
    can even come out slightly negative.

    Parameters
    ----------
    p : array_like, shape (..., K)
        The target distributions.
    q : array_like, shape (..., K)
        The model's distributions, of p's shape.
    base : float, optional
        Base of the logarithm; default None: natural log.
    eps : float, optional
        Clip q into [eps, 1 − eps] before the log, as
        [`cross_entropy`][crossentropy.cross_entropy] does. Default None.

    Returns
    -------
    ndarray or scalar, shape (...)
        D_KL of each row; +inf where p_k > 0 and q_k = 0 (without a RuntimeWarning).

    Raises
    ------
    TypeError
        If p or q are not real numbers, or base or eps are not numbers.
    ValueError
        If shapes differ or are empty, p or q are not distributions, or an option is out of
        range.

    Notes
    -----
    ``scipy.stats.entropy(p, q)`` computes the same divergence but normalises p and q to sum
    1 and sums over axis 0 by default; this function refuses rows that do not sum to 1 and
    sums over the last axis. ``sum(scipy.special.rel_entr(p, q), axis=-1)`` is the same
    computation without the normalisation.

    Examples
    --------
    >>> print(kl_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0
    >>> print(round(float(kl_divergence([1, 0, 0], [0.8, 0.1, 0.1])), 4))  # = −log 0.8
    0.2231
    >>> print(kl_divergence([0.5, 0.5], [1.0, 0.0]))
    inf
    """
    p, q = _validation.two_distributions(p, q)
    base = _validation.check_base(base)
    eps = _validation.check_eps(eps, q.dtype)
    return in_base(xlog_ratio(p, clip(q, eps)).sum(axis=-1), base)[()]


# --8<-- [end:kl_divergence]
