"""Amazon Kinesis Data Streams events: a batch of records read from one shard, alone or with its tumbling
window (``kinesis_window``; the window's fields are in ``_tumbling_window``).

https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html (example event and field meanings) and
https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html (tumbling windows).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal, TypedDict

from pytest_lambda.errors import with_docs
from pytest_lambda.events._common import (
    EventOverrideError,
    Gen,
    b64,
    batch_overrides,
    deep_merge,
    split_overrides,
)
from pytest_lambda.events._registry import EventSource, register
from pytest_lambda.events._tumbling_window import WINDOW_SHORTHANDS, TimeWindow, TimeWindowFields, window

__all__ = [
    "KinesisData",
    "KinesisEvent",
    "KinesisRecord",
    "KinesisTimeWindowEvent",
    "TimeWindow",
    "data_bytes",
    "default_payload",
    "kinesis_event",
    "kinesis_record",
    "kinesis_window_event",
    "sequence_numbers",
]


class KinesisData(TypedDict):
    kinesisSchemaVersion: str
    partitionKey: str
    sequenceNumber: str
    data: str
    approximateArrivalTimestamp: float


class KinesisRecord(TypedDict):
    kinesis: KinesisData
    eventSource: Literal["aws:kinesis"]
    eventVersion: str
    eventID: str
    eventName: Literal["aws:kinesis:record"]
    invokeIdentityArn: str
    awsRegion: str
    eventSourceARN: str


class KinesisEvent(TypedDict):
    Records: list[KinesisRecord]


# The event source mapping's BatchSize for Kinesis goes up to 10,000 records.
RECORDS_LIMIT = 10_000
RECORD_SHORTHANDS = ("data", "partition_key")
SHORTHANDS = ("records", "stream", *RECORD_SHORTHANDS)


def data_bytes(value: Any, *, field: str = "data") -> bytes:
    """A payload shorthand as bytes: dict/list/number -> JSON, str -> UTF-8, bytes as they are."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, (dict, list, int, float, bool)) or value is None:
        return json.dumps(value).encode()
    raise EventOverrideError(
        with_docs(f"{field} must be a dict or list (sent as JSON), a str or bytes, got {value!r}", "event-overrides")
    )


def default_payload(gen: Gen) -> dict[str, Any]:
    """A small, realistic JSON record (a click-stream style event) drawn from ``gen``."""
    return {
        "eventId": gen.uuid(),
        "type": gen.pick("word"),
        "user": gen.pick("email"),
        "sourceIp": gen.pick("ipv4"),
        "amount": gen.integer(1, 50_000) / 100,
        "at": Gen.iso(gen.ms_ago(60_000)),
    }


def sequence_numbers(gen: Gen, count: int) -> list[str]:
    """``count`` shard sequence numbers, unique and increasing: 56 digits as Kinesis issues them."""
    current = int("49" + gen.digits(54))
    numbers = []
    for _ in range(count):
        current += gen.integer(10**18, 10**21)
        numbers.append(str(current))
    return numbers


def arrival_times(gen: Gen, count: int, max_ms: int = 60_000) -> list[int]:
    """``count`` non-decreasing arrival times (epoch ms) shortly before now."""
    return sorted(gen.ms_ago(max_ms) for _ in range(count))


def shard_id(gen: Gen) -> str:
    """``shardId-000000000003``: the shard ids Kinesis assigns (12 digits)."""
    return f"shardId-{gen.integer(0, 7):012d}"


