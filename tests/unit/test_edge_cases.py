"""The edge-case contract: 0·log 0, log 0, eps, dtypes, shapes, labels, logits.

Every test here runs with warnings turned into errors, so "no RuntimeWarning leaks" is asserted
by each of them, not only by the ones that say so in their name.
"""

import math
import warnings

import numpy as np
import pytest

import crossentropy as ce

pytestmark = pytest.mark.filterwarnings("error")


def test_the_warning_filter_is_active():
    # The naive computation warns; under this module's filter that is an error. Without the
    # filter the other tests here could not catch a leaking warning.
    with pytest.raises(RuntimeWarning, match="divide by zero"):
        np.log(np.array([0.0]))


class TestZeroTimesLogZero:
    def test_is_exactly_zero_in_the_log_likelihood(self):
        assert ce.log_likelihood([1, 0], [1.0, 0.0]) == 0.0
        assert ce.likelihood([1, 0], [1.0, 0.0]) == 1.0

    @pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
    def test_is_exactly_zero_in_the_cross_entropy(self, reduction):
        for t in ([1, 0, 0], 0):
            value = ce.cross_entropy(t, [1.0, 0.0, 0.0], reduction=reduction)
            assert value == 0.0
            assert not np.signbit(value)  # +0.0, not −0.0: a perfect prediction costs nothing

    def test_perfect_predictions_print_as_plus_zero(self):
        values = [
            ce.entropy([0.0, 1.0]),
            ce.cross_entropy(np.eye(2), np.eye(2), reduction="none"),
            ce.softmax_cross_entropy([0.0, 1.0], [-np.inf, 0.0], reduction="none"),
        ]
        assert not any(np.signbit(v).any() for v in values)

    def test_in_entropy_and_kl(self):
        assert ce.entropy([0.0, 1.0]) == 0.0
        assert ce.kl_divergence([0.0, 1.0], [0.0, 1.0]) == 0.0
        assert ce.kl_divergence([0.0, 1.0], [0.5, 0.5]) == pytest.approx(math.log(2))

    def test_logit_minus_inf_with_target_zero(self):
        # Probability 0 for a class the target gives weight 0: the term is 0, not NaN.
        assert ce.softmax_cross_entropy([1.0, 0.0], [0.0, -np.inf]) == 0.0

    def test_naive_formula_would_give_nan(self):
        # Why the mask matters: 0 * log 0 = 0 * (−inf) = NaN in floating point.
        with np.errstate(divide="ignore", invalid="ignore"):
            assert np.isnan(0.0 * np.log(0.0))


class TestImpossibleEventObserved:
    def test_cross_entropy_is_plus_inf(self):
        assert ce.cross_entropy([0, 1], [1.0, 0.0]) == np.inf
        assert ce.cross_entropy(1, [1.0, 0.0]) == np.inf

    def test_log_likelihood_is_minus_inf(self):
        assert ce.log_likelihood([3, 1], [1.0, 0.0]) == -np.inf
        assert ce.likelihood([3, 1], [1.0, 0.0]) == 0.0

    def test_kl_is_plus_inf(self):
        assert ce.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf

    def test_inf_in_one_sample_makes_the_mean_inf(self):
        y = [[0.5, 0.5], [1.0, 0.0]]
        np.testing.assert_array_equal(
            ce.cross_entropy([1, 1], y, reduction="none"), [math.log(2), np.inf]
        )
        assert ce.cross_entropy([1, 1], y) == np.inf

    def test_logit_minus_inf_for_the_target_class(self):
        assert ce.softmax_cross_entropy(1, [0.0, -np.inf]) == np.inf
        assert ce.softmax_cross_entropy([0.0, 1.0], [0.0, -np.inf]) == np.inf


