"""Timeouts that hold, chained SIGALRM timers, nested invokes, threads and event loops (issue 15).

Handlers that must run past a deadline busy-wait, bounded by a real-time limit far above the short
``watchdog_seconds`` they run under: a test that fails does so by the handler reaching its limit.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from types import FrameType
from typing import Any

import pytest

from pytest_lambda import ConcurrentInvokeError, HandlerNotStoppedWarning, LambdaFunction
from pytest_lambda.runtime import inflight, watchdog

LIMIT = 10.0  # seconds: how long a handler that is not stopped runs on (the test then fails)


def _spin_until(predicate: Callable[[], object], limit: float = LIMIT) -> None:
    end = time.monotonic() + limit
    while not predicate() and time.monotonic() < end:
        pass


def _spin(limit: float = LIMIT) -> None:
    _spin_until(lambda: False, limit)


@pytest.fixture
def outer_alarm() -> Iterator[list[float]]:
    """A SIGALRM handler of the test's own (recording when it fired), removed with its timer afterwards."""
    fired: list[float] = []

    def record(signum: int, frame: FrameType | None) -> None:
        fired.append(time.monotonic())

    previous = signal.signal(signal.SIGALRM, record)
    yield fired
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


# Timeouts that hold


def test_a_handler_catching_the_timeout_is_interrupted_until_it_gives_up() -> None:
    caught: list[int] = []

    def stubborn(event: Any, context: Any) -> str:
        while len(caught) < 3:
            try:
                _spin()
            except BaseException:  # the retry loop of a handler that means well
                caught.append(1)
        return "fallback"

    result = LambdaFunction(stubborn, watchdog_seconds=0.02).invoke({})
    assert len(caught) == 3
    assert result.payload["errorType"] == "Sandbox.Timedout"
    assert result.payload["errorMessage"].endswith("Task timed out after 3.00 seconds")
    assert "Task timed out after 3.00 seconds" in result.logs
    assert result.report.status == "timeout"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("held", [False, True])
def test_a_fallback_returned_after_catching_the_timeout_is_not_the_result(held: bool) -> None:
    def fallback(event: Any, context: Any) -> str:
        try:
            _spin()
        except:  # noqa: E722 - what the test is about
            return "fallback"
        return "finished"  # pragma: no cover - the failure this test guards against

    function = LambdaFunction(fallback, watchdog_seconds=0.02)
    with function if held else nullcontext():
        result = function.invoke({})
    assert result.payload["errorType"] == "Sandbox.Timedout"
    assert result.function_error == "Unhandled"


def test_an_error_raised_after_catching_the_timeout_is_a_timeout() -> None:
    def relabel(event: Any, context: Any) -> None:
        try:
            _spin()
        except BaseException as exc:
            raise RuntimeError("gave up") from exc

    result = LambdaFunction(relabel, watchdog_seconds=0.02).invoke({})
    assert result.payload["errorType"] == "Sandbox.Timedout"


def test_an_async_invoke_retries_a_handler_that_caught_its_timeout() -> None:
    def fallback(event: Any, context: Any) -> str:
        try:
            _spin()
        except BaseException:
            return "fallback"
        return "finished"  # pragma: no cover - the failure this test guards against

    function = LambdaFunction(fallback, watchdog_seconds=0.02, dead_letter_queue=False)
    result = function.invoke({}, invocation_type="Event")
    assert [attempt.outcome for attempt in result.attempts] == ["timeout"] * 3


@pytest.mark.parametrize("in_thread", [False, True])
def test_a_handler_that_cannot_be_stopped_is_reported(monkeypatch: pytest.MonkeyPatch, in_thread: bool) -> None:
    # No interruption lands (as in C code, or with SIGALRM blocked): the watchdog gives up, the handler runs on.
    monkeypatch.setattr(watchdog, "GIVE_UP_SECONDS", 0.05)
    monkeypatch.setattr(watchdog, "_interruptible", lambda frame: False)
    results: list[Any] = []

    def run() -> None:
        function = LambdaFunction(lambda e, c: _spin(0.3), function_name="stuck", watchdog_seconds=0.02)
        with pytest.warns(HandlerNotStoppedWarning, match=r"'stuck' ran \d\.\d\d s past its 0\.02 s deadline"):
            results.append(function.invoke({}))

    if in_thread:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    else:
        run()
    (result,) = results
    assert result.payload["errorType"] == "Sandbox.Timedout"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


HARNESS_LIKE = """
def harness_like(event, context):
    end = time.monotonic() + 0.1
    while time.monotonic() < end:
        pass
    ran.append("to the end")
"""


def _harness_like(ran: list[Any]) -> Any:
    """A handler whose code counts as the harness's (its module's name is): it runs 0.1 s, then notes it."""
    namespace: dict[str, Any] = {"__name__": "pytest_lambda.runtime._test_only", "time": time, "ran": ran}
    exec(HARNESS_LIKE, namespace)
    return namespace["harness_like"]


