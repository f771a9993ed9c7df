"""Dead letters and destination records of the harness, delivered to moto."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from pytest_lambda import LambdaFunction
from pytest_lambda.aws import (
    AWSResourceNotFoundError,
    LambdaAWS,
    UnsupportedDestinationError,
    delivery,
    mocked_aws,
    send_dead_letter,
    send_destination_record,
)
from pytest_lambda.runtime.results import DeadLetter, DestinationRecord

ATTRIBUTES = ["All"]


def fail(event: Any, context: Any) -> Any:
    raise RuntimeError("payment service down")


def succeed(event: Any, context: Any) -> Any:
    return {"paid": event["order"]}


@pytest.fixture
def aws() -> Iterator[LambdaAWS]:
    with mocked_aws() as session:
        yield session


def queue(aws: LambdaAWS, name: str) -> tuple[str, str]:
    sqs = aws.client("sqs")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def receive(aws: LambdaAWS, url: str) -> list[dict[str, Any]]:
    answer = aws.client("sqs").receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=ATTRIBUTES, AttributeNames=["All"]
    )
    messages: list[dict[str, Any]] = answer.get("Messages", [])
    return messages


def test_an_async_handler_that_always_fails_leaves_its_event_in_a_real_dlq(aws: LambdaAWS) -> None:
    url, arn = queue(aws, "orders-dlq")
    fn = LambdaFunction(fail, function_name="orders", dead_letter_queue=arn)
    result = fn.invoke({"order": 7}, invocation_type="Event")
    assert [a.outcome for a in result.attempts] == ["error"] * 3
    (message,) = receive(aws, url)
    assert json.loads(message["Body"]) == {"order": 7}
    assert message["MessageAttributes"] == {
        "RequestID": {"StringValue": result.request_id, "DataType": "String"},
        "ErrorCode": {"StringValue": "200", "DataType": "Number"},
        "ErrorMessage": {"StringValue": "payment service down", "DataType": "String"},
    }
    assert fn.dead_letters == list(result.dead_letters)  # the in-memory copy is kept too


def test_the_default_dlq_is_delivered_when_that_queue_exists(aws: LambdaAWS) -> None:
    url, _ = queue(aws, "orders-dlq")
    result = LambdaFunction(fail, function_name="orders").invoke({"order": 1}, invocation_type="Event")
    (message,) = receive(aws, url)
    assert message["MessageAttributes"]["RequestID"]["StringValue"] == result.request_id


def test_the_default_dlq_stays_in_memory_when_no_such_queue_exists(aws: LambdaAWS) -> None:
    fn = LambdaFunction(fail, function_name="orders")
    result = fn.invoke({"order": 1}, invocation_type="Event")
    assert result.dead_letters[0].target_arn == "arn:aws:sqs:us-east-1:123456789012:orders-dlq"
    assert aws.client("sqs").list_queues().get("QueueUrls", []) == []


def test_an_explicit_dlq_that_does_not_exist_is_named(aws: LambdaAWS) -> None:
    arn = "arn:aws:sqs:us-east-1:123456789012:missing-dlq"
    fn = LambdaFunction(fail, dead_letter_queue=arn)
    with pytest.raises(AWSResourceNotFoundError, match=f"SQS queue {re.escape(arn)} does not exist in moto"):
        fn.invoke({}, invocation_type="Event")
    assert fn.dead_letters[0].target_arn == arn


def test_a_dlq_topic_publishes_the_event_with_the_attributes(aws: LambdaAWS) -> None:
    topic = aws.client("sns").create_topic(Name="failed-orders")["TopicArn"]
    url, queue_arn = queue(aws, "topic-copy")
    aws.client("sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    result = LambdaFunction(fail, dead_letter_queue=topic).invoke({"order": 2}, invocation_type="Event")
    envelope = json.loads(receive(aws, url)[0]["Body"])
    assert envelope["TopicArn"] == topic
    assert json.loads(envelope["Message"]) == {"order": 2}
    assert envelope["MessageAttributes"]["RequestID"] == {"Type": "String", "Value": result.request_id}
    assert envelope["MessageAttributes"]["ErrorCode"] == {"Type": "Number", "Value": "200"}


def test_a_missing_topic_is_named(aws: LambdaAWS) -> None:
    topic = "arn:aws:sns:us-east-1:123456789012:nobody"
    with pytest.raises(AWSResourceNotFoundError, match=f"SNS topic {topic} does not exist in moto"):
        LambdaFunction(fail, dead_letter_queue=topic).invoke({}, invocation_type="Event")


def test_destination_records_reach_queues_and_topics(aws: LambdaAWS) -> None:
    ok_url, ok_arn = queue(aws, "successes")
    topic = aws.client("sns").create_topic(Name="failures")["TopicArn"]
    copy_url, copy_arn = queue(aws, "failure-copy")
    aws.client("sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=copy_arn)
    fn = LambdaFunction(succeed, on_success=ok_arn, on_failure=topic, function_name="pay")
    fn.invoke({"order": 3}, invocation_type="Event")
    record = json.loads(receive(aws, ok_url)[0]["Body"])
    assert record == fn.destination_records[0].record
    assert record["requestContext"]["condition"] == "Success"
    assert record["requestContext"]["functionArn"] == "arn:aws:lambda:us-east-1:123456789012:function:pay:$LATEST"
    assert record["responsePayload"] == {"paid": 3}
    fn.handler = fail
    fn.reset()
    fn.invoke({"order": 4}, invocation_type="Event")
    failure = json.loads(json.loads(receive(aws, copy_url)[0]["Body"])["Message"])
    assert failure["requestContext"]["condition"] == "RetriesExhausted"
    assert failure["responseContext"]["functionError"] == "Unhandled"


def test_an_eventbridge_destination_gets_lambda_s_event(aws: LambdaAWS) -> None:
    events = aws.client("events")
    bus = events.create_event_bus(Name="results")["EventBusArn"]
    url, queue_arn = queue(aws, "bus-copy")
    events.put_rule(Name="all", EventBusName="results", EventPattern=json.dumps({"source": ["lambda"]}))
    events.put_targets(Rule="all", EventBusName="results", Targets=[{"Id": "q", "Arn": queue_arn}])
    fn = LambdaFunction(fail, on_failure=bus, max_retry_attempts=0, function_name="pay", alias="live")
    fn.invoke({"order": 5}, invocation_type="Event")
    event = json.loads(receive(aws, url)[0]["Body"])
    assert event["source"] == "lambda"
    assert event["detail-type"] == "Lambda Function Invocation Result - Failure"
    assert event["resources"] == [bus, "arn:aws:lambda:us-east-1:123456789012:function:pay:live"]
    assert event["detail"] == fn.destination_records[0].record
    fn.handler = succeed
    fn.on_failure, fn.on_success = None, bus
    fn.reset()
    fn.invoke({"order": 6}, invocation_type="Event")
    assert json.loads(receive(aws, url)[0]["Body"])["detail-type"] == "Lambda Function Invocation Result - Success"


def test_a_missing_event_bus_is_named(aws: LambdaAWS) -> None:
    bus = "arn:aws:events:us-east-1:123456789012:event-bus/ghost"
    with pytest.raises(AWSResourceNotFoundError, match=f"EventBridge event bus {bus} does not exist"):
        LambdaFunction(succeed, on_success=bus).invoke({"order": 1}, invocation_type="Event")


def test_an_s3_failure_destination_gets_an_object_under_lambda_s_key(aws: LambdaAWS) -> None:
    aws.client("s3").create_bucket(Bucket="failed-invocations")
    fn = LambdaFunction(fail, on_failure="arn:aws:s3:::failed-invocations", function_name="pay")
    fn.invoke({"order": 8}, invocation_type="Event")
    (obj,) = aws.client("s3").list_objects_v2(Bucket="failed-invocations")["Contents"]
    stamp = fn.destination_records[0].record["timestamp"]
    pattern = (
        rf"aws/lambda/async/pay/{stamp[:4]}/{stamp[5:7]}/{stamp[8:10]}/"
        rf"{stamp[:10]}T{stamp[11:13]}\.{stamp[14:16]}\.{stamp[17:19]}-[0-9a-f-]{{36}}"
    )
    assert re.fullmatch(pattern, obj["Key"])
    body = aws.client("s3").get_object(Bucket="failed-invocations", Key=obj["Key"])["Body"].read()
    assert json.loads(body) == fn.destination_records[0].record


def test_a_missing_bucket_is_named(aws: LambdaAWS) -> None:
    with pytest.raises(AWSResourceNotFoundError, match=r"S3 bucket arn:aws:s3:::nope does not exist"):
        LambdaFunction(fail, on_failure="arn:aws:s3:::nope", max_retry_attempts=0).invoke({}, invocation_type="Event")


def test_a_lambda_destination_is_refused_with_the_record_kept(aws: LambdaAWS) -> None:
    target = "arn:aws:lambda:us-east-1:123456789012:function:next"
    fn = LambdaFunction(succeed, on_success=target)
    with pytest.raises(UnsupportedDestinationError, match=r"cannot deliver the invocation record to .*function:next"):
        fn.invoke({"order": 1}, invocation_type="Event")
    assert fn.destination_records[0].destination_arn == target


def test_nothing_is_delivered_when_moto_is_not_running() -> None:
    fn = LambdaFunction(fail, dead_letter_queue="arn:aws:sqs:us-east-1:123456789012:never-made")
    result = fn.invoke({}, invocation_type="Event")  # would raise if it tried moto
    assert len(result.dead_letters) == 1


def test_the_senders_used_directly(aws: LambdaAWS) -> None:
    url, arn = queue(aws, "direct")
    letter = DeadLetter(arn, '{"a": 1}', {"RequestID": {"DataType": "String", "StringValue": "r-1"}})
    message_id = send_dead_letter(letter)
    assert receive(aws, url)[0]["MessageId"] == message_id
    ghost = DeadLetter(arn + "-ghost", "{}", {})
    assert send_dead_letter(ghost, missing_ok=True) is None
    record = DestinationRecord(
        arn, {"requestContext": {"functionArn": "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST"}}
    )
    assert receive(aws, url) == []  # the dead letter above is in flight
    assert send_destination_record(record)


def test_deliver_sends_a_function_s_letters_to_moto(aws: LambdaAWS) -> None:
    url, _ = queue(aws, "orders-dlq")
    fn = LambdaFunction(fail, function_name="orders")
    letter = DeadLetter(fn.dead_letter_queue or "", '{"order": 2}', {})
    delivery.deliver(fn, [letter], [])  # the default queue: delivered, as it exists
    assert [json.loads(m["Body"]) for m in receive(aws, url)] == [{"order": 2}]


def test_other_errors_pass_through(aws: LambdaAWS, monkeypatch: pytest.MonkeyPatch) -> None:
    from botocore.exceptions import ClientError

    from pytest_lambda.aws import delivery

    class Failing:
        def __getattr__(self, name: str) -> Any:
            def call(**kwargs: Any) -> Any:
                raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, name)

            return call

    monkeypatch.setattr(delivery, "_client", lambda *args: Failing())
    arn = "arn:aws:sqs:us-east-1:123456789012:q"
    for letter_arn in (arn, "arn:aws:sns:us-east-1:123456789012:t"):
        with pytest.raises(ClientError, match="AccessDenied"):
            send_dead_letter(DeadLetter(letter_arn, "{}", {}))
    record = {"requestContext": {"functionArn": "arn:aws:lambda:us-east-1:123456789012:function:f:1"}}
    for target in ("arn:aws:events:us-east-1:123456789012:event-bus/b", "arn:aws:s3:::b"):
        with pytest.raises(ClientError, match="AccessDenied"):
            send_destination_record(DestinationRecord(target, {**record, "timestamp": "2024-01-01T00:00:00.000Z"}))


def test_a_refused_event_is_reported(aws: LambdaAWS, monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_lambda.aws import delivery
    from pytest_lambda.errors import PytestLambdaError

    bus = aws.client("events").create_event_bus(Name="b")["EventBusArn"]
    events = delivery._client("events", "us-east-1", "123456789012")
    monkeypatch.setattr(
        events, "put_events", lambda **kw: {"FailedEntryCount": 1, "Entries": [{"ErrorCode": "Throttled"}]}
    )
    record = {"requestContext": {"functionArn": "f", "condition": "Success"}}
    with pytest.raises(PytestLambdaError, match=r"moto refused the event for .*Throttled"):
        send_destination_record(DestinationRecord(bus, record))
