"""Kinesis and DynamoDB Streams events from real (moto) streams, and their event source mappings.

https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html, with-ddb.html (the events),
kinesis-on-failure-destination.html and services-ddb-batchfailurereporting.html (retries, bisection,
partial batch responses, on-failure records) and services-kinesis-parameters.html (parameters).
boto3 is imported only when a function here runs.
"""

from __future__ import annotations

import base64
import json
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pytest_lambda.aws._esm import (
    ANCHOR,
    EventSourceNotFoundError,
    arn_parts,
    aws_client,
    check_range,
    fail,
    iso,
    item_failures,
    not_found,
    report_batch_item_failures,
    send_record,
    throttle_reason,
    throttled_invoke,
)
from pytest_lambda.aws.filtering import EventFilter
from pytest_lambda.errors import TooManyRequestsError, with_docs
from pytest_lambda.runtime.encoding import SYNC_PAYLOAD_LIMIT

if TYPE_CHECKING:
    from pytest_lambda.events.dynamodb import DynamoDBStreamEvent
    from pytest_lambda.events.kinesis import KinesisEvent
    from pytest_lambda.runtime import InvokeResult, LambdaFunction

__all__ = [
    "DynamoDBStreamEventSourceMapping",
    "KinesisEventSourceMapping",
    "StreamBatch",
    "StreamDrain",
    "dynamodb_stream_event",
    "kinesis_event",
]

StartingPosition = Literal["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"]
BatchOutcome = Literal["success", "partial", "failure", "discarded", "throttled"]
# Kinesis GetRecords returns up to 10,000 records a call, DynamoDB Streams up to 1,000.
_KINESIS_LIMIT = 10_000
_DDB_LIMIT = 1_000


# -- records in Lambda's form ------------------------------------------------------------------------


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def _epoch_s(value: datetime) -> float:
    return value.timestamp()


def _attribute_json(value: dict[str, Any]) -> dict[str, Any]:
    """An attribute value as boto3 returns it (bytes for B/BS) in the JSON form Lambda sends (base64)."""
    kind, inner = next(iter(value.items()))
    if kind == "B":
        return {"B": _b64(inner)}
    if kind == "BS":
        return {"BS": [_b64(v) for v in inner]}
    if kind == "M":
        return {"M": {k: _attribute_json(v) for k, v in inner.items()}}
    if kind == "L":
        return {"L": [_attribute_json(v) for v in inner]}
    return {kind: inner}


def kinesis_record(raw: dict[str, Any], shard_id: str, stream_arn: str, role_arn: str) -> dict[str, Any]:
    """A record as Kinesis GetRecords returned it (boto3 shape), in the form Lambda delivers it."""
    region = stream_arn.split(":")[3]
    sequence = raw["SequenceNumber"]
    return {
        "kinesis": {
            "kinesisSchemaVersion": "1.0",
            "partitionKey": raw["PartitionKey"],
            "sequenceNumber": sequence,
            "data": _b64(raw["Data"]),
            # Epoch seconds with millisecond precision, as a number (with-kinesis.html example).
            "approximateArrivalTimestamp": round(_epoch_s(raw["ApproximateArrivalTimestamp"]), 3),
        },
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"{shard_id}:{sequence}",
        "eventName": "aws:kinesis:record",
        "invokeIdentityArn": role_arn,
        "awsRegion": region,
        "eventSourceARN": stream_arn,
    }


