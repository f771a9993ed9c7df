"""Service event sources: EventBridge, schedules, CloudWatch alarms, CodePipeline, CodeCommit, Config, IoT,
CodeDeploy hooks, Secrets Manager rotation, Connect, Bedrock agents, Lex V2 and AppSync."""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timezone
from typing import Any

import pytest
import time_machine
from aws_lambda_powertools.utilities.data_classes import (
    AppSyncResolverEvent,
    AWSConfigRuleEvent,
    BedrockAgentEvent,
    CloudWatchAlarmEvent,
    CodeDeployLifecycleHookEvent,
    CodePipelineJobEvent,
    ConnectContactFlowEvent,
    EventBridgeEvent,
    SecretsManagerEvent,
)
from aws_lambda_powertools.utilities.parser import models
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_lambda.events import EventOverrideError, make_event
from pytest_lambda.events._registry import lookup
from pytest_lambda.events.appsync import selection_set_graphql

from .shapes import sample, shape_diff

SEEDS = [0, 1, 7, 42, 2**32]
SOURCES = [
    "eventbridge",
    "schedule",
    "cloudwatch_alarm",
    "codepipeline",
    "codecommit",
    "config",
    "iot",
    "codedeploy_lifecycle_hook",
    "secretsmanager_rotation",
    "connect",
    "bedrock_agent",
    "lex_v2",
    "appsync",
]
FROZEN = datetime(2024, 5, 17, 9, 30, 12, 345_000, tzinfo=timezone.utc)
FROZEN_MS = int(FROZEN.timestamp() * 1000)

# One value per event that is drawn fresh for every event: two seeds must not share it.
FRESH_ID = {
    "eventbridge": lambda e: e["id"],
    "schedule": lambda e: e["id"],
    "cloudwatch_alarm": lambda e: e["alarmData"]["configuration"]["metrics"][0]["id"],
    "codepipeline": lambda e: e["CodePipeline.job"]["id"],
    "codecommit": lambda e: e["Records"][0]["eventId"],
    "config": lambda e: e["resultToken"],
    "iot": lambda e: e["deviceId"],
    "codedeploy_lifecycle_hook": lambda e: e["LifecycleEventHookExecutionId"],
    "secretsmanager_rotation": lambda e: e["ClientRequestToken"],
    "connect": lambda e: e["Details"]["ContactData"]["ContactId"],
    "bedrock_agent": lambda e: e["agent"]["id"] + e["sessionId"],
    "lex_v2": lambda e: e["sessionState"]["originatingRequestId"],
    "appsync": lambda e: e["request"]["headers"]["host"],
}

# https://docs.aws.amazon.com/lexv2/latest/dg/lambda-input-format.html and lambda-common-structures.html:
# no powertools model or sample file exists for Lex V2, so the documented key structure is kept here
# (optional keys: proposedNextState, requestAttributes, transcriptions, invocationLabel).
LEX_V2_DOCUMENTED_KEYS = {
    "messageVersion",
    "invocationSource",
    "inputMode",
    "responseContentType",
    "sessionId",
    "inputTranscript",
    "bot",
    "interpretations",
    "sessionState",
}
LEX_V2_OPTIONAL_KEYS = {"proposedNextState", "requestAttributes", "transcriptions", "invocationLabel"}
LEX_V2_BOT_KEYS = {"id", "name", "localeId", "version", "aliasId", "aliasName"}
LEX_V2_INTENT_KEYS = {"confirmationState", "name", "slots", "state"}
LEX_V2_SLOT_VALUE_KEYS = {"originalValue", "interpretedValue", "resolvedValues"}
LEX_V2_SESSION_STATE_KEYS = {"sessionAttributes", "activeContexts", "intent", "originatingRequestId"}
LEX_V2_TRANSCRIPTION_KEYS = {"transcription", "transcriptionConfidence", "resolvedContext", "resolvedSlots"}


# -- helpers ----------------------------------------------------------------------------------------


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(FROZEN, tick=False) as traveller:
        yield traveller


def validate(name: str, event: dict[str, Any]) -> None:
    """Validate against powertools' parser model or data class, whichever exists for the source."""
    if name in ("eventbridge", "schedule"):
        models.EventBridgeModel.model_validate(event)
        wrapped = EventBridgeEvent(event)
        assert (wrapped.get_id, wrapped.detail_type, wrapped.source) == (
            event["id"],
            event["detail-type"],
            event["source"],
        )
    elif name == "bedrock_agent":
        models.BedrockAgentEventModel.model_validate(event)
        agent = BedrockAgentEvent(event)
        assert (agent.api_path, agent.http_method, agent.agent.id) == (
            event["apiPath"],
            event["httpMethod"],
            event["agent"]["id"],
        )
    elif name == "appsync":
        models.AppSyncResolverEventModel.model_validate(event)
        resolver = AppSyncResolverEvent(event)
        assert resolver.field_name == event["info"]["fieldName"]
        assert resolver.type_name == event["info"]["parentTypeName"]
        assert resolver.arguments == event["arguments"]
    elif name == "cloudwatch_alarm":
        alarm = CloudWatchAlarmEvent(event)
        assert alarm.source == "aws.cloudwatch"
        assert alarm.alarm_arn.endswith(":alarm:" + alarm.alarm_data.alarm_name)
        for state in (alarm.alarm_data.state, alarm.alarm_data.previous_state):
            assert state.value in ("OK", "ALARM", "INSUFFICIENT_DATA")
            assert isinstance(state.reason_data_decoded, dict)
        for metric in alarm.alarm_data.configuration.metrics:
            assert metric.metric_id
            assert isinstance(metric.return_data, bool)
            if metric.expression is None:
                assert metric.metric_stat.metric["namespace"].startswith("AWS/")
    elif name == "codepipeline":
        job = CodePipelineJobEvent(event)
        assert job.get_id == event["CodePipeline.job"]["id"]
        assert job.input_bucket_name.startswith("codepipeline-")
        assert job.data.artifact_credentials.access_key_id.startswith("ASIA")
        assert job.data.input_artifacts[0].location.get_type == "S3"
    elif name == "config":
        rule = AWSConfigRuleEvent(event)
        assert rule.invoking_event.message_type == json.loads(event["invokingEvent"])["messageType"]
        assert isinstance(rule.rule_parameters, dict)
        assert rule.event_left_scope is False
        assert rule.config_rule_arn.endswith("/" + rule.config_rule_id)
    elif name == "codedeploy_lifecycle_hook":
        hook = CodeDeployLifecycleHookEvent(event)
        assert hook.deployment_id.startswith("d-")
        assert hook.lifecycle_event_hook_execution_id
    elif name == "secretsmanager_rotation":
        rotation = SecretsManagerEvent(event)
        assert rotation.step in ("createSecret", "setSecret", "testSecret", "finishSecret")
        assert rotation.secret_id.startswith("arn:")
        assert rotation.client_request_token == rotation.version_id
    elif name == "connect":
        contact = ConnectContactFlowEvent(event)
        data = contact.contact_data
        # The enums raise KeyError on a value powertools does not know.
        assert (data.channel.name, data.initiation_method.name) == (
            event["Details"]["ContactData"]["Channel"],
            event["Details"]["ContactData"]["InitiationMethod"],
        )
        if data.customer_endpoint is not None:
            assert data.customer_endpoint.endpoint_type.name == "TELEPHONE_NUMBER"
        assert contact.parameters == event["Details"]["Parameters"]
    elif name == "codecommit":
        assert not shape_diff(event, sample("aws-lambda-go/code-commit-event.json"))
    elif name == "iot":
        assert isinstance(event["temperature"], float)
        assert event["topic"].endswith("/telemetry")
    elif name == "lex_v2":
        assert_lex_v2_documented(event)
    else:  # pragma: no cover - every source above has its check
        raise AssertionError(name)


