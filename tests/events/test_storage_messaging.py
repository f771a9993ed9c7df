"""SNS, S3 and SES events: sns, sns_sqs, s3, s3_sqs, s3_eventbridge, s3_batch and ses."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
import math
from typing import Any
from urllib.parse import unquote_plus

import pytest
from aws_lambda_powertools.utilities.data_classes import (
    S3BatchOperationEvent,
    S3Event,
    S3EventBridgeNotificationEvent,
    SESEvent,
    SNSEvent,
)
from aws_lambda_powertools.utilities.parser import models
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_lambda.events import EventOverrideError, make_event
from pytest_lambda.events._common import Gen
from pytest_lambda.events._registry import lookup
from pytest_lambda.events.s3 import DETAIL_TYPES, EVENT_NAMES, PART_SIZE, s3_record
from pytest_lambda.events.ses import ses_record

from .shapes import SAMPLES

SOURCES = ("sns", "sns_sqs", "s3", "s3_sqs", "s3_eventbridge", "s3_batch", "ses")
SEEDS = (0, 1, 7, 42, 2**32)
FROZEN = "2031-03-04T05:06:07.890Z"
FROZEN_MS = int(dt.datetime(2031, 3, 4, 5, 6, 7, 890_000, tzinfo=dt.timezone.utc).timestamp() * 1000)


def _ms(iso: str) -> int:
    return int(dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def _validate(source: str, event: Any) -> None:
    """Hold ``event`` against aws-lambda-powertools' parser models (and bodies' models) for ``source``.

    Some models' "before" validators write into the dict they are given: they get a copy.
    """
    event = copy.deepcopy(event)
    if source == "sns":
        models.SnsModel.model_validate(event)
    elif source == "sns_sqs":
        models.SqsModel.model_validate(event)
        for record in event["Records"]:
            models.SnsNotificationModel.model_validate_json(record["body"])
    elif source == "s3":
        models.S3Model.model_validate(event)
    elif source == "s3_sqs":
        models.S3SqsEventNotificationModel.model_validate(event)
    elif source == "s3_eventbridge":
        models.S3EventNotificationEventBridgeModel.model_validate(event)
    elif source == "s3_batch":
        models.S3BatchOperationModel.model_validate(event)
    else:
        models.SesModel.model_validate(event)


def _shape(value: Any) -> Any:
    """Keys and JSON value kinds, recursively (a list by its first item)."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    if isinstance(value, bool) or value is None:
        return repr(value) if value is None else "bool"
    return "number" if isinstance(value, (int, float)) else type(value).__name__


def _sample(folder: str, name: str) -> Any:
    return json.loads((SAMPLES / folder / name).read_text())


# -- every source ------------------------------------------------------------------------------------


def test_sources_are_registered_with_their_shorthands() -> None:
    assert lookup("s3_batch_operations").name == "s3_batch"
    assert lookup("sns").records_limit == 1
    assert lookup("ses").records_limit == 1
    assert lookup("sns_sqs").records_limit == lookup("sqs").records_limit == 10_000
    assert "ObjectRemoved:DeleteMarkerCreated" in lookup("s3").variants["event_name"]
    assert "Object Deleted" in lookup("s3_eventbridge").variants["detail_type"]
    assert lookup("s3_batch").variants["schema_version"].startswith("1.0 (default")
    for name in SOURCES:
        source = lookup(name)
        assert source.docs.startswith("https://docs.aws.amazon.com/")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("source", SOURCES)
def test_events_validate_round_trip_and_are_deterministic(source: str, seed: int) -> None:
    with freeze_time(FROZEN):
        event = make_event(source, seed=seed)
        again = make_event(source, seed=seed)
        other = make_event(source, seed=seed + 1)
    _validate(source, event)
    assert json.loads(json.dumps(event)) == event
    assert json.dumps(event) == json.dumps(again)
    assert event != other


def _ids(source: str, event: Any) -> list[str]:
    if source == "sns":
        return [event["Records"][0]["Sns"]["MessageId"], event["Records"][0]["EventSubscriptionArn"]]
    if source in ("sns_sqs", "s3_sqs"):
        return [event["Records"][0]["messageId"], event["Records"][0]["body"]]
    if source == "s3":
        return [event["Records"][0]["responseElements"]["x-amz-request-id"]]
    if source == "s3_eventbridge":
        return [event["id"], event["detail"]["request-id"]]
    if source == "s3_batch":
        return [event["invocationId"], event["job"]["id"], event["tasks"][0]["taskId"]]
    return [event["Records"][0]["ses"]["mail"]["messageId"]]


@pytest.mark.parametrize("source", SOURCES)
def test_different_seeds_give_different_ids(source: str) -> None:
    with freeze_time(FROZEN):
        first, second = make_event(source, seed=1), make_event(source, seed=2)
    assert all(a != b for a, b in zip(_ids(source, first), _ids(source, second), strict=True))


