"""A stack's schedules: scheduled ``AWS::Events::Rule``s and EventBridge Scheduler schedules.

Rules (SAM ``Schedule`` events): eb-run-lambda-schedule.html, UTC cron, a rate first fires one
period after the rule is created, the target gets the scheduled event or its input form
(``_target_input``). Schedules (``AWS::Scheduler::Schedule``, what SAM's ``ScheduleV2`` events
become; AWS::Scheduler::Schedule in the CloudFormation reference, schedule-types.html): ``rate``,
``cron`` and one-time ``at`` in ``ScheduleExpressionTimezone``, ``StartDate``/``EndDate``,
``State``, ``FlexibleTimeWindow``, ``ActionAfterCompletion``, in a schedule group (``default``
unless ``GroupName``). moto's CloudFormation makes neither, so groups and schedules are created
in moto through its Scheduler API (``get_schedule`` works in a test) and fired by ``stack.advance``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pytest_lambda.aws._not_simulated import NotSimulated
from pytest_lambda.aws._target_input import rule_input, scheduler_input
from pytest_lambda.aws.intrinsics import template_error
from pytest_lambda.aws.schedules import Schedule

if TYPE_CHECKING:
    from pytest_lambda.aws.stack import Stack
    from pytest_lambda.runtime import InvokeResult

__all__ = [
    "ScheduledTarget",
    "function_targets",
    "iso",
    "made_in_moto",
    "retire",
    "rule_arn",
    "scheduled_rule_targets",
    "scheduler_targets",
]

# Scheduler's ranges (API_RetryPolicy.html, API_FlexibleTimeWindow.html).
_RETRY_ATTEMPTS = (0, 185)
_EVENT_AGE = (60, 86400)
_WINDOW_MINUTES = (1, 1440)


@dataclass(frozen=True)
class Firing:
    """One invocation by a rule or schedule: the rule's and function's logical ids, when, the event, the result."""

    rule: str
    function: str
    time_ms: int
    event: Any
    result: InvokeResult


def iso(at_ms: int) -> str:
    return datetime.fromtimestamp(at_ms // 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class ScheduledTarget:
    """One function a rule or schedule invokes: when (``schedule`` from ``start_ms``, before ``end_ms``), with what."""

    rule: str
    function: str
    schedule: Schedule
    payload: Callable[[int], Any]
    start_ms: int | None = None  # None: from the stack's creation
    end_ms: int | None = None
    delete: Callable[[], None] | None = None  # ActionAfterCompletion DELETE
    started: bool = False

    def times(self, created_ms: int, after_ms: int, until_ms: int) -> list[int]:
        start = created_ms if self.start_ms is None else self.start_ms
        if self.schedule.scheduler and not self.started:
            # Without a StartDate a schedule "starts invoking the target immediately" (schedule-types.html).
            after_ms = min(after_ms, max(start, created_ms) - 1)
            self.started = True
        # StartDate: from then on; EndDate: "before which the schedule can invoke its target".
        found = self.schedule.times(start, after_ms, until_ms)
        return [at for at in found if at >= start and (self.end_ms is None or at < self.end_ms)]

    def finished(self, until_ms: int) -> bool:
        """Past its last planned invocation: a fired one-time schedule, or a recurring one past ``EndDate``."""
        last = self.schedule.one_time_ms if self.schedule.one_time else self.end_ms
        return last is not None and until_ms >= last


def rule_arn(stack: Stack, name: str, bus: str) -> str:
    path = name if bus == "default" else f"{bus}/{name}"  # a custom bus's rules: rule/<bus>/<name>
    return f"arn:aws:events:{stack.region}:{stack.account_id}:rule/{path}"


def function_targets(
    stack: Stack, logical: str, raw: Mapping[str, Any], properties: Mapping[str, Any]
) -> list[tuple[int, str, Mapping[str, Any]]]:
    """(index, function, target) of a rule's targets that are the template's functions; the others reported."""

    found = []
    pairs = zip(properties.get("Targets") or [], raw.get("Targets") or [], strict=True)
    for index, (target, raw_target) in enumerate(pairs):
        function = stack._function_named(raw_target.get("Arn"), target.get("Arn"))
        if function is None:
            reason = "its target is not a function of the template"
            stack.not_simulated.append(NotSimulated(logical, f"Targets[{index}]", reason))
        else:
            found.append((index, function, target))
    return found


def scheduled_rule_targets(
    stack: Stack, logical: str, raw: Mapping[str, Any], properties: Mapping[str, Any], name: str
) -> list[ScheduledTarget]:
    """A scheduled rule's targets that are the template's functions (eb-run-lambda-schedule.html)."""
    schedule = Schedule(properties["ScheduleExpression"], f"{logical}.ScheduleExpression")
    arn = rule_arn(stack, name, "default")  # a scheduled rule is on the default bus
    if properties.get("State", "ENABLED") == "DISABLED":
        return []  # a disabled rule fires nothing, here as in EventBridge
    targets = []
    for index, function, target in function_targets(stack, logical, raw, properties):

        def payload(at_ms: int, target: Mapping[str, Any] = target, index: int = index) -> Any:
            event = _scheduled_event(stack, "aws.events", arn, at_ms, {})
            return rule_input(target, event, rule_arn=arn, rule_name=name, where=f"{logical}.Targets[{index}]")

        targets.append(ScheduledTarget(logical, function, schedule, payload))
    return targets


def _scheduled_event(stack: Stack, source: str, arn: str, at_ms: int, detail: Any) -> dict[str, Any]:
    # The event a scheduled rule sends (eb-run-lambda-schedule.html): detail-type "Scheduled Event".
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": source,
        "account": stack.account_id,
        "time": iso(at_ms),
        "region": stack.region,
        "resources": [arn],
        "detail": detail,
    }


def scheduler_targets(stack: Stack) -> list[ScheduledTarget]:
    """The template's ``AWS::Scheduler::Schedule``s whose target is one of its functions, made in moto."""
    from pytest_lambda.aws.delivery import _client

    resources = stack.template["Resources"]
    client = _client("scheduler", stack.region, stack.account_id)
    for logical, resource in resources.items():
        if resource.get("Type") == "AWS::Scheduler::ScheduleGroup" and stack._created(logical, resource):
            name = str(stack.resolve((resource.get("Properties") or {}).get("Name") or f"{stack.name}-{logical}"))
            made_in_moto(logical, partial(client.create_schedule_group, Name=name))
            stack._physical[logical] = name
    targets: list[ScheduledTarget] = []
    for logical, resource in resources.items():
        if resource.get("Type") != "AWS::Scheduler::Schedule" or not stack._created(logical, resource):
            continue
        raw = resource.get("Properties") or {}
        name = str(stack.resolve(raw.get("Name") or f"{stack.name}-{logical}"[:64]))
        stack._physical[logical] = name
        properties = stack._resolver.resolve(raw, f"{logical}.Properties")
        target = properties.get("Target") or {}
        function = stack._function_named((raw.get("Target") or {}).get("Arn"), target.get("Arn"))
        made_in_moto(logical, partial(_create_in_moto, client, name, properties))
        if function is None:
            reason = "its target is not a function of the template"
            stack.not_simulated.append(NotSimulated(logical, "Target", reason))
            continue
        if properties.get("State", "ENABLED") != "ENABLED":
            continue  # a disabled schedule invokes nothing
        targets.append(_scheduler_target(stack, client, logical, name, properties, function))
    return targets


