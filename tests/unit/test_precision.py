"""Precision to the last bits, against a 50-digit reference computed with Python's decimal.

The reference takes the float inputs exactly (``Decimal(float)`` is exact) and computes the exact
value of each function of those inputs, so an error here is the package's own rounding, in
units in the last place (ulps) of the exact value in the output's dtype. Rows are random with K
from 2 to 1000 and include confident ones, whose loss is near 0 and lost every digit before
log1p.

``python tests/unit/test_precision.py`` prints the table of the largest errors.
"""

from decimal import Decimal, localcontext

import numpy as np
import pytest
import scipy.special

import crossentropy as ce

pytestmark = pytest.mark.filterwarnings("error")

DIGITS = 50
ULPS = 4  # "within a few ulps": the most any function here may be off, relative
DTYPES = (np.float32, np.float64)


def ulps(got, exact: Decimal, dtype) -> float:
    """|got − exact| in units in the last place of exact, in ``dtype``."""
    spacing = np.spacing(np.abs(np.asarray(float(exact), dtype=dtype)))
    return float(abs(Decimal(float(got)) - exact) / Decimal(float(spacing)))


def exact_log_sum_exp(z) -> Decimal:
    with localcontext(prec=DIGITS):
        m = max(Decimal(float(v)) for v in z)
        return m + sum((Decimal(float(v)) - m).exp() for v in z).ln()


def logit_rows(dtype, seed):
    """Rows of logits and a label each: K from 2 to 1000, spread 1 to 10, and confident rows
    whose label logit leads the others by up to 40 (20 in float32), a loss down to e^-40.

    Small K gets more rows: one term decides there, large K averages the roundings out.
    """
    rng = np.random.default_rng(seed)
    leads = (0, 5, 10, 20) if dtype == np.float32 else (0, 5, 10, 20, 40)
    for k, repeats, scales in (
        (2, 6, (1, 10)),
        (3, 3, (1, 10)),
        (10, 2, (1, 10)),
        (100, 1, (3,)),
        (1000, 1, (3,)),
    ):
        for scale in scales:
            for lead in leads if k < 1000 else leads[::2]:
                for _ in range(repeats):
                    z = (scale * rng.standard_normal(k)).astype(dtype)
                    label = int(rng.integers(k))
                    if lead:
                        z[label] = z.max() + dtype(lead)
                    yield z, label


def probability_rows(dtype, seed):
    """Rows of probabilities y and a label each, with confident rows (y_label near 1)."""
    for z, label in logit_rows(dtype, seed):
        yield ce.softmax(z), label


def soft_target(k, label, rng, dtype):
    """A soft target: mostly the label, the rest spread (label smoothing of random size)."""
    t = rng.dirichlet(np.ones(k)) * rng.uniform(0, 0.2)
    t[label] += 1 - t.sum()
    return t.astype(dtype)


def max_errors(dtype, seed=0):
    """The largest error in ulps of each function over the rows, by name."""
    rng = np.random.default_rng(seed + 1)
    worst: dict[str, float] = {}

    def record(name, got, exact):
        worst[name] = max(worst.get(name, 0.0), ulps(got, exact, dtype))

    for z, label in logit_rows(dtype, seed):
        lse = exact_log_sum_exp(z)
        log_y = ce.log_softmax(z)
        with localcontext(prec=DIGITS):
            exact_log_y = [Decimal(float(v)) - lse for v in z]
            for got, exact in zip(log_y, exact_log_y, strict=True):
                record("log_softmax", got, exact)
            record(
                "softmax_cross_entropy (label)",
                ce.softmax_cross_entropy(label, z),
                -exact_log_y[label],
            )
            t = soft_target(len(z), label, rng, dtype)
            exact = -sum(Decimal(float(tk)) * e for tk, e in zip(t, exact_log_y, strict=True))
            record("softmax_cross_entropy (soft t)", ce.softmax_cross_entropy(t, z), exact)
    for y, label in probability_rows(dtype, seed):
        with localcontext(prec=DIGITS):
            exact_log_y = [Decimal(float(v)).ln() if v > 0 else None for v in y]
            if exact_log_y[label] is not None and y[label] < 1:
                record("cross_entropy (label)", ce.cross_entropy(label, y), -exact_log_y[label])
            t = soft_target(len(y), label, rng, dtype)
            if all(e is not None for e in exact_log_y):
                exact = -sum(Decimal(float(tk)) * e for tk, e in zip(t, exact_log_y, strict=True))
                if exact > 0:
                    record("cross_entropy (soft t)", ce.cross_entropy(t, y), exact)
    return worst


@pytest.mark.parametrize("dtype", DTYPES)
def test_losses_and_log_softmax_are_within_a_few_ulps(dtype):
    worst = max_errors(dtype)
    assert len(worst) == 5
    assert max(worst.values()) <= ULPS, worst


# ---- defect regressions: a confident row keeps its digits (log1p of the rest)


