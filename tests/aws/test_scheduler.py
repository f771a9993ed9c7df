"""EventBridge Scheduler schedules (SAM ``ScheduleV2``, ``AWS::Scheduler::Schedule``) and rule target inputs."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import time_machine

from pytest_lambda.aws import LambdaAWS, Stack, TemplateError
from pytest_lambda.aws.stack import Firing

from ._templates import HERE, TEMPLATES

SCHEDULER = TEMPLATES / "scheduler" / "template.yaml"
# A Monday, 09:30 UTC (10:30 in Paris).
MONDAY = datetime(2026, 12, 7, 9, 30, tzinfo=timezone.utc)


def ms(*args: int) -> int:
    return int(datetime(*args, tzinfo=timezone.utc).timestamp() * 1000)  # type: ignore[misc]


@pytest.fixture
def monday() -> object:
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


def of(fired: list[Firing], rule: str) -> list[tuple[int, Any]]:
    return [(f.time_ms, f.event) for f in fired if f.rule == rule]


@pytest.mark.usefixtures("monday")
def test_schedules_fire_in_time_order_with_their_inputs(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SCHEDULER, parameters=HERE)
    fired = stack.advance(hours=6)
    assert [f.time_ms for f in fired] == sorted(f.time_ms for f in fired)
    # A rate without StartDate starts at once, then every period; no Input: the default notification.
    every = of(fired, "TickFunctionEveryTwoHours")
    assert [at for at, _ in every] == [ms(2026, 12, 7, h, 30) for h in (9, 11, 13, 15)]
    arn = "arn:aws:scheduler:us-east-1:123456789012:schedule/default/TickFunctionEveryTwoHours"
    assert every[1][1] | {"id": "-"} == {
        "version": "0",
        "id": "-",
        "detail-type": "Scheduled Event",
        "source": "aws.scheduler",
        "account": "123456789012",
        "time": "2026-12-07T11:30:00Z",
        "region": "us-east-1",
        "resources": [arn],
        "detail": "{}",
    }
    # StartDate and EndDate: from 12:00, before 15:00.
    assert of(fired, "TickFunctionBounded") == [(ms(2026, 12, 7, h), {"bounded": True}) for h in (12, 13, 14)]
    # at() in its zone: 11:00 in Paris is 10:00 UTC; the context attribute is filled in.
    ((at, event),) = of(fired, "Once")
    assert at == ms(2026, 12, 7, 10)
    assert len(event["once"]) == 16
    # The disabled schedule fired nothing; Paris mornings come tomorrow.
    assert not of(fired, "TickFunctionPaused")
    assert not of(fired, "TickFunctionParisMornings")
    assert all(f.result.status_code == 202 for f in fired)  # invoked asynchronously (with-eventbridge-scheduler.html)


@pytest.mark.usefixtures("monday")
def test_a_cron_schedule_in_its_zone_with_context_attributes(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SCHEDULER, parameters=HERE)
    fired = of(stack.advance(days=7), "TickFunctionParisMornings")
    # 09:00 in Paris (UTC+1 in December), Monday to Friday: FLEXIBLE fires at the window's start.
    assert [at for at, _ in fired] == [ms(2026, 12, day, 8) for day in (8, 9, 10, 11, 14)]
    arn = "arn:aws:scheduler:us-east-1:123456789012:schedule/nightly/TickFunctionParisMornings"
    assert fired[0][1] == {"at": "2026-12-08T08:00:00Z", "arn": arn, "try": 1}


@pytest.mark.usefixtures("monday")
def test_schedules_live_in_moto_and_delete_after_completion(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SCHEDULER, parameters=HERE)
    scheduler = lambda_aws.client("scheduler")
    assert scheduler.get_schedule(Name="TickFunctionParisMornings", GroupName="nightly")["State"] == "ENABLED"
    assert scheduler.get_schedule(Name="once")["ActionAfterCompletion"] == "DELETE"
    assert stack.physical_id("Nightly") == "nightly"
    stack.advance(minutes=20)
    assert scheduler.get_schedule(Name="once")  # not yet fired
    stack.advance(minutes=20)
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException):
        scheduler.get_schedule(Name="once")
    assert not of(stack.advance(days=1), "Once")
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    assert listed[("Outside", "Target")] == "its target is not a function of the template"
    assert "  scheduled Once (AWS::Scheduler::Schedule): once" in stack.summary()


@pytest.mark.usefixtures("monday")
def test_rule_target_inputs(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SCHEDULER, parameters=HERE)
    path, text, document = [event for _, event in of(stack.advance(hours=1), "Inputs")]
    arn = "arn:aws:events:us-east-1:123456789012:rule/inputs"
    assert path == arn  # InputPath $.resources[0]
    assert text == "Scheduled Event from inputs"  # a quoted template: a JSON string
    assert document == {
        "kind": "Scheduled Event",
        "quoted": "Scheduled Event",
        "detail": {},
        "arn": arn,
        "event": {
            "version": "0",
            "id": document["event"]["id"],
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": "123456789012",
            "time": "2026-12-07T10:30:00Z",
            "region": "us-east-1",
            "resources": [arn],
        },
        "gone": "",
    }
    assert not [item for item in stack.not_simulated if item.logical_id == "Inputs"]


BAD = {
    "ScheduleExpressionTimezone: Mars/Olympus": "'Mars/Olympus' is not a zone: Europe/Paris",
    "ScheduleExpression: at(2026-12-07)": "or at\\(2026-12-24T18:00:00\\)",
    "FlexibleTimeWindow: {Mode: SOMETIMES}": "Mode: 'SOMETIMES' is not one of \\['OFF', 'FLEXIBLE'\\]",
    "FlexibleTimeWindow: {Mode: FLEXIBLE}": "FLEXIBLE needs MaximumWindowInMinutes 1-1440, got None",
    "ActionAfterCompletion: KEEP": "ActionAfterCompletion: 'KEEP' is not one of \\['NONE', 'DELETE'\\]",
    "StartDate: tomorrow": "StartDate: 'tomorrow' is not an ISO 8601 date and time",
    "Target: {Arn: !GetAtt F.Arn, RoleArn: r, RetryPolicy: {MaximumRetryAttempts: 186}}": (
        "Target.RetryPolicy.MaximumRetryAttempts: 186 is not in 0-185"
    ),
}


@pytest.mark.parametrize(("line", "message"), list(BAD.items()))
def test_bad_schedules_name_the_fix(tmp_path: Path, lambda_aws: LambdaAWS, line: str, message: str) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src/tick.py").write_text("def handler(event, context):\n    return event\n")
    properties = {
        "ScheduleExpression": "rate(1 hour)",
        "FlexibleTimeWindow": "{Mode: 'OFF'}",
        "Target": "{Arn: !GetAtt F.Arn, RoleArn: r}",
    }
    key, _, value = line.partition(": ")
    properties[key] = value
    body = "\n".join(f"      {name}: {text}" for name, text in properties.items())
    (tmp_path / "template.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n"
        f"  F:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        f"      CodeUri: src/\n      Handler: tick.handler\n      Runtime: {HERE['PythonRuntime']}\n"
        f"  S:\n    Type: AWS::Scheduler::Schedule\n    Properties:\n{body}\n"
    )
    with pytest.raises(TemplateError, match=message):
        Stack.from_template(tmp_path / "template.yaml")


def test_a_second_stack_of_the_template_needs_other_names(lambda_aws: LambdaAWS) -> None:
    Stack.from_template(SCHEDULER, parameters=HERE)
    with pytest.raises(TemplateError, match=r"moto refused it \(ConflictException: .*names are per account and region"):
        Stack.from_template(SCHEDULER, parameters=HERE, stack_name="again")
