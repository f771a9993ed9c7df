"""Lambda@Edge's four triggers, Kinesis Data Analytics, Firehose payloads and the SAM presets built on them."""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
import time_machine
from aws_lambda_powertools.utilities.data_classes import KinesisFirehoseEvent
from aws_lambda_powertools.utilities.parser import models
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_lambda.events import EventOverrideError, event_sources, make_event
from pytest_lambda.events._registry import lookup, presets

from .shapes import kind, sample

SEEDS = (0, 1, 7, 2024)
FROZEN = datetime(2024, 5, 1, 12, 30, 15, 250_000, tzinfo=timezone.utc)
FROZEN_MS = int(FROZEN.timestamp() * 1000)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(FROZEN, tick=False):
        yield


def shape_errors(ours: Any, theirs: Any, path: str = "$", *, exact_keys: bool = True) -> list[str]:
    """Where ``ours`` differs from ``theirs`` in keys (recursively) or JSON value kinds."""
    if kind(ours) != kind(theirs):
        return [f"{path}: {kind(ours)} != {kind(theirs)}"]
    errors: list[str] = []
    if isinstance(theirs, dict):
        if exact_keys and set(ours) != set(theirs):
            errors.append(f"{path}: keys {sorted(set(ours) ^ set(theirs))} differ")
        for key in set(ours) & set(theirs) if exact_keys else theirs:
            if key not in ours:
                errors.append(f"{path}.{key}: missing")
                continue
            errors += shape_errors(ours[key], theirs[key], f"{path}.{key}", exact_keys=exact_keys)
    elif isinstance(theirs, list) and theirs and ours:
        for i, item in enumerate(ours):
            errors += shape_errors(item, theirs[0], f"{path}[{i}]", exact_keys=exact_keys)
    return errors


def unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


# -- Lambda@Edge --------------------------------------------------------------------------------------------

CF_SOURCES = ("cloudfront_viewer_request", "cloudfront_origin_request", "cloudfront_origin_response",
              "cloudfront_viewer_response")  # fmt: skip
# The key structure of AWS's example events (lambda-event-structure.html): "str"/"int"/"list"/"bool" for
# leaves, a dict for an object, "headers" for a lowercase-name -> [{key, value}] map.
CONFIG = {"distributionDomainName": "str", "distributionId": "str", "eventType": "str", "requestId": "str"}
VIEWER_REQUEST = {"clientIp": "str", "headers": "headers", "method": "str", "querystring": "str", "uri": "str"}
CUSTOM_ORIGIN = {
    "customHeaders": "headers",
    "domainName": "str",
    "keepaliveTimeout": "int",
    "path": "str",
    "port": "int",
    "protocol": "str",
    "readTimeout": "int",
    "sslProtocols": "list",
}
S3_ORIGIN = {"authMethod": "str", "customHeaders": "headers", "domainName": "str", "path": "str", "region": "str"}
RESPONSE = {"headers": "headers", "status": "str", "statusDescription": "str"}
BODY = {"inputTruncated": "bool", "action": "str", "encoding": "str", "data": "str"}


def cf_structure(name: str, origin: str = "custom", body: bool = False) -> dict[str, Any]:
    request: dict[str, Any] = dict(VIEWER_REQUEST)
    if "origin" in name:
        request["origin"] = {origin: CUSTOM_ORIGIN if origin == "custom" else S3_ORIGIN}
    if body:
        request["body"] = BODY
    cf: dict[str, Any] = {"config": CONFIG, "request": request}
    if name.endswith("response"):
        cf["response"] = RESPONSE
    return {"Records": [{"cf": cf}]}


KINDS = {"str": str, "int": int, "list": list, "bool": bool}


