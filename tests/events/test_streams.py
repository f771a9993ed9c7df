"""Stream and broker event sources: DynamoDB, Kinesis, Firehose, CloudWatch Logs, Kafka/MSK, Amazon MQ, DocumentDB."""

from __future__ import annotations

import base64
import copy
import gzip
import json
import re
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from aws_lambda_powertools.shared.dynamodb_deserializer import TypeDeserializer
from aws_lambda_powertools.utilities.data_classes.active_mq_event import ActiveMQEvent
from aws_lambda_powertools.utilities.data_classes.cloud_watch_logs_event import CloudWatchLogsEvent
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBStreamEvent
from aws_lambda_powertools.utilities.data_classes.kafka_event import KafkaEvent
from aws_lambda_powertools.utilities.data_classes.rabbit_mq_event import RabbitMQEvent
from aws_lambda_powertools.utilities.parser import models
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_lambda.events import EventOverrideError, make_event
from pytest_lambda.events._registry import lookup
from pytest_lambda.events.cloudwatch_logs import decode_awslogs
from pytest_lambda.events.dynamodb import stream_record_size

from .shapes import kind, sample

SEEDS = [0, 1, 7, 42, 2**32]
SOURCES = [
    "dynamodb",
    "kinesis",
    "firehose",
    "cloudwatch_logs",
    "kafka",
    "msk",
    "mq_activemq",
    "mq_rabbitmq",
    "documentdb",
]
FROZEN = datetime(2024, 5, 17, 9, 30, 12, 345_000, tzinfo=timezone.utc)

# https://docs.aws.amazon.com/lambda/latest/dg/with-documentdb.html ("Example Amazon DocumentDB event"):
# no powertools model or sample file exists for DocumentDB, so its documented shape is kept here.
DOCUMENTDB_DOCUMENTED = {
    "eventSourceArn": "arn:aws:rds:us-east-1:123456789012:cluster:canaryclusterb2a659a2-qo5tcmqkcl03",
    "events": [
        {
            "event": {
                "_id": {"_data": "0163eeb6e7000000090100000009000041e1"},
                "clusterTime": {"$timestamp": {"t": 1676588775, "i": 9}},
                "documentKey": {"_id": {"$oid": "63eeb6e7d418cd98afb1c1d7"}},
                "fullDocument": {"_id": {"$oid": "63eeb6e7d418cd98afb1c1d7"}, "anyField": "sampleValue"},
                "ns": {"db": "test_database", "coll": "test_collection"},
                "operationType": "insert",
            }
        }
    ],
    "eventSource": "aws:docdb",
}


# -- helpers ----------------------------------------------------------------------------------------


def same_shape(ours: Any, theirs: Any, path: str = "$", *, exact_keys: bool = True) -> list[str]:
    """Differences in key structure and JSON kinds (null matches anything: AWS sends null for unset fields)."""
    if ours is None or theirs is None:
        return []
    if kind(ours) != kind(theirs):
        return [f"{path}: {kind(ours)} != {kind(theirs)}"]
    problems: list[str] = []
    if isinstance(ours, dict):
        if exact_keys and set(ours) != set(theirs):
            problems.append(f"{path}: keys {sorted(set(ours) ^ set(theirs))} differ")
        for key in set(ours) & set(theirs):
            problems += same_shape(ours[key], theirs[key], f"{path}.{key}", exact_keys=exact_keys)
    elif isinstance(ours, list) and ours and theirs:
        for item in ours:
            problems += same_shape(item, theirs[0], f"{path}[]", exact_keys=exact_keys)
    return problems


def unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def decode_logs(event: dict[str, Any]) -> Any:
    return json.loads(gzip.decompress(unb64(event["awslogs"]["data"])))


def validate(source: str, event: dict[str, Any]) -> None:
    """Validate against powertools' parser model or data class for the source (raises when invalid)."""
    event = copy.deepcopy(event)  # powertools' Kafka model decodes the headers in place
    if source == "dynamodb":
        models.DynamoDBStreamModel.model_validate(event)
    elif source == "kinesis":
        models.KinesisDataStreamModel.model_validate(event)
    elif source == "firehose":
        models.KinesisFirehoseModel.model_validate(event)
    elif source == "cloudwatch_logs":
        models.CloudWatchLogsModel.model_validate(event)
    elif source == "kafka":
        models.KafkaSelfManagedEventModel.model_validate(event)
    elif source == "msk":
        models.KafkaMskEventModel.model_validate(event)
    elif source == "mq_activemq":
        read_activemq(event)
    elif source == "mq_rabbitmq":
        read_rabbitmq(event)
    elif source == "documentdb":
        # The documented insert has every key but updateDescription (update events only); deletes
        # have no fullDocument (https://docs.aws.amazon.com/documentdb/latest/developerguide/change_streams.html).
        documented = set(DOCUMENTDB_DOCUMENTED["events"][0]["event"])
        assert set(event) == set(DOCUMENTDB_DOCUMENTED)
        for item in event["events"]:
            assert set(item) == {"event"}
            assert documented - {"fullDocument"} <= set(item["event"]) <= documented | {"updateDescription"}
        assert same_shape(event, DOCUMENTDB_DOCUMENTED, exact_keys=False) == []
    else:  # pragma: no cover
        raise AssertionError(source)