def test_a_handler_running_harness_code_is_interrupted_once_out_of_it() -> None:
    # Code whose module is the harness's is never interrupted (the watchdog's own bookkeeping must
    # finish): the interruption waits, and the attempt is a timeout all the same.
    ran: list[str] = []
    result = LambdaFunction(_harness_like(ran), watchdog_seconds=0.01).invoke({})
    assert ran == ["to the end"]
    assert result.payload["errorType"] == "Sandbox.Timedout"


def test_in_a_thread_harness_code_is_not_interrupted_either() -> None:
    ran: list[Any] = []
    function = LambdaFunction(_harness_like(ran), watchdog_seconds=0.01)
    thread = threading.Thread(target=lambda: ran.append(function.invoke({})))
    thread.start()
    thread.join()
    finished, result = ran
    assert finished == "to the end"
    assert result.payload["errorType"] == "Sandbox.Timedout"


# Chained SIGALRM timers


@pytest.mark.parametrize("held", [False, True])
def test_an_earlier_outer_alarm_fires_on_time_during_an_invoke(outer_alarm: list[float], held: bool) -> None:
    def wait_for_the_outer_alarm(event: Any, context: Any) -> int:
        _spin_until(lambda: outer_alarm)
        return len(outer_alarm)

    function = LambdaFunction(wait_for_the_outer_alarm, watchdog_seconds=5)
    with function if held else nullcontext():
        started = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        result = function.invoke({})
    assert result.payload == 1
    assert outer_alarm[0] - started < 2.0  # on time: far before the function's deadline
    assert signal.getsignal(signal.SIGALRM) is not watchdog._on_alarm
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # fired: nothing left to re-arm


def test_a_repeating_outer_timer_keeps_firing_and_is_handed_back(outer_alarm: list[float]) -> None:
    def wait_for_three(event: Any, context: Any) -> int:
        _spin_until(lambda: len(outer_alarm) >= 3)
        return len(outer_alarm)

    signal.setitimer(signal.ITIMER_REAL, 0.02, 0.02)
    result = LambdaFunction(wait_for_three, watchdog_seconds=5).invoke({})
    assert result.payload >= 3
    left, interval = signal.getitimer(signal.ITIMER_REAL)
    assert 0 < left <= 0.02
    assert interval == 0.02


def test_the_function_deadline_still_holds_after_the_outer_alarm(outer_alarm: list[float]) -> None:
    signal.setitimer(signal.ITIMER_REAL, 0.02)
    result = LambdaFunction(lambda e, c: _spin(), watchdog_seconds=0.1).invoke({})
    assert result.payload["errorType"] == "Sandbox.Timedout"
    assert len(outer_alarm) == 1


def test_a_later_outer_timer_gets_its_remaining_time_after_a_timeout(outer_alarm: list[float]) -> None:
    signal.setitimer(signal.ITIMER_REAL, 30.0)
    result = LambdaFunction(lambda e, c: _spin(), watchdog_seconds=0.02).invoke({})
    assert result.payload["errorType"] == "Sandbox.Timedout"
    assert outer_alarm == []
    assert 25.0 < signal.getitimer(signal.ITIMER_REAL)[0] < 30.0


def test_a_held_function_times_out_after_other_code_installed_its_own_handler(outer_alarm: list[float]) -> None:
    with LambdaFunction(lambda e, c: _spin(), watchdog_seconds=0.02) as function:
        theirs: list[int] = []
        signal.signal(signal.SIGALRM, lambda signum, frame: theirs.append(signum))
        result = function.invoke({})
        assert result.payload["errorType"] == "Sandbox.Timedout"
        assert theirs == []  # the function's alarm never reached their handler
        assert signal.getsignal(signal.SIGALRM) is not watchdog._on_alarm
        installed = signal.getsignal(signal.SIGALRM)
    assert signal.getsignal(signal.SIGALRM) is installed  # closing the function left theirs alone


TIMEOUT_TESTS = """
import time
import pytest
from pytest_lambda import LambdaFunction

def spin(event, context):
    end = time.monotonic() + 10
    while time.monotonic() < end:
        pass
    return "ran to the end"

@pytest.mark.timeout(1, func_only=True)
def test_unheld():
    assert LambdaFunction(spin, timeout=3).invoke({}).payload == "never"

@pytest.mark.timeout(1, func_only=True)
def test_held(lambda_function):
    assert lambda_function(spin, timeout=3).invoke({}).payload == "never"

def test_the_function_timeout_still_holds(lambda_function):
    assert lambda_function(spin, watchdog_seconds=0.05).invoke({}).payload["errorType"] == "Sandbox.Timedout"
"""


