"""Every documented ValueError and TypeError, with the words of its message.

A message names the argument and the rule it broke, and shows the offending value.
"""

from fractions import Fraction

import numpy as np
import pytest

import crossentropy as ce

Y = [0.8, 0.1, 0.1]
T = [1, 0, 0]
Z = [2.0, 0.0, 0.0]

CASES = [
    # ---- probabilities y (and p, q): range, finiteness, sum; never renormalised
    (
        ce.cross_entropy,
        (T, [0.9, 0.2, -0.1]),
        {},
        r"y: probabilities must be non-negative \(got -0.1 at index 2\)",
    ),
    (ce.cross_entropy, (T, [1.2, -0.1, -0.1]), {}, r"y: probabilities must be non-negative"),
    (
        ce.cross_entropy,
        (T, [1.5, 0.0, 0.0]),
        {},
        r"y: probabilities must be at most 1 \(got 1.5 at index 0\)",
    ),
    (ce.cross_entropy, (T, [0.8, 0.1, np.nan]), {}, r"y: must be finite \(got nan at index 2\)"),
    (ce.cross_entropy, (T, [0.8, 0.1, np.inf]), {}, r"y: must be finite \(got inf"),
    (ce.cross_entropy, (T, [0.8, 0.1, -np.inf]), {}, r"y: must be finite \(got -inf"),
    (
        ce.cross_entropy,
        (T, [0.8, 0.1, 0.0]),
        {},
        r"y: probabilities must sum to 1 along the last axis \(got sum 0.9\)",
    ),
    (
        ce.cross_entropy,
        ([0, 1], [[0.5, 0.5], [0.6, 0.6]]),
        {},
        r"y: .*sum to 1 .*\(got sum 1.2 in row 1\)",
    ),
    (ce.log_likelihood, (T, [0.4, 0.4, 0.4]), {}, r"y: probabilities must sum to 1"),
    (ce.likelihood, (T, [0.4, 0.4, 0.4]), {}, r"y: probabilities must sum to 1"),
    (ce.entropy, ([0.5, 0.6],), {}, r"p: probabilities must sum to 1 .*\(got sum 1.1\)"),
    (ce.entropy, ([1.0, np.nan],), {}, r"p: must be finite"),
    (ce.kl_divergence, ([0.5, 0.5], [0.5, 0.6]), {}, r"q: probabilities must sum to 1"),
    (ce.kl_divergence, ([0.5, 0.4], [0.5, 0.5]), {}, r"p: probabilities must sum to 1"),
    (ce.kl_divergence, ([0.5, 0.5], [-0.5, 1.5]), {}, r"q: probabilities must be non-negative"),
    (ce.simulate_die, ([0.5, 0.4], 10), {"seed": 0}, r"probabilities: probabilities must sum to 1"),
    # ---- distribution targets t
    (
        ce.cross_entropy,
        ([0.5, 0.6, 0.0], Y),
        {},
        r"t: probabilities must sum to 1 .*\(got sum 1.1\)",
    ),
    (ce.cross_entropy, ([1.5, -0.5, 0.0], Y), {}, r"t: probabilities must be non-negative"),
    (ce.cross_entropy, ([np.nan, 1.0, 0.0], Y), {}, r"t: must be finite"),
    (ce.softmax_cross_entropy, ([0.5, 0.6, 0.0], Z), {}, r"t: probabilities must sum to 1"),
    # ---- count targets: non-negative, finite; mle needs a positive total
    (
        ce.log_likelihood,
        ([3, -1, 0], Y),
        {},
        r"t: counts must be non-negative \(got -1 at index 1\)",
    ),
    (ce.log_likelihood, ([3, np.inf, 0], Y), {}, r"t: must be finite \(got inf at index 1\)"),
    (ce.likelihood, ([3, -1, 0], Y), {}, r"t: counts must be non-negative"),
    (ce.mle, ([2, -1, 3],), {}, r"counts: counts must be non-negative"),
    (ce.mle, ([2, np.nan, 3],), {}, r"counts: must be finite"),
    (ce.mle, ([0, 0, 0],), {}, r"counts: counts must not all be zero \(total 0\)"),
    (ce.mle, ([[1, 2], [0, 0]],), {}, r"counts: counts must not all be zero \(total 0 in row 1\)"),
    # ---- labels: integer dtype, 0 <= label < K
    (ce.cross_entropy, (-1, Y), {}, r"t: class labels must satisfy 0 <= label < 3 \(got -1\)"),
    (ce.cross_entropy, (3, Y), {}, r"t: class labels must satisfy 0 <= label < 3 \(got 3\)"),
    (ce.cross_entropy, (0.0, Y), {}, r"t: class labels must have an integer dtype \(got float64"),
    (
        ce.softmax_cross_entropy,
        ([0, 5], np.zeros((2, 3))),
        {},
        r"t: class labels must satisfy 0 <= label < 3 \(got 5\)",
    ),
    (ce.softmax_cross_entropy_grad, ([-1], np.zeros((1, 3))), {}, r"0 <= label < 3 \(got -1\)"),
    (ce.one_hot, ([0, 3], 3), {}, r"labels: class labels must satisfy 0 <= label < 3 \(got 3\)"),
    (ce.one_hot, ([0.0, 1.0], 3), {}, r"labels: class labels must have an integer dtype"),
    (
        ce.one_hot,
        (np.array([], dtype=int), 3),
        {},
        r"labels: needs at least one sample \(got shape \(0,\)\)",
    ),
    (ce.one_hot, ([0], 0), {}, r"num_classes: must be at least 1 \(got 0\)"),
    # ---- logits: −inf allowed; NaN, +inf, a row of −inf not
    (ce.softmax, ([0.0, np.nan],), {}, r"z: logits must not be NaN \(got nan at index 1\)"),
    (
        ce.softmax,
        ([[0.0, 1.0], [0.0, np.inf]],),
        {},
        r"z: logits must not be \+inf \(got inf at index \(1, 1\)\)",
    ),
    (
        ce.log_softmax,
        ([-np.inf, -np.inf],),
        {},
        r"z: logits must not all be -inf \(got a row of -inf\)",
    ),
    (
        ce.log_softmax,
        ([[0.0, 1.0], [-np.inf, -np.inf]],),
        {},
        r"z: logits must not all be -inf .*in row 1",
    ),
    (ce.softmax_cross_entropy, (0, [np.nan, 0.0]), {}, r"z: logits must not be NaN"),
    (ce.softmax_cross_entropy, ([1.0, 0.0], [np.inf, 0.0]), {}, r"z: logits must not be \+inf"),
    (ce.softmax_cross_entropy_grad, (0, [-np.inf, -np.inf]), {}, r"z: logits must not all be -inf"),
    # ---- shapes: a mismatch shows both; N = 0 or K = 0
    (ce.cross_entropy, ([1, 0], Y), {}, r"t and y: shapes do not match \(got \(2,\) and \(3,\)\)"),
    (
        ce.cross_entropy,
        ([0, 1, 2], np.full((2, 3), 1 / 3)),
        {},
        r"got \(3,\) and \(2, 3\).*\(2,\) for class labels",
    ),
    (
        ce.softmax_cross_entropy,
        ([1, 0], Z),
        {},
        r"t and z: shapes do not match \(got \(2,\) and \(3,\)\)",
    ),
    (ce.log_likelihood, ([1, 0], Y), {}, r"t and y: shapes must match \(got \(2,\) and \(3,\)\)"),
    (
        ce.kl_divergence,
        ([1.0], [0.5, 0.5]),
        {},
        r"p and q: shapes must match \(got \(1,\) and \(2,\)\)",
    ),
    (
        ce.cross_entropy,
        (np.zeros((0, 3)), np.zeros((0, 3))),
        {},
        r"y: needs at least one sample and one class \(got shape \(0, 3\)\)",
    ),
    (
        ce.cross_entropy,
        (np.zeros(2, dtype=int), np.zeros((2, 0))),
        {},
        r"y: needs at least one sample and one class \(got shape \(2, 0\)\)",
    ),
    (ce.softmax, (np.zeros((0, 3)),), {}, r"z: needs at least one sample and one class"),
    (ce.entropy, ([],), {}, r"p: needs at least one sample and one class \(got shape \(0,\)\)"),
    (ce.mle, (np.zeros((0, 6)),), {}, r"counts: needs at least one sample and one class"),
    (ce.entropy, (1.0,), {}, r"p: needs a class axis \(got a scalar\)"),
    (ce.cross_entropy, (1.0, 1.0), {}, r"y: needs a class axis \(got a scalar\)"),
    (ce.softmax, (3.0,), {}, r"z: needs a class axis \(got a scalar\)"),
    (ce.cross_entropy, ([[1, 0], [0, 1, 0]], Y), {}, r"t: must be a rectangular array"),
    # ---- options
    (
        ce.cross_entropy,
        (T, Y),
        {"reduction": "avg"},
        r"reduction: must be 'mean', 'sum' or 'none' \(got 'avg'\)",
    ),
    (
        ce.softmax_cross_entropy,
        (0, Z),
        {"reduction": None},
        r"reduction: must be 'mean', 'sum' or 'none' \(got None\)",
    ),
    (ce.softmax_cross_entropy_grad, (0, Z), {"reduction": "batchmean"}, r"reduction: must be"),
    (
        ce.cross_entropy,
        (T, Y),
        {"base": 1},
        r"base: must be a finite number > 0 other than 1 \(got 1\)",
    ),
    (ce.entropy, (Y,), {"base": -2}, r"base: must be a finite number > 0 other than 1 \(got -2\)"),
    (ce.kl_divergence, (Y, Y), {"base": np.inf}, r"base: must be a finite number > 0"),
    (ce.cross_entropy, (T, Y), {"eps": 0}, r"eps: must satisfy 0 < eps < 0.5 \(got 0\)"),
    (ce.log_likelihood, (T, Y), {"eps": 0.5}, r"eps: must satisfy 0 < eps < 0.5 \(got 0.5\)"),
    (ce.kl_divergence, (Y, Y), {"eps": -1e-7}, r"eps: must satisfy 0 < eps < 0.5"),
    (ce.simulate_die, (Y, -1), {"seed": 0}, r"n: number of throws must be non-negative \(got -1\)"),
]

