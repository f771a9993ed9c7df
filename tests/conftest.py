from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest
from hypothesis import settings

from pytest_lambda.clock import fake_clock_active

# Log stream dates and frozen clocks are read in UTC; pin it so results do not depend on the host.
os.environ["TZ"] = "UTC"
time.tzset()

# No example database: hypothesis replays saved failures first, so one run (or a pytester run, or
# another branch) would change what the next run tests. A failure is reproduced from its printed
# example, the @reproduce_failure blob or --hypothesis-seed instead. CI is also derandomized, as in
# hypothesis's own "ci" profile that this one replaces: each run on a commit draws the same examples,
# so a red build is never a lucky draw. Local runs draw new ones: the tests must pass any seed.
settings.register_profile("ci", max_examples=300, deadline=None, derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", max_examples=100, deadline=None, database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# freezegun's freeze_time calls getattr on every name of every loaded module. Powertools' parser
# models are loaded lazily through a module __getattr__, and building a pydantic model under a
# fake clock fails: build them all now, before any test freezes time.
from aws_lambda_powertools.utilities.parser import models as _powertools_models  # noqa: E402

for _name in dir(_powertools_models):
    getattr(_powertools_models, _name)

_real_time = time.time


class StillClock:
    """``time.time`` stopped at the moment the test starts; only ``advance`` moves it.

    Plain monkeypatching, not freezegun or time-machine: the package sees no fake clock and takes the
    real-clock path users without one get, yet a countdown or timestamp no longer depends on how long
    the test took. A freeze or travel started inside the test still wins, as over the real clock.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # A whole second, so that now + a step in ms is exact in int(time.time() * 1000).
        self.now = float(int(_real_time()))
        monkeypatch.setattr(time, "time", self._time)

    def _time(self) -> float:
        # time-machine patches the builtin itself; freezegun replaces time.time while it runs.
        return _real_time() if fake_clock_active() else self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def still_clock(monkeypatch: pytest.MonkeyPatch) -> StillClock:
    """The real clock, stopped (see ``StillClock``)."""
    return StillClock(monkeypatch)


_module_names = itertools.count()


@pytest.fixture
def module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], str]:
    """Write a handler module (its source dedented) and return its importable name, unique in the session."""
    monkeypatch.syspath_prepend(tmp_path)

    def make(source: str) -> str:
        name = f"handler_module_{next(_module_names)}"
        (tmp_path / f"{name}.py").write_text(dedent(source))
        return name

    return make