def test_pytest_timeout_fires_during_an_invoke(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(TIMEOUT_TESTS)
    result = pytester.runpytest_subprocess("--timeout-method=signal", "--timeout=5", "-v")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        ["*::test_unheld FAILED*", "*::test_held FAILED*", "*::test_the_function_timeout_still_holds PASSED*"]
    )
    # "E" lines only: the short summary repeats the message, cut to the terminal width unless CI is set
    # pytest-timeout 2.3 says "Timeout >1.0s", 2.4 "Timeout (>1.0s) from pytest-timeout."
    raised = [line for line in result.stdout.lines if re.match(r"E +Failed: Timeout \(?>1\.0s", line)]
    assert len(raised) == 2
    assert "ran to the end" not in result.stdout.str()  # what a handler left running to its end returns


# Nested invokes


@pytest.mark.parametrize("held", [False, True])
def test_a_nested_invoke_gives_the_outer_function_back_its_deadline_variables_and_logs(held: bool) -> None:
    inner = LambdaFunction(
        lambda e, c: (print("inner says"), os.environ["WHO"], os.environ["INNER_ONLY"])[1],
        environment={"WHO": "inner", "INNER_ONLY": "1"},
        watchdog_seconds=5,
    )
    seen: dict[str, Any] = {}

    def outer(event: Any, context: Any) -> None:
        before = (sys.stdout, sys.stderr, list(logging.getLogger().handlers))
        with inner if held else nullcontext():
            seen["inner"] = inner.invoke({})
        seen["restored"] = (sys.stdout, sys.stderr, list(logging.getLogger().handlers)) == before
        seen["variables"] = (os.environ.get("WHO"), os.environ.get("INNER_ONLY"))
        print("outer after inner")
        logging.getLogger("outer").warning("logged after inner")
        _spin()  # the outer deadline must still be armed

    result = LambdaFunction(outer, environment={"WHO": "outer"}, watchdog_seconds=0.2).invoke({})
    assert result.payload["errorType"] == "Sandbox.Timedout"
    assert seen["inner"].payload == "inner"
    assert "inner says" in seen["inner"].logs
    assert "inner says" not in result.logs
    assert seen["restored"]
    assert seen["variables"] == ("outer", None)
    assert "outer after inner" in result.logs
    assert "logged after inner" in result.logs
    assert "WHO" not in os.environ


def test_an_outer_deadline_passing_during_a_nested_invoke_stops_the_outer_handler_after_it() -> None:
    inner = LambdaFunction(lambda e, c: (_spin(0.2), "inner done")[1], watchdog_seconds=5)
    seen: list[Any] = []

    def outer(event: Any, context: Any) -> None:
        seen.append(inner.invoke({}))
        _spin()

    result = LambdaFunction(outer, watchdog_seconds=0.05).invoke({})
    assert result.payload["errorType"] == "Sandbox.Timedout"
    assert seen[0].payload == "inner done"  # the inner function ran to its end, as in its own sandbox


def test_a_nested_inner_timeout_leaves_the_outer_deadline_armed() -> None:
    inner = LambdaFunction(lambda e, c: _spin(), watchdog_seconds=0.02)
    seen: list[Any] = []

    def outer(event: Any, context: Any) -> None:
        seen.append(inner.invoke({}))
        _spin()

    result = LambdaFunction(outer, watchdog_seconds=0.3).invoke({})
    assert seen[0].payload["errorType"] == "Sandbox.Timedout"
    assert result.payload["errorType"] == "Sandbox.Timedout"


def test_nested_invokes_in_a_thread_time_out_in_turn() -> None:
    inner = LambdaFunction(lambda e, c: (_spin(0.1), "inner done")[1], watchdog_seconds=5)
    seen: list[Any] = []

    def outer(event: Any, context: Any) -> None:
        seen.append(inner.invoke({}))
        _spin()

    thread = threading.Thread(target=lambda: seen.append(LambdaFunction(outer, watchdog_seconds=0.02).invoke({})))
    thread.start()
    thread.join()
    inner_result, outer_result = seen
    assert inner_result.payload == "inner done"
    assert outer_result.payload["errorType"] == "Sandbox.Timedout"


def test_a_nested_initialize_gives_the_outer_function_back_its_variables() -> None:
    inner = LambdaFunction(lambda e, c: None, environment={"WHO": "inner"})

    def outer(event: Any, context: Any) -> str | None:
        with inner:
            inner.initialize()
            return os.environ.get("WHO")

    assert LambdaFunction(outer, environment={"WHO": "outer"}).invoke({}).payload == "outer"


# Threads


