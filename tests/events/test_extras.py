"""Sources powertools describes (AppSync Events and authorizer, Bedrock function details, Firehose from SQS,
the CloudWatch widget, Transfer Family, S3 Object Lambda, IoT authorizer and registry) and the SAM presets."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import urllib.parse
from datetime import datetime, timezone
from typing import Any

import pytest
import time_machine
from aws_lambda_powertools.utilities.data_classes import (
    AppSyncResolverEventsEvent,
    AWSConfigRuleEvent,
    BedrockAgentFunctionEvent,
    CloudWatchDashboardCustomWidgetEvent,
    CodePipelineJobEvent,
    ConnectContactFlowEvent,
    TransferFamilyAuthorizer,
)
from aws_lambda_powertools.utilities.data_classes.appsync_authorizer_event import AppSyncAuthorizerEvent
from aws_lambda_powertools.utilities.data_classes.s3_object_event import S3ObjectLambdaEvent
from aws_lambda_powertools.utilities.parser import models
from aws_lambda_powertools.utilities.parser.models import iot_registry_events as iot_models
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_lambda import event_sources, make_event
from pytest_lambda.events import EventOverrideError
from pytest_lambda.events._registry import lookup, presets, resolve
from pytest_lambda.events.sam_presets import SAM_PRESETS

from .shapes import sample, shape_diff

SEEDS = [0, 1, 7, 42, 2**32]
SOURCES = [
    "appsync_events",
    "appsync_authorizer",
    "bedrock_agent_function",
    "firehose_sqs",
    "cloudwatch_dashboard_widget",
    "transfer_family_authorizer",
    "s3_object_lambda",
    "iot_custom_authorizer",
    "iot_registry",
]
FROZEN = datetime(2024, 5, 17, 9, 30, 12, 345_000, tzinfo=timezone.utc)
FROZEN_MS = int(FROZEN.timestamp() * 1000)


def _firehose_message(event: dict[str, Any], index: int = 0) -> Any:
    return json.loads(base64.b64decode(event["records"][index]["data"]))


# A value drawn fresh for every event: two seeds must not share it.
FRESH_ID = {
    "appsync_events": lambda e: e["events"][0]["id"],
    "appsync_authorizer": lambda e: e["requestContext"]["requestId"],
    "bedrock_agent_function": lambda e: e["sessionId"],
    "firehose_sqs": lambda e: e["invocationId"],
    "cloudwatch_dashboard_widget": lambda e: (e["widgetContext"]["timeRange"]["zoom"]["start"], e["widgetContext"]),
    "transfer_family_authorizer": lambda e: e["serverId"],
    "s3_object_lambda": lambda e: e["xAmzRequestId"],
    "iot_custom_authorizer": lambda e: e["connectionMetadata"]["id"],
    "iot_registry": lambda e: e["eventId"],
}

_IOT_MODELS = {
    "THING_EVENT": iot_models.IoTCoreThingEvent,
    "THING_TYPE_EVENT": iot_models.IoTCoreThingTypeEvent,
    "THING_TYPE_ASSOCIATION_EVENT": iot_models.IoTCoreThingTypeAssociationEvent,
    "THING_GROUP_EVENT": iot_models.IoTCoreThingGroupEvent,
    "THING_GROUP_MEMBERSHIP_EVENT": iot_models.IoTCoreAddOrRemoveFromThingGroupEvent,
    "THING_GROUP_HIERARCHY_EVENT": iot_models.IoTCoreAddOrDeleteFromThingGroupEvent,
}


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(FROZEN, tick=False) as traveller:
        yield traveller


def sqs_attributes_md5(attributes: dict[str, Any]) -> str | None:
    """SQS's MD5 of message attributes, written out again from the SQS developer guide."""
    if not attributes:
        return None
    buffer = b""
    for name in sorted(attributes):
        attribute = attributes[name]
        for text in (name, attribute["dataType"]):
            buffer += len(text.encode()).to_bytes(4, "big") + text.encode()
        if attribute["dataType"].startswith("Binary"):
            raw = base64.b64decode(attribute["binaryValue"])
            buffer += b"\x02" + len(raw).to_bytes(4, "big") + raw
        else:
            raw = attribute["stringValue"].encode()
            buffer += b"\x01" + len(raw).to_bytes(4, "big") + raw
    return hashlib.md5(buffer).hexdigest()


