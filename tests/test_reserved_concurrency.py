"""Reserved concurrency: invocations past it are throttled as Lambda throttles them, for each kind of caller."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest

from pytest_lambda import (
    ConcurrentInvokeError,
    ConfigurationError,
    InvocationFailed,
    InvokeResult,
    LambdaFunction,
    TooManyRequestsError,
)
from pytest_lambda.clock import VirtualClock
from pytest_lambda.runtime import policy
from pytest_lambda.runtime.attempt import Request

QUEUE = "arn:aws:sqs:us-east-1:123456789012:failed"


@pytest.mark.parametrize("value", [-1, 1.5, "2", True, [1]])
def test_a_bad_reserved_concurrency_is_refused_naming_the_value(value: Any) -> None:
    shown = re.escape(repr(value))
    with pytest.raises(ConfigurationError, match=rf"reserved_concurrency={shown} is not valid.*0 or more"):
        LambdaFunction(lambda e, c: e, reserved_concurrency=value)
    function = LambdaFunction(lambda e, c: e)
    with pytest.raises(ConfigurationError, match=r"#reserved-concurrency"):
        function.reserved_concurrency = value
    assert function.reserved_concurrency is None


def test_zero_throttles_every_synchronous_invoke_before_the_handler_runs() -> None:
    calls: list[Any] = []
    function = LambdaFunction(lambda e, c: calls.append(e), function_name="off", reserved_concurrency=0)
    with pytest.raises(TooManyRequestsError, match=r"TooManyRequestsException: Rate Exceeded\. 'off'") as caught:
        function.invoke({"n": 1})
    error = caught.value
    assert (error.status_code, error.error_type, error.reason) == (
        429,
        "TooManyRequestsException",
        "ReservedFunctionConcurrentInvocationLimitExceeded",
    )
    assert (error.function_name, error.reserved_concurrency) == ("off", 0)
    assert calls == []
    # Switched back on: the same function runs again.
    function.reserved_concurrency = None
    assert function.invoke({"n": 2}).ok
    assert calls == [{"n": 2}]


def test_a_handler_invoking_itself_past_the_limit_gets_the_throttle() -> None:
    nested: list[Any] = []

    def handler(event: dict[str, int], context: Any) -> Any:
        if event["depth"] == 3:
            return "bottom"
        result = function.invoke({"depth": event["depth"] + 1})
        nested.append(result)
        return result.payload

    function = LambdaFunction(handler, reserved_concurrency=2)
    function.invoke({"depth": 1})
    # Depths 1 and 2 are in flight when depth 3 is invoked: the third is throttled, in depth 2's handler.
    innermost = nested[0]
    assert innermost.function_error == "Unhandled"
    assert innermost.error["errorType"] == "TooManyRequestsError"
    assert "reserved_concurrency=2: 2 invocation(s) of it already in flight" in innermost.error["errorMessage"]
    nested.clear()
    function.reserved_concurrency = 3
    assert function.invoke({"depth": 1}).payload == "bottom"
    # Every invocation left: none is counted as in flight any more.
    function.reserved_concurrency = 1
    assert function.invoke({"depth": 3}).payload == "bottom"


def test_a_function_invoked_back_through_another_is_counted_once_per_invocation_in_flight() -> None:
    def first_handler(event: Any, context: Any) -> Any:
        return second.invoke(event).raise_for_error().payload

    def second_handler(event: Any, context: Any) -> Any:
        if event == "again":
            return first.invoke("done").payload
        return event

    first = LambdaFunction(first_handler, function_name="first", reserved_concurrency=1)
    second = LambdaFunction(second_handler, function_name="second")
    assert first.invoke("plain").payload == "plain"
    # first -> second -> first: the second invocation of first is one too many.
    result = first.invoke("again")
    assert result.error is not None
    assert "'first' has reserved_concurrency=1" in result.error["errorMessage"]


def test_another_thread_s_invoke_past_the_limit_is_throttled_not_refused() -> None:
    started, release = threading.Event(), threading.Event()

    def handler(event: Any, context: Any) -> str:
        started.set()
        release.wait(30)
        return "held"

    function = LambdaFunction(handler, function_name="busy", timeout=60, reserved_concurrency=1)
    results: list[Any] = []
    worker = threading.Thread(target=lambda: results.append(function.invoke({}).payload))
    worker.start()
    try:
        assert started.wait(30)
        with pytest.raises(TooManyRequestsError, match=r"'busy' has reserved_concurrency=1"):
            function.invoke({})
        # Within the limit, the second thread's invoke is let through to the harness, which runs one
        # thread's invokes at a time.
        function.reserved_concurrency = 2
        with pytest.raises(ConcurrentInvokeError):
            function.invoke({})
    finally:
        release.set()
        worker.join(30)
    assert results == ["held"]
    assert function.invoke({}).payload == "held"


def test_an_async_event_with_zero_reserved_concurrency_goes_to_its_destinations_without_retries() -> None:
    clock = VirtualClock()
    function = LambdaFunction(
        lambda e, c: e, function_name="off", reserved_concurrency=0, on_failure=QUEUE, dead_letter_queue=QUEUE,
        clock=clock,
    )  # fmt: skip
    before = clock.offset_ms
    result = function.invoke({"order": 7}, invocation_type="Event")
    assert clock.offset_ms == before  # no retry, no backoff
    assert (result.status_code, result.attempts, result.ok) == (202, (), False)
    assert result.error == {"errorType": "TooManyRequestsException", "errorMessage": "Rate Exceeded."}
    (letter,) = result.dead_letters
    assert (letter.event, letter.error_code, letter.error_message) == ({"order": 7}, "429", "Rate Exceeded.")
    (record,) = result.destination_records
    assert record.condition == "ZeroReservedConcurrency"
    assert record.record["requestContext"]["approximateInvokeCount"] == 0
    assert record.record["requestPayload"] == {"order": 7}
    assert "responseContext" not in record.record
    assert "responsePayload" not in record.record
    assert function.dead_letters == [letter]
    with pytest.raises(InvocationFailed, match=r"off invocation .* failed: TooManyRequestsException: Rate Exceeded\."):
        result.raise_for_error()


def _invoking_itself_async(clock: VirtualClock, **settings: Any) -> tuple[LambdaFunction, list[InvokeResult]]:
    """A function with reserved concurrency 1 whose "outer" invocation invokes it again asynchronously:
    the inner event is throttled while the outer one runs. Returns the function and the inner results."""
    inner: list[InvokeResult] = []

    def handler(event: Any, context: Any) -> str:
        if event == "outer":
            inner.append(function.invoke("inner", invocation_type="Event"))
        return event

    function = LambdaFunction(handler, reserved_concurrency=1, clock=clock, **settings)
    return function, inner


def test_a_throttled_async_event_is_retried_with_backoff_until_its_age_runs_out() -> None:
    clock = VirtualClock()
    function, inner = _invoking_itself_async(clock, on_failure=QUEUE)
    before = clock.offset_ms
    assert function.invoke("outer").payload == "outer"
    (result,) = inner
    # 1, 2, 4 ... 256 s, then every 300 s, until the event is older than 6 hours (21,600 s).
    assert clock.offset_ms - before == (511 + 71 * 300) * 1000
    assert result.attempts == ()
    (record,) = result.destination_records
    assert (record.condition, record.record["requestContext"]["approximateInvokeCount"]) == ("EventAgeExceeded", 0)
    assert result.dead_letters[0].error_code == "429"


def test_the_backoff_follows_the_function_s_maximum_event_age() -> None:
    clock = VirtualClock()
    function, inner = _invoking_itself_async(clock, maximum_event_age=60)
    before = clock.offset_ms
    function.invoke("outer")
    assert clock.offset_ms - before == (1 + 2 + 4 + 8 + 16 + 32) * 1000
    assert inner[0].dead_letters[0].error_code == "429"


def test_throttles_do_not_count_as_retries_and_the_backoff_starts_again_after_an_attempt() -> None:
    clock = VirtualClock()
    function = LambdaFunction(lambda e, c: 1 / 0, function_name="flaky", reserved_concurrency=5, clock=clock)
    script = iter(["throttle", "throttle", "run", "throttle", "run", "run"])

    def run(number: int, request: Request, context: Any) -> Any:
        if next(script) == "throttle":
            raise TooManyRequestsError("throttled", "flaky", 5)
        return function._attempt(number, request, context)

    request = Request('"e"', "req-1", None, None, None, False)
    before = clock.offset_ms
    result = policy.invoke_async(function, run, request, None)
    # Three attempts (two retries) besides three throttles; 1 + 2 s, 60 s, 1 s, 120 s.
    assert [attempt.number for attempt in result.attempts] == [1, 2, 3]
    assert clock.offset_ms - before == (1 + 2 + 60 + 1 + 120) * 1000
    assert result.error is not None
    assert result.error["errorType"] == "ZeroDivisionError"
    assert result.dead_letters[0].error_code == "200"


def test_an_event_throttled_after_a_failed_attempt_keeps_its_attempts() -> None:
    clock = VirtualClock()

    def handler(event: Any, context: Any) -> Any:
        function.reserved_concurrency = 0  # switched off while the event waits for its retry
        raise ValueError("first try")

    function = LambdaFunction(handler, on_failure=QUEUE, clock=clock, reserved_concurrency=5)
    result = function.invoke({}, invocation_type="Event")
    assert len(result.attempts) == 1
    assert not result.ok
    (record,) = result.destination_records
    assert (record.condition, record.record["requestContext"]["approximateInvokeCount"]) == (
        "ZeroReservedConcurrency",
        1,
    )
    assert "responseContext" not in record.record
    assert result.dead_letters[0].error_code == "429"
    with pytest.raises(InvocationFailed, match="ValueError: first try"):
        result.raise_for_error()


def test_a_succeeding_async_event_within_the_limit_is_untouched() -> None:
    function = LambdaFunction(lambda e, c: e, reserved_concurrency=1, on_success=QUEUE)
    result = function.invoke({"a": 1}, invocation_type="Event")
    assert result.ok
    assert result.destination_records[0].record["responsePayload"] == {"a": 1}
    assert result.destination_records[0].record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST"}


def test_reserved_concurrency_from_a_marker(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from pytest_lambda import TooManyRequestsError

        def handler(event, context):
            return event

        @pytest.mark.lambda_function(handler=handler, reserved_concurrency=0)
        def test_switched_off(lambda_function):
            function = lambda_function()
            with pytest.raises(TooManyRequestsError) as caught:
                function.invoke({})
            assert caught.value.status_code == 429
            result = function.invoke({}, invocation_type="Event")
            assert result.destination_records == () and result.dead_letters[0].error_code == "429"

        @pytest.mark.lambda_function(handler=handler, reserved_concurrency=-3)
        def test_bad(lambda_function):
            lambda_function()
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*ConfigurationError: reserved_concurrency=-3 is not valid*"])
