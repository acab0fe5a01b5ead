"""Every input check of the package, in one place.

Each public function converts and checks its arguments here before computing anything, so the
edge-case contract (which inputs are errors, and what the message says) reads in one file. A
message names the argument and the rule it broke, and shows the offending value.
"""

import numbers

import numpy as np
import numpy.typing as npt

REDUCTIONS = ("mean", "sum", "none")


def as_real_array(x: npt.ArrayLike, name: str) -> np.ndarray:
    """``x`` as an array of integers or floats; anything else is a TypeError.

    Booleans are not numbers here, for every argument alike: class labels must be integers,
    so True is not label 1, and a probability, a count or a logit given as True is more likely
    a mask passed by mistake than a number. A masked array is a TypeError too: numpy would drop
    its mask silently and compute with the hidden values.
    """
    if isinstance(x, np.ma.MaskedArray):
        raise TypeError(
            f"{name}: masked arrays are not supported, the mask would be ignored; pass "
            f"{name}.compressed() or {name}.filled(value)"
        )
    try:
        a = np.asarray(x)
    except ValueError as err:  # ragged nested lists
        raise ValueError(f"{name}: must be a rectangular array ({err})") from None
    if a.dtype.kind == "b":
        raise TypeError(
            f"{name}: must hold numbers, not booleans (got dtype bool); pass "
            f"{name}.astype(int) for 0 and 1"
        )
    if a.dtype.kind not in "iuf":
        raise TypeError(f"{name}: must hold real numbers (got dtype {a.dtype})")
    return a


def working_dtype(*arrays: np.ndarray) -> np.dtype:
    """The float dtype a computation runs in: that of the float inputs, else float64.

    Integer inputs (counts, one-hot vectors, labels) adopt the precision of the float inputs,
    so float32 probabilities with integer counts stay float32.
    """
    floats = [a.dtype for a in arrays if a.dtype.kind == "f"]
    return np.result_type(*floats) if floats else np.dtype(np.float64)


def tolerance(dtype: np.dtype) -> float:
    """How far a sum of probabilities may stray from 1: sqrt(machine epsilon) of ``dtype``."""
    return float(np.sqrt(np.finfo(dtype).eps))


def own_precision(given: np.ndarray, working: np.dtype) -> np.dtype:
    """The dtype whose `tolerance` a distribution gets: its own if float, else ``working``.

    A float32 softmax output sums to 1 only within float32's rounding, also when the other
    argument is float64 (a one-hot vector, a Python list) and the computation runs in float64.
    """
    return given.dtype if given.dtype.kind == "f" else working


def as_float(a: np.ndarray, dtype: np.dtype, name: str) -> np.ndarray:
    """``a`` in the float ``dtype`` the computation runs in, checked before it is cast.

    An integer too large for ``dtype`` (70000 in float16) would become inf with an overflow
    warning, and then be reported as "not finite": it is a ValueError that says so instead.
    """
    if a.dtype.kind in "iu" and a.size:
        largest = np.finfo(dtype).max
        too_large = (a > largest) | (a < -largest)
        if too_large.any():
            i = np.argmax(too_large)
            raise ValueError(
                f"{name}: {a.flat[i]}{_where(a, i)} is too large for {dtype} (at most "
                f"{largest}), the dtype of the other arguments; pass them as float32 or float64"
            )
    return a.astype(dtype, copy=False)


def _index(shape: tuple[int, ...], flat_index: int | np.integer) -> str:
    """The position of a flat index in ``shape``, as a reader writes it: 2, or (1, 2)."""
    index = tuple(int(i) for i in np.unravel_index(int(flat_index), shape))
    return str(index[0]) if len(index) == 1 else str(index)


def _where(a: np.ndarray, flat_index: int | np.integer) -> str:
    """' at index 2' or ' at index (1, 2)' for arrays with more than one element, else ''."""
    return f" at index {_index(a.shape, flat_index)}" if a.size > 1 else ""


