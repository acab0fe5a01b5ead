"""The binary case: sigmoid, log_sigmoid and the binary cross-entropy.

Checked against scipy.special (expit, log_expit), scikit-learn's log_loss and the two-class
softmax; with hypothesis properties, the error contract, and warnings turned into errors.
"""

import math

import numpy as np
import pytest
import scipy.special
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import log_loss

import crossentropy as ce

pytestmark = pytest.mark.filterwarnings("error")

FMAX = float(np.finfo(np.float64).max)
RNG = np.random.default_rng(20261201)
Z = RNG.normal(scale=8.0, size=50)
P = scipy.special.expit(RNG.normal(scale=3.0, size=50))
T01 = RNG.integers(0, 2, size=50)


def logit_arrays(dtype=np.float64, elements=None):
    if elements is None:
        elements = st.floats(-FMAX, FMAX, width=np.finfo(dtype).bits)
    return hnp.arrays(
        dtype, hnp.array_shapes(min_dims=0, max_dims=2, max_side=5), elements=elements
    )


def ulps(got, want):
    """|got − want| in units of the last place of want, in got's dtype."""
    got, want = np.asarray(got), np.asarray(want, dtype=np.asarray(got).dtype)
    spacing = np.spacing(np.abs(want).astype(got.dtype))
    return np.where(got == want, 0.0, np.abs(got.astype(float) - want.astype(float)) / spacing)


# ---- sigmoid and log_sigmoid against scipy, at every scale


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_and_log_sigmoid_match_scipy_to_a_few_ulps(dtype):
    z = np.concatenate([Z, [-1e4, -745.0, -100.0, -20.0, -1e-8, 0.0, 1e-8, 20.0, 40.0, 1e4]])
    z = z.astype(dtype)
    assert ce.sigmoid(z).dtype == dtype and ce.log_sigmoid(z).dtype == dtype
    assert ulps(ce.sigmoid(z), scipy.special.expit(z.astype(np.float64))).max() <= 2
    assert ulps(ce.log_sigmoid(z), scipy.special.log_expit(z.astype(np.float64))).max() <= 2


@given(logit_arrays())
def test_sigmoid_is_a_probability_and_its_log_is_finite(z):
    s, log_s = ce.sigmoid(z), ce.log_sigmoid(z)
    assert np.shape(s) == z.shape and np.shape(log_s) == z.shape
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(np.isfinite(log_s)) and np.all(log_s <= 0)
    np.testing.assert_allclose(s, scipy.special.expit(z), rtol=1e-15, atol=0)
    np.testing.assert_allclose(log_s, scipy.special.log_expit(z), rtol=1e-15, atol=0)


@given(logit_arrays(elements=st.floats(-700, 700)))
def test_sigmoid_is_symmetric(z):
    # σ(−z) = 1 − σ(z): the two classes share one probability.
    np.testing.assert_allclose(ce.sigmoid(-z), 1 - ce.sigmoid(z), atol=1e-15)


@given(hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-700, 700)))
def test_two_class_softmax_is_the_sigmoid_of_the_logit_difference(z1):
    z0 = np.linspace(-3, 3, len(z1))
    z = np.stack([z0, z1], axis=-1)
    np.testing.assert_allclose(ce.softmax(z)[:, 1], ce.sigmoid(z1 - z0), rtol=1e-12, atol=1e-300)


def test_infinite_logits_are_certain_predictions():
    np.testing.assert_array_equal(ce.sigmoid([-np.inf, np.inf]), [0.0, 1.0])
    np.testing.assert_array_equal(ce.log_sigmoid([-np.inf, np.inf]), [-np.inf, 0.0])


# ---- the binary cross-entropy


def test_binary_cross_entropy_matches_sklearn_log_loss():
    assert ce.binary_cross_entropy(T01, P) == pytest.approx(log_loss(T01, P), rel=1e-12)
    assert ce.binary_cross_entropy(T01, P, reduction="sum") == pytest.approx(
        log_loss(T01, P, normalize=False), rel=1e-12
    )


