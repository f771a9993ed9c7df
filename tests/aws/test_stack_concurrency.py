"""A template's ReservedConcurrentExecutions: the function throttles as Lambda throttles it."""

from __future__ import annotations

import json

import pytest

from pytest_lambda import TooManyRequestsError
from pytest_lambda.aws import LambdaAWS, Stack, TemplateError

from ._templates import HERE, TEMPLATES

TEMPLATE = TEMPLATES / "concurrency" / "template.yaml"


def test_reserved_concurrent_executions_is_the_function_s_reserved_concurrency(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(TEMPLATE, parameters=HERE)
    assert not [item for item in stack.not_simulated if item.what == "ReservedConcurrentExecutions"]
    off, limited = stack.function("OffFunction"), stack.function("LimitedFunction")
    # A String parameter's digits are the number they spell, as CloudFormation converts them.
    assert (off.reserved_concurrency, limited.reserved_concurrency) == (0, 2)
    assert stack.function_settings("LimitedFunction")["reserved_concurrency"] == 2
    with pytest.raises(TooManyRequestsError):
        off.invoke({"job": 1})
    assert limited.invoke({"job": 1}).payload == {"done": {"job": 1}}


def test_a_switched_off_function_s_events_go_where_the_template_says(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(TEMPLATE, parameters=HERE)
    sqs = lambda_aws.client("sqs")
    result = stack.function("OffFunction").invoke({"job": 2}, invocation_type="Event")
    assert result.attempts == ()
    (message,) = sqs.receive_message(QueueUrl=stack.physical_id("Failures")).get("Messages", [])
    record = json.loads(message["Body"])
    assert record["requestContext"]["condition"] == "ZeroReservedConcurrency"
    assert record["requestPayload"] == {"job": 2}
    # Its queue's messages come back until SQS moves them to the queue's dead-letter queue.
    sqs.send_message(QueueUrl=stack.physical_id("Jobs"), MessageBody="job 3")
    stack.drain()
    mapping = stack.mappings["OffFunctionFromJobs"]
    assert [batch.outcome for batch in mapping.batches] == ["throttled", "throttled"]
    dead = sqs.receive_message(QueueUrl=stack.physical_id("JobsDLQ")).get("Messages", [])
    assert [m["Body"] for m in dead] == ["job 3"]


@pytest.mark.parametrize(("value", "shown"), [("-1", "'-1'"), ("many", "'many'"), ("1.5", "'1.5'")])
def test_a_bad_reserved_concurrent_executions_names_the_function_and_the_value(
    lambda_aws: LambdaAWS, value: str, shown: str
) -> None:
    stack = Stack.from_template(TEMPLATE, parameters={**HERE, "Reserved": value})
    with pytest.raises(
        TemplateError, match=rf"LimitedFunction\.Properties\.ReservedConcurrentExecutions={shown} is not valid"
    ):
        stack.function("LimitedFunction")
