"""A template's event source mappings as pollers: SQS, DynamoDB Streams and Kinesis, drained together."""

from __future__ import annotations

import json

import pytest

from pytest_lambda.aws import (
    DynamoDBStreamEventSourceMapping,
    KinesisEventSourceMapping,
    LambdaAWS,
    SQSEventSourceMapping,
    Stack,
)
from pytest_lambda.aws.stack import DrainError

from ._templates import HERE, TEMPLATES

WIRING = TEMPLATES / "wiring" / "template.yaml"


@pytest.fixture
def stack(lambda_aws: LambdaAWS) -> Stack:
    return Stack.from_template(WIRING, parameters=HERE)


def test_mappings_take_the_templates_settings(stack: Stack) -> None:
    intake = stack.mappings["IntakeFunctionFromIncoming"]
    assert isinstance(intake, SQSEventSourceMapping)
    assert intake.filter is not None
    assert intake.filter.patterns == [{"body": {"kind": ["order"]}}]
    assert (intake.function, intake.batch_size, intake.report_batch_item_failures) == (
        stack.function("IntakeFunction"),
        2,
        True,
    )
    orders = stack.mappings["ShipperFunctionFromOrders"]
    assert isinstance(orders, DynamoDBStreamEventSourceMapping)
    assert orders.function is stack.function("ShipperFunction")
    assert (orders.batch_size, orders.maximum_retry_attempts, orders.bisect_batch_on_function_error) == (10, 1, True)
    assert orders.starting_position == "TRIM_HORIZON"
    assert orders.filter is not None
    assert orders.filter.patterns == [{"eventName": ["INSERT"]}]
    assert orders.destination_config is not None
    assert orders.destination_config.endswith(":" + stack.physical_id("StreamFailures").rsplit("/", 1)[1])
    clicks = stack.mappings["ClicksFunctionFromClicks"]
    assert isinstance(clicks, KinesisEventSourceMapping)
    assert (clicks.batch_size, clicks.starting_position) == (5, "LATEST")
    # FunctionName given as the function's ARN (Fn::GetAtt) finds the template's function too.
    assert stack.mappings["ByNameMapping"].function is stack.function("ClicksFunction")
    assert "PausedMapping" not in stack.mappings


def test_what_the_mappings_do_not_simulate_is_listed(stack: Stack) -> None:
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    assert listed[("BrokerMapping", "AWS::Lambda::EventSourceMapping")] == (
        "a source this library does not poll (it polls DynamoDB Streams, Kinesis, SQS)"
    )
    assert listed[("ForeignMapping", "AWS::Lambda::EventSourceMapping")] == (
        "its function is not a function of the template"
    )
    assert listed[("ByNameMapping", "ScalingConfig")] == "not simulated by the poller"
    assert not [what for _, what in listed if what == "FilterCriteria"]  # filters are applied
    assert ("PausedMapping", "AWS::Lambda::EventSourceMapping") not in listed


def test_drain_runs_the_chain_until_quiet(stack: Stack, lambda_aws: LambdaAWS) -> None:
    sqs = lambda_aws.client("sqs")
    for order in ("1", "2", "3"):
        sqs.send_message(QueueUrl=stack.physical_id("Incoming"), MessageBody=json.dumps({"kind": "order", "id": order}))
    bad = {"kind": "order", "id": "x", "bad": True}
    sqs.send_message(QueueUrl=stack.physical_id("Incoming"), MessageBody=json.dumps(bad))
    # The template's FilterCriteria ({"body": {"kind": ["order"]}}) deletes this one unseen.
    sqs.send_message(QueueUrl=stack.physical_id("Incoming"), MessageBody=json.dumps({"kind": "refund", "id": "r"}))
    kinesis = lambda_aws.client("kinesis")
    for _ in range(7):
        kinesis.put_record(StreamName=stack.physical_id("Clicks"), Data=b"{}", PartitionKey="p")

    drained = stack.drain()

    # Intake: batches of 2, the bad message failed twice and went to the queue's dead-letter queue.
    assert len(drained["IntakeFunctionFromIncoming"]) >= 2
    dead = sqs.receive_message(QueueUrl=stack.physical_id("IncomingDLQ"))["Messages"]
    assert [json.loads(message["Body"]) for message in dead] == [bad]
    # Its writes reached the table's stream, whose mapping shipped each order, in the same drain.
    shipped = sqs.receive_message(QueueUrl=stack.physical_id("Shipped"), MaxNumberOfMessages=10)["Messages"]
    assert sorted(message["Body"] for message in shipped) == ["1", "2", "3"]
    assert [len(batch.event["Records"]) for batch in drained["ClicksFunctionFromClicks"]] == [5, 2]
    assert drained["ByNameMapping"] == []
    assert stack.drain() == {logical: [] for logical in stack.mappings}


def test_a_message_that_always_fails_without_redrive_is_an_error(stack: Stack, lambda_aws: LambdaAWS) -> None:
    sqs = lambda_aws.client("sqs")
    sqs.set_queue_attributes(QueueUrl=stack.physical_id("Incoming"), Attributes={"RedrivePolicy": ""})
    body = json.dumps({"kind": "order", "id": "x", "bad": True})
    sqs.send_message(QueueUrl=stack.physical_id("Incoming"), MessageBody=body)
    with pytest.raises(DrainError, match="mapping IntakeFunctionFromIncoming still had work after 5 batches"):
        stack.drain(max_batches=5)


def test_a_loop_through_the_wiring_stops_after_max_rounds(stack: Stack, lambda_aws: LambdaAWS) -> None:
    # The shipper sends each order back to the intake queue: intake -> table -> stream -> intake...
    sqs = lambda_aws.client("sqs")
    incoming = stack.physical_id("Incoming")
    counter = iter(range(10**6))

    def ship_back(event: object, context: object) -> None:
        body = {"kind": "order", "id": f"again-{next(counter)}"}
        sqs.send_message(QueueUrl=incoming, MessageBody=json.dumps(body))

    stack.function("ShipperFunction").handler = ship_back
    sqs.send_message(QueueUrl=incoming, MessageBody=json.dumps({"kind": "order", "id": "seed"}))
    with pytest.raises(DrainError, match="the mappings still invoked functions after 3 rounds"):
        stack.drain(max_rounds=3)


def test_a_function_feeding_its_own_stream_exhausts_a_round(stack: Stack, lambda_aws: LambdaAWS) -> None:
    table = lambda_aws.resource("dynamodb").Table(stack.physical_id("Orders"))
    counter = iter(range(10**6))
    stack.function("ShipperFunction").handler = lambda event, context: table.put_item(Item={"id": str(next(counter))})
    table.put_item(Item={"id": "seed"})
    with pytest.raises(DrainError, match="mapping ShipperFunctionFromOrders still had work after 3 batches"):
        stack.drain(max_batches=3)