def read_activemq(event: dict[str, Any]) -> list[dict[str, Any]]:
    """Read every property of powertools' ActiveMQEvent, checking its type."""
    parsed = ActiveMQEvent(event)
    assert parsed.event_source == "aws:amq"
    assert parsed.event_source_arn.startswith("arn:aws:mq:")
    seen = []
    for message in parsed.messages:
        assert isinstance(message.message_id, str)
        assert message.message_type in ("jms/text-message", "jms/bytes-message")
        assert isinstance(message.decoded_data, str | bytes)
        assert isinstance(message.connection_id, str)
        assert message.redelivered is False
        assert message.broker_in_time <= message.broker_out_time
        assert message.timestamp <= message.broker_in_time
        assert isinstance(message.properties, dict)
        assert isinstance(message.destination_physicalname, str)
        assert message.delivery_mode in (1, 2)
        assert 0 <= (message.priority or 0) <= 9
        seen.append(message.raw_event)
    return seen


def read_rabbitmq(event: dict[str, Any]) -> None:
    parsed = RabbitMQEvent(event)
    assert parsed.event_source == "aws:rmq"
    for queue, messages in parsed.rmq_messages_by_queue.items():
        assert "::" in queue
        for message in messages:
            props = message.basic_properties
            assert isinstance(props.content_type, str)
            assert isinstance(props.headers, dict)
            assert props.delivery_mode in (1, 2)
            assert props.body_size == len(unb64(message.data))
            assert isinstance(props.timestamp, str)
            assert message.redelivered is False


def make(source: str, **kwargs: Any) -> Any:
    return make_event(source, **kwargs)


# -- every source ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("source", SOURCES)
def test_validates_against_powertools(source: str, seed: int) -> None:
    validate(source, make(source, seed=seed))
    if lookup(source).records_limit and source != "cloudwatch_logs":
        validate(source, make(source, seed=seed, records=5))


@pytest.mark.parametrize("source", SOURCES)
def test_deterministic_and_json_round_trip(source: str) -> None:
    with time_machine.travel(FROZEN, tick=False):
        first, again, other = make(source, seed=3), make(source, seed=3), make(source, seed=4)
    assert json.dumps(first) == json.dumps(again)
    assert json.loads(json.dumps(first)) == first
    assert first != other


def first_id(source: str, event: dict[str, Any]) -> Any:
    """The id a handler would deduplicate on, for each source."""
    if source in ("dynamodb", "kinesis"):
        return event["Records"][0]["eventID"]
    if source == "firehose":
        return (event["invocationId"], event["records"][0]["recordId"])
    if source == "cloudwatch_logs":
        return decode_logs(event)["logEvents"][0]["id"]
    if source in ("kafka", "msk"):
        record = next(iter(event["records"].values()))[0]
        return (record["offset"], record["key"])
    if source == "mq_activemq":
        return event["messages"][0]["messageID"]
    if source == "mq_rabbitmq":
        return next(iter(event["rmqMessagesByQueue"].values()))[0]["basicProperties"]["messageId"]
    return event["events"][0]["event"]["_id"]["_data"]


@pytest.mark.parametrize("source", SOURCES)
def test_different_seeds_give_different_ids(source: str) -> None:
    with time_machine.travel(FROZEN, tick=False):
        ids = {json.dumps(first_id(source, make(source, seed=seed))) for seed in SEEDS}
    assert len(ids) == len(SEEDS)


@pytest.mark.parametrize("source", SOURCES)
def test_region_and_account_reach_every_arn(source: str) -> None:
    text = json.dumps(make(source, region="eu-west-3", account_id="210987654321"))
    if source == "kafka":  # a self-managed cluster has no ARN
        assert "arn:" not in text
        return
    if source == "cloudwatch_logs":
        assert decode_logs(json.loads(text))["owner"] == "210987654321"
        return
    arns = re.findall(r"arn:aws[\w-]*:[\w-]+:[\w-]*:\d*:", text)
    assert arns
    for arn in arns:
        _, _, service, region, account, _ = arn.split(":")
        assert account == "210987654321"
        assert region == ("" if service == "iam" else "eu-west-3")


@pytest.mark.parametrize("source", [s for s in SOURCES if s != "cloudwatch_logs"])
def test_records_limit(source: str) -> None:
    limit = lookup(source).records_limit
    assert limit == 10_000
    with pytest.raises(EventOverrideError, match="1 to 10000"):
        make(source, records=limit + 1)
    with pytest.raises(EventOverrideError, match="1 to 10000"):
        make(source, records=0)


@pytest.mark.parametrize("source", SOURCES)
def test_unknown_field_is_an_error(source: str) -> None:
    with pytest.raises(EventOverrideError, match="no field or shorthand 'bodyy'"):
        make(source, bodyy=1)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32))