def made_in_moto(logical: str, create: Callable[[], Any]) -> Any:
    """``create()``, a name moto already has (another stack of the template) a ``TemplateError``."""
    try:
        return create()
    except Exception as exc:
        raise template_error(
            f"{logical}: moto refused it ({type(exc).__name__}: {exc}); names are per account and region, as in "
            "AWS: give the second stack of a template other names (a Name parameter)"
        ) from None


def _create_in_moto(client: Any, name: str, properties: Mapping[str, Any]) -> None:
    arguments = {
        key: properties[key]
        for key in (
            "GroupName",
            "ScheduleExpression",
            "ScheduleExpressionTimezone",
            "State",
            "Description",
            "ActionAfterCompletion",
        )
        if key in properties
    }
    target = dict(properties.get("Target") or {})
    target.setdefault("RoleArn", "arn:aws:iam::000000000000:role/not-given")
    window = properties.get("FlexibleTimeWindow") or {"Mode": "OFF"}
    client.create_schedule(Name=name, FlexibleTimeWindow=window, Target=target, **arguments)


def _scheduler_target(
    stack: Stack, client: Any, logical: str, name: str, properties: Mapping[str, Any], function: str
) -> ScheduledTarget:
    zone_name = str(properties.get("ScheduleExpressionTimezone", "UTC"))
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise template_error(
            f"{logical}.ScheduleExpressionTimezone: {zone_name!r} is not a zone: Europe/Paris"
        ) from None
    expression = str(properties["ScheduleExpression"])
    schedule = Schedule(expression, f"{logical}.ScheduleExpression", zone=zone, scheduler=True)
    _check_window(logical, properties.get("FlexibleTimeWindow") or {"Mode": "OFF"})
    target = properties.get("Target") or {}
    _check_retries(logical, target.get("RetryPolicy") or {})
    group = str(properties.get("GroupName", "default"))
    arn = f"arn:aws:scheduler:{stack.region}:{stack.account_id}:schedule/{group}/{name}"
    text = target.get("Input")

    def payload(at_ms: int) -> Any:
        attributes = {
            "aws.scheduler.schedule-arn": arn,
            "aws.scheduler.scheduled-time": iso(at_ms),
            "aws.scheduler.execution-id": uuid.uuid4().hex[:16],
            "aws.scheduler.attempt-number": "1",
        }
        # No Input: "a default notification" (API_Target.html); its shape is not documented: this is
        # the one seen delivered, the scheduled-event envelope with source aws.scheduler and detail
        # the text "{}" (cloud-custodian/cloud-custodian#9566).
        default = _scheduled_event(stack, "aws.scheduler", arn, at_ms, "{}")
        return scheduler_input(None if text is None else str(text), attributes, default, f"{logical}.Target")

    action = properties.get("ActionAfterCompletion", "NONE")
    if action not in ("NONE", "DELETE"):
        raise template_error(f"{logical}.ActionAfterCompletion: {action!r} is not one of ['NONE', 'DELETE']")

    def delete() -> None:
        client.delete_schedule(Name=name, GroupName=group)

    return ScheduledTarget(
        logical,
        function,
        schedule,
        payload,
        start_ms=_date_ms(properties, "StartDate", logical),
        end_ms=_date_ms(properties, "EndDate", logical),
        delete=delete if action == "DELETE" else None,
    )


