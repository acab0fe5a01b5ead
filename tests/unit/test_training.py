"""Softmax regression: its gradient and its gradient-descent fit.

The gradient is checked against central differences of the loss it differentiates, the fit
against scikit-learn's multinomial LogisticRegression without penalty on a dataset that ships
with scikit-learn.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

import crossentropy as ce

pytestmark = pytest.mark.filterwarnings("error")


def mean_loss(weights, bias, x, t):
    return ce.softmax_cross_entropy(t, x @ weights.T + bias)


@st.composite
def problems(draw, soft=None):
    """Weights (K, D), bias (K,), inputs (N, D) and labels or probability rows (N, K)."""
    n, k, d = draw(st.integers(1, 5)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    small = st.floats(-3, 3)
    w = draw(hnp.arrays(np.float64, (k, d), elements=small))
    b = draw(hnp.arrays(np.float64, (k,), elements=small))
    x = draw(hnp.arrays(np.float64, (n, d), elements=small))
    if soft is None:
        soft = draw(st.booleans())
    if soft:
        weight = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(0.01, 1)))
        t = weight / weight.sum(axis=1, keepdims=True)
    else:
        t = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    return w, b, x, t


def central_differences(f, a, h=1e-6):
    grad = np.empty_like(a)
    for index in np.ndindex(a.shape):
        step = np.zeros_like(a)
        step[index] = h
        grad[index] = (f(a + step) - f(a - step)) / (2 * h)
    return grad


# ---- the gradient


@given(problems())
def test_gradient_matches_central_differences(problem):
    w, b, x, t = problem
    grad_w, grad_b = ce.softmax_regression_grad(w, b, x, t)
    assert grad_w.shape == w.shape and grad_b.shape == b.shape
    np.testing.assert_allclose(
        grad_w, central_differences(lambda w_: mean_loss(w_, b, x, t), w), atol=1e-6
    )
    np.testing.assert_allclose(
        grad_b, central_differences(lambda b_: mean_loss(w, b_, x, t), b), atol=1e-6
    )


@given(problems())
def test_gradient_is_the_chain_rule_through_the_logit_gradient(problem):
    # ∂E/∂W = Σ_n (∂E/∂z_n) x_nᵀ, ∂E/∂b = Σ_n ∂E/∂z_n: the per-sample gradient (y − t) xᵀ.
    w, b, x, t = problem
    grad_z = ce.softmax_cross_entropy_grad(t, x @ w.T + b)
    grad_w, grad_b = ce.softmax_regression_grad(w, b, x, t)
    np.testing.assert_allclose(grad_w, grad_z.T @ x, atol=1e-12)
    np.testing.assert_allclose(grad_b, grad_z.sum(axis=0), atol=1e-12)


@given(problems(soft=False))
def test_labels_and_their_one_hot_rows_give_the_same_gradient(problem):
    w, b, x, labels = problem
    rows = ce.one_hot(labels, w.shape[0])
    for got, want in zip(
        ce.softmax_regression_grad(w, b, x, labels),
        ce.softmax_regression_grad(w, b, x, rows),
        strict=True,
    ):
        np.testing.assert_allclose(got, want, atol=1e-15)


def test_gradient_at_zero_weights_by_hand():
    # y = (1/2, 1/2) everywhere; (y − t) x summed over the two samples and halved.
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    grad_w, grad_b = ce.softmax_regression_grad(np.zeros((2, 2)), np.zeros(2), x, [0, 1])
    np.testing.assert_array_equal(
        grad_w,
        [
            [(-0.5 * 1 + 0.5 * 3) / 2, (-0.5 * 2 + 0.5 * -1) / 2],
            [(0.5 * 1 - 0.5 * 3) / 2, (0.5 * 2 - 0.5 * -1) / 2],
        ],
    )
    np.testing.assert_array_equal(grad_b, [0.0, 0.0])


# ---- the fit


def iris_sepal_width():
    """Iris by its sepal width, standardised: it separates no class, so the fit is unique.

    (With both sepal measures setosa is separable, and a fit without penalty has no minimum.)
    """
    data = load_iris()
    x = data.data[:, 1:2]
    return (x - x.mean(axis=0)) / x.std(axis=0), data.target


def test_fit_lowers_the_loss_and_reports_it():
    x, t = iris_sepal_width()
    fit = ce.fit_softmax_regression(x, t, learning_rate=0.5, steps=50)
    assert fit.losses.shape == (51,)
    assert fit.losses[0] == pytest.approx(np.log(3))  # zero weights: a uniform prediction
    assert np.all(np.diff(fit.losses) < 0)
    assert fit.losses[-1] == pytest.approx(mean_loss(fit.weights, fit.bias, x, t), rel=1e-12)


def test_fit_matches_sklearn_multinomial_logistic_regression_without_penalty():
    x, t = iris_sepal_width()
    fit = ce.fit_softmax_regression(x, t, learning_rate=4.0, steps=200)
    sk = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(x, t)  # C = ∞: no penalty
    # The weights are unique up to a shift shared by all classes; compare them centred.
    centred = lambda w: w - w.mean(axis=0)
    np.testing.assert_allclose(centred(fit.weights), centred(sk.coef_), atol=1e-7)
    np.testing.assert_allclose(centred(fit.bias), centred(sk.intercept_), atol=1e-7)
    np.testing.assert_allclose(
        ce.softmax(x @ fit.weights.T + fit.bias), sk.predict_proba(x), atol=1e-8
    )


def test_fit_is_deterministic_and_starts_where_told():
    x, t = iris_sepal_width()
    w0, b0 = np.ones((3, 1)), np.arange(3.0)
    before = (w0.copy(), b0.copy(), x.copy(), t.copy())
    one = ce.fit_softmax_regression(x, t, learning_rate=0.1, steps=5, weights=w0, bias=b0)
    two = ce.fit_softmax_regression(x, t, learning_rate=0.1, steps=5, weights=w0, bias=b0)
    np.testing.assert_array_equal(one.weights, two.weights)
    np.testing.assert_array_equal(one.losses, two.losses)
    assert one.losses[0] == pytest.approx(mean_loss(w0, b0, x, t))
    for a, b in zip((w0, b0, x, t), before, strict=True):
        np.testing.assert_array_equal(a, b)  # the start is copied, never changed


def test_zero_steps_return_the_start():
    fit = ce.fit_softmax_regression([[1.0], [2.0]], [0, 1], learning_rate=0.1, steps=0)
    np.testing.assert_array_equal(fit.weights, np.zeros((2, 1)))
    np.testing.assert_array_equal(fit.bias, np.zeros(2))
    assert fit.losses.shape == (1,)


def test_fit_with_probability_rows_equals_the_fit_with_their_labels():
    x, t = iris_sepal_width()
    by_label = ce.fit_softmax_regression(x, t, learning_rate=0.5, steps=20)
    by_rows = ce.fit_softmax_regression(x, ce.one_hot(t, 3), learning_rate=0.5, steps=20)
    np.testing.assert_allclose(by_label.weights, by_rows.weights, atol=1e-14)
    np.testing.assert_allclose(by_label.losses, by_rows.losses, atol=1e-14)


def test_the_fit_is_frozen():
    fit = ce.fit_softmax_regression([[1.0], [2.0]], [0, 1], learning_rate=0.1, steps=1)
    with pytest.raises(AttributeError):
        fit.weights = None


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept(dtype):
    x, t = iris_sepal_width()
    x = x.astype(dtype)
    fit = ce.fit_softmax_regression(x, t, learning_rate=0.5, steps=3)
    assert fit.weights.dtype == fit.bias.dtype == fit.losses.dtype == dtype
    grad_w, grad_b = ce.softmax_regression_grad(fit.weights, fit.bias, x, t)
    assert grad_w.dtype == grad_b.dtype == dtype


@given(problems(), st.floats(0.01, 1.0))
def test_a_small_step_never_raises_the_loss(problem, eta):
    # With |x| <= 3 the loss's curvature is at most ~|x|² + 1 <= 19 per weight (per sample
    # mean), so steps of η/19 stay below 1/L and descend.
    w, b, x, t = problem
    fit = ce.fit_softmax_regression(x, t, learning_rate=eta / 40, steps=3, weights=w, bias=b)
    assert np.all(np.diff(fit.losses) <= 1e-12)


# ---- errors: the argument and the rule


W, B, X, T = np.zeros((3, 2)), np.zeros(3), np.ones((4, 2)), np.array([0, 1, 2, 0])


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: ce.softmax_regression_grad(np.zeros(3), B, X, T),
            ValueError,
            r"weights: must have shape \(K, 2\) \(got \(3,\)\)",
        ),
        (
            lambda: ce.softmax_regression_grad(np.zeros((3, 5)), B, X, T),
            ValueError,
            r"weights: must have shape \(K, 2\) \(got \(3, 5\)\)",
        ),
        (
            lambda: ce.softmax_regression_grad(W, np.zeros(2), X, T),
            ValueError,
            r"bias: must have shape \(3,\) \(got \(2,\)\)",
        ),
        (
            lambda: ce.softmax_regression_grad(W, B, np.ones(4), T),
            ValueError,
            r"x: must have shape \(N, D\) \(got \(4,\)\)",
        ),
        (
            lambda: ce.softmax_regression_grad(W, B, X, T[:3]),
            ValueError,
            r"t: must have shape \(4,\) \(got \(3,\)\)",
        ),
        (
            lambda: ce.softmax_regression_grad(W, B, X, np.ones((4, 2)) / 2),
            ValueError,
            r"t: must have shape \(4, 3\) \(got \(4, 2\)\)",
        ),
        (
            lambda: ce.softmax_regression_grad(W, B, X, [0, 1, 3, 0]),
            ValueError,
            r"t: class labels must satisfy 0 <= label < 3 \(got 3\)",
        ),
        (
            lambda: ce.softmax_regression_grad(W, B, X, [0.0, 1.0, 2.0, 0.0]),
            ValueError,
            r"t: class labels must have an integer dtype",
        ),
        (
            lambda: ce.softmax_regression_grad(W, B, X, np.ones((4, 3))),
            ValueError,
            r"t: probabilities must sum to 1",
        ),
        (
            lambda: ce.softmax_regression_grad(W, [0, np.nan, 0], X, T),
            ValueError,
            r"bias: must be finite \(got nan at index 1\)",
        ),
        (
            lambda: ce.softmax_regression_grad(W, B, [["a", "b"]] * 4, T),
            TypeError,
            r"x: must hold real numbers",
        ),
        (
            lambda: ce.fit_softmax_regression(X, T, learning_rate=0, steps=1),
            ValueError,
            r"learning_rate: must be a finite number > 0 \(got 0\)",
        ),
        (
            lambda: ce.fit_softmax_regression(X, T, learning_rate="1", steps=1),
            TypeError,
            r"learning_rate: must be a real number",
        ),
        (
            lambda: ce.fit_softmax_regression(X, T, learning_rate=0.1, steps=-1),
            ValueError,
            r"steps: must be non-negative \(got -1\)",
        ),
        (
            lambda: ce.fit_softmax_regression(X, T, learning_rate=0.1, steps=2.0),
            TypeError,
            r"steps: must be an integer",
        ),
        (
            lambda: ce.fit_softmax_regression(X, [0, -1, 0, 0], learning_rate=0.1, steps=1),
            ValueError,
            r"t: class labels must be non-negative \(got -1\)",
        ),
        (
            lambda: ce.fit_softmax_regression(
                X, T, learning_rate=0.1, steps=1, weights=np.zeros((2, 2))
            ),
            ValueError,
            r"t: class labels must satisfy 0 <= label < 2",
        ),
        (
            lambda: ce.fit_softmax_regression(X * 1e150, T, learning_rate=1e300, steps=5),
            ValueError,
            r"learning_rate: gradient descent diverged",
        ),
    ],
)
def test_errors_name_the_argument_and_the_rule(call, error, message):
    with pytest.raises(error, match=message):
        call()