def assert_lex_v2_documented(event: dict[str, Any]) -> None:
    assert LEX_V2_DOCUMENTED_KEYS <= set(event) <= LEX_V2_DOCUMENTED_KEYS | LEX_V2_OPTIONAL_KEYS
    assert set(event["bot"]) == LEX_V2_BOT_KEYS
    assert set(event["sessionState"]) == LEX_V2_SESSION_STATE_KEYS
    intents = [event["sessionState"]["intent"], *(i["intent"] for i in event["interpretations"])]
    if "proposedNextState" in event:
        assert set(event["proposedNextState"]) == {"dialogAction", "intent", "prompt"}
        intents.append(event["proposedNextState"]["intent"])
    for intent in intents:
        assert set(intent) == LEX_V2_INTENT_KEYS
        for slot in intent["slots"].values():
            assert slot is None or (set(slot) == {"shape", "value"} and set(slot["value"]) == LEX_V2_SLOT_VALUE_KEYS)
    for interpretation in event["interpretations"]:
        assert set(interpretation) - {"nluConfidence", "sentimentResponse"} == {"intent", "interpretationSource"}
        assert isinstance(interpretation.get("nluConfidence", 0.5), float)
    for transcription in event.get("transcriptions", []):
        assert set(transcription) == LEX_V2_TRANSCRIPTION_KEYS


def bad_choice(name: str, message_part: str, /, **overrides: Any) -> None:
    with pytest.raises(EventOverrideError) as caught:
        make_event(name, **overrides)
    assert message_part in str(caught.value)


def jwt_claims(token: str) -> Any:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


# -- every source -----------------------------------------------------------------------------------


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
    assert len({FRESH_ID[name](make_event(name, seed=seed)) for seed in SEEDS}) == len(SEEDS)


@pytest.mark.parametrize("name", SOURCES)
def test_registered_with_docs_and_shorthands(name: str) -> None:
    source = lookup(name)
    assert source.name == name
    assert source.docs.startswith("https://docs.aws.amazon.com/")
    for variant in source.variants:
        assert variant in source.shorthands


@pytest.mark.parametrize("name", SOURCES)
def test_region_and_account_reach_every_arn(name: str) -> None:
    event = make_event(name, region="eu-west-3", account_id="210987654321")
    arns = re.findall(r"arn:aws:[a-z0-9-]+:[a-z0-9-]*:\d*:", json.dumps(event))
    no_arn = ("eventbridge", "codepipeline", "appsync", "iot", "codedeploy_lifecycle_hook", "bedrock_agent", "lex_v2")
    if name not in no_arn:  # by default, these carry none
        assert arns
    for arn in arns:
        _, _, service, region, account, _ = arn.split(":")
        assert region in ("eu-west-3", "")  # IAM and STS ARNs carry no region
        assert account == "210987654321" or service == "s3"


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


# -- EventBridge and schedules --------------------------------------------------------------------


def test_eventbridge_matches_the_sample_shape_and_the_clock(frozen: Any) -> None:
    event = make_event("eventbridge")
    theirs = sample("powertools/eventBridgeEvent.json")
    assert not shape_diff(event, theirs, optional=frozenset({"replay-name"}), free=frozenset({"detail"}))
    assert event["time"] == "2024-05-17T09:30:12Z"  # EventBridge times are to the second
    assert event["version"] == "0"
    assert event["account"] == "123456789012"
    assert event["region"] == "us-east-1"
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", event["id"])


def test_eventbridge_shorthands() -> None:
    event = make_event(
        "eventbridge",
        detail={"orderId": 7},
        detail_type="Order Placed",
        source="com.example.shop",
        resources=["arn:aws:s3:::bucket"],
    )
    assert event["detail"] == {"orderId": 7}
    assert (event["detail-type"], event["source"], event["resources"]) == (
        "Order Placed",
        "com.example.shop",
        ["arn:aws:s3:::bucket"],
    )
    parsed = models.EventBridgeModel.model_validate(event)
    assert parsed.detail == {"orderId": 7}


def test_eventbridge_field_overrides_merge() -> None:
    event = make_event("eventbridge", **{"detail-type": "Custom", "region": "eu-west-1"})
    assert (event["detail-type"], event["region"]) == ("Custom", "eu-west-1")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"detail": "not a dict"}, "detail must be a dict"),
        ({"detail": [1]}, "detail must be a dict"),
        ({"source": ""}, "source must be a non-empty str"),
        ({"detail_type": 3}, "detail_type must be a non-empty str"),
        ({"resources": "arn:aws:s3:::b"}, "resources must be a list"),
    ],
)
def test_eventbridge_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad_choice("eventbridge", message, **overrides)


