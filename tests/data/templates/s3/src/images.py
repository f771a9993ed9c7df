from __future__ import annotations

import boto3

S3 = boto3.client("s3")
SEEN: list[str] = []


def thumbnail(event, context):
    record = event["Records"][0]["s3"]
    key = record["object"]["key"]
    SEEN.append(key)
    # Written beside the image: outside the images/ prefix, so it notifies nobody.
    S3.put_object(Bucket=record["bucket"]["name"], Key=f"thumbs/{key.rsplit('/', 1)[1]}", Body=b"small")


def cleanup(event, context):
    SEEN.append("removed " + event["Records"][0]["s3"]["object"]["key"])
