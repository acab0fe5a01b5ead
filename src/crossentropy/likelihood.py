"""The likelihood of die throws and its maximum (chapters 3 and 4, supplement A)."""

import numpy as np
import numpy.typing as npt

from crossentropy import _validation
from crossentropy._types import Floats
from crossentropy._xlogy import clip, xlogy


# --8<-- [start:log_likelihood]
def log_likelihood(t: npt.ArrayLike, y: npt.ArrayLike, *, eps: float | None = None) -> Floats:
    """Log-likelihood Σ_k t_k log y_k of each sample over the last axis.

    With t the counts of each face in N throws this is eq. (3.6), log L = Σ_k t_k log y_k;
    with t the one-hot vector of one throw it is eq. (4.1), and with K classes eq. (4.2).
    Relative frequencies t_k = n_k / N give log L / N. No reduction over samples.

    Parameters
    ----------
    t : array_like, shape (..., K)
        Counts, relative frequencies or one-hot vectors: finite and non-negative.
    y : array_like, shape (..., K)
        The model's probabilities y_k of each face; each row must sum to 1.
    eps : float, optional
        Clip y into [eps, 1 − eps] before the log, as Keras (eps 1e-7) and scikit-learn's
        log_loss (the machine epsilon of y's dtype) do; it must be at least the smallest
        normal number of y's dtype. The default None computes the exact value.

    Returns
    -------
    ndarray or scalar, shape (...)
        log L of each sample; a (K,) input gives a scalar. A term with t_k = 0 is exactly 0
        (0·log 0 = 0); a term with t_k > 0 and y_k = 0 makes log L = −inf, without a
        RuntimeWarning.

    Raises
    ------
    TypeError
        If t or y are not real numbers.
    ValueError
        If shapes differ or are empty, t is negative or not finite, or y is not a probability
        distribution along its last axis.

    Examples
    --------
    One throw showing face 1, eq. (4.1): only log y_1 survives.

    >>> print(log_likelihood([1, 0, 0, 0, 0, 0], [1 / 6] * 6))
    -1.791759469228055

    Counts of 10 throws, eq. (3.6): 3·log 0.5 + 7·log 0.5.

    >>> print(round(float(log_likelihood([3, 7], [0.5, 0.5])), 6))
    -6.931472

    A face the model calls impossible did come up:

    >>> print(log_likelihood([0, 1], [1.0, 0.0]))
    -inf
    """
    t, y = _validation.counts_and_probabilities(t, y)
    eps = _validation.check_eps(eps, y.dtype)
    return xlogy(t, clip(y, eps)).sum(axis=-1)[()]


# --8<-- [end:log_likelihood]


# --8<-- [start:likelihood]
def likelihood(t: npt.ArrayLike, y: npt.ArrayLike, *, eps: float | None = None) -> Floats:
    """Likelihood L = Π_k y_k^{t_k} of each sample, computed as exp(log L).

    The product of eq. (3.6) before its log is taken. It is computed as the exponential of
    [`log_likelihood`][crossentropy.log_likelihood], so a term with t_k = 0 is a factor
    y_k^0 = 1 (also for y_k = 0), and a very small likelihood underflows quietly to 0.0
    instead of raising or warning:
    1000 throws of a fair die have L = 6^-1000 ≈ 10^-778, below the smallest float. That
    underflow is exactly why chapter 3 works with log L instead.

    Parameters
    ----------
    t : array_like, shape (..., K)
        Counts, relative frequencies or one-hot vectors: finite and non-negative.
    y : array_like, shape (..., K)
        The model's probabilities; each row must sum to 1.
    eps : float, optional
        Clip y into [eps, 1 − eps] first, as in
        [`log_likelihood`][crossentropy.log_likelihood]. Default None: exact.

    Returns
    -------
    ndarray or scalar, shape (...)
        L of each sample, in [0, 1] for counts.

    Raises
    ------
    TypeError
        If t or y are not real numbers.
    ValueError
        As [`log_likelihood`][crossentropy.log_likelihood].

    Examples
    --------
    >>> bool(np.isclose(likelihood([3, 7], [0.5, 0.5]), 0.5**10))
    True
    >>> print(likelihood([1000] * 6, [1 / 6] * 6))  # underflows; the log does not
    0.0
    >>> print(round(float(log_likelihood([1000] * 6, [1 / 6] * 6)), 3))
    -10750.557
    """
    return np.exp(log_likelihood(t, y, eps=eps))[()]


