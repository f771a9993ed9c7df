from __future__ import annotations

import os
import time

from hypothesis import settings

# Log stream dates and frozen clocks are read in UTC; pin it so results do not depend on the host.
os.environ["TZ"] = "UTC"
time.tzset()

settings.register_profile("ci", max_examples=300, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
