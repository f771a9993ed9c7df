"""Reads its configuration from the environment at import, the most common Lambda idiom."""

from __future__ import annotations

import os

TABLE = os.environ["TABLE"]
REGION = os.environ.get("AWS_REGION")
FUNCTION = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
SEEN_AT_IMPORT = {
    name: os.environ.get(name)
    for name in (
        "_HANDLER",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "TZ",
    )
}


def handler(event, context):
    return {"table": TABLE, "region": REGION, "function": FUNCTION, "at_import": SEEN_AT_IMPORT}