def test_binary_cross_entropy_is_the_two_class_cross_entropy():
    t = RNG.uniform(size=50)  # soft targets too
    rows = lambda a: np.stack([1 - a, a], axis=-1)
    np.testing.assert_allclose(
        ce.binary_cross_entropy(t, P, reduction="none"),
        ce.cross_entropy(rows(t), rows(P), reduction="none"),
        rtol=1e-12,
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_binary_cross_entropy_keeps_bits_for_confident_right_predictions(dtype):
    # −log(1 − p) for tiny p is p, not 0: log1p keeps what log(1 − p) rounds away.
    p = np.array([1e-3, 1e-8, 1e-20], dtype=dtype)
    got = ce.binary_cross_entropy(np.zeros(3, dtype=np.int64), p, reduction="none")
    assert got.dtype == dtype
    want = -np.log1p(-p.astype(np.float64))
    assert ulps(got, want).max() <= 2


@given(
    hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(0, 1)),
    hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(0, 1)),
)
def test_binary_cross_entropy_is_the_cross_entropy_of_two_classes(t, p):
    n = min(len(t), len(p))
    t, p = t[:n], p[:n]
    e = ce.binary_cross_entropy(t, p, reduction="none")
    # E >= H(t): the binary case of Gibbs' inequality; +inf exactly where the model rules out
    # what the target saw.
    impossible = ((t > 0) & (p == 0)) | ((t < 1) & (p == 1))
    np.testing.assert_array_equal(np.isinf(e), impossible)
    rows = lambda a: np.stack([1 - a, a], axis=-1)
    finite = ~impossible
    np.testing.assert_allclose(
        e[finite],
        ce.cross_entropy(rows(t[finite]), rows(p[finite]), reduction="none")
        if finite.any()
        else e[finite],
        rtol=1e-12,
        atol=1e-15,  # the rows hold 1 − p rounded: log(1 − p) of a tiny p is lost there
    )
    assert np.all(e >= ce.binary_cross_entropy(t, t, reduction="none") - 1e-12)


def test_binary_cross_entropy_exact_conventions():
    assert ce.binary_cross_entropy([1, 0], [1.0, 0.0]) == 0.0  # 0·log 0 = 0
    assert not np.signbit(ce.binary_cross_entropy(1, 1.0))
    assert ce.binary_cross_entropy(1, 0.0) == np.inf
    assert ce.binary_cross_entropy(0, 1.0) == np.inf


@given(
    hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(0, 1)),
    # |z| <= 10 keeps 1 − σ(z) >= 4.5e-5, so the rounding of p costs at most ~1e-12 relative.
    hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-10, 10)),
)
def test_with_logits_equals_binary_cross_entropy_of_the_sigmoid(t, z):
    n = min(len(t), len(z))
    t, z = t[:n], z[:n]
    np.testing.assert_allclose(
        ce.binary_cross_entropy_with_logits(t, z, reduction="none"),
        ce.binary_cross_entropy(t, ce.sigmoid(z), reduction="none"),
        rtol=1e-9,
        atol=1e-12,
    )


@given(logit_arrays(), st.data())
def test_with_logits_is_finite_and_non_negative_for_any_finite_logit(z, data):
    t = data.draw(hnp.arrays(np.int64, z.shape, elements=st.integers(0, 1)))
    e = ce.binary_cross_entropy_with_logits(t, z, reduction="none")
    assert np.all(np.isfinite(e)) and np.all(e >= 0)
    # For a label the loss is −log σ(±z), which scipy computes alone.
    want = -scipy.special.log_expit(np.where(t == 1, z, -z))
    np.testing.assert_allclose(e, want, rtol=1e-15, atol=0)


@given(
    hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(0, 1)),
    st.floats(-10, 10),
)
def test_with_logits_is_minimised_at_the_target(t, shift):
    # For a soft target t the best logit is log(t / (1 − t)): its loss is the entropy of t.
    t = np.clip(t, 1e-3, 1 - 1e-3)
    best = np.log(t) - np.log1p(-t)
    at_best = ce.binary_cross_entropy_with_logits(t, best, reduction="none")
    elsewhere = ce.binary_cross_entropy_with_logits(t, best + shift, reduction="none")
    assert np.all(elsewhere >= at_best - 1e-12)


def test_with_logits_at_infinite_logits():
    assert ce.binary_cross_entropy_with_logits([1, 0], [np.inf, -np.inf]) == 0.0
    assert ce.binary_cross_entropy_with_logits(1, -np.inf) == np.inf
    assert ce.binary_cross_entropy_with_logits(0.5, np.inf) == np.inf


