"""Amazon SQS events: a batch of messages delivered by the event source mapping; the message record
other sources carry SQS messages in (S3 and SNS through SQS, Firehose from SQS) and its attributes' MD5.

https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html (example event and field meanings) and
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html (MD5s).
"""

from __future__ import annotations

import base64
import hashlib
import struct
from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from pytest_lambda.errors import with_docs
from pytest_lambda.events._common import (
    EventOverrideError,
    Gen,
    b64,
    body_text,
    deep_merge,
    md5_hex,
    record_overrides,
    split_overrides,
)
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "SQSEvent",
    "SQSMessageAttribute",
    "SQSRecord",
    "SQSRecordAttributes",
    "message_attributes_md5",
    "sqs_event",
    "sqs_record",
]


class SQSRecordAttributes(TypedDict, total=False):
    ApproximateReceiveCount: str
    SentTimestamp: str
    SenderId: str
    ApproximateFirstReceiveTimestamp: str
    MessageGroupId: str
    MessageDeduplicationId: str
    SequenceNumber: str
    AWSTraceHeader: str


class SQSMessageAttribute(TypedDict, total=False):
    stringValue: str
    binaryValue: str
    stringListValues: list[str]
    binaryListValues: list[str]
    dataType: str


class SQSRecord(TypedDict):
    messageId: str
    receiptHandle: str
    body: str
    attributes: SQSRecordAttributes
    messageAttributes: dict[str, SQSMessageAttribute]
    md5OfBody: str
    eventSource: Literal["aws:sqs"]
    eventSourceARN: str
    awsRegion: str


class SQSEvent(TypedDict):
    Records: list[SQSRecord]


# A standard queue's batch holds up to 10,000 messages (with a batching window), a FIFO queue's 10
# (BatchSize, API_CreateEventSourceMapping.html).
RECORDS_LIMIT = 10_000
RECORD_SHORTHANDS = ("body", "message_attributes", "queue", "fifo", "group_id")
SHORTHANDS = ("records", *RECORD_SHORTHANDS)


def _attribute(value: Any) -> SQSMessageAttribute:
    if isinstance(value, (bytes, bytearray)):
        return {"binaryValue": b64(bytes(value)), "stringListValues": [], "binaryListValues": [], "dataType": "Binary"}
    kind = "Number" if isinstance(value, (int, float)) and not isinstance(value, bool) else "String"
    return {"stringValue": str(value), "stringListValues": [], "binaryListValues": [], "dataType": kind}


def _attributes(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise EventOverrideError(
            with_docs(f"message_attributes must be a dict of name to value, got {value!r}", "event-overrides")
        )
    return dict(value)


def _length_prefixed(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def message_attributes_md5(attributes: Mapping[str, SQSMessageAttribute]) -> str | None:
    """SQS's MD5OfMessageAttributes: for each attribute by name, the length-prefixed name, data type,
    a transport byte (1 string, 2 binary) and the length-prefixed value; None without attributes.

    https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
    """
    if not attributes:
        return None
    digest = hashlib.md5()
    for name in sorted(attributes):
        attribute = attributes[name]
        digest.update(_length_prefixed(name.encode()) + _length_prefixed(attribute["dataType"].encode()))
        if "binaryValue" in attribute:
            digest.update(b"\x02" + _length_prefixed(base64.b64decode(attribute["binaryValue"])))
        else:
            digest.update(b"\x01" + _length_prefixed(attribute.get("stringValue", "").encode()))
    return digest.hexdigest()


def queue_name(gen: Gen, shorthands: dict[str, Any]) -> str:
    """The queue of a batch: the ``queue`` shorthand or a generated name, ``.fifo`` for FIFO queues."""
    fifo = bool(shorthands.get("fifo", False)) or str(shorthands.get("queue", "")).endswith(".fifo")
    queue = str(shorthands["queue"]) if "queue" in shorthands else f"{gen.pick('word')}-queue"
    return queue + ".fifo" if fifo and not queue.endswith(".fifo") else queue


def sqs_record(gen: Gen, overrides: dict[str, Any] | None = None, *, sent_ms: int | None = None) -> SQSRecord:
    """One message as the event source mapping delivers it; ``overrides`` may use the record shorthands."""
    short, fields = split_overrides(_RECORD_KEYS, overrides or {}, RECORD_SHORTHANDS, "SQS record")
    queue = queue_name(gen, short)
    fifo = queue.endswith(".fifo")
    body, _ = body_text(short["body"], field="body") if "body" in short else (gen.pick("sentence"), False)
    sent = gen.ms_ago() if sent_ms is None else sent_ms
    attributes: SQSRecordAttributes = {
        "ApproximateReceiveCount": "1",
        "SentTimestamp": str(sent),
        "SenderId": f"AROA{gen.alnum(17)}:{gen.pick('first_name').lower()}",
        "ApproximateFirstReceiveTimestamp": str(min(sent + gen.integer(1, 50), gen.now_ms)),
    }
    if fifo:
        attributes["MessageGroupId"] = str(short.get("group_id", gen.pick("word")))
        attributes["MessageDeduplicationId"] = gen.hex(64)
        attributes["SequenceNumber"] = gen.digits(20)
    message_id = gen.uuid()
    record: SQSRecord = {
        "messageId": message_id,
        # Receipt handles are opaque base64 strings, unique per receive.
        "receiptHandle": "AQEB" + b64(gen.random.randbytes(90)),
        "body": body,
        "attributes": attributes,
        "messageAttributes": {k: _attribute(v) for k, v in _attributes(short.get("message_attributes", {})).items()},
        "md5OfBody": md5_hex(body),
        "eventSource": "aws:sqs",
        "eventSourceARN": gen.arn("sqs", queue),
        "awsRegion": gen.region,
    }
    deep_merge(record, fields, "Records[]")  # type: ignore[arg-type]
    record["md5OfBody"] = md5_hex(record["body"])
    return record


_RECORD_KEYS = frozenset(SQSRecord.__annotations__)


def sqs_event(gen: Gen, shorthands: dict[str, Any]) -> SQSEvent:
    """A batch of SQS messages; every message id and receipt handle is unique within it."""
    per_record = {k: v for k, v in shorthands.items() if k in RECORD_SHORTHANDS}
    # One event source mapping reads one queue: every record of the batch names it.
    per_record["queue"] = queue_name(gen, per_record)
    items = record_overrides(shorthands.get("records", 1), RECORDS_LIMIT, "SQS")
    sent = gen.ms_ago()
    return {"Records": [sqs_record(gen, {**per_record, **item}, sent_ms=sent + i) for i, item in enumerate(items)]}


register(
    EventSource(
        "sqs",
        "Amazon SQS messages from an event source mapping",
        sqs_event,  # type: ignore[arg-type]
        SHORTHANDS,
        records_limit=RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html",
    )
)
