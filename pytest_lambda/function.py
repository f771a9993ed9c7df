"""Moved to ``pytest_lambda.runtime``; this module keeps the old import path working."""

from __future__ import annotations

from pytest_lambda.runtime import (
    INVOCATION_TYPES,
    Attempt,
    DeadLetter,
    DestinationRecord,
    FunctionInitError,
    InvokeResult,
    LambdaFunction,
    LambdaFunctionFactory,
    RequestTooLargeError,
    invoke,
)
from pytest_lambda.runtime.encoding import ASYNC_PAYLOAD_LIMIT, RESPONSE_LIMIT, SYNC_PAYLOAD_LIMIT

__all__ = [
    "ASYNC_PAYLOAD_LIMIT",
    "INVOCATION_TYPES",
    "RESPONSE_LIMIT",
    "SYNC_PAYLOAD_LIMIT",
    "Attempt",
    "DeadLetter",
    "DestinationRecord",
    "FunctionInitError",
    "InvokeResult",
    "LambdaFunction",
    "LambdaFunctionFactory",
    "RequestTooLargeError",
    "invoke",
]
