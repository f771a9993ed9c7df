"""Scheduled rules: EventBridge's rate and cron expressions, fired by ``stack.advance`` on the virtual clock."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

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
        ("cron(61 12 * * ? *)", "'61' is not a minutes value \\(0-59; wildcards , - \\* /\\)"),
        ("cron(0 L * * ? *)", "'L': hours takes the wildcards , - \\* /, not L"),
        ("cron(0 12 ? * LW *)", "'LW': day-of-week takes the wildcards , - \\* \\? L #, not L W"),
        ("cron(0 12 3#1 * ? *)", "'3#1': day-of-month takes the wildcards , - \\* \\? / L W, not #"),
        ("cron(0 12 ? * 2/2 *)", "'2/2': day-of-week takes the wildcards , - \\* \\? L #, not /"),
        ("cron(0 12 L-3 * ? *)", "'L-3': day-of-month's L, W and # stand alone in the field"),
        ("cron(0 12 1,15W * ? *)", "'1,15W': day-of-month's L, W and # stand alone"),
        ("cron(0 12 ? * 3#1,6#3 *)", "'3#1,6#3': day-of-week's L, W and # stand alone"),
        ("cron(0 12 ? * 3#6 *)", "'3#6': the day-of-week after '#' is the week of the month, 1-5"),
        ("cron(0 12 ? * 8#1 *)", "'8#1' is not a day-of-week value \\(1-7, SUN/MON/TUE/WED/THU/FRI/SAT"),
        ("cron(0 12 W * ? *)", "'W' is not a day-of-month value \\(1-31"),
        ("cron(0 12 32W * ? *)", "'32W' is not a day-of-month value \\(1-31"),
        ("cron(0 12 3L * ? *)", "'3L' is not a day-of-month value: L, LW, 3W, or 1-31"),
        ("cron(0 12 ? * L5 *)", "'L5' is not a day-of-week value: L, 5L, 3#2, or 1-7/SUN-SAT"),
        (
            "at(2026-12-24T18:00:00)",
            "is not a schedule expression: rate\\(5 minutes\\) or cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\n",
        ),
    ],
)
def test_bad_expressions_name_the_fix(expression: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        Schedule(expression, "Rule")


@pytest.mark.parametrize(
    ("expression", "start", "expected"),
    [
        # L: the month's last day; LW: its last weekday (May 2026 ends on a Sunday).
        ("cron(0 12 L * ? *)", (2026, 5, 1), [(2026, 5, 31), (2026, 6, 30)]),
        ("cron(0 12 LW * ? *)", (2026, 5, 1), [(2026, 5, 29), (2026, 6, 30)]),
        # nW: the nearest weekday, never in another month: Saturday 1 Aug 2026 -> Monday the 3rd,
        # Sunday 31 May 2026 -> Friday the 29th, Saturday 15 Aug -> Friday the 14th.
        ("cron(0 12 1W * ? *)", (2026, 7, 15), [(2026, 8, 3), (2026, 9, 1)]),
        ("cron(0 12 31W * ? *)", (2026, 5, 1), [(2026, 5, 29), (2026, 7, 31)]),
        ("cron(0 12 15w * ? *)", (2026, 8, 1), [(2026, 8, 14), (2026, 9, 15)]),
        # Day-of-week: L is Saturday, 5L the last Thursday, 6#5 a fifth Friday (none in June 2026).
        ("cron(0 12 ? * L *)", (2026, 12, 7), [(2026, 12, 12), (2026, 12, 19), (2026, 12, 26), (2027, 1, 2)]),
        ("cron(0 12 ? * 5L *)", (2026, 12, 7), [(2026, 12, 31)]),
        ("cron(0 12 ? * thuL *)", (2026, 12, 7), [(2026, 12, 31)]),
        ("cron(0 12 ? * FRI#5 *)", (2026, 5, 1), [(2026, 5, 29), (2026, 7, 31)]),
        ("cron(0 12 ? * 3#2 *)", (2026, 12, 1), [(2026, 12, 8)]),
        # Names that contain L or W are names.
        ("cron(0 12 ? JUL WED 2026)", (2026, 7, 20), [(2026, 7, 22), (2026, 7, 29)]),
    ],
)
def test_last_weekday_and_nth(
    expression: str, start: tuple[int, int, int], expected: list[tuple[int, int, int]]
) -> None:
    after = ms(*start)
    window = list(Schedule(expression, "Rule").times(after, after, after + 100 * 86400_000))
    assert window[: len(expected)] == [ms(*day, 12, 0) for day in expected]


def test_a_scheduler_cron_runs_in_its_zone_through_daylight_saving() -> None:
    new_york = ZoneInfo("America/New_York")
    # 2:30 does not exist on 8 March 2026 (clocks go 2:00 -> 3:00): that day does not fire.
    spring = Schedule("cron(30 2 * * ? *)", "Schedule", zone=new_york, scheduler=True)
    assert list(spring.times(0, ms(2026, 3, 7), ms(2026, 3, 10))) == [ms(2026, 3, 7, 7, 30), ms(2026, 3, 9, 6, 30)]
    # 1:30 happens twice on 1 November 2026: it fires once, at the first (EDT).
    autumn = Schedule("cron(30 1 * * ? *)", "Schedule", zone=new_york, scheduler=True)
    fired = list(autumn.times(0, ms(2026, 11, 1), ms(2026, 11, 2, 12)))
    assert fired == [ms(2026, 11, 1, 5, 30), ms(2026, 11, 2, 6, 30)]


def test_a_one_time_schedule_fires_once_in_its_zone() -> None:
    paris = ZoneInfo("Europe/Paris")
    once = Schedule("at(2026-12-24T18:00:00)", "Schedule", zone=paris, scheduler=True)
    assert list(once.times(0, ms(2026, 12, 1), ms(2027, 1, 1))) == [ms(2026, 12, 24, 17, 0)]
    assert list(once.times(0, ms(2026, 12, 24, 17, 0), ms(2027, 1, 1))) == []
    # A time daylight saving skips is not fired, as for cron.
    skipped = Schedule("at(2026-03-29T02:30:00)", "Schedule", zone=paris, scheduler=True)
    assert list(skipped.times(0, ms(2026, 3, 1), ms(2026, 4, 1))) == []
    with pytest.raises(TemplateError, match="'at\\(2026-02-30T10:00:00\\)' is not a date and time"):
        Schedule("at(2026-02-30T10:00:00)", "Schedule", scheduler=True)
    with pytest.raises(TemplateError, match="or at\\(2026-12-24T18:00:00\\)"):
        Schedule("at(2026-12-24)", "Schedule", scheduler=True)


def test_a_scheduler_rate_fires_at_its_start() -> None:
    start = ms(2026, 12, 7, 9, 30)
    rate = Schedule("rate(2 hours)", "Schedule", scheduler=True)
    assert list(rate.times(start, start - 1, start + 4 * 3600_000)) == [start, start + 7200_000, start + 14400_000]


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
    assert [f.event for f in later if f.rule == "Elsewhere"] == ["x"]  # its InputTemplate '"x"': a JSON string
    assert "HourlyFunctionPaused" not in {f.rule for f in fired + later}


@pytest.mark.usefixtures("monday")
def test_rules_that_are_not_simulated_are_listed(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SCHEDULES, parameters=HERE)
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    assert ("HourlyFunctionOnOrder", "AWS::Events::Rule") not in listed  # simulated: test_stack_events.py
    assert listed[("Elsewhere", "Targets[0]")] == "its target is not a function of the template"
    assert ("Elsewhere", "Targets[1].InputTransformer") not in listed  # simulated: test_rule_target_inputs
    assert stack.physical_id("Elsewhere") == "elsewhere-rule"
    assert "  scheduled Elsewhere (AWS::Events::Rule): elsewhere-rule" in stack.summary()