@pytest.mark.parametrize("source", SOURCES)
def test_region_and_account_reach_every_arn(source: str) -> None:
    event = make_event(source, region="eu-west-2", account_id="000000000001")
    text = json.dumps(event)
    for arn in (part for part in text.replace('"', " ").replace("\\", " ").split() if part.startswith("arn:")):
        if arn.startswith("arn:aws:s3:::"):
            continue  # bucket ARNs name neither region nor account
        assert arn.startswith(("arn:aws:sns:eu-west-2:000000000001:", "arn:aws:sqs:eu-west-2:000000000001:",
                               "arn:aws:lambda:eu-west-2:000000000001:")), arn  # fmt: skip


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_every_source_validates_and_round_trips_for_any_seed(seed: int) -> None:
    for source in SOURCES:
        event = make_event(source, seed=seed)
        _validate(source, event)
        assert json.loads(json.dumps(event)) == event


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32), event_name=st.sampled_from(sorted(EVENT_NAMES)), count=st.integers(1, 5))
def test_every_s3_event_name_validates_for_any_seed(seed: int, event_name: str, count: int) -> None:
    event = make_event("s3", seed=seed, event_name=event_name, records=count)
    models.S3Model.model_validate(event)
    body_event = make_event("s3_sqs", seed=seed, event_name=event_name, records=count)
    models.S3SqsEventNotificationModel.model_validate(body_event)
    assert json.loads(json.dumps(body_event)) == body_event


# -- the published samples' shapes --------------------------------------------------------------------


def test_sns_has_the_published_shape() -> None:
    sample = _sample("powertools", "snsEvent.json")
    attributes = {"Test": "TestString", "TestBinary": b"TestBinary"}
    assert _shape(make_event("sns", subject="TestInvoke", message_attributes=attributes)) == _shape(sample)
    go_sample = _sample("aws-lambda-go", "sns-event.json")
    assert _shape(make_event("sns", subject="x", message_attributes=attributes)) == _shape(go_sample)


@pytest.mark.parametrize(("fifo", "name"), [(False, "snsSqsEvent.json"), (True, "snsSqsFifoEvent.json")])
def test_sns_sqs_has_the_published_shape(fifo: bool, name: str) -> None:
    sample = _sample("powertools", name)
    event = make_event("sns_sqs", fifo=fifo)
    assert _shape(event) == _shape(sample)
    assert list(json.loads(event["Records"][0]["body"])) == list(json.loads(sample["Records"][0]["body"]))


@pytest.mark.parametrize(
    ("overrides", "name"),
    [
        ({}, "s3Event.json"),
        ({"event_name": "ObjectRemoved:Delete"}, "s3EventDeleteObject.json"),
        ({"event_name": "ObjectRestore:Completed"}, "s3EventGlacier.json"),
    ],
)
def test_s3_has_the_published_shape(overrides: dict[str, Any], name: str) -> None:
    assert _shape(make_event("s3", **overrides)) == _shape(_sample("powertools", name))


def test_s3_sqs_has_the_published_shape() -> None:
    sample = _sample("powertools", "s3SqsEvent.json")
    event = make_event("s3_sqs", versioned=True)
    assert _shape(event) == _shape(sample)
    assert _shape(json.loads(event["Records"][0]["body"])) == _shape(json.loads(sample["Records"][0]["body"]))


@pytest.mark.parametrize(
    ("overrides", "name"),
    [
        ({}, "s3EventBridgeNotificationObjectCreatedEvent.json"),
        ({"detail_type": "Object Deleted"}, "s3EventBridgeNotificationObjectDeletedEvent.json"),
        ({"detail_type": "Object Restore Completed"}, "s3EventBridgeNotificationObjectRestoreCompletedEvent.json"),
    ],
)
def test_s3_eventbridge_has_the_published_shape(overrides: dict[str, Any], name: str) -> None:
    sample = _sample("powertools", name)
    if sample["detail-type"] == "Object Restore Completed":
        # AWS's own example (ev-events.html) has no sequencer for a restore: the sample's is pasted in.
        del sample["detail"]["object"]["sequencer"]
    assert _shape(make_event("s3_eventbridge", **overrides)) == _shape(sample)


@pytest.mark.parametrize(
    ("overrides", "name"),
    [
        ({"version_id": "1"}, "s3BatchOperationEventSchemaV1.json"),
        ({"schema_version": "2.0", "user_arguments": {"k1": "v1", "k2": "v2"}}, "s3BatchOperationEventSchemaV2.json"),
    ],
)
def test_s3_batch_has_the_published_shape(overrides: dict[str, Any], name: str) -> None:
    assert _shape(make_event("s3_batch", **overrides)) == _shape(_sample("powertools", name))


def test_ses_has_the_published_shape() -> None:
    # The samples carry dmarcPolicy, which AWS sends only when DMARC fails.
    event = make_event("ses", verdict={"dmarc": "FAIL"})
    assert _shape(event) == _shape(_sample("powertools", "sesEvent.json"))
    assert _shape(event) == _shape(_sample("aws-lambda-go", "ses-lambda-event.json"))


# -- sns ----------------------------------------------------------------------------------------------


