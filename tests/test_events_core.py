"""The event machinery shared by every source, and the reference source, SQS."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser import models
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_lambda import event_sources, make_event
from pytest_lambda.events import EventOverrideError, EventSource, UnknownEventSourceError
from pytest_lambda.events._common import Gen, body_text, deep_merge, record_overrides, s3_key_encode, split_overrides
from pytest_lambda.events._registry import lookup, register


def test_the_marker_object_is_pytests_marker() -> None:
    from pytest_lambda import lambda_event

    decorator = lambda_event("sqs", records=2)
    assert (decorator.mark.name, decorator.mark.args, decorator.mark.kwargs) == (
        "lambda_event",
        ("sqs",),
        {"records": 2},
    )
    assert repr(lambda_event) == "lambda_event"


def test_unknown_source_suggests_the_closest_and_lists_all() -> None:
    with pytest.raises(UnknownEventSourceError) as info:
        make_event("sqss")
    message = str(info.value)
    assert message.startswith("unknown event source 'sqss'. Did you mean 'sqs'? Known sources: ")
    assert ", ".join(event_sources()) in message
    assert isinstance(info.value, KeyError)


def test_unknown_source_without_a_close_match() -> None:
    with pytest.raises(UnknownEventSourceError, match=r"unknown event source 'zzzzzz'\. Known sources: "):
        lookup("zzzzzz")


def test_sources_are_unique_and_sorted() -> None:
    names = event_sources()
    assert names == sorted(names)
    assert "sqs" in names
    with pytest.raises(TypeError, match="event source 'sqs' is registered twice"):
        register(EventSource("sqs", "again", lambda gen, short: {}))


def test_deep_merge_merges_objects_and_refuses_kind_changes() -> None:
    base: dict[str, Any] = {"a": {"b": 1, "c": [1]}, "d": "x", "n": None}
    assert deep_merge(base, {"a": {"b": 2}, "n": {"k": 1}, "d": None}) == {
        "a": {"b": 2, "c": [1]},
        "d": None,
        "n": {"k": 1},
    }
    with pytest.raises(EventOverrideError, match=r"override a\.c='x' is a str, but the event has a list there"):
        deep_merge(base, {"a": {"c": "x"}})
    with pytest.raises(EventOverrideError, match="is a bool, but the event has a number there"):
        deep_merge({"x": 1}, {"x": True})
    with pytest.raises(EventOverrideError, match=r"override x=\(1,\) is a tuple, but the event has a list there"):
        deep_merge({"x": [1]}, {"x": (1,)})
    with pytest.raises(EventOverrideError, match="override x='s' is a str, but the event has an object there"):
        deep_merge({"x": {"k": 1}}, {"x": "s"})


def test_split_overrides_names_the_shorthands_and_fields() -> None:
    with pytest.raises(
        EventOverrideError,
        match=r"thing events have no field or shorthand 'nope'\. Shorthands: a, b; top-level fields: X, Y",
    ):
        split_overrides({"X", "Y"}, {"nope": 1}, ("a", "b"), "thing")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "SQS batches hold 1 to 10 records, asked for 0"),
        (11, "SQS batches hold 1 to 10 records, asked for 11"),
        ("3", "records must be a count or a list of per-record overrides, got '3'"),
        (True, "records must be a count or a list"),
        ([1], "each per-record override must be a dict, got 1"),
    ],
)
def test_record_overrides_errors(value: Any, message: str) -> None:
    with pytest.raises(EventOverrideError, match=message.replace("(", r"\(").replace(")", r"\)")):
        record_overrides(value, 10, "SQS")


def test_body_text_encodings() -> None:
    assert body_text({"a": 1}) == ('{"a": 1}', False)
    assert body_text("plain") == ("plain", False)
    assert body_text(b"\x00\x01") == (base64.b64encode(b"\x00\x01").decode(), True)
    with pytest.raises(EventOverrideError, match="body must be a dict or list"):
        body_text(object())


def test_s3_keys_are_url_encoded_as_s3_sends_them() -> None:
    assert s3_key_encode("reports/2024/q1 summary (final).csv") == "reports/2024/q1+summary+%28final%29.csv"


def test_gen_is_deterministic_for_a_seed_and_clock() -> None:
    with freeze_time("2024-01-01"):
        a, b, c = Gen(5), Gen(5), Gen(6)
    assert [a.uuid(), a.hex(8), a.pick("ipv4"), a.digits(5)] == [b.uuid(), b.hex(8), b.pick("ipv4"), b.digits(5)]
    assert a.uuid() != c.uuid()
    assert Gen(1, region="cn-north-1").arn("sqs", "q") == "arn:aws-cn:sqs:cn-north-1:123456789012:q"


# -- SQS ---------------------------------------------------------------------------------------


def test_sqs_validates_and_is_coherent() -> None:
    event = make_event("sqs", records=10, seed=3)
    models.SqsModel.model_validate(event)
    records = event["Records"]
    assert len({r["messageId"] for r in records}) == 10
    assert len({r["receiptHandle"] for r in records}) == 10
    assert len({r["eventSourceARN"] for r in records}) == 1
    for record in records:
        assert record["md5OfBody"] == hashlib.md5(record["body"].encode()).hexdigest()
        assert record["awsRegion"] == "us-east-1"
        sent = int(record["attributes"]["SentTimestamp"])
        assert sent <= int(record["attributes"]["ApproximateFirstReceiveTimestamp"])


def test_sqs_shorthands() -> None:
    event = make_event(
        "sqs",
        body={"orderId": 7},
        message_attributes={"tenant": "acme", "priority": 3, "blob": b"\x01"},
        queue="orders.fifo",
        group_id="g1",
        region="eu-west-2",
        account_id="000000000001",
    )
    record = event["Records"][0]
    assert json.loads(record["body"]) == {"orderId": 7}
    assert record["md5OfBody"] == hashlib.md5(record["body"].encode()).hexdigest()
    assert record["eventSourceARN"] == "arn:aws:sqs:eu-west-2:000000000001:orders.fifo"
    assert record["attributes"]["MessageGroupId"] == "g1"
    assert len(record["attributes"]["SequenceNumber"]) == 20
    assert record["messageAttributes"]["tenant"] == {
        "stringValue": "acme", "stringListValues": [], "binaryListValues": [], "dataType": "String"
    }  # fmt: skip
    assert record["messageAttributes"]["priority"]["dataType"] == "Number"
    assert record["messageAttributes"]["blob"]["binaryValue"] == "AQ=="
    models.SqsModel.model_validate(event)


def test_sqs_message_attributes_must_be_a_mapping() -> None:
    with pytest.raises(EventOverrideError, match="message_attributes must be a dict of name to value, got 5"):
        make_event("sqs", message_attributes=5)


def test_sqs_per_record_overrides_keep_the_checksum_right() -> None:
    event = make_event(
        "sqs", records=[{"body": "first"}, {"body": "second", "attributes": {"ApproximateReceiveCount": "4"}}]
    )
    first, second = event["Records"]
    assert (first["body"], second["body"]) == ("first", "second")
    assert second["md5OfBody"] == hashlib.md5(b"second").hexdigest()
    assert second["attributes"]["ApproximateReceiveCount"] == "4"


def test_sqs_aws_field_overrides_and_their_errors() -> None:
    event = make_event("sqs", Records=[{"body": "replaced wholesale"}])
    assert event["Records"] == [{"body": "replaced wholesale"}]
    with pytest.raises(EventOverrideError, match="sqs events have no field or shorthand 'Body'"):
        make_event("sqs", Body="x")
    with pytest.raises(EventOverrideError, match="SQS record events have no field or shorthand 'colour'"):
        make_event("sqs", records=[{"colour": "red"}])


def test_sqs_timestamps_follow_the_frozen_clock() -> None:
    with freeze_time("2030-05-05T00:00:10Z"):
        record = make_event("sqs")["Records"][0]
    sent = int(record["attributes"]["SentTimestamp"])
    now = int(dt.datetime(2030, 5, 5, 0, 0, 10, tzinfo=dt.timezone.utc).timestamp() * 1000)
    assert now - 5_000 <= sent <= now


@settings(max_examples=50)
@given(seed=st.integers(0, 2**32), count=st.integers(1, 10))
def test_sqs_events_validate_and_round_trip_for_any_seed(seed: int, count: int) -> None:
    event = make_event("sqs", seed=seed, records=count)
    assert json.loads(json.dumps(event)) == event
    models.SqsModel.model_validate(event)
    assert make_event("sqs", seed=seed, records=count)["Records"][0]["messageId"] == event["Records"][0]["messageId"]


def test_presets_resolve_to_a_source_with_overrides() -> None:
    from pytest_lambda.events import _registry
    from pytest_lambda.events._registry import register_preset, resolve

    register_preset("test:two-records", "sqs", "two messages", records=2)
    try:
        source, overrides = resolve("test:two-records")
        assert (source.name, overrides) == ("sqs", {"records": 2})
        assert len(make_event("test:two-records")["Records"]) == 2
        assert len(make_event("test:two-records", records=3)["Records"]) == 3  # the caller's keywords win
        assert "test:two-records" in event_sources(presets=True)
        assert "test:two-records" not in event_sources()
        with pytest.raises(TypeError, match="event source 'test:two-records' is registered twice"):
            register_preset("test:two-records", "sqs", "again")
        with pytest.raises(UnknownEventSourceError, match="unknown event source 'nope'"):
            register_preset("test:broken", "nope", "points nowhere")
    finally:
        _registry._PRESETS.pop("test:two-records", None)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"region": "local"}, "region='local' is not valid: expected a region name such as 'us-east-1'"),
        ({"account_id": "42"}, "account_id='42' is not valid: expected 12 digits"),
    ],
)
def test_region_and_account_are_checked_as_the_context_checks_them(options: dict[str, str], message: str) -> None:
    from pytest_lambda import ConfigurationError

    with pytest.raises(ConfigurationError, match=re.escape(message)):
        make_event("sqs", **options)
