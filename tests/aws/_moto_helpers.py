"""Shared helpers for the moto-backed mapping tests: a mocked AWS, queues, tables and streams."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

REGION = "us-east-1"


@contextmanager
def mocked_aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """moto's mock_aws with fake credentials, so no real account is ever reached."""
    from moto import mock_aws

    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        yield


def boto(service: str) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(account_id_endpoint_mode="disabled") if service == "dynamodbstreams" else None
    return boto3.client(service, region_name=REGION, config=config)


def queue_arn(url: str) -> str:
    return str(boto("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])


def make_queue(name: str, *, dlq_url: str | None = None, max_receive_count: int = 3, **attributes: str) -> str:
    """A queue (with a redrive policy to ``dlq_url`` when given); returns its URL."""
    if dlq_url is not None:
        attributes["RedrivePolicy"] = json.dumps(
            {"deadLetterTargetArn": queue_arn(dlq_url), "maxReceiveCount": max_receive_count}
        )
    return str(boto("sqs").create_queue(QueueName=name, Attributes=attributes)["QueueUrl"])


def receive_all(url: str) -> list[dict[str, Any]]:
    """Every visible message of a queue (each received once)."""
    sqs, out = boto("sqs"), []
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]).get(
            "Messages", []
        )
        if not got:
            return out
        out += got


def queue_counts(url: str) -> tuple[int, int]:
    """(visible, in flight) messages of a queue."""
    attributes = boto("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]), int(attributes["ApproximateNumberOfMessagesNotVisible"])


def make_table(name: str, view_type: str = "NEW_AND_OLD_IMAGES", *, sort_key: str | None = None) -> str:
    """A table keyed on ``pk`` (and ``sort_key``) with a stream; returns the stream ARN."""
    keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
    definitions = [{"AttributeName": "pk", "AttributeType": "S"}]
    if sort_key is not None:
        keys.append({"AttributeName": sort_key, "KeyType": "RANGE"})
        definitions.append({"AttributeName": sort_key, "AttributeType": "N"})
    table = boto("dynamodb").create_table(
        TableName=name,
        KeySchema=keys,
        AttributeDefinitions=definitions,
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type},
    )
    return str(table["TableDescription"]["LatestStreamArn"])


def make_stream(name: str, shards: int = 1) -> str:
    """A Kinesis stream; returns its ARN."""
    kinesis = boto("kinesis")
    kinesis.create_stream(StreamName=name, ShardCount=shards)
    return str(kinesis.describe_stream(StreamName=name)["StreamDescription"]["StreamARN"])