@pytest.mark.parametrize("source", SOURCES)
def test_any_seed_validates_and_round_trips(source: str, seed: int) -> None:
    event = make(source, seed=seed, records=3) if source != "cloudwatch_logs" else make(source, seed=seed)
    validate(source, event)
    assert json.loads(json.dumps(event)) == event


# -- DynamoDB Streams ------------------------------------------------------------------------------


def av_size(value: dict[str, Any]) -> int:
    """DynamoDB's item-size rules, written out again independently of the module."""
    ((tag, inner),) = value.items()

    def number(text: str) -> int:
        significant = text.lstrip("-").replace(".", "").strip("0") or "0"
        return -(-len(significant) // 2) + 1

    sizes = {
        "S": lambda: len(inner.encode()),
        "N": lambda: number(inner),
        "B": lambda: len(unb64(inner)),
        "BOOL": lambda: 1,
        "NULL": lambda: 1,
        "SS": lambda: sum(len(s.encode()) for s in inner),
        "NS": lambda: sum(number(n) for n in inner),
        "BS": lambda: sum(len(unb64(b)) for b in inner),
        "L": lambda: 3 + sum(1 + av_size(v) for v in inner),
        "M": lambda: 3 + sum(1 + len(k.encode()) + av_size(v) for k, v in inner.items()),
    }
    return sizes[tag]()


def record_size(change: dict[str, Any]) -> int:
    return sum(
        len(name.encode()) + av_size(value)
        for part in ("Keys", "NewImage", "OldImage")
        for name, value in change.get(part, {}).items()
    )


def test_dynamodb_size_rule_reproduces_aws_samples() -> None:
    """The SizeBytes rule gives AWS's own numbers: Keys + NewImage + OldImage sizes."""
    records = sample("powertools/dynamoStreamEvent.json")["Records"]
    assert [stream_record_size(r["dynamodb"]) for r in records] == [26, 59]
    go_first = sample("aws-lambda-go/dynamodb-event.json")["Records"][0]["dynamodb"]
    assert stream_record_size(go_first) == go_first["SizeBytes"] == 54


@pytest.mark.parametrize("view", ["NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY"])
@pytest.mark.parametrize("name", ["INSERT", "MODIFY", "REMOVE"])
def test_dynamodb_event_name_and_view_type(name: str, view: str) -> None:
    event = make("dynamodb", event_name=name, stream_view_type=view, records=3, seed=11)
    models.DynamoDBStreamModel.model_validate(event)
    for record in event["Records"]:
        change = record["dynamodb"]
        assert record["eventName"] == name
        assert change["StreamViewType"] == view
        has_new = name != "REMOVE" and view in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES")
        has_old = name != "INSERT" and view in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES")
        assert ("NewImage" in change) == has_new
        assert ("OldImage" in change) == has_old
        for image in ("NewImage", "OldImage"):
            if image in change:
                assert change["Keys"].items() <= change[image].items()
        if name == "MODIFY" and view == "NEW_AND_OLD_IMAGES":
            assert change["NewImage"] != change["OldImage"]
        assert change["SizeBytes"] == record_size(change) > 0
        assert record["eventSourceARN"].startswith("arn:aws:dynamodb:us-east-1:123456789012:table/")
        assert re.fullmatch(r".*/stream/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}", record["eventSourceARN"])


def test_dynamodb_plain_values_become_attribute_values() -> None:
    image = {
        "pk": "ORDER#1",
        "count": 3,
        "price": 12.50,
        "big": Decimal("1E+3"),
        "blob": b"\x00\x01*A",
        "paid": True,
        "note": None,
        "tags": {"b", "a"},
        "sizes": {10, 2},
        "chunks": {b"\x01", b"\x00"},
        "lines": [{"sku": "X1", "qty": 2}, "gift"],
    }
    event = make("dynamodb", new_image=image, keys={"pk": "ORDER#1"})
    change = event["Records"][0]["dynamodb"]
    assert change["Keys"] == {"pk": {"S": "ORDER#1"}}
    assert change["NewImage"] == {
        "pk": {"S": "ORDER#1"},
        "count": {"N": "3"},
        "price": {"N": "12.5"},
        "big": {"N": "1000"},
        "blob": {"B": "AAEqQQ=="},
        "paid": {"BOOL": True},
        "note": {"NULL": True},
        "tags": {"SS": ["a", "b"]},
        "sizes": {"NS": ["2", "10"]},
        "chunks": {"BS": ["AA==", "AQ=="]},
        "lines": {"L": [{"M": {"sku": {"S": "X1"}, "qty": {"N": "2"}}}, {"S": "gift"}]},
    }
    assert "OldImage" not in change
    assert change["SizeBytes"] == record_size(change)
    back = {k: TypeDeserializer().deserialize(v) for k, v in change["NewImage"].items()}
    assert back["price"] == Decimal("12.5")
    assert back["tags"] == {"a", "b"}
    assert unb64(back["blob"]) == b"\x00\x01*A"
    # powertools' data class reads the same values back.
    parsed = next(iter(DynamoDBStreamEvent(event).records))
    assert parsed.dynamodb is not None
    assert parsed.dynamodb.keys == {"pk": "ORDER#1"}


def test_dynamodb_keys_are_added_to_images_and_default_to_first_attribute() -> None:
    change = make("dynamodb", event_name="MODIFY", keys={"pk": "A", "sk": 1}, new_image={"v": 2}, old_image={"v": 1})[
        "Records"
    ][0]["dynamodb"]
    assert change["NewImage"] == {"pk": {"S": "A"}, "sk": {"N": "1"}, "v": {"N": "2"}}
    assert change["OldImage"] == {"pk": {"S": "A"}, "sk": {"N": "1"}, "v": {"N": "1"}}
    change = make("dynamodb", new_image={"userId": "u-1", "name": "Ann"})["Records"][0]["dynamodb"]
    assert change["Keys"] == {"userId": {"S": "u-1"}}


@pytest.mark.parametrize("name", ["INSERT", "MODIFY", "REMOVE"])
def test_dynamodb_keys_win_over_default_attributes(name: str) -> None:
    change = make("dynamodb", event_name=name, keys={"email": "a@example.com", "loginCount": "x"})["Records"][0]
    for image in ("NewImage", "OldImage"):
        if image in change["dynamodb"]:
            assert change["dynamodb"]["Keys"].items() <= change["dynamodb"][image].items()


def test_dynamodb_modify_derives_the_missing_image() -> None:
    change = make("dynamodb", event_name="MODIFY", new_image={"id": "1", "a": 1, "b": 2})["Records"][0]["dynamodb"]
    assert change["OldImage"] == {"id": {"S": "1"}, "a": {"N": "1"}}
    change = make("dynamodb", event_name="MODIFY", old_image={"id": "1", "a": 1})["Records"][0]["dynamodb"]
    assert change["NewImage"]["a"] == {"N": "1"}
    assert change["NewImage"] != change["OldImage"]


def test_dynamodb_batch_ids_and_sequence_numbers() -> None:
    records = make("dynamodb", records=200, seed=5)["Records"]
    sequences = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert sequences == sorted(set(sequences))
    assert len({r["eventID"] for r in records}) == 200
    assert all(re.fullmatch(r"[0-9a-f]{32}", r["eventID"]) for r in records)
    assert len({r["eventSourceARN"] for r in records}) == 1


def test_dynamodb_per_record_overrides_and_table() -> None:
    event = make("dynamodb", table="Orders", records=[{"event_name": "INSERT"}, {"event_name": "REMOVE"}])
    assert [r["eventName"] for r in event["Records"]] == ["INSERT", "REMOVE"]
    assert all(":table/Orders/stream/" in r["eventSourceARN"] for r in event["Records"])


def test_dynamodb_ttl_removal_has_the_service_identity() -> None:
    record = make("dynamodb", event_name="REMOVE", ttl_expired=True)["Records"][0]
    assert record["userIdentity"] == {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
    assert "userIdentity" not in make("dynamodb", event_name="REMOVE")["Records"][0]
    with pytest.raises(EventOverrideError, match="REMOVE"):
        make("dynamodb", ttl_expired=True)


def test_dynamodb_aws_field_override_keeps_size_consistent() -> None:
    event = make("dynamodb", records=[{"dynamodb": {"NewImage": {"id": {"S": "x"}, "big": {"S": "y" * 100}}}}])
    change = event["Records"][0]["dynamodb"]
    assert change["NewImage"]["big"] == {"S": "y" * 100}
    assert change["SizeBytes"] == record_size(change)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"event_name": "UPSERT"}, "event_name must be one of INSERT, MODIFY, REMOVE"),
        ({"stream_view_type": "ALL"}, "NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE, KEYS_ONLY"),
        ({"event_name": "REMOVE", "new_image": {"id": "1"}}, "REMOVE records have no NewImage"),
        ({"old_image": {"id": "1"}}, "INSERT records have no OldImage"),
        ({"keys": {"id": "1"}, "new_image": {"id": "2"}}, "holds the item's key attributes"),
        ({"keys": {"a": 1, "b": 2, "c": 3}}, "1 or 2 attributes"),
        ({"new_image": ["id"]}, "new_image must be a dict"),
        ({"new_image": {"id": "1", "x": object()}}, "cannot store"),
        ({"new_image": {"id": "1", "x": set()}}, "cannot be empty"),
        ({"new_image": {"id": "1", "x": {1, "a"}}}, "only strings, only numbers or only bytes"),
        ({"new_image": {"id": "1", "x": float("nan")}}, "finite"),
        ({"new_image": {"id": "1", "x": Decimal("Infinity")}}, "DynamoDB numbers must be finite, got Decimal("),
        ({"records": [{"dynamodb": {"NewImage": {"extra": {"Q": "1"}}}}]}, "unknown DynamoDB attribute type 'Q'"),
    ],
)
def test_dynamodb_bad_shorthands(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=re.escape(message)):
        make("dynamodb", **kwargs)