def assert_structure(value: Any, expected: Any, where: str = "event") -> None:
    if isinstance(expected, dict):
        assert isinstance(value, dict), where
        assert set(value) == set(expected), f"{where}: {sorted(set(value) ^ set(expected))}"
        for key, sub in expected.items():
            assert_structure(value[key], sub, f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(value, list), where
        assert len(value) == len(expected), where
        for i, (item, sub) in enumerate(zip(value, expected, strict=True)):
            assert_structure(item, sub, f"{where}[{i}]")
    elif expected == "headers":
        assert isinstance(value, dict), where
        for name, entries in value.items():
            assert name == name.lower(), where
            assert entries, where
            for entry in entries:
                assert set(entry) == {"key", "value"}, where
                assert entry["key"].lower() == name, where
                assert isinstance(entry["value"], str), where
    else:
        assert type(value) is KINDS[expected], where


def cf(event: dict[str, Any]) -> dict[str, Any]:
    assert len(event["Records"]) == 1  # Lambda@Edge events hold exactly one record
    return event["Records"][0]["cf"]  # type: ignore[no-any-return]


def header(headers: dict[str, Any], name: str) -> list[str]:
    return [entry["value"] for entry in headers[name]]


# Headers Lambda@Edge never exposes to a function (lambda-at-edge-function-restrictions.html).
HIDDEN = re.compile(r"^(connection|keep-alive|x-cache|x-amz-cf-.*|x-amzn-.*|x-edge-.*|x-forwarded-proto)$")


@pytest.mark.parametrize("name", CF_SOURCES)
@pytest.mark.parametrize("seed", SEEDS)
def test_cloudfront_structure_matches_aws_examples(name: str, seed: int) -> None:
    event = make_event(name, seed=seed)
    assert_structure(event, cf_structure(name))
    assert json.loads(json.dumps(event)) == event
    config = cf(event)["config"]
    assert config["eventType"] == name.removeprefix("cloudfront_").replace("_", "-")
    assert len(base64.urlsafe_b64decode(config["requestId"])) == 40
    for part in ("request", "response"):
        for headers in [cf(event).get(part, {}).get("headers", {})]:
            assert not [h for h in headers if HIDDEN.match(h)]


@pytest.mark.parametrize("name", ["cloudfront_origin_request", "cloudfront_origin_response"])
@pytest.mark.parametrize("origin", ["custom", "s3"])
def test_cloudfront_origin_variants(name: str, origin: str) -> None:
    event = make_event(name, seed=5, origin=origin, region="eu-west-1")
    assert_structure(event, cf_structure(name, origin))
    request = cf(event)["request"]
    described = request["origin"][origin]
    # CloudFront forwards to the origin: the host is the origin's, the viewer in x-forwarded-for.
    assert header(request["headers"], "host") == [described["domainName"]]
    assert header(request["headers"], "x-forwarded-for") == [request["clientIp"]]
    assert header(request["headers"], "user-agent") == ["Amazon CloudFront"]
    assert re.fullmatch(r"2\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)", header(request["headers"], "via")[0])
    if origin == "s3":
        assert re.fullmatch(r"[a-z0-9-]+\.s3\.amazonaws\.com", described["domainName"])
        assert described["region"] == "eu-west-1"
        assert described["authMethod"] in ("origin-access-identity", "none")
    else:
        assert described["port"] in (80, 443) or 1024 <= described["port"] <= 65535
        assert 1 <= described["keepaliveTimeout"] <= 60
        assert 4 <= described["readTimeout"] <= 60
        assert set(described["sslProtocols"]) <= {"TLSv1.2", "TLSv1.1", "TLSv1", "SSLv3"}
    if name == "cloudfront_origin_response":
        server = header(cf(event)["response"]["headers"], "server")
        assert (server == ["AmazonS3"]) is (origin == "s3")
    china = cf(make_event(name, origin="s3", region="cn-north-1"))["request"]["origin"]["s3"]
    assert china["domainName"].endswith(".s3.cn-north-1.amazonaws.com.cn")


def test_cloudfront_bad_origin_variant() -> None:
    assert lookup("cloudfront_origin_request").variants == {"origin": "custom | s3"}
    with pytest.raises(EventOverrideError, match=re.escape("origin must be one of custom, s3")):
        make_event("cloudfront_origin_request", origin="http")


def test_viewer_response_derived_fields(frozen: None) -> None:
    record = cf(make_event("cloudfront_viewer_response", seed=3, uri="/img/logo.png"))
    request, response = record["request"], record["response"]
    # The viewer's own request: host is the distribution's domain, the browser's user agent.
    assert header(request["headers"], "host") == [record["config"]["distributionDomainName"]]
    assert header(request["headers"], "user-agent") != ["Amazon CloudFront"]
    assert "origin" not in request
    assert re.fullmatch(r"1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)", header(response["headers"], "via")[0])
    assert header(response["headers"], "content-type") == ["image/png"]
    assert parsedate_to_datetime(header(response["headers"], "date")[0]) == FROZEN.replace(microsecond=0)
    assert parsedate_to_datetime(header(response["headers"], "last-modified")[0]) <= FROZEN
    assert (response["status"], response["statusDescription"]) == ("200", "OK")
    moved = cf(make_event("cloudfront_viewer_response", status=304))["response"]
    assert (moved["status"], moved["statusDescription"]) == ("304", "Not Modified")
    # Some responses come from the cache (an Age header), some not: both happen.
    ages = {"age" in cf(make_event("cloudfront_viewer_response", seed=s))["response"]["headers"] for s in range(12)}
    assert ages == {True, False}


def test_viewer_response_status_and_headers() -> None:
    # Viewer-response triggers do not run for origin statuses of 400 and above.
    with pytest.raises(EventOverrideError, match="100 to 399"):
        make_event("cloudfront_viewer_response", status=404)
    event = make_event("cloudfront_viewer_response", response_headers={"X-Frame-Options": "DENY", "Server": None})
    headers = cf(event)["response"]["headers"]
    assert headers["x-frame-options"] == [{"key": "X-Frame-Options", "value": "DENY"}]
    assert "server" not in headers
    assert cf(make_event("cloudfront_origin_response", status=503))["response"]["statusDescription"] == (
        "Service Unavailable"
    )


@pytest.mark.parametrize(("uri", "content_type"), [("/a/b.css", "text/css; charset=utf-8"), ("/a/b.json",
                         "application/json"), ("/docs/", "text/html; charset=utf-8"), ("/x.unknownext",
                         "application/octet-stream")])  # fmt: skip
def test_response_content_type_follows_the_uri(uri: str, content_type: str) -> None:
    for name in ("cloudfront_origin_response", "cloudfront_viewer_response"):
        assert header(cf(make_event(name, uri=uri))["response"]["headers"], "content-type") == [content_type]


@pytest.mark.parametrize(("name", "limit"), [("cloudfront_viewer_request", 40 * 1024),
                                             ("cloudfront_origin_request", 1024 * 1024)])  # fmt: skip
def test_include_body(name: str, limit: int) -> None:
    event = make_event(name, body={"name": "Ana", "items": [1, 2]})
    assert_structure(event, cf_structure(name, body=True))
    request = cf(event)["request"]
    raw = json.dumps({"name": "Ana", "items": [1, 2]}).encode()
    assert request["body"] == {"inputTruncated": False, "action": "read-only", "encoding": "base64", "data": b64(raw)}
    assert request["method"] == "POST"  # a body implies a write unless told otherwise
    assert header(request["headers"], "content-length") == [str(len(raw))]
    assert header(request["headers"], "content-type") == ["application/json"]
    assert cf(make_event(name, body="a=1", method="PUT"))["request"]["method"] == "PUT"
    text = cf(make_event(name, body="héllo"))["request"]
    assert unb64(text["body"]["data"]).decode() == "héllo"
    assert header(text["headers"], "content-type") == ["text/plain; charset=UTF-8"]
    big = bytes(range(256)) * (limit // 256 + 1)
    truncated = cf(make_event(name, body=big))["request"]
    assert truncated["body"]["inputTruncated"] is True
    assert unb64(truncated["body"]["data"]) == big[:limit]
    assert header(truncated["headers"], "content-length") == [str(len(big))]
    assert header(truncated["headers"], "content-type") == ["application/octet-stream"]
    exact = cf(make_event(name, body=big[:limit]))["request"]["body"]
    assert exact["inputTruncated"] is False
    assert "body" not in cf(make_event(name))["request"]


def test_body_truncation_differs_by_trigger() -> None:
    body = b"x" * (100 * 1024)
    assert cf(make_event("cloudfront_viewer_request", body=body))["request"]["body"]["inputTruncated"] is True
    assert cf(make_event("cloudfront_origin_request", body=body))["request"]["body"]["inputTruncated"] is False


@pytest.mark.parametrize(
    ("name", "overrides", "message"),
    [
        ("cloudfront_viewer_request", {"body": object()}, "body must be"),
        ("cloudfront_origin_response", {"body": "x"}, "no field or shorthand 'body'"),
        ("cloudfront_viewer_response", {"origin": "s3"}, "no field or shorthand 'origin'"),
        ("cloudfront_origin_request", {"status": 200}, "no field or shorthand 'status'"),
        ("cloudfront_origin_request", {"method": "TRACE"}, "GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE"),
        ("cloudfront_viewer_response", {"uri": "x"}, "starting with '/'"),
        ("cloudfront_viewer_response", {"response_headers": ["x"]}, "response_headers must be a dict"),
        ("cloudfront_origin_request", {"headers": "Host"}, "headers must be a dict"),
    ],
)
def test_cloudfront_bad_shorthands(name: str, overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=re.escape(message)):
        make_event(name, **overrides)


@pytest.mark.parametrize("name", CF_SOURCES)
def test_cloudfront_shorthands_and_determinism(name: str, frozen: None) -> None:
    event = make_event(name, method="delete", uri="/api/1", querystring={"a": ["1", "2"]}, headers={"X-Id": "7"})
    request = cf(event)["request"]
    assert (request["method"], request["uri"], request["querystring"]) == ("DELETE", "/api/1", "a=1&a=2")
    assert request["headers"]["x-id"] == [{"key": "X-Id", "value": "7"}]
    assert make_event(name, seed=4) == make_event(name, seed=4)
    a, b = cf(make_event(name, seed=4)), cf(make_event(name, seed=5))
    assert a["config"]["requestId"] != b["config"]["requestId"]
    assert a["request"]["clientIp"] != b["request"]["clientIp"] or a["request"]["uri"] != b["request"]["uri"]
    assert lookup(name).shorthands[:4] == ("method", "uri", "querystring", "headers")


# Each SAM kind: the trigger its blueprint runs on, and what its scenario needs in the event.
CF_PRESETS: dict[str, tuple[str, dict[str, str]]] = {
    "cloudfront:ab-test": ("viewer-request", {"cookie": "X-Experiment-Name="}),
    "cloudfront:access-request-in-response": ("viewer-response", {"user-name": "CloudFront"}),
    "cloudfront:http-redirect": ("viewer-request", {}),
    "cloudfront:modify-querystring": ("viewer-request", {}),
    "cloudfront:modify-response-header": ("origin-response", {}),
    "cloudfront:multiple-remote-calls-aggregate-response": ("viewer-request", {}),
    "cloudfront:normalize-querystring-to-improve-cache-hit": ("viewer-request", {}),
    "cloudfront:redirect-on-viewer-country": ("origin-request", {"cloudfront-viewer-country": "TW"}),
    "cloudfront:redirect-unauthenticated-users": ("viewer-request", {}),
    "cloudfront:response-generation": ("viewer-request", {}),
    "cloudfront:serve-object-on-viewer-device": ("origin-request", {"cloudfront-is-desktop-viewer": "true"}),
    "cloudfront:simple-remote-call": ("viewer-request", {}),
}


def test_every_sam_cloudfront_kind_is_a_preset() -> None:
    ours = {name for name in event_sources(presets=True) if name.startswith("cloudfront:")}
    assert ours == set(CF_PRESETS)


@pytest.mark.parametrize("preset", sorted(CF_PRESETS))
@pytest.mark.parametrize("seed", [0, 9])
def test_cloudfront_presets(preset: str, seed: int, frozen: None) -> None:
    event_type, expected = CF_PRESETS[preset]
    event = make_event(preset, seed=seed)
    source = presets[preset][0]
    assert source == "cloudfront_" + event_type.replace("-", "_")
    origin = str(presets[preset][1].get("origin", "custom"))
    assert_structure(event, cf_structure(source, origin))
    record = cf(event)
    assert record["config"]["eventType"] == event_type
    for name, value in expected.items():
        assert value in header(record["request"]["headers"], name)[0]
    # The same event as the source with the preset's overrides.
    assert event == make_event(source, seed=seed, **presets[preset][1])


def test_cloudfront_preset_scenarios() -> None:
    querystring = cf(make_event("cloudfront:normalize-querystring-to-improve-cache-hit"))["request"]["querystring"]
    assert querystring
    assert querystring != querystring.lower()
    assert cf(make_event("cloudfront:modify-querystring"))["request"]["querystring"]
    device = cf(make_event("cloudfront:serve-object-on-viewer-device"))["request"]["headers"]
    flags = [header(device, f"cloudfront-is-{kind}-viewer")[0] for kind in ("desktop", "mobile", "smarttv", "tablet")]
    assert flags.count("true") == 1
    assert flags.count("false") == 3
    modify = cf(make_event("cloudfront:modify-response-header"))
    assert "s3" in modify["request"]["origin"]
    assert "x-amz-meta-last-modified" in modify["response"]["headers"]
    assert "cookie" not in cf(make_event("cloudfront:redirect-unauthenticated-users"))["request"]["headers"]
    uri = cf(make_event("cloudfront:multiple-remote-calls-aggregate-response"))["request"]["uri"]
    assert uri.startswith("/forecast/")
    assert ":" in uri
    # A user's override beats the preset's.
    overridden = cf(make_event("cloudfront:redirect-on-viewer-country", headers={"CloudFront-Viewer-Country": "FR"}))
    assert header(overridden["request"]["headers"], "cloudfront-viewer-country") == ["FR"]


@given(st.integers(0, 2**32), st.sampled_from(CF_SOURCES), st.sampled_from(["custom", "s3"]))
@settings(max_examples=40, deadline=None)
def test_cloudfront_property_any_seed(seed: int, name: str, origin: str) -> None:
    overrides = {"origin": origin} if "origin" in name else {}
    # Stopped, so the two builds cannot straddle a second (the date and last-modified headers).
    with time_machine.travel(FROZEN, tick=False):
        event = make_event(name, seed=seed, **overrides)
        assert_structure(event, cf_structure(name, origin))
        assert json.loads(json.dumps(event)) == event
        assert event == make_event(name, seed=seed, **overrides)


# -- Kinesis Data Analytics ---------------------------------------------------------------------------------

KDA_METADATA = {
    "stream-preprocessing": (
        "kinesisStreamRecordMetadata",
        {"shardId": "str", "partitionKey": "str", "approximateArrivalTimestamp": "int", "sequenceNumber": "str"},
    ),
    "firehose-preprocessing": ("kinesisFirehoseRecordMetadata", {"approximateArrivalTimestamp": "int"}),
    "output-delivery": ("lambdaDeliveryRecordMetadata", {"retryHint": "int"}),
}


def kda_structure(invocation: str, records: int = 1) -> dict[str, Any]:
    """The request models of lambda-preprocessing.html and how-it-works-output-lambda.html."""
    key, metadata = KDA_METADATA[invocation]
    record = {"recordId": "str", key: metadata, "data": "str"}
    event: dict[str, Any] = {"invocationId": "str", "applicationArn": "str", "records": [record] * records}
    if invocation != "output-delivery":
        event["streamArn"] = "str"
    return event


def kpl_decode(blob: bytes) -> tuple[list[str], list[tuple[int, bytes]]]:
    """Parse a KPL aggregated record (aggregation-format.md): the partition keys and (key index, data)."""
    assert blob[:4] == b"\xf3\x89\x9a\xc2"
    message, digest = blob[4:-16], blob[-16:]
    assert hashlib.md5(message).digest() == digest

    def varint(data: bytes, at: int) -> tuple[int, int]:
        value = shift = 0
        while True:
            byte = data[at]
            value |= (byte & 0x7F) << shift
            at += 1
            shift += 7
            if not byte & 0x80:
                return value, at

    def fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
        at = 0
        while at < len(data):
            tag, at = varint(data, at)
            if tag & 7 == 0:
                value, at = varint(data, at)
                yield tag >> 3, value
            else:
                assert tag & 7 == 2
                size, at = varint(data, at)
                yield tag >> 3, data[at : at + size]
                at += size

    keys: list[str] = []
    records: list[tuple[int, bytes]] = []
    for number, value in fields(message):
        assert isinstance(value, bytes)
        if number == 1:
            keys.append(value.decode())
        else:
            assert number == 3
            parts = dict(fields(value))
            index, data = parts[1], parts[3]
            assert isinstance(index, int)
            assert isinstance(data, bytes)
            records.append((index, data))
    return keys, records


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.mark.parametrize("invocation", list(KDA_METADATA))
@pytest.mark.parametrize("seed", SEEDS)
def test_kinesis_analytics_structure(invocation: str, seed: int) -> None:
    event = make_event("kinesis_analytics", seed=seed, invocation=invocation, records=3)
    assert_structure(event, kda_structure(invocation, 3))
    assert json.loads(json.dumps(event)) == event
    ids = [r["recordId"] for r in event["records"]]
    assert len(set(ids)) == 3
    for record in event["records"]:
        json.loads(unb64(record["data"]))


def test_kinesis_analytics_output_matches_aws_sample() -> None:
    theirs = sample("aws-lambda-go/kinesis-analytics-output-delivery-event.json")
    ours = make_event("kinesis_analytics", invocation="output-delivery")
    assert shape_errors(ours, theirs, exact_keys=False) == []
    # The published sample omits lambdaDeliveryRecordMetadata, which the documented model has.
    assert set(ours["records"][0]) - set(theirs["records"][0]) == {"lambdaDeliveryRecordMetadata"}
    assert set(ours) == set(theirs)


def test_kinesis_analytics_stream_records(frozen: None) -> None:
    event = make_event("kinesis_analytics", seed=2, records=4, application="ticker", stream="trades",
                       account_id="210987654321", region="eu-west-3")  # fmt: skip
    assert event["applicationArn"] == "arn:aws:kinesisanalytics:eu-west-3:210987654321:application/ticker"
    assert event["streamArn"] == "arn:aws:kinesis:eu-west-3:210987654321:stream/trades"
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", event["invocationId"])
    metadata = [r["kinesisStreamRecordMetadata"] for r in event["records"]]
    # "record ID based off of Kinesis record sequence number"
    assert [r["recordId"] for r in event["records"]] == [m["sequenceNumber"] for m in metadata]
    sequences = [int(m["sequenceNumber"]) for m in metadata]
    assert sequences == sorted(set(sequences))
    assert all(len(str(s)) == 56 for s in sequences)
    arrivals = [m["approximateArrivalTimestamp"] for m in metadata]
    assert arrivals == sorted(arrivals)
    assert FROZEN_MS - 60_000 <= arrivals[0] <= arrivals[-1] <= FROZEN_MS
    assert len({m["shardId"] for m in metadata}) == 1
    assert re.fullmatch(r"shardId-\d{12}", metadata[0]["shardId"])
    assert len({m["partitionKey"] for m in metadata}) == 4


def test_kinesis_analytics_firehose_and_output() -> None:
    firehose = make_event("kinesis_analytics", invocation="firehose-preprocessing", stream="clicks", records=2)
    assert firehose["streamArn"] == "arn:aws:firehose:us-east-1:123456789012:deliverystream/clicks"
    arrivals = [r["kinesisFirehoseRecordMetadata"]["approximateArrivalTimestamp"] for r in firehose["records"]]
    assert arrivals == sorted(arrivals)
    output = make_event("kinesis_analytics", invocation="output-delivery", records=3)
    assert "streamArn" not in output
    assert [r["lambdaDeliveryRecordMetadata"]["retryHint"] for r in output["records"]] == [0, 0, 0]
    row = json.loads(unb64(output["records"][0]["data"]))
    assert set(row) == {"ROWTIME_TIMESTAMP", "TICKER_SYMBOL", "SECTOR", "CHANGE", "PRICE"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}", row["ROWTIME_TIMESTAMP"])
    retried = make_event("kinesis_analytics", invocation="output-delivery",
                         records=[{}, {"lambdaDeliveryRecordMetadata": {"retryHint": 2}}])  # fmt: skip
    assert [r["lambdaDeliveryRecordMetadata"]["retryHint"] for r in retried["records"]] == [0, 2]


@pytest.mark.parametrize(("data", "raw"), [({"a": 1}, b'{"a": 1}'), ("x,y\n", b"x,y\n"), (b"\x00\xff", b"\x00\xff")])
def test_kinesis_analytics_data_and_gzip(data: Any, raw: bytes, frozen: None) -> None:
    event = make_event("kinesis_analytics", data=data, records=2)
    assert [unb64(r["data"]) for r in event["records"]] == [raw, raw]
    compressed = make_event("kinesis_analytics", data=data, gzip=True)
    blob = unb64(compressed["records"][0]["data"])
    assert blob[:2] == b"\x1f\x8b"
    assert gzip.decompress(blob) == raw
    assert compressed == make_event("kinesis_analytics", data=data, gzip=True)  # no clock in the gzip header


def test_kinesis_analytics_kpl_aggregation() -> None:
    event = make_event("kinesis_analytics", seed=4, aggregate=3, records=2)
    for record in event["records"]:
        keys, user_records = kpl_decode(unb64(record["data"]))
        assert len(user_records) == 3
        assert len(keys) == 3  # a key per user record, each in the table once
        # The Kinesis record is put under its first user record's partition key.
        assert record["kinesisStreamRecordMetadata"]["partitionKey"] == keys[user_records[0][0]]
        for _, data in user_records:
            assert set(json.loads(data)) >= {"eventId", "type"}
    same_key = make_event("kinesis_analytics", aggregate=5, partition_key="device-1", data="42", gzip=True)
    keys, user_records = kpl_decode(unb64(same_key["records"][0]["data"]))
    assert keys == ["device-1"]
    assert [(i, gzip.decompress(d)) for i, d in user_records] == [(0, b"42")] * 5
    assert same_key["records"][0]["kinesisStreamRecordMetadata"]["partitionKey"] == "device-1"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"invocation": "output"}, "stream-preprocessing, firehose-preprocessing, output-delivery"),
        ({"aggregate": 0}, "1 to 1000"),
        ({"aggregate": "3"}, "1 to 1000"),
        ({"aggregate": 2, "invocation": "firehose-preprocessing"}, "invocation='stream-preprocessing'"),
        ({"partition_key": "k", "invocation": "output-delivery"}, "partition_key applies"),
        ({"stream": "s", "invocation": "output-delivery"}, "no streamArn"),
        ({"data": object()}, "data must be"),
        ({"records": 10_001}, "1 to 10000"),
        ({"records": [{"bodyy": 1}]}, "no field or shorthand 'bodyy'"),
        ({"bodyy": 1}, "no field or shorthand 'bodyy'"),
    ],
)
def test_kinesis_analytics_bad_overrides(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=re.escape(message)):
        make_event("kinesis_analytics", **overrides)


