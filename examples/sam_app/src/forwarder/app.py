"""The orders table's stream (new orders only, by the mapping's filter) to the fulfilment queue."""

from __future__ import annotations

import json
import os

import boto3

SQS = boto3.client("sqs")


def handler(event, context):
    for record in event["Records"]:
        image = record["dynamodb"]["NewImage"]
        if float(image["total"]["N"]) == 0:
            continue  # a free sample: nothing to charge, the shop hands it over
        message = {
            "orderId": image["orderId"]["S"],
            "sku": image["sku"]["S"],
            "quantity": int(image["quantity"]["N"]),
            "delivery": image["delivery"]["S"],
        }
        SQS.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=json.dumps(message))
