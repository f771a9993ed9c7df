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

# freezegun's freeze_time calls getattr on every name of every loaded module. Powertools' parser
# models are loaded lazily through a module __getattr__, and building a pydantic model under a
# fake clock fails: build them all now, before any test freezes time.
from aws_lambda_powertools.utilities.parser import models as _powertools_models  # noqa: E402

for _name in dir(_powertools_models):
    getattr(_powertools_models, _name)
