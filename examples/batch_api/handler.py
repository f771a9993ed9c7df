"""``POST /orders/{orderId}/lines``: price a batch of order lines, stopping before the function times out.

An API Gateway REST API (Lambda proxy integration) calls this function with the lines in the JSON
body. Pricing one line may be slow (in real life it calls other services), so before each line the
handler asks ``context.get_remaining_time_in_millis()`` how long it has left. When less than
``SAFETY_MARGIN_MS`` remains it stops and answers with what it did and what it left, so the caller
can send the rest again (as with DynamoDB's ``UnprocessedItems``) instead of getting a 502 from
API Gateway when Lambda kills the function.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypedDict

# Stop when less than this is left: enough to build and return the response.
SAFETY_MARGIN_MS = 1000


class Context(Protocol):
    """The part of the Lambda context this handler uses."""

    aws_request_id: str

    def get_remaining_time_in_millis(self) -> int: ...


class OrderLine(TypedDict):
    sku: str
    quantity: int
    unit_price_cents: int


class PricedLine(TypedDict):
    sku: str
    total_cents: int


class ProxyResponse(TypedDict):
    statusCode: int
    headers: dict[str, str]
    body: str


ProcessLine = Callable[[OrderLine], PricedLine]
Handler = Callable[[Mapping[str, Any], Context], ProxyResponse]


class BadRequest(ValueError):
    """The request body is not a batch of order lines."""


def price_line(line: OrderLine) -> PricedLine:
    """Price one order line."""
    return {"sku": line["sku"], "total_cents": line["quantity"] * line["unit_price_cents"]}


def _response(status: int, body: Mapping[str, Any], request_id: str) -> ProxyResponse:
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json", "X-Request-Id": request_id},
        "body": json.dumps(body),
    }


def _whole_number(where: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadRequest(f"{where} must be a whole number >= 0")
    return value


def _check_line(index: int, raw: object) -> OrderLine:
    if not isinstance(raw, dict):
        raise BadRequest(f"lines[{index}] must be an object")
    sku = raw.get("sku")
    if not isinstance(sku, str) or not sku:
        raise BadRequest(f"lines[{index}].sku must be a non-empty string")
    return {
        "sku": sku,
        "quantity": _whole_number(f"lines[{index}].quantity", raw.get("quantity")),
        "unit_price_cents": _whole_number(f"lines[{index}].unit_price_cents", raw.get("unit_price_cents")),
    }


def parse_lines(event: Mapping[str, Any]) -> list[OrderLine]:
    """The order lines of a REST API proxy event's body (plain or base64-encoded JSON)."""
    body = event.get("body")
    if body is None:
        raise BadRequest("the request has no body")
    if event.get("isBase64Encoded"):
        try:
            body = base64.b64decode(body, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise BadRequest("the body is not valid base64-encoded UTF-8") from None
    try:
        payload = json.loads(body)
    except json.JSONDecodeError as exc:
        raise BadRequest(f"the body is not JSON: {exc.msg}") from None
    lines = payload.get("lines") if isinstance(payload, dict) else None
    if not isinstance(lines, list):
        raise BadRequest('the body must be an object with a list "lines"')
    return [_check_line(index, raw) for index, raw in enumerate(lines)]


def make_handler(process_line: ProcessLine = price_line, *, safety_margin_ms: int = SAFETY_MARGIN_MS) -> Handler:
    """A handler that prices lines with ``process_line`` (the hook tests use to make time pass)."""

    def handler(event: Mapping[str, Any], context: Context) -> ProxyResponse:
        order_id = (event.get("pathParameters") or {}).get("orderId")
        try:
            lines = parse_lines(event)
        except BadRequest as exc:
            return _response(400, {"message": str(exc)}, context.aws_request_id)
        priced: list[PricedLine] = []
        for line in lines:
            if context.get_remaining_time_in_millis() < safety_margin_ms:
                break
            priced.append(process_line(line))
        left = [line["sku"] for line in lines[len(priced) :]]
        body = {
            "orderId": order_id,
            "complete": not left,
            "processed": priced,
            "unprocessed": left,
            "remainingTimeMs": context.get_remaining_time_in_millis(),
        }
        # Like DynamoDB's BatchWriteItem (``UnprocessedItems``): 200, and the caller resends what is left.
        return _response(200, body, context.aws_request_id)

    return handler


handler = make_handler()
