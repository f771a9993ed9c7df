from __future__ import annotations

import json
import os

import boto3

SQS = boto3.client("sqs")


def echo(event, context):
    for record in event["Records"]:
        SQS.send_message(QueueUrl=os.environ["TARGET_URL"], MessageBody=record["body"])


def count(event, context):
    for record in event["Records"]:
        number = json.loads(record["body"])["n"]
        if number < int(os.environ["STOP"]):
            SQS.send_message(QueueUrl=os.environ["TARGET_URL"], MessageBody=json.dumps({"n": number + 1}))
