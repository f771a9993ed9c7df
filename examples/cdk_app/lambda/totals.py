"""Every hour: the sum of the receipts so far, as totals/<time>.json in the receipts bucket."""

from __future__ import annotations

import json
import os
from decimal import Decimal

import boto3

S3 = boto3.client("s3")


def handler(event, context):
    bucket = os.environ["BUCKET_NAME"]
    total, count = Decimal(0), 0
    for page in S3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="receipts/"):
        for item in page.get("Contents", []):
            receipt = json.loads(S3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read())
            total, count = total + Decimal(receipt["amount"]), count + 1
    summary = {"receipts": count, "total": str(total), "at": event["time"]}
    S3.put_object(Bucket=bucket, Key=f"totals/{event['time']}.json", Body=json.dumps(summary))