def validate(name: str, event: dict[str, Any]) -> None:
    """Validate against powertools' parser model and/or data class, or the published sample's shape."""
    if name == "appsync_events":
        if event["identity"] is None or "handlerContext" not in event["identity"]:
            models.AppSyncEventsModel.model_validate(event)
        wrapped = AppSyncResolverEventsEvent(event)
        assert wrapped.info.channel_path == "/" + "/".join(wrapped.info.channel_segments)
        assert wrapped.info.operation in ("PUBLISH", "SUBSCRIBE")
        assert wrapped.out_errors == []
    elif name == "appsync_authorizer":
        authorizer = AppSyncAuthorizerEvent(event)
        context = authorizer.request_context
        assert (context.api_id, context.account_id, context.request_id) == (
            event["requestContext"]["apiId"],
            event["requestContext"]["accountId"],
            event["requestContext"]["requestId"],
        )
        assert isinstance(context.query_string, str)
        assert isinstance(context.variables, dict)
        assert authorizer.authorization_token == event["requestHeaders"]["authorization"]
        # requestHeaders came after the published samples (April 2024).
        for published in ("powertools/appSyncAuthorizerEvent.json", "aws-lambda-go/appsync-lambda-auth-request.json"):
            assert not shape_diff(
                event,
                sample(published),
                optional=frozenset({"requestHeaders", "requestContext.operationName"}),
                free=frozenset({"requestContext.variables"}),
            )
    elif name == "bedrock_agent_function":
        models.BedrockAgentFunctionEventModel.model_validate(event)
        wrapped_function = BedrockAgentFunctionEvent(event)
        assert wrapped_function.function == event["function"]
        assert [p.name for p in wrapped_function.parameters] == [p["name"] for p in event["parameters"]]
    elif name == "firehose_sqs":
        parsed = models.KinesisFirehoseSqsModel.model_validate(event)
        assert all(record.data.eventSource == "aws:sqs" for record in parsed.records)
        published = sample("powertools/kinesisFirehoseSQSEvent.json")
        assert not shape_diff(event, published)
        message = json.loads(base64.b64decode(published["records"][0]["data"]))
        assert not shape_diff(_firehose_message(event), message, free=frozenset({"messageAttributes"}))
    elif name == "cloudwatch_dashboard_widget":
        widget = CloudWatchDashboardCustomWidgetEvent(event)
        context = widget.widget_context
        assert context is not None
        assert context.account_id == event["widgetContext"]["accountId"]
        assert context.time_range.start < context.time_range.end
        assert context.period == 300
        assert context.forms == event["widgetContext"]["forms"]["all"]
        ours = make_event(name, seed=0, params={"original": "param-to-widget"})
        assert not shape_diff(
            ours,
            sample("powertools/cloudWatchDashboardEvent.json"),
            free=frozenset({"widgetContext.params", "widgetContext.forms.all"}),
        )
    elif name == "transfer_family_authorizer":
        models.TransferFamilyAuthorizer.model_validate(event)
        user = TransferFamilyAuthorizer(event)
        assert (user.username, user.protocol, user.server_id) == (
            event["username"],
            event["protocol"],
            event["serverId"],
        )
    elif name == "s3_object_lambda":
        assert_s3_object_lambda_valid(event)
    elif name == "iot_custom_authorizer":
        assert set(event["protocolData"]) == set(event["protocols"])
        assert not shape_diff(
            event,
            sample("aws-lambda-go/iot-custom-auth-request.json"),
            optional=frozenset({"token", "protocolData.http", "protocolData.mqtt", "protocolData.mqtt.username"})
            | frozenset({"protocolData.mqtt.password", "protocolData.mqtt.clientId"}),
            free=frozenset({"protocolData.http.headers"}),
        )
    elif name == "iot_registry":
        _IOT_MODELS[event["eventType"]].model_validate(event)
    else:  # pragma: no cover - every source above has its check
        raise AssertionError(name)


def assert_s3_object_lambda_valid(event: dict[str, Any]) -> None:
    contexts = [k for k in event if k.endswith("Context")]
    assert len(contexts) == 1
    if "getObjectContext" in event:
        models.S3ObjectLambdaEvent.model_validate(event)
        wrapped = S3ObjectLambdaEvent(event)
        assert wrapped.request_route == event["getObjectContext"]["outputRoute"]
        assert wrapped.input_s3_url == event["getObjectContext"]["inputS3Url"]
        assert wrapped.user_identity.arn == event["userIdentity"]["arn"]
        published = (
            "powertools/s3ObjectEventIAMUser.json"
            if event["userIdentity"]["type"] == "IAMUser"
            else "powertools/s3ObjectEventTempCredentials.json"
        )
        assert not shape_diff(event, sample(published), free=frozenset({"userRequest.headers"}))
    else:
        published = {
            "headObjectContext": "aws-lambda-go/s3-object-lambda-event-head-object-iam.json",
            "listObjectsContext": "aws-lambda-go/s3-object-lambda-event-list-objects-iam.json",
            "listObjectsV2Context": "aws-lambda-go/s3-object-lambda-event-list-objects-v2-iam.json",
        }[contexts[0]]
        # The Go samples' IAM user has no userName; CloudTrail's userIdentity names IAM users.
        assert not shape_diff(
            event,
            sample(published),
            optional=frozenset({"userIdentity.userName", "userIdentity.sessionContext"}),
            free=frozenset({"userRequest.headers"}),
        )


def bad(name: str, message_part: str, /, **overrides: Any) -> None:
    with pytest.raises(EventOverrideError) as caught:
        make_event(name, **overrides)
    assert message_part in str(caught.value)


# -- every source -----------------------------------------------------------------------------------


def test_the_sources_are_registered() -> None:
    assert set(SOURCES) <= set(event_sources())
    for name in SOURCES:
        assert ":" not in name


@pytest.mark.parametrize("name", SOURCES)
@pytest.mark.parametrize("seed", SEEDS)
def test_validates_and_round_trips(name: str, seed: int) -> None:
    event = make_event(name, seed=seed)
    validate(name, event)
    assert json.loads(json.dumps(event)) == event


@pytest.mark.parametrize("name", SOURCES)
def test_same_seed_same_event_other_seed_other_ids(name: str, frozen: Any) -> None:
    first, again = make_event(name, seed=3), make_event(name, seed=3)
    assert json.dumps(first) == json.dumps(again)
    fresh = {json.dumps(FRESH_ID[name](make_event(name, seed=seed)), sort_keys=True) for seed in SEEDS}
    assert len(fresh) == len(SEEDS)


@pytest.mark.parametrize("name", SOURCES)
def test_registered_with_docs_and_shorthands(name: str) -> None:
    source = lookup(name)
    assert source.name == name
    assert source.docs.startswith("https://docs.aws.amazon.com/")
    assert source.description
    for variant in source.variants:
        assert variant in source.shorthands


@pytest.mark.parametrize("name", SOURCES)
def test_region_and_account_reach_every_arn_and_host(name: str) -> None:
    event = make_event(name, region="eu-west-3", account_id="210987654321", seed=5)
    text = json.dumps(event)
    for arn in re.findall(r"arn:aws:[a-z0-9-]+:[a-z0-9-]*:\d*:", text):
        region, account = arn.split(":")[3:5]
        assert region in ("eu-west-3", "")  # IAM and STS ARNs carry no region
        assert account == "210987654321"
    assert "us-east-1" not in text
    assert "123456789012" not in text


@pytest.mark.parametrize("name", SOURCES)
def test_unknown_field_rejected(name: str) -> None:
    with pytest.raises(EventOverrideError, match="no field or shorthand 'notAField'"):
        make_event(name, notAField=1)


@pytest.mark.parametrize("name", SOURCES)
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_any_seed_validates_and_round_trips(name: str, seed: int) -> None:
    event = make_event(name, seed=seed)
    validate(name, event)
    assert json.loads(json.dumps(event)) == event


# -- AppSync Events API -----------------------------------------------------------------------------