def test_sns_is_coherent() -> None:
    with freeze_time(FROZEN):
        record = make_event("sns", seed=3, region="eu-west-1", account_id="111122223333")["Records"][0]
    sns = record["Sns"]
    assert sns["TopicArn"].startswith("arn:aws:sns:eu-west-1:111122223333:")
    subscription = record["EventSubscriptionArn"]
    assert subscription.startswith(sns["TopicArn"] + ":")
    assert len(subscription) == len(sns["TopicArn"]) + 37
    assert sns["UnsubscribeUrl"] == (
        f"https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={subscription}"
    )
    assert sns["SigningCertUrl"].startswith("https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-")
    assert sns["SigningCertUrl"].endswith(".pem")
    assert sns["MessageId"][14] == "5"
    assert len(base64.b64decode(sns["Signature"], validate=True)) == 256
    assert sns["Subject"] is None
    assert sns["MessageAttributes"] == {}
    assert FROZEN_MS - 5_000 <= _ms(sns["Timestamp"]) <= FROZEN_MS
    assert SNSEvent(make_event("sns", seed=3)).sns_message == make_event("sns", seed=3)["Records"][0]["Sns"]["Message"]


def test_sns_shorthands() -> None:
    event = make_event(
        "sns",
        message={"order": 7},
        subject="Order shipped",
        topic="orders",
        message_attributes={
            "tenant": "acme",
            "priority": 3,
            "ratio": 0.5,
            "flag": True,
            "blob": b"\x00\x01",
            "tags": ["a", "b"],
            "custom": {"Type": "String.Array", "Value": '["x"]'},
        },
    )
    models.SnsModel.model_validate(event)
    sns = event["Records"][0]["Sns"]
    assert json.loads(sns["Message"]) == {"order": 7}
    assert sns["Subject"] == "Order shipped"
    assert sns["TopicArn"] == "arn:aws:sns:us-east-1:123456789012:orders"
    assert sns["MessageAttributes"] == {
        "tenant": {"Type": "String", "Value": "acme"},
        "priority": {"Type": "Number", "Value": "3"},
        "ratio": {"Type": "Number", "Value": "0.5"},
        "flag": {"Type": "String", "Value": "true"},
        "blob": {"Type": "Binary", "Value": "AAE="},
        "tags": {"Type": "String.Array", "Value": '["a", "b"]'},
        "custom": {"Type": "String.Array", "Value": '["x"]'},
    }
    assert make_event("sns", message="plain text")["Records"][0]["Sns"]["Message"] == "plain text"
    topic = "arn:aws:sns:eu-central-1:222233334444:alerts"
    assert make_event("sns", topic=topic)["Records"][0]["Sns"]["TopicArn"] == topic
    per_record = make_event("sns", records=[{"message": "one", "EventVersion": "2.0"}])["Records"][0]
    assert (per_record["Sns"]["Message"], per_record["EventVersion"]) == ("one", "2.0")
    china = make_event("sns", region="cn-north-1")["Records"][0]["Sns"]
    assert china["TopicArn"].startswith("arn:aws-cn:sns:cn-north-1:")
    assert china["SigningCertUrl"].startswith("https://sns.cn-north-1.amazonaws.com.cn/")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"records": 2}, "one message per event: records must be 1, got 2"),
        ({"records": [{}, {}]}, "SNS batches hold 1 to 1 records"),
        ({"message": b"raw"}, "message must be a str or a JSON-serialisable dict/list"),
        ({"subject": "x" * 101}, "subject must be None or a printable str of 1 to 100"),
        ({"subject": "two\nlines"}, "without line breaks"),
        ({"subject": 5}, "subject must be None"),
        ({"message_attributes": ["a"]}, "message_attributes must be a dict"),
        ({"message_attributes": {f"a{i}": i for i in range(11)}}, "at most 10 message attributes, got 11"),
        ({"message_attributes": {"": "x"}}, "names must be non-empty str"),
        ({"message_attributes": {"a": object()}}, "message attribute 'a' must be a str, number, bytes, list"),
        ({"message_attributes": {"a": {"Type": "String", "Value": 1}}}, "Type and Value must be str"),
        ({"topic": ""}, "topic must be a topic name or ARN"),
        ({"topic": "orders.fifo"}, "FIFO topics cannot deliver to Lambda"),
        ({"records": [{"Colour": "red"}]}, "SNS record events have no field or shorthand 'Colour'"),
    ],
)
def test_sns_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make_event("sns", **overrides)


# -- sns_sqs ------------------------------------------------------------------------------------------


