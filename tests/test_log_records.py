"""``result.log_records``: the JSON lines of the log; Powertools ``Logger`` captured for every function."""

from __future__ import annotations

import itertools
import json
import logging
import sys
from collections.abc import Callable
from typing import Any

import pytest

from pytest_lambda import LambdaFunction

_names = itertools.count()
MakeModule = Callable[[str], str]


@pytest.fixture
def service() -> str:
    """A Powertools service name of this test's own: Powertools configures a service's logger once per process."""
    return f"svc-{next(_names)}"


def test_json_lines_are_records_and_the_rest_is_not() -> None:
    def handler(event: Any, context: Any) -> None:
        print("plain text")
        print(json.dumps({"message": "structured", "n": 1}))
        print("[1, 2]")
        print("{broken")
        print(json.dumps({"_aws": {"Timestamp": 1, "CloudWatchMetrics": []}}))

    result = LambdaFunction(handler).invoke({})

    assert result.log_records == [{"message": "structured", "n": 1}]
    assert result.attempts[0].log_records == result.log_records


def test_the_runtimes_json_format_gives_records_without_the_platform_events() -> None:
    def handler(event: Any, context: Any) -> None:
        logging.getLogger().warning("careful %s", "now")

    result = LambdaFunction(handler, log_format="JSON").invoke({})

    [record] = result.log_records
    assert (record["level"], record["message"]) == ("WARNING", "careful now")
    assert record["requestId"] == result.request_id
    assert '"type": "platform.start"' in result.logs


def test_records_of_every_attempt_of_an_async_invocation() -> None:
    def handler(event: Any, context: Any) -> None:
        print(json.dumps({"message": "trying"}))
        raise RuntimeError("no")

    result = LambdaFunction(handler, max_retry_attempts=1).invoke({}, invocation_type="Event")

    assert [record["message"] for record in result.log_records] == ["trying", "trying"]


def test_powertools_logger(module: MakeModule, service: str) -> None:
    name = module(
        f"""
        from aws_lambda_powertools import Logger

        logger = Logger(service="{service}")

        @logger.inject_lambda_context
        def handler(event, context):
            logger.info("order placed", extra={{"order_id": event["id"]}})
        """
    )
    with LambdaFunction(f"{name}.handler", function_name="orders") as function:
        first, second = function.invoke({"id": "o-1"}), function.invoke({"id": "o-2"})

    [record] = first.log_records
    assert (record["message"], record["order_id"], record["service"]) == ("order placed", "o-1", service)
    assert (record["function_name"], record["function_request_id"]) == ("orders", first.request_id)
    assert record["cold_start"] is True
    [record] = second.log_records
    assert (record["order_id"], record["cold_start"]) == ("o-2", False)
    # Each line once: Powertools keeps its records from the root logger's handlers with a filter.
    assert first.logs.count("order placed") == 1


def test_a_second_function_with_the_same_service_gets_its_own_lines_once(module: MakeModule, service: str) -> None:
    source = f"""
        from aws_lambda_powertools import Logger

        logger = Logger(service="{service}")

        def handler(event, context):
            logger.info(event["say"])
        """
    first_function = LambdaFunction(f"{module(source)}.handler")
    second_function = LambdaFunction(f"{module(source)}.handler")

    first = first_function.invoke({"say": "one"})
    second = second_function.invoke({"say": "two"})
    # A new execution environment of the first function (a cold start) too.
    first_function.reset()
    third = first_function.invoke({"say": "three"})

    assert [r["message"] for r in first.log_records] == ["one"]
    assert [r["message"] for r in second.log_records] == ["two"]
    assert [r["message"] for r in third.log_records] == ["three"]
    for result, said in ((first, "one"), (second, "two"), (third, "three")):
        assert result.logs.count(said) == 1, result.logs


def test_a_stream_written_outside_any_function_writes_to_its_own_log(capsys: pytest.CaptureFixture[str]) -> None:
    kept: list[Any] = []

    def handler(event: Any, context: Any) -> None:
        kept.append(sys.stdout)
        kept.append(sys.stderr)

    with LambdaFunction(handler) as function:
        function.invoke({})
        stdout, stderr = kept
        # As a thread still running after the handler returned: its lines join the environment's log.
        stdout.write("late\n")
        stderr.write("late on stderr\n")
        stdout.writelines(["lines\n"])
        stdout.buffer.write(b"bytes too\n")
        stdout.flush()
        later = function.invoke({})

    assert "late\nlate on stderr\nlines\nbytes too\n" in later.logs
    assert capsys.readouterr().out == ""


def test_a_stream_kept_from_one_function_writes_to_the_log_of_the_one_running() -> None:
    kept: list[Any] = []

    def first(event: Any, context: Any) -> None:
        kept.append(sys.stdout)

    def second(event: Any, context: Any) -> None:
        [stream] = kept
        stream.write("written by the second\n")
        stream.writelines(["and lines\n"])
        stream.buffer.write(b"and bytes\n")

    first_result = LambdaFunction(first).invoke({})
    second_result = LambdaFunction(second).invoke({})

    assert "written by the second\nand lines\nand bytes\n" in second_result.logs
    assert "second" not in first_result.logs


def test_no_records_no_metrics_no_trace_without_the_optional_packages() -> None:
    result = LambdaFunction(lambda event, context: print("hello")).invoke({})

    assert (result.log_records, result.metrics, result.metric_errors, result.trace) == ([], [], [], [])