def test_with_logits_at_huge_logits_agrees_with_the_closed_form():
    z = np.array([-1e300, -1000.0, 1000.0, 1e300])
    np.testing.assert_array_equal(
        ce.binary_cross_entropy_with_logits([1, 1, 0, 0], z, reduction="none"),
        [1e300, 1000.0, 1000.0, 1e300],
    )
    assert ce.binary_cross_entropy_with_logits(1, 50.0) == pytest.approx(math.exp(-50), rel=1e-15)


# ---- reductions, shapes, dtypes, no mutation


@pytest.mark.parametrize(
    "func, second", [(ce.binary_cross_entropy, P[:6]), (ce.binary_cross_entropy_with_logits, Z[:6])]
)
def test_reductions(func, second):
    t = T01[:6].reshape(2, 3)
    second = second.reshape(2, 3)
    per_sample = func(t, second, reduction="none")
    assert per_sample.shape == (2, 3)
    assert func(t, second) == pytest.approx(per_sample.mean())
    assert func(t, second, reduction="sum") == pytest.approx(per_sample.sum())
    assert np.ndim(func(t[0, 0], second[0, 0], reduction="none")) == 0


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_dtype_is_kept_and_inputs_are_not_mutated(dtype):
    t, p, z = T01[:5].copy(), P[:5].astype(dtype), Z[:5].astype(dtype)
    before = (t.copy(), p.copy(), z.copy())
    for value in (
        ce.sigmoid(z),
        ce.log_sigmoid(z),
        ce.binary_cross_entropy(t, p),
        ce.binary_cross_entropy(t, p, reduction="none"),
        ce.binary_cross_entropy_with_logits(t, z, reduction="sum"),
    ):
        assert value.dtype == dtype
    for a, b in zip((t, p, z), before, strict=True):
        np.testing.assert_array_equal(a, b)


def test_integer_logits_compute_in_float64():
    assert ce.sigmoid([0, 1]).dtype == np.float64


# ---- errors: the argument and the rule


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: ce.sigmoid([0.0, np.nan]),
            ValueError,
            r"z: logits must not be NaN \(got nan at index 1\)",
        ),
        (lambda: ce.log_sigmoid([]), ValueError, r"z: needs at least one sample"),
        (lambda: ce.sigmoid(["a"]), TypeError, r"z: must hold real numbers"),
        (lambda: ce.binary_cross_entropy([1, 0], [0.5]), ValueError, r"t and p: shapes must match"),
        (
            lambda: ce.binary_cross_entropy([1, 2], [0.5, 0.5]),
            ValueError,
            r"t: targets must lie in \[0, 1\] \(got 2(\.0)? at index 1\)",
        ),
        (
            lambda: ce.binary_cross_entropy([1, 0], [0.5, 1.5]),
            ValueError,
            r"p: probabilities must lie in \[0, 1\] \(got 1.5",
        ),
        (
            lambda: ce.binary_cross_entropy([1, 0], [0.5, -0.1]),
            ValueError,
            r"p: probabilities must lie in \[0, 1\] \(got -0.1",
        ),
        (lambda: ce.binary_cross_entropy([1, 0], [0.5, np.nan]), ValueError, r"p: must be finite"),
        (lambda: ce.binary_cross_entropy([], []), ValueError, r"t: needs at least one sample"),
        (
            lambda: ce.binary_cross_entropy(1, 0.5, reduction="max"),
            ValueError,
            r"reduction: must be",
        ),
        (
            lambda: ce.binary_cross_entropy_with_logits([1, 0], [0.0, np.nan]),
            ValueError,
            r"z: logits must not be NaN",
        ),
        (
            lambda: ce.binary_cross_entropy_with_logits([1, -1], [0.0, 0.0]),
            ValueError,
            r"t: targets must lie in \[0, 1\]",
        ),
        (
            lambda: ce.binary_cross_entropy_with_logits([1], [0.0, 0.0]),
            ValueError,
            r"t and z: shapes must match",
        ),
        (
            lambda: ce.binary_cross_entropy_with_logits([np.inf], [0.0]),
            ValueError,
            r"t: must be finite",
        ),
    ],
)
def test_errors_name_the_argument_and_the_rule(call, error, message):
    with pytest.raises(error, match=message):
        call()
