"""Amazon Data Firehose data transformation events: a buffer of records for a Lambda to transform, put
directly, read from a Kinesis data stream, or holding SQS messages (``firehose_sqs``).

https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html (the transformation flow) and
https://docs.aws.amazon.com/lambda/latest/dg/services-kinesisfirehose.html (example event). The ``payload``
variant fills the records with what the Lambda blueprints transform: Apache access log lines, syslog
lines, or CloudWatch Logs subscription batches (gzip-compressed JSON,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#FirehoseExample).
SQS messages reach a delivery stream through an EventBridge Pipe, as the pipe reads them
(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-sqs.html).
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import (
    Gen,
    b64,
    batch_overrides,
    body_text,
    deep_merge,
    one_of,
    split_overrides,
    text,
)
from pytest_lambda.events._registry import EventSource, register, register_preset
from pytest_lambda.events.cloudwatch_logs import CloudWatchLogsLogEvent, CloudWatchLogsPayload, encode_awslogs
from pytest_lambda.events.kinesis import arrival_times, data_bytes, default_payload, sequence_numbers, shard_id
from pytest_lambda.events.sqs import SQSRecord, message_attributes_md5, queue_name, sqs_record

__all__ = [
    "FirehoseEvent",
    "FirehoseRecord",
    "FirehoseRecordMetadata",
    "FirehoseSqsEvent",
    "FirehoseSqsMessage",
    "FirehoseSqsRecord",
    "apache_log_line",
    "firehose_event",
    "firehose_record",
    "firehose_sqs_event",
    "syslog_line",
]

DeliveryStreamType = Literal["DirectPut", "KinesisStreamAsSource"]
PayloadKind = Literal["json", "apache_log", "syslog", "cloudwatch_logs"]


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
# What the generated records hold (the ``data`` shorthand replaces it): a JSON document, an Apache access
# log line, a syslog line, or a CloudWatch Logs subscription batch.
PAYLOADS: tuple[PayloadKind, ...] = ("json", "apache_log", "syslog", "cloudwatch_logs")
RECORD_SHORTHANDS = ("data",)
SHORTHANDS = ("records", "delivery_stream", "delivery_stream_type", "payload", *RECORD_SHORTHANDS)

_SYSLOG_PROGRAMS = ("sshd", "CRON", "systemd", "dhclient", "nginx", "kernel")
_HTTP_METHODS = ("GET", "GET", "GET", "POST", "PUT", "DELETE", "HEAD")
_HTTP_STATUSES = (200, 200, 200, 200, 201, 204, 301, 304, 400, 403, 404, 500, 503)


def _stream_type(shorthands: dict[str, Any]) -> DeliveryStreamType:
    return one_of(shorthands, "delivery_stream_type", DELIVERY_STREAM_TYPES)


def apache_log_line(gen: Gen, epoch_ms: int) -> str:
    """An Apache Common Log Format line (https://httpd.apache.org/docs/2.4/logs.html#common)."""
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
    method = _HTTP_METHODS[gen.integer(0, len(_HTTP_METHODS) - 1)]
    status = _HTTP_STATUSES[gen.integer(0, len(_HTTP_STATUSES) - 1)]
    # No body for 204 and 304 responses: the size is "-".
    size = "-" if status in (204, 304) else str(gen.integer(128, 250_000))
    path = f"/{gen.pick('word')}/{gen.pick('file_name')}"
    return f'{gen.pick("ipv4")} - - [{moment}] "{method} {path} HTTP/1.1" {status} {size}'


def syslog_line(gen: Gen, epoch_ms: int) -> str:
    """A BSD syslog line as rsyslog writes it to /var/log/messages (RFC 3164 timestamp, host, tag[pid])."""
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc)
    stamp = f"{moment.strftime('%b')} {moment.day:>2} {moment.strftime('%H:%M:%S')}"
    host = f"ip-10-0-{gen.integer(0, 255)}-{gen.integer(1, 254)}"
    program = _SYSLOG_PROGRAMS[gen.integer(0, len(_SYSLOG_PROGRAMS) - 1)]
    return f"{stamp} {host} {program}[{gen.integer(300, 65_000)}]: {gen.pick('sentence')}"


