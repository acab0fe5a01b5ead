"""Log-likelihood and cross-entropy (chapter 4)."""

import numpy as np


def log_likelihood(t, y):
    """Log-likelihood ``sum_k t_k log y_k`` over the last axis, eq. (4.1)/(4.2).

    Terms with ``t_k = 0`` are exactly 0, even where ``y_k = 0``.

    Examples
    --------
    >>> float(log_likelihood([1, 0, 0], [0.5, 0.25, 0.25]))
    -0.6931471805599453
    """
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    with np.errstate(divide="ignore"):
        terms = np.where(t == 0, 0.0, t * np.log(y))
    return terms.sum(axis=-1)


def cross_entropy(t, y):
    """Cross-entropy ``-sum_k t_k log y_k`` of one sample, eq. (4.3).

    Examples
    --------
    >>> float(cross_entropy([1, 0, 0], [0.5, 0.25, 0.25]))
    0.6931471805599453
    """
    return -log_likelihood(t, y)