def test_appsync_events_publish(frozen: Any) -> None:
    event = make_event("appsync_events", channel="/chat/room-42", events=[{"text": "hi"}, {"text": "yo"}, 3])
    assert event["info"] == {
        "channel": {"path": "/chat/room-42", "segments": ["chat", "room-42"]},
        "channelNamespace": {"name": "chat"},
        "operation": "PUBLISH",
    }
    assert [e["payload"] for e in event["events"]] == [{"text": "hi"}, {"text": "yo"}, 3]
    assert len({e["id"] for e in event["events"]}) == 3
    # The publish request's body: the channel and each event as a JSON string.
    body = json.dumps({"channel": "/chat/room-42", "events": [json.dumps(e["payload"]) for e in event["events"]]})
    headers = event["request"]["headers"]
    assert headers["content-length"] == str(len(body.encode()))
    assert headers["x-api-key"].startswith("da2-")
    assert event["identity"] is None
    assert headers["host"].endswith(".appsync-api.us-east-1.amazonaws.com")
    assert headers["x-amzn-trace-id"].startswith(f"Root=1-{FROZEN_MS // 1000:08x}-")
    assert (event["result"], event["error"], event["prev"], event["stash"], event["outErrors"]) == (
        None,
        None,
        None,
        {},
        [],
    )
    assert len(make_event("appsync_events", events=5)["events"]) == 5
    assert "channel" not in event["events"][0]


def test_appsync_events_subscribe() -> None:
    event = make_event("appsync_events", operation="SUBSCRIBE", channel="default/alerts/*", auth="AWS_IAM")
    models.AppSyncEventsModel.model_validate(event)
    assert event["events"] is None
    assert event["info"]["operation"] == "SUBSCRIBE"
    assert event["info"]["channel"] == {"path": "/default/alerts/*", "segments": ["default", "alerts", "*"]}
    assert ".appsync-realtime-api." in event["request"]["headers"]["host"]
    assert event["identity"]["accountId"] == "123456789012"
    assert event["identity"]["sourceIp"] == [event["request"]["headers"]["x-forwarded-for"]]


@pytest.mark.parametrize("auth", ["AWS_IAM", "AMAZON_COGNITO_USER_POOLS", "OPENID_CONNECT", "AWS_LAMBDA"])
def test_appsync_events_identity_follows_the_authorization(auth: str) -> None:
    event = make_event("appsync_events", auth=auth, seed=2)
    validate("appsync_events", event)
    identity = event["identity"]
    assert identity is not None
    headers = event["request"]["headers"]
    assert "x-api-key" not in headers
    if auth == "AWS_LAMBDA":
        assert set(identity) == {"handlerContext"}
    elif auth == "AWS_IAM":
        assert headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=")
    else:
        claims = json.loads(base64.urlsafe_b64decode(headers["authorization"].split(".")[1] + "=="))
        assert claims == identity["claims"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"operation": "CONNECT"}, "'PUBLISH', 'SUBSCRIBE'"),
        ({"auth": "NONE"}, "'API_KEY', 'AWS_IAM', 'AMAZON_COGNITO_USER_POOLS'"),
        ({"channel": "/default"}, "channel must be"),
        ({"channel": "/a/b/c/d/e/f"}, "channel must be"),
        ({"channel": "/default/*"}, "channel must be"),
        ({"channel": "/default/bad_name"}, "channel must be"),
        ({"events": 6}, "1 to 5 events"),
        ({"events": []}, "1 to 5 events"),
        ({"events": [object()]}, "JSON value"),
        ({"operation": "SUBSCRIBE", "events": 1}, "PUBLISH' only"),
        ({"headers": {"x": 1}}, "dict of str to str"),
    ],
)
def test_appsync_events_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("appsync_events", message, **overrides)


# -- AppSync Lambda authorizer ----------------------------------------------------------------------


def test_appsync_authorizer_derives_its_fields() -> None:
    event = make_event("appsync_authorizer", seed=4)
    context = event["requestContext"]
    assert event["requestHeaders"]["authorization"] == event["authorizationToken"]
    assert f" {context['operationName']}(" in context["queryString"]
    body = {
        "query": context["queryString"],
        "variables": context["variables"],
        "operationName": context["operationName"],
    }
    assert event["requestHeaders"]["content-length"] == str(len(json.dumps(body).encode()))
    assert event["requestHeaders"]["host"].startswith(context["apiId"] + ".appsync-api.")
    assert context["accountId"] == "123456789012"


def test_appsync_authorizer_shorthands() -> None:
    query = "query ListOrders { listOrders { items { id } } }\n\nmutation Cancel($id: ID!) { cancel(id: $id) }"
    event = make_event(
        "appsync_authorizer",
        token="custom-token-1",
        query=query,
        operation_name="Cancel",
        variables={"id": "42"},
        headers={"x-tenant": "acme"},
    )
    assert event["authorizationToken"] == event["requestHeaders"]["authorization"] == "custom-token-1"
    assert event["requestContext"]["queryString"] == query
    assert (event["requestContext"]["operationName"], event["requestContext"]["variables"]) == ("Cancel", {"id": "42"})
    assert event["requestHeaders"]["x-tenant"] == "acme"
    # A document whose only operation is anonymous names none.
    anonymous = make_event("appsync_authorizer", query="{ listOrders { items { id } } }")
    assert "operationName" not in anonymous["requestContext"]
    assert anonymous["requestContext"]["variables"] == {}
    # The last named operation is the default one.
    assert make_event("appsync_authorizer", query=query)["requestContext"]["operationName"] == "Cancel"
    # The token header cannot be overridden away from the token.
    assert (
        make_event("appsync_authorizer", token="t", headers={"authorization": "x"})["requestHeaders"]["authorization"]
        == "t"
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"token": ""}, "token must be a non-empty str"),
        ({"query": 3}, "query must be a non-empty str"),
        ({"variables": [1]}, "variables must be a dict"),
        ({"query": "query A { a }", "operation_name": "B"}, "'B' is not an operation of the query"),
    ],
)
def test_appsync_authorizer_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("appsync_authorizer", message, **overrides)


# -- Bedrock agent function details -----------------------------------------------------------------


