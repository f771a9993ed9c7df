"""A template's SNS subscriptions (SAM's ``SNS`` events, ``AWS::SNS::Subscription``, a topic's ``Subscription``).

moto's CloudFormation creates no ``AWS::SNS::Subscription``, so the stack subscribes through
moto's SNS API with the template's ``FilterPolicy``, ``FilterPolicyScope`` and
``RawMessageDelivery`` (aws-resource-sns-subscription.html). An ``sqs`` subscription (SAM's
``SqsSubscription: true``) is then moto's own fan-out, and the queue's mapping drains it; a
``lambda`` subscription to a function of the template is delivered in process (``_notify``).
Other protocols (email, HTTP, SMS...), and functions outside the template, are reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pytest_lambda.aws._not_simulated import NotSimulated
from pytest_lambda.aws.intrinsics import TemplateError

if TYPE_CHECKING:
    from pytest_lambda.aws._notify import Wiring
    from pytest_lambda.aws.stack import Stack

__all__ = ["Subscription", "subscribe", "subscriptions_of"]

# Subscription properties the stack applies (aws-resource-sns-subscription.html); the rest are reported.
_ATTRIBUTES = ("FilterPolicy", "FilterPolicyScope", "RawMessageDelivery")
_HANDLED = frozenset({"TopicArn", "Protocol", "Endpoint", "Region", *_ATTRIBUTES})


@dataclass(frozen=True)
class Subscription:
    """One subscription of the template: the logical id results go under, and its resolved properties."""

    logical_id: str
    where: str  # for messages: "OrdersSubscription" or "Orders.Subscription[0]"
    topic_arn: str
    protocol: str
    endpoint: str
    raw_endpoint: Any  # the Endpoint before resolving, to find the template's function
    attributes: dict[str, str]
    ignored: tuple[str, ...] = ()


def subscriptions_of(stack: Stack, inline: dict[str, list[Any]]) -> list[Subscription]:
    """The template's created ``AWS::SNS::Subscription``s, then the topics' ``Subscription`` lists."""
    found: list[Subscription] = []
    for logical, resource in stack.template["Resources"].items():
        if resource.get("Type") != "AWS::SNS::Subscription" or not stack._created(logical, resource):
            continue
        raw = resource.get("Properties") or {}
        properties = stack._resolver.resolve(raw, f"{logical}.Properties")
        found.append(_subscription(logical, logical, properties, raw.get("Endpoint")))
    for topic, items in inline.items():
        for index, raw in enumerate(items):
            where = f"{topic}.Subscription[{index}]"
            properties = {"TopicArn": stack.physical_id(topic), **stack._resolver.resolve(raw, where)}
            found.append(_subscription(topic, where, properties, raw.get("Endpoint")))
    return found


def _subscription(logical: str, where: str, properties: dict[str, Any], raw_endpoint: Any) -> Subscription:
    attributes: dict[str, str] = {}
    for name in _ATTRIBUTES:
        value = properties.get(name)
        if value is None:
            continue
        if isinstance(value, bool):
            attributes[name] = "true" if value else "false"
        elif isinstance(value, (dict, list)):
            attributes[name] = json.dumps(value)
        else:
            attributes[name] = str(value)
    return Subscription(
        logical,
        where,
        str(properties.get("TopicArn", "")),
        str(properties.get("Protocol", "")).lower(),
        str(properties.get("Endpoint", "")),
        raw_endpoint,
        attributes,
        tuple(sorted(set(properties) - _HANDLED)),
    )


def subscribe(stack: Stack, inline: dict[str, list[Any]], wiring: Wiring) -> None:
    """Create the template's subscriptions in moto; wire the ``lambda`` ones to its functions."""
    from pytest_lambda.aws.delivery import _client

    client = _client("sns", stack.region, stack.account_id)
    for item in subscriptions_of(stack, inline):
        for name in item.ignored:
            stack.not_simulated.append(NotSimulated(item.where, name, "not simulated by the subscription"))
        function = None
        if item.protocol == "lambda":
            function = stack._function_named(item.raw_endpoint, item.endpoint)
            if function is None:
                reason = "its function is not a function of the template"
                stack.not_simulated.append(NotSimulated(item.where, "AWS::SNS::Subscription", reason))
                continue
        elif item.protocol != "sqs":
            reason = f"protocol {item.protocol!r} is not delivered: only lambda and sqs subscriptions are"
            stack.not_simulated.append(NotSimulated(item.where, "AWS::SNS::Subscription", reason))
            continue
        try:
            arn = client.subscribe(
                TopicArn=item.topic_arn,
                Protocol=item.protocol,
                Endpoint=item.endpoint,
                Attributes=item.attributes,
                ReturnSubscriptionArn=True,
            )["SubscriptionArn"]
        except Exception as exc:
            raise TemplateError(
                f"{item.where}: moto's SNS refused the subscription ({type(exc).__name__}: {exc})"
            ) from exc
        if item.where == item.logical_id:
            stack._physical[item.logical_id] = str(arn)
        if function is not None:
            wiring.watch_subscription(item.logical_id, str(arn), function)
