"""The invocation harness, called directly: each of Lambda's semantics it reproduces."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import logging
import math
import os
import re
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine
from freezegun import freeze_time

from pytest_lambda import (
    ConfigurationError,
    EnvironmentVariablesError,
    FunctionInitError,
    LambdaFunction,
    RequestTooLargeError,
    invoke,
    make_context,
)
from pytest_lambda.runtime.config import Setting
from pytest_lambda.runtime.report import PRICE_PER_GB_SECOND_USD, PRICE_PER_REQUEST_USD

MakeModule = Callable[[str], str]


def ok(event: Any, context: Any) -> Any:
    return {"echo": event, "function": context.function_name}


def boom(event: Any, context: Any) -> Any:
    raise ValueError("bad value")


# -- synchronous ---------------------------------------------------------------------------------


def test_sync_success_returns_the_json_round_tripped_payload() -> None:
    result = LambdaFunction(lambda event, context: {"t": (1, 2), "n": None}).invoke({"a": 1})
    assert result.status_code == 200
    assert result.payload == {"t": [1, 2], "n": None}
    assert result.function_error is None
    assert result.error is None
    assert result.ok
    assert uuid.UUID(result.request_id).version == 4
    assert result.executed_version == "$LATEST"
    assert len(result.attempts) == 1


@pytest.mark.usefixtures("still_clock")
def test_handler_gets_a_fresh_parsed_copy_of_the_event_and_a_real_context() -> None:
    seen: dict[str, Any] = {}
    event = {"items": [1, 2]}

    def handler(evt: Any, context: Any) -> None:
        evt["items"].append(3)
        seen.update(remaining=context.get_remaining_time_in_millis(), rid=context.aws_request_id, ctx=context)

    result = LambdaFunction(handler, timeout=30, memory_size=512, function_name="orders").invoke(event)
    assert event == {"items": [1, 2]}
    assert 29_000 < seen["remaining"] <= 30_000
    assert seen["rid"] == result.request_id
    assert seen["ctx"].memory_limit_in_mb == "512"
    assert seen["ctx"].invoked_function_arn == "arn:aws:lambda:us-east-1:123456789012:function:orders"


def test_logs_have_the_platform_lines_in_lambdas_format() -> None:
    def handler(event: Any, context: Any) -> str:
        print("hello from the handler")
        return "done"

    function = LambdaFunction(handler)
    first = function.invoke({})
    rid = first.request_id
    lines = first.logs.splitlines()
    assert re.fullmatch(
        r"INIT_START Runtime Version: python:3\.\d+\.v1\t"
        r"Runtime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}",
        lines[0],
    )
    assert lines[1] == f"START RequestId: {rid} Version: $LATEST"
    assert lines[2] == "hello from the handler"
    assert lines[3] == f"END RequestId: {rid}"
    assert re.fullmatch(
        rf"REPORT RequestId: {rid}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\t"
        r"Max Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms\t",
        lines[4],
    )
    second = function.invoke({})
    assert not second.logs.startswith("INIT_START")
    assert "Init Duration" not in second.logs
    assert second.logs.splitlines()[-1].endswith(" MB\t")


def test_cold_then_warm_keeps_module_state_and_a_new_function_reimports(module: MakeModule) -> None:
    name = module(
        """
        COUNT = 0

        def handler(event, context):
            global COUNT
            COUNT += 1
            return COUNT
        """
    )
    function = LambdaFunction(f"{name}.handler")
    results = [function.invoke({}) for _ in range(3)]
    assert [r.payload for r in results] == [1, 2, 3]
    assert [r.cold_start for r in results] == [True, False, False]
    cold_report, warm_report = results[0].report, results[1].report
    assert cold_report is not None
    assert cold_report.init_duration_ms is not None
    assert warm_report is not None
    assert warm_report.init_duration_ms is None
    assert LambdaFunction(f"{name}.handler").invoke({}).payload == 1
    function.reset()
    assert function.invoke({}).payload == 1


def test_handler_module_runs_afresh_without_disturbing_the_tests_import(module: MakeModule) -> None:
    name = module("STATE = []\ndef handler(event, context):\n    STATE.append(event)\n    return len(STATE)\n")
    imported = __import__(name)
    imported.STATE.append("the test's own")
    assert LambdaFunction(f"{name}.handler").invoke("e").payload == 1
    assert sys.modules[name] is imported
    assert imported.STATE == ["the test's own"]


def test_slash_separated_handler_path(module: MakeModule, tmp_path: Path) -> None:
    pkg = tmp_path / "pkg_slash"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "app.py").write_text("def handler(event, context):\n    return 'nested'\n")
    assert LambdaFunction("pkg_slash/app.handler").invoke({}).payload == "nested"


def test_sync_exception_is_the_runtimes_error_object() -> None:
    result = LambdaFunction(boom).invoke({})
    assert result.status_code == 200
    assert result.function_error == "Unhandled"
    assert result.payload == result.error
    assert result.error is not None
    assert list(result.error) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert result.error["errorMessage"] == "bad value"
    assert result.error["errorType"] == "ValueError"
    assert result.error["requestId"] == result.request_id
    (frame,) = result.error["stackTrace"]
    assert (
        frame
        == f'  File "{__file__}", line {boom.__code__.co_firstlineno + 1}, in boom\n    raise ValueError("bad value")\n'
    )


def test_error_log_entry_is_the_runtimes_text() -> None:
    result = LambdaFunction(boom).invoke({})
    line = next(line for line in result.logs.split("\n") if line.startswith("[ERROR]"))
    parts = line.split("\r")
    assert parts[0] == "[ERROR] ValueError: bad value"
    assert parts[1] == "Traceback (most recent call last):"
    assert parts[2].startswith('\u00a0\u00a0File "')
    assert parts[2].endswith(", in boom")
    assert parts[3] == '\u00a0\u00a0\u00a0\u00a0raise ValueError("bad value")'


def test_key_error_message_keeps_its_quotes_and_empty_messages_are_empty() -> None:
    def key_error(event: Any, context: Any) -> Any:
        return event["action"]

    def empty(event: Any, context: Any) -> Any:
        raise RuntimeError

    assert LambdaFunction(key_error).invoke({}).payload["errorMessage"] == "'action'"
    result = LambdaFunction(empty).invoke({})
    assert result.payload["errorMessage"] == ""
    assert "[ERROR] RuntimeError\r" in result.logs


def test_sync_never_retries() -> None:
    calls = []
    result = LambdaFunction(lambda e, c: calls.append(1) or boom(e, c)).invoke({})
    assert len(calls) == 1
    assert len(result.attempts) == 1
    assert result.dead_letters == ()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (dt.datetime(2024, 1, 1), "Unable to marshal response: Object of type datetime is not JSON serializable"),
        ({1, 2}, "Unable to marshal response: Object of type set is not JSON serializable"),
    ],
)
def test_non_json_result_is_a_marshal_error(value: object, message: str) -> None:
    result = LambdaFunction(lambda e, c: value).invoke({})
    assert result.function_error == "Unhandled"
    assert result.payload == {
        "errorMessage": message,
        "errorType": "Runtime.MarshalError",
        "requestId": result.request_id,
        "stackTrace": [],
    }


def test_decimal_nan_and_bytes_are_marshalled_as_the_runtime_does() -> None:
    assert LambdaFunction(lambda e, c: {"n": decimal.Decimal("1.5"), "i": decimal.Decimal("10")}).invoke(
        {}
    ).payload == {"n": 1.5, "i": 10}
    assert math.isnan(LambdaFunction(lambda e, c: float("nan")).invoke({}).payload)
    assert LambdaFunction(lambda e, c: b"\x00raw").invoke({}).payload == b"\x00raw"


def test_raw_bytes_event_that_is_not_json_is_an_unmarshal_error() -> None:
    result = LambdaFunction(ok).invoke(b"{not json")
    assert result.payload["errorType"] == "Runtime.UnmarshalError"
    assert result.payload["errorMessage"].startswith("Unable to unmarshal input: Expecting property name")


def test_raw_bytes_event_is_parsed() -> None:
    assert LambdaFunction(ok).invoke(b'{"a": [1]}').payload["echo"] == {"a": [1]}


def test_request_over_6_mb_is_refused_before_running() -> None:
    calls = []
    function = LambdaFunction(lambda e, c: calls.append(1))
    big = "x" * (6 * 1024 * 1024)
    with pytest.raises(RequestTooLargeError, match=r"Request must be smaller than 6291456 bytes for RequestResponse"):
        function.invoke(big)
    assert function.invoke("x" * (6 * 1024 * 1024 - 2)).ok  # the JSON quotes make it exactly 6 MiB
    assert len(calls) == 1


def test_response_over_6_mb_is_a_function_error() -> None:
    result = LambdaFunction(lambda e, c: "x" * (6 * 1024 * 1024 + 100)).invoke({})
    assert result.function_error == "Unhandled"
    assert result.payload == {
        "errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
        "errorType": "Function.ResponseSizeTooLarge",
    }


def test_client_context_reaches_the_handler_on_sync_invokes_only() -> None:
    seen = []
    function = LambdaFunction(lambda e, c: seen.append(c.client_context))
    function.invoke({}, client_context={"custom": {"k": "v"}})
    function.invoke({}, client_context={"custom": {"k": "v"}}, invocation_type="Event")
    assert seen[0].custom == {"k": "v"}
    assert seen[1] is None


def test_identity_and_tenant_reach_the_handler_and_the_log() -> None:
    logging.getLogger().setLevel(logging.INFO)
    try:
        result = LambdaFunction(
            lambda e, c: logging.getLogger("app").info("hi") or [c.identity.cognito_identity_id, c.tenant_id],
            log_format="JSON",
        ).invoke({}, identity={"cognitoIdentityId": "id-1"}, tenant_id="acme")
    finally:
        logging.getLogger().setLevel(logging.WARNING)
    assert result.payload == ["id-1", "acme"]
    record = next(json.loads(line) for line in result.logs.splitlines() if '"logger": "app"' in line)
    assert record["tenantId"] == "acme"


def test_given_context_is_used() -> None:
    context = make_context(function_name="given")
    result = LambdaFunction(lambda e, c: c.function_name).invoke({}, context=context)
    assert result.payload == "given"
    assert result.request_id == context.aws_request_id


def test_dry_run_validates_without_running() -> None:
    calls = []
    result = LambdaFunction(lambda e, c: calls.append(1)).invoke({"a": 1}, invocation_type="DryRun")
    assert (result.status_code, result.payload, result.attempts, calls) == (204, None, (), [])


# -- handler loading -----------------------------------------------------------------------------


def test_import_module_error() -> None:
    result = LambdaFunction("no_such_module_anywhere.handler").invoke({})
    assert result.payload == {
        "errorMessage": "Unable to import module 'no_such_module_anywhere': No module named 'no_such_module_anywhere'",
        "errorType": "Runtime.ImportModuleError",
        "requestId": "",
        "stackTrace": [],
    }
    assert result.function_error == "Unhandled"
    assert "INIT_REPORT Init Duration: " in result.logs
    assert "\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError\n" in result.logs
    assert "Status: error\tError Type: Runtime.ImportModuleError\t\n" in result.logs
    assert "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code." in result.logs
    # The runtime logs the error once, during init; nothing runs between START and END.
    assert result.logs.count("[ERROR] Runtime.ImportModuleError") == 1
    assert re.search(r"\nSTART RequestId: \S+ Version: \$LATEST\nEND RequestId: ", result.logs)


def test_handler_not_found_and_malformed_and_builtin(module: MakeModule) -> None:
    name = module("def handler(event, context):\n    return 1\n")
    assert (
        LambdaFunction(f"{name}.missing").invoke({}).payload["errorMessage"]
        == f"Handler 'missing' missing on module '{name}'"
    )
    assert LambdaFunction(f"{name}.missing").invoke({}).payload["errorType"] == "Runtime.HandlerNotFound"
    malformed = LambdaFunction("nodot").invoke({}).payload
    assert malformed["errorType"] == "Runtime.MalformedHandlerName"
    assert malformed["errorMessage"] == "Bad handler 'nodot': not enough values to unpack (expected 2, got 1)"
    builtin = LambdaFunction("sys.handler").invoke({}).payload
    assert builtin["errorType"] == "Runtime.BuiltInModuleConflict"
    assert builtin["errorMessage"] == "Cannot use built-in module sys as a handler module"


def test_syntax_error(module: MakeModule, tmp_path: Path) -> None:
    name = module("def handler(event, context)\n    return 1\n")
    payload = LambdaFunction(f"{name}.handler").invoke({}).payload
    assert payload["errorType"] == "Runtime.UserCodeSyntaxError"
    assert payload["errorMessage"].startswith(f"Syntax error in module '{name}': expected ':'")
    assert payload["stackTrace"] == [f'  File "{tmp_path / (name + ".py")}" Line 1\n    def handler(event, context)\n']


def test_exception_at_import_time_is_not_wrapped_and_init_is_retried(module: MakeModule) -> None:
    name = module(
        """
        import os
        if not os.environ.get("READY"):
            raise ValueError("config missing")
        def handler(event, context):
            return "ok"
        """
    )
    function = LambdaFunction(f"{name}.handler")
    first = function.invoke({})
    assert first.payload["errorType"] == "ValueError"
    assert first.payload["errorMessage"] == "config missing"
    assert first.payload["requestId"] == ""
    assert first.payload["stackTrace"][-1].endswith('raise ValueError("config missing")\n')
    os.environ["READY"] = "1"
    try:
        second = function.invoke({})
    finally:
        del os.environ["READY"]
    assert second.payload == "ok"
    assert second.cold_start


# -- asynchronous ----------------------------------------------------------------------------------


def test_async_success_is_202_with_no_payload() -> None:
    result = LambdaFunction(ok).invoke({"a": 1}, invocation_type="Event")
    assert (result.status_code, result.payload, result.function_error) == (202, None, None)
    assert len(result.attempts) == 1
    assert result.dead_letters == ()


@pytest.mark.usefixtures("still_clock")
def test_async_failure_is_retried_twice_one_then_two_minutes_later_and_dead_lettered() -> None:
    function = LambdaFunction(boom)
    result = function.invoke({"order": 7}, invocation_type="Event")
    assert result.status_code == 202
    # The caller of an async invoke gets no FunctionError; the outcome is in the attempts.
    assert result.function_error is None
    assert not result.ok
    assert result.error is not None
    assert result.error["errorMessage"] == "bad value"
    assert [a.number for a in result.attempts] == [1, 2, 3]
    assert all(a.outcome == "error" for a in result.attempts)
    first, second, third = (a.timestamp_ms for a in result.attempts)
    assert 60_000 <= second - first < 60_100
    assert 120_000 <= third - second < 120_100
    assert result.logs.count(f"START RequestId: {result.request_id}") == 3
    (letter,) = result.dead_letters
    assert letter.target_arn == "arn:aws:sqs:us-east-1:123456789012:test_function-dlq"
    assert letter.body == '{"order": 7}'
    assert letter.event == {"order": 7}
    assert letter.message_attributes == {
        "RequestID": {"DataType": "String", "StringValue": result.request_id},
        "ErrorCode": {"DataType": "Number", "StringValue": "200"},
        "ErrorMessage": {"DataType": "String", "StringValue": "bad value"},
    }
    assert function.dead_letters == [letter]


@pytest.mark.usefixtures("still_clock")
def test_async_failing_then_succeeding_stops_retrying() -> None:
    calls = []

    def flaky(event: Any, context: Any) -> str:
        calls.append(context.get_remaining_time_in_millis())
        if len(calls) == 1:
            raise RuntimeError("transient")
        return "ok"

    function = LambdaFunction(flaky, timeout=10, on_success="arn:aws:sqs:us-east-1:123456789012:done")
    result = function.invoke({}, invocation_type="Event")
    assert [a.outcome for a in result.attempts] == ["error", "success"]
    assert result.function_error is None
    assert result.dead_letters == ()
    # Each attempt gets a fresh context whose countdown starts from the full timeout.
    assert all(9_900 < left <= 10_000 for left in calls)
    (record,) = result.destination_records
    assert record.destination_arn == "arn:aws:sqs:us-east-1:123456789012:done"
    assert record.condition == "Success"
    body = record.record
    assert list(body) == [
        "version",
        "timestamp",
        "requestContext",
        "requestPayload",
        "responseContext",
        "responsePayload",
    ]
    assert body["version"] == "1.0"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", body["timestamp"])
    assert body["requestContext"] == {
        "requestId": result.request_id,
        "functionArn": "arn:aws:lambda:us-east-1:123456789012:function:test_function:$LATEST",
        "condition": "Success",
        "approximateInvokeCount": 2,
    }
    assert body["requestPayload"] == {}
    assert body["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST"}
    assert body["responsePayload"] == "ok"


def test_on_failure_record_after_retries_exhausted() -> None:
    function = LambdaFunction(boom, on_failure="arn:aws:sns:us-east-1:123456789012:failures", alias="live", version="3")
    (record,) = function.invoke({"x": 1}, invocation_type="Event").destination_records
    assert record.condition == "RetriesExhausted"
    assert record.record["requestContext"]["approximateInvokeCount"] == 3
    assert record.record["requestContext"]["functionArn"].endswith(":function:test_function:live")
    assert record.record["responseContext"] == {"statusCode": 200, "executedVersion": "3", "functionError": "Unhandled"}
    assert record.record["responsePayload"]["errorType"] == "ValueError"
    assert function.destination_records == [record]


@pytest.mark.parametrize("retries", [0, 1, 2])
def test_max_retry_attempts(retries: int) -> None:
    result = LambdaFunction(boom, max_retry_attempts=retries).invoke({}, invocation_type="Event")
    assert len(result.attempts) == retries + 1
    assert len(result.dead_letters) == 1


def test_events_older_than_the_maximum_age_are_dropped() -> None:
    function = LambdaFunction(boom, maximum_event_age=60, on_failure="arn:aws:sqs:us-east-1:123456789012:f")
    with freeze_time("2024-01-01"):  # so the attempts take no time and the first retry is at exactly 60 s
        result = function.invoke({}, invocation_type="Event")
    # First retry at +60 s (age 60, allowed); the second would be at +180 s, over the age.
    assert len(result.attempts) == 2
    assert result.destination_records[0].condition == "EventAgeExceeded"
    assert len(result.dead_letters) == 1


def test_no_dead_letter_queue_configured_drops_the_event() -> None:
    result = LambdaFunction(boom, dead_letter_queue=False).invoke({}, invocation_type="Event")
    assert result.dead_letters == ()


def test_dead_letter_to_an_sns_topic_and_error_message_cut_at_1_kb() -> None:
    def long_error(event: Any, context: Any) -> None:
        raise ValueError("é" * 1000)

    topic = "arn:aws:sns:eu-west-1:123456789012:dlq-topic"
    (letter,) = LambdaFunction(long_error, dead_letter_queue=topic).invoke({}, invocation_type="Event").dead_letters
    assert letter.target_arn == topic
    assert letter.error_message == "é" * 512
    assert len(letter.error_message.encode()) == 1024
    assert letter.error_code == "200"


def test_async_under_freezegun_moves_the_frozen_clock_for_each_retry() -> None:
    seen = []

    def handler(event: Any, context: Any) -> None:
        seen.append((dt.datetime.now(dt.timezone.utc), context.get_remaining_time_in_millis()))
        raise RuntimeError

    with freeze_time("2024-03-01T12:00:00Z"):
        LambdaFunction(handler).invoke({}, invocation_type="Event")
        after = dt.datetime.now(dt.timezone.utc)
    start = dt.datetime(2024, 3, 1, 12, tzinfo=dt.timezone.utc)
    assert [t for t, _ in seen] == [start, start + dt.timedelta(minutes=1), start + dt.timedelta(minutes=3)]
    assert [left for _, left in seen] == [3000, 3000, 3000]
    assert after == start + dt.timedelta(minutes=3)


def test_async_under_time_machine_shifts_the_traveller() -> None:
    seen = []
    with time_machine.travel(dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc), tick=False):
        LambdaFunction(lambda e, c: seen.append(dt.datetime.now(dt.timezone.utc)) or boom(e, c)).invoke(
            {}, invocation_type="Event"
        )
    assert [(t - seen[0]).total_seconds() for t in seen] == [0, 60, 180]


def test_async_request_over_1_mb_is_refused() -> None:
    with pytest.raises(RequestTooLargeError, match=r"smaller than 1048576 bytes for Event invocations"):
        LambdaFunction(ok).invoke("x" * (1024 * 1024), invocation_type="Event")


# -- timeouts ----------------------------------------------------------------------------------


def test_handler_stuck_in_a_loop_is_stopped_and_reported_as_lambda_does(module: MakeModule) -> None:
    name = module(
        """
        CALLS = 0
        def handler(event, context):
            global CALLS
            CALLS += 1
            if event.get("hang"):
                while True:
                    pass
            return CALLS
        """
    )
    function = LambdaFunction(f"{name}.handler", timeout=5, watchdog_seconds=0.05)
    assert function.invoke({}).payload == 1
    result = function.invoke({"hang": True})
    assert result.function_error == "Unhandled"
    assert result.payload == {
        "errorMessage": f"RequestId: {result.request_id} Error: Task timed out after 5.00 seconds",
        "errorType": "Sandbox.Timedout",
    }
    assert result.attempts[0].outcome == "timeout"
    assert re.search(
        rf"\d{{4}}-\d\d-\d\dT[\d:.]+Z {result.request_id} Task timed out after 5\.00 seconds\n", result.logs
    )
    assert result.report is not None
    assert result.report.status == "timeout"
    assert result.report.duration_ms == 5000.0
    assert "Duration: 5000.00 ms" in result.logs
    assert result.logs.endswith("\tStatus: timeout\t\n")
    # The environment was reset: module state is gone and the next invoke is cold.
    after = function.invoke({})
    assert (after.payload, after.cold_start) == (1, True)


def test_handler_blocked_in_a_call_is_stopped() -> None:
    import threading

    def handler(event: Any, context: Any) -> None:
        threading.Event().wait(30)

    result = LambdaFunction(handler, watchdog_seconds=0.05).invoke({})
    assert result.payload["errorType"] == "Sandbox.Timedout"


def test_except_exception_in_the_handler_cannot_swallow_the_timeout() -> None:
    def handler(event: Any, context: Any) -> str:
        try:
            while True:
                pass
        except Exception:
            return "swallowed"

    assert LambdaFunction(handler, watchdog_seconds=0.05).invoke({}).payload["errorType"] == "Sandbox.Timedout"


def test_frozen_clock_moved_past_the_deadline_is_a_timeout() -> None:
    with freeze_time("2024-01-01") as frozen:

        def slow(event: Any, context: Any) -> str:
            frozen.tick(4)
            return "too late"

        result = LambdaFunction(slow, timeout=3).invoke({})
    assert result.payload["errorType"] == "Sandbox.Timedout"
    assert "Task timed out after 3.00 seconds" in result.payload["errorMessage"]


def test_async_timeouts_are_retried_and_dead_lettered() -> None:
    with freeze_time("2024-01-01") as frozen:
        result = LambdaFunction(lambda e, c: frozen.tick(10), timeout=3).invoke({}, invocation_type="Event")
    assert [a.outcome for a in result.attempts] == ["timeout"] * 3
    assert "Task timed out" in result.dead_letters[0].error_message


def test_system_exit_crashes_the_runtime_and_resets_the_environment() -> None:
    def handler(event: Any, context: Any) -> None:
        sys.exit(3)

    function = LambdaFunction(handler)
    result = function.invoke({})
    assert result.payload["errorType"] == "Runtime.ExitError"
    assert (
        result.payload["errorMessage"]
        == f"RequestId: {result.request_id} Error: Runtime exited with error: exit status 3"
    )
    assert "Status: error\tError Type: Runtime.ExitError" in result.logs
    # The runtime process is gone: it logs no [ERROR] entry of its own.
    assert "[ERROR]" not in result.logs
    assert function.invoke({}).cold_start


# -- logs, environment, report -------------------------------------------------------------------


def test_print_and_logging_are_captured_not_printed(capsys: pytest.CaptureFixture[str]) -> None:
    def handler(event: Any, context: Any) -> None:
        print("to stdout")
        print("to stderr", file=sys.stderr)
        logging.getLogger("app").warning("careful %s", 42)

    result = LambdaFunction(handler).invoke({})
    assert capsys.readouterr() == ("", "")
    assert "to stdout\n" in result.logs
    assert "to stderr\n" in result.logs
    assert re.search(
        rf"\[WARNING\]\t\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z\t{result.request_id}\tcareful 42\n", result.logs
    )


def test_an_unfinished_last_line_is_its_own_line_before_the_platforms(module: MakeModule) -> None:
    name = module(
        """
        print("importing", end="")
        def handler(event, context):
            print("no newline", end="")
            if event.get("hang"):
                while True:
                    pass
        """
    )
    function = LambdaFunction(f"{name}.handler", timeout=1, watchdog_seconds=0.05)
    logs = function.invoke({}).logs
    assert "\nimporting\nSTART RequestId: " in logs
    assert "\nno newline\nEND RequestId: " in logs
    timed_out = function.invoke({"hang": True}).logs
    assert re.search(r"\nno newline\n\S+Z \S+ Task timed out after 1\.00 seconds\n", timed_out)


def test_json_log_format_for_function_and_platform_lines() -> None:
    def handler(event: Any, context: Any) -> None:
        logging.getLogger("orders").warning({"order": 1}, extra={"tier": "gold"})
        raise KeyError("k")

    result = LambdaFunction(handler, log_format="JSON").invoke({})
    records = [json.loads(line) for line in result.logs.splitlines()]
    kinds = [r.get("type") for r in records]
    assert kinds == ["platform.initStart", "platform.start", None, None, "platform.report"]
    app = records[2]
    assert app["level"] == "WARNING"
    assert app["message"] == {"order": 1}
    assert app["logger"] == "orders"
    assert app["requestId"] == result.request_id
    assert app["tier"] == "gold"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", app["timestamp"])
    error = records[3]
    assert (error["level"], error["errorType"], error["errorMessage"]) == ("ERROR", "KeyError", "'k'")
    report = records[4]["record"]
    assert report["requestId"] == result.request_id
    assert report["status"] == "success"
    assert set(report["metrics"]) == {
        "durationMs",
        "billedDurationMs",
        "memorySizeMB",
        "maxMemoryUsedMB",
        "initDurationMs",
    }


def test_log_level_filters_application_logs_in_json_mode() -> None:
    def handler(event: Any, context: Any) -> None:
        logging.getLogger("x").debug("debug line")
        logging.getLogger("x").info("info line")

    result = LambdaFunction(handler, log_format="JSON", log_level="INFO").invoke({})
    assert "info line" in result.logs
    assert "debug line" not in result.logs
    assert logging.getLogger().level == logging.WARNING


def test_environment_is_visible_inside_and_restored_on_close() -> None:
    before = dict(os.environ)

    def handler(event: Any, context: Any) -> dict[str, str]:
        return {k: os.environ[k] for k in ("TABLE", "AWS_LAMBDA_FUNCTION_NAME", "AWS_REGION", "_X_AMZN_TRACE_ID")}

    with LambdaFunction(handler, function_name="fn", region="eu-west-1", environment={"TABLE": "t"}) as function:
        first, second = function.invoke({}).payload, function.invoke({}).payload
        # As in Lambda, the variables belong to the execution environment, not to one invoke.
        assert os.environ["TABLE"] == "t"
    assert first["TABLE"] == "t"
    assert first["AWS_LAMBDA_FUNCTION_NAME"] == "fn"
    assert first["AWS_REGION"] == "eu-west-1"
    assert first["_X_AMZN_TRACE_ID"] != second["_X_AMZN_TRACE_ID"]
    assert dict(os.environ) == before


def test_one_functions_variables_at_a_time() -> None:
    before = dict(os.environ)
    read = lambda e, c: (os.environ.get("ONLY_A"), os.environ.get("ONLY_B"))  # noqa: E731
    a = LambdaFunction(read, environment={"ONLY_A": "a"})
    b = LambdaFunction(read, environment={"ONLY_B": "b"})
    assert a.invoke({}).payload == ["a", None]
    assert b.invoke({}).payload == [None, "b"]
    assert a.invoke({}).payload == ["a", None]
    a.close()
    b.close()
    assert dict(os.environ) == before


def test_the_one_call_form_restores_the_environment() -> None:
    before = dict(os.environ)
    assert invoke(lambda e, c: os.environ["KEY"], {}, environment={"KEY": "v"}).payload == "v"
    assert dict(os.environ) == before


def test_report_billing_and_cost() -> None:
    function = LambdaFunction(ok, memory_size=1024, architecture="arm64")
    cold, warm = function.invoke({}).report, function.invoke({}).report
    assert cold is not None
    assert warm is not None
    assert cold.init_duration_ms is not None
    assert cold.billed_duration_ms == max(math.ceil(cold.duration_ms + cold.init_duration_ms), 1)
    assert warm.billed_duration_ms == max(math.ceil(warm.duration_ms), 1)
    assert warm.memory_size_mb == 1024
    assert 0 < warm.max_memory_used_mb <= 1024
    expected = PRICE_PER_REQUEST_USD + 1.0 * warm.billed_duration_ms / 1000 * PRICE_PER_GB_SECOND_USD["arm64"]
    assert warm.cost_usd == pytest.approx(expected)


def test_invoke_one_call_form() -> None:
    result = invoke(ok, {"a": 1}, function_name="one", invocation_type="RequestResponse")
    assert result.payload == {"echo": {"a": 1}, "function": "one"}
    assert invoke(boom, {}, invocation_type="Event", max_retry_attempts=0).attempts[0].outcome == "error"


# -- bad configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_retry_attempts": 3}, "max_retry_attempts=3 is out of range: Lambda accepts 0 to 2 retries"),
        ({"maximum_event_age": 59}, "maximum_event_age=59 is out of range: Lambda accepts 60 to 21600 seconds"),
        ({"maximum_event_age": 21601}, "maximum_event_age=21601 is out of range"),
        ({"architecture": "x86"}, "architecture='x86' is not valid; valid values: ['x86_64', 'arm64']"),
        ({"log_format": "text"}, "log_format='text' is not valid; valid values: ['Text', 'JSON']"),
        ({"log_level": "VERBOSE", "log_format": "JSON"}, "log_level='VERBOSE' is not valid; valid values: ['TRACE',"),
        ({"log_level": "INFO"}, "log_level='INFO' needs log_format='JSON', as in Lambda"),
        (
            {"dead_letter_queue": "my-queue"},
            "dead_letter_queue='my-queue' is not valid: expected an SQS queue or SNS topic ARN",
        ),
        ({"dead_letter_queue": "arn:aws:s3:::bucket"}, "expected an SQS queue or SNS topic ARN"),
        ({"on_success": "arn:aws:s3:::bucket"}, "on_success cannot be an S3 bucket: S3 is for on-failure only"),
        ({"on_failure": "queue"}, "on_failure='queue' is not valid"),
        ({"timeout": 0}, "timeout=0 is out of range: Lambda accepts 1 to 900 seconds"),
        ({"watchdog_seconds": 0}, "watchdog_seconds must be positive, got 0"),
        ({"environment": {"AWS_REGION": "x"}}, "Reserved keys used in this request: AWS_REGION"),
        ({"initialization_type": "warm"}, "initialization_type 'warm' is not one Lambda uses"),
    ],
)
def test_bad_function_configuration(options: dict[str, Any], message: str) -> None:
    with pytest.raises((ConfigurationError, EnvironmentVariablesError)) as info:
        LambdaFunction(ok, **options)
    assert message in str(info.value)


def test_bad_handler_and_invocation_type_and_event() -> None:
    with pytest.raises(ConfigurationError, match=r"handler must be a callable or a 'module\.function' string, got 42"):
        LambdaFunction(42)  # type: ignore[arg-type]
    function = LambdaFunction(ok)
    with pytest.raises(
        ConfigurationError,
        match=r"invocation_type='Async' is not valid; valid values: \['RequestResponse', 'Event', 'DryRun'\]",
    ):
        function.invoke({}, invocation_type="Async")  # type: ignore[arg-type]
    with pytest.raises(
        ConfigurationError, match="the event must be JSON-serialisable, as Invoke sends JSON: Object of type set"
    ):
        function.invoke({1, 2})


def test_initialize_runs_init_ahead_like_provisioned_concurrency(module: MakeModule) -> None:
    name = module("import os\nCLIENT = 'real'\ndef handler(event, context):\n    return CLIENT\n")
    function = LambdaFunction(f"{name}.handler").initialize()
    assert function.module is not None
    function.module.CLIENT = "patched"  # patch the environment's own module before the first invoke
    result = function.invoke({})
    assert (result.payload, result.cold_start) == ("patched", False)


def test_initialize_raises_the_init_error() -> None:
    with pytest.raises(
        FunctionInitError, match=r"Runtime\.ImportModuleError: Unable to import module 'nope_nope'"
    ) as info:
        LambdaFunction("nope_nope.handler").initialize()
    assert info.value.error["requestId"] == ""


def test_classes_of_the_handler_module_pickle_during_an_invoke(module: MakeModule) -> None:
    name = module(
        """
        import pickle
        from dataclasses import dataclass

        @dataclass
        class Order:
            id: int

        def handler(event, context):
            return pickle.loads(pickle.dumps(Order(event["id"]))).id
        """
    )
    assert name not in sys.modules
    assert LambdaFunction(f"{name}.handler").invoke({"id": 5}).payload == 5
    assert name not in sys.modules


# -- settings assigned after the function was made ----------------------------------------------


def test_assigning_the_handler_or_variables_makes_the_next_invoke_a_cold_start_with_them() -> None:
    function = LambdaFunction(lambda event, context: "old", environment={"STAGE": "dev"})
    assert function.invoke({}).payload == "old"
    assert "Init Duration" not in function.invoke({}).logs  # warm

    def stage(event: Any, context: Any) -> str:
        return os.environ["STAGE"]

    function.handler = stage
    function.environment = {"STAGE": "prod"}
    result = function.invoke({})
    assert result.payload == "prod"
    assert "INIT_START" in result.logs
    assert "Init Duration" in result.logs
    assert function.handler_name.endswith(".stage")


def test_assigning_the_log_format_and_level_applies_to_the_next_invoke() -> None:
    function = LambdaFunction(lambda event, context: logging.getLogger().info("hello"))
    function.invoke({})
    function.log_format = "JSON"
    function.log_level = "WARN"
    logs = function.invoke({}).logs
    assert json.loads(logs.splitlines()[0])["type"] == "platform.initStart"
    assert "hello" not in logs  # below the application log level


def test_a_refused_setting_is_not_kept_and_the_environment_stays_warm() -> None:
    function = LambdaFunction(lambda event, context: "ok", log_format="JSON", log_level="INFO")
    function.invoke({})
    with pytest.raises(ConfigurationError, match="log_level='LOUD' is not valid"):
        function.log_level = "LOUD"
    with pytest.raises(ConfigurationError, match="log_level='INFO' needs log_format='JSON'"):
        function.log_format = "Text"
    with pytest.raises(EnvironmentVariablesError):
        function.environment = {"AWS_REGION": "eu-west-1"}  # reserved
    # Checked with the other settings: the variables Lambda would set for this initialization type.
    with pytest.raises(EnvironmentVariablesError, match="initialization_type 'lazy' is not one Lambda uses"):
        function.initialization_type = "lazy"
    assert (function.log_level, function.log_format, function.environment) == ("INFO", "JSON", {})
    assert function.initialization_type == "on-demand"
    assert "initDuration" not in function.invoke({}).logs  # still warm


def test_the_settings_are_described_on_the_class() -> None:
    assert isinstance(LambdaFunction.handler, Setting)
    assert "cold start" in (Setting.__doc__ or "")