def test_kinesis_analytics_registration_and_determinism(frozen: None) -> None:
    source = lookup("kinesis_analytics")
    assert source.variants == {"invocation": "stream-preprocessing | firehose-preprocessing | output-delivery"}
    assert source.records_limit == 10_000
    assert lookup("kinesis_data_analytics") is source
    assert json.dumps(make_event("kinesis_analytics", seed=8)) == json.dumps(make_event("kinesis_analytics", seed=8))
    ids = {make_event("kinesis_analytics", seed=s)["records"][0]["recordId"] for s in SEEDS}
    assert len(ids) == len(SEEDS)


def test_kinesis_analytics_per_record_sequence_override() -> None:
    override = {
        "kinesisStreamRecordMetadata": {"sequenceNumber": "49000000000000000000000000000000000000000000000000000001"}
    }
    event = make_event("kinesis_analytics", records=[{}, override])
    assert event["records"][1]["recordId"] == override["kinesisStreamRecordMetadata"]["sequenceNumber"]
    pinned = make_event("kinesis_analytics", records=[{"recordId": "r-1", "data": "x"}])["records"][0]
    assert (pinned["recordId"], unb64(pinned["data"])) == ("r-1", b"x")


KDA_PRESETS: dict[str, dict[str, Any]] = {
    "kinesis:analytics": {},
    "kinesis:analytics-compressed": {"gzip": True},
    "kinesis:analytics-dynamodb": {"invocation": "output-delivery"},
    "kinesis:analytics-kpl": {"aggregate": 4, "records": 2},
}