def test_dynamodb_shape_matches_aws_sample() -> None:
    theirs = sample("aws-lambda-go/dynamodb-event.json")["Records"][0]
    ours = make("dynamodb", event_name="REMOVE", ttl_expired=True)["Records"][0]
    # The Go sample is an INSERT with userIdentity: compare all but the images that differ by event name.
    ours["dynamodb"]["NewImage"] = ours["dynamodb"].pop("OldImage")
    assert same_shape(ours, theirs, exact_keys=False) == []
    assert set(ours) == set(theirs)
    assert set(ours["dynamodb"]) == set(theirs["dynamodb"])


# -- Kinesis ---------------------------------------------------------------------------------------


def test_kinesis_batch_is_one_shard_in_order() -> None:
    records = make("kinesis", records=100, seed=9)["Records"]
    sequences = [int(r["kinesis"]["sequenceNumber"]) for r in records]
    assert sequences == sorted(set(sequences))
    assert all(len(r["kinesis"]["sequenceNumber"]) == 56 for r in records)
    shards = {r["eventID"].split(":")[0] for r in records}
    assert len(shards) == 1
    assert re.fullmatch(r"shardId-\d{12}", shards.pop())
    assert all(r["eventID"].split(":")[1] == r["kinesis"]["sequenceNumber"] for r in records)
    arrivals = [r["kinesis"]["approximateArrivalTimestamp"] for r in records]
    assert arrivals == sorted(arrivals)
    assert len({r["eventID"] for r in records}) == 100