def test_bedrock_agent_function_shorthands() -> None:
    event = make_event(
        "bedrock_agent_function",
        function="submitVacationRequest",
        parameters={"startDate": "2024-03-15", "days": 5, "paid": True, "ratio": 0.5, "tags": ["a", "b"]},
        input_text="I want a vacation",
        action_group="VacationsActionGroup",
        session_attributes={"employeeId": "EMP123"},
        prompt_session_attributes={"requestType": "vacation"},
    )
    models.BedrockAgentFunctionEventModel.model_validate(event)
    assert event["function"] == "submitVacationRequest"
    assert event["parameters"] == [
        {"name": "startDate", "type": "string", "value": "2024-03-15"},
        {"name": "days", "type": "integer", "value": "5"},
        {"name": "paid", "type": "boolean", "value": "true"},
        {"name": "ratio", "type": "number", "value": "0.5"},
        {"name": "tags", "type": "array", "value": '["a", "b"]'},
    ]
    assert (event["inputText"], event["actionGroup"]) == ("I want a vacation", "VacationsActionGroup")
    assert event["sessionAttributes"] == {"employeeId": "EMP123"}
    assert event["promptSessionAttributes"] == {"requestType": "vacation"}
    default = make_event("bedrock_agent_function", seed=9)
    reference = default["parameters"][0]["value"]
    assert reference in default["inputText"]
    assert default["parameters"][0]["name"].endswith("Id")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"function": "bad name"}, "function must be a function name"),
        ({"parameters": [1]}, "parameters must be a dict"),
        ({"session_attributes": {"a": 1}}, "session_attributes must be a dict of str to str"),
        ({"input_text": 5}, "input_text must be a non-empty str"),
    ],
)
def test_bedrock_agent_function_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("bedrock_agent_function", message, **overrides)


# -- Firehose records of SQS messages ---------------------------------------------------------------


def test_firehose_sqs_records_hold_consistent_sqs_messages(frozen: Any) -> None:
    event = make_event(
        "firehose_sqs",
        records=[{"body": {"order": 1}}, {"body": "plain text", "message_attributes": {"kind": "x", "n": 2}}, {}],
        queue="orders-queue",
        delivery_stream="orders-stream",
        seed=8,
    )
    validate("firehose_sqs", event)
    assert event["deliveryStreamArn"] == "arn:aws:firehose:us-east-1:123456789012:deliverystream/orders-stream"
    messages = [_firehose_message(event, i) for i in range(3)]
    assert len({r["recordId"] for r in event["records"]}) == 3
    assert len({m["messageId"] for m in messages}) == 3
    assert messages[0]["body"] == '{"order": 1}'
    assert messages[1]["body"] == "plain text"
    for record, message in zip(event["records"], messages, strict=True):
        assert message["md5OfBody"] == hashlib.md5(message["body"].encode()).hexdigest()
        assert message["md5OfMessageAttributes"] == sqs_attributes_md5(message["messageAttributes"])
        assert message["eventSourceARN"] == "arn:aws:sqs:us-east-1:123456789012:orders-queue"
        # Firehose received the message after SQS did, and no later than now.
        received = int(message["attributes"]["ApproximateFirstReceiveTimestamp"])
        assert int(message["attributes"]["SentTimestamp"]) <= received <= record["approximateArrivalTimestamp"]
        assert record["approximateArrivalTimestamp"] <= FROZEN_MS
    assert messages[0]["md5OfMessageAttributes"] is None
    assert messages[1]["messageAttributes"]["n"] == {
        "stringValue": "2",
        "stringListValues": [],
        "binaryListValues": [],
        "dataType": "Number",
    }


def test_firehose_sqs_binary_attribute_md5() -> None:
    event = make_event("firehose_sqs", message_attributes={"blob": b"\x00\x01\xff", "name": "n"}, records=2)
    for index in range(2):
        message = _firehose_message(event, index)
        assert message["messageAttributes"]["blob"]["dataType"] == "Binary"
        assert message["md5OfMessageAttributes"] == sqs_attributes_md5(message["messageAttributes"])
        assert len(message["md5OfMessageAttributes"]) == 32


def test_firehose_sqs_record_field_overrides() -> None:
    event = make_event("firehose_sqs", records=[{"recordId": "r-1"}, {}])
    assert event["records"][0]["recordId"] == "r-1"
    models.KinesisFirehoseSqsModel.model_validate(event)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"records": 0}, "batches hold 1 to 10000 records"),
        ({"records": [{"nope": 1}]}, "no field or shorthand 'nope'"),
        ({"body": object()}, "body must be a dict or list"),
        ({"message_attributes": "x"}, "message_attributes must be a dict"),
        ({"delivery_stream": ""}, "delivery_stream must be a non-empty str"),
    ],
)
def test_firehose_sqs_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("firehose_sqs", message, **overrides)


# -- CloudWatch custom widget -----------------------------------------------------------------------


def test_widget_params_time_range_and_context(frozen: Any) -> None:
    event = make_event(
        "cloudwatch_dashboard_widget",
        params={"original": "param-to-widget", "n": 3},
        forms={"query": "errors"},
        dashboard="ops",
        title="Errors",
        theme="dark",
    )
    context = event["widgetContext"]
    # The widget's params arrive twice: at the top level and in widgetContext.params.
    assert (
        {k: v for k, v in event.items() if k != "widgetContext"}
        == context["params"]
        == {
            "original": "param-to-widget",
            "n": 3,
        }
    )
    assert (context["dashboardName"], context["title"], context["theme"]) == ("ops", "Errors", "dark")
    assert CloudWatchDashboardCustomWidgetEvent(event).widget_context.forms == {"query": "errors"}  # type: ignore[union-attr]
    time_range = context["timeRange"]
    assert time_range["mode"] == "relative"
    assert time_range["end"] - time_range["start"] == time_range["relativeStart"]
    assert time_range["end"] <= FROZEN_MS
    assert time_range["start"] <= time_range["zoom"]["start"] < time_range["zoom"]["end"] <= time_range["end"]
    assert context["domain"] == "https://us-east-1.console.aws.amazon.com"
    assert "describe" not in event
    absolute = make_event("cloudwatch_dashboard_widget", time_range="absolute", describe=True)
    assert absolute["widgetContext"]["timeRange"]["mode"] == "absolute"
    assert "relativeStart" not in absolute["widgetContext"]["timeRange"]
    assert CloudWatchDashboardCustomWidgetEvent(absolute).describe is True


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"theme": "blue"}, "'light', 'dark'"),
        ({"time_range": "zoomed"}, "'relative', 'absolute'"),
        ({"params": {"widgetContext": 1}}, "cannot use the name 'widgetContext'"),
        ({"params": [1]}, "params must be a dict"),
        ({"describe": "yes"}, "describe must be True or False"),
        ({"forms": 1}, "forms must be a dict"),
    ],
)
def test_widget_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("cloudwatch_dashboard_widget", message, **overrides)