@pytest.mark.parametrize("preset", sorted(KDA_PRESETS))
@pytest.mark.parametrize("seed", [0, 3])
def test_kinesis_analytics_presets(preset: str, seed: int, frozen: None) -> None:
    event = make_event(preset, seed=seed)
    assert presets[preset][0] == "kinesis_analytics"
    assert event == make_event("kinesis_analytics", seed=seed, **KDA_PRESETS[preset])
    invocation = str(KDA_PRESETS[preset].get("invocation", "stream-preprocessing"))
    assert_structure(event, kda_structure(invocation, len(event["records"])))
    blob = unb64(event["records"][0]["data"])
    if preset.endswith("compressed"):
        json.loads(gzip.decompress(blob))
    elif preset.endswith("kpl"):
        assert len(event["records"]) == 2
        assert len(kpl_decode(blob)[1]) == 4
    else:
        json.loads(blob)


@given(st.integers(0, 2**32), st.sampled_from(list(KDA_METADATA)))
@settings(max_examples=40, deadline=None)
def test_kinesis_analytics_property_any_seed(seed: int, invocation: str) -> None:
    event = make_event("kinesis_analytics", seed=seed, invocation=invocation, records=2)
    assert_structure(event, kda_structure(invocation, 2))
    assert json.loads(json.dumps(event)) == event
    assert len({r["recordId"] for r in event["records"]}) == 2


