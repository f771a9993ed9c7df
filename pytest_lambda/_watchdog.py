"""Stopping a handler that runs past its deadline, as Lambda stops the runtime."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class HandlerTimedOut(BaseException):
    """Raised inside a handler whose time is up; a BaseException so ``except Exception`` can't swallow it."""


def can_interrupt() -> bool:
    """A handler can be interrupted only on the main thread of a platform with SIGALRM timers."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise HandlerTimedOut


@contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """Raise ``HandlerTimedOut`` in the running code once ``seconds`` of real time have passed.

    Uses a real-time interval timer and SIGALRM, which also interrupts blocking calls such as
    ``time.sleep`` or a socket read. An outer SIGALRM user (pytest-timeout) gets its handler
    and timer back afterwards.
    """
    if not can_interrupt():
        yield
        return
    previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            left, _ = signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous_handler)
        if outer_delay > 0:
            used = seconds - left
            signal.setitimer(signal.ITIMER_REAL, max(outer_delay - used, 0.001), outer_interval)
