"""Lambda's event filtering (EventBridge pattern syntax), and an SQS mapping that filters."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from pytest_lambda import ConfigurationError, LambdaFunction
from pytest_lambda.aws import (
    DynamoDBStreamEventSourceMapping,
    KinesisEventSourceMapping,
    LambdaAWS,
    SQSEventSourceMapping,
)
from pytest_lambda.aws.filtering import EventFilter, sqs_view

ORDER = {
    "kind": "order",
    "total": 42.5,
    "count": 3,
    "tags": ["new", "gift"],
    "customer": {"email": "Ada@Example.com", "ip": "10.0.3.7", "vip": True, "note": None},
    "file": "receipts/2026/a.png",
    "star": "a*?[b]\\\nc",
}


@pytest.mark.parametrize(
    ("pattern", "matches"),
    [
        ({"kind": ["order"]}, True),
        ({"kind": ["refund", "order"]}, True),
        ({"kind": ["refund"]}, False),
        ({"total": [42.5]}, True),
        ({"count": [3.0]}, True),
        ({"count": ["3"]}, False),
        ({"customer": {"vip": [True]}}, True),
        ({"customer": {"note": [None]}}, True),
        ({"customer": {"vip": [1]}}, False),
        ({"tags": ["gift"]}, True),
        ({"tags": ["old"]}, False),
        ({"kind": [{"prefix": "ord"}]}, True),
        ({"kind": [{"prefix": "Ord"}]}, False),
        ({"kind": [{"prefix": {"equals-ignore-case": "ORD"}}]}, True),
        ({"file": [{"suffix": ".png"}]}, True),
        ({"file": [{"suffix": {"equals-ignore-case": ".PNG"}}]}, True),
        ({"customer": {"email": [{"equals-ignore-case": "ada@example.COM"}]}}, True),
        ({"file": [{"wildcard": "receipts/*/*.png"}]}, True),
        ({"file": [{"wildcard": "*.jpg"}]}, False),
        # Only * is special (aws/event-ruler WildcardParser): ? and [..] are themselves, \* an asterisk.
        ({"file": [{"wildcard": "receipts/202?/*"}]}, False),
        ({"file": [{"wildcard": "receipts/[0-9]*"}]}, False),
        ({"kind": [{"wildcard": "or\\*der"}]}, False),
        ({"star": [{"wildcard": "a\\*?[b]\\\\*"}]}, True),
        ({"kind": [{"anything-but": "refund"}]}, True),
        ({"kind": [{"anything-but": ["refund", "order"]}]}, False),
        ({"kind": [{"anything-but": {"prefix": "ord"}}]}, False),
        ({"total": [{"numeric": [">", 40, "<=", 42.5]}]}, True),
        ({"total": [{"numeric": ["<", 40]}]}, False),
        ({"kind": [{"numeric": [">", 0]}]}, False),
        ({"customer": {"vip": [{"numeric": ["=", 1]}]}}, False),
        ({"customer": {"ip": [{"cidr": "10.0.0.0/16"}]}}, True),
        ({"customer": {"ip": [{"cidr": "10.1.0.0/16"}]}}, False),
        ({"kind": [{"cidr": "10.0.0.0/8"}]}, False),
        ({"count": [{"cidr": "10.0.0.0/8"}]}, False),
        ({"count": [{"prefix": "3"}]}, False),
        ({"missing": [{"exists": False}]}, True),
        ({"missing": [{"exists": True}]}, False),
        ({"kind": [{"exists": True}]}, True),
        ({"kind": [{"exists": False}]}, False),
        ({"missing": ["x"]}, False),
        ({"nested": {"deeper": [{"exists": False}]}}, True),
        ({"kind": {"deeper": ["x"]}}, False),
        ({"kind": ["order"], "$or": [{"count": [1]}, {"total": [{"numeric": [">", 10]}]}]}, True),
        ({"$or": [{"count": [1]}, {"kind": ["refund"]}]}, False),
    ],
)
def test_each_operator_matches_as_eventbridge_does(pattern: dict[str, Any], matches: bool) -> None:
    assert EventFilter([json.dumps(pattern)]).matches(ORDER) is matches


def test_a_record_matching_any_filter_passes() -> None:
    both = EventFilter([{"kind": ["refund"]}, '{"count": [3]}'])
    assert both.matches(ORDER)
    assert not both.matches({"kind": "other"})


def test_an_sqs_body_is_matched_as_json_or_as_text() -> None:
    pattern = EventFilter(['{"body": {"kind": ["order"]}}'])
    assert pattern.matches(sqs_view({"body": json.dumps(ORDER)}))
    assert not pattern.matches(sqs_view({"body": "kind=order"}))
    assert EventFilter(['{"body": [{"prefix": "kind="}]}']).matches(sqs_view({"body": "kind=order"}))


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{", "filter 0: Pattern '{' is not JSON"),
        ('["kind"]', "must be a JSON object"),
        ('{"kind": "order"}', "filter 0.kind: 'order' must be a list of matchers"),
        ('{"a": {"kind": [{"bogus": 1}]}}', "filter 0.a.kind: {'bogus': 1} is not a matcher; operators: "),
        ('{"$or": {"kind": ["x"]}}', "filter 0: \\$or takes a list of patterns"),
        (
            '{"n": [{"numeric": [">"]}]}',
            "filter 0.n: numeric \\['>'\\] must be one or two \\[operator, number\\] pairs",
        ),
        ('{"n": [{"numeric": ["~", 1]}]}', "numeric \\['~', 1\\] must be"),
        ('{"n": [{"numeric": [">", true]}]}', "numeric \\['>', True\\] must be"),
        ('{"n": [{"numeric": "> 1"}]}', "numeric '> 1' must be"),
    ],
)
def test_bad_patterns_are_refused(pattern: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        EventFilter([pattern])


def test_an_or_of_patterns_is_checked_too() -> None:
    with pytest.raises(ConfigurationError, match="must be a list of matchers"):
        EventFilter(['{"$or": [{"kind": "x"}]}'])


def test_an_sqs_mapping_deletes_what_no_filter_matches(lambda_aws: LambdaAWS) -> None:
    sqs = lambda_aws.client("sqs")
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    for body in [{"kind": "refund", "id": 1}, {"kind": "order", "id": 2}, "not json", {"kind": "order", "id": 3}]:
        sqs.send_message(QueueUrl=url, MessageBody=body if isinstance(body, str) else json.dumps(body))
    seen: list[int] = []

    def handler(event: dict[str, Any], context: object) -> None:
        seen.extend(json.loads(record["body"])["id"] for record in event["Records"])

    mapping = SQSEventSourceMapping(
        LambdaFunction(handler), "orders", batch_size=1, filter_criteria=['{"body": {"kind": ["order"]}}']
    )
    drained = mapping.drain()
    assert seen == [2, 3]
    assert len(drained) == 2
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert (attributes["ApproximateNumberOfMessages"], attributes["ApproximateNumberOfMessagesNotVisible"]) == (
        "0",
        "0",
    )
    # Only filtered-out messages left: nothing to invoke.
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"kind": "refund"}))
    assert mapping.poll() is None


def test_a_kinesis_mapping_matches_the_decoded_data_only(lambda_aws: LambdaAWS) -> None:
    kinesis = lambda_aws.client("kinesis")
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    for data in [{"page": "home"}, {"page": "cart"}, "not json", {"page": "cart", "n": 2}, {"page": "home"}]:
        kinesis.put_record(
            StreamName="clicks", Data=(data if isinstance(data, str) else json.dumps(data)).encode(), PartitionKey="p"
        )
    seen: list[Any] = []

    def handler(event: dict[str, Any], context: object) -> None:
        seen.append([base64.b64decode(r["kinesis"]["data"]).decode() for r in event["Records"]])

    filters = ['{"data": {"page": ["cart"]}}', '{"data": ["not json"]}', '{"partitionKey": ["p"]}']
    mapping = KinesisEventSourceMapping(LambdaFunction(handler), "clicks", batch_size=2, filter_criteria=filters)
    drained = mapping.drain()
    # Batches of two records read; those matching no filter skipped; a read with no match invokes nothing.
    assert seen == [['{"page": "cart"}'], ["not json", '{"page": "cart", "n": 2}']]
    assert len(drained) == 2
    assert mapping.poll() is None


def test_a_dynamodb_stream_mapping_matches_the_records_fields(lambda_aws: LambdaAWS) -> None:
    dynamodb = lambda_aws.client("dynamodb")
    dynamodb.create_table(
        TableName="orders",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )
    for order in ("a", "b"):
        dynamodb.put_item(TableName="orders", Item={"id": {"S": order}})
    dynamodb.delete_item(TableName="orders", Key={"id": {"S": "a"}})
    names: list[str] = []

    def handler(event: dict[str, Any], context: object) -> None:
        names.extend(f"{r['eventName']} {r['dynamodb']['Keys']['id']['S']}" for r in event["Records"])

    filters = ['{"eventName": ["REMOVE"]}', '{"dynamodb": {"NewImage": {"id": {"S": ["b"]}}}}']
    mapping = DynamoDBStreamEventSourceMapping(LambdaFunction(handler), "orders", filter_criteria=filters)
    mapping.drain()
    assert names == ["INSERT b", "REMOVE a"]