def kinesis_record(
    gen: Gen,
    overrides: dict[str, Any] | None = None,
    *,
    stream_arn: str,
    shard: str,
    sequence_number: str,
    arrival_ms: int,
    role_arn: str,
) -> KinesisRecord:
    """One record as the event source mapping delivers it; ``overrides`` may use the record shorthands."""
    short, fields = split_overrides(_RECORD_KEYS, overrides or {}, RECORD_SHORTHANDS, "Kinesis record")
    payload = data_bytes(short["data"]) if "data" in short else json.dumps(default_payload(gen)).encode()
    partition_key = str(short["partition_key"]) if "partition_key" in short else gen.uuid()
    record: KinesisRecord = {
        "kinesis": {
            "kinesisSchemaVersion": "1.0",
            "partitionKey": partition_key,
            "sequenceNumber": sequence_number,
            "data": b64(payload),
            # Epoch seconds with millisecond precision, as a number.
            "approximateArrivalTimestamp": round(arrival_ms / 1000, 3),
        },
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"{shard}:{sequence_number}",
        "eventName": "aws:kinesis:record",
        "invokeIdentityArn": role_arn,
        "awsRegion": gen.region,
        "eventSourceARN": stream_arn,
    }
    deep_merge(record, fields, "Records[]")  # type: ignore[arg-type]
    # The event id is "<shard id>:<sequence number>": keep it in step with an overridden sequence number.
    record["eventID"] = f"{record['eventID'].rsplit(':', 1)[0]}:{record['kinesis']['sequenceNumber']}"
    return record


_RECORD_KEYS = frozenset(KinesisRecord.__annotations__)


def _shard_batch(
    gen: Gen, shorthands: dict[str, Any], arrivals: Callable[[int], list[int]]
) -> tuple[list[KinesisRecord], str, str]:
    """(records, shard id, stream ARN) of one shard's batch: sequence numbers unique and increasing, the
    ``arrivals(count)`` times in order."""
    items = batch_overrides(shorthands, RECORD_SHORTHANDS, RECORDS_LIMIT, "Kinesis")
    stream = str(shorthands.get("stream", f"{gen.pick('word')}-stream"))
    stream_arn = gen.arn("kinesis", f"stream/{stream}")
    # IAM is global: its ARNs have an empty region.
    role_arn = gen.arn("iam", f"role/{gen.pick('word')}-lambda-role", region="")
    shard = shard_id(gen)
    sequences = sequence_numbers(gen, len(items))
    times = arrivals(len(items))
    records = [
        kinesis_record(
            gen,
            item,
            stream_arn=stream_arn,
            shard=shard,
            sequence_number=sequences[i],
            arrival_ms=times[i],
            role_arn=role_arn,
        )
        for i, item in enumerate(items)
    ]
    return records, shard, stream_arn


def kinesis_event(gen: Gen, shorthands: dict[str, Any]) -> KinesisEvent:
    """A batch of records from one shard: sequence numbers unique and increasing, arrivals in order."""
    records, _, _ = _shard_batch(gen, shorthands, lambda count: arrival_times(gen, count))
    return {"Records": records}


register(
    EventSource(
        "kinesis",
        "Amazon Kinesis Data Streams records from an event source mapping",
        kinesis_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("kinesis_stream",),
        records_limit=RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html",
    )
)


# -- kinesis_window: the batch with its tumbling window -----------------------------------------------------


class KinesisTimeWindowEvent(TimeWindowFields):
    Records: list[KinesisRecord]


WINDOW_EVENT_SHORTHANDS = (*SHORTHANDS, *WINDOW_SHORTHANDS)


def kinesis_window_event(gen: Gen, shorthands: dict[str, Any]) -> KinesisTimeWindowEvent:
    """A Kinesis batch read from one shard with the tumbling window it belongs to."""
    batch_window = window(gen, shorthands)
    records, shard, stream_arn = _shard_batch(gen, shorthands, lambda count: batch_window.record_times(gen, count))
    return {"Records": records, **batch_window.fields(shard=shard, source_arn=stream_arn)}


register(
    EventSource(
        "kinesis_window",
        "Amazon Kinesis Data Streams records with a tumbling window and its state",
        kinesis_window_event,  # type: ignore[arg-type]
        WINDOW_EVENT_SHORTHANDS,
        aliases=("kinesis_tumbling_window",),
        records_limit=RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html",
    )
)
