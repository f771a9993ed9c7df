"""Recursive loops through a stack's SQS mappings, S3 notifications and SNS subscriptions are stopped as
Lambda stops them (invocation-recursion.html)."""

from __future__ import annotations

import json

import pytest

from pytest_lambda.aws import LambdaAWS, NotificationLoopError, SQSEventSourceMapping, Stack, TemplateError

from ._templates import HERE, TEMPLATES

RECURSION = TEMPLATES / "recursion" / "template.yaml"


@pytest.fixture
def stack(lambda_aws: LambdaAWS) -> Stack:
    return Stack.from_template(RECURSION, parameters=HERE)


def send(lambda_aws: LambdaAWS, url: str, body: object) -> None:
    lambda_aws.client("sqs").send_message(QueueUrl=url, MessageBody=json.dumps(body))


def bodies(lambda_aws: LambdaAWS, url: str) -> list[object]:
    received = lambda_aws.client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    return [json.loads(message["Body"]) for message in received.get("Messages", [])]


def test_a_function_feeding_its_own_queue_is_stopped_after_16_invocations(stack: Stack, lambda_aws: LambdaAWS) -> None:
    send(lambda_aws, stack.physical_id("LoopQueue"), {"order": 1})

    drained = stack.drain()

    # Invoked 16 times in the chain; the 17th is stopped and the message goes to the queue's DLQ.
    assert len(drained["LoopFunctionLoop"]) == 16
    mapping = stack.mappings["LoopFunctionLoop"]
    assert isinstance(mapping, SQSEventSourceMapping)
    assert len(mapping.stopped_loops) == 1
    assert bodies(lambda_aws, stack.physical_id("LoopDLQ")) == [{"order": 1}]
    assert bodies(lambda_aws, stack.physical_id("LoopQueue")) == []
    # A new message from outside starts a new chain.
    send(lambda_aws, stack.physical_id("LoopQueue"), {"order": 2})
    assert len(stack.drain()["LoopFunctionLoop"]) == 16


def test_a_loop_of_two_functions_is_one_chain_and_dropped_without_a_dlq(stack: Stack, lambda_aws: LambdaAWS) -> None:
    send(lambda_aws, stack.physical_id("PingQueue"), "ball")

    drained = stack.drain()

    assert (len(drained["PingFunctionPing"]), len(drained["PongFunctionPong"])) == (8, 8)
    ping = stack.mappings["PingFunctionPing"]
    assert isinstance(ping, SQSEventSourceMapping)
    assert len(ping.stopped_loops) == 1
    # Neither queue has a dead-letter queue: the stopped message is dropped.
    assert bodies(lambda_aws, stack.physical_id("PingQueue")) == []
    assert bodies(lambda_aws, stack.physical_id("PongQueue")) == []


def test_recursive_loop_allow_lets_the_chain_go_on(stack: Stack, lambda_aws: LambdaAWS) -> None:
    send(lambda_aws, stack.physical_id("CounterQueue"), {"n": 1})
    drained = stack.drain()
    assert [json.loads(batch.event["Records"][0]["body"])["n"] for batch in drained["CounterFunctionCount"]] == list(
        range(1, 31)
    )
    counter = stack.mappings["CounterFunctionCount"]
    assert isinstance(counter, SQSEventSourceMapping)
    assert counter.stopped_loops == []