def _in_row(rows: np.ndarray, flat_index: int | np.integer) -> str:
    """' in row 3' for a value per row of a batch, else '' for a single sample."""
    return f" in row {_index(rows.shape, flat_index)}" if rows.size > 1 else ""


def check_class_axis(a: np.ndarray, name: str) -> None:
    """``a`` has a last (class) axis with K >= 1 and every sample axis has N >= 1."""
    if a.ndim == 0:
        raise ValueError(f"{name}: needs a class axis (got a scalar)")
    if 0 in a.shape:
        raise ValueError(f"{name}: needs at least one sample and one class (got shape {a.shape})")


def check_finite(a: np.ndarray, name: str) -> None:
    """No NaN and no ±inf in ``a``."""
    bad = ~np.isfinite(a)
    if bad.any():
        i = np.flatnonzero(bad)[0]
        raise ValueError(f"{name}: must be finite (got {a.flat[i]}{_where(a, i)})")


def check_non_negative(a: np.ndarray, name: str, what: str) -> None:
    """Every entry of a non-empty ``a`` is >= 0; ``what`` names the quantity, e.g. 'counts'."""
    if a.min() < 0:
        i = np.argmin(a)
        raise ValueError(f"{name}: {what} must be non-negative (got {a.flat[i]}{_where(a, i)})")


def check_distribution(a: np.ndarray, name: str, dtype: np.dtype) -> None:
    """``a`` holds probability distributions along its last axis.

    Finite, every entry in [0, 1], each row summing to 1 within `tolerance` of ``dtype``.
    A row that misses is an error: it is never renormalised.
    """
    check_class_axis(a, name)
    check_finite(a, name)
    check_non_negative(a, name, "probabilities")
    if a.max() > 1:
        i = np.argmax(a)
        raise ValueError(f"{name}: probabilities must be at most 1 (got {a.flat[i]}{_where(a, i)})")
    sums = a.sum(axis=-1)
    off = np.abs(sums - 1) > tolerance(dtype)
    if off.any():
        i = np.argmax(off)  # the first row that misses
        raise ValueError(
            f"{name}: probabilities must sum to 1 along the last axis "
            f"(got sum {sums.flat[i]}{_in_row(sums, i)})"
        )


def check_counts(a: np.ndarray, name: str) -> None:
    """``a`` holds counts or relative frequencies: finite and non-negative, any total."""
    check_class_axis(a, name)
    check_finite(a, name)
    check_non_negative(a, name, "counts")


def check_nonzero_total(totals: np.ndarray, name: str) -> None:
    """Every row's total N of counts is positive, so that counts / N is defined."""
    if (totals == 0).any():
        i = np.argmax(totals == 0)
        raise ValueError(f"{name}: counts must not all be zero (total 0{_in_row(totals, i)})")


def check_labels(labels: np.ndarray, num_classes: int | None, name: str) -> None:
    """Integer class labels with 0 <= label < num_classes; −1 is an error, never the last class.

    ``num_classes`` None checks only 0 <= label (K is then read from the labels).
    """
    if 0 in labels.shape:  # first: an empty list has numpy's default dtype, float64
        raise ValueError(f"{name}: needs at least one sample (got shape {labels.shape})")
    if labels.dtype.kind not in "iu":
        raise ValueError(
            f"{name}: class labels must have an integer dtype (got {labels.dtype}, shape "
            f"{labels.shape})"
        )
    lo, hi = labels.min(), labels.max()
    rule = "be non-negative" if num_classes is None else f"satisfy 0 <= label < {num_classes}"
    if lo < 0 or (num_classes is not None and hi >= num_classes):
        raise ValueError(f"{name}: class labels must {rule} (got {lo if lo < 0 else hi})")


