"""Numbers worked by hand in the chapters, recomputed by the package."""

import math

import numpy as np
import pytest

import crossentropy as ce

FAIR_DIE = [1 / 6] * 6
# A loaded die: face 1 comes up half the time.
LOADED_DIE = [0.5, 0.1, 0.1, 0.1, 0.1, 0.1]
FACE_1 = [1, 0, 0, 0, 0, 0]  # one throw showing 1, written as a one-hot t (chapter 4)


def test_one_throw_keeps_only_log_y1():
    # (4.1) expanded term by term: t_1 log y_1 + 0 log y_2 + ... = log y_1.
    assert ce.log_likelihood(FACE_1, LOADED_DIE) == pytest.approx(math.log(0.5))
    assert ce.log_likelihood(FACE_1, FAIR_DIE) == pytest.approx(-math.log(6))


@pytest.mark.parametrize("die, y_1", [(FAIR_DIE, 1 / 6), (LOADED_DIE, 0.5)])
def test_cross_entropy_of_one_throw_is_minus_log_y1(die, y_1):
    # (4.3): −log L = −Σ t_k log y_k = −log y_1 for the throw showing 1.
    assert ce.cross_entropy(FACE_1, die) == pytest.approx(-math.log(y_1))


def test_fair_die_cross_entropy_is_log_6_for_every_face():
    faces = np.eye(6)
    losses = ce.cross_entropy(faces, np.full((6, 6), 1 / 6), reduction="none")
    np.testing.assert_allclose(losses, np.full(6, math.log(6)))


def test_log_likelihood_of_counts_eq_3_6():
    # (3.6): log L = Σ_k n_k log y_k; for 20 throws with counts n.
    n = [8, 2, 3, 1, 4, 2]
    expected = sum(n_k * math.log(y_k) for n_k, y_k in zip(n, LOADED_DIE, strict=True))
    assert ce.log_likelihood(n, LOADED_DIE) == pytest.approx(expected)


def test_likelihood_is_the_product_of_probabilities():
    # Before the log: L = Π_k y_k^{n_k}; 3 heads and 1 tail of a 0.7 coin.
    assert ce.likelihood([3, 1], [0.7, 0.3]) == pytest.approx(0.7**3 * 0.3)


def test_likelihood_underflows_where_the_log_likelihood_does_not():
    # Why chapter 3 takes logs: 6000 fair throws have L = 6^-6000, below the smallest float.
    counts = [1000] * 6
    assert ce.likelihood(counts, FAIR_DIE) == 0.0
    assert ce.log_likelihood(counts, FAIR_DIE) == pytest.approx(-6000 * math.log(6))


@pytest.mark.parametrize(
    "y, expected",
    [
        ((0.8, 0.1, 0.1), 0.2231),  # the trained network of chapter 5
        ((0.33, 0.32, 0.35), 1.1087),  # the untrained one
    ],
)
def test_dog_fox_wolf_chapter_5(y, expected):
    dog = [1, 0, 0]
    assert ce.cross_entropy(dog, y) == pytest.approx(-math.log(y[0]))
    assert round(float(ce.cross_entropy(dog, y)), 4) == expected
    assert ce.cross_entropy(0, y) == ce.cross_entropy(dog, y)  # label 0 = the one-hot dog


def test_trained_network_has_the_smaller_loss():
    assert ce.cross_entropy(0, [0.8, 0.1, 0.1]) < ce.cross_entropy(0, [0.33, 0.32, 0.35])


def test_mini_batch_of_four_chapter_6():
    # E = (1/N) Σ_n E_n, each E_n = −log of the probability given to the correct class.
    y = np.array(
        [
            [0.8, 0.1, 0.1],
            [0.2, 0.7, 0.1],
            [0.1, 0.3, 0.6],
            [0.3, 0.4, 0.3],
        ]
    )
    labels = np.array([0, 1, 2, 0])
    per_sample = [-math.log(0.8), -math.log(0.7), -math.log(0.6), -math.log(0.3)]
    np.testing.assert_allclose(ce.cross_entropy(labels, y, reduction="none"), per_sample)
    assert ce.cross_entropy(labels, y) == pytest.approx(sum(per_sample) / 4)
    assert ce.cross_entropy(labels, y, reduction="sum") == pytest.approx(sum(per_sample))
    assert ce.cross_entropy(ce.one_hot(labels, 3), y) == pytest.approx(sum(per_sample) / 4)


def test_mle_is_the_relative_frequency():
    # Supplement A: y_k = n_k / N.
    np.testing.assert_allclose(ce.mle([8, 2, 3, 1, 4, 2]), [0.4, 0.1, 0.15, 0.05, 0.2, 0.1])
    np.testing.assert_allclose(ce.mle([[1, 3], [5, 5]]), [[0.25, 0.75], [0.5, 0.5]])


def test_entropy_known_values():
    assert ce.entropy(FAIR_DIE) == pytest.approx(math.log(6))
    assert ce.entropy([0.5, 0.5], base=2) == pytest.approx(1.0)
    assert ce.entropy(FAIR_DIE, base=6) == pytest.approx(1.0)
    assert ce.entropy(FACE_1) == 0.0


def test_kl_divergence_known_value():
    # 0.5 log(0.5/0.9) + 0.5 log(0.5/0.1)
    expected = 0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(0.5 / 0.1)
    assert ce.kl_divergence([0.5, 0.5], [0.9, 0.1]) == pytest.approx(expected)
    assert ce.kl_divergence(LOADED_DIE, LOADED_DIE) == 0.0


