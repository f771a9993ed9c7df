"""Amazon Kinesis Data Analytics (SQL applications) events: records to preprocess, or output rows to deliver.

https://docs.aws.amazon.com/kinesisanalytics/latest/dev/lambda-preprocessing.html (the preprocessing request
models, for a Kinesis data stream source and a Firehose delivery stream source) and
https://docs.aws.amazon.com/kinesisanalytics/latest/dev/how-it-works-output-lambda.html (the output delivery
request model). KPL-aggregated records follow
https://github.com/awslabs/amazon-kinesis-producer/blob/master/aggregation-format.md.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import (
    Gen,
    b64,
    batch_overrides,
    deep_merge,
    one_of,
    override_error,
    split_overrides,
)
from pytest_lambda.events._registry import EventSource, register, register_preset
from pytest_lambda.events.kinesis import arrival_times, data_bytes, default_payload, sequence_numbers, shard_id

__all__ = [
    "KPL_MAGIC",
    "KinesisAnalyticsDeliveryRecordMetadata",
    "KinesisAnalyticsEvent",
    "KinesisAnalyticsFirehoseRecordMetadata",
    "KinesisAnalyticsRecord",
    "KinesisAnalyticsStreamRecordMetadata",
    "kinesis_analytics_event",
    "kpl_aggregate",
]

Invocation = Literal["stream-preprocessing", "firehose-preprocessing", "output-delivery"]


class KinesisAnalyticsStreamRecordMetadata(TypedDict):
    shardId: str
    partitionKey: str
    approximateArrivalTimestamp: int
    sequenceNumber: str


class KinesisAnalyticsFirehoseRecordMetadata(TypedDict):
    approximateArrivalTimestamp: int


class KinesisAnalyticsDeliveryRecordMetadata(TypedDict):
    retryHint: int


class _KinesisAnalyticsRecordBase(TypedDict):
    recordId: str
    data: str


class KinesisAnalyticsRecord(_KinesisAnalyticsRecordBase, total=False):
    # Exactly one of the three, by invocation: a Kinesis data stream source, a Firehose source, or output.
    kinesisStreamRecordMetadata: KinesisAnalyticsStreamRecordMetadata
    kinesisFirehoseRecordMetadata: KinesisAnalyticsFirehoseRecordMetadata
    lambdaDeliveryRecordMetadata: KinesisAnalyticsDeliveryRecordMetadata


class _KinesisAnalyticsEventBase(TypedDict):
    invocationId: str
    applicationArn: str
    records: list[KinesisAnalyticsRecord]


class KinesisAnalyticsEvent(_KinesisAnalyticsEventBase, total=False):
    # Only in preprocessing: the source stream (a Kinesis data stream or a Firehose delivery stream).
    streamArn: str


# Who invokes the function: preprocessing of a Kinesis data stream's records, of a Firehose delivery
# stream's records, or delivery of the application's output rows (each its own request model).
INVOCATIONS: tuple[Invocation, ...] = ("stream-preprocessing", "firehose-preprocessing", "output-delivery")
# No record count is documented: Lambda's 6 MB invoke payload bounds a batch (larger ones are split).
RECORDS_LIMIT = 10_000
RECORD_SHORTHANDS = ("data", "partition_key")
SHORTHANDS = ("records", "invocation", "application", "stream", "gzip", "aggregate", *RECORD_SHORTHANDS)
# The 4 bytes that start a KPL aggregated record (aggregation-format.md).
KPL_MAGIC = b"\xf3\x89\x9a\xc2"
# A KPL aggregated record is at most 1 MB, Kinesis's record size limit: at most this many user records here.
AGGREGATE_LIMIT = 1_000

_SECTORS = ("TECHNOLOGY", "HEALTHCARE", "ENERGY", "FINANCIAL", "RETAIL", "AUTOMOBILE")
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _invocation(shorthands: Mapping[str, Any]) -> Invocation:
    return one_of(shorthands, "invocation", INVOCATIONS)


# -- KPL aggregation ------------------------------------------------------------------------------------


def _varint(value: int) -> bytes:
    """A protobuf base-128 varint."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _length_delimited(field: int, payload: bytes) -> bytes:
    """A protobuf length-delimited field (wire type 2): tag, length, bytes."""
    return _varint(field << 3 | 2) + _varint(len(payload)) + payload


