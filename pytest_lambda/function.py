"""Moved to ``pytest_lambda.runtime``; this module keeps the old import path working."""

from __future__ import annotations

from pytest_lambda.runtime import (
    INVOCATION_TYPES,
    Attempt,
    DeadLetter,
    DestinationRecord,
    FunctionInitError,
    InvocationType,
    InvokeResult,
    LambdaFunction,
    LambdaFunctionFactory,
    RequestTooLargeError,
    invoke,
)
from pytest_lambda.runtime.config import EVENT_AGE_RANGE, RETRY_ATTEMPTS_RANGE
from pytest_lambda.runtime.encoding import ASYNC_PAYLOAD_LIMIT, RESPONSE_LIMIT, SYNC_PAYLOAD_LIMIT
from pytest_lambda.runtime.policy import RETRY_DELAYS_SECONDS

__all__ = [
    "ASYNC_PAYLOAD_LIMIT",
    "EVENT_AGE_RANGE",
    "INVOCATION_TYPES",
    "RESPONSE_LIMIT",
    "RETRY_ATTEMPTS_RANGE",
    "RETRY_DELAYS_SECONDS",
    "SYNC_PAYLOAD_LIMIT",
    "Attempt",
    "DeadLetter",
    "DestinationRecord",
    "FunctionInitError",
    "InvocationType",
    "InvokeResult",
    "LambdaFunction",
    "LambdaFunctionFactory",
    "RequestTooLargeError",
    "invoke",
]