# -- Transfer Family custom identity provider -------------------------------------------------------


def test_transfer_family_variants() -> None:
    password = make_event("transfer_family_authorizer", username="bob", password="s3cret", source_ip="203.0.113.9")
    assert password["username"] == "bob"
    assert (password["password"], password["sourceIp"], password["protocol"]) == ("s3cret", "203.0.113.9", "SFTP")
    assert re.fullmatch(r"s-[0-9a-f]{17}", password["serverId"])
    assert make_event("transfer_family_authorizer", seed=3)["password"]  # a password sign-in by default
    key = make_event("transfer_family_authorizer", auth="public_key")
    assert key["password"] == ""
    models.TransferFamilyAuthorizer.model_validate(key)
    for protocol in ("FTP", "FTPS"):
        event = make_event("transfer_family_authorizer", protocol=protocol, server_id="s-0123456789abcdef0")
        models.TransferFamilyAuthorizer.model_validate(event)
        assert (event["protocol"], event["serverId"]) == (protocol, "s-0123456789abcdef0")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"protocol": "SCP"}, "'SFTP', 'FTP', 'FTPS'"),
        ({"auth": "cert"}, "'password', 'public_key'"),
        ({"auth": "public_key", "protocol": "FTP"}, "applies to protocol='SFTP' only"),
        ({"auth": "public_key", "password": "x"}, "password applies to auth='password'"),
        ({"server_id": "srv-1"}, "server_id must be a Transfer Family server id"),
    ],
)
def test_transfer_family_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("transfer_family_authorizer", message, **overrides)


# -- S3 Object Lambda -------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["GetObject", "HeadObject", "ListObjects", "ListObjectsV2"])
@pytest.mark.parametrize("identity", ["IAMUser", "AssumedRole"])
def test_s3_object_lambda_operations_agree_with_themselves(operation: str, identity: str, frozen: Any) -> None:
    event = make_event("s3_object_lambda", operation=operation, identity=identity, seed=6)
    validate("s3_object_lambda", event)
    context_key = {
        "GetObject": "getObjectContext",
        "HeadObject": "headObjectContext",
        "ListObjects": "listObjectsContext",
        "ListObjectsV2": "listObjectsV2Context",
    }[operation]
    assert list(event)[:2] == ["xAmzRequestId", context_key]
    assert event["protocolVersion"] == ("1.00" if operation == "GetObject" else "1.01")
    configuration = event["configuration"]
    olap = configuration["accessPointArn"].rsplit("/", 1)[1]
    supporting = configuration["supportingAccessPointArn"].rsplit("/", 1)[1]
    assert configuration["accessPointArn"].startswith("arn:aws:s3-object-lambda:us-east-1:123456789012:accesspoint/")
    assert configuration["supportingAccessPointArn"].startswith("arn:aws:s3:us-east-1:123456789012:accesspoint/")
    request = urllib.parse.urlsplit(event["userRequest"]["url"])
    assert request.netloc == event["userRequest"]["headers"]["Host"]
    assert request.netloc == f"{olap}-123456789012.s3-object-lambda.us-east-1.amazonaws.com"
    assert event["userRequest"]["headers"]["X-Amz-Content-SHA256"] == hashlib.sha256(b"").hexdigest()
    url = urllib.parse.urlsplit(event[context_key]["inputS3Url"])
    assert url.netloc == f"{supporting}-123456789012.s3-accesspoint.us-east-1.amazonaws.com"
    assert url.path == request.path
    query = urllib.parse.parse_qs(url.query)
    assert query["X-Amz-Date"] == [FROZEN.strftime("%Y%m%dT%H%M%SZ")]
    assert query["X-Amz-Credential"][0].endswith(f"/{FROZEN:%Y%m%d}/us-east-1/s3/aws4_request")
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    if operation.startswith("List"):
        assert url.path == "/"
        assert (query.get("list-type") == ["2"]) == (operation == "ListObjectsV2")
        assert query["prefix"] == urllib.parse.parse_qs(request.query)["prefix"]
    caller = event["userIdentity"]
    assert caller["type"] == identity
    if identity == "AssumedRole":
        issuer = caller["sessionContext"]["sessionIssuer"]
        role, session = caller["arn"].split("/")[1:]
        assert issuer["arn"] == f"arn:aws:iam::123456789012:role/{role}"
        assert issuer["userName"] == role
        assert caller["principalId"] == f"{issuer['principalId']}:{session}"
        assert caller["accessKeyId"].startswith("ASIA")
        created = datetime.strptime(caller["sessionContext"]["attributes"]["creationDate"], "%a %b %d %H:%M:%S UTC %Y")
        assert created.replace(tzinfo=timezone.utc) < FROZEN
    else:
        assert caller["arn"] == f"arn:aws:iam::123456789012:user/{caller['userName']}"
        assert caller["accessKeyId"].startswith("AKIA")


