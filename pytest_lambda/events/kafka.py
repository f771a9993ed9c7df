"""Apache Kafka events: self-managed clusters and Amazon MSK, records grouped by topic-partition.

https://docs.aws.amazon.com/lambda/latest/dg/with-kafka.html (self-managed: example event) and
https://docs.aws.amazon.com/lambda/latest/dg/with-msk.html (Amazon MSK: example event).
"""

from __future__ import annotations

from collections.abc import Mapping
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
from pytest_lambda.events.kinesis import data_bytes, default_payload

__all__ = [
    "KafkaRecord",
    "MSKEvent",
    "SelfManagedKafkaEvent",
    "java_bytes",
    "kafka_event",
    "kafka_records",
    "msk_event",
]


class _KafkaRecordBase(TypedDict):
    topic: str
    partition: int
    offset: int
    timestamp: int
    timestampType: Literal["CREATE_TIME", "LOG_APPEND_TIME"]
    value: str
    headers: list[dict[str, list[int]]]


class KafkaRecord(_KafkaRecordBase, total=False):
    # Absent when the producer sent no key.
    key: str


class SelfManagedKafkaEvent(TypedDict):
    eventSource: Literal["SelfManagedKafka"]
    bootstrapServers: str
    records: dict[str, list[KafkaRecord]]


class MSKEvent(TypedDict):
    eventSource: Literal["aws:kafka"]
    eventSourceArn: str
    bootstrapServers: str
    records: dict[str, list[KafkaRecord]]


# The event source mapping's BatchSize for Kafka (MSK and self-managed) goes up to 10,000 records.
RECORDS_LIMIT = 10_000
RECORD_SHORTHANDS = ("value", "key", "headers", "topic", "partition")
SHORTHANDS = ("records", *RECORD_SHORTHANDS)
MSK_SHORTHANDS = ("records", "cluster", *RECORD_SHORTHANDS)


def java_bytes(data: bytes) -> list[int]:
    """Bytes as Lambda's Java poller writes a ``byte[]`` header value: signed integers, -128 to 127."""
    return [b - 256 if b > 127 else b for b in data]


def _content_type(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return "application/octet-stream"
    return "text/plain" if isinstance(value, str) else "application/json"


def _headers(value: Any) -> list[dict[str, list[int]]]:
    if not isinstance(value, Mapping):
        raise override_error(f"headers must be a dict of header name -> str or bytes, got {value!r}")
    return [{str(name): java_bytes(data_bytes(v, field=f"headers[{name!r}]"))} for name, v in value.items()]


def _partition(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise override_error(f"partition must be a non-negative int, got {value!r}")
    return value


def kafka_records(gen: Gen, shorthands: dict[str, Any]) -> dict[str, list[KafkaRecord]]:
    """The ``records`` map: ``"<topic>-<partition>"`` -> that partition's records, offsets consecutive."""
    items = batch_overrides(shorthands, RECORD_SHORTHANDS, RECORDS_LIMIT, "Kafka")
    default_topic = f"{gen.pick('word')}-events"
    partitions = gen.integer(1, 3)
    stamps = sorted(gen.ms_ago(60_000) for _ in items)
    next_offset: dict[tuple[str, int], int] = {}
    grouped: dict[str, list[KafkaRecord]] = {}
    for stamp, item in zip(stamps, items, strict=True):
        short, fields = split_overrides(_RECORD_KEYS, item, RECORD_SHORTHANDS, "Kafka record")
        topic = str(short.get("topic", default_topic))
        partition = _partition(short["partition"]) if "partition" in short else gen.integer(0, partitions - 1)
        # Lambda reads each partition in order: a partition's offsets in one batch are consecutive.
        offset = next_offset.get((topic, partition))
        if offset is None:
            offset = gen.integer(0, 5_000_000)
        next_offset[topic, partition] = offset + 1
        value = short["value"] if "value" in short else default_payload(gen)
        record: KafkaRecord = {
            "topic": topic,
            "partition": partition,
            "offset": offset,
            "timestamp": stamp,
            "timestampType": "CREATE_TIME",
            "value": b64(data_bytes(value, field="value")),
            "headers": _headers(short["headers"])
            if "headers" in short
            else [{"content-type": java_bytes(_content_type(value).encode())}],
        }
        key = short["key"] if "key" in short else gen.uuid()
        if key is not None:
            record["key"] = b64(data_bytes(key, field="key"))
        deep_merge(record, fields, "records[]")  # type: ignore[arg-type]
        grouped.setdefault(f"{record['topic']}-{record['partition']}", []).append(record)
    return grouped


_RECORD_KEYS = frozenset({*_KafkaRecordBase.__annotations__, "key"})


def kafka_event(gen: Gen, shorthands: dict[str, Any]) -> SelfManagedKafkaEvent:
    """A self-managed Kafka batch: the brokers are the ones the event source mapping was given."""
    domain = gen.pick("domain")
    servers = ",".join(f"kafka-{i}.{domain}:9092" for i in range(1, gen.integer(2, 3) + 1))
    return {"eventSource": "SelfManagedKafka", "bootstrapServers": servers, "records": kafka_records(gen, shorthands)}


def msk_event(gen: Gen, shorthands: dict[str, Any]) -> MSKEvent:
    """An Amazon MSK batch: the cluster ARN and its broker endpoints name the same cluster and region."""
    cluster = str(shorthands.get("cluster", f"{gen.pick('word')}-cluster"))
    arn = gen.arn("kafka", f"cluster/{cluster}/{gen.uuid()}-{gen.integer(1, 25)}")
    # Broker endpoints: b-N.<cluster>.<id>.c<M>.kafka.<region>.amazonaws.com, port 9098 for IAM auth.
    host = f"{cluster.lower()}.{gen.alnum(6, 'abcdefghijklmnopqrstuvwxyz0123456789')}.c{gen.integer(1, 3)}"
    servers = ",".join(f"b-{i}.{host}.kafka.{gen.region}.amazonaws.com:9098" for i in range(1, gen.integer(2, 3) + 1))
    return {
        "eventSource": "aws:kafka",
        "eventSourceArn": arn,
        "bootstrapServers": servers,
        "records": kafka_records(gen, shorthands),
    }


register(
    EventSource(
        "kafka",
        "Self-managed Apache Kafka records from an event source mapping",
        kafka_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("self_managed_kafka",),
        records_limit=RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/with-kafka.html",
    )
)
register(
    EventSource(
        "msk",
        "Amazon MSK (managed Kafka) records from an event source mapping",
        msk_event,  # type: ignore[arg-type]
        MSK_SHORTHANDS,
        aliases=("amazon_msk",),
        records_limit=RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/with-msk.html",
    )
)
