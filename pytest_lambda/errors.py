"""Exceptions raised by pytest_lambda; every message names the bad value and the valid choices."""

from __future__ import annotations

from typing import Any, Literal, get_args

DOCS = "https://github.com/pytest-aws-lambda/pytest-aws-lambda#"

# The README sections an error may send its reader to; tests/test_docs_links.py checks each lands.
DocsAnchor = Literal[
    "configuration",
    "dead-letters-and-destinations-in-moto",
    "environment-variables",
    "event-overrides",
    "event-source-mappings",
    "event-sources",
    "harness",
    "markers",
    "metrics-traces-and-structured-logs",
    "protection-against-real-aws",
    "s3-events",
    "seeds",
    "strategies",
    "the-lambda_aws-fixture",
    "the-lambda_function-fixture",
]
DOCS_ANCHORS: tuple[str, ...] = get_args(DocsAnchor)


class PytestLambdaError(Exception):
    """Base class of every error this library raises on purpose."""


class ConfigurationError(PytestLambdaError, ValueError):
    """A function setting (timeout, memory, region, marker keyword...) is not one Lambda accepts."""


class EnvironmentVariablesError(PytestLambdaError, ValueError):
    """User environment variables that Lambda's API would refuse (reserved key, bad name, over 4 KB)."""


class FunctionInitError(PytestLambdaError, RuntimeError):
    """``initialize()`` failed: the Init phase raised, as ``error`` (the runtime's error object) says."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(f"{error['errorType']}: {error['errorMessage']}")
        self.error = error


class RequestTooLargeError(PytestLambdaError, ValueError):
    """The Invoke request is over Lambda's payload limit (``RequestEntityTooLargeException``)."""


class MetricsError(PytestLambdaError, AssertionError):
    """The invocation's metrics are not what a test asked for, or CloudWatch would reject its EMF documents."""


class PytestLambdaWarning(UserWarning):
    """Base class of the warnings this library emits."""


class ConflictingDistributionWarning(PytestLambdaWarning):
    """The unrelated ``pytest-lambda`` distribution is installed beside ``pytest-aws-lambda``."""


def with_docs(message: str, anchor: DocsAnchor) -> str:
    """Append the README section that explains how to fix ``message``."""
    return f"{message}\nSee {DOCS}{anchor}"
