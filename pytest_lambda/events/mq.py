"""Amazon MQ events: batches of ActiveMQ (JMS) and RabbitMQ (AMQP 0-9-1) messages, bodies base64-encoded.

https://docs.aws.amazon.com/lambda/latest/dg/with-mq.html (example ActiveMQ and RabbitMQ events).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import (
    Gen,
    b64,
    batch_overrides,
    deep_merge,
    override_error,
    split_overrides,
)
from pytest_lambda.events._registry import EventSource, register
from pytest_lambda.events.kafka import java_bytes
from pytest_lambda.events.kinesis import data_bytes, default_payload

__all__ = [
    "ActiveMQDestination",
    "ActiveMQEvent",
    "ActiveMQMessage",
    "RabbitMQBasicProperties",
    "RabbitMQEvent",
    "RabbitMQMessage",
    "activemq_event",
    "activemq_message",
    "rabbitmq_event",
    "rabbitmq_message",
]


class ActiveMQDestination(TypedDict):
    physicalName: str


class ActiveMQMessage(TypedDict):
    messageID: str
    messageType: Literal["jms/text-message", "jms/bytes-message"]
    timestamp: int
    deliveryMode: int
    correlationID: str
    destination: ActiveMQDestination
    redelivered: bool
    type: str
    expiration: int
    priority: int
    data: str
    brokerInTime: int
    brokerOutTime: int
    properties: dict[str, Any]
    connectionId: str


class ActiveMQEvent(TypedDict):
    eventSource: Literal["aws:amq"]
    eventSourceArn: str
    messages: list[ActiveMQMessage]


class RabbitMQBasicProperties(TypedDict):
    contentType: str | None
    contentEncoding: str | None
    headers: dict[str, Any]
    deliveryMode: int
    priority: int | None
    correlationId: str | None
    replyTo: str | None
    expiration: str | None
    messageId: str | None
    timestamp: str | None
    type: str | None
    userId: str | None
    appId: str | None
    clusterId: str | None
    bodySize: int


class RabbitMQMessage(TypedDict):
    basicProperties: RabbitMQBasicProperties
    redelivered: bool
    data: str


class RabbitMQEvent(TypedDict):
    eventSource: Literal["aws:rmq"]
    eventSourceArn: str
    rmqMessagesByQueue: dict[str, list[RabbitMQMessage]]


# The event source mapping's BatchSize for Amazon MQ goes up to 10,000 messages.
RECORDS_LIMIT = 10_000
ACTIVEMQ_RECORD_SHORTHANDS = ("data", "properties")
ACTIVEMQ_SHORTHANDS = ("records", "queue", "broker", *ACTIVEMQ_RECORD_SHORTHANDS)
RABBITMQ_RECORD_SHORTHANDS = ("data", "headers")
RABBITMQ_SHORTHANDS = ("records", "queue", "virtual_host", "broker", *RABBITMQ_RECORD_SHORTHANDS)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _body(gen: Gen, short: Mapping[str, Any]) -> tuple[bytes, Any]:
    value = short["data"] if "data" in short else default_payload(gen)
    return data_bytes(value), value


def broker_arn(gen: Gen, name: str) -> tuple[str, str]:
    """(broker ARN, broker id): ``arn:aws:mq:<region>:<account>:broker:<name>:b-<uuid>``."""
    broker_id = f"b-{gen.uuid()}"
    return gen.arn("mq", f"broker:{name}:{broker_id}"), broker_id


# -- ActiveMQ -------------------------------------------------------------------------------------


def activemq_message(
    gen: Gen,
    overrides: dict[str, Any] | None = None,
    *,
    queue: str,
    connection_id: str,
    session: int,
    sequence: int,
    sent_ms: int,
) -> ActiveMQMessage:
    """One JMS message; ``overrides`` may use ``data`` (bytes -> a bytes message) and ``properties``."""
    short, fields = split_overrides(_ACTIVEMQ_KEYS, overrides or {}, ACTIVEMQ_RECORD_SHORTHANDS, "ActiveMQ message")
    body, value = _body(gen, short)
    properties = short.get("properties", {})
    if not isinstance(properties, Mapping):
        raise override_error(f"properties must be a dict of JMS property name -> value, got {properties!r}")
    # Lambda consumes only JMS text and bytes messages.
    kind: Literal["jms/text-message", "jms/bytes-message"] = (
        "jms/bytes-message" if isinstance(value, (bytes, bytearray)) else "jms/text-message"
    )
    broker_in = sent_ms + gen.integer(1, 20)
    message: ActiveMQMessage = {
        # An ActiveMQ message id is "<connection id>:<session>:<producer>:<producer sequence>".
        "messageID": f"{connection_id}:{session}:1:{sequence}",
        "messageType": kind,
        "timestamp": sent_ms,
        # JMS defaults: PERSISTENT delivery (2), priority 4, no expiration (0).
        "deliveryMode": 2,
        "correlationID": "",
        "destination": {"physicalName": queue},
        "redelivered": False,
        "type": "",
        "expiration": 0,
        "priority": 4,
        "data": b64(body),
        "brokerInTime": broker_in,
        "brokerOutTime": broker_in + gen.integer(1, 50),
        "properties": {str(k): v for k, v in properties.items()},
        "connectionId": connection_id,
    }
    deep_merge(message, fields, "messages[]")  # type: ignore[arg-type]
    return message


_ACTIVEMQ_KEYS = frozenset(ActiveMQMessage.__annotations__)


def activemq_event(gen: Gen, shorthands: dict[str, Any]) -> ActiveMQEvent:
    """A batch of one queue's messages from one producer connection: message ids unique and in order."""
    items = batch_overrides(shorthands, ACTIVEMQ_RECORD_SHORTHANDS, RECORDS_LIMIT, "Amazon MQ")
    queue = str(shorthands.get("queue", f"{gen.pick('word')}-queue"))
    arn, _ = broker_arn(gen, str(shorthands.get("broker", f"{gen.pick('word')}-broker")))
    # An ActiveMQ connection id: "ID:<host>-<port>-<start ms>-<n>:<connection>", host being the producer's.
    started = gen.now_ms - gen.integer(60_000, 86_400_000)
    host = f"ip-10-0-{gen.integer(0, 255)}-{gen.integer(1, 254)}.{gen.region}.compute.internal"
    connection = f"ID:{host}-{gen.integer(32_768, 60_999)}-{started}-{gen.integer(0, 9)}:{gen.integer(1, 9)}"
    session = gen.integer(1, 9)
    first = gen.integer(1, 10_000)
    # Sent at least 100 ms ago, so that the broker's in and out times precede the invocation too.
    sent = sorted(gen.now_ms - gen.integer(100, 60_000) for _ in items)
    return {
        "eventSource": "aws:amq",
        "eventSourceArn": arn,
        "messages": [
            activemq_message(
                gen,
                item,
                queue=queue,
                connection_id=connection,
                session=session,
                sequence=first + i,
                sent_ms=sent[i],
            )
            for i, item in enumerate(items)
        ],
    }