def test_schedule_event() -> None:
    event = make_event("schedule", rule="nightly-report", region="ap-south-1", account_id="111122223333")
    assert (event["source"], event["detail-type"], event["detail"]) == ("aws.events", "Scheduled Event", {})
    assert event["resources"] == ["arn:aws:events:ap-south-1:111122223333:rule/nightly-report"]
    assert (event["region"], event["account"]) == ("ap-south-1", "111122223333")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", event["time"])
    assert not shape_diff(
        event,
        sample("powertools/eventBridgeEvent.json"),
        optional=frozenset({"replay-name"}),
        free=frozenset({"detail"}),
    )
    bad_choice("schedule", "rule must be", rule="")


# -- CloudWatch alarms -----------------------------------------------------------------------------


def _reason_data(state: dict[str, Any]) -> Any:
    return json.loads(state["reasonData"])


@pytest.mark.parametrize("state", ["ALARM", "OK", "INSUFFICIENT_DATA"])
@pytest.mark.parametrize("alarm_type", ["metric", "metric_math"])
@pytest.mark.parametrize("seed", SEEDS)
def test_metric_alarm_reason_agrees_with_its_data(state: str, alarm_type: str, seed: int) -> None:
    event = make_event("cloudwatch_alarm", seed=seed, state=state, alarm_type=alarm_type)
    current = event["alarmData"]["state"]
    data = _reason_data(current)
    assert current["value"] == state
    assert event["time"] == current["timestamp"]
    assert data["threshold"] == float(data["threshold"])
    assert data["period"] == 60
    if state == "INSUFFICIENT_DATA":
        assert data["recentDatapoints"] == []
        assert "value" not in data["evaluatedDatapoints"][0]
        assert current["reason"].startswith("Insufficient Data")
    else:
        (point,) = data["recentDatapoints"]
        assert data["evaluatedDatapoints"][0]["value"] == point
        assert (point > data["threshold"]) == (state == "ALARM")
        assert f"[{float(point)!r} (" in current["reason"]
        assert f"threshold ({float(data['threshold'])!r})" in current["reason"]
        assert ("was not greater" in current["reason"]) == (state == "OK")
        assert f"-> {state} transition" in current["reason"]
    # The evaluated period is a whole minute before the query.
    assert data["startDate"].endswith(":00.000+0000")
    assert data["startDate"] < data["queryDate"]
    assert event["alarmData"]["previousState"]["timestamp"] < current["timestamp"]


def test_metric_alarm_shapes_match_the_samples() -> None:
    math = make_event("cloudwatch_alarm", alarm_type="metric_math")
    metrics = math["alarmData"]["configuration"]["metrics"]
    assert [m["returnData"] for m in metrics] == [True, False, False]
    assert "expression" in metrics[0]
    assert not shape_diff(
        math,
        sample("powertools/cloudWatchAlarmEventSingleMetric.json"),
        free=frozenset({"alarmData.configuration.metrics[].metricStat.metric.dimensions"}),
    )
    single = make_event("cloudwatch_alarm", alarm_type="metric")
    (metric,) = single["alarmData"]["configuration"]["metrics"]
    assert metric["returnData"] is True
    assert set(metric) == {"id", "metricStat", "returnData"}
    assert set(metric["metricStat"]) - {"unit"} == {"metric", "period", "stat"}


def test_composite_alarm() -> None:
    event = make_event("cloudwatch_alarm", alarm_type="composite", state="OK", previous_state="ALARM")
    data = event["alarmData"]
    assert set(data["configuration"]) == {"alarmRule"}
    assert data["configuration"]["alarmRule"].startswith("ALARM(")
    for state, value in ((data["state"], "OK"), (data["previousState"], "ALARM")):
        (trigger,) = _reason_data(state)["triggeringAlarms"]
        assert state["value"] == trigger["state"]["value"] == value
        assert state["reason"].startswith(f"{trigger['arn']} transitioned to {value} at ")
        child = trigger["arn"].rsplit(":", 1)[1]
        assert f"ALARM({child})" in data["configuration"]["alarmRule"]
    assert not shape_diff(
        event,
        sample("powertools/cloudWatchAlarmEventCompositeMetric.json"),
        optional=frozenset(
            {
                "alarmData.previousState.actionsSuppressedBy",
                "alarmData.previousState.actionsSuppressedReason",
                "alarmData.configuration.actionsSuppressor",
                "alarmData.configuration.actionsSuppressorWaitPeriod",
                "alarmData.configuration.actionsSuppressorExtensionPeriod",
            }
        ),
    )


def test_composite_alarm_description() -> None:
    event = make_event("cloudwatch_alarm", alarm_type="composite", description="Checkout health")
    configuration = event["alarmData"]["configuration"]
    assert configuration["description"] == "Checkout health"
    assert configuration["alarmRule"].startswith("ALARM(")
    assert CloudWatchAlarmEvent(event).alarm_data.configuration.description == "Checkout health"


def test_alarm_shorthands_and_times(frozen: Any) -> None:
    event = make_event(
        "cloudwatch_alarm", alarm_name="api errors", description="Too many errors", previous_state="INSUFFICIENT_DATA"
    )
    assert event["alarmData"]["alarmName"] == "api errors"
    assert event["alarmArn"] == "arn:aws:cloudwatch:us-east-1:123456789012:alarm:api errors"
    assert event["alarmData"]["configuration"]["description"] == "Too many errors"
    assert "INSUFFICIENT_DATA -> ALARM" in event["alarmData"]["state"]["reason"]
    assert re.fullmatch(r"2024-05-17T09:30:1[12]\.\d{3}\+0000", event["time"])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"alarm_type": "anomaly"}, "'metric', 'metric_math', 'composite'"),
        ({"state": "FIRING"}, "'ALARM', 'OK', 'INSUFFICIENT_DATA'"),
        ({"previous_state": "ok"}, "'ALARM', 'OK', 'INSUFFICIENT_DATA'"),
        ({"alarm_name": ""}, "alarm_name must be"),
    ],
)
def test_alarm_bad_variants(overrides: dict[str, Any], message: str) -> None:
    bad_choice("cloudwatch_alarm", message, **overrides)


# -- CodePipeline ----------------------------------------------------------------------------------


