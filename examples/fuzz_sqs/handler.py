"""An SQS consumer that must survive any message: bad JSON, wrong types, binary bodies.

It reports the messages it cannot process as partial batch failures (``ReportBatchItemFailures``)
and never raises, so one bad message never sends the whole batch back to the queue.
"""

from __future__ import annotations

import json
from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, list[dict[str, str]]]:
    failures = []
    for record in event["Records"]:
        try:
            order = json.loads(record["body"])
            if not isinstance(order, dict) or not isinstance(order.get("quantity"), int) or order["quantity"] <= 0:
                raise ValueError("not an order")
        except ValueError:  # json.JSONDecodeError is a ValueError
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}


def naive_handler(event: dict[str, Any], context: Any) -> dict[str, list[dict[str, str]]]:
    """The same consumer before fuzzing: it trusts every body to be an order."""
    failures = []
    for record in event["Records"]:
        order = json.loads(record["body"])
        if order["quantity"] <= 0:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
