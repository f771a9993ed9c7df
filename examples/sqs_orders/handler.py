"""An SQS consumer that reports partial batch failures.

With ``FunctionResponseTypes: ["ReportBatchItemFailures"]`` on the event source mapping, the
handler returns the ids of the messages it could not process; only those come back.
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
"""

from __future__ import annotations

import json
import os
from typing import Any

# Module state survives warm invokes, as in Lambda.
PROCESSED: list[str] = []


def handler(event: dict[str, Any], context: Any) -> dict[str, list[dict[str, str]]]:
    failures = []
    for record in event["Records"]:
        try:
            order = json.loads(record["body"])
            if order["quantity"] <= 0:
                raise ValueError(f"bad quantity {order['quantity']}")
            PROCESSED.append(f"{os.environ['TABLE_NAME']}:{order['id']}")
        except (ValueError, KeyError):
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}


def strict_handler(event: dict[str, Any], context: Any) -> None:
    """A consumer of an asynchronous trigger that fails on any bad order."""
    for record in event["Records"]:
        if json.loads(record["body"])["quantity"] <= 0:
            raise ValueError("bad order")