def check_num_classes(num_classes: object) -> int:
    """``num_classes`` is an integer K >= 1 (booleans are not integers here)."""
    if not isinstance(num_classes, numbers.Integral) or isinstance(num_classes, bool):
        raise TypeError(f"num_classes: must be an integer (got {num_classes!r})")
    if num_classes < 1:
        raise ValueError(f"num_classes: must be at least 1 (got {num_classes})")
    return int(num_classes)


def float_dtype(dtype: object) -> np.dtype:
    """``dtype`` names a float dtype (float16, float32, float64, longdouble)."""
    try:
        result = np.dtype(dtype)
    except TypeError:
        result = None
    if result is None or result.kind != "f":
        raise TypeError(f"dtype: must be a float dtype (got {dtype!r})")
    return result


def check_array_size(num_labels: int, num_classes: int) -> None:
    """A one-hot array of num_labels × num_classes entries is one numpy can index."""
    largest = np.iinfo(np.intp).max
    if num_classes > largest // max(num_labels, 1):
        raise ValueError(
            f"num_classes: {num_labels} labels × {num_classes} classes is more entries than "
            f"an array can hold (at most {largest})"
        )


def check_throws(n: object) -> int:
    """The number of throws ``n`` is an integer with 0 <= n < 2**63 (numpy's int64 counts)."""
    if not isinstance(n, numbers.Integral) or isinstance(n, bool):
        raise TypeError(f"n: must be an integer (got {n!r})")
    if n < 0:
        raise ValueError(f"n: number of throws must be non-negative (got {n})")
    if n > np.iinfo(np.int64).max:
        raise ValueError(f"n: number of throws must be below 2**63 (got {n})")
    return int(n)


def check_seed(seed: object) -> None:
    """``seed`` is None, a non-negative integer or a numpy.random.Generator."""
    if seed is None or isinstance(seed, np.random.Generator):
        return
    if not isinstance(seed, numbers.Integral) or isinstance(seed, bool):
        raise TypeError(
            f"seed: must be a non-negative integer, a numpy.random.Generator or None (got {seed!r})"
        )
    if seed < 0:
        raise ValueError(f"seed: must be non-negative (got {seed})")


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """``a`` and ``b`` have identical shapes."""
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b}: shapes must match (got {a.shape} and {b.shape})")


def is_label_target(t: np.ndarray, y: np.ndarray, names: tuple[str, str]) -> bool:
    """Whether ``t`` is read as class labels for ``y`` (else as distributions).

    Decided by shape alone: labels have y's shape without the class axis, distributions have
    y's shape. Any other shape is a ValueError that shows both shapes.
    """
    if y.ndim >= 1 and t.shape == y.shape[:-1]:
        return True
    if t.shape == y.shape:
        return False
    t_name, y_name = names
    raise ValueError(
        f"{t_name} and {y_name}: shapes do not match (got {t.shape} and {y.shape}); {t_name} "
        f"needs {y_name}'s shape for a distribution or {y.shape[:-1]} for class labels"
    )


def check_logits(z: np.ndarray, row_max: np.ndarray, name: str = "z") -> None:
    """Logits z, given the maximum of each of its rows, are valid.

    −inf is allowed (a class with probability zero); NaN, +inf and rows of only −inf are not.
    The row maximum reveals all three, so the check costs nothing beyond the maximum that
    softmax needs anyway: it is NaN if the row holds a NaN, +inf if it holds +inf, and −inf
    only if every entry is −inf. z itself is read again only to word the error.
    """
    if np.isfinite(row_max).all():
        return
    if np.isnan(row_max).any():
        i = np.argmax(np.isnan(z))
        raise ValueError(f"{name}: logits must not be NaN (got nan{_where(z, i)})")
    if (row_max == np.inf).any():
        i = np.argmax(z == np.inf)
        raise ValueError(f"{name}: logits must not be +inf (got inf{_where(z, i)})")
    i = np.argmax(row_max == -np.inf)
    raise ValueError(
        f"{name}: logits must not all be -inf (got a row of -inf{_in_row(row_max, i)})"
    )


