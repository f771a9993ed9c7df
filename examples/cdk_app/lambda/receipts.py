"""Paid orders from the receipts queue become receipts/<orderId>.json in the receipts bucket."""

from __future__ import annotations

import json
import os
from decimal import Decimal, InvalidOperation

import boto3

S3 = boto3.client("s3")


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            order = json.loads(record["body"])
            amount = Decimal(str(order["amount"]))
        except (ValueError, KeyError, InvalidOperation):
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        receipt = {"orderId": order["orderId"], "amount": str(amount), "paidAt": record["attributes"]["SentTimestamp"]}
        S3.put_object(
            Bucket=os.environ["BUCKET_NAME"], Key=f"receipts/{order['orderId']}.json", Body=json.dumps(receipt)
        )
    return {"batchItemFailures": failures}
