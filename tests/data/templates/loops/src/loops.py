from __future__ import annotations

import os

import boto3

S3 = boto3.client("s3")
SNS = boto3.client("sns")
SQS = boto3.client("sqs")
CALLS: list[str] = []


def next_object(event, context):
    # n0 -> n1 -> n2 ...: each object written makes the next one.
    key = event["Records"][0]["s3"]["object"]["key"]
    CALLS.append(key)
    S3.put_object(Bucket=os.environ["BUCKET"], Key=f"n{int(key[1:]) + 1}", Body=b"x")


def republish(event, context):
    message = event["Records"][0]["Sns"]["Message"]
    CALLS.append(message)
    SNS.publish(TopicArn=os.environ["TOPIC"], Message=message)


def store(event, context):
    for record in event["Records"]:
        CALLS.append(record["body"])
        S3.put_object(Bucket=os.environ["BUCKET"], Key="chain/item", Body=record["body"].encode())


def announce(event, context):
    key = event["Records"][0]["s3"]["object"]["key"]
    CALLS.append(key)
    SNS.publish(TopicArn=os.environ["TOPIC"], Message=key)


def restart(event, context):
    message = event["Records"][0]["Sns"]["Message"]
    CALLS.append(message)
    SQS.send_message(QueueUrl=os.environ["TARGET_URL"], MessageBody=message)