# -- Firehose payloads and SAM presets ----------------------------------------------------------------------

FIREHOSE_PRESETS: dict[str, dict[str, Any]] = {
    "kinesis:kinesis-firehose": {},
    "kinesis:apachelog": {"payload": "apache_log"},
    "kinesis:syslog": {"payload": "syslog"},
    "kinesis:cloudwatch-logs-processor": {"payload": "cloudwatch_logs"},
    "kinesis:streams-as-source": {"delivery_stream_type": "KinesisStreamAsSource"},
}
APACHE_COMMON = re.compile(
    r'(?P<ip>\d+\.\d+\.\d+\.\d+) - - \[(?P<time>\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000)\] '
    r'"(?P<method>[A-Z]+) (?P<path>/\S*) HTTP/1\.1" (?P<status>\d{3}) (?P<size>\d+|-)'
)  # fmt: skip
SYSLOG = re.compile(
    r"(?P<time>\w{3} [ \d]\d \d\d:\d\d:\d\d) (?P<host>[\w.-]+) (?P<tag>\w+)\[(?P<pid>\d+)\]: (?P<msg>.+)"
)


def validate_firehose(event: dict[str, Any]) -> None:
    models.KinesisFirehoseModel.model_validate(copy.deepcopy(event))
    parsed = KinesisFirehoseEvent(event)
    for record in parsed.records:
        assert record.data_as_bytes == unb64(record.data)
        assert isinstance(record.approximate_arrival_timestamp, int)


