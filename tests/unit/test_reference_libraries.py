"""Agreement with scipy and scikit-learn where conventions coincide, and the differences.

scipy and scikit-learn are test-only dependencies: the package itself needs numpy alone.
"""

import math
import warnings

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import log_loss

import crossentropy as ce

RNG = np.random.default_rng(20260101)
Y = RNG.dirichlet(np.ones(5), size=40)  # 40 predictions over 5 classes, none exactly 0
LABELS = RNG.integers(0, 5, size=40)
T = RNG.dirichlet(np.ones(5), size=40)  # 40 soft targets
Z = RNG.normal(scale=4.0, size=(40, 5))  # logits


# ---- scipy.stats / scipy.special: the same exact conventions (0·log 0 = 0, log 0 = −inf)


@pytest.mark.parametrize("base", [None, 2, 10])
def test_entropy_matches_scipy_stats(base):
    expected = scipy.stats.entropy(T, base=base, axis=-1)
    np.testing.assert_allclose(ce.entropy(T, base=base), expected, rtol=1e-13)


def test_entropy_matches_scipy_special_entr():
    p = np.array([0.5, 0.25, 0.25, 0.0])
    assert ce.entropy(p) == pytest.approx(scipy.special.entr(p).sum(), rel=1e-15)


@pytest.mark.parametrize("base", [None, 2])
def test_kl_divergence_matches_scipy(base):
    np.testing.assert_allclose(
        ce.kl_divergence(T, Y, base=base),
        scipy.stats.entropy(T, Y, base=base, axis=-1),
        rtol=1e-10,
    )
    np.testing.assert_allclose(
        ce.kl_divergence(T, Y), scipy.special.rel_entr(T, Y).sum(axis=-1), rtol=1e-10
    )


def test_kl_divergence_infinite_like_scipy():
    p, q = [0.5, 0.5, 0.0], [1.0, 0.0, 0.0]
    assert ce.kl_divergence(p, q) == scipy.special.rel_entr(p, q).sum() == np.inf
    # And 0·log(0/q) = 0 in both.
    assert ce.kl_divergence(q, p) == pytest.approx(scipy.special.rel_entr(q, p).sum())


def test_log_likelihood_matches_scipy_xlogy():
    counts = RNG.integers(0, 4, size=(40, 5))
    counts[:, 0] = 0  # some zero counts
    expected = scipy.special.xlogy(counts, Y).sum(axis=-1)
    np.testing.assert_allclose(ce.log_likelihood(counts, Y), expected, rtol=1e-13)


def test_log_likelihood_is_the_multinomial_log_pmf_up_to_a_constant():
    # Chapter 3: the probability of the counts is (N! / Π n_k!) Π y_k^{n_k}; the coefficient
    # does not depend on y, so maximising it is maximising log L = Σ n_k log y_k.
    counts = np.array([8, 2, 3, 1, 4, 2])
    n = counts.sum()
    log_coefficient = scipy.special.gammaln(n + 1) - scipy.special.gammaln(counts + 1).sum()
    for y in RNG.dirichlet(np.ones(6), size=5):
        expected = scipy.stats.multinomial.logpmf(counts, n, y)
        assert ce.log_likelihood(counts, y) + log_coefficient == pytest.approx(expected)


def test_softmax_and_log_softmax_match_scipy():
    np.testing.assert_allclose(ce.softmax(Z), scipy.special.softmax(Z, axis=-1), rtol=1e-13)
    np.testing.assert_allclose(
        ce.log_softmax(Z), scipy.special.log_softmax(Z, axis=-1), rtol=1e-13, atol=1e-14
    )


def test_log_softmax_is_z_minus_logsumexp():
    lse = scipy.special.logsumexp(Z, axis=-1, keepdims=True)
    np.testing.assert_allclose(ce.log_softmax(Z), Z - lse, rtol=1e-13, atol=1e-14)
    # scipy's lse − z_label subtracts two rounded numbers, so its error is a few ulps of lse,
    # not of the loss: that much slack for it, and none for ours (see test_precision.py).
    ours = ce.softmax_cross_entropy(LABELS, Z, reduction="none")
    theirs = lse[:, 0] - Z[np.arange(40), LABELS]
    eps = np.finfo(np.float64).eps
    assert np.all(np.abs(ours - theirs) <= 1e-13 * np.abs(theirs) + 4 * eps * np.abs(lse[:, 0]))


