"""The root logger as awslambdaric sets it up (handler, formatter, level), and what a function may do to it."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import pytest

from pytest_lambda import LambdaFunction
from pytest_lambda.runtime.ric.bootstrap import LambdaLoggerHandler, LambdaLoggerHandlerWithFrameType

MakeModule = Callable[[str], str]


def test_the_runtimes_handler_is_first_while_the_function_runs_and_gone_after() -> None:
    root = logging.getLogger()
    host, host_list = list(root.handlers), root.handlers
    seen: list[list[logging.Handler]] = []

    def handler(event: Any, context: Any) -> None:
        seen.append(list(logging.getLogger().handlers))

    with LambdaFunction(handler) as function:
        function.invoke({})
        function.invoke({})
    for handlers in seen:
        assert type(handlers[0]) is LambdaLoggerHandler
        assert handlers[1:] == host
    assert seen[0][0] is seen[1][0]  # one handler per execution environment
    assert root.handlers is host_list
    assert root.handlers == host


def test_the_runtime_picks_its_handler_as_awslambdaric_does() -> None:
    def first_handler(event: Any, context: Any) -> str:
        return type(logging.getLogger().handlers[0]).__name__

    assert LambdaFunction(first_handler).invoke({}).payload == "LambdaLoggerHandler"
    json_format = LambdaFunction(first_handler, log_format="JSON").invoke({}).payload
    assert json_format == LambdaLoggerHandlerWithFrameType.__name__


def test_set_formatter_on_the_runtimes_handler_at_import_holds_for_the_environment(module: MakeModule) -> None:
    name = module(
        """
        import logging
        logging.getLogger().handlers[0].setFormatter(
            logging.Formatter("%(levelname)s|%(aws_request_id)s|%(message)s\\n")
        )
        def handler(event, context):
            logging.warning("hello")
        """
    )
    with LambdaFunction(f"{name}.handler") as function:
        first, second = function.invoke({}), function.invoke({})
    assert f"\nWARNING|{first.request_id}|hello\n" in first.logs
    assert f"\nWARNING|{second.request_id}|hello\n" in second.logs
    # A new environment gets the runtime's formatter back until its module runs again.
    assert all(type(h).__name__ != "LambdaLoggerHandler" for h in logging.getLogger().handlers)


def test_a_function_that_replaces_the_root_handlers_keeps_its_own_and_the_host_keeps_its(
    module: MakeModule, caplog: pytest.LogCaptureFixture
) -> None:
    name = module(
        """
        import logging, sys
        root = logging.getLogger()
        for existing in list(root.handlers):
            root.removeHandler(existing)
        own = logging.StreamHandler(sys.stdout)
        own.setFormatter(logging.Formatter("own: %(message)s"))
        root.addHandler(own)
        def handler(event, context):
            logging.warning("in the function")
            return [type(h).__name__ for h in logging.getLogger().handlers][:1]
        """
    )
    host = list(logging.getLogger().handlers)
    with LambdaFunction(f"{name}.handler") as function:
        first, second = function.invoke({}), function.invoke({})
    assert second.payload == ["StreamHandler"]  # the runtime's handler stays removed
    assert "own: in the function\n" in first.logs
    assert "own: in the function\n" in second.logs
    assert "[WARNING]" not in second.logs
    assert logging.getLogger().handlers == host
    logging.getLogger("after").warning("the test logs again")
    assert "the test logs again" in caplog.text


def test_pytest_log_capture_still_sees_the_functions_records(caplog: pytest.LogCaptureFixture) -> None:
    def handler(event: Any, context: Any) -> None:
        logging.getLogger("app").warning("from the handler")

    result = LambdaFunction(handler).invoke({})
    assert "from the handler" in result.logs
    assert [record.getMessage() for record in caplog.records] == ["from the handler"]
    assert caplog.records[0].aws_request_id == result.request_id  # type: ignore[attr-defined]


@pytest.mark.parametrize("log_format", ["Text", "JSON"])
def test_a_bad_format_in_a_log_call_fails_the_invocation_as_in_lambda(log_format: str) -> None:
    def handler(event: Any, context: Any) -> str:
        logging.warning("%d items", "three")
        return "not reached"

    result = LambdaFunction(handler, log_format=log_format).invoke({})  # type: ignore[arg-type]
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "TypeError"
    assert result.payload["errorMessage"] == "%d format: a real number is required, not str"
    # The runtime's emit is in the trace, in a file named as awslambdaric's.
    emit = next(frame for frame in result.payload["stackTrace"] if ", in emit\n" in frame)
    assert "/bootstrap.py" in emit
    if log_format == "JSON":
        assert any("/lambda_runtime_log_utils.py" in frame for frame in result.payload["stackTrace"])


def test_a_bad_format_at_import_fails_the_init(module: MakeModule) -> None:
    name = module(
        """
        import logging
        logging.warning("%s and %s", "only one")
        def handler(event, context):
            return 1
        """
    )
    result = LambdaFunction(f"{name}.handler").invoke({})
    assert result.payload["errorType"] == "TypeError"
    assert "Status: error\tError Type: TypeError" in result.logs


def test_the_log_level_applies_during_init(module: MakeModule) -> None:
    name = module(
        """
        import logging
        logging.debug("debug at import")
        logging.info("info at import")
        def handler(event, context):
            return logging.getLogger().level
        """
    )
    before = logging.getLogger().level
    result = LambdaFunction(f"{name}.handler", log_format="JSON", log_level="DEBUG").invoke({})
    messages = [json.loads(line).get("message") for line in result.logs.splitlines()]
    assert "debug at import" in messages
    assert "info at import" in messages
    assert result.payload == logging.DEBUG
    assert logging.getLogger().level == before


def test_at_level_error_the_init_failures_warning_is_dropped(module: MakeModule) -> None:
    name = module("raise ValueError('broken')\n")
    result = LambdaFunction(f"{name}.handler", log_format="JSON", log_level="ERROR").invoke({})
    assert "LAMBDA_WARNING" not in result.logs
    assert '"errorType": "ValueError"' in result.logs
    text = LambdaFunction(f"{name}.handler").invoke({})
    assert "LAMBDA_WARNING" in text.logs


def test_a_level_the_function_sets_at_import_holds_for_its_environment(module: MakeModule) -> None:
    name = module(
        """
        import logging
        logging.getLogger().setLevel(logging.INFO)
        def handler(event, context):
            logging.info("info in the handler")
            return logging.getLogger().level
        """
    )
    before = logging.getLogger().level
    with LambdaFunction(f"{name}.handler", log_format="JSON", log_level="ERROR") as function:
        first, second = function.invoke({}), function.invoke({})
        assert logging.getLogger().level == before
    assert (first.payload, second.payload) == (logging.INFO, logging.INFO)
    assert "info in the handler" in second.logs


def test_a_function_invoked_by_another_logs_to_its_own_log_only() -> None:
    def inner(event: Any, context: Any) -> None:
        logging.warning("inner says")

    def outer(event: Any, context: Any) -> None:
        logging.warning("outer before")
        LambdaFunction(inner).invoke({})
        logging.warning("outer after")

    root = logging.getLogger()
    host = list(root.handlers)
    result = LambdaFunction(outer).invoke({})
    assert "outer before" in result.logs
    assert "outer after" in result.logs
    assert "inner says" not in result.logs
    assert root.handlers == host
