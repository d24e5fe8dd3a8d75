"""Hypothesis profiles: "ci" (the default, a bounded number of examples) and "nightly".

Choose with HYPOTHESIS_PROFILE=nightly. Tests that fix their own max_examples keep it;
the hostile-input suite (tests/test_hostile.py) takes the profile's.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=25, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("nightly", max_examples=1_000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