@pytest.mark.parametrize("preset", sorted(FIREHOSE_PRESETS))
@pytest.mark.parametrize("seed", SEEDS)
def test_firehose_presets_validate(preset: str, seed: int, frozen: None) -> None:
    event = make_event(preset, seed=seed, records=3)
    validate_firehose(event)
    assert presets[preset][0] == "firehose"
    assert event == make_event("firehose", seed=seed, records=3, **FIREHOSE_PRESETS[preset])
    assert shape_errors(make_event(preset, seed=seed), sample("powertools/kinesisFirehosePutEvent.json"),
                        exact_keys=False) == []  # fmt: skip


def test_firehose_apache_log_lines(frozen: None) -> None:
    event = make_event("kinesis:apachelog", records=20)
    for record in event["records"]:
        line = unb64(record["data"]).decode()
        match = APACHE_COMMON.fullmatch(line)
        assert match, line
        logged = datetime.strptime(match["time"], "%d/%b/%Y:%H:%M:%S %z")
        assert logged.timestamp() * 1000 <= record["approximateArrivalTimestamp"]
        assert (match["size"] == "-") is (match["status"] in ("204", "304"))


def test_firehose_syslog_lines(frozen: None) -> None:
    event = make_event("kinesis:syslog", records=10)
    for record in event["records"]:
        line = unb64(record["data"]).decode()
        match = SYSLOG.fullmatch(line)
        assert match, line
        assert match["time"].startswith("May  1 12:")  # the frozen day, space-padded as RFC 3164 writes it


