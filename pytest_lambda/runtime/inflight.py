"""The invokes in flight in this process: nested ones on one thread, never two threads' at once.

An invoke sets process-wide state: ``os.environ``, ``sys.stdout``/``sys.stderr``, the root logger,
``sys.modules`` and the SIGALRM timer. One Lambda execution environment runs one invoke at a time
(lambda-runtime-environment.html), and a process here is one environment: an invoke from a second
thread while another thread's is in flight would mix the two functions' variables and logs, so it is
refused. A handler invoking another function in process (nesting) is the same thread: allowed.
"""

from __future__ import annotations

import threading
from typing import NoReturn

from pytest_lambda.errors import ConcurrentInvokeError, with_docs

# Held by the thread whose invokes are in flight; re-entered by nested ones.
_LOCK = threading.RLock()
acquire, release = _LOCK.acquire, _LOCK.release
get_ident = threading.get_ident


class _State:
    __slots__ = ("depth", "function", "thread")

    def __init__(self) -> None:
        self.depth = 0
        self.function = ""
        self.thread = 0


STATE = _State()


def begin(function_name: str) -> None:
    """Enter an invoke (or an init) of ``function_name``; refused while another thread's is in flight."""
    if not acquire(False):
        refuse(function_name)
    state = STATE
    if not state.depth:
        state.function = function_name
        state.thread = get_ident()
    state.depth += 1


def end() -> None:
    """Leave what ``begin`` entered."""
    STATE.depth -= 1
    release()


def refuse(function_name: str) -> NoReturn:
    """Raise the error for an invoke ``acquire`` could not let in."""
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    raise ConcurrentInvokeError(
        with_docs(
            f"cannot invoke {function_name!r} on thread {threading.current_thread().name!r}: {STATE.function!r} is "
            f"being invoked on thread {names.get(STATE.thread, STATE.thread)!r}. An invoke sets process-wide "
            "state (os.environ, sys.stdout/sys.stderr, the root logger, sys.modules), as one Lambda execution "
            "environment runs one invoke at a time; invoke from one thread at a time, or run concurrent tests "
            "in separate processes (pytest-xdist)",
            "threads-and-event-loops",
        )
    )