def test_supplement_b_on_the_loaded_die():
    # E(t, y) = H(t) + D_KL(t‖y) with t the loaded die and y the fair model.
    e = ce.cross_entropy(LOADED_DIE, FAIR_DIE)
    assert e == pytest.approx(math.log(6))  # any t against a uniform y: log 6
    assert e == pytest.approx(ce.entropy(LOADED_DIE) + ce.kl_divergence(LOADED_DIE, FAIR_DIE))


def test_cross_entropy_in_bits():
    assert ce.cross_entropy([1, 0, 0, 0], [0.25] * 4, base=2) == pytest.approx(2.0)


def test_softmax_known_values():
    np.testing.assert_allclose(ce.softmax([0.0, 0.0, 0.0, 0.0]), [0.25] * 4)
    e = math.exp(1)
    np.testing.assert_allclose(ce.softmax([1.0, 0.0]), [e / (e + 1), 1 / (e + 1)])
    np.testing.assert_allclose(ce.softmax([1000.0, 1000.0]), [0.5, 0.5])


def test_log_softmax_keeps_a_tiny_probability_finite():
    # softmax([0, 1000])[0] = e^-1000 rounds to 0, but its log is exactly −1000.
    np.testing.assert_allclose(ce.log_softmax([0.0, 1000.0]), [-1000.0, 0.0])
    assert ce.softmax_cross_entropy(0, [0.0, 1000.0]) == pytest.approx(1000.0)


def test_softmax_cross_entropy_uniform_logits_is_log_k():
    assert ce.softmax_cross_entropy(2, [3.0, 3.0, 3.0, 3.0]) == pytest.approx(math.log(4))


def test_gradient_is_y_minus_t():
    # Chapter 6: ∂E/∂z = y − t; z = (0, 0) gives y = (0.5, 0.5).
    np.testing.assert_allclose(ce.softmax_cross_entropy_grad(1, [0.0, 0.0]), [0.5, -0.5])
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    t = np.array([[0.0, 0.0, 1.0], [0.5, 0.5, 0.0]])
    y = ce.softmax(z)
    np.testing.assert_allclose(ce.softmax_cross_entropy_grad(t, z), (y - t) / 2)
    np.testing.assert_allclose(ce.softmax_cross_entropy_grad(t, z, reduction="sum"), y - t)
    np.testing.assert_allclose(ce.softmax_cross_entropy_grad(t, z, reduction="none"), y - t)


def test_one_hot():
    np.testing.assert_array_equal(ce.one_hot(2, 4), [0, 0, 1, 0])
    np.testing.assert_array_equal(ce.one_hot([[0], [1]], 2), [[[1, 0]], [[0, 1]]])
    assert ce.one_hot([0, 1], 2).dtype == np.float64
    assert ce.one_hot([0, 1], 2, dtype=np.float32).dtype == np.float32


class TestSimulateDie:
    def test_counts_add_up_to_the_throws(self):
        counts = ce.simulate_die(LOADED_DIE, 20, seed=0)
        assert counts.shape == (6,)
        assert counts.dtype.kind == "i"
        assert counts.sum() == 20
        assert (counts >= 0).all()

    def test_same_seed_same_experiment(self):
        first = ce.simulate_die(LOADED_DIE, 20, seed=42)
        np.testing.assert_array_equal(first, ce.simulate_die(LOADED_DIE, 20, seed=42))
        assert not np.array_equal(first, ce.simulate_die(LOADED_DIE, 20, seed=43))

    def test_accepts_a_generator(self):
        rng = np.random.default_rng(7)
        expected = np.random.default_rng(7).multinomial(20, LOADED_DIE)
        np.testing.assert_array_equal(ce.simulate_die(LOADED_DIE, 20, seed=rng), expected)

    def test_an_impossible_face_never_comes_up(self):
        assert ce.simulate_die([0.5, 0.0, 0.5], 1000, seed=1)[1] == 0

    def test_frequencies_approach_the_probabilities(self):
        # Law of large numbers: with 10^6 throws each frequency is within 5 standard errors.
        n = 1_000_000
        freq = ce.mle(ce.simulate_die(LOADED_DIE, n, seed=3))
        p = np.array(LOADED_DIE)
        assert np.all(np.abs(freq - p) < 5 * np.sqrt(p * (1 - p) / n))

    def test_several_dice_at_once(self):
        counts = ce.simulate_die([[0.5, 0.5], [1.0, 0.0]], 10, seed=0)
        np.testing.assert_array_equal(counts.sum(axis=-1), [10, 10])
        np.testing.assert_array_equal(counts[1], [10, 0])

    def test_zero_throws(self):
        np.testing.assert_array_equal(ce.simulate_die(FAIR_DIE, 0, seed=0), np.zeros(6))

    def test_probabilities_within_tolerance_that_numpy_rejects(self):
        # Sums to 1 within our tolerance (1.5e-8 for float64), yet numpy's sampler demands
        # sum(p[:-1]) <= 1 + 1e-12.
        p = [0.5, 0.5 + 1e-9, 0.0]
        with pytest.raises(ValueError, match="pvals"):
            np.random.default_rng(0).multinomial(10, p)
        counts = ce.simulate_die(p, 10, seed=0)
        assert counts.sum() == 10
        assert counts[2] == 0

    def test_float32_probabilities(self):
        p = np.full(10, 0.1, dtype=np.float32)  # sums to 1.0000001 in float32
        assert ce.simulate_die(p, 100, seed=0).sum() == 100
