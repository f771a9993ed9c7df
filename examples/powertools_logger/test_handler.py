"""Tests of the payments handler: Powertools' log lines carry the plugin's context and environment."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import pytest
from aws_lambda_powertools.logging import logger as powertools_logger

from powertools_logger import handler as payments
from pytest_lambda import LambdaContext, lambda_environ, make_context, patched_environ

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext as PowertoolsContext

ReadLogs = Callable[[], list[dict[str, Any]]]


def invoke(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Call the handler. Powertools' ``LambdaContext`` is a plain class, so for a type checker our
    context (same attributes, but not a subclass) needs a cast; at run time nothing changes."""
    return payments.handler(event, cast("PowertoolsContext", context))


class CurrentStdout(io.TextIOBase):
    """Writes to whatever ``sys.stdout`` is when it is written to (capsys swaps it per test phase)."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


@pytest.fixture
def read_logs(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> ReadLogs:
    """The JSON log lines written since the last call, each one a dict.

    The Logger made its ``StreamHandler`` on the ``sys.stdout`` of import time, which is not the one
    capsys installs for the test: make it write to the current one. Powertools also remembers across
    tests whether the process had its cold start; make every test start cold, as a new process would.
    """
    monkeypatch.setattr(payments.logger.logger_handler, "stream", CurrentStdout())
    monkeypatch.setattr(powertools_logger, "is_cold_start", True)

    def read() -> list[dict[str, Any]]:
        return [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    return read


@pytest.mark.lambda_context(function_name="payments-api", memory_size=512)
def test_log_line_carries_the_invocation(
    lambda_context: LambdaContext, lambda_env: dict[str, str], read_logs: ReadLogs
) -> None:
    result = invoke({"payment_id": "pay-42", "amount_cents": 1999}, lambda_context)

    assert result == {"payment_id": "pay-42", "status": "accepted"}
    [line] = read_logs()
    assert line["message"] == "payment accepted"
    assert line["level"] == "INFO"
    assert line["service"] == "payments"
    assert line["payment_id"] == "pay-42"
    assert line["amount_cents"] == 1999
    assert line["cold_start"] is True
    assert line["function_name"] == lambda_context.function_name == "payments-api"
    # A str, as AWS_LAMBDA_FUNCTION_MEMORY_SIZE is in the real runtime; Powertools passes it through.
    assert line["function_memory_size"] == lambda_context.memory_limit_in_mb == "512"
    assert line["function_arn"] == lambda_context.invoked_function_arn
    assert line["function_request_id"] == lambda_context.aws_request_id
    # Powertools takes the trace id from the environment the plugin set.
    assert line["xray_trace_id"] == lambda_env["_X_AMZN_TRACE_ID"].split(";")[0].removeprefix("Root=")


@pytest.mark.lambda_context(function_name="payments-api", region="eu-west-1", account_id="210987654321", alias="live")
def test_function_arn_names_the_alias_and_region(lambda_context: LambdaContext, read_logs: ReadLogs) -> None:
    invoke({"payment_id": "pay-7", "amount_cents": 500}, lambda_context)

    [line] = read_logs()
    assert line["function_arn"] == "arn:aws:lambda:eu-west-1:210987654321:function:payments-api:live"


def test_only_the_first_invocation_is_a_cold_start(
    lambda_context: LambdaContext, lambda_env: dict[str, str], read_logs: ReadLogs
) -> None:
    invoke({"payment_id": "pay-1", "amount_cents": 100}, lambda_context)
    # The next invocation of the same function instance has a new request id.
    second = make_context(function_name=lambda_context.function_name)
    invoke({"payment_id": "pay-2", "amount_cents": 0}, second)

    first_line, second_line = read_logs()
    assert (first_line["cold_start"], second_line["cold_start"]) == (True, False)
    assert first_line["function_request_id"] == lambda_context.aws_request_id
    assert second_line["function_request_id"] == second.aws_request_id != lambda_context.aws_request_id
    assert (second_line["level"], second_line["message"]) == ("WARNING", "payment refused")
    assert "amount_cents" not in second_line, "keys of one log call must not leak into the next"


def test_provisioned_concurrency_is_never_a_cold_start(lambda_context: LambdaContext, read_logs: ReadLogs) -> None:
    environ = lambda_environ(lambda_context, initialization_type="provisioned-concurrency")
    with patched_environ(environ):
        invoke({"payment_id": "pay-3", "amount_cents": 100}, lambda_context)

    [line] = read_logs()
    assert environ["AWS_LAMBDA_INITIALIZATION_TYPE"] == "provisioned-concurrency"
    assert line["cold_start"] is False
