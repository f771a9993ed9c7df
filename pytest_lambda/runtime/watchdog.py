"""The watchdog: stops a handler at its deadline, as Lambda stops the runtime, and keeps stopping it.

In Lambda nothing of the handler runs after its deadline. Here a handler is interrupted by raising
``HandlerTimedOut`` in it, which ``except BaseException:`` can catch; so once the deadline has
passed it is raised again every ``REPEAT_SECONDS`` until the handler is out, for at most
``GIVE_UP_SECONDS`` (a handler blocked in C code, or catching every interruption, cannot be stopped
from Python), and the attempt is a timeout whatever the handler returned.

On the main thread the interruption is a real-time ``SIGALRM`` timer. The process has one such
timer: an outer one armed when an invoke starts (pytest-timeout's ``signal`` method, the user's
``setitimer``/``alarm``) is chained, not replaced: the earlier deadline is armed, the outer alarm
goes to the handler that was installed for it, on time, and the outer timer gets its remaining time
back after the invoke. Nested invokes (a handler invoking another function) stack: only the
innermost handler is interrupted; an enclosing one whose deadline passed meanwhile is interrupted
as soon as the inner invoke has returned to it. On any other thread a timer thread raises the
exception in the handler's thread (``PyThreadState_SetAsyncExc``): no signal handler is installed.

The exception is never raised while the harness's own code runs (told by the frames' modules): the
interruption is retried ``REPEAT_SECONDS`` later.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from pytest_lambda.errors import HandlerNotStoppedWarning, with_docs


class HandlerTimedOut(BaseException):
    """Raised inside a handler whose time is up; a BaseException so ``except Exception`` can't swallow it."""


_SIGALRM = int(getattr(signal, "SIGALRM", 14))
ITIMER_REAL = int(getattr(signal, "ITIMER_REAL", 0))
# After the deadline: how often the handler is interrupted again, and for how long at most.
REPEAT_SECONDS = 0.01
GIVE_UP_SECONDS = 1.0
# A timer may fire this much before the deadline it was set for, as the monotonic clock reads it.
_SLACK = 0.001
# The harness's modules: an interruption waits while they run, unless they are running the handler.
_HARNESS = "pytest_lambda.runtime"

HAS_TIMERS = hasattr(signal, "setitimer")
# Absent on Windows, where HAS_TIMERS is false and it is never called.
_setitimer: Any = getattr(signal, "setitimer", None)
_getsignal = _signal.getsignal
# Kept out of the module's attributes, which freezegun replaces with its fake clock while it runs.
_CLOCK = (time.monotonic,)
get_ident = threading.get_ident
# Signals are delivered to the main thread only. Its ident, kept here (and renewed in a forked
# child, whose main thread is the forking one), makes asking on every invoke cheap.
MAIN = [threading.main_thread().ident]
if hasattr(os, "register_at_fork"):  # pragma: no branch - absent on Windows only
    os.register_at_fork(after_in_child=lambda: MAIN.__setitem__(0, threading.main_thread().ident))


def can_interrupt() -> bool:
    """The SIGALRM timer serves only the main thread of a platform with ``setitimer``."""
    return HAS_TIMERS and get_ident() == MAIN[0]


class Run:
    """One armed invoke: its deadline, whether its interruption fired, and how to undo ``arm``."""

    __slots__ = ("closing", "deadline", "displaced", "fired", "gave_up")

    def __init__(self, deadline: float, displaced: Any) -> None:
        self.deadline = deadline
        # The SIGALRM handler ``arm`` replaced with ours, to put back (``None``: ours was installed).
        self.displaced = displaced
        self.fired = self.gave_up = self.closing = False


class ThreadRun(Run):
    """Off the main thread: also the handler's thread, and the timer thread with its stop event."""

    __slots__ = ("stop", "thread", "watcher")

    def __init__(self, deadline: float) -> None:
        super().__init__(deadline, None)
        self.thread = get_ident()
        self.stop = threading.Event()
        self.watcher = threading.Thread(target=_watch, args=(self,), name="pytest-lambda-watchdog", daemon=True)


