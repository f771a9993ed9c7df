"""A stack's event-pattern rules: events put on moto's buses invoke the template's functions.

An ``AWS::Events::Rule`` with an ``EventPattern`` (SAM's ``EventBridgeRule`` and ``CloudWatchEvent``
events) on the default bus or a bus of the template. moto holds the buses and takes each
``PutEvents`` (from the test or from a function, through boto3); the stack's rules stay out of
moto (moto cannot run a Lambda target: its ``Rule.send_to_targets`` raises for one), and the stack
wraps that one backend's ``put_events`` (an attribute of the backend object, which moto's reset
drops with the rest of the backend when the mock stops, so nothing reaches a later test). Each
accepted entry becomes the event EventBridge delivers (eb-events-structure.html: version, id,
detail-type, source, account, time, region, resources, detail), matched against each enabled
rule of its bus with the EventBridge pattern syntax (``filtering``), and each matching rule's
function targets are invoked asynchronously (eb-targets.html; with-eventbridge.html) with the
event or the target's input form (``_target_input``).

EventBridge is not in Lambda's recursive loop detection (invocation-recursion.html lists SQS,
SNS and S3), so a function that puts an event its own rule matches would loop for ever: events
are delivered one after the other from a queue (a function's ``PutEvents`` during a delivery
waits its turn, never a deeper Python stack), and a chain longer than ``CHAIN_LIMIT`` events, or
more than ``DELIVERY_LIMIT`` deliveries from one ``PutEvents``, is an ``EventLoopError``.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Final

from pytest_lambda.aws._scheduled import Firing, function_targets, iso, made_in_moto, rule_arn
from pytest_lambda.aws._target_input import rule_input
from pytest_lambda.aws.filtering import EventFilter
from pytest_lambda.aws.intrinsics import TemplateError
from pytest_lambda.errors import ConfigurationError, PytestLambdaError, with_docs

if TYPE_CHECKING:
    from pytest_lambda.aws.stack import Stack

__all__ = [
    "CHAIN_LIMIT",
    "DELIVERY_LIMIT",
    "EventBus",
    "EventLoopError",
    "PatternTarget",
    "create_buses",
    "pattern_targets",
]

CHAIN_LIMIT: Final = 32  # twice the 16 of Lambda's own loop detection: no real chain is longer
DELIVERY_LIMIT: Final = 500
_ANCHOR: Final = "testing-a-sam-or-cdk-application"


class EventLoopError(PytestLambdaError, RuntimeError):
    """Events put on a bus kept invoking the rules' functions: a loop EventBridge would not stop."""


@dataclass(frozen=True)
class PatternTarget:
    """One function target of an event-pattern rule."""

    rule: str
    name: str
    arn: str
    bus: str
    pattern: EventFilter
    function: str
    target: Mapping[str, Any]
    where: str


def bus_name(value: Any) -> str:
    # EventBusName is a name or an ARN (API_PutEventsRequestEntry.html); none is the default bus.
    return "default" if not value else str(value).rsplit("/", 1)[-1]


def create_buses(stack: Stack) -> None:
    """The template's ``AWS::Events::EventBus``es, made in moto through its API (its CloudFormation
    model gives no physical id); ``Ref`` is the name, ``Fn::GetAtt`` ``Arn`` and ``Name`` moto's."""
    from moto.events.models import events_backends

    backend = events_backends[stack.account_id][stack.region]
    for logical, resource in stack.template["Resources"].items():
        if resource.get("Type") == "AWS::Events::EventBus" and stack._created(logical, resource):
            name = str(stack.resolve((resource.get("Properties") or {}).get("Name") or f"{stack.name}-{logical}"))
            stack._physical[logical] = name
            stack._moto_resources[logical] = made_in_moto(logical, partial(backend.create_event_bus, name))