def test_codepipeline_matches_the_sample_and_derives_its_fields(frozen: Any) -> None:
    event = make_event("codepipeline", region="us-west-2")
    assert not shape_diff(
        event,
        sample("powertools/codePipelineEventData.json"),
        free=frozenset({"CodePipeline.job.data.actionConfiguration.configuration"}),
    )
    data = event["CodePipeline.job"]["data"]
    (artifact,) = data["inputArtifacts"]
    location = artifact["location"]["s3Location"]
    assert re.fullmatch(r"codepipeline-us-west-2-\d{12}", location["bucketName"])
    assert re.fullmatch(r"[a-z-]{1,20}/SourceArti/[A-Za-z0-9]{7}", location["objectKey"])
    assert re.fullmatch(r"[0-9a-f]{40}", artifact["revision"])
    credentials = data["artifactCredentials"]
    assert credentials["expirationTime"] == FROZEN_MS // 1000 * 1000 + 3_600_000
    assert re.fullmatch(r"ASIA[A-Z0-9]{16}", credentials["accessKeyId"])
    assert len(credentials["secretAccessKey"]) == 40
    assert "continuationToken" not in data
    assert "encryptionKey" not in data


def test_codepipeline_shorthands() -> None:
    event = make_event(
        "codepipeline",
        user_parameters={"stage": "prod"},
        function_name="deployer",
        continuation_token="tok-1",
        kms_key=True,
    )
    job = CodePipelineJobEvent(event)
    assert job.decoded_user_parameters == {"stage": "prod"}
    assert job.data.action_configuration.configuration.function_name == "deployer"
    assert job.data.continuation_token == "tok-1"
    assert job.data.encryption_key is not None
    assert job.data.encryption_key.get_type == "KMS"
    assert job.data.encryption_key.get_id.startswith("arn:aws:kms:us-east-1:123456789012:key/")
    assert (
        make_event("codepipeline", user_parameters="plain text")["CodePipeline.job"]["data"]["actionConfiguration"][
            "configuration"
        ]["UserParameters"]
        == "plain text"
    )
    empty = make_event("codepipeline", user_parameters=None)
    assert set(empty["CodePipeline.job"]["data"]["actionConfiguration"]["configuration"]) == {"FunctionName"}
    assert not shape_diff(
        empty,
        sample("powertools/codePipelineEventEmptyUserParameters.json"),
        optional=frozenset(
            {"CodePipeline.job.data.continuationToken", "CodePipeline.job.data.artifactCredentials.expirationTime"}
        ),
    )
    keyed = make_event("codepipeline", kms_key="arn:aws:kms:us-east-1:123456789012:key/abc")
    assert keyed["CodePipeline.job"]["data"]["encryptionKey"]["id"] == "arn:aws:kms:us-east-1:123456789012:key/abc"
    bad_choice("codepipeline", "continuation_token must be", continuation_token="")
    bad_choice("codepipeline", "function_name must be", function_name=None)


# -- CodeCommit ------------------------------------------------------------------------------------


def test_codecommit_push(frozen: Any) -> None:
    event = make_event("codecommit", repository="payments", branch="release/1.2", commit="a" * 40)
    (record,) = event["Records"]
    assert record["codecommit"]["references"] == [{"commit": "a" * 40, "ref": "refs/heads/release/1.2"}]
    assert record["eventSourceARN"] == "arn:aws:codecommit:us-east-1:123456789012:payments"
    assert record["eventTriggerName"] == "payments-trigger"
    assert record["eventName"] == "ReferenceChanges"
    assert re.fullmatch(r"arn:aws:iam::123456789012:user/[a-z]+\.[a-z]+", record["userIdentityARN"])
    assert re.fullmatch(r"2024-05-17T09:30:(0\d|1[012])\.\d{3}\+0000", record["eventTime"])
    assert (record["eventPartNumber"], record["eventTotalParts"]) == (1, 1)
    assert "customData" not in record


def test_codecommit_variants() -> None:
    created = make_event("codecommit", change="create", branch="refs/tags/v2.0.0", custom_data="ci")
    (record,) = created["Records"]
    assert record["codecommit"]["references"][0]["created"] is True
    assert record["codecommit"]["references"][0]["ref"] == "refs/tags/v2.0.0"
    assert record["customData"] == "ci"
    assert not shape_diff(
        created,
        sample("aws-lambda-go/code-commit-event.json"),
        optional=frozenset({"Records[].codecommit.references[].created", "Records[].customData"}),
    )
    test = make_event("codecommit", event_name="TriggerEventTest", trigger_name="my-trigger")
    assert (test["Records"][0]["eventName"], test["Records"][0]["eventTriggerName"]) == (
        "TriggerEventTest",
        "my-trigger",
    )
    bad_choice("codecommit", "'update', 'create'", change="delete")
    bad_choice("codecommit", "'ReferenceChanges', 'TriggerEventTest'", event_name="Push")
    bad_choice("codecommit", "branch must be", branch="")


# -- Config ----------------------------------------------------------------------------------------


