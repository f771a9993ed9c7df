"""A payments function that logs structured JSON with aws-lambda-powertools.

``@logger.inject_lambda_context`` adds the invocation's details (function name, memory size, ARN,
request id, cold start) to every log line the handler writes; the X-Ray trace id comes from the
``_X_AMZN_TRACE_ID`` environment variable that Lambda sets.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

logger = Logger(service="payments")


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    payment_id = str(event["payment_id"])
    amount_cents = int(event["amount_cents"])
    if amount_cents <= 0:
        logger.warning("payment refused", extra={"payment_id": payment_id, "reason": "amount must be positive"})
        return {"payment_id": payment_id, "status": "refused"}
    logger.info("payment accepted", extra={"payment_id": payment_id, "amount_cents": amount_cents})
    return {"payment_id": payment_id, "status": "accepted"}
