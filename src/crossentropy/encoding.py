"""One-hot vectors: writing a class label as a target distribution (chapter 5)."""

import numpy as np
import numpy.typing as npt

from crossentropy import _validation


# --8<-- [start:one_hot]
def one_hot(
    labels: npt.ArrayLike, num_classes: int, *, dtype: npt.DTypeLike = np.float64
) -> np.ndarray:
    """The one-hot vector t of each label: t_k = 1 if k == label, else 0.

    A one-hot t turns the K-event log-likelihood Σ_k t_k log y_k, eq. (4.2), into the log of the
    one probability that was observed, eq. (4.1).

    Parameters
    ----------
    labels : array_like of int, shape (...)
        Class labels with 0 <= label < num_classes.
    num_classes : int
        The number of classes K (faces of the die), at least 1.
    dtype : dtype, optional
        Float dtype of the result, float64 by default; an integer or boolean dtype is a
        TypeError (the one-hot vector is a probability distribution).

    Returns
    -------
    ndarray, shape labels.shape + (K,)
        The class axis is the last axis.

    Raises
    ------
    TypeError
        If labels are not numbers, num_classes is not an integer, or dtype is not a float
        dtype.
    ValueError
        If labels are not of an integer dtype, lie outside [0, K) (−1 does not mean the last
        class), or there are no labels; if num_classes < 1, or the result would have more
        entries than an array can hold.

    Examples
    --------
    >>> one_hot(1, 3)
    array([0., 1., 0.])
    >>> one_hot([0, 2], 3)
    array([[1., 0., 0.],
           [0., 0., 1.]])
    """
    labels, k = _validation.class_labels(labels, num_classes)
    dtype = _validation.float_dtype(dtype)
    return (labels[..., np.newaxis] == np.arange(k)).astype(dtype)


# --8<-- [end:one_hot]
