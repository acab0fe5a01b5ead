"""Properties that hold for every input, checked by hypothesis on generated ones."""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import crossentropy as ce

FMAX = float(np.finfo(np.float64).max)


@st.composite
def distributions(draw, shape=None, zeros=True):
    """Probability vectors along the last axis, with exact zeros when ``zeros`` is set."""
    if shape is None:
        shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=6))
    weight = st.floats(0.0, 1.0) if zeros else st.floats(1e-3, 1.0)
    w = draw(hnp.arrays(np.float64, shape, elements=weight))
    if zeros:
        w[w < 0.2] = 0.0  # make exact zeros common, to exercise 0·log 0
    assume(np.all(w.sum(axis=-1) > 0))
    return w / w.sum(axis=-1, keepdims=True)


@st.composite
def target_and_model(draw, zeros=True):
    """A target distribution t and a model distribution y of the same shape."""
    t = draw(distributions(zeros=True))
    y = draw(distributions(shape=t.shape, zeros=zeros))
    return t, y


@st.composite
def logits(draw, elements=None, max_side=6):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=max_side))
    if elements is None:
        elements = st.floats(-30, 30)
    return draw(hnp.arrays(np.float64, shape, elements=elements))


@st.composite
def labels_for(draw, z):
    """Integer class labels for logits or probabilities of z's shape."""
    return draw(hnp.arrays(np.int64, z.shape[:-1], elements=st.integers(0, z.shape[-1] - 1)))


# ---- information inequalities (supplement B)


@given(target_and_model())
def test_cross_entropy_at_least_entropy_at_least_zero(ty):
    t, y = ty
    e = ce.cross_entropy(t, y, reduction="none")
    h = ce.entropy(t)
    assert np.all(h >= 0)
    assert np.all(e >= h - 1e-12)  # Gibbs' inequality, up to rounding


@given(distributions())
def test_cross_entropy_of_t_with_itself_is_its_entropy(t):
    np.testing.assert_allclose(ce.cross_entropy(t, t, reduction="none"), ce.entropy(t))


@given(target_and_model(), st.sampled_from([None, 2, 10, 0.5]))
def test_cross_entropy_is_entropy_plus_kl(ty, base):
    t, y = ty
    e = ce.cross_entropy(t, y, reduction="none", base=base)
    h_plus_kl = ce.entropy(t, base=base) + ce.kl_divergence(t, y, base=base)
    np.testing.assert_allclose(e, h_plus_kl, rtol=1e-12, atol=1e-12)


@given(target_and_model())
def test_kl_is_non_negative_and_zero_only_for_equal_distributions(ty):
    t, y = ty
    d = ce.kl_divergence(t, y)
    assert np.all(d >= -1e-12)
    assert np.all(ce.kl_divergence(t, t) == 0.0)


@given(target_and_model())
def test_infinite_exactly_where_the_model_rules_out_an_observed_class(ty):
    t, y = ty
    impossible = np.any((t > 0) & (y == 0), axis=-1)
    e = ce.cross_entropy(t, y, reduction="none")
    np.testing.assert_array_equal(np.isinf(e), impossible)
    np.testing.assert_array_equal(ce.log_likelihood(t, y) == -np.inf, impossible)


# ---- likelihood and its maximum (chapter 3, supplement A)


@given(
    hnp.arrays(np.int64, st.integers(1, 8), elements=st.integers(0, 50)),
    st.data(),
)
def test_mle_beats_every_other_distribution(counts, data):
    assume(counts.sum() > 0)
    best = ce.log_likelihood(counts, ce.mle(counts))
    other = data.draw(distributions(shape=counts.shape))
    assert ce.log_likelihood(counts, other) <= best + 1e-9 * max(1.0, abs(best))


@given(hnp.arrays(np.int64, st.integers(1, 6), elements=st.integers(0, 5)), st.data())
def test_likelihood_is_the_product_it_stands_for(counts, data):
    y = data.draw(distributions(shape=counts.shape))
    product = math.prod(float(p) ** int(n) for p, n in zip(y, counts, strict=True))
    assert ce.likelihood(counts, y) == pytest.approx(product, rel=1e-12, abs=1e-300)


@given(st.data())
def test_one_hot_log_likelihood_picks_one_log(data):
    y = data.draw(distributions(zeros=False))
    labels = data.draw(labels_for(y))
    picked = np.take_along_axis(y, labels[..., None], axis=-1)[..., 0]
    np.testing.assert_allclose(
        ce.log_likelihood(ce.one_hot(labels, y.shape[-1]), y), np.log(picked)
    )


# ---- softmax


@given(
    logits(
        elements=st.one_of(
            st.floats(-FMAX / 2, FMAX / 2),
            st.sampled_from([FMAX / 2, -FMAX / 2, 0.0]),
        )
    )
)
def test_log_softmax_is_finite_for_finite_logits(z):
    log_y = ce.log_softmax(z)
    assert np.all(np.isfinite(log_y))
    assert np.all(log_y <= 0)
    # It is a log-distribution: the largest entry is log of at least 1/K.
    assert np.all(log_y.max(axis=-1) >= -math.log(z.shape[-1]) - 1e-12)