@pytest.mark.parametrize(
    ("data", "raw"),
    [({"order": 1}, b'{"order": 1}'), ("plain text", b"plain text"), (b"\x00\xff", b"\x00\xff"), ([1, 2], b"[1, 2]")],
)
def test_kinesis_data_shorthand(data: Any, raw: bytes) -> None:
    event = make("kinesis", data=data, partition_key="user-7", stream="clicks")
    record = event["Records"][0]
    assert unb64(record["kinesis"]["data"]) == raw
    assert models.KinesisDataStreamModel.model_validate(event).Records[0].kinesis.data == raw
    assert record["kinesis"]["partitionKey"] == "user-7"
    assert record["eventSourceARN"] == "arn:aws:kinesis:us-east-1:123456789012:stream/clicks"
    assert record["invokeIdentityArn"].startswith("arn:aws:iam::123456789012:role/")


def test_kinesis_per_record_data_and_sequence_override() -> None:
    event = make("kinesis", data="x", records=[{}, {"data": "y"}, {"kinesis": {"sequenceNumber": "123"}}])
    records = event["Records"]
    assert [unb64(r["kinesis"]["data"]) for r in records] == [b"x", b"y", b"x"]
    assert records[2]["eventID"].endswith(":123")


def test_kinesis_bad_data() -> None:
    with pytest.raises(EventOverrideError, match="data must be"):
        make("kinesis", data=object())


def test_kinesis_shape_matches_aws_sample() -> None:
    assert same_shape(make("kinesis", records=2), sample("powertools/kinesisStreamEvent.json")) == []


# -- Firehose --------------------------------------------------------------------------------------


def test_firehose_direct_put() -> None:
    event = make("firehose", data={"a": 1}, records=4, delivery_stream="to-s3")
    parsed = models.KinesisFirehoseModel.model_validate(event)
    assert "sourceKinesisStreamArn" not in event
    assert event["deliveryStreamArn"] == "arn:aws:firehose:us-east-1:123456789012:deliverystream/to-s3"
    assert event["region"] == "us-east-1"
    assert all(r.data == b'{"a": 1}' and r.kinesisRecordMetadata is None for r in parsed.records)
    assert len({r["recordId"] for r in event["records"]}) == 4
    assert same_shape(event, sample("powertools/kinesisFirehosePutEvent.json")) == []


def test_firehose_kinesis_source() -> None:
    event = make("firehose", delivery_stream_type="KinesisStreamAsSource", records=3, seed=2)
    models.KinesisFirehoseModel.model_validate(event)
    assert event["sourceKinesisStreamArn"].startswith("arn:aws:kinesis:us-east-1:123456789012:stream/")
    metadata = [r["kinesisRecordMetadata"] for r in event["records"]]
    assert all(
        m["approximateArrivalTimestamp"] == r["approximateArrivalTimestamp"]
        for m, r in zip(metadata, event["records"], strict=True)
    )
    sequences = [int(m["sequenceNumber"]) for m in metadata]
    assert sequences == sorted(set(sequences))
    assert len({m["shardId"] for m in metadata}) == 1
    assert same_shape(event, sample("powertools/kinesisFirehoseKinesisEvent.json")) == []


def test_firehose_bad_variant() -> None:
    with pytest.raises(EventOverrideError, match="DirectPut, KinesisStreamAsSource"):
        make("firehose", delivery_stream_type="MSK")


