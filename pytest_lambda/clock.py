"""The one place that reads time.

Lambda's runtime computes the countdown from the wall clock at call time
(awslambdaric ``lambda_context.py``: ``int(time.time() * 1000)``), so we read
``time.time`` at call time too: freezegun and time-machine both patch it.
"""

from __future__ import annotations

import calendar
import functools
import sys
import time
import weakref
from collections.abc import Callable
from datetime import timedelta
from typing import Any

ClockToken = tuple[object, object]
# The token of the real clock: no freeze, no travel.
REAL_CLOCK: ClockToken = (None, None)

# Fake clocks (freezegun factories, time-machine travellers) seen starting: clock -> (generation, start ms).
_STARTS: weakref.WeakKeyDictionary[Any, tuple[int, int]] = weakref.WeakKeyDictionary()
_generation = 0
# The freezegun.api and time_machine modules watch_fake_clocks last saw (None: not imported then).
_UNSEEN = object()
_WATCHED: list[Any] = [_UNSEEN, _UNSEEN]


def now_ms() -> int:
    """Milliseconds since the epoch on whatever clock is in force (real or faked)."""
    return int(time.time() * 1000)


def clock_token() -> ClockToken:
    """Identify the fake clock in force: the active freezegun factory and time-machine traveller.

    Modules are looked up in ``sys.modules`` only, so neither library is ever imported here.
    The objects stay the same across ``tick``/``move_to``/``shift`` and change when a new
    freeze or travel starts or ends, which is what tells a context that it is being read on
    another clock than the one its deadline was fixed on. On the real clock this is always
    ``REAL_CLOCK`` itself, so ``is`` can test for it.
    """
    modules = sys.modules
    freezegun = modules.get("freezegun.api")
    time_machine = modules.get("time_machine")
    factories = None if freezegun is None else getattr(freezegun, "freeze_factories", None)
    # time-machine >= 3 keeps ``traveller_stack``; 2.x kept ``coordinates_stack``.
    travellers = (
        None
        if time_machine is None
        else getattr(time_machine, "traveller_stack", None) or getattr(time_machine, "coordinates_stack", None)
    )
    if not factories and not travellers:
        return REAL_CLOCK
    return (factories[-1] if factories else None, travellers[-1] if travellers else None)


def same_clock(a: ClockToken, b: ClockToken) -> bool:
    """Whether two tokens name the same clock (identity, not equality)."""
    return a[0] is b[0] and a[1] is b[1]


def generation() -> int:
    """A number that grows each time a watched fake clock starts."""
    return _generation


def started_after(token: ClockToken, since: int) -> int | None:
    """When the innermost fake clock of ``token`` started (epoch ms on that clock), if after ``since``.

    ``None`` when it is the real clock, a clock that started before generation ``since``, or
    one that started before ``watch_fake_clocks`` could see it.
    """
    for clock in token:
        if clock is not None and clock in _STARTS:
            born, start_ms = _STARTS[clock]
            if born > since:
                return start_ms
    return None


def _record(clock: object, start_ms: int) -> None:
    global _generation
    _generation += 1
    _STARTS[clock] = (_generation, start_ms)


def _watch(cls: Any, start_ms: Callable[[Any], int]) -> None:
    original = cls.__init__
    if getattr(original, "_pytest_lambda_watch", False):
        return

    @functools.wraps(original)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        _record(self, start_ms(self))

    __init__._pytest_lambda_watch = True  # type: ignore[attr-defined]
    cls.__init__ = __init__


def _freezegun_start(factory: Any) -> int:
    # Same arithmetic as freezegun's fake time.time(), so it equals now_ms() at that instant.
    frozen = factory.time_to_freeze
    return int((calendar.timegm(frozen.timetuple()) + frozen.microsecond / 1_000_000) * 1000)


def _time_machine_start(traveller: Any) -> int:
    return int(traveller._destination_timestamp_ns / 1_000_000_000 * 1000)


def watch_fake_clocks() -> None:
    """Note the start time of every freezegun freeze or time-machine travel begun from now on.

    A context made on the real clock and first read after a fake clock has already been
    ticked needs to know where that clock started, or the ticks before the first read would
    be lost. Only libraries already imported are touched; nothing is imported here.
    """
    freezegun = sys.modules.get("freezegun.api")
    time_machine = sys.modules.get("time_machine")
    # Called for every context: skip the work when neither library changed since the last call.
    if _WATCHED[0] is freezegun and _WATCHED[1] is time_machine:
        return
    _WATCHED[:] = [freezegun, time_machine]
    if freezegun is not None:
        for name in ("FrozenDateTimeFactory", "TickingDateTimeFactory", "StepTickTimeFactory"):
            cls = getattr(freezegun, name, None)
            if cls is not None:
                _watch(cls, _freezegun_start)
    # time-machine >= 3 names the clock object Traveller; 2.x named it Coordinates.
    for name in ("Traveller", "Coordinates"):
        cls = getattr(time_machine, name, None)
        if cls is not None:
            _watch(cls, _time_machine_start)


def start_countdown() -> tuple[ClockToken, int, int]:
    """For a new countdown, in one call: the clock in force, the time on it and the generation.

    Fake clocks are watched first (``watch_fake_clocks``). A context is made on every invoke, so
    when neither freezegun nor time-machine is loaded this answers without looking further.
    """
    modules = sys.modules
    if "freezegun.api" not in modules and "time_machine" not in modules:
        return REAL_CLOCK, int(time.time() * 1000), _generation
    watch_fake_clocks()
    return clock_token(), now_ms(), _generation


def fake_clock_active() -> bool:
    """Whether a freezegun freeze or time-machine travel is in force now."""
    modules = sys.modules
    if "freezegun.api" not in modules and "time_machine" not in modules:
        return False
    return clock_token() is not REAL_CLOCK


class VirtualClock:
    """Time the harness lets pass (retry delays) without sleeping.

    When freezegun or time-machine is active, advancing moves that fake clock, so the handler
    sees the time of its retry; on the real clock an offset records the time that "passed".
    """

    def __init__(self) -> None:
        self.offset_ms = 0

    def now_ms(self) -> int:
        """The harness's current time in epoch milliseconds."""
        return now_ms() + self.offset_ms

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass."""
        delta = timedelta(seconds=seconds)
        frozen, traveller = clock_token()
        if frozen is not None:
            frozen.tick(delta)  # type: ignore[attr-defined]
        elif traveller is not None:
            traveller.shift(delta)  # type: ignore[attr-defined]
        else:
            self.offset_ms += round(seconds * 1000)