def test_s3_object_lambda_shorthands() -> None:
    event = make_event("s3_object_lambda", key="reports/Q1 summary+final.csv", payload={"mode": "redact"})
    assert event["userRequest"]["url"].endswith("/reports/Q1%20summary%2Bfinal.csv")
    path = urllib.parse.urlsplit(event["getObjectContext"]["inputS3Url"]).path
    assert urllib.parse.unquote(path) == "/reports/Q1 summary+final.csv"
    assert json.loads(event["configuration"]["payload"]) == {"mode": "redact"}
    assert make_event("s3_object_lambda", payload="opaque")["configuration"]["payload"] == "opaque"
    listing = make_event("s3_object_lambda", operation="ListObjectsV2", prefix="logs/2024/")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(listing["userRequest"]["url"]).query) == {
        "list-type": ["2"],
        "prefix": ["logs/2024/"],
    }
    route = make_event("s3_object_lambda", region="ap-northeast-1")["getObjectContext"]["outputRoute"]
    assert re.fullmatch(r"io-apne1-\d{3}", route)
    assert re.fullmatch(r"io-use1-\d{3}", make_event("s3_object_lambda")["getObjectContext"]["outputRoute"])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"operation": "PutObject"}, "'GetObject', 'HeadObject', 'ListObjects', 'ListObjectsV2'"),
        ({"identity": "Root"}, "'IAMUser', 'AssumedRole'"),
        ({"operation": "ListObjects", "key": "a"}, "ListObjects takes prefix="),
        ({"prefix": "a/"}, "GetObject takes key="),
        ({"key": ""}, "key must be a non-empty str"),
        ({"payload": object()}, "payload must be a dict or list"),
    ],
)
def test_s3_object_lambda_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("s3_object_lambda", message, **overrides)


# -- IoT custom authorizer --------------------------------------------------------------------------


def test_iot_custom_authorizer_mqtt() -> None:
    event = make_event("iot_custom_authorizer", password=b"my-password", client_id="sensor-1", username="dev")
    assert event["protocols"] == ["tls", "mqtt"]
    mqtt = event["protocolData"]["mqtt"]
    assert base64.b64decode(mqtt["password"]) == b"my-password"
    assert mqtt["clientId"] == "sensor-1"
    user, _, query = mqtt["username"].partition("?")
    assert user == "dev"
    assert set(urllib.parse.parse_qs(query)) == {"x-amz-customauthorizer-name"}
    assert "token" not in event
    assert event["protocolData"]["tls"]["serverName"].endswith("-ats.iot.us-east-1.amazonaws.com")
    # A token given over MQTT rides in the username's query string, signed or not.
    signed = make_event("iot_custom_authorizer", token="tok-1", signature_verified=True)
    fields = urllib.parse.parse_qs(signed["protocolData"]["mqtt"]["username"].partition("?")[2])
    assert fields["x-token"] == ["tok-1"] == [signed["token"]]
    assert "x-amz-customauthorizer-signature" in fields
    assert signed["signatureVerified"] is True
    assert "clientId" not in make_event("iot_custom_authorizer", client_id=None)["protocolData"]["mqtt"]


def test_iot_custom_authorizer_https_and_websocket() -> None:
    https = make_event("iot_custom_authorizer", protocol="https", token="tok-2", headers={"x-device": "d1"})
    assert https["protocols"] == ["tls", "http"]
    http = https["protocolData"]["http"]
    assert http["headers"]["x-token"] == https["token"] == "tok-2"
    assert http["headers"]["host"] == https["protocolData"]["tls"]["serverName"]
    assert http["headers"]["x-device"] == "d1"
    assert http["queryString"] == "?qos=1"
    assert "x-amz-customauthorizer-signature" not in http["headers"]
    wss = make_event("iot_custom_authorizer", protocol="mqtt_wss", username="u", password="p", seed=3)
    validate("iot_custom_authorizer", wss)
    assert wss["protocols"] == ["tls", "http", "mqtt"]
    assert wss["protocolData"]["http"]["headers"]["upgrade"] == "websocket"
    assert wss["protocolData"]["mqtt"]["username"] == "u"
    assert base64.b64decode(wss["protocolData"]["mqtt"]["password"]) == b"p"
    assert wss["protocolData"]["http"]["headers"]["x-token"] == wss["token"]
    assert set(make_event("iot_custom_authorizer", protocol="mqtt_wss")["protocolData"]["mqtt"]) == {"clientId"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"protocol": "coap"}, "'mqtt', 'https', 'mqtt_wss'"),
        ({"protocol": "https", "username": "u"}, "apply to protocol='mqtt' or 'mqtt_wss'"),
        ({"headers": {"a": "b"}}, "headers apply to protocol='https' or 'mqtt_wss'"),
        ({"signature_verified": "yes"}, "signature_verified must be True or False"),
        ({"password": 5}, "password must be a str or bytes"),
        ({"client_id": ""}, "client_id must be a non-empty str"),
    ],
)
def test_iot_custom_authorizer_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("iot_custom_authorizer", message, **overrides)


# -- IoT registry events ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "operation"),
    [
        ("THING_EVENT", "CREATED"),
        ("THING_EVENT", "UPDATED"),
        ("THING_EVENT", "DELETED"),
        ("THING_TYPE_EVENT", "CREATED"),
        ("THING_TYPE_ASSOCIATION_EVENT", "ADDED"),
        ("THING_TYPE_ASSOCIATION_EVENT", "REMOVED"),
        ("THING_GROUP_EVENT", "UPDATED"),
        ("THING_GROUP_MEMBERSHIP_EVENT", "ADDED"),
        ("THING_GROUP_HIERARCHY_EVENT", "REMOVED"),
    ],
)
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_iot_registry_events_validate(event_type: str, operation: str, seed: int, frozen: Any) -> None:
    event = make_event("iot_registry", event_type=event_type, operation=operation, seed=seed)
    _IOT_MODELS[event_type].model_validate(event)
    assert (event["eventType"], event["operation"]) == (event_type, operation)
    assert FROZEN_MS - 1_000 <= event["timestamp"] <= FROZEN_MS
    if "versionNumber" in event:
        assert (event["versionNumber"] == 1) == (operation == "CREATED")
    if event_type == "THING_GROUP_EVENT":
        ancestors = event["rootToParentThingGroups"]
        if ancestors:
            parent = ancestors[-1]
            assert parent["groupId"] == event["parentGroupId"]
            assert parent["groupArn"] == f"arn:aws:iot:us-east-1:123456789012:thinggroup/{event['parentGroupName']}"
        else:
            assert event["parentGroupName"] is event["parentGroupId"] is None
    if event_type == "THING_GROUP_MEMBERSHIP_EVENT":
        assert event["groupArn"].endswith(":thinggroup/" + event["groupArn"].rsplit("/", 1)[1])
        assert event["thingArn"].startswith("arn:aws:iot:us-east-1:123456789012:thing/")