def check_reduction(reduction: object) -> None:
    """``reduction`` is one of 'mean', 'sum', 'none' (a string: an array is not compared)."""
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        raise ValueError(f"reduction: must be 'mean', 'sum' or 'none' (got {reduction!r})")


def check_base(base: object) -> float | None:
    """``base`` of the logarithm is None (natural log) or a finite number > 0 other than 1.

    Returned as a float, so that any real number (a Fraction, a numpy scalar) works alike.
    """
    if base is None:
        return None
    if not isinstance(base, numbers.Real) or isinstance(base, bool):
        raise TypeError(f"base: must be a real number or None (got {base!r})")
    value = float(base)
    if not (np.isfinite(value) and value > 0 and value != 1):
        raise ValueError(f"base: must be a finite number > 0 other than 1 (got {base})")
    return value


def check_eps(eps: object, dtype: np.dtype) -> float | None:
    """The clipping ``eps`` is None (exact, no clipping) or a number with 0 < eps < 0.5.

    It must also be at least the smallest normal number of ``dtype``, the dtype of the
    probabilities it clips: a smaller eps rounds to 0 there (or keeps only a few bits), and
    the clipping it promises would silently not happen.
    """
    if eps is None:
        return None
    if not isinstance(eps, numbers.Real) or isinstance(eps, bool):
        raise TypeError(f"eps: must be a real number or None (got {eps!r})")
    value = float(eps)  # a Fraction or a numpy scalar alike
    if not 0 < value < 0.5:
        raise ValueError(f"eps: must satisfy 0 < eps < 0.5 (got {eps})")
    smallest = np.finfo(dtype).smallest_normal
    if value < smallest:
        raise ValueError(
            f"eps: must be at least {smallest}, the smallest normal {dtype} number, or it "
            f"rounds away in y's dtype (got {eps})"
        )
    return value


# The entry points below are what the public functions call: one call converts and checks all
# arguments of one kind of function, and returns them ready to compute with.


def probabilities(p: npt.ArrayLike, name: str = "p") -> np.ndarray:
    """One argument that must hold probability distributions (entropy, softmax outputs)."""
    a = as_real_array(p, name)
    dtype = working_dtype(a)
    a = as_float(a, dtype, name)
    check_distribution(a, name, dtype)
    return a


def two_distributions(
    p: npt.ArrayLike, q: npt.ArrayLike, names: tuple[str, str] = ("p", "q")
) -> tuple[np.ndarray, np.ndarray]:
    """Two distributions of one shape, e.g. for the KL divergence."""
    given_a, given_b = as_real_array(p, names[0]), as_real_array(q, names[1])
    dtype = working_dtype(given_a, given_b)
    a, b = as_float(given_a, dtype, names[0]), as_float(given_b, dtype, names[1])
    check_same_shape(a, b, *names)
    check_distribution(a, names[0], own_precision(given_a, dtype))
    check_distribution(b, names[1], own_precision(given_b, dtype))
    return a, b


def counts(c: npt.ArrayLike, name: str = "counts") -> np.ndarray:
    """Counts (or relative frequencies) of each face: finite, non-negative, any total."""
    a = as_real_array(c, name)
    check_counts(a, name)  # before the cast, so that a count is reported as given
    return as_float(a, working_dtype(a), name)