class TestEpsClipping:
    def test_default_is_exact(self):
        assert ce.cross_entropy(1, [1.0, 0.0]) == np.inf

    def test_eps_clips_y_into_eps_one_minus_eps(self):
        assert ce.cross_entropy(1, [1.0, 0.0], eps=1e-7) == pytest.approx(-math.log(1e-7))
        # The top of the range is clipped too: −log(1 − eps) instead of 0.
        assert ce.cross_entropy(0, [1.0, 0.0], eps=1e-7) == pytest.approx(-math.log1p(-1e-7))

    def test_eps_in_the_other_functions(self):
        assert ce.log_likelihood([0, 2], [1.0, 0.0], eps=0.01) == pytest.approx(2 * math.log(0.01))
        assert ce.likelihood([0, 2], [1.0, 0.0], eps=0.01) == pytest.approx(1e-4)
        assert ce.kl_divergence([0.5, 0.5], [1.0, 0.0], eps=0.01) == pytest.approx(
            0.5 * math.log(0.5 / 0.99) + 0.5 * math.log(0.5 / 0.01)
        )

    def test_eps_does_not_renormalise(self):
        # Clipped y sums to 1 + eps; nothing rescales it back.
        assert ce.cross_entropy(0, [1.0, 0.0], eps=0.1) == pytest.approx(-math.log(0.9))


class TestDtypes:
    def test_float32_stays_float32(self):
        y32 = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1]], dtype=np.float32)
        t32 = np.array([[1, 0, 0], [0, 1, 0]], dtype=np.float32)
        z32 = np.array([[2.0, 0.0, 0.0]], dtype=np.float32)
        results = [
            ce.log_likelihood(t32, y32),
            ce.likelihood(t32, y32),
            ce.cross_entropy(t32, y32),
            ce.cross_entropy(np.array([0, 1]), y32, reduction="none"),
            ce.cross_entropy(t32, y32, base=2),
            ce.entropy(y32),
            ce.kl_divergence(t32, y32),
            ce.mle(y32),
            ce.softmax(z32),
            ce.log_softmax(z32),
            ce.softmax_cross_entropy(np.array([0]), z32),
            ce.softmax_cross_entropy_grad(np.array([0]), z32),
        ]
        assert [r.dtype for r in results] == [np.float32] * len(results)

    def test_float64_stays_float64(self):
        assert ce.cross_entropy(0, np.array([0.5, 0.5])).dtype == np.float64
        assert ce.softmax(np.array([1.0, 2.0])).dtype == np.float64

    def test_integers_become_float64(self):
        assert ce.mle([1, 2, 3]).dtype == np.float64
        assert ce.softmax([1, 2]).dtype == np.float64
        assert ce.entropy(np.array([0, 1], dtype=np.int8)).dtype == np.float64
        assert ce.cross_entropy([1, 0], [1, 0]).dtype == np.float64

    @pytest.mark.parametrize(
        "call, name",
        [
            (lambda b: ce.entropy(b), "p"),
            (lambda b: ce.softmax(b), "z"),
            (lambda b: ce.mle(b), "counts"),
            (lambda b: ce.simulate_die(b, 3, seed=0), "probabilities"),
            (lambda b: ce.cross_entropy(b, [1.0, 0.0]), "t"),
            (lambda b: ce.cross_entropy([1, 0], b), "y"),
            (lambda b: ce.log_likelihood(b, [0.5, 0.5]), "t"),
            (lambda b: ce.softmax_cross_entropy(b, [0.0, 1.0]), "t"),
            (lambda b: ce.one_hot(b, 2), "labels"),
            (lambda b: ce.sigmoid(b), "z"),
            (lambda b: ce.binary_cross_entropy(b, [0.5, 0.5]), "t"),
            (
                lambda b: ce.softmax_regression_grad(np.zeros((2, 1)), np.zeros(2), [[1.0]] * 2, b),
                "t",
            ),
        ],
    )
    def test_booleans_are_refused_everywhere_as_labels_are(self, call, name):
        # Labels never took True for 1; probabilities, counts and logits now say the same.
        with pytest.raises(TypeError, match=rf"{name}: must hold numbers, not booleans"):
            call(np.array([True, False]))

    def test_integer_counts_follow_float32_probabilities(self):
        y32 = np.array([0.5, 0.5], dtype=np.float32)
        assert ce.log_likelihood([3, 7], y32).dtype == np.float32
        assert ce.cross_entropy([1, 0], y32).dtype == np.float32


