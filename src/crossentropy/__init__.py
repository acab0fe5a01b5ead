"""尤度から交差エントロピーを導くための小さな計算パッケージ。

A small package that computes every number of the textbook, from the likelihood of die throws
to the cross-entropy loss of a classifier. The class axis is always the last axis; all logs are
natural unless a ``base`` is given. Arrays hold integers or floats: booleans and masked arrays
are refused with a TypeError naming the argument.

Modules, after the ideas they hold:

* `crossentropy.likelihood` — log_likelihood, likelihood, mle, simulate_die (ch. 3-4, A)
* `crossentropy.information` — cross_entropy, entropy, kl_divergence (ch. 4-6, B)
* `crossentropy.softmax` — softmax, log_softmax, softmax_cross_entropy and its gradient
* `crossentropy.binary` — sigmoid, log_sigmoid and the binary cross-entropy, from
  probabilities or from logits
* `crossentropy.training` — the gradient of softmax regression and its gradient-descent fit
* `crossentropy.encoding` — one_hot
"""

from crossentropy.binary import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    log_sigmoid,
    sigmoid,
)
from crossentropy.encoding import one_hot
from crossentropy.information import cross_entropy, entropy, kl_divergence
from crossentropy.likelihood import likelihood, log_likelihood, mle, simulate_die
from crossentropy.softmax import (
    log_softmax,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)
from crossentropy.training import (
    SoftmaxRegressionFit,
    fit_softmax_regression,
    softmax_regression_grad,
)

__all__ = [
    "SoftmaxRegressionFit",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "entropy",
    "fit_softmax_regression",
    "kl_divergence",
    "likelihood",
    "log_likelihood",
    "log_sigmoid",
    "log_softmax",
    "mle",
    "one_hot",
    "sigmoid",
    "simulate_die",
    "softmax",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
    "softmax_regression_grad",
]