def counts_and_probabilities(t: npt.ArrayLike, y: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Counts t and model probabilities y of one shape (log-likelihood, likelihood)."""
    a, given_y = as_real_array(t, "t"), as_real_array(y, "y")
    dtype = working_dtype(a, given_y)
    check_same_shape(a, given_y, "t", "y")
    check_counts(a, "t")  # before the cast, so that a count is reported as given
    a, b = as_float(a, dtype, "t"), as_float(given_y, dtype, "y")
    check_distribution(b, "y", own_precision(given_y, dtype))
    return a, b


def target_and_probabilities(
    t: npt.ArrayLike, y: npt.ArrayLike
) -> tuple[np.ndarray, np.ndarray, bool]:
    """A target t (distributions or integer labels) and probabilities y.

    Returns ``(t, y, labels)``; when ``labels`` is True, ``t`` keeps its integer dtype.
    """
    given_t, given_y = as_real_array(t, "t"), as_real_array(y, "y")
    labels = is_label_target(given_t, given_y, ("t", "y"))
    dtype = working_dtype(given_y) if labels else working_dtype(given_t, given_y)
    b = as_float(given_y, dtype, "y")
    check_distribution(b, "y", own_precision(given_y, dtype))
    if labels:
        check_labels(given_t, b.shape[-1], "t")
        return given_t, b, labels
    a = as_float(given_t, dtype, "t")
    check_distribution(a, "t", own_precision(given_t, dtype))
    return a, b, labels


def target_and_logits(t: npt.ArrayLike, z: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray, bool]:
    """A target t (distributions or integer labels) and logits z; returns ``(t, z, labels)``.

    The values of z are checked by `check_logits` once the row maxima are known.
    """
    given_t, b = as_real_array(t, "t"), as_real_array(z, "z")
    labels = is_label_target(given_t, b, ("t", "z"))
    dtype = working_dtype(b) if labels else working_dtype(given_t, b)
    b = as_float(b, dtype, "z")
    check_class_axis(b, "z")
    if labels:
        check_labels(given_t, b.shape[-1], "t")
        return given_t, b, labels
    a = as_float(given_t, dtype, "t")
    check_distribution(a, "t", own_precision(given_t, dtype))
    return a, b, labels


def logits(z: npt.ArrayLike) -> np.ndarray:
    """Logits z alone; their values are checked by `check_logits`."""
    a = as_real_array(z, "z")
    a = as_float(a, working_dtype(a), "z")
    check_class_axis(a, "z")
    return a


def class_labels(labels: npt.ArrayLike, num_classes: object) -> tuple[np.ndarray, int]:
    """Integer labels and the number of classes K they index into."""
    k = check_num_classes(num_classes)
    a = as_real_array(labels, "labels")
    check_labels(a, k, "labels")
    check_array_size(a.size, k)
    return a, k


def check_not_empty(a: np.ndarray, name: str) -> None:
    """``a`` has at least one element (one sample)."""
    if a.size == 0:
        raise ValueError(f"{name}: needs at least one sample (got shape {a.shape})")


def check_unit_interval(a: np.ndarray, name: str, what: str) -> None:
    """Every entry of ``a`` is finite and in [0, 1]; ``what`` names them, e.g. 'targets'."""
    check_finite(a, name)
    if a.min() < 0 or a.max() > 1:
        i = np.argmin(a) if a.min() < 0 else np.argmax(a)
        raise ValueError(f"{name}: {what} must lie in [0, 1] (got {a.flat[i]}{_where(a, i)})")


def check_not_nan(a: np.ndarray, name: str) -> None:
    """No NaN in logits ``a`` (±inf are allowed: a certain prediction)."""
    bad = np.isnan(a)
    if bad.any():
        i = np.flatnonzero(bad)[0]
        raise ValueError(f"{name}: logits must not be NaN (got nan{_where(a, i)})")


def binary_logits(z: npt.ArrayLike, name: str = "z") -> np.ndarray:
    """Logits of the binary case: any shape, not empty, no NaN."""
    a = as_real_array(z, name)
    a = as_float(a, working_dtype(a), name)
    check_not_empty(a, name)
    check_not_nan(a, name)
    return a


def binary_targets_and_probabilities(
    t: npt.ArrayLike, p: npt.ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """Binary targets t and probabilities p of one shape, both in [0, 1]."""
    a, b = as_real_array(t, "t"), as_real_array(p, "p")
    dtype = working_dtype(a, b)
    check_same_shape(a, b, "t", "p")
    check_not_empty(a, "t")
    a, b = as_float(a, dtype, "t"), as_float(b, dtype, "p")
    check_unit_interval(a, "t", "targets")
    check_unit_interval(b, "p", "probabilities")
    return a, b


def binary_targets_and_logits(t: npt.ArrayLike, z: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Binary targets t in [0, 1] and logits z of one shape."""
    a, b = as_real_array(t, "t"), as_real_array(z, "z")
    dtype = working_dtype(a, b)
    check_same_shape(a, b, "t", "z")
    check_not_empty(a, "t")
    a, b = as_float(a, dtype, "t"), as_float(b, dtype, "z")
    check_unit_interval(a, "t", "targets")
    check_not_nan(b, "z")
    return a, b


def check_shape(a: np.ndarray, name: str, expected: tuple[str | int, ...]) -> None:
    """``a`` has ``expected`` shape, where a string stands for any size >= 1, an int for itself."""
    ok = a.ndim == len(expected) and all(
        (size >= 1) if isinstance(want, str) else size == want
        for size, want in zip(a.shape, expected, strict=True)
    )
    if not ok:
        spelled = (
            "(" + ", ".join(str(w) for w in expected) + ("," if len(expected) == 1 else "") + ")"
        )
        raise ValueError(f"{name}: must have shape {spelled} (got {a.shape})")


def softmax_regression(
    weights: npt.ArrayLike | None,
    bias: npt.ArrayLike | None,
    x: npt.ArrayLike,
    t: npt.ArrayLike,
) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray, np.ndarray, int]:
    """Weights (K, D), bias (K,), inputs x (N, D), targets t and K of softmax regression.

    t holds integer labels (N,) or probability rows (N, K). K comes from the weights or the
    bias when given, else from t (its columns, or the largest label + 1). Weights or bias
    None are returned as None. Every float array is cast to the dtype the float inputs
    promote to (float64 if none is float); labels keep their integer dtype.
    """
    given = {
        name: as_real_array(a, name)
        for name, a in (("weights", weights), ("bias", bias), ("x", x), ("t", t))
        if a is not None
    }
    xs, ts = given["x"], given["t"]
    check_shape(xs, "x", ("N", "D"))
    n, d = xs.shape
    k: int | str = "K"
    if "weights" in given:
        check_shape(given["weights"], "weights", ("K", d))
        k = given["weights"].shape[0]
    if "bias" in given:
        check_shape(given["bias"], "bias", (k,))
        k = given["bias"].shape[0]
    if ts.ndim == 1:
        check_shape(ts, "t", (n,))  # one label per row of x
        check_labels(ts, None if k == "K" else k, "t")
        k = int(ts.max()) + 1 if k == "K" else k
    else:
        check_shape(ts, "t", (n, k))
        k = ts.shape[1]
    dtype = working_dtype(*given.values())
    converted = {
        name: a if name == "t" and a.ndim == 1 else as_float(a, dtype, name)
        for name, a in given.items()
    }
    for name in ("weights", "bias", "x"):
        if name in converted:
            check_finite(converted[name], name)
    if ts.ndim == 2:
        check_distribution(converted["t"], "t", own_precision(ts, dtype))
    return converted.get("weights"), converted.get("bias"), converted["x"], converted["t"], k


def learning_rate(value: object) -> float:
    """A learning rate: a finite real number > 0."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"learning_rate: must be a real number (got {value!r})")
    if not (np.isfinite(float(value)) and value > 0):
        raise ValueError(f"learning_rate: must be a finite number > 0 (got {value})")
    return float(value)


def steps(value: object) -> int:
    """A number of gradient steps: an integer >= 0."""
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"steps: must be an integer (got {value!r})")
    if value < 0:
        raise ValueError(f"steps: must be non-negative (got {value})")
    return int(value)
