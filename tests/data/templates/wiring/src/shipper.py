from __future__ import annotations

import os

import boto3

SQS = boto3.client("sqs")


def handler(event, context):
    for record in event["Records"]:
        order_id = record["dynamodb"]["Keys"]["id"]["S"]
        SQS.send_message(QueueUrl=os.environ["OUT_QUEUE_URL"], MessageBody=order_id)