def test_sns_sqs_is_coherent() -> None:
    with freeze_time(FROZEN):
        event = make_event("sns_sqs", records=5, message={"n": 1}, subject="Hello", message_attributes={"a": 1})
    records = event["Records"]
    assert len({r["messageId"] for r in records}) == 5
    notifications = [json.loads(r["body"]) for r in records]
    assert len({n["MessageId"] for n in notifications}) == 5
    assert len({r["eventSourceARN"] for r in records}) == 1
    assert len({r["attributes"]["SenderId"] for r in records}) == 1
    assert records[0]["attributes"]["SenderId"].startswith("AIDA")
    for record, notification in zip(records, notifications, strict=True):
        assert record["md5OfBody"] == hashlib.md5(record["body"].encode()).hexdigest()
        assert record["messageAttributes"] == {}  # raw delivery off: attributes ride in the body
        assert notification["MessageAttributes"] == {"a": {"Type": "Number", "Value": "1"}}
        assert json.loads(notification["Message"]) == {"n": 1}
        assert notification["Subject"] == "Hello"
        assert notification["Type"] == "Notification"
        assert notification["UnsubscribeURL"].endswith(f"SubscriptionArn={notification['TopicArn']}:" + (
            notification["UnsubscribeURL"].rsplit(":", 1)[1]
        ))  # fmt: skip
        published = _ms(notification["Timestamp"])
        assert published <= int(record["attributes"]["SentTimestamp"]) <= FROZEN_MS
    # SNS's own layout: two-space indent and " : " between key and value.
    assert records[0]["body"].startswith('{\n  "Type" : "Notification",\n  "MessageId" : "')
    assert '  "MessageAttributes" : {\n    "a" : {"Type":"Number","Value":"1"}\n  }\n}' in records[0]["body"]


def test_sns_sqs_fifo() -> None:
    event = make_event("sns_sqs", fifo=True, records=3, group_id="orders")
    _validate("sns_sqs", event)
    notifications = [json.loads(r["body"]) for r in event["Records"]]
    assert all(n["TopicArn"].endswith(".fifo") for n in notifications)
    assert all("Signature" not in n and "SigningCertURL" not in n for n in notifications)
    sequence = [int(n["SequenceNumber"]) for n in notifications]
    assert sequence == sorted(sequence)
    assert len(set(sequence)) == 3
    assert all(len(str(s)) == 20 for s in sequence)
    for record in event["Records"]:
        assert record["eventSourceARN"].endswith(".fifo")
        assert record["attributes"]["MessageGroupId"] == "orders"
    from_queue = make_event("sns_sqs", queue="jobs.fifo")
    assert json.loads(from_queue["Records"][0]["body"])["TopicArn"].endswith(".fifo")
    from_topic = make_event("sns_sqs", topic="arn:aws:sns:us-east-1:123456789012:jobs.fifo")
    assert from_topic["Records"][0]["eventSourceARN"].endswith(".fifo")
    named = make_event("sns_sqs", fifo=True, topic="jobs.fifo")
    assert json.loads(named["Records"][0]["body"])["TopicArn"] == "arn:aws:sns:us-east-1:123456789012:jobs.fifo"
    with pytest.raises(EventOverrideError, match="SNS-to-SQS batches hold 1 to 10 records, asked for 11"):
        make_event("sns_sqs", fifo=True, records=11)


def test_sns_sqs_per_record_overrides() -> None:
    event = make_event(
        "sns_sqs",
        message="default",
        records=[{"message": "first"}, {"attributes": {"ApproximateReceiveCount": "3"}, "group_id": "g"}],
    )
    first, second = (json.loads(r["body"]) for r in event["Records"])
    assert (first["Message"], second["Message"]) == ("first", "default")
    assert event["Records"][1]["attributes"]["ApproximateReceiveCount"] == "3"
    assert "Subject" not in first
    assert "MessageAttributes" not in first
    _validate("sns_sqs", event)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"fifo": "yes"}, "fifo must be True or False"),
        ({"fifo": True, "topic": "arn:aws:sns:us-east-1:123456789012:jobs"}, "a FIFO topic's name ends with .fifo"),
        ({"records": 10_001}, "SNS-to-SQS batches hold 1 to 10000 records"),
        ({"message": b"x"}, "message must be a str"),
    ],
)
def test_sns_sqs_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=message):
        make_event("sns_sqs", **overrides)


# -- s3 -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("event_name", sorted(EVENT_NAMES))
def test_s3_event_names_are_coherent(event_name: str) -> None:
    kind = EVENT_NAMES[event_name]
    with freeze_time(FROZEN):
        event = make_event("s3", event_name=event_name, records=3)
    models.S3Model.model_validate(event)
    previous = ""
    for record in event["Records"]:
        assert record["eventName"] == event_name
        assert record["eventVersion"] == kind.version
        s3_object = record["s3"]["object"]
        assert ("size" in s3_object) is ("eTag" in s3_object) is kind.size
        assert ("versionId" in s3_object) is kind.versioned
        # The sequencer starts with the epoch second of the write it records.
        second = int(s3_object["sequencer"][2:10], 16)
        event_second = _ms(record["eventTime"]) // 1000
        assert second == event_second if kind.fresh else second < event_second
        if kind.fresh:  # written one after the other: the sequencers increase
            assert s3_object["sequencer"] > previous
            previous = s3_object["sequencer"]
        principal = record["userIdentity"]["principalId"]
        source_ip = record["requestParameters"]["sourceIPAddress"]
        if kind.actor == "user":
            assert principal.startswith("AWS:AIDA")
            assert len(principal) == 25
            assert source_ip.count(".") == 3
        elif kind.actor == "owner":
            assert principal == "AmazonCustomer:" + record["s3"]["bucket"]["ownerIdentity"]["principalId"]
            assert source_ip == "s3.amazonaws.com"
        else:
            assert principal == source_ip == "s3.amazonaws.com"
        extras = {"glacierEventData", "lifecycleEventData", "intelligentTieringEventData"} & set(record)
        assert (
            extras
            == {
                "glacier": {"glacierEventData"},
                "lifecycle": {"lifecycleEventData"},
                "tiering": {"intelligentTieringEventData"},
                "": set(),
            }[kind.extra]
        )
    data = S3Event(event)
    assert data.object_key == unquote_plus(event["Records"][0]["s3"]["object"]["key"])