# -- CloudWatch Logs -------------------------------------------------------------------------------


def test_cloudwatch_logs_payload() -> None:
    lines = ["START RequestId: 1", {"level": "ERROR", "msg": "boom"}, "END RequestId: 1"]
    event = make("cloudwatch_logs", messages=lines, log_group="/ecs/api", log_stream="web/1", account_id="111122223333")
    assert event["awslogs"]["data"].startswith("H4sIAAAAAAAAA")
    payload = decode_logs(event)
    assert payload["messageType"] == "DATA_MESSAGE"
    assert payload["owner"] == "111122223333"
    assert payload["logGroup"] == "/ecs/api"
    assert payload["logStream"] == "web/1"
    assert len(payload["subscriptionFilters"]) == 1
    assert [e["message"] for e in payload["logEvents"]] == [lines[0], '{"level": "ERROR", "msg": "boom"}', lines[2]]
    ids = [int(e["id"]) for e in payload["logEvents"]]
    assert ids == sorted(set(ids))
    stamps = [e["timestamp"] for e in payload["logEvents"]]
    assert stamps == sorted(stamps)
    parsed = models.CloudWatchLogsModel.model_validate(event).awslogs.decoded_data
    assert parsed.logGroup == "/ecs/api"
    assert CloudWatchLogsEvent(event).parse_logs_data().log_events[1].message == '{"level": "ERROR", "msg": "boom"}'


def test_cloudwatch_logs_default_is_a_lambda_log_line() -> None:
    with time_machine.travel(FROZEN, tick=False):
        payload = decode_logs(make("cloudwatch_logs"))
    assert payload["logGroup"].startswith("/aws/lambda/")
    assert re.fullmatch(r"2024/05/17/\[\$LATEST\][0-9a-f]{32}", payload["logStream"])
    (event,) = payload["logEvents"]
    level, stamp, request_id, _ = event["message"].split("\t")
    assert level == "[INFO]"
    assert datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1000 == event["timestamp"]
    assert re.fullmatch(r"[0-9a-f-]{36}", request_id)


@pytest.mark.parametrize(
    ("messages", "expected"),
    [("just one line", "just one line"), ({"level": "WARN", "n": 1}, '{"level": "WARN", "n": 1}')],
)
def test_cloudwatch_logs_single_message_and_decoder(messages: Any, expected: str) -> None:
    event = make("cloudwatch_logs", messages=messages)
    payload = decode_awslogs(event["awslogs"]["data"])
    assert payload == decode_logs(event)
    assert [e["message"] for e in payload["logEvents"]] == [expected]


def test_cloudwatch_logs_shape_matches_aws_sample() -> None:
    theirs = decode_logs(sample("powertools/cloudWatchLogEvent.json"))
    assert same_shape(decode_logs(make("cloudwatch_logs", messages=["a", "b"])), theirs) == []


@pytest.mark.parametrize("messages", [[], [1], 5, [b"x"], ["line"] * 10_001])
def test_cloudwatch_logs_bad_messages(messages: Any) -> None:
    with pytest.raises(EventOverrideError, match="message"):
        make("cloudwatch_logs", messages=messages)


# -- Kafka / MSK -----------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["kafka", "msk"])
def test_kafka_records_grouped_by_topic_partition(source: str) -> None:
    event = make(source, records=60, seed=13)
    assert event["eventSource"] == ("SelfManagedKafka" if source == "kafka" else "aws:kafka")
    offsets: dict[str, list[int]] = {}
    for group, records in event["records"].items():
        for record in records:
            assert group == f"{record['topic']}-{record['partition']}"
            offsets.setdefault(group, []).append(record["offset"])
    for values in offsets.values():
        assert values == list(range(values[0], values[0] + len(values)))
    assert sum(len(v) for v in offsets.values()) == 60


def test_msk_cluster_and_brokers_agree() -> None:
    event = make("msk", cluster="payments", region="eu-central-1")
    assert re.fullmatch(
        r"arn:aws:kafka:eu-central-1:123456789012:cluster/payments/[0-9a-f-]{36}-\d+", event["eventSourceArn"]
    )
    for server in event["bootstrapServers"].split(","):
        assert re.fullmatch(r"b-\d\.payments\.[a-z0-9]{6}\.c\d\.kafka\.eu-central-1\.amazonaws\.com:\d+", server)


def test_kafka_shorthands_are_encoded() -> None:
    event = make(
        "kafka",
        value={"id": 1},
        key="order-1",
        headers={"trace": "abc", "raw": b"\xff\x00"},
        topic="orders",
        records=[{"partition": 4}, {"partition": 4, "value": "text", "key": None}],
    )
    (group,) = event["records"]
    assert group == "orders-4"
    first, second = event["records"]["orders-4"]
    assert unb64(first["value"]) == b'{"id": 1}'
    assert unb64(first["key"]) == b"order-1"
    assert first["headers"] == [{"trace": [97, 98, 99]}, {"raw": [-1, 0]}]
    assert "key" not in second
    assert unb64(second["value"]) == b"text"
    parsed = models.KafkaSelfManagedEventModel.model_validate(event)
    record = parsed.records["orders-4"][0]
    assert record.value == '{"id": 1}'
    assert record.headers == [{"trace": b"abc"}, {"raw": b"\xff\x00"}]
    data_class = next(iter(KafkaEvent(event).records))
    assert data_class.json_value == {"id": 1}
    assert data_class.decoded_headers["raw"] == b"\xff\x00"


