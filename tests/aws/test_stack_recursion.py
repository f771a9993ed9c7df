"""Recursive loops through a stack's SQS mappings are stopped as Lambda stops them (invocation-recursion.html)."""

from __future__ import annotations

import json

import pytest

from pytest_lambda.aws import LambdaAWS, SQSEventSourceMapping, Stack, TemplateError

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