def test_firehose_cloudwatch_logs_batches(frozen: None) -> None:
    event = make_event("kinesis:cloudwatch-logs-processor", records=4, account_id="210987654321")
    ids: list[int] = []
    groups = set()
    for record in event["records"]:
        blob = unb64(record["data"])
        assert blob[:2] == b"\x1f\x8b"
        payload = json.loads(gzip.decompress(blob))
        decoded = models.CloudWatchLogsDecode.model_validate(payload)
        assert decoded.owner == "210987654321"
        assert decoded.messageType == "DATA_MESSAGE"
        assert re.fullmatch(r"\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}", decoded.logStream)
        groups.add((decoded.logGroup, tuple(decoded.subscriptionFilters)))
        for log_event in payload["logEvents"]:
            assert log_event["timestamp"] < record["approximateArrivalTimestamp"]
            ids.append(int(log_event["id"]))
    assert len(groups) == 1  # one subscription filter on one log group feeds the stream
    assert ids == sorted(set(ids))


def test_firehose_payload_variant() -> None:
    assert lookup("firehose").variants["payload"] == "json | apache_log | syslog | cloudwatch_logs"
    # The data shorthand wins over the generated payload.
    event = make_event("firehose", payload="syslog", data="raw line")
    assert unb64(event["records"][0]["data"]) == b"raw line"
    with pytest.raises(EventOverrideError, match=re.escape("payload must be one of json, apache_log, syslog")):
        make_event("firehose", payload="csv")
    streams = make_event("kinesis:streams-as-source", records=2)
    assert streams["sourceKinesisStreamArn"].startswith("arn:aws:kinesis:")
    assert all("kinesisRecordMetadata" in r for r in streams["records"])


