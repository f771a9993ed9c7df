from __future__ import annotations

import json
import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    failures = []
    for record in event["Records"]:
        order = json.loads(record["body"])
        if order.get("bad"):
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        TABLE.put_item(Item={"id": order["id"]})
    return {"batchItemFailures": failures}
