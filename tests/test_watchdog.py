"""The SIGALRM watchdog and the log dispatcher share process-wide state with other code: they must give it back."""

from __future__ import annotations

import logging
import signal
import threading
import time
from types import FrameType
from typing import Any

import pytest
from freezegun import freeze_time

from pytest_lambda import LambdaFunction


def _spin_until(predicate: Any, limit: float = 2.0) -> None:
    end = time.monotonic() + limit
    while not predicate() and time.monotonic() < end:
        pass


def test_an_outer_timer_and_handler_survive_invokes() -> None:
    fired: list[int] = []

    def outer(signum: int, frame: FrameType | None) -> None:
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, outer)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        LambdaFunction(lambda e, c: "ok").invoke({})
        with LambdaFunction(lambda e, c: "ok") as fn:
            fn.invoke({})
            # While a function holds the handler, an alarm it did not arm goes to the outer handler.
            _spin_until(lambda: fired)
        assert fired == [signal.SIGALRM]
        assert signal.getsignal(signal.SIGALRM) is outer
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("held", [False, True])
def test_outer_timer_keeps_its_remaining_time(held: bool) -> None:
    previous = signal.signal(signal.SIGALRM, lambda s, f: None)
    try:
        signal.setitimer(signal.ITIMER_REAL, 50.0, 7.0)
        function = LambdaFunction(lambda e, c: "ok")
        if held:
            with function:
                function.invoke({})
        else:
            function.invoke({})
        left, interval = signal.getitimer(signal.ITIMER_REAL)
        assert 49.0 < left <= 50.0
        assert interval == 7.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_handler_and_timer_are_restored_after_a_timeout() -> None:
    before = signal.getsignal(signal.SIGALRM)

    def hang(event: Any, context: Any) -> None:
        while True:
            pass

    assert LambdaFunction(hang, watchdog_seconds=0.02).invoke({}).payload["errorType"] == "Sandbox.Timedout"
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_off_the_main_thread_the_handler_runs_to_completion_and_is_reported_as_timed_out() -> None:
    results: list[Any] = []

    with freeze_time("2024-01-01") as frozen:

        def slow(event: Any, context: Any) -> str:
            frozen.tick(1.5)  # no signal can reach this thread; the deadline passes anyway
            return "finished"

        thread = threading.Thread(target=lambda: results.append(LambdaFunction(slow, timeout=1).invoke({})))
        thread.start()
        thread.join()
    (result,) = results
    assert result.payload["errorType"] == "Sandbox.Timedout"


def test_off_the_main_thread_the_watchdog_stops_the_handler_without_a_signal() -> None:
    results: list[Any] = []
    before = signal.getsignal(signal.SIGALRM)

    def spin(event: Any, context: Any) -> str:
        _spin_until(lambda: False, 5.0)  # stopped long before by the watchdog thread
        return "done"  # pragma: no cover - the failure this test guards against

    def run() -> None:
        results.append(LambdaFunction(spin, watchdog_seconds=0.001).invoke({}))
        results.append(LambdaFunction(lambda e, c: repr(signal.getsignal(signal.SIGALRM))).invoke({}))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    stopped, during = results
    assert stopped.payload["errorType"] == "Sandbox.Timedout"
    assert during.payload == repr(before)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_logging_outside_an_invocation_is_not_captured(caplog: pytest.LogCaptureFixture) -> None:
    with LambdaFunction(lambda e, c: logging.getLogger("in").warning("inside")) as fn:
        result = fn.invoke({})
        logging.getLogger("out").warning("between invokes")
    assert "inside" in result.logs
    assert "between invokes" not in result.logs
    assert "between invokes" in caplog.text
    assert all(type(h).__name__ != "_Dispatcher" for h in logging.getLogger().handlers)