# Each of these raised numpy's or Python's own error, which names no argument.
CASES += [
    (ce.simulate_die, (Y, 2**63), {"seed": 0}, r"n: number of throws must be below 2\*\*63"),
    (ce.simulate_die, (Y, 2), {"seed": -1}, r"seed: must be non-negative \(got -1\)"),
    (ce.cross_entropy, (T, Y), {"reduction": np.array(["mean", "sum"])}, r"reduction: must be"),
    (ce.one_hot, (0, 10**20), {}, r"num_classes: 1 labels × 10{20} classes is more entries"),
    (ce.one_hot, ([], 3), {}, r"labels: needs at least one sample \(got shape \(0,\)\)"),
]

TYPE_CASES = [
    (ce.cross_entropy, (T, ["a", "b", "c"]), {}, r"y: must hold real numbers \(got dtype <U1\)"),
    (ce.cross_entropy, ("abc", Y), {}, r"t: must hold real numbers"),
    (
        ce.log_likelihood,
        (T, [0.8, None, 0.1]),
        {},
        r"y: must hold real numbers \(got dtype object\)",
    ),
    (ce.entropy, ([0.5 + 0j, 0.5],), {}, r"p: must hold real numbers \(got dtype complex128\)"),
    (ce.mle, (np.array(["1", "2"]),), {}, r"counts: must hold real numbers"),
    (ce.softmax, ([None, 1.0],), {}, r"z: must hold real numbers"),
    (ce.one_hot, (["a"], 3), {}, r"labels: must hold real numbers"),
    (ce.one_hot, ([0], 2.0), {}, r"num_classes: must be an integer \(got 2.0\)"),
    (ce.one_hot, ([0], True), {}, r"num_classes: must be an integer \(got True\)"),
    (ce.cross_entropy, (True, Y), {}, r"t: must hold numbers, not booleans \(got dtype bool\)"),
    (ce.simulate_die, (Y, 2.5), {"seed": 0}, r"n: must be an integer \(got 2.5\)"),
    (ce.cross_entropy, (T, Y), {"base": "2"}, r"base: must be a real number or None \(got '2'\)"),
    (ce.cross_entropy, (T, Y), {"eps": "1e-7"}, r"eps: must be a real number or None"),
    (ce.simulate_die, (Y, 2), {"seed": 1.5}, r"seed: must be a non-negative integer, a numpy"),
    (ce.simulate_die, (Y, 2), {"seed": "0"}, r"seed: must be a non-negative integer"),
]


