"""Amazon EventBridge events: any event a rule delivers, and a scheduled rule's event.

https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html (the envelope and its
fields), https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html and
https://docs.aws.amazon.com/lambda/latest/dg/with-eventbridge-scheduler.html (scheduled events).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from pytest_lambda.events._common import Gen, override_error
from pytest_lambda.events._registry import EventSource, register

__all__ = ["EventBridgeEnvelope", "EventBridgeEvent", "envelope", "eventbridge_event", "schedule_event"]

# The envelope's keys are fixed; "detail-type" is not an identifier, hence the functional form.
EventBridgeEnvelope = TypedDict(
    "EventBridgeEnvelope",
    {
        "version": str,
        "id": str,
        "detail-type": str,
        "source": str,
        "account": str,
        "time": str,
        "region": str,
        "resources": list[str],
    },
)


class EventBridgeEvent(EventBridgeEnvelope):
    detail: dict[str, Any]


SHORTHANDS = ("detail", "detail_type", "source", "resources")
SCHEDULE_SHORTHANDS = ("rule",)

# What applications typically publish: "<Entity> <Action>" detail types from a "com.<company>.<entity>s" source.
_ENTITIES = ("Order", "Invoice", "Payment", "Shipment", "Customer", "Subscription", "Booking", "Refund", "Ticket")
_ACTIONS = ("Created", "Updated", "Deleted", "Submitted", "Approved", "Completed", "Cancelled")


def envelope(
    gen: Gen,
    *,
    source: str,
    detail_type: str,
    detail: Mapping[str, Any],
    resources: list[str],
    at_ms: int | None = None,
) -> EventBridgeEvent:
    """The EventBridge envelope around ``detail``: a fresh id, this account/region, the time (now unless
    ``at_ms``) to the second."""
    return {
        "version": "0",  # "By default, this is set to 0 (zero) in all events."
        "id": gen.uuid(),  # "A Version 4 UUID generated for every event."
        "detail-type": detail_type,
        "source": source,
        "account": gen.account_id,
        # EventBridge times are ISO 8601 in UTC, to the second.
        "time": Gen.iso(gen.now_ms if at_ms is None else at_ms, millis=False),
        "region": gen.region,
        "resources": resources,
        "detail": dict(detail),
    }


def _custom_detail(gen: Gen, entity: str, action: str) -> dict[str, Any]:
    first, last = gen.pick("first_name"), gen.pick("last_name")
    return {
        f"{entity.lower()}Id": gen.uuid(),
        "status": action.upper(),
        "customer": {"name": f"{first} {last}", "email": gen.pick("email")},
        "amount": round(gen.integer(100, 500_000) / 100, 2),
        "currency": "USD",
        "occurredAt": Gen.iso(gen.ms_ago(60_000)),
    }


def eventbridge_event(gen: Gen, shorthands: dict[str, Any]) -> EventBridgeEvent:
    """A custom application event as PutEvents sends it (``detail``, ``detail_type``, ``source``...)."""
    entity = gen.random.choice(_ENTITIES)
    action = gen.random.choice(_ACTIONS)
    company = "".join(c for c in gen.pick("company").split()[0].lower() if c.isalnum() or c == "-")
    source = shorthands.get("source", f"com.{company}.{entity.lower()}s")
    detail_type = shorthands.get("detail_type", f"{entity} {action}")
    if not isinstance(source, str) or not source:
        raise override_error(f"source must be a non-empty str such as 'com.example.orders', got {source!r}")
    if not isinstance(detail_type, str) or not detail_type:
        raise override_error(f"detail_type must be a non-empty str such as 'Order Created', got {detail_type!r}")
    if "detail" in shorthands:
        # EventBridge's detail is always a JSON object (PutEvents rejects anything else).
        detail = shorthands["detail"]
        if not isinstance(detail, Mapping):
            raise override_error(f"detail must be a dict (EventBridge details are JSON objects), got {detail!r}")
        detail = dict(detail)
    else:
        detail = _custom_detail(gen, entity, action)
    resources = shorthands.get("resources", [])  # PutEvents entries carry no resources unless given
    if not isinstance(resources, (list, tuple)) or not all(isinstance(r, str) for r in resources):
        raise override_error(f"resources must be a list of ARNs (str), got {resources!r}")
    return envelope(gen, source=source, detail_type=detail_type, detail=detail, resources=list(resources))


def schedule_event(gen: Gen, shorthands: dict[str, Any]) -> EventBridgeEvent:
    """A scheduled rule's event: source aws.events, "Scheduled Event", the rule's ARN, an empty detail."""
    rule = shorthands.get("rule", f"{gen.pick('word')}-{gen.pick('word')}-schedule")
    if not isinstance(rule, str) or not rule:
        raise override_error(f"rule must be the rule's name (a non-empty str), got {rule!r}")
    return envelope(
        gen,
        source="aws.events",
        detail_type="Scheduled Event",
        detail={},
        resources=[gen.arn("events", f"rule/{rule}")],
    )


register(
    EventSource(
        "eventbridge",
        "An Amazon EventBridge event (a custom event, or any service's) delivered by a rule",
        eventbridge_event,  # type: ignore[arg-type]
        SHORTHANDS,
        docs="https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html",
    )
)

register(
    EventSource(
        "schedule",
        "An EventBridge scheduled rule's event (rate or cron expression)",
        schedule_event,  # type: ignore[arg-type]
        SCHEDULE_SHORTHANDS,
        aliases=("scheduled_event",),
        docs="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html",
    )
)
