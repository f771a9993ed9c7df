"""Amazon SNS notifications: a message published to a topic, delivered to Lambda or through SQS.

https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html (the event a Lambda subscription receives),
https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html (the notification JSON an
SQS subscription receives as its message body, raw message delivery off),
https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html (attribute types and limits).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypedDict, cast

from pytest_lambda.events._common import (
    Gen,
    b64,
    body_text,
    deep_merge,
    override_error,
    record_overrides,
    split_overrides,
)
from pytest_lambda.events._registry import EventSource, register
from pytest_lambda.events.sqs import RECORDS_LIMIT as SQS_RECORDS_LIMIT
from pytest_lambda.events.sqs import SQSEvent, queue_name, sqs_record

__all__ = [
    "SNSEvent",
    "SNSMessage",
    "SNSMessageAttribute",
    "SNSNotification",
    "SNSRecord",
    "message_attributes",
    "message_text",
    "notification_json",
    "sns_event",
    "sns_notification",
    "sns_record",
    "sns_sqs_event",
]


class SNSMessageAttribute(TypedDict):
    Type: str
    Value: str


class SNSMessage(TypedDict):
    SignatureVersion: str
    Timestamp: str
    Signature: str
    SigningCertUrl: str
    MessageId: str
    Message: str
    MessageAttributes: dict[str, SNSMessageAttribute]
    Type: Literal["Notification"]
    UnsubscribeUrl: str
    TopicArn: str
    Subject: str | None


class SNSRecord(TypedDict):
    EventVersion: str
    EventSubscriptionArn: str
    EventSource: Literal["aws:sns"]
    Sns: SNSMessage


class SNSEvent(TypedDict):
    Records: list[SNSRecord]


class _SNSNotificationBase(TypedDict):
    Type: Literal["Notification"]
    MessageId: str
    TopicArn: str
    Message: str
    Timestamp: str
    UnsubscribeURL: str


class SNSNotification(_SNSNotificationBase, total=False):
    """The notification JSON an HTTP/SQS subscription receives; optional keys appear only when they apply."""

    SequenceNumber: str  # FIFO topics only
    Subject: str  # only when the publisher set one
    SignatureVersion: str  # absent for FIFO topics (see the published snsSqsFifo sample)
    Signature: str
    SigningCertURL: str
    MessageAttributes: dict[str, SNSMessageAttribute]  # only when the message has attributes


RECORD_SHORTHANDS = ("message", "subject", "message_attributes")
SHORTHANDS = ("records", "topic", *RECORD_SHORTHANDS)
SQS_SHORTHANDS = ("records", "topic", "queue", "fifo", "group_id", *RECORD_SHORTHANDS)
# "Amazon SNS invokes your function asynchronously with an event that contains a message": one per event.
RECORDS_LIMIT = 1
# An SQS batch of SNS notifications: the SQS limits (10,000 from a standard queue, 10 from a FIFO queue).
FIFO_RECORDS_LIMIT = 10
# "Amazon SNS supports up to 10 message attributes per message"; a subject is at most 100 characters.
ATTRIBUTES_LIMIT = 10
SUBJECT_LIMIT = 100


# -- message, subject and attributes ----------------------------------------------------------------


def message_text(value: Any) -> str:
    """The ``message`` shorthand as SNS carries it: a dict/list as JSON, a str as is (SNS messages are text)."""
    if isinstance(value, (bytes, bytearray)):
        raise override_error(
            f"message must be a str or a JSON-serialisable dict/list (SNS messages are text), got {value!r}"
        )
    return body_text(value, field="message")[0]


def _subject(value: Any) -> str | None:
    if value is None:
        return None
    # Publish API: "Subject ... must start with a letter, number, or punctuation mark; must not include
    # line breaks or control characters; and must be less than 100 characters long."
    if not isinstance(value, str) or not value or len(value) > SUBJECT_LIMIT or not value.isprintable():
        raise override_error(
            f"subject must be None or a printable str of 1 to {SUBJECT_LIMIT} characters without line breaks, "
            f"got {value!r}"
        )
    return value


def _attribute(name: str, value: Any) -> SNSMessageAttribute:
    if isinstance(value, Mapping) and set(value) == {"Type", "Value"}:
        if not all(isinstance(v, str) for v in value.values()):
            raise override_error(f"message attribute {name!r}: Type and Value must be str, got {dict(value)!r}")
        return {"Type": value["Type"], "Value": value["Value"]}
    # Data types: String, String.Array (a JSON array), Number (sent as a string), Binary (base64 in events).
    if isinstance(value, (bytes, bytearray)):
        return {"Type": "Binary", "Value": b64(bytes(value))}
    if isinstance(value, bool):
        return {"Type": "String", "Value": json.dumps(value)}
    if isinstance(value, (int, float)):
        return {"Type": "Number", "Value": str(value)}
    if isinstance(value, str):
        return {"Type": "String", "Value": value}
    if isinstance(value, (list, tuple)):
        return {"Type": "String.Array", "Value": json.dumps(list(value))}
    raise override_error(
        f"message attribute {name!r} must be a str, number, bytes, list or a {{'Type': ..., 'Value': ...}} dict, "
        f"got {value!r}"
    )


def message_attributes(value: Any) -> dict[str, SNSMessageAttribute]:
    """The ``message_attributes`` shorthand: ``{name: value}`` typed as SNS types them (at most 10)."""
    if not isinstance(value, Mapping):
        raise override_error(f"message_attributes must be a dict of name -> value, got {value!r}")
    if len(value) > ATTRIBUTES_LIMIT:
        raise override_error(f"SNS messages carry at most {ATTRIBUTES_LIMIT} message attributes, got {len(value)}")
    attributes: dict[str, SNSMessageAttribute] = {}
    for name, item in value.items():
        if not isinstance(name, str) or not name:
            raise override_error(f"message attribute names must be non-empty str, got {name!r}")
        attributes[name] = _attribute(name, item)
    return attributes


# -- the topic and its subscription -------------------------------------------------------------------


@dataclass(frozen=True)
class _Subscription:
    topic_arn: str
    subscription_arn: str
    cert_url: str
    unsubscribe_url: str
    fifo: bool


def _subscription(gen: Gen, shorthands: dict[str, Any], *, fifo: bool = False) -> _Subscription:
    topic = shorthands.get("topic", f"{gen.pick('word')}-{gen.pick('word')}-topic")
    if not isinstance(topic, str) or not topic:
        raise override_error(f"topic must be a topic name or ARN (a non-empty str), got {topic!r}")
    if topic.startswith("arn:"):
        if fifo and not topic.endswith(".fifo"):
            raise override_error(f"a FIFO topic's name ends with .fifo, got the topic ARN {topic!r}")
        topic_arn = topic
    else:
        # "The name of a FIFO topic must end with the .fifo suffix."
        topic_arn = gen.arn("sns", topic + ".fifo" if fifo and not topic.endswith(".fifo") else topic)
    # A subscription ARN is the topic ARN followed by the subscription's UUID.
    subscription_arn = f"{topic_arn}:{gen.uuid()}"
    host = f"sns.{gen.region}.amazonaws.com" + (".cn" if gen.partition == "aws-cn" else "")
    return _Subscription(
        topic_arn=topic_arn,
        subscription_arn=subscription_arn,
        # The signing certificate is named after its hash: SimpleNotificationService-<32 hex>.pem.
        cert_url=f"https://{host}/SimpleNotificationService-{gen.hex(32)}.pem",
        unsubscribe_url=f"https://{host}/?Action=Unsubscribe&SubscriptionArn={subscription_arn}",
        fifo=topic_arn.endswith(".fifo"),
    )


def _message_id(gen: Gen) -> str:
    # SNS message ids are UUID-shaped with a version-5 nibble (95df01b4-ee98-5cb9-9903-4c221d41eb5e).
    uuid = gen.uuid()
    return f"{uuid[:14]}5{uuid[15:]}"


def sns_notification(
    gen: Gen,
    shorthands: dict[str, Any],
    subscription: _Subscription,
    *,
    published_ms: int,
    sequence_number: str | None = None,
) -> SNSNotification:
    """One published message as SNS's notification JSON (the SQS/HTTP form), from the record shorthands."""
    message = message_text(shorthands["message"]) if "message" in shorthands else gen.pick("sentence")
    subject = _subject(shorthands.get("subject"))
    attributes = message_attributes(shorthands.get("message_attributes", {}))
    # Keys in SNS's order; the optional ones only when they apply.
    fields: dict[str, Any] = {"Type": "Notification", "MessageId": _message_id(gen)}
    if sequence_number is not None:
        fields["SequenceNumber"] = sequence_number
    fields["TopicArn"] = subscription.topic_arn
    if subject is not None:
        fields["Subject"] = subject
    fields["Message"] = message
    fields["Timestamp"] = Gen.iso(published_ms)
    if not subscription.fifo:
        # SignatureVersion 1 is SHA1withRSA, the default; the signature is base64 of a 2048-bit RSA block.
        fields["SignatureVersion"] = "1"
        fields["Signature"] = b64(gen.random.randbytes(256))
        fields["SigningCertURL"] = subscription.cert_url
    fields["UnsubscribeURL"] = subscription.unsubscribe_url
    if attributes:
        fields["MessageAttributes"] = attributes
    return cast(SNSNotification, fields)