def test_s3_batch_is_coherent() -> None:
    with freeze_time(FROZEN):
        event = make_event("s3", records=4, region="ap-south-1")
    records = event["Records"]
    assert len({r["responseElements"]["x-amz-request-id"] for r in records}) == 4
    assert len({r["s3"]["object"]["key"] for r in records}) == 4
    assert len({r["s3"]["bucket"]["name"] for r in records}) == 1
    assert len({r["s3"]["configurationId"] for r in records}) == 1
    times = [_ms(r["eventTime"]) for r in records]
    assert times == sorted(times)
    assert times[-1] <= FROZEN_MS
    for record in records:
        bucket = record["s3"]["bucket"]
        assert bucket["arn"] == f"arn:aws:s3:::{bucket['name']}"
        assert record["awsRegion"] == "ap-south-1"
        assert len(base64.b64decode(record["responseElements"]["x-amz-id-2"])) == 56
        assert base64.b64decode(record["s3"]["configurationId"]).decode().count("-") == 4
        assert len(record["s3"]["object"]["eTag"]) == 32


def test_s3_shorthands() -> None:
    key = "reports/2024/q1 summary (final)+v2=ok.csv"
    event = make_event("s3", bucket="my.data-bucket", key=key, size=1234, versioned=True)
    s3 = event["Records"][0]["s3"]
    assert s3["bucket"] == {
        "name": "my.data-bucket",
        "ownerIdentity": s3["bucket"]["ownerIdentity"],
        "arn": "arn:aws:s3:::my.data-bucket",
    }
    assert s3["object"]["key"] == "reports/2024/q1+summary+%28final%29%2Bv2%3Dok.csv"
    assert unquote_plus(s3["object"]["key"]) == key
    assert s3["object"]["size"] == 1234
    assert len(s3["object"]["versionId"]) == 32
    assert S3Event(event).object_key == key
    empty = make_event("s3", size=0)["Records"][0]["s3"]["object"]
    assert empty["eTag"] == hashlib.md5(b"").hexdigest()
    size = 100 * 1024 * 1024 + 1
    multipart = make_event("s3", event_name="ObjectCreated:CompleteMultipartUpload", size=size)
    etag = multipart["Records"][0]["s3"]["object"]["eTag"]
    assert etag.endswith(f"-{math.ceil(size / PART_SIZE)}")
    assert etag.endswith("-13")
    default_multipart = make_event("s3", event_name="ObjectCreated:CompleteMultipartUpload")["Records"][0]
    parts = int(default_multipart["s3"]["object"]["eTag"].split("-")[1])
    assert parts == math.ceil(default_multipart["s3"]["object"]["size"] / PART_SIZE) >= 2
    marker = make_event("s3", event_name="ObjectRemoved:DeleteMarkerCreated", versioned=True)["Records"][0]
    assert set(marker["s3"]["object"]) == {"key", "versionId", "sequencer"}
    per_record = make_event("s3", key="a", records=[{}, {"key": "b", "event_name": "ObjectRemoved:Delete"}])
    assert [r["s3"]["object"]["key"] for r in per_record["Records"]] == ["a", "b"]
    assert per_record["Records"][1]["eventName"] == "ObjectRemoved:Delete"
    renamed = make_event("s3", records=[{"s3": {"bucket": {"name": "renamed"}}}])["Records"][0]
    assert renamed["s3"]["bucket"]["arn"] == "arn:aws:s3:::renamed"
    china = make_event("s3", region="cn-north-1")["Records"][0]["s3"]["bucket"]
    assert china["arn"] == f"arn:aws-cn:s3:::{china['name']}"


def test_s3_glacier_restore_expires_at_midnight_after_the_event() -> None:
    record = make_event("s3", event_name="ObjectRestore:Completed")["Records"][0]
    restore = record["glacierEventData"]["restoreEventData"]
    expiry = _ms(restore["lifecycleRestorationExpiryTime"])
    assert expiry % 86_400_000 == 0
    assert expiry > _ms(record["eventTime"])
    assert restore["lifecycleRestoreStorageClass"] in ("GLACIER", "DEEP_ARCHIVE")