def _check_window(logical: str, window: Mapping[str, Any]) -> None:
    # FLEXIBLE: Scheduler invokes at some time in the window (managing-schedule-flexible-time-windows.html);
    # here always at its start, the scheduled time, so a test is deterministic.
    mode = window.get("Mode")
    if mode not in ("OFF", "FLEXIBLE"):
        raise template_error(f"{logical}.FlexibleTimeWindow.Mode: {mode!r} is not one of ['OFF', 'FLEXIBLE']")
    minutes = window.get("MaximumWindowInMinutes")
    if mode == "FLEXIBLE" and not (isinstance(minutes, int) and _WINDOW_MINUTES[0] <= minutes <= _WINDOW_MINUTES[1]):
        raise template_error(
            f"{logical}.FlexibleTimeWindow: FLEXIBLE needs MaximumWindowInMinutes 1-1440, got {minutes!r}"
        )


def _check_retries(logical: str, policy: Mapping[str, Any]) -> None:
    for key, (low, high) in (("MaximumRetryAttempts", _RETRY_ATTEMPTS), ("MaximumEventAgeInSeconds", _EVENT_AGE)):
        value = policy.get(key, low)
        if not (isinstance(value, int) and low <= value <= high):
            raise template_error(f"{logical}.Target.RetryPolicy.{key}: {value!r} is not in {low}-{high}")


def _date_ms(properties: Mapping[str, Any], key: str, logical: str) -> int | None:
    text = properties.get(key)
    if text is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise template_error(
            f"{logical}.{key}: {text!r} is not an ISO 8601 date and time (2026-12-08T09:00:00Z)"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)  # "The date, in UTC" (AWS::Scheduler::Schedule)
    return int(parsed.timestamp() * 1000)


def retire(targets: list[ScheduledTarget], until_ms: int) -> list[ScheduledTarget]:
    """``targets`` without the ``ActionAfterCompletion: DELETE`` schedules past their last invocation, deleted."""
    kept = []
    for target in targets:
        if target.delete is not None and target.finished(until_ms):
            target.delete()  # "deletes your schedule after its last planned invocation" (schedule-types.html)
        else:
            kept.append(target)
    return kept
