"""A CSV of orders (sku,quantity,price,delivery) dropped in imports/ becomes placed orders."""

from __future__ import annotations

import csv
import io
import os
import uuid
from decimal import Decimal

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
S3 = boto3.client("s3")


def handler(event, context):
    imported = 0
    for record in event["Records"]:
        bucket, key = record["s3"]["bucket"]["name"], record["s3"]["object"]["key"]
        text = S3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
        for row in csv.DictReader(io.StringIO(text)):
            quantity = int(row["quantity"])
            TABLE.put_item(
                Item={
                    "orderId": str(uuid.uuid4()),
                    "sku": row["sku"],
                    "quantity": quantity,
                    "total": Decimal(row["price"]) * quantity,
                    "delivery": row["delivery"],
                    "status": "PLACED",
                }
            )
            imported += 1
    return {"imported": imported}