def test_s3_record_helper_draws_its_own_time_and_bucket() -> None:
    with freeze_time(FROZEN):
        record = s3_record(Gen(9), {"event_name": "LifecycleTransition"})
    assert FROZEN_MS - 5_000 <= _ms(record["eventTime"]) <= FROZEN_MS
    assert record["lifecycleEventData"]["transitionEventData"]["destinationStorageClass"]
    models.S3RecordModel.model_validate(record)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"event_name": "ObjectCreated:*"}, "event_name must be one of ObjectCreated:Put, ObjectCreated:Post"),
        ({"event_name": "s3:ObjectCreated:Put"}, "LifecycleTransition, IntelligentTiering"),
        ({"event_name": "ObjectRemoved:Delete", "size": 10}, "ObjectRemoved:Delete events carry no object size"),
        ({"event_name": "ObjectRemoved:DeleteMarkerCreated", "versioned": False}, "only in versioning-enabled"),
        ({"versioned": "yes"}, "versioned must be True or False"),
        ({"size": -1}, "size must be a number of bytes"),
        ({"size": True}, "size must be a number of bytes"),
        ({"size": "10"}, "size must be a number of bytes"),
        ({"bucket": "My_Bucket"}, "bucket must be a valid bucket name"),
        ({"bucket": "a..b"}, "bucket must be a valid bucket name"),
        ({"bucket": "ab"}, "bucket must be a valid bucket name"),
        ({"key": ""}, "key must be a non-empty str of at most 1024"),
        ({"key": "é" * 513}, "key must be a non-empty str of at most 1024"),
        ({"key": 5}, "key must be a non-empty str"),
        ({"records": 101}, "S3 batches hold 1 to 100 records"),
        ({"records": [{"colour": 1}]}, "S3 record events have no field or shorthand 'colour'"),
    ],
)
def test_s3_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=message.replace("*", r"\*")):
        make_event("s3", **overrides)


# -- s3_sqs -------------------------------------------------------------------------------------------


def test_s3_sqs_is_coherent() -> None:
    with freeze_time(FROZEN):
        event = make_event("s3_sqs", records=4, bucket="uploads", queue="ingest", event_name="ObjectCreated:Copy")
    models.S3SqsEventNotificationModel.model_validate(event)
    records = event["Records"]
    assert len({r["messageId"] for r in records}) == 4
    assert {r["eventSourceARN"] for r in records} == {"arn:aws:sqs:us-east-1:123456789012:ingest"}
    bodies = [json.loads(r["body"]) for r in records]
    assert len({b["Records"][0]["responseElements"]["x-amz-request-id"] for b in bodies}) == 4
    for record, body in zip(records, bodies, strict=True):
        assert record["md5OfBody"] == hashlib.md5(record["body"].encode()).hexdigest()
        assert record["body"] == json.dumps(body, separators=(",", ":"))
        (s3_record_,) = body["Records"]
        assert s3_record_["s3"]["bucket"]["name"] == "uploads"
        assert s3_record_["eventName"] == "ObjectCreated:Copy"
        assert _ms(s3_record_["eventTime"]) <= int(record["attributes"]["SentTimestamp"]) <= FROZEN_MS
        assert record["attributes"]["SenderId"].startswith("AIDA")
    mixed = make_event("s3_sqs", records=[{"key": "x y"}, {"attributes": {"ApproximateReceiveCount": "2"}}])
    assert json.loads(mixed["Records"][0]["body"])["Records"][0]["s3"]["object"]["key"] == "x+y"
    assert mixed["Records"][1]["attributes"]["ApproximateReceiveCount"] == "2"
    with pytest.raises(EventOverrideError, match="S3 event notifications cannot target FIFO queues"):
        make_event("s3_sqs", queue="jobs.fifo")


# -- s3_eventbridge -----------------------------------------------------------------------------------


@pytest.mark.parametrize("versioned", [False, True])
@pytest.mark.parametrize("detail_type", sorted(DETAIL_TYPES))
def test_s3_eventbridge_detail_types_are_coherent(detail_type: str, versioned: bool) -> None:
    kind = DETAIL_TYPES[detail_type]
    with freeze_time(FROZEN):
        event = make_event("s3_eventbridge", detail_type=detail_type, versioned=versioned, region="eu-west-3")
    models.S3EventNotificationEventBridgeModel.model_validate(event)
    detail = event["detail"]
    assert (event["source"], event["detail-type"], event["region"]) == ("aws.s3", detail_type, "eu-west-3")
    assert event["account"] == "123456789012"
    assert event["resources"] == [f"arn:aws:s3:::{detail['bucket']['name']}"]
    assert event["time"].endswith("Z")
    assert "." not in event["time"]
    assert FROZEN_MS - 6_000 <= _ms(event["time"]) <= FROZEN_MS
    assert ("size" in detail["object"]) is kind.size
    assert ("etag" in detail["object"]) is (kind.etag or (detail_type == "Object Deleted" and versioned))
    assert ("version-id" in detail["object"]) is versioned
    assert ("sequencer" in detail["object"]) is kind.sequencer
    if kind.sequencer:
        assert int(detail["object"]["sequencer"][2:10], 16) == _ms(event["time"]) // 1000
    if kind.by_s3:
        assert detail["requester"] == "s3.amazonaws.com"
        assert "source-ip-address" not in detail
    else:
        assert detail["requester"] == "123456789012"
        assert detail["source-ip-address"].count(".") == 3
    assert ("reason" in detail) is bool(kind.reasons)
    assert ("deletion-type" in detail) is (detail_type == "Object Deleted")
    if kind.extra:
        assert kind.extra in detail
    if detail_type == "Object Restore Completed":
        assert _ms(detail["restore-expiry-time"]) % 86_400_000 == 0
    data = S3EventBridgeNotificationEvent(event)
    assert data.detail.bucket.name == detail["bucket"]["name"]


