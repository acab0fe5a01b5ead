"""The term t·log y of every sum in the series, with its two conventions.

* 0·log 0 = 0: a class the target never saw adds nothing, whatever y says (the limit of
  t·log t as t → 0 is 0, and an unthrown face contributes y_k^0 = 1 to the likelihood).
* t > 0, y = 0 gives −inf: an event the model calls impossible did happen. numpy would warn
  "divide by zero encountered in log"; the value is the right answer, so the warning is
  silenced here rather than leaked to the caller.
"""

import numpy as np


def clip(y: np.ndarray, eps: float | None) -> np.ndarray:
    """y clipped into [eps, 1 − eps] (as Keras and scikit-learn's log_loss do), or y."""
    if eps is None:
        return y
    return np.clip(y, eps, 1 - eps)


def xlogy(t: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Elementwise t·log y with 0·log y = 0 (even for y = 0), −inf for t > 0 and y = 0."""
    seen = t > 0
    log_y = np.zeros_like(y)
    with np.errstate(divide="ignore"):
        np.log(y, out=log_y, where=seen)
    return t * log_y


def times_log(t: np.ndarray, log_y: np.ndarray) -> np.ndarray:
    """Elementwise t·log_y for a precomputed log, with the term 0 wherever t = 0.

    Needed for log_softmax output, where log_y = −inf for a logit of −inf and a plain product
    would give 0·(−inf) = NaN.
    """
    return np.multiply(t, log_y, out=np.zeros_like(log_y), where=t > 0)


def xlog_ratio(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Elementwise p·log(p/q), accurate to a few ulps also where p ≈ q; 0 where p = 0.

    Three forms, each where it keeps the most digits:

    * p and q within a factor 2: log1p((p − q)/q). p − q is then exact (Sterbenz), so a small
      log(p/q) keeps its digits, where log of the rounded ratio would keep only eps/(p/q − 1).
    * elsewhere, while p/q is a normal float: log(p/q), one rounding inside the log.
    * p/q beyond the float range (q tiny or 0): log p − log q, which is huge, or +inf for q = 0
      (without a RuntimeWarning).
    """
    seen = p > 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = p / q
        close = (ratio >= 0.5) & (ratio <= 2)
        normal = np.isfinite(ratio) & (ratio >= np.finfo(ratio.dtype).tiny)
        log_ratio = np.where(
            close,
            np.log1p((p - q) / q),
            np.where(normal, np.log(ratio), np.log(p) - np.log(q)),
        )
    return np.multiply(p, log_ratio, out=np.zeros_like(log_ratio), where=seen)
