"""The watchdog: a real-time SIGALRM timer that stops a handler running past its deadline, as Lambda stops the runtime.

Only the main thread of a platform with ``setitimer`` receives the signal; elsewhere a handler runs
to its end and the attempt then reports the timeout.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]
import os
import signal
import threading
from types import FrameType
from typing import Any


class HandlerTimedOut(BaseException):
    """Raised inside a handler whose time is up; a BaseException so ``except Exception`` can't swallow it."""


_SIGALRM = int(getattr(signal, "SIGALRM", 14))
ITIMER_REAL = int(getattr(signal, "ITIMER_REAL", 0))


HAS_TIMERS = hasattr(signal, "setitimer")
# Absent on Windows, where HAS_TIMERS is false and it is never called.
_setitimer: Any = getattr(signal, "setitimer", None)
get_ident = threading.get_ident
# Signals are delivered to the main thread only. Its ident, kept here (and renewed in a forked
# child, whose main thread is the forking one), makes asking on every invoke cheap.
MAIN = [threading.main_thread().ident]
if hasattr(os, "register_at_fork"):  # pragma: no branch - absent on Windows only
    os.register_at_fork(after_in_child=lambda: MAIN.__setitem__(0, threading.main_thread().ident))


def can_interrupt() -> bool:
    """A handler can be interrupted only on the main thread of a platform with SIGALRM timers."""
    return HAS_TIMERS and get_ident() == MAIN[0]


class _State:
    """The process's SIGALRM handler while functions hold it; installs are counted.

    One instance, not class attributes: setting a class attribute invalidates the type's caches.
    """

    __slots__ = ("armed", "installs", "previous")

    def __init__(self) -> None:
        self.installs = 0
        self.previous: Any = None
        self.armed = False


STATE = _State()


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    if STATE.armed:
        raise HandlerTimedOut
    # Not ours (an outer user's timer while a function holds the handler): pass it on.
    previous = STATE.previous
    if callable(previous):
        previous(signum, frame)


def hold() -> None:
    """Keep our SIGALRM handler installed until ``release``: each invoke then only arms a timer."""
    if not can_interrupt():
        return
    if STATE.installs == 0:
        STATE.previous = _signal.signal(_SIGALRM, _on_alarm)
    STATE.installs += 1


def release() -> None:
    """Undo one ``hold``; the last one puts the previous handler back."""
    if STATE.installs == 0:
        return
    STATE.installs -= 1
    if STATE.installs == 0:
        _signal.signal(_SIGALRM, STATE.previous)
        STATE.previous = None


# What ``arm`` needs to disarm: the seconds set, whether it installed the handler, and the outer timer.
Armed = tuple[float, bool, tuple[float, float]]


def arm(seconds: float) -> Armed | None:
    """Raise ``HandlerTimedOut`` in the main thread once ``seconds`` have passed, until ``disarm``.

    ``None`` (nothing armed) off the main thread or without ``setitimer``.
    """
    if not (HAS_TIMERS and get_ident() == MAIN[0]):  # can_interrupt(), without its frame: this runs every invoke
        return None
    # Installed now unless a held function keeps it installed between invokes.
    installed = STATE.installs == 0
    if installed:
        hold()
    outer = _setitimer(ITIMER_REAL, seconds)
    STATE.armed = True
    return seconds, installed, outer


def disarm(armed: Armed | None) -> None:
    """Stop the timer ``arm`` started; an outer user of it (pytest-timeout) gets it back, less the time used."""
    if armed is None:
        return
    seconds, installed, (outer_delay, outer_interval) = armed
    STATE.armed = False
    left, _ = _setitimer(ITIMER_REAL, 0)
    if installed:
        release()
    if outer_delay > 0:
        _setitimer(ITIMER_REAL, max(outer_delay - (seconds - left), 0.001), outer_interval)
