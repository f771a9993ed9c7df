from __future__ import annotations

import base64
import json
import os

import boto3

SQS = boto3.client("sqs")


def echo(event, context):
    # Sends the message on as it came, attributes included.
    for record in event["Records"]:
        attributes = {
            name: {"DataType": value["dataType"], "StringValue": value["stringValue"]}
            if "stringValue" in value
            else {"DataType": value["dataType"], "BinaryValue": base64.b64decode(value["binaryValue"])}
            for name, value in record["messageAttributes"].items()
        }
        SQS.send_message(QueueUrl=os.environ["TARGET_URL"], MessageBody=record["body"], MessageAttributes=attributes)


def count(event, context):
    for record in event["Records"]:
        number = json.loads(record["body"])["n"]
        if number < int(os.environ["STOP"]):
            SQS.send_message(QueueUrl=os.environ["TARGET_URL"], MessageBody=json.dumps({"n": number + 1}))