def test_s3_eventbridge_shorthands() -> None:
    event = make_event("s3_eventbridge", bucket="photos", key="2024/a b.jpg", size=5, reason="CopyObject")
    detail = event["detail"]
    assert detail["bucket"] == {"name": "photos"}
    assert detail["reason"] == "CopyObject"
    assert detail["object"]["key"] == "2024/a+b.jpg"
    assert detail["object"]["size"] == 5
    assert S3EventBridgeNotificationEvent(event).detail.object.key == "2024/a b.jpg"
    multipart = make_event("s3_eventbridge", reason="CompleteMultipartUpload", size=PART_SIZE * 3)
    assert multipart["detail"]["object"]["etag"].endswith("-3")
    deleted = make_event("s3_eventbridge", detail_type="Object Deleted", versioned=True)["detail"]
    assert (deleted["reason"], deleted["deletion-type"]) == ("DeleteObject", "Delete Marker Created")
    assert (
        make_event("s3_eventbridge", detail_type="Object Deleted")["detail"]["deletion-type"] == "Permanently Deleted"
    )
    expired = make_event("s3_eventbridge", detail_type="Object Deleted", reason="Lifecycle Expiration")["detail"]
    assert expired["requester"] == "s3.amazonaws.com"
    assert "source-ip-address" not in expired
    models.S3EventNotificationEventBridgeModel.model_validate(multipart)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"detail_type": "ObjectCreated"}, "detail_type must be one of Object Created, Object Deleted"),
        ({"reason": "PutObjectAcl"}, "reason must be one of PutObject, POST Object, CopyObject"),
        ({"detail_type": "Object Deleted", "reason": "PutObject"}, "reason must be one of DeleteObject, Lifecycle"),
        ({"detail_type": "Object Tags Added", "reason": "PutObject"}, "'Object Tags Added' events have no reason"),
        ({"detail_type": "Object Deleted", "size": 3}, "'Object Deleted' events carry no object size"),
        ({"versioned": 1}, "versioned must be True or False"),
    ],
)
def test_s3_eventbridge_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=message):
        make_event("s3_eventbridge", **overrides)


# -- s3_batch -----------------------------------------------------------------------------------------


def test_s3_batch_schemas() -> None:
    first = make_event("s3_batch", bucket="inventory", key="dir/a b.csv", version_id="3HL4kqtJlcpXroDTDmJ")
    assert first["invocationSchemaVersion"] == "1.0"
    (task,) = first["tasks"]
    assert task == {
        "taskId": task["taskId"],
        "s3Key": "dir/a+b.csv",
        "s3VersionId": "3HL4kqtJlcpXroDTDmJ",
        "s3BucketArn": "arn:aws:s3:::inventory",
    }
    assert set(first["job"]) == {"id"}
    data = S3BatchOperationEvent(first)
    assert (data.task.s3_key, data.task.s3_bucket) == ("dir/a b.csv", "inventory")
    second = make_event("s3_batch", schema_version="2.0", bucket="inventory", user_arguments={"mode": "dry"})
    models.S3BatchOperationModel.model_validate(second)
    assert second["job"]["userArguments"] == {"mode": "dry"}
    assert second["tasks"][0]["s3Bucket"] == "inventory"
    assert "s3BucketArn" not in second["tasks"][0]
    assert second["tasks"][0]["s3VersionId"] is None
    assert make_event("s3_batch", schema_version="2.0")["job"]["userArguments"] == {}
    for opaque in (first["invocationId"], task["taskId"]):
        assert "=" not in opaque
        base64.b64decode(opaque + "=" * (-len(opaque) % 4), validate=True)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"schema_version": "3.0"}, "schema_version must be one of 1.0, 2.0; got '3.0'"),
        ({"schema_version": 2}, "schema_version must be one of 1.0, 2.0; got 2"),
        ({"user_arguments": {"k": "v"}}, "user_arguments need schema_version='2.0'"),
        ({"schema_version": "2.0", "user_arguments": {"k": 1}}, "user_arguments must be a dict of str -> str"),
        ({"schema_version": "2.0", "user_arguments": "k=v"}, "user_arguments must be a dict"),
        ({"version_id": ""}, "version_id must be None"),
        ({"records": 2}, "s3_batch events have no field or shorthand 'records'"),
    ],
)
def test_s3_batch_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=message):
        make_event("s3_batch", **overrides)


# -- ses ----------------------------------------------------------------------------------------------


def _headers(record: Any) -> dict[str, str]:
    return {h["name"]: h["value"] for h in record["ses"]["mail"]["headers"]}