@given(st.integers(0, 2**32), st.sampled_from(sorted(FIREHOSE_PRESETS)))
@settings(max_examples=30, deadline=None)
def test_firehose_presets_property_any_seed(seed: int, preset: str) -> None:
    event = make_event(preset, seed=seed, records=2)
    validate_firehose(event)
    assert json.loads(json.dumps(event)) == event


# -- presets on other modules' sources -----------------------------------------------------------------------


def test_get_records_preset(frozen: None) -> None:
    event = make_event("kinesis:get-records", seed=1)
    assert presets["kinesis:get-records"][0] == "kinesis"
    models.KinesisDataStreamModel.model_validate(copy.deepcopy(event))
    assert event == make_event("kinesis", seed=1)


def test_dynamodb_update_preset() -> None:
    event = make_event("dynamodb:update", seed=1, records=2)
    models.DynamoDBStreamModel.model_validate(copy.deepcopy(event))
    for record in event["Records"]:
        assert record["eventName"] == "MODIFY"
        change = record["dynamodb"]
        assert {"Keys", "NewImage", "OldImage"} <= set(change)
        assert change["NewImage"] != change["OldImage"]


def test_cloudwatch_presets(frozen: None) -> None:
    logs = make_event("cloudwatch:logs", seed=2)
    models.CloudWatchLogsModel.model_validate(copy.deepcopy(logs))
    assert logs == make_event("cloudwatch_logs", seed=2)
    scheduled = make_event("cloudwatch:scheduled-event", seed=2, region="eu-west-1", account_id="210987654321")
    parsed = models.EventBridgeModel.model_validate(copy.deepcopy(scheduled))
    assert (parsed.detail_type, parsed.source, parsed.detail) == ("Scheduled Event", "aws.events", {})
    assert re.fullmatch(r"arn:aws:events:eu-west-1:210987654321:rule/.+", scheduled["resources"][0])


def test_every_preset_of_this_group_is_registered() -> None:
    names = {*CF_PRESETS, *KDA_PRESETS, *FIREHOSE_PRESETS}
    names |= {"kinesis:get-records", "dynamodb:update", "cloudwatch:logs", "cloudwatch:scheduled-event"}
    assert names <= set(event_sources(presets=True))
    ours = {n for n in event_sources(presets=True) if n.partition(":")[0] in ("kinesis", "cloudwatch", "dynamodb")}
    assert {n for n in ours if ":" in n} <= names