def pattern_targets(
    stack: Stack, logical: str, raw: Mapping[str, Any], properties: Mapping[str, Any], name: str
) -> list[PatternTarget]:
    """The function targets of an enabled event-pattern rule."""
    bus = bus_name(properties.get("EventBusName"))
    arn = rule_arn(stack, name, bus)
    if "EventPattern" not in properties:
        raise TemplateError(with_docs(f"{logical}: a rule needs a ScheduleExpression or an EventPattern", _ANCHOR))
    try:
        pattern = EventFilter([properties["EventPattern"]])
    except ConfigurationError as exc:
        raise TemplateError(with_docs(f"{logical}.EventPattern: {exc}".split("\nSee ")[0], _ANCHOR)) from None
    found = function_targets(stack, logical, raw, properties)
    if properties.get("State", "ENABLED") == "DISABLED":
        return []  # a disabled rule matches nothing
    return [
        PatternTarget(logical, name, arn, bus, pattern, function, target, f"{logical}.Targets[{index}]")
        for index, function, target in found
    ]


class EventBus:
    """The stack's rules on moto's buses: wraps the events backend's ``put_events`` while the mock lives."""

    def __init__(self, stack: Stack, targets: list[PatternTarget]) -> None:
        from moto.events.models import events_backends

        self.stack = stack
        self.targets = targets
        self.delivered: list[Firing] = []
        self.stopped: EventLoopError | None = None
        self._queue: deque[tuple[dict[str, Any], str, int]] = deque()
        self._depth = 0
        self._running = False
        backend = events_backends[stack.account_id][stack.region]
        original: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] = backend.put_events

        def put_events(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
            results = original(entries)
            for entry, result in zip(entries, results, strict=True):
                if "EventId" in result:
                    self._queue.append(
                        (self._event(entry, result["EventId"]), bus_name(entry.get("EventBusName")), self._depth + 1)
                    )
            if not self._running:
                self._deliver()
            return results

        backend.put_events = put_events  # type: ignore[method-assign,assignment]

    def raise_stopped(self) -> None:
        """Raise the loop a function's ``PutEvents`` ran into (the function saw it as its error)."""
        error, self.stopped = self.stopped, None
        if error is not None:
            raise error

    def _event(self, entry: Mapping[str, Any], event_id: str) -> dict[str, Any]:
        at_ms = int(float(entry["Time"]) * 1000) if entry.get("Time") is not None else self.stack.clock.now_ms()
        return {
            "version": "0",
            "id": event_id,
            "detail-type": entry["DetailType"],
            "source": entry["Source"],
            "account": self.stack.account_id,
            "time": iso(at_ms),
            "region": self.stack.region,
            "resources": list(entry.get("Resources") or []),
            "detail": json.loads(entry["Detail"]),
        }

    def _deliver(self) -> None:
        """Deliver the queued events, and those the invoked functions put, until none is left."""
        from pytest_lambda.runtime import inflight

        self._running = True
        deliveries = 0
        try:
            while self._queue:
                event, bus, depth = self._queue.popleft()
                for target in self.targets:
                    if target.bus != bus or not target.pattern.matches(event):
                        continue
                    deliveries += 1
                    if depth > CHAIN_LIMIT or deliveries > DELIVERY_LIMIT:
                        self._queue.clear()
                        error = EventLoopError(
                            with_docs(
                                f"rule {target.rule} -> {target.function}: "
                                + (
                                    f"the event {event['id']} is number {depth} in a chain of events put by the "
                                    "functions the rules invoke"
                                    if depth > CHAIN_LIMIT
                                    else f"{DELIVERY_LIMIT} deliveries from one PutEvents"
                                )
                                + "; EventBridge does not stop such a loop (invocation-recursion.html), it would "
                                "run for ever: make the function's events not match its rule",
                                _ANCHOR,
                            )
                        )
                        if inflight.STATE.depth:
                            self.stopped = error  # inside a function's PutEvents: stack.advance raises it too
                        raise error
                    payload = rule_input(
                        target.target, event, rule_arn=target.arn, rule_name=target.name, where=target.where
                    )
                    self._depth = depth
                    result = self.stack.function(target.function).invoke(payload, invocation_type="Event")
                    self.delivered.append(
                        Firing(target.rule, target.function, self.stack.clock.now_ms(), payload, result)
                    )
        finally:
            self._running = False
            self._depth = 0