class TestTargets:
    def test_labels_and_one_hot_agree(self):
        y = np.array([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])
        labels = np.array([2, 0])
        for reduction in ("mean", "sum", "none"):
            np.testing.assert_allclose(
                ce.cross_entropy(labels, y, reduction=reduction),
                ce.cross_entropy(ce.one_hot(labels, 3), y, reduction=reduction),
            )

    def test_a_soft_target_is_never_arg_maxed(self):
        t = [0.6, 0.4]
        y = [0.9, 0.1]
        expected = -(0.6 * math.log(0.9) + 0.4 * math.log(0.1))
        assert ce.cross_entropy(t, y) == pytest.approx(expected)
        assert ce.cross_entropy(t, y) != pytest.approx(float(ce.cross_entropy(0, y)))

    def test_unsigned_labels(self):
        assert ce.cross_entropy(np.uint8(1), [0.25, 0.75]) == pytest.approx(-math.log(0.75))

    def test_minus_one_does_not_wrap_to_the_last_class(self):
        with pytest.raises(ValueError, match=r"0 <= label < 3 \(got -1\)"):
            ce.cross_entropy(-1, [0.2, 0.3, 0.5])
        with pytest.raises(ValueError, match=r"got -1"):
            ce.softmax_cross_entropy([0, -1], np.zeros((2, 3)))
        with pytest.raises(ValueError, match=r"got -1"):
            ce.one_hot([-1], 3)

    def test_leading_axes_are_all_samples(self):
        y = np.full((2, 3, 4), 0.25)
        labels = np.zeros((2, 3), dtype=int)
        assert ce.cross_entropy(labels, y, reduction="none").shape == (2, 3)
        assert ce.cross_entropy(labels, y) == pytest.approx(math.log(4))
        assert ce.cross_entropy(labels, y, reduction="sum") == pytest.approx(6 * math.log(4))
        grad = ce.softmax_cross_entropy_grad(labels, np.zeros((2, 3, 4)))
        np.testing.assert_allclose(grad[0, 0], np.array([-0.75, 0.25, 0.25, 0.25]) / 6)

    def test_single_sample_gives_a_scalar_under_every_reduction(self):
        for reduction in ("mean", "sum", "none"):
            value = ce.cross_entropy(0, [0.5, 0.5], reduction=reduction)
            assert np.ndim(value) == 0
            assert value == pytest.approx(math.log(2))

    def test_a_one_class_problem(self):
        assert ce.cross_entropy(0, [1.0]) == 0.0
        assert ce.softmax_cross_entropy(0, [5.0]) == 0.0


class TestLogits:
    def test_minus_inf_is_probability_zero(self):
        np.testing.assert_array_equal(ce.softmax([0.0, -np.inf]), [1.0, 0.0])
        np.testing.assert_array_equal(ce.log_softmax([0.0, -np.inf]), [0.0, -np.inf])

    def test_huge_logits_do_not_overflow(self):
        fmax = np.finfo(np.float64).max
        np.testing.assert_allclose(ce.softmax([fmax, fmax]), [0.5, 0.5])
        np.testing.assert_allclose(ce.log_softmax([fmax, fmax]), [-math.log(2)] * 2)
        np.testing.assert_allclose(ce.log_softmax([-fmax, -fmax]), [-math.log(2)] * 2)
        big = np.float32(3e38)
        np.testing.assert_allclose(ce.softmax(np.array([big, big])), [0.5, 0.5])

    def test_spread_beyond_the_float_range_gives_minus_inf_quietly(self):
        # z_1 − z_0 = −2·fmax is not representable: e^(−2·fmax) is 0 and its log −inf.
        fmax = np.finfo(np.float64).max
        np.testing.assert_array_equal(ce.log_softmax([fmax, -fmax]), [0.0, -np.inf])
        assert ce.softmax_cross_entropy(1, [fmax, -fmax]) == np.inf

    def test_many_row_blocks_give_the_row_by_row_answer(self):
        # Large batches are processed in blocks of rows; every row must still get its own shift.
        rng = np.random.default_rng(0)
        z = rng.normal(size=(3000, 50)) * rng.uniform(0.1, 500, size=(3000, 1))
        labels = rng.integers(0, 50, size=3000)
        shifted = z - z.max(axis=1, keepdims=True)
        log_y = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        np.testing.assert_allclose(ce.log_softmax(z), log_y, atol=1e-12)
        np.testing.assert_allclose(
            ce.softmax_cross_entropy(labels, z, reduction="none"),
            -log_y[np.arange(3000), labels],
            rtol=1e-12,
            atol=1e-12,
        )


