"""Smaller behaviours of the harness: representations, JSON-format platform lines, shared state."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import logging
import math
import signal
import sys
import threading
from typing import Any

from freezegun import freeze_time

from pytest_lambda import LambdaFunction
from pytest_lambda.runtime import watchdog as _watchdog
from pytest_lambda.runtime.encoding import marshal_response
from pytest_lambda.runtime.logs import error_log_text


def boom(event: Any, context: Any) -> None:
    raise ValueError("bad value")


def test_attempt_and_result_representations_and_accessors() -> None:
    with freeze_time("2024-05-06T07:08:09.123Z"):
        result = LambdaFunction(boom, max_retry_attempts=0).invoke({"a": 1}, invocation_type="Event")
    (attempt,) = result.attempts
    assert attempt.timestamp == dt.datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=dt.timezone.utc)
    assert repr(attempt) == (
        f"Attempt(number=1, timestamp_ms={attempt.timestamp_ms}, outcome='error', error={attempt.error!r}, "
        "cold_start=True)"
    )
    assert repr(result) == (
        f"InvokeResult(invocation_type='Event', status_code=202, function_error=None, "
        f"error=ValueError: bad value, request_id={result.request_id!r}, attempts=1, dead_letters=1)"
    )
    assert result.dead_letters[0].request_id == result.request_id
    assert attempt.logs == result.logs


def test_dry_run_result_is_ok_and_empty() -> None:
    result = LambdaFunction(boom).invoke({}, invocation_type="DryRun")
    assert result.ok
    assert (result.report, result.cold_start, result.logs) == (None, False, "")


def test_initialize_twice_is_one_init() -> None:
    function = LambdaFunction(lambda e, c: 1).initialize()
    environment = function._env
    assert function.initialize()._env is environment


def test_held_functions_hand_the_environment_over() -> None:
    read = lambda e, c: __import__("os").environ.get("SHARED_KEY")  # noqa: E731
    with (
        LambdaFunction(read, environment={"SHARED_KEY": "a"}) as a,
        LambdaFunction(read, environment={"SHARED_KEY": "b"}) as b,
    ):
        assert a.invoke({}).payload == "a"
        assert b.invoke({}).payload == "b"
        assert a.invoke({}).payload == "a"


def test_json_format_timeout_init_error_and_crash_lines() -> None:
    with freeze_time("2024-01-01") as frozen:
        timed_out = LambdaFunction(lambda e, c: frozen.tick(5), log_format="JSON").invoke({})
    kinds = [json.loads(line).get("type") for line in timed_out.logs.splitlines()]
    assert kinds == ["platform.initStart", "platform.start", "platform.runtimeDone", "platform.report"]
    report = json.loads(timed_out.logs.splitlines()[-1])["record"]
    assert report["status"] == "timeout"

    broken = LambdaFunction("missing_module_x.handler", log_format="JSON").invoke({})
    error_line = next(json.loads(line) for line in broken.logs.splitlines() if '"level": "ERROR"' in line)
    assert error_line["errorType"] == "Runtime.ImportModuleError"
    assert json.loads(broken.logs.splitlines()[-1])["record"]["errorType"] == "Runtime.ImportModuleError"


def test_error_log_text_variants() -> None:
    assert (
        error_log_text({"errorMessage": "m", "errorType": ""})
        == "[ERROR] m\rTraceback (most recent call last):\n"[:9] + "\n"
    )
    assert error_log_text({"errorMessage": "", "errorType": "T", "stackTrace": ["", "  x\n"]}) == (
        "[ERROR] T\rTraceback (most recent call last):\r\r\u00a0\u00a0x\n"
    )


def test_decimal_nan_marshals_as_nan() -> None:
    assert math.isnan(json.loads(marshal_response(decimal.Decimal("NaN"))))


def test_hold_and_release_are_balanced_and_safe() -> None:
    before = signal.getsignal(signal.SIGALRM)
    _watchdog.release()  # releasing more than held does nothing
    _watchdog.hold()
    _watchdog.hold()
    _watchdog.release()
    _watchdog.release()
    assert signal.getsignal(signal.SIGALRM) is before


def test_holding_off_the_main_thread_installs_nothing() -> None:
    before = signal.getsignal(signal.SIGALRM)
    seen: list[object] = []

    def run() -> None:
        _watchdog.hold()
        seen.append(_watchdog.STATE.installs)
        _watchdog.release()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [0]
    assert signal.getsignal(signal.SIGALRM) is before


def test_an_unarmed_alarm_with_no_outer_handler_is_ignored() -> None:
    previous = signal.signal(signal.SIGALRM, signal.SIG_IGN)
    try:
        _watchdog.hold()
        _watchdog._on_alarm(signal.SIGALRM, None)  # not armed, previous is SIG_IGN: nothing happens
        _watchdog.release()
        assert signal.getsignal(signal.SIGALRM) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_a_held_function_stays_held_when_another_takes_the_environment() -> None:
    read = lambda e, c: __import__("os").environ.get("SHARED_KEY")  # noqa: E731
    with LambdaFunction(read, environment={"SHARED_KEY": "a"}) as a:
        with LambdaFunction(read, environment={"SHARED_KEY": "b"}) as b:
            b.invoke({})
        assert a.invoke({}).payload == "a"
        # Still held: its variables remain set between invokes.
        assert __import__("os").environ["SHARED_KEY"] == "a"


def test_entering_twice_and_a_new_environment_while_held() -> None:
    function = LambdaFunction(lambda e, c: __import__("os").environ["AWS_LAMBDA_LOG_STREAM_NAME"])
    with function, function:
        first = function.invoke({}).payload
        function.reset()
        second = function.invoke({}).payload
    assert first != second  # a new execution environment has a new log stream
    assert logging.getLogger().handlers == [
        h for h in logging.getLogger().handlers if type(h).__name__ != "_Dispatcher"
    ]


def test_warm_json_report_has_no_init_duration() -> None:
    with LambdaFunction(lambda e, c: 1, log_format="JSON") as function:
        function.invoke({})
        warm = function.invoke({})
    metrics = json.loads(warm.logs.splitlines()[-1])["record"]["metrics"]
    assert "initDurationMs" not in metrics


def test_stdout_and_stderr_are_the_runtime_s_unbuffered_utf8_streams() -> None:
    # awslambdaric's bootstrap.Unbuffered over the interpreter's UTF-8 TextIOWrapper on a pipe.
    def handler(event: Any, context: Any) -> dict[str, Any]:
        seen = {
            "encodings": [sys.stdout.encoding, sys.stderr.encoding],
            "errors": [sys.stdout.errors, sys.stderr.errors],
            "returns": [sys.stdout.write("out\n"), sys.stderr.writelines(["err", "\n"])],
            "isatty": sys.stdout.isatty(),
            "writable": [sys.stdout.writable(), sys.stdout.buffer.writable()],
            # A character split across two writes, then a byte that is not UTF-8.
            "counts": [sys.stdout.buffer.write(b"caf\xc3"), sys.stdout.buffer.write(memoryview(b"\xa9\n\xff\n"))],
        }
        sys.stdout.flush()
        seen["same_buffer"] = sys.stdout.buffer is sys.stdout.buffer and sys.stdout.buffer is not sys.stderr.buffer
        return seen

    result = LambdaFunction(handler).invoke({})
    assert result.payload == {
        "encodings": ["utf-8", "utf-8"],
        "errors": ["strict", "backslashreplace"],
        "returns": [None, None],
        "isatty": False,
        "writable": [True, True],
        "counts": [4, 4],
        "same_buffer": True,
    }
    assert "out\nerr\ncafé\n\ufffd\n" in result.logs