# --8<-- [end:likelihood]


# --8<-- [start:mle]
def mle(counts: npt.ArrayLike) -> np.ndarray:
    """Maximum-likelihood estimate y_k = n_k / N of the die's probabilities.

    Maximising log L = Σ_k n_k log y_k, eq. (3.6), under Σ_k y_k = 1 with a Lagrange multiplier
    gives the relative frequencies (supplement A); by Gibbs' inequality no other distribution
    has a larger log-likelihood for these counts.

    Parameters
    ----------
    counts : array_like, shape (..., K)
        How often each face came up: finite, non-negative, not all zero.

    Returns
    -------
    ndarray, shape (..., K)
        Relative frequencies, summing to 1 along the last axis.

    Raises
    ------
    TypeError
        If counts are not real numbers.
    ValueError
        If counts are empty, negative, not finite, or all zero in a row.

    Examples
    --------
    >>> mle([2, 3, 5])
    array([0.2, 0.3, 0.5])
    """
    n = _validation.counts(counts, "counts")
    # Scale each row by a power of two that brings its largest count into [0.5, 1): exact, so
    # n_k / N is unchanged, and the total N can no longer overflow (1e308 + 1e308 would).
    _, exponent = np.frexp(n.max(axis=-1, keepdims=True))
    n = np.ldexp(n, -exponent)
    total = n.sum(axis=-1, keepdims=True)
    _validation.check_nonzero_total(total[..., 0], "counts")
    return n / total


# --8<-- [end:mle]


# --8<-- [start:simulate_die]
def simulate_die(
    probabilities: npt.ArrayLike,
    n: int,
    *,
    seed: int | np.random.Generator | None,
) -> np.ndarray:
    """Throw a die with the given face probabilities n times; return the count of each face.

    Chapter 3's experiment, which gives the counts n_k of eq. (3.6). They follow a multinomial
    distribution, drawn with
    numpy's ``Generator.multinomial``; the same seed gives the same counts as
    ``numpy.random.default_rng(seed).multinomial(n, probabilities)``.

    Parameters
    ----------
    probabilities : array_like, shape (..., K)
        Probability of each face; each row must sum to 1. Several rows simulate several dice.
    n : int
        Number of throws, >= 0.
    seed : int, numpy.random.Generator or None
        Passed to ``numpy.random.default_rng``. Required so that a reader sees the choice:
        a fixed integer repeats the experiment exactly, None draws fresh randomness.

    Returns
    -------
    ndarray of int64, shape (..., K)
        Counts summing to n along the last axis.

    Raises
    ------
    TypeError
        If probabilities are not real numbers, n is not an integer, or seed is not an
        integer, a Generator or None.
    ValueError
        If probabilities are not a distribution along the last axis, n < 0 or n >= 2**63,
        or seed < 0.

    Examples
    --------
    >>> counts = simulate_die([1 / 6] * 6, 600, seed=0)
    >>> counts.shape, int(counts.sum())
    ((6,), 600)
    >>> bool((simulate_die([0.5, 0.5, 0.0], 100, seed=1)[2] == 0))
    True
    """
    p = _validation.probabilities(probabilities, "probabilities")
    throws = _validation.check_throws(n)
    _validation.check_seed(seed)
    # numpy's sampler gives the last face whatever the others leave, and rejects
    # sum(p[:-1]) > 1 + 1e-12, stricter than our tolerance. Only such a row is rescaled (by at
    # most the tolerance); any other row draws exactly what numpy's own multinomial draws.
    p = p.astype(np.float64)
    too_much = p[..., :-1].sum(axis=-1, keepdims=True) > 1
    p = np.where(too_much, p / p.sum(axis=-1, keepdims=True), p)
    return np.random.default_rng(seed).multinomial(throws, p)


# --8<-- [end:simulate_die]