def test_no_warning_from_any_function_on_extreme_but_valid_input():
    # The same contract, asserted with an explicit filter rather than the module's mark.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ce.cross_entropy([[0, 1], [1, 0]], [[1.0, 0.0], [1.0, 0.0]])
        ce.log_likelihood([[0, 5]], [[1.0, 0.0]])
        ce.likelihood([10_000, 10_000], [0.5, 0.5])  # underflows to 0.0 quietly
        ce.kl_divergence([1.0, 0.0], [0.0, 1.0])
        ce.softmax([[1e308, -1e308], [-np.inf, 0.0]])
        ce.softmax_cross_entropy_grad([0, 1], [[1e308, -1e308], [-np.inf, 0.0]])


class TestEachInputsOwnPrecision:
    """A distribution's sum is checked with its own dtype's tolerance, not the promoted one."""

    Y32 = ce.softmax(np.float32([0.1, 0.2, 0.3]))  # sums to 1 − 6e-8: exact in float32

    def test_float32_probabilities_with_a_float64_target(self):
        assert abs(float(self.Y32.sum()) - 1) > ce_tolerance(np.float64)
        expected = -math.log(float(self.Y32[0]))
        assert ce.cross_entropy([1.0, 0, 0], self.Y32) == pytest.approx(expected, rel=1e-15)
        assert ce.cross_entropy(ce.one_hot(0, 3), self.Y32) == pytest.approx(expected, rel=1e-15)
        assert np.isfinite(ce.kl_divergence([0.2, 0.3, 0.5], self.Y32))
        assert np.isfinite(ce.log_likelihood([3, 1, 2], self.Y32))

    def test_a_float32_soft_target_with_float64_logits(self):
        t = self.Y32
        assert np.isfinite(ce.softmax_cross_entropy(t, [0.0, 1.0, 2.0]))
        assert ce.softmax_cross_entropy_grad(t, [0.0, 1.0, 2.0]).dtype == np.float64

    def test_a_float64_sum_off_by_float32_rounding_is_still_rejected(self):
        y = self.Y32.astype(np.float64)  # the same numbers, now claiming float64 precision
        y[0] -= 1e-6
        with pytest.raises(ValueError, match="y: probabilities must sum to 1"):
            ce.cross_entropy([1.0, 0, 0], y)


def ce_tolerance(dtype):
    return math.sqrt(np.finfo(dtype).eps)


class TestMleOfHugeCounts:
    """The total of the counts must not overflow to inf (which made every estimate 0)."""

    @pytest.mark.parametrize("dtype, big", [(np.float64, 1e308), (np.float32, 3e38)])
    def test_counts_near_the_float_maximum(self, dtype, big):
        y = ce.mle(np.array([big, big], dtype=dtype))
        assert y.dtype == dtype
        np.testing.assert_array_equal(y, [0.5, 0.5])

    def test_rows_are_scaled_exactly(self):
        # n_k / N exactly as numpy divides, for ordinary, huge and subnormal counts alike.
        tiny = np.float64(5e-324)  # the smallest subnormal: 1, 3 and 6 of it are exact
        counts = np.array([[1.0, 3.0, 6.0], [1e300, 3e300, 6e300], [tiny, 3 * tiny, 6 * tiny]])
        np.testing.assert_array_equal(ce.mle(counts), [[0.1, 0.3, 0.6]] * 3)