def test_a_handler_catching_the_timeout_in_a_thread_is_interrupted_until_it_gives_up() -> None:
    caught: list[int] = []

    def stubborn(event: Any, context: Any) -> str:
        while len(caught) < 3:
            try:
                _spin()
            except BaseException:
                caught.append(1)
        return "fallback"

    results: list[Any] = []
    thread = threading.Thread(target=lambda: results.append(LambdaFunction(stubborn, watchdog_seconds=0.02).invoke({})))
    thread.start()
    thread.join()
    assert len(caught) == 3
    assert results[0].payload["errorType"] == "Sandbox.Timedout"


def test_an_invoke_overlapping_another_threads_is_refused_and_leaves_everything_as_it_was() -> None:
    started, proceed = threading.Event(), threading.Event()
    results: list[Any] = []

    def waits(event: Any, context: Any) -> str:
        started.set()
        proceed.wait(LIMIT)
        print("first")
        return os.environ["WHO"]

    first = LambdaFunction(waits, function_name="first", environment={"WHO": "first"})
    thread = threading.Thread(target=lambda: results.append(first.invoke({})), name="worker")
    stdout, stderr = sys.stdout, sys.stderr
    thread.start()
    try:
        started.wait(LIMIT)
        second = LambdaFunction(lambda e, c: os.environ["WHO"], function_name="second", environment={"WHO": "second"})
        with pytest.raises(ConcurrentInvokeError, match="cannot invoke 'second' on thread 'MainThread': 'first' is "):
            second.invoke({})
        with pytest.raises(ConcurrentInvokeError, match="#threads-and-event-loops"):
            second.initialize()
    finally:
        proceed.set()
        thread.join()
    assert results[0].payload == "first"
    assert "first" in results[0].logs
    assert (sys.stdout, sys.stderr) == (stdout, stderr)
    assert "WHO" not in os.environ
    assert not inflight.STATE.depth
    assert second.invoke({}).payload == "second"  # once the first is done


# Event loops


def test_a_handler_can_run_its_own_event_loop_inside_the_tests() -> None:
    async def work() -> str:
        await asyncio.sleep(0)
        return "from the handler's loop"

    def handler(event: Any, context: Any) -> str:
        return asyncio.run(work())

    async def test() -> tuple[Any, bool]:
        loop = asyncio.get_running_loop()
        result = LambdaFunction(handler).invoke({})
        return result.payload, asyncio.get_running_loop() is loop

    assert asyncio.run(test()) == ("from the handler's loop", True)


def test_the_handler_sees_no_running_loop() -> None:
    def handler(event: Any, context: Any) -> bool:
        return asyncio.events._get_running_loop() is None

    async def test() -> Any:
        return LambdaFunction(handler).invoke({}).payload

    assert asyncio.run(test()) is True


def test_a_module_can_run_an_event_loop_at_import_inside_the_tests(module: Callable[[str], str]) -> None:
    name = module(
        """
        import asyncio

        async def connect():
            return "connected at import"

        STATE = asyncio.run(connect())

        def handler(event, context):
            return STATE
        """
    )

    async def test() -> tuple[Any, bool]:
        loop = asyncio.get_running_loop()
        result = LambdaFunction(f"{name}.handler").invoke({})
        return result.payload, asyncio.get_running_loop() is loop

    assert asyncio.run(test()) == ("connected at import", True)


# The watchdog's corners, driven directly


def test_an_alarm_arriving_as_the_watchdog_stops_is_dropped() -> None:
    run = watchdog.arm(5)
    try:
        run.closing = True
        watchdog._on_alarm(signal.SIGALRM, None)  # neither raises nor reaches another handler
    finally:
        assert not watchdog.disarm(run)
    assert watchdog.STATE.runs == []


def test_a_sigalrm_sent_while_no_deadline_is_due_is_ignored(outer_alarm: list[float]) -> None:
    def handler(event: Any, context: Any) -> str:
        signal.raise_signal(signal.SIGALRM)
        return "still running"

    signal.setitimer(signal.ITIMER_REAL, 30.0)
    assert LambdaFunction(handler, watchdog_seconds=5).invoke({}).payload == "still running"
    assert outer_alarm == []
    assert 25.0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 30.0


def test_code_outside_any_invoke_is_never_interrupted() -> None:
    assert not watchdog._interruptible(None)
    assert not watchdog._interruptible(sys._getframe())  # no harness frame calling a handler below


class OuterDeadline(BaseException):
    """What an outer timer's handler raises (as pytest-timeout raises its Failed)."""


def test_an_exception_from_the_outer_timers_handler_reaches_the_test_unchanged() -> None:
    def outer(signum: int, frame: FrameType | None) -> None:
        raise OuterDeadline

    previous = signal.signal(signal.SIGALRM, outer)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.02)
        with pytest.raises(OuterDeadline):
            LambdaFunction(lambda e, c: _spin(), watchdog_seconds=5).invoke({})
        assert signal.getsignal(signal.SIGALRM) is outer
        assert not watchdog.raised_by_outer_timer(OuterDeadline())
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