def test_iot_registry_shorthands() -> None:
    thing = make_event("iot_registry", thing_name="pump-7", thing_type="Pump", attributes={"site": "north"})
    assert (thing["thingName"], thing["thingTypeName"], thing["attributes"]) == ("pump-7", "Pump", {"site": "north"})
    member = make_event("iot_registry", event_type="THING_GROUP_MEMBERSHIP_EVENT", thing_name="pump-7", group="north")
    assert member["thingArn"].endswith(":thing/pump-7")
    assert member["groupArn"].endswith(":thinggroup/north")
    hierarchy = make_event("iot_registry", event_type="THING_GROUP_HIERARCHY_EVENT", group="fleet")
    assert hierarchy["thingGroupName"] == "fleet"
    assert hierarchy["childGroupName"].startswith("fleet-")
    assert lookup("iot_registry_events").name == "iot_registry"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"event_type": "JOB_EVENT"}, "'THING_EVENT', 'THING_TYPE_EVENT'"),
        ({"operation": "ADDED"}, "'CREATED', 'UPDATED', 'DELETED'"),
        ({"event_type": "THING_GROUP_HIERARCHY_EVENT", "operation": "CREATED"}, "'ADDED', 'REMOVED'"),
        ({"event_type": "THING_TYPE_EVENT", "group": "g"}, "group applies to event_type"),
        ({"thing_name": "bad name"}, "thing_name must be 1 to 128"),
        ({"attributes": {"a": 1}}, "attributes must be a dict of str to str"),
    ],
)
def test_iot_registry_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("iot_registry", message, **overrides)


# -- SAM presets ------------------------------------------------------------------------------------

# The source each preset names, and how that source's events validate.
PRESET_SOURCES = {
    "alb:request": "alb",
    "apigateway:authorizer": "apigateway_authorizer_token",
    "apigateway:request-authorizer": "apigateway_authorizer_request",
    "apigateway:aws-proxy": "apigateway_rest",
    "apigateway:http-api-proxy": "apigateway_http",
    "appsync:resolver": "appsync",
    "cloudformation:create-request": "cloudformation_custom_resource",
    "codecommit:repository": "codecommit",
    "codepipeline:job": "codepipeline",
    "config:item-change-notification": "config",
    "config:oversized-item-change-notification": "config",
    "config:periodic-rule": "config",
    "connect:contact-flow-event": "connect",
    "s3:batch-invocation": "s3_batch",
    "s3:delete": "s3",
    "s3:put": "s3",
    "ses:email-receiving": "ses",
    "sns:notification": "sns",
    "sqs:receive-message": "sqs",
}
SOURCE_MODELS: dict[str, Any] = {
    "alb": models.AlbModel,
    "apigateway_authorizer_token": models.ApiGatewayAuthorizerToken,
    "apigateway_authorizer_request": models.ApiGatewayAuthorizerRequest,
    "apigateway_rest": models.APIGatewayProxyEventModel,
    "apigateway_http": models.APIGatewayProxyEventV2Model,
    "appsync": models.AppSyncResolverEventModel,
    "cloudformation_custom_resource": models.CloudFormationCustomResourceCreateModel,
    "s3_batch": models.S3BatchOperationModel,
    "s3": models.S3Model,
    "ses": models.SesModel,
    "sns": models.SnsModel,
    "sqs": models.SqsModel,
}


def validate_source(source: str, event: dict[str, Any]) -> None:
    if source in SOURCE_MODELS:
        SOURCE_MODELS[source].model_validate(event)
    elif source == "codecommit":
        assert not shape_diff(
            event, sample("aws-lambda-go/code-commit-event.json"), optional=frozenset({"Records[].customData"})
        )
    elif source == "codepipeline":
        assert CodePipelineJobEvent(event).data.input_artifacts[0].location.get_type == "S3"
    elif source == "config":
        rule = AWSConfigRuleEvent(event)
        assert rule.invoking_event.message_type == json.loads(event["invokingEvent"])["messageType"]
    elif source == "connect":
        assert ConnectContactFlowEvent(event).contact_data.channel.name == "VOICE"
    else:  # pragma: no cover - every source above has its check
        raise AssertionError(source)


def test_the_presets_are_the_briefs_sam_kinds() -> None:
    assert set(SAM_PRESETS) == set(PRESET_SOURCES)
    for name, source in PRESET_SOURCES.items():
        assert name in event_sources(presets=True)
        assert name not in event_sources()
        assert presets[name][0] == source == SAM_PRESETS[name][0]
        assert presets[name][2].endswith(")")  # the description names SAM's template


@pytest.mark.parametrize("name", sorted(PRESET_SOURCES))
@pytest.mark.parametrize("seed", [0, 11])
def test_presets_resolve_and_validate_like_their_source(name: str, seed: int, frozen: Any) -> None:
    source, overrides = resolve(name)
    assert source.name == PRESET_SOURCES[name]
    assert overrides == SAM_PRESETS[name][2]
    event = make_event(name, seed=seed)
    assert event == make_event(source.name, seed=seed, **overrides)
    assert json.loads(json.dumps(event)) == event
    validate_source(source.name, event)


