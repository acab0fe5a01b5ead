"""Type aliases of the public API."""

from typing import Literal

import numpy as np

# How per-sample losses E_n become one value (chapter 6).
Reduction = Literal["mean", "sum", "none"]

# A per-sample result: an array for a batch, a numpy scalar (np.float64 or np.float32) for a
# single sample or a reduced value, keeping the input's precision either way.
Floats = np.ndarray | np.floating