@pytest.mark.parametrize("dtype", DTYPES)
def test_a_confident_loss_keeps_its_digits(dtype):
    # E = log(1 + e^-20) ≈ 2.06e-9: log of the rounded 1 + 2.06e-9 keeps 7 digits in float64
    # and none in float32 (1 + 2e-9 rounds to 1, so E came out 0).
    z = np.array([20.0, 0.0], dtype=dtype)
    exact = exact_log_sum_exp(z) - Decimal(20)
    assert ulps(ce.softmax_cross_entropy(0, z), exact, dtype) <= ULPS
    assert ulps(ce.log_softmax(z)[0], -exact, dtype) <= ULPS
    assert ulps(ce.softmax_cross_entropy([1, 0], z), exact, dtype) <= ULPS


def test_two_class_log_softmax_is_the_log_sigmoid_of_the_logit_difference():
    z1 = np.array([-700.0, -30.0, -1.0, 0.0, 8.0, 20.0, 30.0, 700.0])
    z = np.stack([np.zeros_like(z1), z1], axis=-1)
    np.testing.assert_allclose(ce.log_softmax(z)[:, 1], ce.log_sigmoid(z1), rtol=4e-16)


# ---- kl_divergence: at least as accurate as scipy.special.rel_entr summed


def near_pairs(seed=0):
    """(p, q) pairs with q = p·(1 + δ·noise), renormalised, for δ from 1e-2 to 1e-10."""
    rng = np.random.default_rng(seed)
    for delta in (1e-2, 1e-4, 1e-7, 3e-10):
        for k in (2, 10, 100):
            for _ in range(3):
                p = rng.dirichlet(np.ones(k))
                q = p * (1 + delta * rng.standard_normal(k))
                yield delta, p, q / q.sum()


def exact_kl(p, q) -> Decimal:
    with localcontext(prec=DIGITS):
        return sum(
            Decimal(float(a)) * (Decimal(float(a)) / Decimal(float(b))).ln()
            for a, b in zip(p, q, strict=True)
            if a > 0
        )


def kl_errors(seed=0):
    """Relative error of ours and of rel_entr summed, per δ: {δ: (ours, scipy)} (maxima)."""
    worst: dict[float, tuple[float, float]] = {}
    for delta, p, q in near_pairs(seed):
        exact = exact_kl(p, q)
        ours = float(abs(Decimal(float(ce.kl_divergence(p, q))) - exact) / exact)
        theirs = float(abs(Decimal(float(scipy.special.rel_entr(p, q).sum())) - exact) / exact)
        before = worst.get(delta, (0.0, 0.0))
        worst[delta] = (max(before[0], ours), max(before[1], theirs))
    return worst


def test_kl_divergence_is_at_least_as_accurate_as_scipy_rel_entr():
    for delta, (ours, theirs) in kl_errors().items():
        assert ours <= theirs + 1e-15, (delta, ours, theirs)


def test_kl_divergence_keeps_digits_when_p_is_close_to_q():
    # The difference of logs, log p − log q, kept 4 digits at δ = 1e-7 and none at 3e-10.
    for delta, p, q in (
        (1e-7, [0.5, 0.5], [0.5 + 1e-7, 0.5 - 1e-7]),
        (3e-10, [0.5, 0.5], [0.5 + 3e-10, 0.5 - 3e-10]),
    ):
        exact = exact_kl(p, q)
        relative = abs(Decimal(float(ce.kl_divergence(p, q))) - exact) / exact
        assert relative < Decimal("1e-5"), (delta, relative)


def worst_over_seeds(measure, seeds):
    """The largest value of each entry of measure(seed) over the seeds."""
    worst: dict = {}
    for seed in seeds:
        for key, value in measure(seed).items():
            worst[key] = np.maximum(worst.get(key, value), value)
    return worst


if __name__ == "__main__":
    # python tests/unit/test_precision.py [SEEDS]: the table over SEEDS random draws (default 1,
    # the tests' own rows); more seeds, more rows, a better estimate of the true maximum.
    import sys

    seeds = range(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    print(
        f"Largest error in ulps of the exact value ({DIGITS}-digit decimal reference), "
        f"{len(seeds)} seed(s) of rows\n"
    )
    print("| function | float32 | float64 |")
    print("| --- | ---: | ---: |")
    tables = {
        dtype: worst_over_seeds(lambda s, d=dtype: max_errors(d, s), seeds) for dtype in DTYPES
    }
    for name in tables[np.float64]:
        print(f"| `{name}` | {tables[np.float32][name]:.2f} | {tables[np.float64][name]:.2f} |")
    print("\nkl_divergence, largest relative error for q = p·(1 + δ·noise)\n")
    print("| δ | ours | scipy.special.rel_entr summed |")
    print("| ---: | ---: | ---: |")
    for delta, (ours, theirs) in worst_over_seeds(kl_errors, seeds).items():
        print(f"| {delta:g} | {ours:.2e} | {theirs:.2e} |")