def notification_json(notification: SNSNotification) -> str:
    """The body an SQS subscription receives: SNS's own layout (two-space indent, ``"Key" : value``)."""
    lines = []
    for key, value in notification.items():
        if key == "MessageAttributes":
            inner = ",\n".join(
                f"    {json.dumps(name)} : {json.dumps(attr, separators=(',', ':'), ensure_ascii=False)}"
                for name, attr in notification["MessageAttributes"].items()
            )
            lines.append(f'  "MessageAttributes" : {{\n{inner}\n  }}')
        else:
            lines.append(f"  {json.dumps(key)} : {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}"


# -- sns: a Lambda subscription -----------------------------------------------------------------------


def sns_record(
    gen: Gen, subscription: _Subscription, overrides: dict[str, Any] | None = None, *, published_ms: int
) -> SNSRecord:
    """The record a Lambda subscription receives; ``overrides`` may use the record shorthands."""
    short, fields = split_overrides(_RECORD_KEYS, overrides or {}, RECORD_SHORTHANDS, "SNS record")
    n = sns_notification(gen, short, subscription, published_ms=published_ms)
    record: SNSRecord = {
        "EventVersion": "1.0",
        "EventSubscriptionArn": subscription.subscription_arn,
        "EventSource": "aws:sns",
        # Lambda's form spells the URLs ...Url, always has MessageAttributes, and Subject null when unset.
        "Sns": {
            "SignatureVersion": n["SignatureVersion"],
            "Timestamp": n["Timestamp"],
            "Signature": n["Signature"],
            "SigningCertUrl": n["SigningCertURL"],
            "MessageId": n["MessageId"],
            "Message": n["Message"],
            "MessageAttributes": n.get("MessageAttributes", {}),
            "Type": "Notification",
            "UnsubscribeUrl": n["UnsubscribeURL"],
            "TopicArn": n["TopicArn"],
            "Subject": n.get("Subject"),
        },
    }
    deep_merge(record, fields, "Records[]")  # type: ignore[arg-type]
    return record


_RECORD_KEYS = frozenset(SNSRecord.__annotations__)


def sns_event(gen: Gen, shorthands: dict[str, Any]) -> SNSEvent:
    """The event a Lambda subscription receives: exactly one notification."""
    count = shorthands.get("records", 1)
    if isinstance(count, int) and not isinstance(count, bool) and count != 1:
        raise override_error(f"SNS invokes a function with one message per event: records must be 1, got {count}")
    items = record_overrides(count, RECORDS_LIMIT, "SNS")
    per_record = {k: v for k, v in shorthands.items() if k in RECORD_SHORTHANDS}
    subscription = _subscription(gen, shorthands)
    if subscription.fifo:
        # FIFO topics deliver to SQS queues only, never to a Lambda subscription.
        raise override_error(
            f"FIFO topics cannot deliver to Lambda (use the sns_sqs source), got {subscription.topic_arn!r}"
        )
    published = gen.ms_ago()
    return {"Records": [sns_record(gen, subscription, {**per_record, **items[0]}, published_ms=published)]}


# -- sns_sqs: an SQS subscription (raw message delivery off) ------------------------------------------


def _sns_sqs_fifo(shorthands: dict[str, Any]) -> bool:
    flag = shorthands.get("fifo", False)
    if not isinstance(flag, bool):
        raise override_error(f"fifo must be True or False, got {flag!r}")
    return flag or any(str(shorthands.get(k, "")).endswith(".fifo") for k in ("topic", "queue"))


def sns_sqs_event(gen: Gen, shorthands: dict[str, Any]) -> SQSEvent:
    """SQS messages whose bodies are SNS notifications: the SNS -> SQS -> Lambda fan-out."""
    fifo = _sns_sqs_fifo(shorthands)
    subscription = _subscription(gen, shorthands, fifo=fifo)
    queue = queue_name(gen, {"fifo": fifo, **{k: v for k, v in shorthands.items() if k == "queue"}})
    limit = FIFO_RECORDS_LIMIT if fifo else SQS_RECORDS_LIMIT
    items = record_overrides(shorthands.get("records", 1), limit, "SNS-to-SQS")
    per_record = {k: v for k, v in shorthands.items() if k in (*RECORD_SHORTHANDS, "group_id")}
    # SQS records a message SNS sends under SNS's own principal (an IAM user id, AIDA...).
    sender = f"AIDA{gen.alnum(17)}"
    published = gen.ms_ago() - len(items)
    # FIFO topics number their messages: 20 digits, increasing within a message group.
    sequence = 10**19 + gen.integer(0, 10**12) * 1000
    records = []
    for i, item in enumerate({**per_record, **item} for item in items):
        sns_short = {k: v for k, v in item.items() if k in RECORD_SHORTHANDS}
        sqs_fields = {k: v for k, v in item.items() if k not in RECORD_SHORTHANDS}
        n = sns_notification(
            gen,
            sns_short,
            subscription,
            published_ms=published + i,
            sequence_number=str(sequence + 1000 * i) if fifo else None,
        )
        overrides: dict[str, Any] = {"body": notification_json(n), "queue": queue, "attributes": {"SenderId": sender}}
        deep_merge(overrides, sqs_fields, "Records[]")
        # SQS stamps SentTimestamp a few milliseconds after SNS published the message.
        sent = min(published + i + gen.integer(5, 40), gen.now_ms)
        records.append(sqs_record(gen, overrides, sent_ms=sent))
    return {"Records": records}


register(
    EventSource(
        "sns",
        "An Amazon SNS notification delivered to a Lambda subscription",
        sns_event,  # type: ignore[arg-type]
        SHORTHANDS,
        records_limit=RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html",
    )
)

register(
    EventSource(
        "sns_sqs",
        "Amazon SNS notifications delivered through an SQS queue subscribed to the topic",
        sns_sqs_event,  # type: ignore[arg-type]
        SQS_SHORTHANDS,
        records_limit=SQS_RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html",
        variants={"fifo": "False (default) or True: a FIFO topic and queue (SequenceNumber, no signature)"},
    )
)