def test_config_change_matches_the_sample_and_agrees_with_itself(frozen: Any) -> None:
    event = make_event("config", instance_type="t3.large", tags={"Name": "web-1", "Team": "core"})
    theirs = sample("powertools/awsConfigRuleConfigurationChanged.json")
    assert not shape_diff(event, theirs, optional=frozenset())
    invoking = json.loads(event["invokingEvent"])
    assert not shape_diff(
        invoking,
        json.loads(theirs["invokingEvent"]),
        free=frozenset({"configurationItemDiff.changedProperties", "configurationItem.tags"}),
    )
    item = invoking["configurationItem"]
    configuration = item["configuration"]
    assert invoking["messageType"] == "ConfigurationItemChangeNotification"
    assert item["ARN"] == f"arn:aws:ec2:us-east-1:123456789012:instance/{item['resourceId']}"
    assert item["resourceId"] == configuration["instanceId"]
    assert item["awsAccountId"] == event["accountId"]
    capture = datetime.strptime(item["configurationItemCaptureTime"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=timezone.utc
    )
    assert item["configurationStateId"] == round(capture.timestamp() * 1000)
    assert item["configurationItemCaptureTime"] < invoking["notificationCreationTime"]
    changed = invoking["configurationItemDiff"]["changedProperties"]
    assert changed["Configuration.InstanceType"]["updatedValue"] == configuration["instanceType"] == "t3.large"
    assert changed["Configuration.InstanceType"]["previousValue"] != "t3.large"
    assert changed["Configuration.StateReason"]["updatedValue"] == configuration["stateReason"]
    assert changed["Configuration.StateTransitionReason"]["updatedValue"] == configuration["stateTransitionReason"]
    assert item["tags"] == {"Name": "web-1", "Team": "core"}
    assert configuration["tags"] == [{"key": "Name", "value": "web-1"}, {"key": "Team", "value": "core"}]
    assert configuration["placement"]["availabilityZone"] == item["availabilityZone"]
    assert configuration["privateDnsName"] == f"ip-{configuration['privateIpAddress'].replace('.', '-')}.ec2.internal"
    related = {r["resourceId"] for r in item["relationships"]}
    assert {configuration["subnetId"], configuration["vpcId"], configuration["securityGroups"][0]["groupId"]} <= related


def test_config_result_token_and_rule(frozen: Any) -> None:
    event = make_event("config", rule_name="ec2-size", rule_parameters={"instanceType": "t3.small"})
    token = json.loads(base64.b64decode(event["resultToken"]))
    assert set(token) == {"encryptedData", "materialSetSerialNumber", "ivParameterSpec"}
    assert all(-128 <= b <= 127 for b in token["encryptedData"])
    assert len(token["ivParameterSpec"]["iv"]) == 16
    assert AWSConfigRuleEvent(event).rule_parameters == {"instanceType": "t3.small"}
    assert event["configRuleName"] == "ec2-size"
    assert re.fullmatch(
        r"arn:aws:config:us-east-1:123456789012:config-rule/config-rule-[a-z0-9]{6}", event["configRuleArn"]
    )
    assert make_event("config", rule_parameters='{"x": "1"}')["ruleParameters"] == '{"x": "1"}'


def test_config_scheduled_and_oversized() -> None:
    scheduled = make_event("config", message_type="ScheduledNotification")
    assert not shape_diff(scheduled, sample("powertools/awsConfigRuleScheduled.json"))
    invoking = json.loads(scheduled["invokingEvent"])
    assert not shape_diff(invoking, json.loads(sample("powertools/awsConfigRuleScheduled.json")["invokingEvent"]))
    assert invoking["messageType"] == "ScheduledNotification"
    assert invoking["awsAccountId"] == scheduled["accountId"]
    oversized = make_event("config", message_type="OversizedConfigurationItemChangeNotification")
    theirs = sample("powertools/awsConfigRuleOversizedConfiguration.json")
    assert not shape_diff(oversized, theirs, optional=frozenset({"evaluationMode"}))
    summary_event = json.loads(oversized["invokingEvent"])
    assert not shape_diff(summary_event, json.loads(theirs["invokingEvent"]))
    summary = AWSConfigRuleEvent(oversized).invoking_event.configuration_item_summary  # type: ignore[union-attr]
    assert summary.resource_arn.endswith("/" + summary.resource_id)
    assert summary.change_type == "UPDATE"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"message_type": "ConfigurationSnapshotDeliveryCompleted"}, "'ScheduledNotification'"),
        ({"instance_type": "big"}, "instance_type must be"),
        ({"tags": {"a": 1}}, "tags must be a dict of str to str"),
        ({"rule_name": ""}, "rule_name must be a non-empty str"),
        ({"rule_parameters": [1]}, "rule_parameters must be"),
    ],
)
def test_config_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad_choice("config", message, **overrides)


# -- IoT -------------------------------------------------------------------------------------------


def test_iot_telemetry(frozen: Any) -> None:
    event = make_event("iot")
    assert event["topic"] == f"devices/{event['deviceId']}/telemetry"
    assert FROZEN_MS - 1_000 <= event["timestamp"] <= FROZEN_MS
    assert 0 <= event["battery"] <= 100
    assert make_event("iot", topic="plant/line-2/temp")["topic"] == "plant/line-2/temp"


def test_iot_payload_is_the_rule_output() -> None:
    payload = {"deviceId": "pump-7", "pressure": 3.2, "alerts": ["HIGH"]}
    event = make_event("iot", payload=payload)
    assert event == payload
    assert event is not payload
    assert make_event("iot", payload=payload, pressure=4.0)["pressure"] == 4.0


def test_iot_button_matches_the_sample() -> None:
    event = make_event("iot", device="button", click_type="LONG")
    assert not shape_diff(event, sample("aws-lambda-go/iot-button-event.json"))
    assert event["clickType"] == "LONG"
    assert re.fullmatch(r"G030[A-Z0-9]{12}", event["serialNumber"])
    assert re.fullmatch(r"1[5-9]\d\dmV|2000mV", event["batteryVoltage"])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"device": "camera"}, "'sensor', 'button'"),
        ({"device": "button", "click_type": "TRIPLE"}, "'SINGLE', 'DOUBLE', 'LONG'"),
        ({"click_type": "SINGLE"}, "click_type applies to device='button'"),
        ({"payload": [1, 2]}, "payload must be a dict"),
        ({"payload": {}, "topic": "a/b"}, "topic applies"),
        ({"topic": "/leading"}, "topic must be"),
    ],
)
def test_iot_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad_choice("iot", message, **overrides)


# -- CodeDeploy and Secrets Manager ----------------------------------------------------------------


def test_codedeploy_hook() -> None:
    event = make_event("codedeploy_lifecycle_hook")
    assert not shape_diff(event, sample("powertools/codeDeployLifecycleHookEvent.json"))
    assert re.fullmatch(r"d-[A-Z0-9]{9}", event["DeploymentId"])
    envelope = json.loads(base64.b64decode(event["LifecycleEventHookExecutionId"]))
    assert set(envelope) == {"encryptedData", "ivParameterSpec", "materialSetSerial"}
    assert len(base64.b64decode(envelope["ivParameterSpec"])) == 12
    assert make_event("codedeploy_lifecycle_hook", deployment_id="d-ABCDEF123")["DeploymentId"] == "d-ABCDEF123"
    bad_choice("codedeploy_lifecycle_hook", "deployment_id must look like", deployment_id="12345")