class _State:
    """The process's SIGALRM handler while functions hold it (installs are counted), the armed invokes
    (innermost last: one thread invokes at a time, see ``inflight``) and the outer timer they chain.

    One instance, not class attributes: setting a class attribute invalidates the type's caches.
    """

    __slots__ = ("installs", "outer_at", "outer_handler", "outer_interval", "outer_raised", "previous", "runs",
                 "unstopped")  # fmt: skip

    def __init__(self) -> None:
        self.installs = 0
        self.previous: Any = None
        self.runs: list[Run] = []
        # The outer timer while invokes run: its next expiry (monotonic; None: none), its interval
        # and the handler that was installed for it.
        self.outer_at: float | None = None
        self.outer_interval = 0.0
        self.outer_handler: Any = None
        # What the outer timer's handler last raised through a handler (pytest-timeout's Failed).
        self.outer_raised: BaseException | None = None
        # How long past its deadline each handler that could not be stopped ran, for the attempt to report.
        self.unstopped: list[float] = []


STATE = _State()
_BOTTOM = Run(0.0, None)


def _interruptible(frame: FrameType | None) -> bool:
    """Whether the code running is the handler's (or what it called), not the harness's own: the innermost
    harness frame on the stack is the one calling the handler (also when the harness is in a library,
    as ``disarm`` in ``Thread.join``)."""
    while frame is not None:
        if str(frame.f_globals.get("__name__", "")).startswith(_HARNESS):
            return frame.f_code.co_name == "call_handler"
        frame = frame.f_back
    return False


def _schedule(now: float) -> None:
    """Arm the timer for what is due next: the outer timer, or the innermost invoke (again, once fired)."""
    top = STATE.runs[-1]
    due = math.inf if top.gave_up else now + REPEAT_SECONDS if top.fired else top.deadline
    if STATE.outer_at is not None:
        due = min(due, STATE.outer_at)
    if due == math.inf:
        _setitimer(ITIMER_REAL, 0)
    else:
        _setitimer(ITIMER_REAL, max(due - now, _SLACK), REPEAT_SECONDS)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    runs = STATE.runs
    if not runs:
        # No invoke running (a held function keeps this handler installed): the alarm is an outer timer's.
        _pass_on(STATE.previous, signum, frame)
        return
    top = runs[-1]
    if top.closing:
        return  # on its way before ``disarm`` stopped the timer: the deadline is judged there
    now = _CLOCK[0]()
    outer_at = STATE.outer_at
    if outer_at is not None and now >= outer_at - _SLACK:
        # The outer deadline, on time: to its own handler, which may raise through the handler as it
        # would without us (pytest-timeout fails the test so).
        interval = STATE.outer_interval
        STATE.outer_at = max(outer_at + interval, now + _SLACK) if interval else None
        _schedule(now)
        try:
            _pass_on(STATE.outer_handler, signum, frame)
        except BaseException as exc:
            STATE.outer_raised = exc  # the test's to handle, not the function's crash
            raise
        return
    if now < top.deadline - _SLACK:
        _schedule(now)  # not a timer's (sent with kill): nothing is due yet
        return
    top.fired = True
    top.gave_up = now > top.deadline + GIVE_UP_SECONDS
    _schedule(now)
    if not top.gave_up and _interruptible(frame):
        raise HandlerTimedOut


def _pass_on(handler: Any, signum: int, frame: FrameType | None) -> None:
    if callable(handler):
        handler(signum, frame)


def hold() -> None:
    """Keep our SIGALRM handler installed until ``release``: each invoke then only arms a timer."""
    if not can_interrupt():
        return
    if STATE.installs == 0:
        STATE.previous = _signal.signal(_SIGALRM, _on_alarm)
    STATE.installs += 1


def release() -> None:
    """Undo one ``hold``; the last one puts the previous handler back (unless other code replaced ours since)."""
    if STATE.installs == 0:
        return
    STATE.installs -= 1
    if STATE.installs == 0:
        if _getsignal(_SIGALRM) is _on_alarm:
            _signal.signal(_SIGALRM, STATE.previous)
        STATE.previous = None


def arm(seconds: float) -> Run:
    """Interrupt the calling thread's handler once ``seconds`` have passed, and again until ``disarm``."""
    now = _CLOCK[0]()
    if not (HAS_TIMERS and get_ident() == MAIN[0]):  # can_interrupt(), without its frame: this runs every invoke
        return _arm_thread(now + seconds)
    displaced = None
    if _getsignal(_SIGALRM) is not _on_alarm:
        # Not held, or other code installed its own handler since: ours for the invoke, theirs after.
        displaced = _signal.signal(_SIGALRM, _on_alarm)
    runs = STATE.runs
    if runs:
        run = Run(now + seconds, displaced)
    else:
        # The one invoke not nested in another: its Run is reused (this runs every invoke).
        run = _BOTTOM
        run.deadline, run.displaced = now + seconds, displaced
        run.fired = run.gave_up = run.closing = False
    runs.append(run)
    if len(runs) == 1:
        outer_delay, outer_interval = _setitimer(ITIMER_REAL, seconds, REPEAT_SECONDS)
        if outer_delay > 0:
            STATE.outer_at = now + outer_delay
            STATE.outer_interval = outer_interval
            STATE.outer_handler = displaced if displaced is not None else STATE.previous
            if outer_delay < seconds:
                _setitimer(ITIMER_REAL, outer_delay, REPEAT_SECONDS)
    else:
        _schedule(now)
    return run


