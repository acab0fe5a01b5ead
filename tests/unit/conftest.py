"""Shared settings for the package's unit tests."""

import os

from hypothesis import settings

# The machine has 2 shared cores: 100 examples per property keeps the suite well under a
# minute. HYPOTHESIS_PROFILE=thorough runs ten times as many, e.g. before a release.
settings.register_profile("unit", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "unit"))