def _cloudwatch_logs_batches(gen: Gen, arrivals: list[int]) -> list[bytes]:
    """One subscription filter on one log group feeding the delivery stream: each record is one batch.

    A batch is the payload a Lambda subscription gets in awslogs.data, gzip-compressed but not
    base64-encoded (Firehose base64-encodes every record's data); its log events precede the record's arrival.
    """
    group = f"/aws/lambda/{gen.pick('word')}-function"
    filter_name = f"{gen.pick('word')}-to-firehose"
    day = datetime.fromtimestamp(gen.now_ms / 1000, tz=timezone.utc).strftime("%Y/%m/%d")
    # Log event ids are 56-digit decimal strings, increasing within a stream.
    current = int("3" + gen.digits(55))
    batches = []
    for arrival in arrivals:
        request_id = gen.uuid()
        stamps = sorted(arrival - gen.integer(200, 5_000) for _ in range(gen.integer(1, 3)))
        events: list[CloudWatchLogsLogEvent] = []
        for stamp in stamps:
            current += gen.integer(10**20, 10**22)
            # The Python runtime's log line format: level, ISO time, request id, message.
            line = f"[INFO]\t{Gen.iso(stamp)}\t{request_id}\t{gen.pick('sentence')}\n"
            events.append({"id": str(current), "timestamp": stamp, "message": line})
        payload: CloudWatchLogsPayload = {
            "messageType": "DATA_MESSAGE",
            "owner": gen.account_id,
            "logGroup": group,
            "logStream": f"{day}/[$LATEST]{gen.hex(32)}",
            "subscriptionFilters": [filter_name],
            "logEvents": events,
        }
        batches.append(base64.b64decode(encode_awslogs(payload)))
    return batches


def _default_payloads(gen: Gen, kind: PayloadKind, arrivals: list[int]) -> list[bytes]:
    """One generated payload per record, dated just before its arrival."""
    if kind == "apache_log":
        return [apache_log_line(gen, ms - gen.integer(0, 1_000)).encode() for ms in arrivals]
    if kind == "syslog":
        return [syslog_line(gen, ms - gen.integer(0, 1_000)).encode() for ms in arrivals]
    if kind == "cloudwatch_logs":
        return _cloudwatch_logs_batches(gen, arrivals)
    return [json.dumps(default_payload(gen)).encode() for _ in arrivals]


def firehose_record(
    gen: Gen,
    overrides: dict[str, Any] | None = None,
    *,
    record_id: str,
    arrival_ms: int,
    kinesis_metadata: FirehoseRecordMetadata | None = None,
    default_data: bytes | None = None,
) -> FirehoseRecord:
    """One buffered record; ``overrides`` may use the ``data`` shorthand (bytes/str/dict -> base64)."""
    short, fields = split_overrides(_RECORD_KEYS, overrides or {}, RECORD_SHORTHANDS, "Firehose record")
    if "data" in short:
        payload = data_bytes(short["data"])
    else:
        payload = json.dumps(default_payload(gen)).encode() if default_data is None else default_data
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
    kind: PayloadKind = one_of(shorthands, "payload", PAYLOADS)
    items = batch_overrides(shorthands, RECORD_SHORTHANDS, RECORDS_LIMIT, "Firehose")
    name = str(shorthands.get("delivery_stream", f"{gen.pick('word')}-delivery-stream"))
    record_ids = sequence_numbers(gen, len(items))
    arrivals = arrival_times(gen, len(items))
    payloads = _default_payloads(gen, kind, arrivals)
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
                item,
                record_id=record_ids[i],
                arrival_ms=arrivals[i],
                kinesis_metadata=metadata[i],
                default_data=payloads[i],
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
        variants={"delivery_stream_type": " | ".join(DELIVERY_STREAM_TYPES), "payload": " | ".join(PAYLOADS)},
    )
)