@pytest.mark.parametrize("step", ["createSecret", "setSecret", "testSecret", "finishSecret"])
def test_secrets_rotation_steps(step: str) -> None:
    event = make_event("secretsmanager_rotation", step=step, secret_name="prod/db", region="eu-central-1")
    assert not shape_diff(event, sample("aws-lambda-go/secretsmanager-secret-rotation-event.json"))
    assert SecretsManagerEvent(event).step == step
    assert re.fullmatch(
        r"arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-[A-Za-z0-9]{6}", event["SecretId"]
    )
    assert event["ClientRequestToken"] != event["RotationToken"]


def test_secrets_rotation_bad_step() -> None:
    bad_choice("secretsmanager_rotation", "'createSecret', 'setSecret', 'testSecret', 'finishSecret'", step="rotate")
    bad_choice("secretsmanager_rotation", "secret_name must be", secret_name=5)


# -- Connect ---------------------------------------------------------------------------------------


def test_connect_voice_matches_the_sample() -> None:
    event = make_event(
        "connect", parameters={"lookup": "balance"}, attributes={"lang": "fr"}, customer_number="+33123456789"
    )
    assert not shape_diff(
        event,
        sample("powertools/connectContactFlowEventAll.json"),
        free=frozenset({"Details.Parameters", "Details.ContactData.Attributes"}),
    )
    data = event["Details"]["ContactData"]
    assert data["CustomerEndpoint"] == {"Address": "+33123456789", "Type": "TELEPHONE_NUMBER"}
    assert event["Details"]["Parameters"] == {"lookup": "balance"}
    assert data["Attributes"] == {"lang": "fr"}
    assert data["InitialContactId"] == data["PreviousContactId"] == data["ContactId"]
    assert data["Queue"]["ARN"].startswith(data["InstanceARN"] + "/queue/")
    assert re.fullmatch(r"arn:aws:connect:us-east-1:123456789012:instance/[0-9a-f-]{36}", data["InstanceARN"])
    assert set(data["MediaStreams"]["Customer"]["Audio"].values()) == {None}


def test_connect_variants() -> None:
    chat = make_event("connect", channel="CHAT", queue=None)
    data = chat["Details"]["ContactData"]
    assert (data["Channel"], data["InitiationMethod"]) == ("CHAT", "API")
    assert data["CustomerEndpoint"] is data["SystemEndpoint"] is data["Queue"] is None
    assert ConnectContactFlowEvent(chat).contact_data.queue is None
    transfer = make_event("connect", initiation_method="TRANSFER")["Details"]["ContactData"]
    assert transfer["InitialContactId"] == transfer["PreviousContactId"] != transfer["ContactId"]
    streaming = make_event("connect", media_streaming=True)["Details"]["ContactData"]
    audio = streaming["MediaStreams"]["Customer"]["Audio"]
    assert streaming["ContactId"] in audio["StreamARN"]
    assert audio["StreamARN"].startswith("arn:aws:kinesisvideo:us-east-1:")
    assert len(audio["StartFragmentNumber"]) == 47
    assert audio["StartTimestamp"].isdigit()
    assert make_event("connect", queue="VIP")["Details"]["ContactData"]["Queue"]["Name"] == "VIP"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"channel": "VOICEMAIL"}, "'VOICE', 'CHAT'"),
        ({"initiation_method": "inbound"}, "'INBOUND', 'OUTBOUND', 'TRANSFER', 'CALLBACK', 'API'"),
        ({"parameters": {"a": 1}}, "parameters must be a dict of str to str"),
        ({"customer_number": "555-0100"}, "customer_number must be an E.164 number"),
        ({"channel": "CHAT", "customer_number": "+15550100"}, "customer_number applies to channel='VOICE'"),
        ({"channel": "CHAT", "media_streaming": True}, "media_streaming applies"),
        ({"queue": ""}, "queue must be"),
    ],
)
def test_connect_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad_choice("connect", message, **overrides)


# -- Bedrock agents --------------------------------------------------------------------------------


def test_bedrock_get_matches_the_sample() -> None:
    event = make_event("bedrock_agent")
    assert not shape_diff(event, sample("powertools/bedrockAgentEventWithPathParams.json"))
    (parameter,) = event["parameters"]
    assert event["httpMethod"] == "GET"
    assert event["apiPath"].endswith("/{" + parameter["name"] + "}")
    assert parameter["value"] in event["inputText"]
    assert "requestBody" not in event
    assert (event["agent"]["alias"], event["agent"]["version"]) == ("TSTALIASID", "DRAFT")


def test_bedrock_post_body_and_parameters() -> None:
    event = make_event(
        "bedrock_agent",
        path="/claims/{claimId}/documents",
        parameters={"claimId": "C-9", "urgent": True, "count": 2},
        body={"kind": "invoice", "pages": 3, "ratio": 0.5, "tags": ["a", "b"]},
        session_attributes={"user": "ana"},
    )
    assert not shape_diff(event, sample("powertools/bedrockAgentPostEvent.json"), free=frozenset({"sessionAttributes"}))
    assert event["httpMethod"] == "POST"
    assert event["apiPath"] == "/claims/{claimId}/documents"
    assert event["parameters"] == [
        {"name": "claimId", "type": "string", "value": "C-9"},
        {"name": "urgent", "type": "boolean", "value": "true"},
        {"name": "count", "type": "integer", "value": "2"},
    ]
    properties = event["requestBody"]["content"]["application/json"]["properties"]
    assert [(p["name"], p["type"], p["value"]) for p in properties] == [
        ("kind", "string", "invoice"),
        ("pages", "integer", "3"),
        ("ratio", "number", "0.5"),
        ("tags", "array", '["a", "b"]'),
    ]
    assert event["sessionAttributes"] == {"user": "ana"}
    parsed = models.BedrockAgentEventModel.model_validate(event)
    assert parsed.request_body is not None
    assert parsed.request_body.content["application/json"].properties[0].value == "invoice"
    assert "requestBody" in make_event("bedrock_agent", method="PUT")