class TestGradientOfATargetSummingTo1OnlyToRounding:
    """A soft target within the tolerance of 1 gets the gradient of the loss it gets."""

    T32 = np.array([0.3, 0.7002], dtype=np.float32)  # sums to 1.0002, within float32's 3.5e-4
    Z = np.array([0.5, -1.0])

    def test_matches_central_differences_of_the_returned_loss(self):
        grad = ce.softmax_cross_entropy_grad(self.T32, self.Z)
        h = 1e-6
        numeric = [
            (
                ce.softmax_cross_entropy(self.T32, self.Z + step)
                - ce.softmax_cross_entropy(self.T32, self.Z - step)
            )
            / (2 * h)
            for step in np.eye(2) * h
        ]
        np.testing.assert_allclose(grad, numeric, atol=1e-9)

    def test_is_y_times_the_sum_minus_t(self):
        t = self.T32.astype(np.float64)
        expected = ce.softmax(self.Z) * t.sum() - t
        np.testing.assert_allclose(
            ce.softmax_cross_entropy_grad(self.T32, self.Z), expected, rtol=1e-15
        )
        # Its entries sum to 0 (the loss ignores a shift of all logits), not to 1 − Σ t.
        assert abs(ce.softmax_cross_entropy_grad(self.T32, self.Z).sum()) < 1e-15

    def test_float16_is_no_longer_percent_off(self):
        t16 = np.array([0.5, 0.5005], dtype=np.float16)  # sum 1.0 + 2^-11 in float16
        z16 = np.zeros(2, dtype=np.float16)
        t = t16.astype(np.float64)
        exact = 0.5 * t.sum() - t
        np.testing.assert_allclose(
            ce.softmax_cross_entropy_grad(t16, z16), exact, rtol=2e-3, atol=1e-4
        )


class TestMaskedArrays:
    """numpy's asarray drops a mask silently: every function refuses a masked array instead."""

    MASKED = np.ma.array([0.5, 0.5, 0.7], mask=[False, False, True])

    @pytest.mark.parametrize(
        "call",
        [
            lambda m: ce.entropy(m),
            lambda m: ce.cross_entropy([1, 0, 0], m),
            lambda m: ce.kl_divergence(m, [0.2, 0.3, 0.5]),
            lambda m: ce.mle(m),
            lambda m: ce.softmax(m),
            lambda m: ce.softmax_cross_entropy(0, m),
            lambda m: ce.sigmoid(m),
            lambda m: ce.binary_cross_entropy([1, 0, 1], m),
            lambda m: ce.simulate_die(m, 3, seed=0),
        ],
    )
    def test_is_a_type_error_naming_the_argument(self, call):
        with pytest.raises(TypeError, match=r"\w+: masked arrays are not supported"):
            call(self.MASKED)

    def test_even_without_masked_entries(self):
        with pytest.raises(TypeError, match="labels: masked arrays"):
            ce.one_hot(np.ma.array([0, 1]), 2)


class TestEpsBelowTheSmallestNormal:
    """An eps that rounds to 0 in y's dtype would not clip: it is refused, not ignored."""

    @pytest.mark.parametrize(
        "call",
        [
            lambda eps: ce.cross_entropy([0, 1], np.float32([1, 0]), eps=eps),
            lambda eps: ce.log_likelihood([0, 1], np.float32([1, 0]), eps=eps),
            lambda eps: ce.kl_divergence([0, 1], np.float32([1, 0]), eps=eps),
        ],
    )
    def test_float32(self, call):
        with pytest.raises(ValueError, match=r"eps: must be at least 1.17549\d*e-38"):
            call(1e-46)
        assert np.isfinite(call(1.2e-38))  # the smallest normal float32 still clips

    def test_float64(self):
        with pytest.raises(ValueError, match=r"eps: must be at least 2.225\d*e-308"):
            ce.cross_entropy([0, 1], [1.0, 0.0], eps=1e-320)
        assert ce.cross_entropy([0, 1], [1.0, 0.0], eps=3e-308) == pytest.approx(-math.log(3e-308))


class TestIntegersCheckedBeforeTheCast:
    """Integer counts are validated as given, then cast; one too large for the dtype says so."""

    Y16 = np.float16([0.5, 0.5])

    def test_a_count_too_large_for_float16_is_named(self):
        with pytest.raises(ValueError, match=r"t: 70000 at index 0 is too large for float16"):
            ce.log_likelihood([70000, 0], self.Y16)
        with pytest.raises(ValueError, match=r"t: 70000 at index 0 is too large for float16"):
            ce.likelihood([70000, 0], self.Y16)

    def test_a_negative_count_is_reported_as_given(self):
        with pytest.raises(
            ValueError, match=r"t: counts must be non-negative \(got -70000 at index 0\)"
        ):
            ce.log_likelihood([-70000, 0], self.Y16)

    def test_counts_that_fit_stay_in_float16(self):
        value = ce.log_likelihood([60000, 0], self.Y16)
        assert value.dtype == np.float16
        assert value == pytest.approx(60000 * math.log(0.5), rel=1e-3)