def dynamodb_record(raw: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """A record as DynamoDB Streams GetRecords returned it (boto3 shape), in the form Lambda delivers it."""
    change = raw["dynamodb"]
    out: dict[str, Any] = {"ApproximateCreationDateTime": float(int(_epoch_s(change["ApproximateCreationDateTime"])))}
    for part in ("Keys", "NewImage", "OldImage"):
        if part in change:
            out[part] = {k: _attribute_json(v) for k, v in change[part].items()}
    out["SequenceNumber"] = change["SequenceNumber"]
    # SizeBytes as DynamoDB counts it (moto reports its JSON length instead).
    # Imported here: the event modules are not needed to import this package (the plugin does).
    from pytest_lambda.events.dynamodb import stream_record_size

    out["SizeBytes"] = stream_record_size(out)
    out["StreamViewType"] = change["StreamViewType"]
    record: dict[str, Any] = {
        "eventID": raw["eventID"],
        "eventName": raw["eventName"],
        # Lambda's events carry record format 1.1 (with-ddb.html); moto writes 1.0.
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": stream_arn.split(":")[3],
        "dynamodb": out,
        "eventSourceARN": stream_arn,
    }
    if "userIdentity" in raw:
        identity = raw["userIdentity"]
        record["userIdentity"] = {"type": identity["Type"], "principalId": identity["PrincipalId"]}
    return record


# -- reading shards ------------------------------------------------------------------------------------


class _Source(ABC):
    """One stream: its ARN, its shards, and reading records after a sequence number."""

    service: ClassVar[str]
    name: ClassVar[str]
    limit: ClassVar[int]
    batch_info_key: ClassVar[str]
    arn: str
    region: str
    shards: list[str]

    @abstractmethod
    def iterator(self, shard: str, kind: str, **position: Any) -> str:
        """A shard iterator of type ``kind`` (``sequence=`` / ``timestamp=`` for the positioned kinds)."""

    @abstractmethod
    def get(self, iterator: str, limit: int) -> tuple[list[dict[str, Any]], str | None]:
        """One GetRecords call: the raw records and the next iterator."""

    @abstractmethod
    def convert(self, raw: dict[str, Any], shard: str, role_arn: str) -> dict[str, Any]:
        """A raw record in Lambda's form."""

    @staticmethod
    @abstractmethod
    def sequence(record: dict[str, Any]) -> str:
        """A Lambda-form record's sequence number."""

    @staticmethod
    @abstractmethod
    def arrival_ms(record: dict[str, Any]) -> int:
        """When a Lambda-form record reached the stream, epoch ms."""

    def read(self, shard: str, after: str | None, start: dict[str, Any], count: int) -> list[dict[str, Any]]:
        """Up to ``count`` raw records of ``shard`` after sequence number ``after`` (or from ``start``)."""
        if after is None:
            iterator: str | None = self.iterator(shard, **start)
        else:
            iterator = self.iterator(shard, "AFTER_SEQUENCE_NUMBER", sequence=after)
        records: list[dict[str, Any]] = []
        while iterator is not None and len(records) < count:
            got, iterator = self.get(iterator, min(self.limit, count - len(records)))
            if not got:
                break
            records += got
        return records


class _Kinesis(_Source):
    service = "kinesis"
    name = "Kinesis stream"
    limit = _KINESIS_LIMIT
    batch_info_key = "KinesisBatchInfo"

    def __init__(self, stream: object, client: Any) -> None:
        if not isinstance(stream, str) or not stream:
            raise fail(f"stream must be a Kinesis stream name or ARN, got {stream!r}")
        parts = arn_parts(stream)
        if parts is not None and (parts[0] != "kinesis" or not parts[3].startswith("stream/")):
            raise fail(f"{stream} is not a Kinesis stream ARN")
        self.client = aws_client("kinesis", parts[1] if parts else None, client)
        key = {"StreamARN": stream} if parts else {"StreamName": stream}
        with not_found(f"Kinesis stream {stream} does not exist", "ResourceNotFoundException"):
            description = self.client.describe_stream(**key)["StreamDescription"]
        self.arn = description["StreamARN"]
        self.region = self.arn.split(":")[3]
        self.shards = [s["ShardId"] for s in description["Shards"]]

    def iterator(self, shard: str, kind: str, **position: Any) -> str:
        extra: dict[str, Any] = {}
        if "sequence" in position:
            extra["StartingSequenceNumber"] = position["sequence"]
        if "timestamp" in position:
            extra["Timestamp"] = position["timestamp"]
        return str(
            self.client.get_shard_iterator(StreamARN=self.arn, ShardId=shard, ShardIteratorType=kind, **extra)[
                "ShardIterator"
            ]
        )

    def get(self, iterator: str, limit: int) -> tuple[list[dict[str, Any]], str | None]:
        got = self.client.get_records(ShardIterator=iterator, Limit=limit, StreamARN=self.arn)
        return got["Records"], got.get("NextShardIterator")

    def convert(self, raw: dict[str, Any], shard: str, role_arn: str) -> dict[str, Any]:
        return kinesis_record(raw, shard, self.arn, role_arn)

    @staticmethod
    def sequence(record: dict[str, Any]) -> str:
        return str(record["kinesis"]["sequenceNumber"])

    @staticmethod
    def arrival_ms(record: dict[str, Any]) -> int:
        return round(float(record["kinesis"]["approximateArrivalTimestamp"]) * 1000)


class _DynamoDB(_Source):
    service = "dynamodbstreams"
    name = "DynamoDB stream"
    limit = _DDB_LIMIT
    batch_info_key = "DDBStreamBatchInfo"

    def __init__(self, table_or_stream: object, client: Any) -> None:
        if not isinstance(table_or_stream, str) or not table_or_stream:
            raise fail(f"table_or_stream must be a table name or a DynamoDB stream ARN, got {table_or_stream!r}")
        parts = arn_parts(table_or_stream)
        region = parts[1] if parts else None
        if parts is not None and (parts[0] != "dynamodb" or "/stream/" not in parts[3]):
            raise fail(f"{table_or_stream} is not a DynamoDB stream ARN")
        arn = table_or_stream
        if parts is None:
            with not_found(f"DynamoDB table {table_or_stream} does not exist", "ResourceNotFoundException"):
                table = aws_client("dynamodb", region).describe_table(TableName=table_or_stream)["Table"]
            if "LatestStreamArn" not in table:
                raise fail(f"DynamoDB table {table_or_stream} has no stream: enable one (StreamSpecification)")
            arn = table["LatestStreamArn"]
        self.client = aws_client("dynamodbstreams", region, client)
        with not_found(f"DynamoDB stream {arn} does not exist", "ResourceNotFoundException"):
            description = self.client.describe_stream(StreamArn=arn)["StreamDescription"]
        self.arn = arn
        self.region = arn.split(":")[3]
        self.shards = [s["ShardId"] for s in description["Shards"]]

    def iterator(self, shard: str, kind: str, **position: Any) -> str:
        extra = {"SequenceNumber": position["sequence"]} if "sequence" in position else {}
        return str(
            self.client.get_shard_iterator(StreamArn=self.arn, ShardId=shard, ShardIteratorType=kind, **extra)[
                "ShardIterator"
            ]
        )

    def get(self, iterator: str, limit: int) -> tuple[list[dict[str, Any]], str | None]:
        got = self.client.get_records(ShardIterator=iterator, Limit=limit)
        return got["Records"], got.get("NextShardIterator")

    def convert(self, raw: dict[str, Any], shard: str, role_arn: str) -> dict[str, Any]:
        return dynamodb_record(raw, self.arn)

    @staticmethod
    def sequence(record: dict[str, Any]) -> str:
        return str(record["dynamodb"]["SequenceNumber"])

    @staticmethod
    def arrival_ms(record: dict[str, Any]) -> int:
        return round(float(record["dynamodb"]["ApproximateCreationDateTime"]) * 1000)


def _role_arn(stream_arn: str, function_name: str = "lambda") -> str:
    partition, account = stream_arn.split(":")[1], stream_arn.split(":")[4]
    # IAM is global: its ARNs have an empty region.
    return f"arn:{partition}:iam::{account}:role/{function_name}-role"


def _start(starting_position: object, timestamp: object, *, kinesis: bool) -> dict[str, Any]:
    choices = ("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP") if kinesis else ("TRIM_HORIZON", "LATEST")
    if starting_position not in choices:
        raise fail(f"starting_position={starting_position!r} is not valid; valid values: {list(choices)}")
    if starting_position == "AT_TIMESTAMP":
        if not isinstance(timestamp, (int, float, datetime)) or isinstance(timestamp, bool):
            raise fail("starting_position='AT_TIMESTAMP' needs starting_position_timestamp (epoch seconds)")
        return {"kind": "AT_TIMESTAMP", "timestamp": timestamp}
    if timestamp is not None:
        raise fail("starting_position_timestamp is only valid with starting_position='AT_TIMESTAMP'")
    return {"kind": starting_position}


def _first_records(source: _Source, shard_id: str | None, start: dict[str, Any], count: int) -> tuple[str, list[Any]]:
    shards = source.shards if shard_id is None else [shard_id]
    if shard_id is not None and shard_id not in source.shards:
        raise EventSourceNotFoundError(
            with_docs(f"{source.name} {source.arn} has no shard {shard_id!r}; shards: {source.shards}", ANCHOR)
        )
    for shard in shards:
        raw = source.read(shard, None, start, count)
        if raw:
            return shard, raw
    return shards[0], []


def kinesis_event(
    stream: str,
    *,
    max_records: int = 100,
    shard_id: str | None = None,
    starting_position: StartingPosition = "TRIM_HORIZON",
    starting_position_timestamp: float | datetime | None = None,
    role_arn: str | None = None,
    client: Any = None,
) -> KinesisEvent:
    """The records put to a (moto) Kinesis stream, as Lambda's event: one shard's records, in order.

    ``stream`` is a stream name or ARN; without ``shard_id`` the first shard holding records is read.
    """
    check_range("max_records", max_records, 1, 10_000, "records")
    source = _Kinesis(stream, client)
    shard, raw = _first_records(
        source, shard_id, _start(starting_position, starting_position_timestamp, kinesis=True), max_records
    )
    role = role_arn or _role_arn(source.arn)
    return {"Records": [source.convert(r, shard, role) for r in raw]}  # type: ignore[misc]


def dynamodb_stream_event(
    table_or_stream: str, *, max_records: int = 100, shard_id: str | None = None, client: Any = None
) -> DynamoDBStreamEvent:
    """The changes written to a (moto) table, from its stream, as Lambda's DynamoDB Streams event.

    Keys and images are as written, in attribute-value JSON, per the stream's view type (an old image
    on MODIFY and REMOVE with ``NEW_AND_OLD_IMAGES``).
    """
    check_range("max_records", max_records, 1, 10_000, "records")
    source = _DynamoDB(table_or_stream, client)
    shard, raw = _first_records(source, shard_id, {"kind": "TRIM_HORIZON"}, max_records)
    return {"Records": [source.convert(r, shard, "") for r in raw]}  # type: ignore[misc]


# -- the mappings --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StreamBatch:
    """One invocation (or discard) by a stream mapping, and what the mapping did after it."""

    shard_id: str
    sequence_numbers: tuple[str, ...]
    event: dict[str, Any]
    result: InvokeResult | None
    outcome: BatchOutcome
    attempt: int
    reported_failures: tuple[str, ...] = ()
    checkpoint: str | None = None
    retried: tuple[str, ...] = ()
    bisected: bool = False
    discarded: tuple[str, ...] = ()
    destination_record: dict[str, Any] | None = None
    reason: str | None = None

    def __repr__(self) -> str:
        return (
            f"StreamBatch(shard_id={self.shard_id!r}, outcome={self.outcome!r}, records={len(self.sequence_numbers)}, "
            f"attempt={self.attempt}, bisected={self.bisected}, discarded={len(self.discarded)}, "
            f"reason={self.reason!r})"
        )


@dataclass(frozen=True)
class StreamDrain:
    """What ``drain()`` did: every batch, and whether it stopped at ``max_batches`` or at a throttle."""

    batches: list[StreamBatch] = field(default_factory=list)
    exhausted: bool = False
    # Stopped at a throttled batch: its records stay pending until the function's reserved
    # concurrency lets it run (nothing in the test's process frees it while the drain runs).
    throttled: bool = False

    @property
    def destination_records(self) -> list[dict[str, Any]]:
        """The on-failure records written while draining, in order."""
        return [b.destination_record for b in self.batches if b.destination_record is not None]

    def __iter__(self) -> Iterator[StreamBatch]:
        return iter(self.batches)

    def __len__(self) -> int:
        return len(self.batches)


@dataclass
class _Pending:
    records: list[dict[str, Any]]
    retries: int = 0
    invocations: int = 0


@dataclass
class _Shard:
    checkpoint: str | None = None
    pending: list[_Pending] = field(default_factory=list)


class _StreamEventSourceMapping:
    """Lambda's stream poller: in-order batches per shard, retried until success or a limit.

    On a function error Lambda retries the batch until it succeeds, ``maximum_retry_attempts`` is
    exceeded or its records are older than ``maximum_record_age_in_seconds``; ``bisect_batch_on_function_error``
    splits a failing batch in two, which "does not count towards the retry quota"
    (kinesis-on-failure-destination.html). Discarded batches are described by an on-failure record.
    Retries follow each other at once: time passes only as the virtual clock is advanced.
    """

    _source_type: ClassVar[type[_Source]]
    _kinesis: ClassVar[bool]

    def __init__(
        self,
        function: LambdaFunction,
        source: str,
        *,
        batch_size: int = 100,
        starting_position: StartingPosition = "TRIM_HORIZON",
        starting_position_timestamp: float | datetime | None = None,
        maximum_batching_window: int = 0,
        maximum_retry_attempts: int = -1,
        maximum_record_age_in_seconds: int = -1,
        bisect_batch_on_function_error: bool = False,
        function_response_types: Sequence[str] | bool = (),
        destination_config: str | None = None,
        client: Any = None,
        filter_criteria: Sequence[str | Mapping[str, Any]] = (),
    ) -> None:
        self.function = function
        self.clock = function.clock
        # invocation-eventfiltering.html: records matching no filter are skipped, never invoked with.
        self.filter = EventFilter(filter_criteria) if filter_criteria else None
        # API_CreateEventSourceMapping.html and services-kinesis-parameters.html: BatchSize 1-10,000
        # (default 100), window 0-300 s, MaximumRetryAttempts -1 or 0-10,000, MaximumRecordAgeInSeconds
        # -1 or 60-604,800 (7 days).
        self.batch_size = check_range("batch_size", batch_size, 1, 10_000, "records")
        self.maximum_batching_window = check_range(
            "maximum_batching_window", maximum_batching_window, 0, 300, "seconds"
        )
        self.maximum_retry_attempts = check_range(
            "maximum_retry_attempts", maximum_retry_attempts, 0, 10_000, "retries", infinite=True
        )
        self.maximum_record_age_in_seconds = check_range(
            "maximum_record_age_in_seconds", maximum_record_age_in_seconds, 60, 604_800, "seconds", infinite=True
        )
        if not isinstance(bisect_batch_on_function_error, bool):
            raise fail(f"bisect_batch_on_function_error must be True or False, got {bisect_batch_on_function_error!r}")
        self.bisect_batch_on_function_error = bisect_batch_on_function_error
        self.report_batch_item_failures = report_batch_item_failures(function_response_types)
        self._start = _start(starting_position, starting_position_timestamp, kinesis=self._kinesis)
        self.starting_position = starting_position
        # Stream mappings send discarded batches to SQS, SNS, S3 or Kafka (kinesis-on-failure-destination.html).
        destination = arn_parts(destination_config) if isinstance(destination_config, str) else None
        if destination_config is not None and (destination is None or destination[0] not in ("sqs", "sns", "s3")):
            raise fail(
                f"destination_config={destination_config!r} is not valid: expected an SQS queue, SNS topic "
                "or S3 bucket ARN"
            )
        self.destination_config = destination_config
        self._source = self._source_type(source, client)  # type: ignore[call-arg]
        self.stream_arn = self._source.arn
        self._role = _role_arn(self.stream_arn, function.config.function_name)
        self._shards = {shard: _Shard() for shard in self._source.shards}
        if starting_position == "LATEST":
            # LATEST: only records written after the mapping exists, so start after the last one there.
            self._start = {"kind": "TRIM_HORIZON"}
            for shard, state in self._shards.items():
                existing = self._source.read(shard, None, self._start, 10**9)
                if existing:
                    state.checkpoint = self._source.sequence(self._convert(existing[-1], shard))
        self.batches: list[StreamBatch] = []
        self.destination_records: list[dict[str, Any]] = []

    def _convert(self, raw: dict[str, Any], shard: str) -> dict[str, Any]:
        return self._source.convert(raw, shard, self._role)

    # -- reading ----------------------------------------------------------------------------------

    def _read(self, shard: str, state: _Shard) -> list[dict[str, Any]]:
        raw = self._source.read(shard, state.checkpoint, self._start, self.batch_size)
        if raw and len(raw) < self.batch_size and self.maximum_batching_window:
            # Lambda waits up to the batching window for a fuller batch (with-kinesis.html).
            self.clock.advance(self.maximum_batching_window)
            last = self._source.sequence(self._convert(raw[-1], shard))
            raw += self._source.read(shard, last, self._start, self.batch_size - len(raw))
        records = [self._convert(r, shard) for r in raw]
        # The batch stops at Lambda's 6 MB synchronous payload; the rest is read next time.
        size, kept = len('{"Records": []}'), list[dict[str, Any]]()
        for record in records:
            size += len(json.dumps(record).encode()) + 2
            if size > SYNC_PAYLOAD_LIMIT and kept:
                break
            kept.append(record)
        return kept

    # -- one batch --------------------------------------------------------------------------------

    def _read_matching(self, shard: str, state: _Shard, event_filter: EventFilter) -> list[dict[str, Any]]:
        """The next records that match a filter; a read with none moves the checkpoint past it."""
        records = self._read(shard, state)
        while records:
            kept = [record for record in records if event_filter.matches(self._filter_view(record))]
            if kept:
                return kept
            state.checkpoint = self._source.sequence(records[-1])
            records = self._read(shard, state)
        return records

    def _filter_view(self, record: dict[str, Any]) -> Mapping[str, Any]:
        if not self._kinesis:
            return record  # DynamoDB: the record's own fields (with-ddb-filtering.html)
        # with-kinesis-filtering.html: only the data key, decoded, as JSON when it is JSON.
        text = base64.b64decode(record["kinesis"]["data"]).decode("utf-8", "replace")
        try:
            return {"data": json.loads(text)}
        except ValueError:
            return {"data": text}

    def poll(self) -> StreamBatch | None:
        """Process one batch of the first shard with work to do; ``None`` when every shard is caught up."""
        for shard, state in self._shards.items():
            if not state.pending:
                if self.filter is None:
                    records = self._read(shard, state)
                else:
                    records = self._read_matching(shard, state, self.filter)
                if not records:
                    continue
                state.pending.append(_Pending(records))
            batch = self._process(shard, state)
            self.batches.append(batch)
            return batch
        return None

    def _expired(self, records: list[dict[str, Any]]) -> int:
        """How many leading records are older than the maximum record age."""
        if self.maximum_record_age_in_seconds == -1:
            return 0
        oldest_allowed = self.clock.now_ms() - self.maximum_record_age_in_seconds * 1000
        count = 0
        for record in records:
            if self._source.arrival_ms(record) >= oldest_allowed:
                break
            count += 1
        return count

    def _process(self, shard: str, state: _Shard) -> StreamBatch:
        pending = state.pending.pop(0)
        records = pending.records
        sequences = tuple(self._source.sequence(r) for r in records)
        expired = self._expired(records)
        if expired:
            # Records past the maximum age are discarded without an invocation (RecordAgeExceeded:
            # the condition LocalStack writes and real records show; AWS's docs give no example).
            old, rest = records[:expired], records[expired:]
            if rest:
                state.pending.insert(0, _Pending(rest, pending.retries, pending.invocations))
            record = self._discard(shard, state, old, "RecordAgeExceeded", pending.invocations, None)
            return StreamBatch(
                shard,
                sequences[:expired],
                {"Records": old},
                None,
                "discarded",
                pending.invocations,
                checkpoint=state.checkpoint,
                discarded=sequences[:expired],
                destination_record=record,
                reason="records older than maximum_record_age_in_seconds",
            )
        event = {"Records": records}
        try:
            result = self.function.invoke(event, invocation_type="RequestResponse")
        except TooManyRequestsError as exc:
            # kinesis-on-failure-destination.html: unable to invoke "due to throttling", the mapping
            # "retries until the records expire or exceed the maximum age": no retry is counted.
            state.pending.insert(0, pending)
            throttled = throttled_invoke(self.function)
            return StreamBatch(
                shard, sequences, event, throttled, "throttled", pending.invocations, checkpoint=state.checkpoint,
                retried=sequences, reason=throttle_reason(exc),
            )  # fmt: skip
        pending.invocations += 1
        reported: list[str] = []
        reason: str | None = None
        if result.function_error is not None:
            reason = f"{(result.error or {}).get('errorType', 'Unhandled')}: function error"
        elif self.report_batch_item_failures:
            reported, reason = item_failures(result.payload, sequences)
        if reason is None and not reported:
            state.checkpoint = sequences[-1]
            invocations = pending.invocations
            return StreamBatch(shard, sequences, event, result, "success", invocations, checkpoint=sequences[-1])
        if reason is None:
            # services-ddb-batchfailurereporting.html: Lambda checkpoints at the lowest reported sequence
            # number and retries every record from there.
            lowest = min(reported, key=int)
            index = sequences.index(lowest)
            if index:
                state.checkpoint = sequences[index - 1]
            rest = records[index:]
            retried = sequences[index:]
            return self._retry(
                shard, state, pending, rest, event, result, retried, tuple(reported), "partial", reason, sequences
            )
        function_error = result.function_error is not None
        if self.bisect_batch_on_function_error and function_error and len(records) > 1:
            half = len(records) // 2
            # Splitting does not count towards the retry quota (kinesis-on-failure-destination.html).
            state.pending[:0] = [_Pending(records[:half], pending.retries), _Pending(records[half:], pending.retries)]
            return StreamBatch(
                shard,
                sequences,
                event,
                result,
                "failure",
                pending.invocations,
                checkpoint=state.checkpoint,
                retried=sequences,
                bisected=True,
                reason=reason,
            )
        return self._retry(shard, state, pending, records, event, result, sequences, (), "failure", reason, sequences)

    def _retry(
        self,
        shard: str,
        state: _Shard,
        pending: _Pending,
        records: list[dict[str, Any]],
        event: dict[str, Any],
        result: InvokeResult,
        retried: tuple[str, ...],
        reported: tuple[str, ...],
        outcome: BatchOutcome,
        reason: str | None,
        sequences: tuple[str, ...],
    ) -> StreamBatch:
        limit = self.maximum_retry_attempts
        exhausted = limit != -1 and pending.retries >= limit
        record = None
        if exhausted:
            record = self._discard(shard, state, records, "RetryAttemptsExhausted", pending.invocations, result)
        else:
            state.pending.insert(0, _Pending(records, pending.retries + 1, pending.invocations))
        return StreamBatch(
            shard,
            sequences,
            event,
            result,
            outcome,
            pending.invocations,
            reported_failures=reported,
            checkpoint=state.checkpoint,
            retried=() if exhausted else retried,
            discarded=retried if exhausted else (),
            destination_record=record,
            reason=reason,
        )

    def _discard(
        self,
        shard: str,
        state: _Shard,
        records: list[dict[str, Any]],
        condition: str,
        invocations: int,
        result: InvokeResult | None,
    ) -> dict[str, Any] | None:
        """Skip ``records`` (the checkpoint moves past them) and describe them to the on-failure destination."""
        state.checkpoint = self._source.sequence(records[-1])
        if self.destination_config is None:
            return None
        response: dict[str, Any] = {"statusCode": 200, "executedVersion": self.function.config.version}
        if result is not None and result.function_error is not None:
            response["functionError"] = result.function_error
        # kinesis-on-failure-destination.html: metadata only; the records must be read from the stream.
        record = {
            "requestContext": {
                "requestId": result.request_id if result is not None else str(uuid.uuid4()),
                "functionArn": self.function.config.function_arn,
                "condition": condition,
                "approximateInvokeCount": invocations,
            },
            "responseContext": response,
            "version": "1.0",
            "timestamp": iso(self.clock.now_ms()),
            self._source.batch_info_key: {
                "shardId": shard,
                "startSequenceNumber": self._source.sequence(records[0]),
                "endSequenceNumber": self._source.sequence(records[-1]),
                "approximateArrivalOfFirstRecord": iso(self._source.arrival_ms(records[0])),
                "approximateArrivalOfLastRecord": iso(self._source.arrival_ms(records[-1])),
                "batchSize": len(records),
                "streamArn": self.stream_arn,
            },
        }
        self.destination_records.append(record)
        send_record(self.destination_config, record)
        return record

    def drain(self, *, max_batches: int = 1000) -> StreamDrain:
        """Poll until every shard is caught up, or ``max_batches`` batches (``exhausted``)."""
        check_range("max_batches", max_batches, 1, 10**9, "batches")
        batches: list[StreamBatch] = []
        while len(batches) < max_batches:
            batch = self.poll()
            if batch is None:
                return StreamDrain(batches)
            batches.append(batch)
            if batch.outcome == "throttled":
                return StreamDrain(batches, throttled=True)
        exhausted = any(state.pending for state in self._shards.values()) or self._has_more()
        return StreamDrain(batches, exhausted)

    def _has_more(self) -> bool:
        return any(self._source.read(s, st.checkpoint, self._start, 1) for s, st in self._shards.items())

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(stream={self.stream_arn!r}, batch_size={self.batch_size}, "
            f"maximum_retry_attempts={self.maximum_retry_attempts}, "
            f"maximum_record_age_in_seconds={self.maximum_record_age_in_seconds}, "
            f"bisect_batch_on_function_error={self.bisect_batch_on_function_error}, "
            f"report_batch_item_failures={self.report_batch_item_failures})"
        )


class KinesisEventSourceMapping(_StreamEventSourceMapping):
    """Lambda's Kinesis poller around ``function``; ``stream`` is a (moto) stream name or ARN."""

    _source_type = _Kinesis
    _kinesis = True


class DynamoDBStreamEventSourceMapping(_StreamEventSourceMapping):
    """Lambda's DynamoDB Streams poller around ``function``; ``source`` is a table name or stream ARN."""

    _source_type = _DynamoDB
    _kinesis = False
