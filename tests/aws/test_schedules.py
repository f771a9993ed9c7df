"""Scheduled rules: EventBridge's rate and cron expressions, fired by ``stack.advance`` on the virtual clock."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import time_machine

from pytest_lambda.aws import LambdaAWS, Stack, TemplateError
from pytest_lambda.aws.schedules import Schedule

from ._templates import HERE, TEMPLATES

SCHEDULES = TEMPLATES / "schedules" / "template.yaml"
# A Monday, 09:30 UTC.
MONDAY = datetime(2026, 12, 7, 9, 30, tzinfo=timezone.utc)


def ms(*args: int) -> int:
    return int(datetime(*args, tzinfo=timezone.utc).timestamp() * 1000)  # type: ignore[misc]


def test_a_rate_fires_each_period_after_creation() -> None:
    hourly = Schedule("rate(1 hour)", "Rule")
    start = ms(2026, 12, 7, 9, 30)
    assert list(hourly.times(start, start, start + 3 * 3600_000)) == [start + n * 3600_000 for n in (1, 2, 3)]
    # Resumed later: only the firings after the last look.
    assert list(hourly.times(start, start + 3600_000, start + 7200_000 - 1)) == []
    assert list(Schedule("rate(2 days)", "Rule").times(start, start, start + 5 * 86400_000)) == [
        start + 2 * 86400_000,
        start + 4 * 86400_000,
    ]
    assert list(Schedule("rate(1 minute)", "Rule").times(start, start - 600_000, start + 60_000)) == [start + 60_000]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("cron(0 12 ? * MON-FRI *)", [ms(2026, 12, 7, 12, 0)]),
        ("cron(15,45 10 * * ? *)", [ms(2026, 12, 7, 10, 15), ms(2026, 12, 7, 10, 45), ms(2026, 12, 8, 10, 15)]),
        (
            "cron(0/20 10 * * ? 2026)",
            [ms(2026, 12, 7, 10, m) for m in (0, 20, 40)] + [ms(2026, 12, 8, 10, m) for m in (0, 20)],
        ),
        ("cron(0 9 8 DEC ? *)", [ms(2026, 12, 8, 9, 0)]),
        ("cron(0 10-11 ? * 2 *)", [ms(2026, 12, 7, 10, 0), ms(2026, 12, 7, 11, 0)]),
        ("cron(0 0 ? * SUN *)", []),
    ],
)
def test_cron_fields(expression: str, expected: list[int]) -> None:
    start = ms(2026, 12, 7, 9, 30)
    firings = list(Schedule(expression, "Rule").times(start, start, ms(2026, 12, 8, 10, 30)))
    assert firings == expected


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("rate(1 hours)", "the unit singular only for 1"),
        ("rate(5 minute)", "the unit singular only for 1"),
        ("rate(0 minutes)", "the value must be positive"),
        ("every hour", "is not a schedule expression: rate\\(5 minutes\\) or cron"),
        ("cron(0 12 * *)", "needs six fields"),
        ("cron(0 12 * * * *)", "one of day-of-month and day-of-week must be '\\?'"),
        ("cron(0 12 ? * ? *)", "one of day-of-month and day-of-week must be '\\?'"),
        ("cron(? 12 * * ? *)", "'\\?' is only for day-of-month or day-of-week, not minutes"),
        ("cron(0 12 L * ? *)", "'L' is not a day-of-month value \\(1-31\\); L, W and # are not supported"),
        ("cron(0 12 ? * 6#3 *)", "is not a day-of-week value \\(1-7, SUN/MON/TUE/WED/THU/FRI/SAT\\)"),
        ("cron(61 12 * * ? *)", "'61' is not a minutes value"),
    ],
)
def test_bad_expressions_name_the_fix(expression: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        Schedule(expression, "Rule")


@pytest.fixture
def monday() -> object:
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.mark.usefixtures("monday")
def test_the_stack_fires_its_schedules_on_its_clock(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SCHEDULES, parameters=HERE)
    fired = stack.advance(hours=3)
    assert [(f.rule, f.function) for f in fired] == [
        ("HourlyFunctionHourly", "HourlyFunction"),
        ("HourlyFunctionHourly", "HourlyFunction"),
        ("ReportFunctionNoon", "ReportFunction"),
        ("HourlyFunctionHourly", "HourlyFunction"),
    ]
    first = fired[0]
    assert first.time_ms == ms(2026, 12, 7, 10, 30)
    assert first.event["detail-type"] == "Scheduled Event"
    assert first.event["source"] == "aws.events"
    assert first.event["time"] == "2026-12-07T10:30:00Z"
    rule = stack.physical_id("HourlyFunctionHourly")
    assert first.event["resources"] == [f"arn:aws:events:us-east-1:123456789012:rule/{rule}"]
    assert (first.result.status_code, first.result.attempts[0].outcome) == (202, "success")
    assert fired[2].event == {"report": "daily"}  # the target's Input
    assert stack.clock.now_ms() == ms(2026, 12, 7, 12, 30)
    assert datetime.now(tz=timezone.utc) == MONDAY.replace(hour=12)  # the fake clock moved along
    # The next day: the rate goes on where it was; the disabled rule never fired.
    later = stack.advance(days=1)
    assert len([f for f in later if f.rule == "HourlyFunctionHourly"]) == 24
    assert {f.rule for f in later} == {"HourlyFunctionHourly", "ReportFunctionNoon", "Elsewhere"}
    assert "HourlyFunctionPaused" not in {f.rule for f in fired + later}


@pytest.mark.usefixtures("monday")
def test_rules_that_are_not_simulated_are_listed(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SCHEDULES, parameters=HERE)
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    assert listed[("HourlyFunctionOnOrder", "AWS::Events::Rule")].startswith("event pattern rules are not simulated")
    assert listed[("Elsewhere", "Targets[0]")] == "its target is not a function of the template"
    assert listed[("Elsewhere", "Targets[1].InputTransformer")] == "the scheduled event is sent as it is"
    assert stack.physical_id("Elsewhere") == "elsewhere-rule"
    assert "  scheduled Elsewhere (AWS::Events::Rule): elsewhere-rule" in stack.summary()