def disarm(run: Run) -> bool:
    """Stop the interruptions ``arm`` started; the enclosing invoke's deadline, or the outer timer with its
    remaining time, is armed again. ``True`` if the interruption fired (the attempt is then a timeout,
    whatever the handler did after it)."""
    if type(run) is ThreadRun:
        return _disarm_thread(run)
    # Alarms from here on only mark the run (an alarm already on its way is handled right after the
    # setitimer call that stops the next ones).
    run.closing = True
    runs = STATE.runs
    if len(runs) > 1:
        runs.pop()
        _schedule(_CLOCK[0]())
    else:
        outer_at = STATE.outer_at
        if outer_at is None:
            _setitimer(ITIMER_REAL, 0)
        else:
            _setitimer(ITIMER_REAL, max(outer_at - _CLOCK[0](), _SLACK), STATE.outer_interval)
            STATE.outer_at = STATE.outer_handler = None
        runs.pop()
        if run.displaced is not None:
            _signal.signal(_SIGALRM, run.displaced)
    # A handler blocked past its deadline (C code, SIGALRM blocked) gets the alarm as soon as it is
    # back in Python, so the run has fired by now.
    return run.fired and _timed_out(run)


def _timed_out(run: Run) -> bool:
    """A run whose interruption fired is a timeout; note how long a handler that could not be stopped ran on."""
    overrun = _CLOCK[0]() - run.deadline
    if overrun > GIVE_UP_SECONDS:
        STATE.unstopped.append(overrun)
    return True


def not_stopped_warning(function_name: str, seconds: float, overrun: float) -> HandlerNotStoppedWarning:
    return HandlerNotStoppedWarning(
        with_docs(
            f"the handler of {function_name!r} ran {overrun:.2f} s past its {seconds:g} s deadline: it caught every "
            "interruption (a bare except: or except BaseException: around a loop) or was blocked in C code. "
            "In Lambda it would have been stopped at the deadline; the invoke reports the timeout",
            "timeouts",
        )
    )


def raised_by_outer_timer(exc: BaseException) -> bool:
    """Whether the outer timer's handler raised ``exc`` (through the handler): it goes to the test unchanged."""
    if exc is not STATE.outer_raised:
        return False
    STATE.outer_raised = None
    return True


def take_unstopped() -> list[float]:
    """How long past their deadlines the handlers that could not be stopped ran, since the last call."""
    unstopped, STATE.unstopped = STATE.unstopped, []
    return unstopped


# Off the main thread: a timer thread per invoke raises the exception in the handler's thread.


def _arm_thread(deadline: float) -> Run:
    run = ThreadRun(deadline)
    STATE.runs.append(run)
    run.watcher.start()
    return run


def _watch(run: ThreadRun) -> None:
    send = _async_exc_sender()
    wait = run.deadline - _CLOCK[0]()
    while not run.stop.wait(max(wait, 0)):
        wait = REPEAT_SECONDS
        if STATE.runs[-1] is not run:
            continue  # an inner invoke runs: this one is interrupted once it has returned to it
        run.fired = True
        if _CLOCK[0]() > run.deadline + GIVE_UP_SECONDS:
            return  # the handler could not be stopped: it runs on
        # The GIL is held from the look at the thread's frame to the request, so the thread does not
        # move in between (unless this thread is held up longer than the switch interval).
        if _interruptible(sys._current_frames().get(run.thread)):
            send(run.thread)


def _async_exc_sender() -> Callable[[int], None]:
    import ctypes  # only invokes off the main thread need it

    set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    exc = ctypes.py_object(HandlerTimedOut)
    return lambda thread: set_async_exc(ctypes.c_ulong(thread), exc)


def _disarm_thread(run: ThreadRun) -> bool:
    run.closing = True
    run.stop.set()
    try:
        run.watcher.join()
    except HandlerTimedOut:  # pragma: no cover - a race: sent as the handler returned, the last one
        run.fired = True
    STATE.runs.pop()
    return run.fired and _timed_out(run)