def test_preset_scenarios() -> None:
    alb = make_event("alb:request")
    assert (alb["httpMethod"], alb["path"], json.loads(alb["body"])) == ("POST", "/path/to/resource", {"test": "body"})
    assert alb["queryStringParameters"] == {"query": "1234ABCD"}
    token = make_event("apigateway:authorizer")
    assert token["type"] == "TOKEN"
    assert token["methodArn"].split("/")[1:3] == ["prod", "POST"]
    request = make_event("apigateway:request-authorizer")
    assert (request["httpMethod"], request["path"], request["requestContext"]["stage"]) == ("GET", "/request", "test")
    assert request["headers"]["HeaderAuth1"] == "headerValue1"
    assert request["queryStringParameters"] == {"QueryString1": "queryValue1"}
    assert request["stageVariables"] == {"StageVar1": "stageValue1"}
    proxy = make_event("apigateway:aws-proxy")
    assert (proxy["resource"], proxy["path"], proxy["pathParameters"]) == (
        "/{proxy+}",
        "/path/to/resource",
        {"proxy": "path/to/resource"},
    )
    assert (proxy["httpMethod"], proxy["requestContext"]["stage"], proxy["stageVariables"]) == (
        "POST",
        "prod",
        {"baz": "qux"},
    )
    assert proxy["queryStringParameters"] == {"foo": "bar"}
    assert json.loads(proxy["body"]) == {"test": "body"}
    http = make_event("apigateway:http-api-proxy")
    assert (http["requestContext"]["stage"], http["requestContext"]["http"]["method"]) == ("$default", "POST")
    assert http["rawQueryString"] == "parameter1=value1&parameter1=value2&parameter2=value"
    assert http["queryStringParameters"] == {"parameter1": "value1,value2", "parameter2": "value"}
    resolver = make_event("appsync:resolver")
    assert resolver["info"]["parentTypeName"] == "Mutation"
    assert "cognito:username" in resolver["identity"]["claims"]
    assert make_event("cloudformation:create-request")["RequestType"] == "Create"
    commit = make_event("codecommit:repository")["Records"][0]
    assert (commit["eventName"], commit["customData"]) == ("TriggerEventTest", "this is custom data")
    for name, message_type in (
        ("config:item-change-notification", "ConfigurationItemChangeNotification"),
        ("config:oversized-item-change-notification", "OversizedConfigurationItemChangeNotification"),
        ("config:periodic-rule", "ScheduledNotification"),
    ):
        assert json.loads(make_event(name)["invokingEvent"])["messageType"] == message_type
    contact = make_event("connect:contact-flow-event")["Details"]["ContactData"]
    assert (contact["Channel"], contact["InitiationMethod"], contact["Queue"]) == ("VOICE", "API", None)
    assert contact["MediaStreams"]["Customer"]["Audio"]["StreamARN"].startswith("arn:aws:kinesisvideo:")
    assert make_event("s3:batch-invocation")["invocationSchemaVersion"] == "1.0"
    assert make_event("s3:delete")["Records"][0]["eventName"] == "ObjectRemoved:Delete"
    assert make_event("s3:put")["Records"][0]["eventName"] == "ObjectCreated:Put"
    receipt = make_event("ses:email-receiving")["Records"][0]["ses"]["receipt"]
    assert receipt["action"]["invocationType"] == "Event"
    assert {receipt[v]["status"] for v in ("spamVerdict", "virusVerdict", "spfVerdict", "dkimVerdict")} == {"PASS"}
    sns = make_event("sns:notification")["Records"][0]["Sns"]
    assert sns["Subject"] == "example subject"
    assert sns["MessageAttributes"]["Test"] == {"Type": "String", "Value": "TestString"}
    assert sns["MessageAttributes"]["TestBinary"]["Type"] == "Binary"
    assert base64.b64decode(sns["MessageAttributes"]["TestBinary"]["Value"]) == b"TestBinary"
    assert len(make_event("sqs:receive-message")["Records"]) == 1


def test_caller_keywords_win_over_a_preset() -> None:
    assert make_event("s3:delete", event_name="ObjectCreated:Copy")["Records"][0]["eventName"] == "ObjectCreated:Copy"
    assert make_event("apigateway:aws-proxy", method="PUT")["httpMethod"] == "PUT"
    assert len(make_event("sqs:receive-message", records=3)["Records"]) == 3
    with pytest.raises(EventOverrideError, match="ObjectCreated:Put, ObjectCreated:Post"):
        make_event("s3:put", event_name="ObjectCreated:Nope")


@pytest.mark.parametrize("name", sorted(PRESET_SOURCES))
def test_changing_an_event_leaves_the_preset_alone(name: str, frozen: Any) -> None:
    first = make_event(name, seed=2)
    expected = copy.deepcopy(first)

    def scribble(value: Any) -> None:
        if isinstance(value, dict):
            for key in list(value):
                scribble(value[key])
                value[key] = "scribbled"
        elif isinstance(value, list):
            for item in value:
                scribble(item)
            value.append("scribbled")

    scribble(first)
    assert make_event(name, seed=2) == expected


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32), name=st.sampled_from(sorted(PRESET_SOURCES)))
def test_any_seed_presets_validate_and_round_trip(seed: int, name: str) -> None:
    event = make_event(name, seed=seed)
    validate_source(PRESET_SOURCES[name], event)
    assert json.loads(json.dumps(event)) == event


def test_widget_params_copies_are_independent() -> None:
    event = make_event("cloudwatch_dashboard_widget", params={"filter": {"level": "error"}})
    event["filter"]["level"] = "warn"
    assert event["widgetContext"]["params"] == {"filter": {"level": "error"}}


@pytest.mark.parametrize(
    ("source", "options", "message"),
    [
        ("appsync_events", {"channel": 5}, "channel must be a str such as '/default/orders', got 5"),
        ("appsync_events", {"events": "x"}, "events must be a count or a list of the published JSON values, got 'x'"),
        ("s3_object_lambda", {"operation": "ListObjectsV2", "prefix": 5}, "prefix must be a str, got 5"),
    ],
)
def test_more_bad_values(source: str, options: dict[str, object], message: str) -> None:
    with pytest.raises(EventOverrideError, match=re.escape(message)):
        make_event(source, **options)


def test_listing_with_an_empty_prefix_sends_no_prefix() -> None:
    event = make_event("s3_object_lambda", operation="ListObjectsV2", prefix="")
    assert "prefix=" not in json.dumps(event)
    assert "list-type=2" in json.dumps(event)


def test_an_unverified_https_authorizer_request_has_no_signature_header() -> None:
    verified = make_event("iot_custom_authorizer", protocol="https", signature_verified=True)
    unverified = make_event("iot_custom_authorizer", protocol="https", signature_verified=False)
    assert "x-amz-customauthorizer-signature" in json.dumps(verified)
    assert "x-amz-customauthorizer-signature" not in json.dumps(unverified)
