"""Training softmax regression: the gradient of the mean cross-entropy, and gradient descent.

Softmax regression is the smallest network the series' loss trains: the logits of sample n are
z_n = W x_n + b (weights W of shape (K, D), as ``torch.nn.Linear`` stores them, bias b of
shape (K,)), its prediction y_n = softmax(z_n), and its loss the mean cross-entropy
E = (1/N) Σ_n E_n of chapter 6. Since ∂E_n/∂z_n = y_n − t_n, the chain rule gives
∂E/∂W = (1/N) Σ_n (y_n − t_n) x_nᵀ and ∂E/∂b = (1/N) Σ_n (y_n − t_n).
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crossentropy import _validation
from crossentropy.softmax import _loss_and_logit_gradient


@dataclass(frozen=True)
class SoftmaxRegressionFit:
    """The result of [`fit_softmax_regression`][crossentropy.fit_softmax_regression].

    Attributes
    ----------
    weights : ndarray, shape (K, D)
        The weights W after the last step.
    bias : ndarray, shape (K,)
        The bias b after the last step.
    losses : ndarray, shape (steps + 1,)
        The mean cross-entropy before the first step, then after each step.
    """

    weights: np.ndarray
    bias: np.ndarray
    losses: np.ndarray


def _gradient(
    weights: np.ndarray, bias: np.ndarray, x: np.ndarray, t: np.ndarray
) -> tuple[np.floating, np.ndarray, np.ndarray]:
    """The mean loss E and its gradients ∂E/∂W, ∂E/∂b, for checked inputs.

    Raises ValueError if the logits or the loss are not finite (they overflowed).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        z = x @ weights.T + bias  # the logits z_n = W x_n + b of every sample, shape (N, K)
    if not np.isfinite(z).all():
        raise ValueError("weights, bias: the logits x @ weights.T + bias overflow")
    loss, grad_z = _loss_and_logit_gradient(t, z)  # grad_z[n] = (y_n − t_n) / N
    return loss, grad_z.T @ x, grad_z.sum(axis=0)


# --8<-- [start:softmax_regression_grad]
def softmax_regression_grad(
    weights: npt.ArrayLike, bias: npt.ArrayLike, x: npt.ArrayLike, t: npt.ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """Gradient of the mean softmax cross-entropy with respect to the weights and the bias.

    For the logits z = x Wᵀ + b and the loss E = (1/N) Σ_n E_n with E_n the cross-entropy of
    softmax(z_n) against t_n (chapter 6): ∂E/∂W = (1/N) Σ_n (y_n − t_n) x_nᵀ and
    ∂E/∂b = (1/N) Σ_n (y_n − t_n), with y_n = softmax(z_n).

    Parameters
    ----------
    weights : array_like, shape (K, D)
        W, one row per class, as ``torch.nn.Linear(D, K).weight``.
    bias : array_like, shape (K,)
        b, one entry per class.
    x : array_like, shape (N, D)
        The inputs, one row per sample.
    t : array_like, shape (N,) or (N, K)
        Integer class labels, or probability rows (one-hot or soft targets).

    Returns
    -------
    grad_weights : ndarray, shape (K, D)
        ∂E/∂W.
    grad_bias : ndarray, shape (K,)
        ∂E/∂b.

    Raises
    ------
    TypeError
        If an argument is not real numbers (booleans included).
    ValueError
        If a shape does not fit (the message names the argument and the shape it needs), an
        array is not finite, labels are not integers in [0, K), or a row of t is not a
        probability distribution.

    Examples
    --------
    Two classes, one input feature, everything zero: y = (1/2, 1/2) for every sample.

    >>> gw, gb = softmax_regression_grad(np.zeros((2, 1)), np.zeros(2), [[1.0], [3.0]], [0, 1])
    >>> gw
    array([[ 0.5],
           [-0.5]])
    >>> gb
    array([0., 0.])
    """
    weights, bias, x, t, _ = _validation.softmax_regression(weights, bias, x, t)
    _, grad_weights, grad_bias = _gradient(weights, bias, x, t)
    return grad_weights, grad_bias


# --8<-- [end:softmax_regression_grad]


# --8<-- [start:fit_softmax_regression]
def fit_softmax_regression(
    x: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    learning_rate: float,
    steps: int,
    weights: npt.ArrayLike | None = None,
    bias: npt.ArrayLike | None = None,
) -> SoftmaxRegressionFit:
    """Fit softmax regression by full-batch gradient descent on the mean cross-entropy.

    Starting from the given weights and bias (zeros by default), each step moves them
    against the gradient of [`softmax_regression_grad`][crossentropy.softmax_regression_grad]:
    W ← W − η ∂E/∂W, b ← b − η ∂E/∂b, with η the learning rate. Plain numpy, no randomness:
    the same arguments give the same fit.

    Parameters
    ----------
    x : array_like, shape (N, D)
        The inputs, one row per sample.
    t : array_like, shape (N,) or (N, K)
        Integer class labels or probability rows. With labels and no weights or bias, K is
        the largest label + 1.
    learning_rate : float
        The step size η > 0.
    steps : int
        The number of gradient steps, >= 0.
    weights : array_like, shape (K, D), optional
        Starting weights; default zeros. Not modified.
    bias : array_like, shape (K,), optional
        Starting bias; default zeros. Not modified.

    Returns
    -------
    SoftmaxRegressionFit
        ``weights`` and ``bias`` after the last step, and ``losses``, the mean cross-entropy
        before the first step and after each one (steps + 1 values).

    Raises
    ------
    TypeError
        If an array is not real numbers, learning_rate is not a number or steps not an
        integer.
    ValueError
        As [`softmax_regression_grad`][crossentropy.softmax_regression_grad]; if
        learning_rate <= 0 or steps < 0; if the descent diverges (the loss stops being
        finite): then a smaller learning rate helps.

    Examples
    --------
    Two points on a line, class 0 on the left, class 1 on the right:

    >>> fit = fit_softmax_regression([[-1.0], [1.0]], [0, 1], learning_rate=1.0, steps=100)
    >>> bool(fit.losses[0] == np.log(2))  # zero weights: y = (1/2, 1/2)
    True
    >>> print(round(float(fit.losses[-1]), 4))
    0.005
    >>> bool(np.all(np.diff(fit.losses) < 0))  # every step lowers the loss
    True
    """
    eta = _validation.learning_rate(learning_rate)
    num_steps = _validation.steps(steps)
    weights, bias, x, t, k = _validation.softmax_regression(weights, bias, x, t)
    w = np.zeros((k, x.shape[1]), x.dtype) if weights is None else weights.copy()
    b = np.zeros(k, x.dtype) if bias is None else bias.copy()
    loss, grad_w, grad_b = _gradient(w, b, x, t)  # at the start
    losses = [loss]
    for _ in range(num_steps):
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow fails _gradient below
            w -= eta * grad_w
            b -= eta * grad_b
        try:
            loss, grad_w, grad_b = _gradient(w, b, x, t)
        except ValueError:
            raise ValueError(
                f"learning_rate: gradient descent diverged with learning_rate={learning_rate} "
                f"(the loss stopped being finite); try a smaller one"
            ) from None
        losses.append(loss)
    return SoftmaxRegressionFit(weights=w, bias=b, losses=np.array(losses, dtype=x.dtype))


# --8<-- [end:fit_softmax_regression]
