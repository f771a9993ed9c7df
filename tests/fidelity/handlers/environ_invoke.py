"""Reads the environment during the invoke."""

from __future__ import annotations

import os

NAMES = (
    "TABLE",
    "_HANDLER",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "TZ",
    "_X_AMZN_TRACE_ID",
)


def handler(event, context):
    return {name: os.environ.get(name) for name in NAMES}