def kpl_aggregate(user_records: list[tuple[str, bytes]]) -> bytes:
    """``(partition key, data)`` user records as one KPL aggregated record.

    Magic number, then the protobuf ``AggregatedRecord`` (partition_key_table = 1, records = 3; each
    ``Record`` with partition_key_index = 1 and data = 3), then the MD5 of that protobuf message.
    """
    table: dict[str, int] = {}
    records = b""
    for key, data in user_records:
        index = table.setdefault(key, len(table))
        record = _varint(1 << 3 | 0) + _varint(index) + _length_delimited(3, data)
        records += _length_delimited(3, record)
    message = b"".join(_length_delimited(1, key.encode()) for key in table) + records
    return KPL_MAGIC + message + hashlib.md5(message).digest()


# -- payloads ---------------------------------------------------------------------------------------------


def _output_row(gen: Gen, epoch_ms: int) -> dict[str, Any]:
    """A row of a SQL application's output stream (the stock ticker demo's columns), as JSON output writes it."""
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    return {
        "ROWTIME_TIMESTAMP": f"{moment}.{epoch_ms % 1000:03d}",
        "TICKER_SYMBOL": gen.alnum(gen.integer(2, 4), _UPPER),
        "SECTOR": _SECTORS[gen.integer(0, len(_SECTORS) - 1)],
        "CHANGE": round(gen.integer(-500, 500) / 100, 2),
        "PRICE": round(gen.integer(500, 50_000) / 100, 2),
    }


def _gzip(data: bytes) -> bytes:
    # mtime 0: the same bytes every time (a producer's gzip header would carry its clock).
    return gzip.compress(data, mtime=0)


def _aggregate_count(shorthands: Mapping[str, Any], invocation: Invocation) -> int | None:
    value = shorthands.get("aggregate")
    if value is None or value is False:
        return None
    if invocation != "stream-preprocessing":
        raise override_error(
            "aggregate applies to KPL records of a Kinesis data stream (invocation='stream-preprocessing'), "
            f"not to invocation={invocation!r}"
        )
    count = 1 if value is True else value
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= AGGREGATE_LIMIT:
        raise override_error(
            f"aggregate must be the number of user records per KPL record, 1 to {AGGREGATE_LIMIT}, got {value!r}"
        )
    return count


def _record(
    gen: Gen,
    overrides: dict[str, Any],
    *,
    invocation: Invocation,
    record_id: str,
    arrival_ms: int,
    shard: str,
    compress: bool,
    aggregate: int | None,
) -> KinesisAnalyticsRecord:
    """One record of the batch; ``overrides`` may use the record shorthands and AWS field names."""
    short, fields = split_overrides(_RECORD_KEYS, overrides, RECORD_SHORTHANDS, "Kinesis Analytics record")
    if "partition_key" in short and invocation != "stream-preprocessing":
        raise override_error("partition_key applies to Kinesis data stream records (invocation='stream-preprocessing')")

    def payload() -> bytes:
        if "data" in short:
            raw = data_bytes(short["data"])
        elif invocation == "output-delivery":
            raw = json.dumps(_output_row(gen, arrival_ms)).encode()
        else:
            raw = json.dumps(default_payload(gen)).encode()
        return _gzip(raw) if compress else raw

    def key() -> str:
        return str(short["partition_key"]) if "partition_key" in short else gen.uuid()

    if aggregate is not None:
        user_records = [(key(), payload()) for _ in range(aggregate)]
        # The Kinesis record is put under its first user record's partition key.
        partition_key, data = user_records[0][0], kpl_aggregate(user_records)
    else:
        data = payload()
        partition_key = key() if invocation == "stream-preprocessing" else ""
    record: KinesisAnalyticsRecord = {"recordId": record_id}  # type: ignore[typeddict-item]
    if invocation == "stream-preprocessing":
        record["kinesisStreamRecordMetadata"] = {
            "shardId": shard,
            "partitionKey": partition_key,
            # Epoch milliseconds, as an integer (unlike Lambda's own Kinesis events, in seconds).
            "approximateArrivalTimestamp": arrival_ms,
            "sequenceNumber": record_id,
        }
    elif invocation == "firehose-preprocessing":
        record["kinesisFirehoseRecordMetadata"] = {"approximateArrivalTimestamp": arrival_ms}
    else:
        # Increases with every failed delivery of the record; 0 on the first attempt.
        record["lambdaDeliveryRecordMetadata"] = {"retryHint": 0}
    record["data"] = b64(data)
    deep_merge(record, fields, "records[]")  # type: ignore[arg-type]
    # A stream record's id is its sequence number ("record ID based off of Kinesis record sequence number").
    metadata = record.get("kinesisStreamRecordMetadata")
    if metadata is not None and "recordId" not in fields:
        record["recordId"] = metadata["sequenceNumber"]
    return record


