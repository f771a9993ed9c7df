"""The one place that reads time.

Lambda's runtime computes the countdown from the wall clock at call time
(awslambdaric ``lambda_context.py``: ``int(time.time() * 1000)``), so we read
``time.time`` at call time too: freezegun and time-machine both patch it.
"""

from __future__ import annotations

import sys
import time

ClockToken = tuple[object, object]


def now_ms() -> int:
    """Milliseconds since the epoch on whatever clock is in force (real or faked)."""
    return int(time.time() * 1000)


def clock_token() -> ClockToken:
    """Identify the fake clock in force: the active freezegun factory and time-machine traveller.

    Modules are looked up in ``sys.modules`` only, so neither library is ever imported here.
    The objects stay the same across ``tick``/``move_to``/``shift`` and change when a new
    freeze or travel starts or ends, which is what tells a context that it is being read on
    another clock than the one its deadline was fixed on.
    """
    freezegun = sys.modules.get("freezegun.api")
    factories = getattr(freezegun, "freeze_factories", None)
    time_machine = sys.modules.get("time_machine")
    # time-machine >= 3 keeps ``traveller_stack``; 2.x kept ``coordinates_stack``.
    travellers = getattr(time_machine, "traveller_stack", None) or getattr(time_machine, "coordinates_stack", None)
    return (factories[-1] if factories else None, travellers[-1] if travellers else None)


def same_clock(a: ClockToken, b: ClockToken) -> bool:
    """Whether two tokens name the same clock (identity, not equality)."""
    return a[0] is b[0] and a[1] is b[1]