# -- `sam local generate-event kinesis <kind>`: the Firehose transformation blueprints' inputs ---------------
register_preset("kinesis:kinesis-firehose", "firehose", "A Firehose transformation batch of directly put records")
register_preset(
    "kinesis:apachelog", "firehose", "Firehose records holding Apache access log lines", payload="apache_log"
)
register_preset("kinesis:syslog", "firehose", "Firehose records holding syslog lines", payload="syslog")
register_preset(
    "kinesis:cloudwatch-logs-processor",
    "firehose",
    "Firehose records from a CloudWatch Logs subscription filter (gzip-compressed batches)",
    payload="cloudwatch_logs",
)
register_preset(
    "kinesis:streams-as-source",
    "firehose",
    "A Firehose transformation batch read from a Kinesis data stream",
    delivery_stream_type="KinesisStreamAsSource",
)


# -- firehose_sqs: records holding SQS messages (an EventBridge Pipe from a queue to the stream) -----------


class FirehoseSqsMessage(SQSRecord, total=False):
    # The MD5 of the message attributes (null without attributes), as the queue reports it.
    md5OfMessageAttributes: str | None


class FirehoseSqsRecord(TypedDict):
    recordId: str
    approximateArrivalTimestamp: int  # epoch milliseconds
    data: str  # base64 of the SQS message's JSON


class FirehoseSqsEvent(TypedDict):
    invocationId: str
    deliveryStreamArn: str
    region: str
    records: list[FirehoseSqsRecord]


SQS_RECORD_SHORTHANDS = ("body", "message_attributes")
SQS_SHORTHANDS = ("records", "delivery_stream", "queue", *SQS_RECORD_SHORTHANDS)
_SQS_RECORD_KEYS = frozenset(FirehoseSqsRecord.__annotations__)


def _firehose_sqs_record(
    gen: Gen, overrides: dict[str, Any], *, queue: str, record_id: str, sent_ms: int
) -> FirehoseSqsRecord:
    short, fields = split_overrides(_SQS_RECORD_KEYS, overrides, SQS_RECORD_SHORTHANDS, "Firehose SQS record")
    if "body" in short:
        body_text(short["body"])  # the same rules as the sqs source's body
    record = sqs_record(gen, {"queue": queue, **short}, sent_ms=sent_ms)
    message: FirehoseSqsMessage = {
        **record,
        "md5OfMessageAttributes": message_attributes_md5(record["messageAttributes"]),
    }
    received = int(record["attributes"]["ApproximateFirstReceiveTimestamp"])
    firehose: FirehoseSqsRecord = {
        "recordId": record_id,
        # The pipe reads the message, then puts it to the delivery stream.
        "approximateArrivalTimestamp": min(received + gen.integer(5, 400), gen.now_ms),
        "data": b64(json.dumps(message, separators=(",", ":"))),
    }
    deep_merge(firehose, fields, "records[]")  # type: ignore[arg-type]
    return firehose


def firehose_sqs_event(gen: Gen, shorthands: dict[str, Any]) -> FirehoseSqsEvent:
    """A transformation batch whose records are SQS messages (``body``, ``message_attributes``) of one queue."""
    items = batch_overrides(shorthands, SQS_RECORD_SHORTHANDS, RECORDS_LIMIT, "Firehose SQS")
    queue = queue_name(gen, {k: v for k, v in shorthands.items() if k == "queue"})
    stream = text(shorthands, "delivery_stream", f"{gen.pick('word')}-sqs-delivery-stream")
    record_ids = sequence_numbers(gen, len(items))
    sent = gen.ms_ago(60_000)
    return {
        "invocationId": gen.uuid(),
        "deliveryStreamArn": gen.arn("firehose", f"deliverystream/{stream}"),
        "region": gen.region,
        "records": [
            _firehose_sqs_record(gen, item, queue=queue, record_id=record_ids[i], sent_ms=sent + 7 * i)
            for i, item in enumerate(items)
        ],
    }


register(
    EventSource(
        "firehose_sqs",
        "Amazon Data Firehose records holding SQS messages, sent to a Lambda for transformation",
        firehose_sqs_event,  # type: ignore[arg-type]
        SQS_SHORTHANDS,
        records_limit=RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html",
    )
)