_RECORD_KEYS = frozenset({*_KinesisAnalyticsRecordBase.__annotations__, *KinesisAnalyticsRecord.__annotations__})


def kinesis_analytics_event(gen: Gen, shorthands: dict[str, Any]) -> KinesisAnalyticsEvent:
    """A preprocessing batch or an output delivery; record ids are unique and arrivals in order.

    ``gzip=True`` compresses each payload (as producers that gzip their records do); ``aggregate=N``
    packs N user records into each Kinesis record in the KPL aggregation format.
    """
    invocation = _invocation(shorthands)
    compress = bool(shorthands.get("gzip", False))
    aggregate = _aggregate_count(shorthands, invocation)
    if "stream" in shorthands and invocation == "output-delivery":
        raise override_error("stream names the source of preprocessing; output delivery events have no streamArn")
    items = batch_overrides(shorthands, RECORD_SHORTHANDS, RECORDS_LIMIT, "Kinesis Analytics")
    application = str(shorthands.get("application", f"{gen.pick('word')}-analytics"))
    event: KinesisAnalyticsEvent = {
        "invocationId": gen.uuid(),
        "applicationArn": gen.arn("kinesisanalytics", f"application/{application}"),
    }  # type: ignore[typeddict-item]
    if invocation == "stream-preprocessing":
        name = str(shorthands["stream"]) if "stream" in shorthands else f"{gen.pick('word')}-stream"
        event["streamArn"] = gen.arn("kinesis", f"stream/{name}")
    elif invocation == "firehose-preprocessing":
        name = str(shorthands["stream"]) if "stream" in shorthands else f"{gen.pick('word')}-delivery-stream"
        event["streamArn"] = gen.arn("firehose", f"deliverystream/{name}")
    record_ids = sequence_numbers(gen, len(items))
    arrivals = arrival_times(gen, len(items))
    # Records of one batch come from one shard (as a Kinesis event source mapping reads them).
    shard = shard_id(gen)
    event["records"] = [
        _record(
            gen,
            item,
            invocation=invocation,
            record_id=record_ids[i],
            arrival_ms=arrivals[i],
            shard=shard,
            compress=compress,
            aggregate=aggregate,
        )
        for i, item in enumerate(items)
    ]
    return event


register(
    EventSource(
        "kinesis_analytics",
        "Amazon Kinesis Data Analytics (SQL) records to preprocess, or application output to deliver",
        kinesis_analytics_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("kinesis_data_analytics",),
        records_limit=RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/kinesisanalytics/latest/dev/lambda-preprocessing.html",
        variants={"invocation": " | ".join(INVOCATIONS)},
    )
)

# -- `sam local generate-event kinesis <kind>`: Kinesis Data Analytics ------------------------------------
register_preset("kinesis:analytics", "kinesis_analytics", "Kinesis Data Analytics preprocessing of stream records")
register_preset(
    "kinesis:analytics-compressed",
    "kinesis_analytics",
    "Kinesis Data Analytics preprocessing of gzip-compressed stream records",
    gzip=True,
)
register_preset(
    "kinesis:analytics-dynamodb",
    "kinesis_analytics",
    "Kinesis Data Analytics output rows delivered to a Lambda (the DynamoDB output blueprint)",
    invocation="output-delivery",
)
register_preset(
    "kinesis:analytics-kpl",
    "kinesis_analytics",
    "Kinesis Data Analytics preprocessing of KPL-aggregated stream records",
    aggregate=4,
    records=2,
)

# -- `sam local generate-event` kinds of sources no module of their own names --------------------------
register_preset("kinesis:get-records", "kinesis", "Kinesis Data Streams records from an event source mapping")
register_preset("dynamodb:update", "dynamodb", "A DynamoDB Streams MODIFY record", event_name="MODIFY")
register_preset("cloudwatch:logs", "cloudwatch_logs", "CloudWatch Logs events from a subscription filter")
register_preset("cloudwatch:scheduled-event", "schedule", "An EventBridge (CloudWatch Events) scheduled rule's event")