# -- RabbitMQ -------------------------------------------------------------------------------------


def java_medium_date(epoch_ms: int) -> str:
    """``Jan 2, 2024, 3:04:05 PM``: how the Java poller renders an AMQP timestamp property (UTC)."""
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc)
    hour = moment.hour % 12 or 12
    noon = "AM" if moment.hour < 12 else "PM"
    return f"{_MONTHS[moment.month - 1]} {moment.day}, {moment.year}, {hour}:{moment:%M:%S} {noon}"


def _rabbit_headers(value: Any) -> dict[str, Any]:
    """AMQP headers: strings/bytes arrive as ``{"bytes": [...]}`` (signed Java bytes), numbers/bools as they are."""
    if not isinstance(value, Mapping):
        raise override_error(f"headers must be a dict of header name -> str, bytes, number or bool, got {value!r}")
    headers: dict[str, Any] = {}
    for name, item in value.items():
        if isinstance(item, (bool, int, float)) or item is None:
            headers[str(name)] = item
        elif isinstance(item, (str, bytes, bytearray)):
            headers[str(name)] = {"bytes": java_bytes(data_bytes(item))}
        else:
            raise override_error(f"header {name!r} must be a str, bytes, number or bool, got {item!r}")
    return headers


def _content_type(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return "application/octet-stream"
    return "text/plain" if isinstance(value, str) else "application/json"


def rabbitmq_message(
    gen: Gen, overrides: dict[str, Any] | None = None, *, sent_ms: int, user: str, app: str
) -> RabbitMQMessage:
    """One AMQP message; ``overrides`` may use ``data`` and ``headers``. bodySize is the body's length."""
    short, fields = split_overrides(_RABBITMQ_KEYS, overrides or {}, RABBITMQ_RECORD_SHORTHANDS, "RabbitMQ message")
    body, value = _body(gen, short)
    headers = _rabbit_headers(short["headers"]) if "headers" in short else _rabbit_headers({"source": app})
    message: RabbitMQMessage = {
        "basicProperties": {
            "contentType": _content_type(value),
            "contentEncoding": None,
            "headers": headers,
            # 2: persistent (AMQP 0-9-1 delivery-mode).
            "deliveryMode": 2,
            "priority": None,
            "correlationId": None,
            "replyTo": None,
            "expiration": None,
            "messageId": gen.uuid(),
            "timestamp": java_medium_date(sent_ms),
            "type": None,
            "userId": user,
            "appId": app,
            "clusterId": None,
            "bodySize": len(body),
        },
        "redelivered": False,
        "data": b64(body),
    }
    deep_merge(message, fields, "rmqMessagesByQueue[]")  # type: ignore[arg-type]
    return message


_RABBITMQ_KEYS = frozenset(RabbitMQMessage.__annotations__)


def rabbitmq_event(gen: Gen, shorthands: dict[str, Any]) -> RabbitMQEvent:
    """A batch from one queue, keyed ``"<queue>::<virtual host>"`` as Lambda lists it."""
    items = batch_overrides(shorthands, RABBITMQ_RECORD_SHORTHANDS, RECORDS_LIMIT, "Amazon MQ")
    queue = str(shorthands.get("queue", f"{gen.pick('word')}-queue"))
    vhost = str(shorthands.get("virtual_host", "/"))
    arn, _ = broker_arn(gen, str(shorthands.get("broker", f"{gen.pick('word')}-broker")))
    user = f"{gen.pick('first_name').lower()}-publisher"
    app = f"{gen.pick('word')}-service"
    sent = sorted(gen.ms_ago(60_000) for _ in items)
    messages = [rabbitmq_message(gen, item, sent_ms=sent[i], user=user, app=app) for i, item in enumerate(items)]
    return {"eventSource": "aws:rmq", "eventSourceArn": arn, "rmqMessagesByQueue": {f"{queue}::{vhost}": messages}}


_DOCS = "https://docs.aws.amazon.com/lambda/latest/dg/with-mq.html"

register(
    EventSource(
        "mq_activemq",
        "Amazon MQ for ActiveMQ messages from an event source mapping",
        activemq_event,  # type: ignore[arg-type]
        ACTIVEMQ_SHORTHANDS,
        aliases=("activemq",),
        records_limit=RECORDS_LIMIT,
        docs=_DOCS,
    )
)
register(
    EventSource(
        "mq_rabbitmq",
        "Amazon MQ for RabbitMQ messages from an event source mapping",
        rabbitmq_event,  # type: ignore[arg-type]
        RABBITMQ_SHORTHANDS,
        aliases=("rabbitmq",),
        records_limit=RECORDS_LIMIT,
        docs=_DOCS,
    )
)
