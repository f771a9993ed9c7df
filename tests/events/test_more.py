"""Tumbling-window stream events and the Client VPN, IoT pre-provisioning and Cognito inbound federation triggers."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any

import pytest
import time_machine
from aws_lambda_powertools.utilities.parser import models
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_lambda.events import EventOverrideError, make_event
from pytest_lambda.events._registry import lookup
from pytest_lambda.events.dynamodb import stream_record_size

from .shapes import SAMPLES

GO_SAMPLES = SAMPLES / "aws-lambda-go"
SEEDS = [0, 1, 7, 42, 2**32]
FROZEN = datetime(2024, 5, 17, 9, 31, 12, 345_000, tzinfo=timezone.utc)
FROZEN_MS = int(FROZEN.timestamp() * 1000)

# Which sample each source's shape is compared with (provider_type picks the Cognito variant).
SAMPLE_FILES: list[tuple[str, dict[str, Any], str]] = [
    ("kinesis_window", {}, "kinesis-time-window-event.json"),
    ("dynamodb_window", {}, "dynamodb-time-window-event.json"),
    ("clientvpn_connection_handler", {}, "clientvpn-connectionhandler-request.json"),
    ("iot_preprovision_hook", {}, "iot-preprovision-hook-request.json"),
    ("cognito_inbound_federation", {"provider_type": "OIDC"}, "cognito-event-userpools-inbound-federation-oidc.json"),
    ("cognito_inbound_federation", {"provider_type": "SAML"}, "cognito-event-userpools-inbound-federation-saml.json"),
]
SOURCES = sorted({name for name, _, _ in SAMPLE_FILES})
# Maps whose keys are the user's own (state, item attributes, template parameters): only their kind is compared.
FREE_MAPS = {"state", "Keys", "NewImage", "OldImage", "parameters"}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def _structure_diff(ours: Any, sample: Any, path: str = "$") -> list[str]:
    """Differences in keys and JSON kinds, recursively (lists compare their first element)."""
    if _kind(ours) != _kind(sample):
        return [f"{path}: {_kind(ours)} vs sample {_kind(sample)}"]
    if isinstance(ours, dict):
        if path.rsplit(".", 1)[-1] in FREE_MAPS:
            return []
        diffs = [f"{path}: keys {sorted(set(ours) ^ set(sample))} differ"] if set(ours) != set(sample) else []
        for key in set(ours) & set(sample):
            diffs += _structure_diff(ours[key], sample[key], f"{path}.{key}")
        return diffs
    if isinstance(ours, list) and ours and sample:
        return _structure_diff(ours[0], sample[0], f"{path}[0]")
    return []


def _sample(name: str) -> Any:
    return json.loads((GO_SAMPLES / name).read_text())


def _validate(name: str, event: Any) -> None:
    """Validate with powertools where a model exists (the window events carry a full stream batch)."""
    if name == "kinesis_window":
        parsed = models.KinesisDataStreamModel.model_validate(event)
        assert len(parsed.Records) == len(event["Records"])
    elif name == "dynamodb_window":
        parsed_ddb = models.DynamoDBStreamModel.model_validate(event)
        assert len(parsed_ddb.Records) == len(event["Records"])


# -- structure against the published samples ----------------------------------------------------------


@pytest.mark.parametrize(("name", "overrides", "sample"), SAMPLE_FILES)
@pytest.mark.parametrize("seed", SEEDS)
def test_structure_matches_sample(name: str, overrides: dict[str, Any], sample: str, seed: int) -> None:
    event = make_event(name, seed=seed, **overrides)
    assert _structure_diff(event, _sample(sample)) == []


def test_structure_diff_detects_a_missing_key() -> None:
    event = make_event("clientvpn_connection_handler")
    del event["schema-version"]
    assert _structure_diff(event, _sample("clientvpn-connectionhandler-request.json"))


@pytest.mark.parametrize("name", ["kinesis_window", "dynamodb_window"])
@pytest.mark.parametrize("seed", SEEDS)
def test_window_batches_validate_with_powertools(name: str, seed: int) -> None:
    _validate(name, make_event(name, seed=seed, records=3))


# -- round trip, determinism ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", SOURCES)
def test_json_round_trip(name: str) -> None:
    event = make_event(name, seed=3)
    assert json.loads(json.dumps(event)) == event


@pytest.mark.parametrize("name", SOURCES)
def test_same_seed_same_event_under_frozen_clock(name: str) -> None:
    with time_machine.travel(FROZEN, tick=False):
        first, second = make_event(name, seed=11), make_event(name, seed=11)
    assert json.dumps(first) == json.dumps(second)


@pytest.mark.parametrize("name", SOURCES)
def test_different_seeds_differ(name: str) -> None:
    with time_machine.travel(FROZEN, tick=False):
        assert make_event(name, seed=1) != make_event(name, seed=2)


def test_different_seeds_give_different_ids() -> None:
    with time_machine.travel(FROZEN, tick=False):
        a, b = make_event("clientvpn_connection_handler", seed=1), make_event("clientvpn_connection_handler", seed=2)
        assert a["connection-id"] != b["connection-id"]
        c, d = make_event("iot_preprovision_hook", seed=1), make_event("iot_preprovision_hook", seed=2)
        assert c["certificateId"] != d["certificateId"]
        e, f = make_event("kinesis_window", seed=1), make_event("kinesis_window", seed=2)
        assert e["Records"][0]["eventID"] != f["Records"][0]["eventID"]


@pytest.mark.parametrize("name", SOURCES)
def test_registered_with_docs(name: str) -> None:
    assert lookup(name).docs.startswith("https://docs.aws.amazon.com/")


# -- tumbling windows ---------------------------------------------------------------------------------


def _ms(iso: str) -> int:
    return int(datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp() * 1000)


@pytest.mark.parametrize("name", ["kinesis_window", "dynamodb_window"])
def test_open_window_holds_now_and_the_records(name: str) -> None:
    with time_machine.travel(FROZEN, tick=False):
        event = make_event(name, records=5, window_seconds=120)
    start, end = _ms(event["window"]["start"]), _ms(event["window"]["end"])
    assert end - start == 120_000
    assert start % 120_000 == 0
    assert start <= FROZEN_MS < end
    assert event["isFinalInvokeForWindow"] is False
    assert event["isWindowTerminatedEarly"] is False
    assert event["state"] == {}
    for record in event["Records"]:
        if name == "kinesis_window":
            at = record["kinesis"]["approximateArrivalTimestamp"] * 1000
        else:
            at = record["dynamodb"]["ApproximateCreationDateTime"] * 1000
        assert start <= at <= FROZEN_MS


@pytest.mark.parametrize("name", ["kinesis_window", "dynamodb_window"])
def test_final_invoke_is_for_the_window_just_closed(name: str) -> None:
    with time_machine.travel(FROZEN, tick=False):
        event = make_event(name, final=True, state={"count": 7, "total": 12.5})
    end = _ms(event["window"]["end"])
    assert event["isFinalInvokeForWindow"] is True
    assert end <= FROZEN_MS
    assert end - _ms(event["window"]["start"]) == 300_000
    assert event["state"] == {"count": 7, "total": 12.5}


def test_kinesis_window_envelope_agrees_with_records() -> None:
    event = make_event("kinesis_window", records=4, stream="orders", data={"n": 1})
    shard = event["shardId"]
    assert event["eventSourceARN"] == "arn:aws:kinesis:us-east-1:123456789012:stream/orders"
    ids = [r["eventID"] for r in event["Records"]]
    assert len(set(ids)) == 4
    sequences = [int(r["kinesis"]["sequenceNumber"]) for r in event["Records"]]
    assert sequences == sorted(sequences)
    for record in event["Records"]:
        assert record["eventSourceARN"] == event["eventSourceARN"]
        assert record["eventID"] == f"{shard}:{record['kinesis']['sequenceNumber']}"
        assert json.loads(base64.b64decode(record["kinesis"]["data"])) == {"n": 1}


def test_dynamodb_window_envelope_agrees_with_records() -> None:
    event = make_event(
        "dynamodb_window",
        records=3,
        table="Orders",
        new_image={"pk": "a", "n": 2},
        keys={"pk": "a"},
        region="eu-west-1",
        account_id="111122223333",
    )
    assert event["eventSourceARN"].startswith("arn:aws:dynamodb:eu-west-1:111122223333:table/Orders/stream/")
    assert event["shardId"].startswith("shardId-")
    digits, suffix = event["shardId"].removeprefix("shardId-").split("-")
    assert len(digits) == 20
    assert digits.isdigit()
    assert len(suffix) == 8
    assert len({r["eventID"] for r in event["Records"]}) == 3
    sequences = [int(r["dynamodb"]["SequenceNumber"]) for r in event["Records"]]
    assert sequences == sorted(set(sequences))
    for record in event["Records"]:
        assert record["eventSourceARN"] == event["eventSourceARN"]
        assert record["dynamodb"]["NewImage"] == {"pk": {"S": "a"}, "n": {"N": "2"}}
        assert record["dynamodb"]["Keys"] == {"pk": {"S": "a"}}
        assert record["dynamodb"]["SizeBytes"] == stream_record_size(record["dynamodb"])


def test_dynamodb_window_view_type_and_event_name() -> None:
    event = make_event("dynamodb_window", event_name="MODIFY", stream_view_type="KEYS_ONLY")
    change = event["Records"][0]["dynamodb"]
    assert event["Records"][0]["eventName"] == "MODIFY"
    assert change["StreamViewType"] == "KEYS_ONLY"
    assert "NewImage" not in change
    assert "OldImage" not in change


def test_window_fields_can_be_overridden() -> None:
    event = make_event("kinesis_window", isWindowTerminatedEarly=True, final=True)
    assert event["isWindowTerminatedEarly"] is True
    assert event["isFinalInvokeForWindow"] is True


@pytest.mark.parametrize(
    ("name", "overrides", "message"),
    [
        ("kinesis_window", {"window_seconds": 0}, "1 to 900"),
        ("kinesis_window", {"window_seconds": 901}, "1 to 900"),
        ("dynamodb_window", {"window_seconds": True}, "window_seconds"),
        ("kinesis_window", {"state": [1, 2]}, "state must be a dict"),
        ("kinesis_window", {"state": {"x": object()}}, "JSON-serializable"),
        ("dynamodb_window", {"state": {"x": "y" * (1024 * 1024)}}, "1 MB"),
        ("kinesis_window", {"final": "yes"}, "True or False"),
        ("dynamodb_window", {"stream_view_type": "ALL"}, "NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE, KEYS_ONLY"),
        ("dynamodb_window", {"event_name": "UPSERT"}, "INSERT, MODIFY, REMOVE"),
        ("kinesis_window", {"records": 10_001}, "1 to 10000"),
        ("kinesis_window", {"Shard": "x"}, "no field or shorthand"),
    ],
)
def test_window_bad_values(name: str, overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=message):
        make_event(name, **overrides)


# -- Client VPN connection handler --------------------------------------------------------------------


def test_clientvpn_values() -> None:
    event = make_event("clientvpn_connection_handler", username="jdoe", public_ip="203.0.113.9", platform="linux")
    assert event["username"] == "jdoe"
    assert event["common-name"] == "jdoe"
    assert event["public-ip"] == "203.0.113.9"
    assert event["platform"] == "linux"
    assert event["schema-version"] == "v1"
    assert event["connection-id"].startswith("cvpn-connection-")
    assert len(event["connection-id"]) == 33
    assert event["endpoint-id"].startswith("cvpn-endpoint-")
    assert len(event["endpoint-id"]) == 31


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"platform": "ios"}, "win, mac, linux"), ({"username": 5}, "username must be a str")],
)
def test_clientvpn_bad_values(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=message):
        make_event("clientvpn_connection_handler", **overrides)


# -- IoT pre-provisioning hook -------------------------------------------------------------------------


def test_iot_preprovision_values() -> None:
    event = make_event(
        "iot_preprovision_hook", parameters={"SerialNumber": "abc", "Count": 3}, template="Fleet", region="eu-west-1"
    )
    assert event["parameters"] == {"SerialNumber": "abc", "Count": "3"}
    assert event["templateArn"] == "arn:aws:iot:eu-west-1:123456789012:provisioningtemplate/Fleet"
    assert event["claimCertificateId"] != event["certificateId"]
    for key in ("claimCertificateId", "certificateId"):
        assert len(event[key]) == 64
        assert int(event[key], 16) >= 0
    pem = event["certificatePem"]
    assert pem.startswith("-----BEGIN CERTIFICATE-----\n")
    assert pem.endswith("-----END CERTIFICATE-----\n")
    body = "".join(pem.splitlines()[1:-1])
    assert base64.b64decode(body)[:2] == b"\x30\x82"


def test_iot_preprovision_bad_parameters() -> None:
    with pytest.raises(EventOverrideError, match="parameters must be a dict"):
        make_event("iot_preprovision_hook", parameters=["a"])


# -- Cognito inbound federation ----------------------------------------------------------------------


def test_inbound_federation_oidc_is_consistent() -> None:
    event = make_event("cognito_inbound_federation", email="ana@example.com", provider_name="Okta")
    request = event["request"]
    assert event["triggerSource"] == "InboundFederation_ExternalProvider"
    assert request["providerType"] == "OIDC"
    assert request["providerName"] == "Okta"
    attributes = request["attributes"]
    assert set(attributes) == {"tokenResponse", "idToken", "userInfo"}
    assert attributes["idToken"]["email"] == attributes["userInfo"]["email"] == "ana@example.com"
    assert event["userName"] == f"Okta_{attributes['idToken']['sub']}"
    assert event["response"]["userAttributesToMap"]["given_name"] == attributes["userInfo"]["given_name"]
    assert event["userPoolId"].startswith("us-east-1_")


def test_inbound_federation_saml_and_mapping() -> None:
    event = make_event("cognito_inbound_federation", provider_type="SAML", user_attributes={"email": "x@y.z"})
    attributes = event["request"]["attributes"]
    assert set(attributes) == {"samlResponse"}
    assert event["request"]["providerType"] == "SAML"
    assert event["response"]["userAttributesToMap"] == {"email": "x@y.z"}
    claims = attributes["samlResponse"]
    assert all(key.startswith("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/") for key in claims)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"provider_type": "Google"}, "OIDC, SAML"), ({"user_attributes": "x"}, "user_attributes must be a dict")],
)
def test_inbound_federation_bad_values(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=message):
        make_event("cognito_inbound_federation", **overrides)


# -- properties ---------------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32))
def test_every_seed_validates_and_round_trips(seed: int) -> None:
    for name, overrides, sample in SAMPLE_FILES:
        event = make_event(name, seed=seed, **overrides)
        _validate(name, event)
        assert json.loads(json.dumps(event)) == event
        assert _structure_diff(event, _sample(sample)) == []
