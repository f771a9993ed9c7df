"""Test AWS Lambda handlers locally: a faithful context, the function's environment, and pytest fixtures."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pytest_lambda.context import (
    Client,
    ClientContext,
    CognitoIdentity,
    ContextConfig,
    LambdaContext,
    make_context,
)
from pytest_lambda.errors import (
    ConcurrentInvokeError,
    ConfigurationError,
    ConflictingDistributionWarning,
    EnvironmentVariablesError,
    FunctionInitError,
    HandlerNotStoppedWarning,
    InvocationFailed,
    MetricsError,
    PytestLambdaError,
    PytestLambdaWarning,
    RequestTooLargeError,
    TooManyRequestsError,
)
from pytest_lambda.runtime import (
    Attempt,
    DeadLetter,
    DestinationRecord,
    InvokeResult,
    LambdaFunction,
    LambdaFunctionFactory,
    invoke,
)
from pytest_lambda.runtime.destinations import register_destination
from pytest_lambda.runtime.report import Report
from pytest_lambda.runtime.variables import lambda_environ, patched_environ, validate_variables

__version__ = "0.1.0"


if TYPE_CHECKING:
    from pytest_lambda.runtime.emf import Metric as Metric
    from pytest_lambda.runtime.emf import MetricError as MetricError


def __getattr__(name: str) -> Any:
    # Metric and MetricError come from runtime.emf, imported when a test first reads metrics.
    if name in ("Metric", "MetricError"):
        from pytest_lambda.runtime import emf

        return getattr(emf, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:
    # The overloads: make_event("sqs") is an SQSEvent, and so on for every source.
    from pytest_lambda.events._typed import make_event as make_event
else:

    def make_event(source, /, **options):
        """Build ``source``'s event: see ``pytest_lambda.events.make_event`` (imported on first use)."""
        from pytest_lambda.events import make_event as build

        return build(source, **options)


def event_sources(*, presets: bool = False) -> list[str]:
    """The source names ``make_event`` accepts, sorted; ``presets`` adds SAM's ``"<service>:<kind>"`` names."""
    from pytest_lambda.events import event_sources as names

    return names(presets=presets)


class _LambdaEventMarker:
    """``@lambda_event("sqs", body=...)``: the ``lambda_event`` marker, without importing pytest here."""

    def __call__(self, source: str, /, **overrides: Any) -> Any:
        import pytest

        return pytest.mark.lambda_event(source, **overrides)

    def __repr__(self) -> str:
        return "lambda_event"


lambda_event = _LambdaEventMarker()


class _MotoOnceLoaded:
    """``pytest_lambda.aws``'s destination, imported only once moto is: under moto's mock, dead letters
    and invocation records also reach the queues, topics, buses and buckets they name (README#moto).
    Wired here, as the runtime does not import ``aws``."""

    def deliver(
        self,
        dead_letters: Sequence[DeadLetter],
        records: Sequence[DestinationRecord],
        *,
        function_arn: str,
        default_dead_letter_queue: str,
    ) -> None:
        if "moto" in sys.modules:
            from pytest_lambda.aws.delivery import MOTO

            MOTO.deliver(
                dead_letters, records, function_arn=function_arn, default_dead_letter_queue=default_dead_letter_queue
            )


register_destination(_MotoOnceLoaded())

__all__ = [
    "Attempt",
    "Client",
    "ClientContext",
    "CognitoIdentity",
    "ConcurrentInvokeError",
    "ConfigurationError",
    "ConflictingDistributionWarning",
    "ContextConfig",
    "DeadLetter",
    "DestinationRecord",
    "EnvironmentVariablesError",
    "FunctionInitError",
    "HandlerNotStoppedWarning",
    "InvocationFailed",
    "InvokeResult",
    "LambdaContext",
    "LambdaFunction",
    "LambdaFunctionFactory",
    "Metric",
    "MetricError",
    "MetricsError",
    "PytestLambdaError",
    "PytestLambdaWarning",
    "Report",
    "RequestTooLargeError",
    "TooManyRequestsError",
    "__version__",
    "event_sources",
    "invoke",
    "lambda_environ",
    "lambda_event",
    "make_context",
    "make_event",
    "patched_environ",
    "validate_variables",
]