def test_any_real_base_and_eps_work_like_floats():
    # A Fraction is a real number: it used to fail inside numpy (isfinite, log).
    assert ce.entropy(Y, base=Fraction(1, 2)) == ce.entropy(Y, base=0.5)
    assert ce.cross_entropy(T, Y, eps=Fraction(1, 10)) == ce.cross_entropy(T, Y, eps=0.1)
    assert ce.kl_divergence(Y, Y, eps=np.float32(1e-3), base=np.int64(2)) == 0.0


def test_seeds_that_numpy_takes_still_work():
    expected = np.random.default_rng(7).multinomial(5, Y)
    np.testing.assert_array_equal(ce.simulate_die(Y, 5, seed=7), expected)
    np.testing.assert_array_equal(ce.simulate_die(Y, 5, seed=np.int64(7)), expected)
    np.testing.assert_array_equal(ce.simulate_die(Y, 5, seed=np.random.default_rng(7)), expected)
    assert ce.simulate_die(Y, 5, seed=None).sum() == 5


def _id(case):
    func, _, _, match = case
    return f"{func.__name__}: {match[:40]}"


@pytest.mark.parametrize("func, args, kwargs, match", CASES, ids=map(_id, CASES))
def test_value_error(func, args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        func(*args, **kwargs)


@pytest.mark.parametrize("func, args, kwargs, match", TYPE_CASES, ids=map(_id, TYPE_CASES))
def test_type_error(func, args, kwargs, match):
    with pytest.raises(TypeError, match=match):
        func(*args, **kwargs)


def test_seed_must_be_given_by_name():
    with pytest.raises(TypeError, match="seed"):
        ce.simulate_die(Y, 10)


def test_sum_within_tolerance_is_accepted_and_just_outside_is_not():
    # The tolerance is sqrt(machine epsilon): about 1.5e-8 for float64, 3.5e-4 for float32.
    assert np.isfinite(ce.cross_entropy(0, [0.5, 0.5 + 1e-9]))
    with pytest.raises(ValueError, match="sum to 1"):
        ce.cross_entropy(0, [0.5, 0.5 + 1e-7])
    y32 = np.array([0.5, 0.5001], dtype=np.float32)
    assert np.isfinite(ce.cross_entropy(0, y32))
    with pytest.raises(ValueError, match="sum to 1"):
        ce.cross_entropy(0, np.array([0.5, 0.501], dtype=np.float32))


def test_validation_happens_before_any_output():
    # A bad row anywhere rejects the whole batch: nothing is returned for the good rows.
    y = np.full((100, 2), 0.5)
    y[57] = [0.5, 0.6]
    with pytest.raises(ValueError, match="in row 57"):
        ce.cross_entropy(np.zeros(100, dtype=int), y, reduction="none")
