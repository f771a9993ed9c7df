"""Ships couriers' orders from the fulfilment queue, reporting the messages it could not ship."""

from __future__ import annotations

import json
import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
DISCONTINUED = {"SKU-OLD"}


def handler(event, context):
    failures = []
    for record in event["Records"]:
        order = json.loads(record["body"])
        if order["sku"] in DISCONTINUED:
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        # A MODIFY record on the stream: the forwarder's filter keeps it from coming back here.
        TABLE.update_item(
            Key={"orderId": order["orderId"]},
            UpdateExpression="SET #s = :shipped",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":shipped": "SHIPPED"},
        )
    return {"batchItemFailures": failures}
