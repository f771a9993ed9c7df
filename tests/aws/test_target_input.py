"""Rule target inputs: ``Input``, ``InputPath`` and ``InputTransformer`` (eb-transform-target-input.html)."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_lambda.aws import TemplateError
from pytest_lambda.aws._target_input import rule_input, scheduler_input

# The EC2 event of eb-transform-target-input.html's examples.
EVENT: dict[str, Any] = {
    "version": "0",
    "id": "7bf73129-1428-4cd3-a780-95db273d1602",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "123456789012",
    "time": "2015-11-11T21:29:54Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
    "detail": {"instance-id": "i-0123456789", "state": "RUNNING", "tags": {"a": 1}, "count": 3},
}
PATHS = {"instance": "$.detail.instance-id", "state": "$.detail.state", "tags": "$.detail.tags", "n": "$.detail.count"}


def transform(template: str, paths: dict[str, str] = PATHS) -> Any:
    target = {"InputTransformer": {"InputPathsMap": paths, "InputTemplate": template}}
    return rule_input(target, EVENT, rule_arn="arn:rule", rule_name="rule", where="R.Targets[0]")


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # The page's examples: a string template in quotes, and JSON with variables in and out of quotes.
        ('"instance <instance> is in <state>"', "instance i-0123456789 is in RUNNING"),
        ('{"instance": <instance>, "state": [9, <state>]}', {"instance": "i-0123456789", "state": [9, "RUNNING"]}),
        ('"<instance> is in state \\"<state>\\""', 'i-0123456789 is in state "RUNNING"'),
        ('{"n": <n>, "text": "<n> of <tags>"}', {"n": 3, "text": "3 of {a: 1}"}),  # internal quotes removed
        ('{"tags": <tags>, "rule": "<aws.events.rule-name>"}', {"tags": {"a": 1}, "rule": "rule"}),
        ('{"all": <aws.events.event.json>}', {"all": EVENT}),
        ('{"at": "<aws.events.event.ingestion-time>", "x": "<unknown>"}', {"at": EVENT["time"], "x": "<unknown>"}),
    ],
)
def test_input_templates(template: str, expected: Any) -> None:
    assert transform(template) == expected


def test_a_path_that_names_nothing_makes_no_variable() -> None:
    assert transform('"[<gone>]"', {"gone": "$.detail.nothing"}) == "[]"
    assert transform('"[<gone>]"', {"gone": "$.resources[3]"}) == "[]"
    assert transform('"[<gone>]"', {"gone": "$.source.deeper"}) == "[]"


def test_input_and_input_path() -> None:
    assert rule_input({"Input": '{"fixed": 1}'}, EVENT, rule_arn="a", rule_name="n", where="R") == {"fixed": 1}
    assert rule_input({"InputPath": "$.detail.state"}, EVENT, rule_arn="a", rule_name="n", where="R") == "RUNNING"
    assert rule_input({"InputPath": "$"}, EVENT, rule_arn="a", rule_name="n", where="R") == EVENT
    assert rule_input({"InputPath": "$.nothing"}, EVENT, rule_arn="a", rule_name="n", where="R") is None
    assert rule_input({}, EVENT, rule_arn="a", rule_name="n", where="R") == EVENT


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ({"InputTransformer": {"InputTemplate": "<instance> is up"}}, "is not JSON, and a Lambda function's payload"),
        ({"Input": "plain"}, "R.Input: the target's input 'plain' is not JSON"),
        ({"InputPath": "detail"}, "R.InputPath: 'detail' is not a JSON path"),
        ({"InputPath": "$.detail[*]"}, "only dot notation and \\[index\\] steps are simulated"),
        (
            {"InputTransformer": {"InputPathsMap": {"aws.x": "$.id"}, "InputTemplate": "1"}},
            "'aws.x': names starting with aws. are reserved",
        ),
    ],
)
def test_bad_inputs_name_the_fix(target: dict[str, Any], message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        rule_input(target, EVENT, rule_arn="a", rule_name="n", where="R")


def test_scheduler_input_fills_context_attributes() -> None:
    attributes = {"aws.scheduler.attempt-number": "1"}
    assert scheduler_input('{"n": <aws.scheduler.attempt-number>, "k": "<key>"}', attributes, None, "S") == {
        "n": 1,
        "k": "<key>",
    }
    assert scheduler_input(None, attributes, {"default": True}, "S") == {"default": True}