def test_ses_is_coherent() -> None:
    with freeze_time(FROZEN):
        event = make_event("ses", seed=4, region="eu-west-1", account_id="111122223333")
    (record,) = event["Records"]
    mail, receipt = record["ses"]["mail"], record["ses"]["receipt"]
    common, headers = mail["commonHeaders"], _headers(record)
    assert headers["Return-Path"] == f"<{mail['source']}>"
    assert common["returnPath"] == mail["source"]
    assert common["from"] == [headers["From"]]
    assert headers["From"].endswith(f"<{mail['source']}>")
    assert headers["To"] == ", ".join(common["to"])
    assert common["to"] == mail["destination"] == receipt["recipients"]
    assert (headers["Subject"], headers["Date"], headers["Message-ID"]) == (
        common["subject"], common["date"], common["messageId"]
    )  # fmt: skip
    assert f"with SMTP id {mail['messageId']} for " in headers["Received"]
    assert "inbound-smtp.eu-west-1.amazonaws.com" in headers["Received"]
    assert len(mail["messageId"]) == 40
    assert mail["messageId"].isalnum()
    assert mail["messageId"].islower()
    assert mail["timestamp"] == receipt["timestamp"]
    assert FROZEN_MS - 5_000 <= _ms(mail["timestamp"]) <= FROZEN_MS
    sent = dt.datetime.strptime(common["date"], "%a, %d %b %Y %H:%M:%S %z").timestamp() * 1000
    assert sent < _ms(mail["timestamp"])
    for name in ("spam", "virus", "spf", "dkim", "dmarc"):
        assert receipt[f"{name}Verdict"] == {"status": "PASS"}
    assert (headers["X-SES-Spam-Verdict"], headers["X-SES-Virus-Verdict"]) == ("PASS", "PASS")
    assert "dmarcPolicy" not in receipt
    assert receipt["action"]["functionArn"].startswith("arn:aws:lambda:eu-west-1:111122223333:function:")
    assert receipt["action"]["invocationType"] == "Event"
    assert SESEvent(event).mail.common_headers.subject == common["subject"]


def test_ses_shorthands() -> None:
    event = make_event(
        "ses",
        sender="jane@example.com",
        recipients=["a@corp.example", "b@corp.example"],
        subject="Invoice 42",
        verdict={"spam": "FAIL", "dmarc": "FAIL"},
        invocation_type="RequestResponse",
    )
    (record,) = event["Records"]
    mail, receipt = record["ses"]["mail"], record["ses"]["receipt"]
    assert mail["source"] == "jane@example.com"
    assert mail["commonHeaders"]["subject"] == "Invoice 42"
    assert receipt["recipients"] == mail["destination"] == ["a@corp.example", "b@corp.example"]
    assert _headers(record)["To"] == "a@corp.example, b@corp.example"
    assert receipt["spamVerdict"] == {"status": "FAIL"}
    assert _headers(record)["X-SES-Spam-Verdict"] == "FAIL"
    assert receipt["virusVerdict"] == {"status": "PASS"}
    assert receipt["dmarcPolicy"] in ("none", "quarantine", "reject")
    # Powertools' model accepts invocationType "Event" only; the data class reads either.
    assert SESEvent(event).receipt.action.invocation_type == "RequestResponse"
    every = make_event("ses", verdict="GRAY", recipients="x@y.example")["Records"][0]
    models.SesModel.model_validate({"Records": [every]})
    assert {every["ses"]["receipt"][f"{n}Verdict"]["status"] for n in ("spam", "virus", "spf", "dkim", "dmarc")} == {
        "GRAY"
    }
    assert every["ses"]["receipt"]["recipients"] == ["x@y.example"]
    per_record = make_event("ses", records=[{"ses": {"mail": {"headersTruncated": True}}}])["Records"][0]
    assert per_record["ses"]["mail"]["headersTruncated"] is True


def test_ses_record_helper_takes_the_receipt_time() -> None:
    record = ses_record(Gen(1), received_ms=1_700_000_000_123)
    assert record["ses"]["mail"]["timestamp"] == "2023-11-14T22:13:20.123Z"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sender": "not an address"}, "sender must be an email address"),
        ({"recipients": []}, "recipients must be an address or a non-empty list"),
        ({"recipients": 5}, "recipients must be an address or a non-empty list"),
        ({"recipients": ["ok@x.example", "bad"]}, "each recipient must be an email address"),
        ({"subject": 3}, "subject must be a str"),
        ({"verdict": "MAYBE"}, "verdict spam must be one of PASS, FAIL, GRAY, PROCESSING_FAILED; got 'MAYBE'"),
        ({"verdict": {"dns": "PASS"}}, "verdict must be a status or a dict with keys among spam, virus, spf"),
        ({"verdict": 1}, "verdict must be a status or a dict"),
        ({"invocation_type": "DryRun"}, "invocation_type must be one of Event, RequestResponse; got 'DryRun'"),
        ({"records": 2}, "SES batches hold 1 to 1 records"),
    ],
)
def test_ses_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=message):
        make_event("ses", **overrides)