def test_kafka_default_header_names_the_content_type() -> None:
    record = next(iter(make("kafka", value=b"\x01")["records"].values()))[0]
    assert bytes(b & 0xFF for b in record["headers"][0]["content-type"]) == b"application/octet-stream"


@pytest.mark.parametrize(("kwargs", "message"), [({"partition": -1}, "partition"), ({"headers": ["a"]}, "headers")])
def test_kafka_bad_shorthands(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=message):
        make("kafka", **kwargs)


@pytest.mark.parametrize(("source", "name"), [("kafka", "kafkaEventSelfManaged.json"), ("msk", "kafkaEventMsk.json")])
def test_kafka_shape_matches_aws_sample(source: str, name: str) -> None:
    ours, theirs = make(source), sample(f"powertools/{name}")
    theirs.pop("eventSource")  # the self-managed sample still has the old "aws:SelfManagedKafka"
    ours.pop("eventSource")
    ours["records"] = {"t-0": next(iter(ours["records"].values()))}
    theirs["records"] = {"t-0": next(iter(theirs["records"].values()))}
    ours["records"]["t-0"][0]["headers"] = theirs["records"]["t-0"][0]["headers"]  # names are free
    assert same_shape(ours, theirs) == []


# -- Amazon MQ -------------------------------------------------------------------------------------


def test_activemq_messages() -> None:
    event = make("mq_activemq", data="hello", queue="orders", properties={"tenant": "a"}, records=5)
    messages = read_activemq(event)
    assert len({m["messageID"] for m in messages}) == 5
    assert all(m["messageID"].startswith(m["connectionId"] + ":") for m in messages)
    assert all(unb64(m["data"]) == b"hello" for m in messages)
    assert all(m["destination"] == {"physicalName": "orders"} for m in messages)
    assert all(m["properties"] == {"tenant": "a"} for m in messages)
    assert all(m["messageType"] == "jms/text-message" for m in messages)
    assert [m["timestamp"] for m in messages] == sorted(m["timestamp"] for m in messages)
    assert make("mq_activemq", data=b"\x00")["messages"][0]["messageType"] == "jms/bytes-message"
    decoded = next(iter(ActiveMQEvent(make("mq_activemq", data={"n": 1})).messages))
    assert decoded.json_data == {"n": 1}


def test_activemq_shape_matches_aws_samples() -> None:
    ours = make("mq_activemq")["messages"][0]
    documented = sample("powertools/activeMQEvent.json")["messages"][0]
    captured = sample("aws-lambda-go/activemq-event.json")["messages"][0]
    assert set(documented) <= set(ours) <= set(documented) | set(captured)
    assert same_shape(ours, documented, exact_keys=False) == []
    assert same_shape(ours, captured, exact_keys=False) == []


@time_machine.travel(FROZEN, tick=False)  # the timestamps are checked against the clock
def test_rabbitmq_messages() -> None:
    event = make("mq_rabbitmq", data={"pizza": "margherita"}, queue="pizzas", virtual_host="prod",
                 headers={"h": "v1", "n": 10}, records=3)  # fmt: skip
    read_rabbitmq(event)
    (queue,) = event["rmqMessagesByQueue"]
    assert queue == "pizzas::prod"
    messages = event["rmqMessagesByQueue"][queue]
    for message in messages:
        props = message["basicProperties"]
        assert unb64(message["data"]) == b'{"pizza": "margherita"}'
        assert props["bodySize"] == len(b'{"pizza": "margherita"}')
        assert props["contentType"] == "application/json"
        assert props["headers"] == {"h": {"bytes": [118, 49]}, "n": 10}
        sent = datetime.strptime(props["timestamp"], "%b %d, %Y, %I:%M:%S %p")
        assert (
            abs(sent.replace(tzinfo=timezone.utc).timestamp() * 1000 - datetime.now(timezone.utc).timestamp() * 1000)
            < 120_000
        )
    assert len({m["basicProperties"]["messageId"] for m in messages}) == 3


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(b"\x00\xff", "application/octet-stream"), ("plain", "text/plain"), ({"a": 1}, "application/json")],
)
def test_rabbitmq_content_type_follows_the_data(data: Any, content_type: str) -> None:
    (messages,) = make("mq_rabbitmq", data=data)["rmqMessagesByQueue"].values()
    props = messages[0]["basicProperties"]
    assert props["contentType"] == content_type
    assert props["bodySize"] == len(unb64(messages[0]["data"]))


