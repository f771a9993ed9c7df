"""Exceptions raised by pytest_lambda; every message names the bad value and the valid choices."""

from __future__ import annotations

from typing import Any, Literal, get_args

DOCS = "https://github.com/pytest-aws-lambda/pytest-aws-lambda#"

# The README sections an error may send its reader to; tests/test_docs_links.py checks each lands.
DocsAnchor = Literal[
    "code-folders-and-layers",
    "configuration",
    "dead-letters-and-destinations-in-moto",
    "environment-variables",
    "event-overrides",
    "event-source-mappings",
    "event-sources",
    "failed-invocations",
    "harness",
    "lambda-logs-in-failure-reports",
    "markers",
    "metrics-traces-and-structured-logs",
    "protection-against-real-aws",
    "reserved-concurrency",
    "s3-events",
    "seeds",
    "strategies",
    "testing-a-sam-or-cdk-application",
    "the-lambda_aws-fixture",
    "the-lambda_function-fixture",
    "the-run-summary",
    "threads-and-event-loops",
    "timeouts",
]
DOCS_ANCHORS: tuple[str, ...] = get_args(DocsAnchor)


class PytestLambdaError(Exception):
    """Base class of every error this library raises on purpose."""


class ConfigurationError(PytestLambdaError, ValueError):
    """A function setting (timeout, memory, region, marker keyword...) is not one Lambda accepts."""


class ArgumentTypeError(ConfigurationError, TypeError):
    """An argument of the wrong type (a str where a mapping or a context is expected...): a ``TypeError`` too."""


class EnvironmentVariablesError(PytestLambdaError, ValueError):
    """User environment variables that Lambda's API would refuse (reserved key, bad name, over 4 KB)."""


class FunctionInitError(PytestLambdaError, RuntimeError):
    """``initialize()`` failed: the Init phase raised, as ``error`` (the runtime's error object) says."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(f"{error['errorType']}: {error['errorMessage']}")
        self.error = error


class RequestTooLargeError(PytestLambdaError, ValueError):
    """The Invoke request is over Lambda's payload limit (``RequestEntityTooLargeException``)."""


class ConcurrentInvokeError(PytestLambdaError, RuntimeError):
    """An invoke from a second thread while another thread's invoke is in flight (they share the process)."""


class TooManyRequestsError(PytestLambdaError, RuntimeError):
    """Lambda throttled a synchronous invoke: the function's reserved concurrency is in use (or 0).

    What ``Invoke`` answers then (API_Invoke.html): HTTP 429 ``TooManyRequestsException`` with
    ``Reason`` ``ReservedFunctionConcurrentInvocationLimitExceeded``; boto3 raises it as a ``ClientError``.
    """

    status_code = 429
    error_type = "TooManyRequestsException"
    reason = "ReservedFunctionConcurrentInvocationLimitExceeded"

    def __init__(self, message: str, function_name: str, reserved_concurrency: int) -> None:
        super().__init__(message)
        self.function_name = function_name
        self.reserved_concurrency = reserved_concurrency


class InvocationFailed(PytestLambdaError, AssertionError):
    """``raise_for_error()`` on an invocation that failed: its error object and the log it wrote.

    An ``AssertionError``, so pytest reports it as a failed check, not as a crash of the test.
    """

    def __init__(self, function_name: str, request_id: str, error: dict[str, Any], logs: str) -> None:
        self.function_name = function_name
        self.request_id = request_id
        self.error_type: str = error.get("errorType", "")
        self.error_message: str = error.get("errorMessage", "")
        self.stack_trace: list[str] = list(error.get("stackTrace", []))
        self.logs = logs
        parts = [f"{function_name} invocation {request_id} failed: {self.error_type}: {self.error_message}"]
        if self.stack_trace:
            # The frames as the runtime formats them: "  File ..., line N, in name\n    code\n" each.
            parts.append("Traceback of the handler (most recent call last):\n" + "".join(self.stack_trace).rstrip("\n"))
        if logs:
            # Carriage returns (they join the lines of the runtime's [ERROR] entry) as line breaks,
            # or a terminal would print each line over the one before.
            shown = logs.replace("\r\n", "\n").replace("\r", "\n")
            parts.append("Log of the invocation:\n" + shown.rstrip("\n"))
        super().__init__(with_docs("\n".join(parts), "failed-invocations"))


class MetricsError(PytestLambdaError, AssertionError):
    """The invocation's metrics are not what a test asked for, or CloudWatch would reject its EMF documents."""


class PytestLambdaWarning(UserWarning):
    """Base class of the warnings this library emits."""


class ConflictingDistributionWarning(PytestLambdaWarning):
    """The unrelated ``pytest-lambda`` distribution is installed beside ``pytest-aws-lambda``."""


class HandlerNotStoppedWarning(PytestLambdaWarning):
    """A handler ran on well past its deadline: it caught every interruption, or was blocked in C code."""


def with_docs(message: str, anchor: DocsAnchor) -> str:
    """Append the README section that explains how to fix ``message``."""
    return f"{message}\nSee {DOCS}{anchor}"