@given(hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(-1e300, 1e300)))
@example(np.array([-5.0, 6.0]))  # found by a fresh clone's run: scipy 5e-12 off, in relative terms
def test_log_softmax_matches_scipy_on_extreme_logits(z):
    # scipy takes log(1 + r) of a rounded 1 + r (ours log1p(r): src/crossentropy/softmax.py), so
    # its error is a few ulps of 1, not of a log-probability near 0: that much slack for scipy.
    # (Ours is held to a few ulps of the exact value there by test_precision.py.)
    eps = np.finfo(np.float64).eps
    np.testing.assert_allclose(
        ce.log_softmax(z), scipy.special.log_softmax(z), rtol=1e-12, atol=4 * eps
    )


def test_minus_inf_logit_like_scipy():
    z = np.array([0.0, -np.inf, 1.0])
    np.testing.assert_array_equal(ce.log_softmax(z), scipy.special.log_softmax(z))


def test_scipy_renormalises_silently_and_we_refuse():
    # scipy.stats.entropy divides p by its sum, so counts or a typo pass unnoticed:
    # entropy([1, 1]) is log 2 there. In a textbook the difference between counts n_k and
    # probabilities y_k = n_k / N is the point of supplement A, so ours says so instead.
    assert scipy.stats.entropy([1, 1]) == pytest.approx(math.log(2))
    with pytest.raises(ValueError, match=r"p: probabilities must sum to 1 .*\(got sum 2.0\)"):
        ce.entropy([1, 1])
    assert ce.entropy(ce.mle([1, 1])) == pytest.approx(math.log(2))


# ---- scikit-learn's log_loss: the same loss, but clipped


def test_cross_entropy_matches_sklearn_log_loss():
    # Labels: log_loss is the mean cross-entropy with integer labels, normalize=False the sum.
    assert ce.cross_entropy(LABELS, Y) == pytest.approx(
        log_loss(LABELS, Y, labels=range(5)), rel=1e-12
    )
    assert ce.cross_entropy(LABELS, Y, reduction="sum") == pytest.approx(
        log_loss(LABELS, Y, labels=range(5), normalize=False), rel=1e-12
    )
    # One-hot targets are accepted by log_loss as an indicator matrix.
    one_hot = ce.one_hot(LABELS, 5)
    assert ce.cross_entropy(one_hot, Y) == pytest.approx(log_loss(one_hot, Y), rel=1e-12)


def test_softmax_cross_entropy_matches_sklearn_on_softmax_outputs():
    y = scipy.special.softmax(Z, axis=-1)
    assert ce.softmax_cross_entropy(LABELS, Z) == pytest.approx(
        log_loss(LABELS, y, labels=range(5)), rel=1e-12
    )


def test_sklearn_clips_a_zero_probability_and_we_do_not():
    # log_loss clips y into [eps, 1 − eps] with eps the machine epsilon of y's dtype, so a
    # model that called the observed class impossible gets −log(2.2e-16) ≈ 36.04: a number
    # that depends on the float format (float32 would give 15.9), not on the model. A textbook
    # must show the true value: −log 0 = +inf, an infinitely surprised model.
    y = np.array([[0.5, 0.5, 0.0], [1.0, 0.0, 0.0]])
    labels = np.array([2, 0])
    clipped = log_loss(labels, y, labels=range(3))
    eps = np.finfo(np.float64).eps
    assert clipped == pytest.approx((-math.log(eps) - math.log(1 - eps)) / 2)
    assert ce.cross_entropy(labels, y) == np.inf
    # Our eps keyword reproduces that convention exactly, when a reader wants to compare.
    assert ce.cross_entropy(labels, y, eps=eps) == pytest.approx(clipped, rel=1e-15)


def test_sklearn_warns_on_unnormalised_probabilities_and_we_refuse():
    # log_loss only warns when rows do not sum to 1, then computes a loss anyway; ours refuses,
    # because the cross-entropy of something that is not a distribution means nothing.
    y = np.array([[0.5, 0.3], [0.1, 0.4]])  # rows sum to 0.8 and 0.5
    labels = np.array([0, 1])
    with pytest.warns(UserWarning, match="do not sum to one"):
        value = log_loss(labels, y)
    assert np.isfinite(value)
    with pytest.raises(
        ValueError, match=r"y: probabilities must sum to 1 .*\(got sum 0.8 in row 0\)"
    ):
        ce.cross_entropy(labels, y)


def test_sklearn_clips_a_certain_prediction_slightly():
    # A prediction of exactly 1 for the right class: log_loss gives −log(1 − eps) ≈ 2.2e-16,
    # ours the exact 0.
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning from either: y is a valid distribution
        sk = log_loss([0, 1], [[1.0, 0.0], [0.0, 1.0]])
        ours = ce.cross_entropy(np.array([0, 1]), [[1.0, 0.0], [0.0, 1.0]])
    assert ours == 0.0
    assert sk == pytest.approx(np.finfo(np.float64).eps, rel=0.01)