def test_terminate_stops_the_counter_too(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(RECURSION, parameters={**HERE, "CounterLoop": "Terminate"})
    send(lambda_aws, stack.physical_id("CounterQueue"), {"n": 1})
    assert len(stack.drain()["CounterFunctionCount"]) == 16


def test_a_bad_recursive_loop_setting_names_the_choices(lambda_aws: LambdaAWS) -> None:
    with pytest.raises(TemplateError, match=r"CounterFunction: RecursiveLoop 'Sometimes' is not one of \['Allow', "):
        Stack.from_template(RECURSION, parameters={**HERE, "CounterLoop": "Sometimes"})


def test_a_stopped_message_reaches_the_dead_letter_queue_with_its_attributes(
    stack: Stack, lambda_aws: LambdaAWS
) -> None:
    sqs = lambda_aws.client("sqs")
    kind = {"DataType": "String", "StringValue": "order"}
    blob = {"DataType": "Binary", "BinaryValue": b"\x00\x01"}
    attributes = {"kind": kind, "blob": blob}
    sqs.send_message(QueueUrl=stack.physical_id("LoopQueue"), MessageBody="{}", MessageAttributes=attributes)

    stack.drain()

    # SQS's redrive keeps a message's attributes (sqs-dead-letter-queues.html).
    received = sqs.receive_message(QueueUrl=stack.physical_id("LoopDLQ"), MessageAttributeNames=["All"])
    (message,) = received["Messages"]
    assert (message["Body"], message["MessageAttributes"]) == ("{}", attributes)
    (stopped,) = stack.stopped_loops
    assert (stopped.function, stopped.source) == ("LoopFunction", "LoopFunctionLoop")
    assert stopped.event["messageAttributes"]["kind"]["stringValue"] == "order"
    assert (stopped.dead_letters, stopped.destination_records) == ((), ())


# -- through S3, SNS, and across services -------------------------------------------------------------

LOOPS = TEMPLATES / "loops" / "template.yaml"


@pytest.fixture
def loops(lambda_aws: LambdaAWS) -> Stack:
    return Stack.from_template(LOOPS, parameters=HERE)


def calls(stack: Stack, function: str) -> list[str]:
    module = stack.function(function).module
    return [] if module is None else list(module.CALLS)


def test_a_function_writing_to_its_own_bucket_is_stopped_and_the_event_dead_lettered(
    loops: Stack, lambda_aws: LambdaAWS
) -> None:
    lambda_aws.client("s3").put_object(Bucket=loops.physical_id("CopyBucket"), Key="n0", Body=b"x")

    assert calls(loops, "CopyFunction") == [f"n{number}" for number in range(16)]
    (stopped,) = loops.stopped_loops
    assert (stopped.function, stopped.source) == ("CopyFunction", "CopyBucket")
    assert stopped.event["Records"][0]["s3"]["object"]["key"] == "n16"
    (letter,) = stopped.dead_letters
    assert letter.target_arn.endswith(":CopyDLQ") or "CopyDLQ" in letter.target_arn
    assert stack_letter_in_queue(lambda_aws, loops.physical_id("CopyDLQ")) == (
        stopped.event,
        {"ErrorCode": "400", "ErrorMessage": letter.error_message, "RequestID": letter.request_id},
    )
    assert "recursive loop" in letter.error_message
    assert len(loops.drain()["CopyBucket"]) == 16


def stack_letter_in_queue(lambda_aws: LambdaAWS, url: str) -> tuple[object, dict[str, str]]:
    (message,) = lambda_aws.client("sqs").receive_message(QueueUrl=url, MessageAttributeNames=["All"])["Messages"]
    attributes = {name: value["StringValue"] for name, value in message["MessageAttributes"].items()}
    return json.loads(message["Body"]), attributes


def test_a_function_publishing_to_its_own_topic_is_stopped_and_recorded_on_failure(
    loops: Stack, lambda_aws: LambdaAWS
) -> None:
    lambda_aws.client("sns").publish(TopicArn=loops.physical_id("Echo"), Message="hello")

    assert calls(loops, "EchoFunction") == ["hello"] * 16
    (stopped,) = loops.stopped_loops
    assert (stopped.function, stopped.source, stopped.dead_letters) == ("EchoFunction", "EchoFunctionHeard", ())
    (record,) = stopped.destination_records
    (message,) = lambda_aws.client("sqs").receive_message(QueueUrl=loops.physical_id("EchoFailures"))["Messages"]
    sent = json.loads(message["Body"])
    assert sent == record.record
    assert sent["requestContext"]["condition"] == "RecursiveInvocationException"
    assert sent["requestPayload"]["Records"][0]["Sns"]["Message"] == "hello"
    assert sent["responsePayload"]["errorType"] == "RecursiveInvocationException"


def test_a_chain_through_sqs_s3_and_sns_is_one_lineage(loops: Stack, lambda_aws: LambdaAWS) -> None:
    send(lambda_aws, loops.physical_id("StartQueue"), "go")

    drained = loops.drain()

    # Start (1), Stored (2), Announced (3), Start (4) ... Start (16): the 17th, through S3, is stopped.
    assert (len(calls(loops, "StartFunction")), len(calls(loops, "StoredFunction"))) == (6, 5)
    assert len(calls(loops, "AnnouncedFunction")) == 5
    assert (len(drained["StartFunctionStarted"]), len(drained["ChainBucket"])) == (6, 5)
    assert len(drained["AnnouncedFunctionAnnounced"]) == 5
    (stopped,) = loops.stopped_loops
    assert (stopped.function, stopped.source) == ("StoredFunction", "ChainBucket")
    # A new message from the test starts a new chain.
    send(lambda_aws, loops.physical_id("StartQueue"), "again")
    loops.drain()
    assert len(calls(loops, "StartFunction")) == 12


def test_a_function_invoked_by_the_test_starts_a_chain_its_writes_follow(loops: Stack) -> None:
    copy = loops.function("CopyFunction")
    event = {"Records": [{"s3": {"object": {"key": "n0"}}}]}
    # Its write is delivered once the invocation returned; that is the chain's first invocation.
    assert copy.invoke(event).function_error is None
    assert len(calls(loops, "CopyFunction")) == 17
    assert len(loops.stopped_loops) == 1


def test_an_allowed_loop_through_s3_ends_with_an_error_not_a_recursion_error(
    loops: Stack, lambda_aws: LambdaAWS, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_lambda.aws import _notify

    monkeypatch.setattr(_notify, "CHAIN_LIMIT", 40)
    with pytest.raises(NotificationLoopError, match=r"RunawayBucket -> RunawayFunction: 40 invocations in one chain"):
        lambda_aws.client("s3").put_object(Bucket=loops.physical_id("RunawayBucket"), Key="n0", Body=b"x")
    assert len(calls(loops, "RunawayFunction")) == 40
    assert loops.stopped_loops == []
    # Nothing is left queued: the next write starts afresh.
    lambda_aws.client("s3").put_object(Bucket=loops.physical_id("CopyBucket"), Key="n0", Body=b"x")
    assert len(calls(loops, "CopyFunction")) == 16


def test_terminate_stops_the_runaway_too(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(LOOPS, parameters={**HERE, "RunawayLoop": "Terminate"})
    lambda_aws.client("s3").put_object(Bucket=stack.physical_id("RunawayBucket"), Key="n0", Body=b"x")
    assert len(calls(stack, "RunawayFunction")) == 16
    (stopped,) = stack.stopped_loops
    # No dead-letter queue nor destination: the event is dropped.
    assert (stopped.dead_letters, stopped.destination_records) == ((), ())


def test_two_writes_in_one_invocation_are_both_delivered_after_it(loops: Stack) -> None:
    store = loops.function("StartFunction")
    result = store.invoke({"Records": [{"body": "a"}, {"body": "b"}]})
    assert result.function_error is None
    # Both writes waited for the invocation to return, then each notified StoredFunction.
    assert calls(loops, "StoredFunction") == ["chain/item", "chain/item"]


def test_a_loop_that_keeps_deliveries_queued_ends_with_an_error(
    loops: Stack, lambda_aws: LambdaAWS, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_lambda.aws import _notify

    monkeypatch.setattr(_notify, "DELIVERY_LIMIT", 30)
    with pytest.raises(NotificationLoopError, match=r"30 S3 notifications and SNS deliveries followed one write"):
        lambda_aws.client("s3").put_object(Bucket=loops.physical_id("RunawayBucket"), Key="n0", Body=b"x")
    assert len(calls(loops, "RunawayFunction")) == 30
