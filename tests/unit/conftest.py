"""Shared settings for the package's unit tests."""

import os

from hypothesis import HealthCheck, settings

# The machine has 2 cores shared with other work: 100 examples per property keeps the suite
# well under a minute, and a busy neighbour must not fail a test by making it slow. In CI the
# examples are derandomised, so a run is repeatable. HYPOTHESIS_PROFILE=thorough runs ten times
# as many examples, e.g. before a release.
_common = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
    "derandomize": bool(os.environ.get("CI")),
}
settings.register_profile("unit", max_examples=100, **_common)
settings.register_profile("thorough", max_examples=1000, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "unit"))