def test_bedrock_post_creates_on_the_collection() -> None:
    event = make_event("bedrock_agent", method="POST")
    entity = event["apiPath"].removeprefix("/").removesuffix("s")
    assert re.fullmatch(r"/[a-z]+s", event["apiPath"])  # the collection: no path parameter template
    assert event["parameters"] == []
    assert event["inputText"] == f"I want to open a new {entity}"
    assert event["actionGroup"] == f"{entity.title()}ManagementActionGroup"
    properties = event["requestBody"]["content"]["application/json"]["properties"]
    assert [(p["name"], p["type"]) for p in properties] == [
        ("customerEmail", "string"),
        ("quantity", "integer"),
        ("notes", "string"),
    ]
    models.BedrockAgentEventModel.model_validate(event)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"method": "FETCH"}, "'GET', 'POST', 'PUT', 'PATCH', 'DELETE'"),
        ({"method": "GET", "body": {"a": 1}}, "a GET operation has no request body"),
        ({"body": [1]}, "body must be a dict"),
        ({"path": "claims"}, "path must be the OpenAPI path"),
        ({"parameters": ["a"]}, "parameters must be a dict"),
        ({"session_attributes": {"a": 1}}, "session_attributes must be a dict of str to str"),
        ({"input_text": 5}, "input_text must be a str"),
    ],
)
def test_bedrock_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad_choice("bedrock_agent", message, **overrides)


# -- Lex V2 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_lex_fulfillment(seed: int) -> None:
    event = make_event("lex_v2", seed=seed)
    assert_lex_v2_documented(event)
    intent = event["sessionState"]["intent"]
    assert event["invocationSource"] == "FulfillmentCodeHook"
    assert intent["state"] == "ReadyForFulfillment"
    assert None not in intent["slots"].values()
    assert "proposedNextState" not in event
    assert event["interpretations"][0]["intent"] == intent
    assert event["interpretations"][0]["nluConfidence"] > event["interpretations"][2]["nluConfidence"]
    assert "nluConfidence" not in event["interpretations"][1]
    assert event["interpretations"][1]["intent"]["name"] == "FallbackIntent"
    assert event["bot"]["name"] == intent["name"] + "Bot"
    last = list(intent["slots"].values())[-1]
    assert event["inputTranscript"] == last["value"]["originalValue"]  # the answer to the last slot


@pytest.mark.parametrize("seed", SEEDS)
def test_lex_relative_dates_follow_the_clock(seed: int, frozen: Any) -> None:
    slots = make_event("lex_v2", seed=seed)["sessionState"]["intent"]["slots"]
    dates = [slot["value"] for slot in slots.values() if slot["value"]["originalValue"] == "tomorrow"]
    assert dates == [{"originalValue": "tomorrow", "interpretedValue": "2024-05-18", "resolvedValues": ["2024-05-18"]}]


@pytest.mark.parametrize("seed", SEEDS)
def test_lex_dialog_elicits_the_first_missing_slot(seed: int) -> None:
    event = make_event("lex_v2", seed=seed, invocation_source="DialogCodeHook")
    assert_lex_v2_documented(event)
    slots = event["sessionState"]["intent"]["slots"]
    missing = [name for name, slot in slots.items() if slot is None]
    assert missing, "a dialog turn has a slot left to fill"
    filled = [slot for slot in slots.values() if slot is not None]
    assert filled, "the opening utterance fills the first slot"
    assert list(slots.values()) == [*filled, *[None] * len(missing)]
    if len(filled) > 1:  # a later turn: the user answered the slot Lex asked for
        assert event["inputTranscript"] == filled[-1]["value"]["originalValue"]
    else:
        assert filled[0]["value"]["originalValue"] in event["inputTranscript"]
    action = event["proposedNextState"]["dialogAction"]
    assert action == {"slotToElicit": missing[0], "type": "ElicitSlot"}
    assert event["proposedNextState"]["intent"] == event["sessionState"]["intent"]
    (transcription,) = event["transcriptions"]
    assert transcription["transcription"] == event["inputTranscript"]
    assert transcription["resolvedContext"] == {"intent": event["sessionState"]["intent"]["name"]}


def test_lex_shorthands() -> None:
    event = make_event(
        "lex_v2",
        intent="TransferFunds",
        slots={"Amount": "50", "Account": None},
        invocation_source="DialogCodeHook",
        input_mode="Speech",
        input_transcript="send fifty dollars",
        session_attributes={"customerId": "42"},
        request_attributes={"x-amz-lex:channel-type": "Twilio-SMS"},
        locale="en_GB",
    )
    intent = event["sessionState"]["intent"]
    assert intent["name"] == "TransferFunds"
    assert intent["slots"]["Account"] is None
    assert intent["slots"]["Amount"]["value"] == {
        "originalValue": "50",
        "interpretedValue": "50",
        "resolvedValues": ["50"],
    }
    assert event["proposedNextState"]["dialogAction"]["slotToElicit"] == "Account"
    assert (event["inputMode"], event["responseContentType"]) == ("Speech", "audio/pcm")
    assert event["transcriptions"][0]["transcriptionConfidence"] < 1
    assert event["inputTranscript"] == "send fifty dollars"
    assert event["bot"]["localeId"] == "en_GB"
    assert event["sessionState"]["sessionAttributes"] == {"customerId": "42"}
    assert event["requestAttributes"] == {"x-amz-lex:channel-type": "Twilio-SMS"}
    assert "requestAttributes" not in make_event("lex_v2")


def test_lex_named_intent_without_slots() -> None:
    dialog = make_event("lex_v2", intent="CheckBalance", invocation_source="DialogCodeHook")
    assert_lex_v2_documented(dialog)
    assert dialog["sessionState"]["intent"]["name"] == "CheckBalance"
    assert dialog["sessionState"]["intent"]["slots"] == {}
    assert dialog["inputTranscript"] == "I want to CheckBalance"
    # No slot is left to elicit: Lex proposes no next state, but the turn is still transcribed.
    assert "proposedNextState" not in dialog
    assert dialog["transcriptions"][0]["transcription"] == "I want to CheckBalance"
    fulfillment = make_event("lex_v2", intent="CheckBalance")
    assert fulfillment["sessionState"]["intent"]["slots"] == {}
    assert "transcriptions" not in fulfillment


def test_lex_intent_copies_are_independent() -> None:
    event = make_event("lex_v2", sessionState={"intent": {"state": "Fulfilled"}})
    assert event["sessionState"]["intent"]["state"] == "Fulfilled"
    assert event["interpretations"][0]["intent"]["state"] == "ReadyForFulfillment"
    assert event["sessionState"]["intent"]["slots"] is not event["interpretations"][0]["intent"]["slots"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"invocation_source": "Fulfillment"}, "'FulfillmentCodeHook', 'DialogCodeHook'"),
        ({"input_mode": "Voice"}, "'Text', 'Speech', 'DTMF'"),
        ({"slots": {"a": 1}}, "slot 'a' must be a str"),
        ({"slots": ["a"]}, "slots must be a dict"),
        ({"intent": ""}, "intent must be"),
        ({"locale": "english"}, "locale must be"),
        ({"input_transcript": 5}, "input_transcript must be a str"),
        ({"session_attributes": {"a": 1}}, "session_attributes must be a dict of str to str"),
    ],
)
def test_lex_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad_choice("lex_v2", message, **overrides)


