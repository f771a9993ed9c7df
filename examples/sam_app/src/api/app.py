"""POST /orders stores an order; GET /orders/{orderId} reads it back."""

from __future__ import annotations

import json
import os
import uuid
from decimal import Decimal

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
DELIVERIES = ("courier", "pickup")


def handler(event, context):
    if event["httpMethod"] == "POST":
        return place_order(event)
    return get_order(event["pathParameters"]["orderId"])


def place_order(event):
    try:
        order = json.loads(event["body"] or "")
        sku, quantity, delivery = str(order["sku"]), int(order["quantity"]), order["delivery"]
        price = Decimal(str(order["price"]))
    except (ValueError, KeyError, TypeError):
        return answer(400, {"message": "expected sku, quantity, price and delivery"})
    if delivery not in DELIVERIES or quantity < 1:
        return answer(400, {"message": f"delivery is one of {list(DELIVERIES)}, quantity at least 1"})
    order_id = str(uuid.uuid4())
    TABLE.put_item(
        Item={
            "orderId": order_id,
            "sku": sku,
            "quantity": quantity,
            "total": price * quantity,
            "delivery": delivery,
            "status": "PLACED",
        }
    )
    return answer(201, {"orderId": order_id})


def get_order(order_id):
    item = TABLE.get_item(Key={"orderId": order_id}).get("Item")
    if item is None:
        return answer(404, {"message": f"no order {order_id}"})
    return answer(200, item)


def answer(status, body):
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(body, default=str),
    }
