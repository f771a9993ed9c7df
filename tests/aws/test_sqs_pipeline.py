"""End to end: an SQS consumer writes to a table whose stream drives a second function."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from pytest_lambda import LambdaFunction
from pytest_lambda.aws.sqs import SQSEventSourceMapping
from pytest_lambda.aws.streams import DynamoDBStreamEventSourceMapping

from ._moto_helpers import boto, make_queue, make_table, mocked_aws, receive_all


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with mocked_aws(monkeypatch):
        yield


def store_order(event: dict[str, Any], context: object) -> dict[str, Any]:
    """First function: each order message becomes an item; a malformed one is reported as failed."""
    ddb, failures = boto("dynamodb"), []
    for record in event["Records"]:
        try:
            order = json.loads(record["body"])
            ddb.put_item(TableName="orders", Item={"pk": {"S": order["id"]}, "total": {"N": str(order["total"])}})
        except (ValueError, KeyError):
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}


def notify(event: dict[str, Any], context: object) -> None:
    """Second function: announces each new order on a queue."""
    sqs = boto("sqs")
    url = sqs.get_queue_url(QueueName="notifications")["QueueUrl"]
    for record in event["Records"]:
        if record["eventName"] == "INSERT":
            sqs.send_message(QueueUrl=url, MessageBody=record["dynamodb"]["NewImage"]["pk"]["S"])


@pytest.mark.usefixtures("aws")
def test_orders_flow_from_a_queue_through_a_table_stream_to_notifications() -> None:
    make_table("orders")
    dlq = make_queue("orders-dlq")
    orders = make_queue("orders", dlq_url=dlq, max_receive_count=2)
    notifications = make_queue("notifications")
    sqs = boto("sqs")
    for body in ['{"id": "o1", "total": 10}', "not json", '{"id": "o2", "total": 12.5}']:
        sqs.send_message(QueueUrl=orders, MessageBody=body)

    consumer = SQSEventSourceMapping(LambdaFunction(store_order), orders, function_response_types=True)
    drained = consumer.drain()
    assert [b.outcome for b in drained] == ["partial", "failure"]
    assert [m["Body"] for m in receive_all(dlq)] == ["not json"]

    stream = DynamoDBStreamEventSourceMapping(LambdaFunction(notify), "orders")
    assert [b.outcome for b in stream.drain()] == ["success"]
    assert sorted(m["Body"] for m in receive_all(notifications)) == ["o1", "o2"]