@given(logits(elements=st.floats(0.5 * FMAX, FMAX)))
def test_log_softmax_near_the_float_maximum_of_either_sign(z):
    for zs in (z, -z):
        log_y = ce.log_softmax(zs)
        assert np.all(np.isfinite(log_y))
        np.testing.assert_allclose(np.exp(log_y).sum(axis=-1), 1.0, rtol=1e-12)


@given(logits(elements=st.floats(-700, 700)))
def test_softmax_is_a_distribution(z):
    y = ce.softmax(z)
    assert np.all((y >= 0) & (y <= 1))
    np.testing.assert_allclose(y.sum(axis=-1), 1.0, rtol=1e-12)


@given(logits(), st.floats(-1e3, 1e3))
def test_softmax_ignores_a_constant_shift(z, c):
    np.testing.assert_allclose(ce.softmax(z + c), ce.softmax(z), atol=1e-9)


@given(logits(), st.data())
def test_softmax_cross_entropy_equals_cross_entropy_of_softmax(z, data):
    # Both finite here: |z| <= 30 keeps every softmax probability above e^-60.
    t = data.draw(st.one_of(labels_for(z), distributions(shape=z.shape)))
    np.testing.assert_allclose(
        ce.softmax_cross_entropy(t, z, reduction="none"),
        ce.cross_entropy(t, ce.softmax(z), reduction="none"),
        rtol=1e-9,
        atol=1e-12,
    )


@given(logits(elements=st.floats(-10, 10), max_side=5), st.data())
def test_gradient_matches_central_differences(z, data):
    t = data.draw(st.one_of(labels_for(z), distributions(shape=z.shape)))
    reduction = data.draw(st.sampled_from(["mean", "sum"]))
    grad = ce.softmax_cross_entropy_grad(t, z, reduction=reduction)
    h = 1e-6
    numeric = np.empty_like(z)
    for index in np.ndindex(z.shape):
        step = np.zeros_like(z)
        step[index] = h
        up = ce.softmax_cross_entropy(t, z + step, reduction=reduction)
        down = ce.softmax_cross_entropy(t, z - step, reduction=reduction)
        numeric[index] = (up - down) / (2 * h)
    np.testing.assert_allclose(grad, numeric, atol=1e-6)


@given(logits(), st.data())
def test_gradient_rows_sum_to_zero(z, data):
    # Σ_k (y_k − t_k) = 1 − 1: the loss does not change when every logit moves together.
    t = data.draw(st.one_of(labels_for(z), distributions(shape=z.shape)))
    np.testing.assert_allclose(ce.softmax_cross_entropy_grad(t, z).sum(axis=-1), 0.0, atol=1e-12)


# ---- every documented ValueError, for generated inputs


@given(distributions(zeros=False), st.data())
def test_a_negative_probability_is_rejected(y, data):
    bad = y.copy()
    index = data.draw(st.sampled_from(list(np.ndindex(y.shape))))
    bad[index] = -data.draw(st.floats(1e-6, 1.0))
    with pytest.raises(ValueError, match="y: probabilities must be non-negative"):
        ce.cross_entropy(y, bad)


@given(distributions(), st.floats(1e-6, 0.5), st.booleans())
def test_a_sum_off_by_more_than_the_tolerance_is_rejected_with_the_sum(y, delta, up):
    bad = y * (1 + delta if up else 1 - delta)
    assume(np.all(bad <= 1))
    with pytest.raises(ValueError, match=r"y: probabilities must sum to 1 .*\(got sum "):
        ce.cross_entropy(y, bad)


@given(distributions(), st.data())
def test_nan_or_inf_in_y_is_rejected(y, data):
    bad = y.copy()
    bad[data.draw(st.sampled_from(list(np.ndindex(y.shape))))] = data.draw(
        st.sampled_from([np.nan, np.inf, -np.inf])
    )
    with pytest.raises(ValueError, match="y: must be finite"):
        ce.cross_entropy(y, bad)


@given(distributions(), st.data())
def test_a_label_outside_the_classes_is_rejected(y, data):
    k = y.shape[-1]
    labels = data.draw(labels_for(y))
    index = data.draw(st.sampled_from(list(np.ndindex(labels.shape))))
    labels[index] = data.draw(st.one_of(st.integers(-1000, -1), st.integers(k, k + 1000)))
    with pytest.raises(ValueError, match=rf"t: class labels must satisfy 0 <= label < {k}"):
        ce.cross_entropy(labels, y)


@given(logits(), st.data())
def test_nan_or_plus_inf_logits_are_rejected(z, data):
    bad = z.copy()
    bad[data.draw(st.sampled_from(list(np.ndindex(z.shape))))] = data.draw(
        st.sampled_from([np.nan, np.inf])
    )
    with pytest.raises(ValueError, match=r"z: logits must not be (NaN|\+inf)"):
        ce.softmax_cross_entropy_grad(data.draw(labels_for(z)), bad)


@given(
    hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4),
    hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4),
)
def test_a_shape_mismatch_shows_both_shapes(t_shape, y_shape):
    assume(t_shape != y_shape and t_shape != y_shape[:-1])
    t = np.zeros(t_shape, dtype=np.int64)
    y = np.full(y_shape, 1 / y_shape[-1])
    with pytest.raises(ValueError, match="shapes") as info:
        ce.cross_entropy(t, y)
    assert str(t_shape) in str(info.value)
    assert str(y_shape) in str(info.value)