# -- AppSync ---------------------------------------------------------------------------------------


def test_appsync_query_matches_the_sample(frozen: Any) -> None:
    event = make_event("appsync")
    assert not shape_diff(
        event,
        sample("powertools/appSyncDirectResolver.json"),
        optional=frozenset({"request.domainName"}),
        free=frozenset({"arguments", "identity.claims", "request.headers", "info.variables"}),
    )
    headers = event["request"]["headers"]
    identity = event["identity"]
    assert headers["x-forwarded-for"].split(", ")[0] == identity["sourceIp"][0]
    assert headers["host"].endswith(".appsync-api.us-east-1.amazonaws.com")
    assert jwt_claims(headers["authorization"]) == identity["claims"]
    assert identity["claims"]["iss"] == identity["issuer"]
    assert identity["claims"]["sub"] == identity["sub"]
    assert identity["claims"]["cognito:username"] == identity["username"]
    assert identity["claims"]["exp"] - identity["claims"]["iat"] == 3_600
    assert event["source"] is None
    assert event["prev"] is None
    assert event["info"]["parentTypeName"] == "Query"
    assert event["info"]["variables"] == event["arguments"]
    assert int(headers["content-length"]) > 0
    assert headers["x-amzn-trace-id"].startswith(f"Root=1-{FROZEN_MS // 1000:08x}-")


@pytest.mark.parametrize(
    ("auth", "identity_model"),
    [
        ("AMAZON_COGNITO_USER_POOLS", models.appsync.AppSyncCognitoIdentity),
        ("AWS_IAM", models.appsync.AppSyncIamIdentity),
        ("OPENID_CONNECT", models.appsync.AppSyncOidcIdentity),
        ("AWS_LAMBDA", models.appsync.AppSyncLambdaIdentity),
    ],
)
def test_appsync_identity_per_auth_mode(auth: str, identity_model: Any) -> None:
    event = make_event("appsync", auth=auth, region="eu-west-1")
    parsed = models.AppSyncResolverEventModel.model_validate(event)
    assert type(parsed.identity) is identity_model
    headers = event["request"]["headers"]
    if auth == "AWS_IAM":
        assert "/eu-west-1/appsync/aws4_request" in headers["authorization"]
        assert headers["authorization"].split("Credential=")[1].split("/")[1] == headers["x-amz-date"][:8]
        assert event["identity"]["userArn"].endswith("/" + event["identity"]["username"].split(":")[1])
    elif auth == "OPENID_CONNECT":
        assert jwt_claims(headers["authorization"]) == event["identity"]["claims"]
    assert "x-api-key" not in headers


def test_appsync_api_key_has_no_identity() -> None:
    event = make_event("appsync", auth="API_KEY")
    assert event["identity"] is None
    assert "authorization" not in event["request"]["headers"]
    assert re.fullmatch(r"da2-[a-z0-9]{26}", event["request"]["headers"]["x-api-key"])
    assert models.AppSyncResolverEventModel.model_validate(event).identity is None


def test_appsync_nested_field_and_selection_set() -> None:
    event = make_event(
        "appsync",
        type_name="Post",
        field_name="comments",
        arguments={"limit": 5},
        selection_set=["id", "author", "author/name", "author/avatar/url"],
    )
    info = event["info"]
    assert (info["parentTypeName"], info["fieldName"], event["arguments"]) == ("Post", "comments", {"limit": 5})
    assert isinstance(event["source"], dict)
    assert "id" in event["source"]
    assert info["variables"] == {}
    assert info["selectionSetGraphQL"] == "{\n  id\n  author {\n    name\n    avatar {\n      url\n    }\n  }\n}"
    assert selection_set_graphql(["a", "b"]) == "{\n  a\n  b\n}"
    mutation = make_event("appsync", type_name="Mutation")
    assert mutation["info"]["fieldName"].startswith("create")
    assert "input" in mutation["arguments"]
    assert make_event("appsync", type_name="Post", source=None)["source"] is None


def test_appsync_content_length_is_the_query_with_typed_variables() -> None:
    arguments = {"id": "p-1", "published": True, "limit": 3, "minScore": 0.5, "title": "Hi"}
    event = make_event("appsync", field_name="searchPosts", arguments=arguments, selection_set=["id"])
    # The client's document declares each argument as a variable of the GraphQL type of its value.
    document = (
        "query SearchPosts($id: ID!, $published: Boolean, $limit: Int, $minScore: Float, $title: String) {\n"
        "  searchPosts(id: $id, published: $published, limit: $limit, minScore: $minScore, title: $title) {\n"
        "    id\n"
        "  }\n"
        "}"
    )
    body = json.dumps({"query": document, "variables": arguments})
    assert event["request"]["headers"]["content-length"] == str(len(body.encode()))
    assert event["info"]["variables"] == arguments


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"auth": "IAM"}, "'AMAZON_COGNITO_USER_POOLS', 'AWS_IAM', 'API_KEY', 'OPENID_CONNECT', 'AWS_LAMBDA'"),
        ({"type_name": "query"}, "type_name must be"),
        ({"field_name": "get-post"}, "field_name must be"),
        ({"arguments": [1]}, "arguments must be a dict"),
        ({"source": "parent"}, "source must be"),
        ({"selection_set": []}, "selection_set must be"),
    ],
)
def test_appsync_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad_choice("appsync", message, **overrides)


def test_cloudwatch_alarms_cover_every_metric_kind_over_seeds() -> None:
    from pytest_lambda import make_event

    dimensions = {
        name
        for seed in range(200)
        for query in make_event("cloudwatch_alarm", seed=seed)["alarmData"]["configuration"]["metrics"]
        for name in query["metricStat"]["metric"]["dimensions"]
    }
    assert dimensions >= {"InstanceId", "FunctionName", "QueueName", "TableName"}
