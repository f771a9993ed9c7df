"""Amazon Data Firehose data transformation events: a buffer of records for a Lambda to transform.

https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html (the transformation flow) and
https://docs.aws.amazon.com/lambda/latest/dg/services-kinesisfirehose.html (example event).
"""

from __future__ import annotations

import json
from typing import Any, Literal, TypedDict

from pytest_lambda.errors import with_docs
from pytest_lambda.events._common import Gen, b64, deep_merge, record_overrides, split_overrides
from pytest_lambda.events._registry import EventOverrideError, EventSource, register
from pytest_lambda.events.kinesis import arrival_times, data_bytes, default_payload, sequence_numbers, shard_id

__all__ = [
    "FirehoseEvent",
    "FirehoseRecord",
    "FirehoseRecordMetadata",
    "firehose_event",
    "firehose_record",
]

DeliveryStreamType = Literal["DirectPut", "KinesisStreamAsSource"]


class FirehoseRecordMetadata(TypedDict):
    shardId: str
    partitionKey: str
    approximateArrivalTimestamp: int
    sequenceNumber: str
    subsequenceNumber: int


class _FirehoseRecordBase(TypedDict):
    recordId: str
    approximateArrivalTimestamp: int
    data: str


class FirehoseRecord(_FirehoseRecordBase, total=False):
    # Only when the delivery stream reads a Kinesis data stream.
    kinesisRecordMetadata: FirehoseRecordMetadata


class _FirehoseEventBase(TypedDict):
    invocationId: str
    deliveryStreamArn: str
    region: str
    records: list[FirehoseRecord]


class FirehoseEvent(_FirehoseEventBase, total=False):
    # Only when the delivery stream reads a Kinesis data stream.
    sourceKinesisStreamArn: str


# The delivery stream's DeliveryStreamType (CreateDeliveryStream API): data put directly, or read from
# a Kinesis data stream (then each record carries kinesisRecordMetadata).
DELIVERY_STREAM_TYPES: tuple[DeliveryStreamType, ...] = ("DirectPut", "KinesisStreamAsSource")
# Firehose documents no record count per invocation: the Lambda buffer (up to 3 MB) bounds it.
RECORDS_LIMIT = 10_000
RECORD_SHORTHANDS = ("data",)
SHORTHANDS = ("records", "delivery_stream", "delivery_stream_type", *RECORD_SHORTHANDS)


def _stream_type(shorthands: dict[str, Any]) -> DeliveryStreamType:
    value = shorthands.get("delivery_stream_type", "DirectPut")
    for choice in DELIVERY_STREAM_TYPES:
        if value == choice:
            return choice
    raise EventOverrideError(
        with_docs(
            f"delivery_stream_type must be one of {', '.join(DELIVERY_STREAM_TYPES)}, got {value!r}",
            "event-overrides",
        )
    )


def firehose_record(
    gen: Gen,
    overrides: dict[str, Any] | None = None,
    *,
    record_id: str,
    arrival_ms: int,
    kinesis_metadata: FirehoseRecordMetadata | None = None,
) -> FirehoseRecord:
    """One buffered record; ``overrides`` may use the ``data`` shorthand (bytes/str/dict -> base64)."""
    short, fields = split_overrides(_RECORD_KEYS, overrides or {}, RECORD_SHORTHANDS, "Firehose record")
    payload = data_bytes(short["data"]) if "data" in short else json.dumps(default_payload(gen)).encode()
    record: FirehoseRecord = {
        "recordId": record_id,
        # Firehose timestamps are epoch milliseconds (integers), unlike Kinesis's seconds.
        "approximateArrivalTimestamp": arrival_ms,
        "data": b64(payload),
    }
    if kinesis_metadata is not None:
        record["kinesisRecordMetadata"] = kinesis_metadata
    deep_merge(record, fields, "records[]")  # type: ignore[arg-type]
    return record


_RECORD_KEYS = frozenset({*_FirehoseRecordBase.__annotations__, "kinesisRecordMetadata"})


def firehose_event(gen: Gen, shorthands: dict[str, Any]) -> FirehoseEvent:
    """A transformation batch; record ids are unique, and Kinesis-sourced records carry their shard metadata."""
    stream_type = _stream_type(shorthands)
    per_record = {k: v for k, v in shorthands.items() if k in RECORD_SHORTHANDS}
    items = record_overrides(shorthands.get("records", 1), RECORDS_LIMIT, "Firehose")
    name = str(shorthands.get("delivery_stream", f"{gen.pick('word')}-delivery-stream"))
    record_ids = sequence_numbers(gen, len(items))
    arrivals = arrival_times(gen, len(items))
    metadata: list[FirehoseRecordMetadata | None] = [None] * len(items)
    source_arn = ""
    if stream_type == "KinesisStreamAsSource":
        source_arn = gen.arn("kinesis", f"stream/{gen.pick('word')}-stream")
        shard = shard_id(gen)
        sequences = sequence_numbers(gen, len(items))
        metadata = [
            {
                "shardId": shard,
                "partitionKey": gen.uuid(),
                # The record arrived in the source stream when Firehose says it did.
                "approximateArrivalTimestamp": arrivals[i],
                "sequenceNumber": sequences[i],
                "subsequenceNumber": 0,
            }
            for i in range(len(items))
        ]
    event: FirehoseEvent = {
        "invocationId": gen.uuid(),
        "deliveryStreamArn": gen.arn("firehose", f"deliverystream/{name}"),
        "region": gen.region,
        "records": [
            firehose_record(
                gen,
                {**per_record, **item},
                record_id=record_ids[i],
                arrival_ms=arrivals[i],
                kinesis_metadata=metadata[i],
            )
            for i, item in enumerate(items)
        ],
    }
    if source_arn:
        event["sourceKinesisStreamArn"] = source_arn
    return event


register(
    EventSource(
        "firehose",
        "Amazon Data Firehose records sent to a Lambda for transformation",
        firehose_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("kinesis_firehose",),
        records_limit=RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html",
        variants={"delivery_stream_type": " | ".join(DELIVERY_STREAM_TYPES)},
    )
)
