"""Shared settings for the package's unit tests."""

import os

from hypothesis import HealthCheck, settings

# The machine has 2 cores shared with other work: 50 examples per property keep tests/unit at
# about 20 s of CPU time (100 took 30 s, two thirds of it in hypothesis), and a busy neighbour
# must not fail a test by making it slow. In CI the examples are derandomised, so a run is
# repeatable. HYPOTHESIS_PROFILE=thorough runs twenty times as many examples, e.g. before a
# release.
_common = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
    "derandomize": bool(os.environ.get("CI")),
}
settings.register_profile("unit", max_examples=50, **_common)
settings.register_profile("thorough", max_examples=1000, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "unit"))