def test_rabbitmq_shape_matches_aws_sample() -> None:
    assert same_shape(make("mq_rabbitmq"), sample("powertools/rabbitMQEvent.json"), exact_keys=False) == []
    ours = make("mq_rabbitmq")["rmqMessagesByQueue"]
    theirs = sample("powertools/rabbitMQEvent.json")["rmqMessagesByQueue"]["pizzaQueue::/"][0]
    message = next(iter(ours.values()))[0]
    assert set(message) == set(theirs)
    assert set(message["basicProperties"]) == set(theirs["basicProperties"])


def test_mq_bad_shorthands() -> None:
    with pytest.raises(EventOverrideError, match="properties"):
        make("mq_activemq", properties=["x"])
    with pytest.raises(EventOverrideError, match="header"):
        make("mq_rabbitmq", headers={"x": object()})
    with pytest.raises(EventOverrideError, match="headers must be a dict"):
        make("mq_rabbitmq", headers=["x"])


# -- DocumentDB ------------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["insert", "update", "replace", "delete"])
@pytest.mark.parametrize("full_document", ["Default", "UpdateLookup"])
def test_documentdb_operation_types(operation: str, full_document: str) -> None:
    event = make("documentdb", operation_type=operation, full_document=full_document, records=4, seed=3)
    assert event["eventSource"] == "aws:docdb"
    assert re.fullmatch(r"arn:aws:rds:us-east-1:123456789012:cluster:[\w-]+", event["eventSourceArn"])
    times = []
    for item in event["events"]:
        change = item["event"]
        assert change["operationType"] == operation
        carries_document = operation in ("insert", "replace") or (operation, full_document) == (
            "update",
            "UpdateLookup",
        )
        assert ("fullDocument" in change) == carries_document
        assert ("updateDescription" in change) == (operation == "update")
        if carries_document:
            assert change["documentKey"] == {"_id": change["fullDocument"]["_id"]}
            assert same_shape(item, DOCUMENTDB_DOCUMENTED["events"][0], exact_keys=False) == []
        stamp = change["clusterTime"]["$timestamp"]
        times.append((stamp["t"], stamp["i"]))
        assert change["_id"]["_data"].startswith(f"01{stamp['t']:08x}{stamp['i']:08x}")
        oid = change["documentKey"]["_id"]["$oid"]
        assert re.fullmatch(r"[0-9a-f]{24}", oid)
        assert int(oid[:8], 16) <= stamp["t"]
    assert times == sorted(set(times))


def test_documentdb_shorthands() -> None:
    event = make("documentdb", document={"sku": "A1", "qty": 2}, database="shop", collection="carts")
    change = event["events"][0]["event"]
    assert change["ns"] == {"db": "shop", "coll": "carts"}
    assert list(change["fullDocument"]) == ["_id", "sku", "qty"]
    assert change["fullDocument"]["sku"] == "A1"
    update = make("documentdb", operation_type="update", full_document="UpdateLookup",
                  document={"_id": {"$oid": "6" * 24}, "qty": 1}, updated_fields={"qty": 3})  # fmt: skip
    change = update["events"][0]["event"]
    assert change["updateDescription"] == {"updatedFields": {"qty": 3}, "removedFields": []}
    assert change["fullDocument"] == {"_id": {"$oid": "6" * 24}, "qty": 3}
    assert change["documentKey"] == {"_id": {"$oid": "6" * 24}}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"operation_type": "upsert"}, "operation_type must be one of insert, update, replace, delete"),
        ({"full_document": "Always"}, "full_document must be one of Default, UpdateLookup"),
        ({"updated_fields": {"a": 1}}, "operation_type='update'"),
        ({"operation_type": "update", "updated_fields": {}}, "non-empty dict"),
        ({"document": "x"}, "document must be a dict"),
    ],
)
def test_documentdb_bad_shorthands(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=re.escape(message)):
        make("documentdb", **kwargs)


def test_documentdb_shape_matches_documented_example() -> None:
    ours = make("documentdb")
    assert set(ours) == set(DOCUMENTDB_DOCUMENTED)
    assert set(ours["events"][0]["event"]) == set(DOCUMENTDB_DOCUMENTED["events"][0]["event"])
    assert same_shape(ours, DOCUMENTDB_DOCUMENTED, exact_keys=False) == []


@pytest.mark.parametrize(
    ("source", "keyword", "choices"),
    [
        ("dynamodb", "event_name", "INSERT | MODIFY | REMOVE"),
        ("dynamodb", "stream_view_type", "NEW_AND_OLD_IMAGES | NEW_IMAGE | OLD_IMAGE | KEYS_ONLY"),
        ("firehose", "delivery_stream_type", "DirectPut | KinesisStreamAsSource"),
        ("documentdb", "operation_type", "insert | update | replace | delete"),
        ("documentdb", "full_document", "Default | UpdateLookup"),
    ],
)
def test_variants_are_registered(source: str, keyword: str, choices: str) -> None:
    assert lookup(source).variants[keyword] == choices
    for choice in choices.split(" | "):
        validate(source, make(source, **{keyword: choice}))
