"""Kinesis and DynamoDB Streams events from moto, and the stream event source mappings."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser import models
from freezegun import freeze_time

from pytest_lambda import ConfigurationError, LambdaFunction
from pytest_lambda.aws import AWSResourceNotFoundError
from pytest_lambda.aws._esm import EventSourceNotFoundError
from pytest_lambda.aws.streams import (
    DynamoDBStreamEventSourceMapping,
    KinesisEventSourceMapping,
    dynamodb_stream_event,
    kinesis_event,
)

from ._moto_helpers import boto, make_queue, make_stream, make_table, mocked_aws, queue_arn, receive_all

ACCOUNT = "123456789012"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with mocked_aws(monkeypatch):
        yield


def put(stream: str, *values: int, key: str = "p") -> list[str]:
    kinesis = boto("kinesis")
    return [
        kinesis.put_record(StreamName=stream, Data=json.dumps({"i": v}).encode(), PartitionKey=key)["SequenceNumber"]
        for v in values
    ]


def values(event: dict[str, Any]) -> list[int]:
    return [json.loads(base64.b64decode(r["kinesis"]["data"]))["i"] for r in event["Records"]]


def fails_on(bad: int) -> Any:
    def handler(event: dict[str, Any], context: object) -> None:
        if bad in values(event):
            raise ValueError(f"cannot process {bad}")

    return handler


def reports(bad: set[int]) -> Any:
    def handler(event: dict[str, Any], context: object) -> dict[str, Any]:
        failed = [r for r in event["Records"] if json.loads(base64.b64decode(r["kinesis"]["data"]))["i"] in bad]
        return {"batchItemFailures": [{"itemIdentifier": r["kinesis"]["sequenceNumber"]} for r in failed]}

    return handler


# -- Kinesis events ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("aws")
def test_kinesis_event_from_records_put_to_the_stream() -> None:
    arn = make_stream("clicks")
    sequences = put("clicks", 1, 2, 3)
    event = kinesis_event("clicks")
    models.KinesisDataStreamModel.model_validate(event)
    assert values(event) == [1, 2, 3]
    first = event["Records"][0]
    assert first["kinesis"]["sequenceNumber"] == sequences[0]
    assert first["kinesis"]["partitionKey"] == "p"
    assert first["eventID"] == f"shardId-000000000000:{sequences[0]}"
    assert (first["eventName"], first["eventSource"], first["eventVersion"]) == (
        "aws:kinesis:record",
        "aws:kinesis",
        "1.0",
    )
    assert (first["eventSourceARN"], first["awsRegion"]) == (arn, "us-east-1")
    assert first["invokeIdentityArn"] == f"arn:aws:iam::{ACCOUNT}:role/lambda-role"
    assert isinstance(first["kinesis"]["approximateArrivalTimestamp"], float)
    assert kinesis_event(arn, max_records=2, role_arn="arn:aws:iam::1:role/r")["Records"][1]["invokeIdentityArn"] == (
        "arn:aws:iam::1:role/r"
    )
    assert len(kinesis_event(arn, max_records=2)["Records"]) == 2


@pytest.mark.usefixtures("aws")
def test_kinesis_event_reads_one_shard() -> None:
    make_stream("wide", shards=4)
    put("wide", *range(20), key="same")
    event = kinesis_event("wide")
    assert values(event) == list(range(20))
    assert len({r["eventID"].split(":")[0] for r in event["Records"]}) == 1
    shard = event["Records"][0]["eventID"].split(":")[0]
    assert values(kinesis_event("wide", shard_id=shard)) == list(range(20))
    other = next(s for s in (f"shardId-00000000000{i}" for i in range(4)) if s != shard)
    assert kinesis_event("wide", shard_id=other)["Records"] == []
    with pytest.raises(EventSourceNotFoundError, match="has no shard 'shardId-9'"):
        kinesis_event("wide", shard_id="shardId-9")


@pytest.mark.usefixtures("aws")
def test_kinesis_event_at_timestamp_and_latest() -> None:
    with freeze_time("2024-01-01T00:00:00Z") as frozen:
        make_stream("s")
        put("s", 1)
        frozen.tick(60)
        put("s", 2)
        assert values(kinesis_event("s", starting_position="AT_TIMESTAMP", starting_position_timestamp=1704067230)) == [
            2
        ]
    assert kinesis_event("s", starting_position="LATEST")["Records"] == []


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize(
    ("stream", "error", "message"),
    [
        ("ghost", EventSourceNotFoundError, "Kinesis stream ghost does not exist"),
        (f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/ghost", EventSourceNotFoundError, "stream/ghost does not exist"),
        (f"arn:aws:sqs:us-east-1:{ACCOUNT}:q", ConfigurationError, "is not a Kinesis stream ARN"),
        ("", ConfigurationError, "stream must be a Kinesis stream name or ARN"),
    ],
)
def test_kinesis_sources_that_do_not_exist_are_named(stream: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        kinesis_event(stream)


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"starting_position": "NOW"}, r"starting_position='NOW' is not valid; valid values: \['TRIM_HORIZON'"),
        ({"starting_position": "AT_TIMESTAMP"}, "needs starting_position_timestamp"),
        ({"starting_position_timestamp": 1}, "only valid with starting_position='AT_TIMESTAMP'"),
        ({"max_records": 10_001}, "max_records=10001 is out of range"),
    ],
)
def test_kinesis_event_options_are_checked(options: dict[str, Any], message: str) -> None:
    make_stream("s")
    with pytest.raises(ConfigurationError, match=message):
        kinesis_event("s", **options)


# -- DynamoDB Streams events ---------------------------------------------------------------------------


@pytest.mark.usefixtures("aws")
def test_dynamodb_event_from_writes_to_the_table() -> None:
    arn = make_table("users", sort_key="n")
    ddb = boto("dynamodb")
    ddb.put_item(TableName="users", Item={"pk": {"S": "u1"}, "n": {"N": "1"}, "name": {"S": "Ann"}})
    ddb.put_item(
        TableName="users",
        Item={
            "pk": {"S": "u1"},
            "n": {"N": "1"},
            "name": {"S": "Ann B"},
            "blob": {"B": b"\x01"},
            "tags": {"SS": ["a"]},
            "bins": {"BS": [b"\x01", b"\x02"]},
        },
    )
    ddb.delete_item(TableName="users", Key={"pk": {"S": "u1"}, "n": {"N": "1"}})
    event = dynamodb_stream_event("users")
    models.DynamoDBStreamModel.model_validate(event)
    insert, modify, remove = event["Records"]
    assert [r["eventName"] for r in event["Records"]] == ["INSERT", "MODIFY", "REMOVE"]
    assert insert["dynamodb"]["Keys"] == {"pk": {"S": "u1"}, "n": {"N": "1"}}
    assert "OldImage" not in insert["dynamodb"]
    assert modify["dynamodb"]["OldImage"]["name"] == {"S": "Ann"}
    assert modify["dynamodb"]["NewImage"]["blob"] == {"B": base64.b64encode(b"\x01").decode()}
    assert modify["dynamodb"]["NewImage"]["tags"] == {"SS": ["a"]}
    assert sorted(modify["dynamodb"]["NewImage"]["bins"]["BS"]) == ["AQ==", "Ag=="]
    assert "NewImage" not in remove["dynamodb"]
    assert remove["dynamodb"]["OldImage"]["name"] == {"S": "Ann B"}
    # Sizes as DynamoDB counts them: 'pk' + 'u1' (4), 'n' + 1 (3), 'name' + 'Ann' (7) -> Keys 7, image 14.
    assert insert["dynamodb"]["SizeBytes"] == 21
    assert insert["eventVersion"] == "1.1"
    assert insert["eventSourceARN"] == arn
    assert isinstance(insert["dynamodb"]["ApproximateCreationDateTime"], float)
    sequences = [int(r["dynamodb"]["SequenceNumber"]) for r in event["Records"]]
    assert sequences == sorted(sequences)
    assert dynamodb_stream_event(arn, max_records=1)["Records"][0]["eventName"] == "INSERT"


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize("view_type", ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE"])
def test_dynamodb_event_follows_the_stream_view_type(view_type: str) -> None:
    make_table("t", view_type)
    ddb = boto("dynamodb")
    ddb.put_item(TableName="t", Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    ddb.put_item(TableName="t", Item={"pk": {"S": "a"}, "v": {"N": "2"}, "m": {"M": {"x": {"L": [{"B": b"z"}]}}}})
    event = dynamodb_stream_event("t")
    models.DynamoDBStreamModel.model_validate(event)
    modify = event["Records"][1]["dynamodb"]
    assert modify["StreamViewType"] == view_type
    assert ("NewImage" in modify) == (view_type == "NEW_IMAGE")
    assert ("OldImage" in modify) == (view_type == "OLD_IMAGE")
    if view_type == "NEW_IMAGE":
        assert modify["NewImage"]["m"] == {"M": {"x": {"L": [{"B": "eg=="}]}}}


@pytest.mark.usefixtures("aws")
def test_dynamodb_numbers_survive_as_written() -> None:
    make_table("t")
    boto("dynamodb").put_item(TableName="t", Item={"pk": {"S": "a"}, "price": {"N": str(Decimal("12.50"))}})
    [record] = dynamodb_stream_event("t")["Records"]
    assert record["dynamodb"]["NewImage"]["price"]["N"] in ("12.50", "12.5")


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize(
    ("source", "error", "message"),
    [
        ("ghost", EventSourceNotFoundError, "DynamoDB table ghost does not exist"),
        (
            f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/ghost/stream/2024-01-01T00:00:00.000",
            EventSourceNotFoundError,
            "DynamoDB stream arn:aws:dynamodb:us-east-1:123456789012:table/ghost/stream/2024-01-01T00:00:00.000",
        ),
        (f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/ghost", ConfigurationError, "is not a DynamoDB stream ARN"),
        ("", ConfigurationError, "table_or_stream must be a table name or a DynamoDB stream ARN"),
    ],
)
def test_dynamodb_sources_that_do_not_exist_are_named(source: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        dynamodb_stream_event(source)


@pytest.mark.usefixtures("aws")
def test_a_table_without_a_stream_is_refused() -> None:
    boto("dynamodb").create_table(
        TableName="plain",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    with pytest.raises(ConfigurationError, match="DynamoDB table plain has no stream"):
        dynamodb_stream_event("plain")


# -- stream mappings ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("aws")
def test_successful_batches_checkpoint_and_drain_stops_when_caught_up() -> None:
    make_stream("s")
    sequences = put("s", *range(7))
    seen: list[int] = []
    mapping = KinesisEventSourceMapping(
        LambdaFunction(lambda event, context: seen.extend(values(event))), "s", batch_size=3
    )
    drain = mapping.drain()
    assert [len(b.sequence_numbers) for b in drain] == [3, 3, 1]
    assert [b.checkpoint for b in drain] == [sequences[2], sequences[5], sequences[6]]
    assert seen == list(range(7))
    assert mapping.poll() is None
    put("s", 7)
    batch = mapping.poll()
    assert batch is not None
    assert batch.outcome == "success"
    assert values(batch.event) == [7]


@pytest.mark.usefixtures("aws")
def test_a_failing_batch_is_retried_until_maximum_retry_attempts_then_sent_to_the_destination() -> None:
    make_stream("s")
    dest = make_queue("stream-failures")
    sequences = put("s", 1, 2, 3)
    function = LambdaFunction(fails_on(2), function_name="consumer")
    mapping = KinesisEventSourceMapping(function, "s", maximum_retry_attempts=2, destination_config=queue_arn(dest))
    drain = mapping.drain()
    assert [(b.outcome, b.attempt) for b in drain] == [("failure", 1), ("failure", 2), ("failure", 3)]
    assert drain.batches[-1].discarded == tuple(sequences)
    [record] = drain.destination_records
    assert record == mapping.destination_records[0]
    # Powertools has no Kinesis on-failure model: check the documented keys (kinesis-on-failure-destination.html).
    assert set(record) == {"requestContext", "responseContext", "version", "timestamp", "KinesisBatchInfo"}
    assert record["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["requestContext"]["functionArn"] == f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:consumer"
    assert record["requestContext"]["requestId"] == drain.batches[-1].result.request_id  # type: ignore[union-attr]
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"}
    info = record["KinesisBatchInfo"]
    assert (info["startSequenceNumber"], info["endSequenceNumber"], info["batchSize"]) == (
        sequences[0],
        sequences[2],
        3,
    )
    assert info["shardId"] == "shardId-000000000000"
    assert info["streamArn"] == mapping.stream_arn
    assert info["approximateArrivalOfFirstRecord"].endswith("Z")
    # The record also reached the real (moto) queue.
    [message] = receive_all(dest)
    assert json.loads(message["Body"]) == record
    # The shard moved on: nothing left.
    assert mapping.poll() is None


@pytest.mark.usefixtures("aws")
def test_bisecting_isolates_the_bad_record_without_spending_retries() -> None:
    make_stream("s")
    sequences = put("s", *range(8))
    mapping = KinesisEventSourceMapping(
        LambdaFunction(fails_on(5)),
        "s",
        maximum_retry_attempts=0,
        bisect_batch_on_function_error=True,
        destination_config=f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts",
    )
    boto("sns").create_topic(Name="alerts")
    drain = mapping.drain()
    shapes = [(values(b.event), b.outcome, b.bisected) for b in drain]
    assert shapes == [
        (list(range(8)), "failure", True),
        ([0, 1, 2, 3], "success", False),
        ([4, 5, 6, 7], "failure", True),
        ([4, 5], "failure", True),
        ([4], "success", False),
        ([5], "failure", False),
        ([6, 7], "success", False),
    ]
    # Only the bad record is discarded, after one attempt: bisection did not use up the retries.
    assert drain.batches[5].discarded == (sequences[5],)
    [record] = drain.destination_records
    assert record["KinesisBatchInfo"]["batchSize"] == 1


@pytest.mark.usefixtures("aws")
def test_report_batch_item_failures_checkpoints_at_the_lowest_failed_sequence_number() -> None:
    make_stream("s")
    sequences = put("s", *range(6))
    attempts: list[list[int]] = []

    def handler(event: dict[str, Any], context: object) -> dict[str, Any]:
        attempts.append(values(event))
        return reports({4, 2} if len(attempts) == 1 else set())(event, context)  # type: ignore[no-any-return]

    mapping = KinesisEventSourceMapping(
        LambdaFunction(handler), "s", function_response_types=["ReportBatchItemFailures"]
    )
    drain = mapping.drain()
    assert attempts == [[0, 1, 2, 3, 4, 5], [2, 3, 4, 5]]
    first = drain.batches[0]
    assert first.outcome == "partial"
    assert set(first.reported_failures) == {sequences[2], sequences[4]}
    assert first.checkpoint == sequences[1]
    assert first.retried == tuple(sequences[2:])
    assert drain.batches[1].checkpoint == sequences[5]


@pytest.mark.usefixtures("aws")
def test_a_partial_failure_of_the_first_record_retries_everything_and_counts_as_a_retry() -> None:
    make_stream("s")
    sequences = put("s", 0, 1)
    mapping = KinesisEventSourceMapping(
        LambdaFunction(reports({0})),
        "s",
        function_response_types=True,
        maximum_retry_attempts=1,
        destination_config="arn:aws:s3:::failures",
    )
    drain = mapping.drain()
    assert [(b.outcome, b.checkpoint) for b in drain] == [("partial", None), ("partial", sequences[1])]
    [record] = drain.destination_records
    assert "functionError" not in record["responseContext"]
    assert record["requestContext"]["approximateInvokeCount"] == 2


@pytest.mark.usefixtures("aws")
def test_an_invalid_partial_response_fails_the_whole_batch() -> None:
    make_stream("s")
    put("s", 0, 1)
    mapping = KinesisEventSourceMapping(
        LambdaFunction(lambda event, context: {"batchItemFailures": [{"itemIdentifier": "999"}]}),
        "s",
        function_response_types=True,
        maximum_retry_attempts=0,
        bisect_batch_on_function_error=True,
    )
    drain = mapping.drain()
    # Not a function error: no bisection, and one attempt only.
    assert [(b.outcome, b.bisected, len(b.discarded)) for b in drain] == [("failure", False, 2)]
    assert "'999' is not in the batch" in (drain.batches[0].reason or "")
    assert drain.destination_records == []


@pytest.mark.usefixtures("aws")
def test_records_older_than_the_maximum_age_are_discarded_without_invoking() -> None:
    make_stream("s")
    dest = make_queue("old")
    put("s", 1, 2)
    calls: list[list[int]] = []
    function = LambdaFunction(lambda event, context: calls.append(values(event)))
    mapping = KinesisEventSourceMapping(
        function, "s", maximum_record_age_in_seconds=60, destination_config=queue_arn(dest)
    )
    function.clock.advance(61)
    # moto stamps records on the real clock, behind the virtual one: this one is 61 s old too.
    put("s", 3)
    drain = mapping.drain()
    assert calls == []
    [batch] = drain
    assert (batch.outcome, batch.result, batch.attempt) == ("discarded", None, 0)
    [record] = drain.destination_records
    assert record["requestContext"]["condition"] == "RecordAgeExceeded"
    assert record["requestContext"]["approximateInvokeCount"] == 0
    assert "functionError" not in record["responseContext"]
    assert record["KinesisBatchInfo"]["batchSize"] == 3


@pytest.mark.usefixtures("aws")
def test_only_the_expired_records_are_discarded() -> None:
    with freeze_time("2024-01-01T00:00:00Z") as frozen:
        make_stream("s")
        put("s", 1)
        frozen.tick(30)
        put("s", 2)
        function = LambdaFunction(lambda event, context: None)
        mapping = KinesisEventSourceMapping(function, "s", maximum_record_age_in_seconds=60)
        function.clock.advance(45)
        drain = mapping.drain()
        assert [(b.outcome, len(b.sequence_numbers)) for b in drain] == [("discarded", 1), ("success", 1)]
        assert drain.batches[0].destination_record is None


@pytest.mark.usefixtures("aws")
def test_infinite_retries_stop_at_max_batches() -> None:
    make_stream("s")
    put("s", 1)
    mapping = KinesisEventSourceMapping(LambdaFunction(fails_on(1)), "s")
    drain = mapping.drain(max_batches=5)
    assert (len(drain), drain.exhausted) == (5, True)
    assert [b.attempt for b in drain] == [1, 2, 3, 4, 5]


@pytest.mark.usefixtures("aws")
def test_max_batches_with_unread_records_is_exhausted() -> None:
    make_stream("s")
    put("s", 1, 2)
    mapping = KinesisEventSourceMapping(LambdaFunction(lambda event, context: None), "s", batch_size=1)
    assert mapping.drain(max_batches=1).exhausted
    assert not mapping.drain(max_batches=1).exhausted


@pytest.mark.usefixtures("aws")
def test_latest_skips_what_the_stream_held_before_the_mapping() -> None:
    make_stream("s", shards=2)
    put("s", 1)
    seen: list[int] = []
    mapping = KinesisEventSourceMapping(
        LambdaFunction(lambda event, context: seen.extend(values(event))), "s", starting_position="LATEST"
    )
    put("s", 2)
    mapping.drain()
    assert seen == [2]


@pytest.mark.usefixtures("aws")
def test_the_batching_window_waits_on_the_virtual_clock() -> None:
    make_stream("s")
    put("s", 1)
    function = LambdaFunction(lambda event, context: None)
    KinesisEventSourceMapping(function, "s", maximum_batching_window=10).drain()
    assert function.clock.offset_ms == 10_000


@pytest.mark.usefixtures("aws")
def test_a_batch_stops_at_the_six_mb_payload_limit() -> None:
    make_stream("s")
    kinesis = boto("kinesis")
    for _ in range(6):
        kinesis.put_record(StreamName="s", Data=b"x" * 1_000_000, PartitionKey="p")
    drain = KinesisEventSourceMapping(LambdaFunction(lambda event, context: None), "s").drain()
    assert [len(b.sequence_numbers) for b in drain] == [4, 2]


@pytest.mark.usefixtures("aws")
def test_dynamodb_mapping_sends_ddb_stream_batch_info() -> None:
    stream_arn = make_table("orders")
    dest = make_queue("ddb-failures")
    ddb = boto("dynamodb")
    for i in range(3):
        ddb.put_item(TableName="orders", Item={"pk": {"S": f"o{i}"}})

    def handler(event: dict[str, Any], context: object) -> None:
        raise RuntimeError("down")

    mapping = DynamoDBStreamEventSourceMapping(
        LambdaFunction(handler), "orders", maximum_retry_attempts=0, destination_config=queue_arn(dest)
    )
    drain = mapping.drain()
    assert [b.outcome for b in drain] == ["failure"]
    [record] = drain.destination_records
    parsed = models.DynamoDBStreamLambdaOnFailureDestinationModel.model_validate(record)
    assert parsed.ddb_stream_batch_info.batch_size == 3
    assert parsed.ddb_stream_batch_info.stream_arn == stream_arn
    assert parsed.request_context.condition == "RetryAttemptsExhausted"
    assert json.loads(receive_all(dest)[0]["Body"]) == record


@pytest.mark.usefixtures("aws")
def test_dynamodb_mapping_rejects_at_timestamp() -> None:
    make_table("t")
    with pytest.raises(ConfigurationError, match=r"valid values: \['TRIM_HORIZON', 'LATEST'\]"):
        DynamoDBStreamEventSourceMapping(
            LambdaFunction(fails_on(1)), "t", starting_position="AT_TIMESTAMP", starting_position_timestamp=1
        )


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"batch_size": 0}, "batch_size=0 is out of range: Lambda accepts 1 to 10000 records"),
        ({"maximum_batching_window": 301}, "maximum_batching_window=301 is out of range"),
        ({"maximum_retry_attempts": -2}, r"maximum_retry_attempts=-2 is out of range: .* 0 to 10000 retries or -1"),
        ({"maximum_retry_attempts": 10_001}, "maximum_retry_attempts=10001 is out of range"),
        ({"maximum_record_age_in_seconds": 59}, r"maximum_record_age_in_seconds=59 .* 60 to 604800 seconds or -1"),
        ({"maximum_record_age_in_seconds": 604_801}, "maximum_record_age_in_seconds=604801"),
        ({"bisect_batch_on_function_error": "yes"}, "bisect_batch_on_function_error must be True or False"),
        ({"function_response_types": ["Nope"]}, "function_response_types"),
        ({"destination_config": "arn:aws:lambda:us-east-1:123456789012:function:f"}, "expected an SQS queue"),
        ({"destination_config": "queue"}, "destination_config='queue' is not valid"),
    ],
)
def test_stream_mapping_parameters_are_checked(options: dict[str, Any], message: str) -> None:
    make_stream("s")
    with pytest.raises(ConfigurationError, match=message):
        KinesisEventSourceMapping(LambdaFunction(fails_on(1)), "s", **options)


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize("service", ["sqs", "sns"])
def test_a_missing_destination_queue_or_topic_is_named(service: str) -> None:
    make_stream("s")
    put("s", 1)
    arn = f"arn:aws:{service}:us-east-1:{ACCOUNT}:nowhere"
    mapping = KinesisEventSourceMapping(
        LambdaFunction(fails_on(1)), "s", maximum_retry_attempts=0, destination_config=arn
    )
    with pytest.raises(AWSResourceNotFoundError, match=f"{arn} does not exist in moto"):
        mapping.drain()


@pytest.mark.usefixtures("aws")
def test_stream_reprs_are_short() -> None:
    make_stream("s")
    put("s", 1)
    mapping = KinesisEventSourceMapping(LambdaFunction(lambda event, context: None), "s")
    assert repr(mapping) == (
        f"KinesisEventSourceMapping(stream='arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/s', batch_size=100, "
        "maximum_retry_attempts=-1, maximum_record_age_in_seconds=-1, bisect_batch_on_function_error=False, "
        "report_batch_item_failures=False)"
    )
    assert repr(mapping.poll()) == (
        "StreamBatch(shard_id='shardId-000000000000', outcome='success', records=1, attempt=1, bisected=False, "
        "discarded=0, reason=None)"
    )
    with pytest.raises(ConfigurationError, match="max_batches=0"):
        mapping.drain(max_batches=0)


def test_ttl_deletes_carry_the_service_identity() -> None:
    from datetime import datetime, timezone

    from pytest_lambda.aws.streams import dynamodb_record

    raw = {
        "eventID": "e1",
        "eventName": "REMOVE",
        "dynamodb": {
            "ApproximateCreationDateTime": datetime(2024, 1, 1, 0, 0, 0, 500_000, tzinfo=timezone.utc),
            "Keys": {"pk": {"S": "a"}},
            "OldImage": {"pk": {"S": "a"}},
            "SequenceNumber": "100",
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
        "userIdentity": {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"},
    }
    record = dynamodb_record(raw, f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/t/stream/2024-01-01T00:00:00.000")
    models.DynamoDBStreamModel.model_validate({"Records": [record]})
    assert record["userIdentity"] == {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
    assert record["awsRegion"] == "eu-west-1"
    # Stream record times are whole epoch seconds.
    assert record["dynamodb"]["ApproximateCreationDateTime"] == 1704067200.0


def test_not_found_converts_only_missing_resource_errors() -> None:
    from botocore.exceptions import ClientError

    from pytest_lambda.aws._esm import not_found

    def error(code: str) -> ClientError:
        return ClientError({"Error": {"Code": code, "Message": "m"}}, "Op")

    with pytest.raises(EventSourceNotFoundError, match="thing is gone"), not_found("thing is gone", "Gone"):
        raise error("Gone")
    with pytest.raises(ClientError, match="AccessDenied"), not_found("thing is gone", "Gone"):
        raise error("AccessDenied")
    with pytest.raises(ValueError, match="other"), not_found("thing is gone", "Gone"):
        raise ValueError("other")
