"""The sources for `sam local generate-event` kinds no other source covers: Alexa (skills kit, smart home),
Lex V1 (and Lex V2's presets), AWS Batch, Cognito Sync, SageMaker Ground Truth, Step Functions errors and
WorkMail; and their presets ("<service>:<kind>").

Powertools has no parser model or data class for any of them, so each is checked against its documented key
structure (kept here, from the AWS and Alexa docs cited by the source modules), against the aws-lambda-go
sample where one exists (Lex V1, Cognito Sync), and against SAM's own template rendered with its default
values when aws-sam-cli's templates are at hand.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timezone
from typing import Any

import pytest
import time_machine
from aws_lambda_powertools.utilities.parser import models
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_lambda.events import EventOverrideError, event_sources, make_event
from pytest_lambda.events._registry import lookup, presets, resolve

from .shapes import SAMPLES, sample, shape_diff

SEEDS = [0, 1, 7, 42, 2**32]
FROZEN = datetime(2024, 5, 17, 9, 30, 12, 345_000, tzinfo=timezone.utc)
FROZEN_MS = int(FROZEN.timestamp() * 1000)

SOURCES = [
    "alexa_skills_kit",
    "alexa_smart_home",
    "lex_v1",
    "batch_get_job",
    "batch_submit_job",
    "cognito_sync_trigger",
    "sagemaker_ground_truth_pre_human",
    "sagemaker_ground_truth_annotation_consolidation",
    "stepfunctions_error",
    "workmail",
]

# One value per event that is drawn fresh for every event: two seeds must not share it.
FRESH_ID = {
    "alexa_skills_kit": lambda e: e["request"]["requestId"],
    "alexa_smart_home": lambda e: e["directive"]["header"]["messageId"],
    "lex_v1": lambda e: e["userId"],
    "batch_get_job": lambda e: e["jobId"],
    "batch_submit_job": lambda e: e["jobName"],
    "cognito_sync_trigger": lambda e: e["identityId"],
    "sagemaker_ground_truth_pre_human": lambda e: e["dataObject"]["source-ref"],
    "sagemaker_ground_truth_annotation_consolidation": lambda e: e["payload"]["s3Uri"],
    "stepfunctions_error": lambda e: json.loads(e["Cause"])["requestId"],
    "workmail": lambda e: e["invocationId"],
}

# Every kind of `sam local generate-event` this group names, and the source each resolves to.
PRESETS = {
    "alexa-skills-kit:start-session": "alexa_skills_kit",
    "alexa-skills-kit:intent-answer": "alexa_skills_kit",
    "alexa-skills-kit:intent-getnewfact": "alexa_skills_kit",
    "alexa-skills-kit:intent-mycoloris": "alexa_skills_kit",
    "alexa-skills-kit:intent-recipe": "alexa_skills_kit",
    "alexa-skills-kit:end-session": "alexa_skills_kit",
    "alexa-smart-home:smart-home-discovery-request": "alexa_smart_home",
    "alexa-smart-home:smart-home-control-turn-on-request": "alexa_smart_home",
    "alexa-smart-home:smart-home-control-turn-off-request": "alexa_smart_home",
    "lex:book-car": "lex_v1",
    "lex:book-hotel": "lex_v1",
    "lex:make-appointment": "lex_v1",
    "lex:order-flowers": "lex_v1",
    "lex-v2:banking-bot": "lex_v2",
    "lex-v2:book-car": "lex_v2",
    "lex-v2:book-hotel": "lex_v2",
    "batch:get-job": "batch_get_job",
    "batch:submit-job": "batch_submit_job",
    "cognito:sync-trigger": "cognito_sync_trigger",
    "sagemaker:ground-truth-pre-human": "sagemaker_ground_truth_pre_human",
    "sagemaker:ground-truth-annotation-consolidation": "sagemaker_ground_truth_annotation_consolidation",
    "stepfunctions:error": "stepfunctions_error",
    "workmail:email": "workmail",
    "rekognition:s3-request": "s3",
}

# -- documented key structures ---------------------------------------------------------------------------
# Values only carry their JSON kind; "free" paths are maps with arbitrary keys.

# https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html
ALEXA_SKILL_DOCUMENTED = {
    "version": "1.0",
    "session": {
        "new": True,
        "sessionId": "s",
        "application": {"applicationId": "s"},
        "attributes": {},
        "user": {"userId": "s"},
    },
    "context": {
        "AudioPlayer": {"playerActivity": "IDLE"},
        "System": {
            "application": {"applicationId": "s"},
            "user": {"userId": "s"},
            "device": {"deviceId": "s", "supportedInterfaces": {}},
            "apiEndpoint": "s",
            "apiAccessToken": "s",
        },
    },
    "request": {
        "type": "s",
        "requestId": "s",
        "timestamp": "s",
        "locale": "s",
        "intent": {"name": "s", "confirmationStatus": "NONE", "slots": {}},
        "reason": "s",
        "error": {"type": "s", "message": "s"},
    },
}
ALEXA_SKILL_OPTIONAL = frozenset({"request.intent", "request.reason", "request.error"})
ALEXA_SKILL_FREE = frozenset(
    {"session.attributes", "context.System.device.supportedInterfaces", "request.intent.slots"}
)
ALEXA_SLOT_KEYS = {"name", "confirmationStatus"}
ALEXA_FILLED_SLOT_KEYS = {"name", "value", "confirmationStatus", "source"}

# https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-discovery.html and alexa-powercontroller.html
SMART_HOME_V3_DOCUMENTED = {
    "directive": {
        "header": {"namespace": "s", "name": "s", "payloadVersion": "3", "messageId": "s", "correlationToken": "s"},
        "endpoint": {"scope": {"type": "BearerToken", "token": "s"}, "endpointId": "s", "cookie": {}},
        "payload": {"scope": {"type": "BearerToken", "token": "s"}},
    }
}

# https://docs.aws.amazon.com/lex/latest/dg/lambda-input-response-format.html (Input Event Format), without
# the optional confidence scores, alternative intents, recent intent summaries, sentiment and Kendra response.
LEX_V1_DOCUMENTED = {
    "currentIntent": {"name": "s", "slots": {}, "slotDetails": {}, "confirmationStatus": "None"},
    "bot": {"name": "s", "alias": "s", "version": "s"},
    "userId": "s",
    "inputTranscript": "s",
    "invocationSource": "s",
    "outputDialogMode": "s",
    "messageVersion": "1.0",
    "sessionAttributes": {},
    "requestAttributes": {},
}
LEX_V1_FREE = frozenset({"currentIntent.slots", "currentIntent.slotDetails", "sessionAttributes", "requestAttributes"})

# https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-events.html
COGNITO_SYNC_DOCUMENTED = {
    "version": 2,
    "eventType": "SyncTrigger",
    "region": "s",
    "identityPoolId": "s",
    "identityId": "s",
    "datasetName": "s",
    "datasetRecords": {},
}

# https://docs.aws.amazon.com/sagemaker/latest/dg/sms-custom-templates-step3-lambda-requirements.html
PRE_HUMAN_DOCUMENTED = {"version": "2018-10-16", "labelingJobArn": "s", "dataObject": {}}
CONSOLIDATION_DOCUMENTED = {
    "version": "2018-10-16",
    "labelingJobArn": "s",
    "labelCategories": ["s"],
    "labelAttributeName": "s",
    "roleArn": "s",
    "payload": {"s3Uri": "s"},
}

# https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
STEPFUNCTIONS_ERROR_DOCUMENTED = {"Error": "s", "Cause": "s"}
# https://docs.aws.amazon.com/lambda/latest/dg/python-exceptions.html: a Python function's error payload.
LAMBDA_ERROR_KEYS = {"errorMessage", "errorType", "requestId", "stackTrace"}

# https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html (Lambda event data)
WORKMAIL_DOCUMENTED = {
    "summaryVersion": "2019-07-28",
    "envelope": {"mailFrom": {"address": "s"}, "recipients": [{"address": "s"}]},
    "sender": {"address": "s"},
    "subject": "s",
    "messageId": "s",
    "invocationId": "s",
    "flowDirection": "INBOUND",
    "truncated": False,
}

# https://docs.aws.amazon.com/batch/latest/APIReference/API_DescribeJobs.html and API_SubmitJob.html
BATCH_GET_JOB_DOCUMENTED = {"jobId": "s"}
BATCH_SUBMIT_JOB_DOCUMENTED = {"jobName": "s", "jobQueue": "s", "jobDefinition": "s"}

DOCUMENTED: dict[str, tuple[Any, frozenset[str], frozenset[str]]] = {
    "alexa_skills_kit": (ALEXA_SKILL_DOCUMENTED, ALEXA_SKILL_OPTIONAL, ALEXA_SKILL_FREE),
    "alexa_smart_home": (
        SMART_HOME_V3_DOCUMENTED,
        frozenset({"directive.header.correlationToken", "directive.endpoint", "directive.payload.scope"}),
        frozenset(),
    ),
    "lex_v1": (LEX_V1_DOCUMENTED, frozenset(), LEX_V1_FREE),
    "batch_get_job": (BATCH_GET_JOB_DOCUMENTED, frozenset(), frozenset()),
    "batch_submit_job": (BATCH_SUBMIT_JOB_DOCUMENTED, frozenset(), frozenset()),
    "cognito_sync_trigger": (COGNITO_SYNC_DOCUMENTED, frozenset(), frozenset({"datasetRecords"})),
    "sagemaker_ground_truth_pre_human": (PRE_HUMAN_DOCUMENTED, frozenset(), frozenset({"dataObject"})),
    "sagemaker_ground_truth_annotation_consolidation": (CONSOLIDATION_DOCUMENTED, frozenset(), frozenset()),
    "stepfunctions_error": (STEPFUNCTIONS_ERROR_DOCUMENTED, frozenset(), frozenset()),
    "workmail": (WORKMAIL_DOCUMENTED, frozenset(), frozenset()),
}


# -- helpers ----------------------------------------------------------------------------------------------


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(FROZEN, tick=False) as traveller:
        yield traveller


def sam_template(service: str, kind_name: str) -> Any:
    """SAM's template for ``sam local generate-event <service> <kind>``, rendered with its default values."""
    where = SAMPLES / "aws-sam-cli"
    entry = json.loads((where / "event-mapping.json").read_text())[service][kind_name]
    defaults = {tag.replace("-", "_"): spec.get("default", "") for tag, spec in entry["tags"].items()}

    def fill(match: re.Match[str]) -> str:
        return json.dumps(str(defaults.get(match.group(1), "x")))[1:-1]

    text = (where / "events" / service / f"{entry['filename']}.json").read_text()
    return json.loads(re.sub(r"\{\{\{?\s*([\w-]+)\s*\}?\}\}", fill, text))


def check(name: str, event: Any) -> None:
    """The event has its documented key structure, and the derived fields agree."""
    reference, optional, free = DOCUMENTED[name]
    assert not shape_diff(event, reference, optional=optional, free=free)
    CHECKS[name](event)


def jwt_claims(token: str) -> Any:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def check_alexa_skill(event: Any) -> None:
    session, system, request = event["session"], event["context"]["System"], event["request"]
    assert session["application"] == system["application"]
    assert session["user"] == system["user"]
    assert session["application"] is not system["application"]
    assert session["application"]["applicationId"].startswith("amzn1.ask.skill.")
    assert re.fullmatch(r"amzn1\.ask\.account\.[A-Z0-9]{207}", session["user"]["userId"])
    assert re.fullmatch(r"amzn1\.ask\.device\.[A-Z0-9]{207}", system["device"]["deviceId"])
    assert session["sessionId"].startswith("amzn1.echo-api.session.")
    assert request["requestId"].startswith("amzn1.echo-api.request.")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", request["timestamp"])
    claims = jwt_claims(system["apiAccessToken"])
    assert claims["sub"] == session["application"]["applicationId"]
    assert claims["privateClaims"] == {"userId": session["user"]["userId"], "deviceId": system["device"]["deviceId"]}
    sent = datetime.strptime(request["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert claims["iat"] == int(sent.timestamp()) == claims["exp"] - 3600
    assert session["new"] is (request["type"] == "LaunchRequest")
    if session["new"]:
        assert session["attributes"] == {}
    assert ("intent" in request) is (request["type"] == "IntentRequest")
    assert ("reason" in request) is (request["type"] == "SessionEndedRequest")
    assert ("error" in request) is (request.get("reason") == "ERROR")
    for name, slot in request.get("intent", {}).get("slots", {}).items():
        assert slot["name"] == name
        assert set(slot) in (ALEXA_SLOT_KEYS, ALEXA_FILLED_SLOT_KEYS)


def check_alexa_smart_home(event: Any) -> None:
    directive = event["directive"]
    header = directive["header"]
    assert re.fullmatch(r"[0-9a-f-]{36}", header["messageId"])
    if header["name"] == "Discover":
        assert header["namespace"] == "Alexa.Discovery"
        assert set(directive) == {"header", "payload"}
        assert "correlationToken" not in header
        assert directive["payload"]["scope"]["type"] == "BearerToken"
    else:
        assert (header["namespace"], header["name"]) in {
            ("Alexa.PowerController", "TurnOn"),
            ("Alexa.PowerController", "TurnOff"),
        }
        assert set(directive) == {"header", "endpoint", "payload"}
        assert directive["payload"] == {}
        base64.b64decode(header["correlationToken"], validate=True)
        assert directive["endpoint"]["scope"]["token"].startswith("Atza|")


def check_lex_v1(event: Any) -> None:
    intent = event["currentIntent"]
    assert set(intent["slots"]) == set(intent["slotDetails"])
    for name, value in intent["slots"].items():
        detail = intent["slotDetails"][name]
        if value is None:
            assert detail is None
        else:
            assert set(detail) == {"resolutions", "originalValue"}
            assert detail["resolutions"][0] == {"value": value}
    values = list(intent["slots"].values())
    filled = [v for v in values if v is not None]
    assert values == [*filled, *[None] * (len(values) - len(filled))], "slots fill in order"
    assert event["messageVersion"] == "1.0"
    assert event["bot"]["alias"] == event["bot"]["version"] == "$LATEST"
    assert re.fullmatch(r"[0-9a-zA-Z._:-]{2,100}", event["userId"])


def check_batch_get_job(event: Any) -> None:
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", event["jobId"])


def check_batch_submit_job(event: Any) -> None:
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}", event["jobName"])
    assert re.fullmatch(r"[A-Za-z0-9_-]+", event["jobQueue"])
    assert re.fullmatch(r"[A-Za-z0-9_-]+:[1-9]\d*", event["jobDefinition"])


def check_cognito_sync(event: Any) -> None:
    region = event["region"]
    for key in ("identityPoolId", "identityId"):
        prefix, _, uuid = event[key].partition(":")
        assert prefix == region
        assert re.fullmatch(r"[0-9a-f-]{36}", uuid)
    assert event["datasetRecords"]
    for record in event["datasetRecords"].values():
        assert set(record) == {"oldValue", "newValue", "op"}
        assert record["op"] == ("remove" if record["newValue"] is None else "replace")
        assert record["oldValue"] != record["newValue"]


def check_pre_human(event: Any) -> None:
    assert re.fullmatch(r"arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:labeling-job/[a-z0-9-]+", event["labelingJobArn"])
    (key,) = event["dataObject"]
    assert key in ("source-ref", "source")
    if key == "source-ref":
        assert event["dataObject"][key].startswith("s3://")


def check_consolidation(event: Any) -> None:
    job = event["labelingJobArn"].rsplit("/", 1)[1]
    assert event["labelingJobArn"].startswith("arn:aws:sagemaker:")
    assert event["payload"]["s3Uri"].startswith("s3://")
    assert (
        f"/{job}/annotations/consolidated-annotation/consolidation-request/iteration-"
        in event["payload"]["s3Uri"].lower()
    )
    assert event["payload"]["s3Uri"].endswith(".json")
    assert re.fullmatch(r"arn:aws[a-z-]*:iam::\d{12}:role/.+", event["roleArn"])
    assert event["labelCategories"] is None or all(isinstance(c, str) for c in event["labelCategories"])


def check_stepfunctions_error(event: Any) -> None:
    if event["Error"].startswith("States."):
        return
    cause = json.loads(event["Cause"])
    assert set(cause) == LAMBDA_ERROR_KEYS
    assert cause["errorType"] == event["Error"]
    assert cause["errorMessage"] in cause["stackTrace"][-1]
    assert all(frame.startswith('  File "/var/task/') for frame in cause["stackTrace"])


def check_workmail(event: Any) -> None:
    assert len(event["subject"]) <= 256
    sender_domain = event["sender"]["address"].split("@")[1]
    recipient_domains = {r["address"].split("@")[1] for r in event["envelope"]["recipients"]}
    if event["flowDirection"] == "INBOUND":  # from outside to the organization's members
        assert len(recipient_domains) == 1
        assert sender_domain not in recipient_domains
    else:  # from a member to outside addresses
        assert sender_domain not in recipient_domains
    assert re.fullmatch(r"[0-9a-f]{32}", event["invocationId"])
    assert re.fullmatch(r"[0-9a-f-]{36}", event["messageId"])
    recipients = [r["address"] for r in event["envelope"]["recipients"]]
    assert recipients
    assert len(set(recipients)) == len(recipients)


CHECKS = {
    "alexa_skills_kit": check_alexa_skill,
    "alexa_smart_home": check_alexa_smart_home,
    "lex_v1": check_lex_v1,
    "batch_get_job": check_batch_get_job,
    "batch_submit_job": check_batch_submit_job,
    "cognito_sync_trigger": check_cognito_sync,
    "sagemaker_ground_truth_pre_human": check_pre_human,
    "sagemaker_ground_truth_annotation_consolidation": check_consolidation,
    "stepfunctions_error": check_stepfunctions_error,
    "workmail": check_workmail,
}


def bad(name: str, message_part: str, /, **overrides: Any) -> None:
    with pytest.raises(EventOverrideError) as caught:
        make_event(name, **overrides)
    assert message_part in str(caught.value)


# -- every source -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SOURCES)
@pytest.mark.parametrize("seed", SEEDS)
def test_documented_shape_and_round_trip(name: str, seed: int) -> None:
    event = make_event(name, seed=seed)
    check(name, event)
    assert json.loads(json.dumps(event)) == event


@pytest.mark.parametrize("name", SOURCES)
def test_same_seed_same_event_other_seed_other_ids(name: str, frozen: Any) -> None:
    assert json.dumps(make_event(name, seed=3)) == json.dumps(make_event(name, seed=3))
    assert len({FRESH_ID[name](make_event(name, seed=seed)) for seed in SEEDS}) == len(SEEDS)


@pytest.mark.parametrize("name", SOURCES)
def test_registered_with_docs(name: str) -> None:
    source = lookup(name)
    assert source.name == name
    assert source.docs.startswith("https://docs.aws.amazon.com/")
    assert set(source.variants) <= set(source.shorthands)


@pytest.mark.parametrize("name", SOURCES)
def test_unknown_field_rejected(name: str) -> None:
    with pytest.raises(EventOverrideError, match="no field or shorthand 'notAField'"):
        make_event(name, notAField=1)


@pytest.mark.parametrize("name", SOURCES)
def test_region_and_account_reach_every_arn(name: str) -> None:
    event = make_event(name, region="eu-west-3", account_id="210987654321")
    text = json.dumps(event)
    for arn in re.findall(r"arn:aws:[a-z0-9-]+:[a-z0-9-]*:\d*:", text):
        region, account = arn.split(":")[3:5]
        assert region in ("eu-west-3", "")  # IAM ARNs carry no region
        assert account == "210987654321"
    assert "us-east-1" not in text
    if name.startswith("sagemaker"):
        assert "arn:aws:sagemaker:eu-west-3:210987654321:labeling-job/" in text


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), index=st.integers(0, len(SOURCES) - 1))
def test_any_seed_validates_and_round_trips(seed: int, index: int) -> None:
    name = SOURCES[index]
    # Stopped, so the two builds read the same clock (a function-scoped fixture would outlive the examples).
    with time_machine.travel(FROZEN, tick=False):
        event = make_event(name, seed=seed)
        check(name, event)
        assert json.loads(json.dumps(event)) == event
        assert make_event(name, seed=seed) == event


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32), index=st.integers(0, len(PRESETS) - 1))
def test_any_seed_presets_round_trip(seed: int, index: int) -> None:
    kind_name = list(PRESETS)[index]
    with time_machine.travel(FROZEN, tick=False):  # S3's eventTime is the current time
        event = make_event(kind_name, seed=seed)
        assert json.loads(json.dumps(event)) == event
        assert make_event(kind_name, seed=seed) == event


# -- presets ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind_name", "source"), PRESETS.items())
def test_presets_resolve_to_their_source(kind_name: str, source: str, frozen: Any) -> None:
    assert kind_name in event_sources(presets=True)
    assert kind_name not in event_sources()
    assert resolve(kind_name)[0].name == source
    assert presets[kind_name][2]  # a description
    event = make_event(kind_name, seed=11)
    assert event == make_event(source, seed=11, **resolve(kind_name)[1])
    if source in DOCUMENTED:
        check(source, event)


# Documented keys SAM's templates leave out (the Alexa API endpoint, token, device id and intent confirmation
# status; Lex V1's slot details, input transcript and request attributes): ours have them, SAM's do not.
SAM_ALEXA_OMITS = ALEXA_SKILL_OPTIONAL | {
    "context.System.apiAccessToken",
    "context.System.apiEndpoint",
    "context.System.device.deviceId",
    "request.intent.confirmationStatus",
}
SAM_LEX_OMITS = frozenset({"currentIntent.slotDetails", "inputTranscript", "requestAttributes"})


@pytest.mark.parametrize(
    ("kind_name", "optional", "free"),
    [
        # SAM's end-session template has no AudioPlayer context (the device in the others has one).
        ("alexa-skills-kit:start-session", SAM_ALEXA_OMITS, ALEXA_SKILL_FREE),
        ("alexa-skills-kit:intent-answer", SAM_ALEXA_OMITS, ALEXA_SKILL_FREE),
        ("alexa-skills-kit:intent-getnewfact", SAM_ALEXA_OMITS, ALEXA_SKILL_FREE),
        ("alexa-skills-kit:intent-mycoloris", SAM_ALEXA_OMITS, ALEXA_SKILL_FREE),
        ("alexa-skills-kit:intent-recipe", SAM_ALEXA_OMITS, ALEXA_SKILL_FREE),
        ("alexa-skills-kit:end-session", SAM_ALEXA_OMITS | {"context.AudioPlayer"}, ALEXA_SKILL_FREE),
        ("lex:book-car", SAM_LEX_OMITS, LEX_V1_FREE),
        ("lex:book-hotel", SAM_LEX_OMITS, LEX_V1_FREE),
        ("lex:make-appointment", SAM_LEX_OMITS, LEX_V1_FREE),
        ("lex:order-flowers", SAM_LEX_OMITS, LEX_V1_FREE),
        ("cognito:sync-trigger", frozenset(), frozenset({"datasetRecords"})),
        ("sagemaker:ground-truth-pre-human", frozenset(), frozenset()),
        # labelCategories: documented, but not in SAM's template.
        ("sagemaker:ground-truth-annotation-consolidation", frozenset({"labelCategories"}), frozenset()),
        ("stepfunctions:error", frozenset(), frozenset()),
        ("workmail:email", frozenset(), frozenset()),
        (
            "lex-v2:banking-bot",
            frozenset(
                {
                    "proposedNextState",
                    "sessionState.sessionAttributes",
                    "sessionState.activeContexts",
                    "interpretations[].interpretationSource",
                    "transcriptions",
                }
            ),
            frozenset({"sessionState.intent.slots", "interpretations[].intent.slots"}),
        ),
        (
            "lex-v2:book-car",
            frozenset(
                {
                    "sessionState.sessionAttributes",
                    "sessionState.activeContexts",
                    "interpretations[].interpretationSource",
                    "proposedNextState.prompt",
                }
            ),
            frozenset(
                {"sessionState.intent.slots", "interpretations[].intent.slots", "proposedNextState.intent.slots"}
            ),
        ),
        (
            "lex-v2:book-hotel",
            frozenset(
                {
                    "sessionState.sessionAttributes",
                    "sessionState.activeContexts",
                    "interpretations[].interpretationSource",
                    "proposedNextState.prompt",
                }
            ),
            frozenset(
                {"sessionState.intent.slots", "interpretations[].intent.slots", "proposedNextState.intent.slots"}
            ),
        ),
        ("rekognition:s3-request", frozenset(), frozenset()),
    ],
)
def test_preset_matches_sams_template(kind_name: str, optional: frozenset[str], free: frozenset[str]) -> None:
    service, kind_of = kind_name.split(":")
    template = sam_template(service, kind_of)
    event = make_event(kind_name, seed=2)
    assert not shape_diff(event, template, optional=optional, free=free)
    if kind_name.startswith(("lex:", "lex-v2:")):
        # Slot names and the intent, as in SAM's bots.
        ours = event["currentIntent"] if service == "lex" else event["sessionState"]["intent"]
        theirs = template["currentIntent"] if service == "lex" else template["sessionState"]["intent"]
        assert (ours["name"], set(ours["slots"])) == (theirs["name"], set(theirs["slots"]))
        assert event["bot"]["name"] == template["bot"]["name"]
        assert event["invocationSource"] == template["invocationSource"]
    if service == "alexa-skills-kit":
        assert event["request"]["type"] == template["request"]["type"]
        if "intent" in template["request"]:
            assert event["request"]["intent"]["name"] == template["request"]["intent"]["name"]


@pytest.mark.parametrize(
    "kind_of",
    ["smart-home-discovery-request", "smart-home-control-turn-on-request", "smart-home-control-turn-off-request"],
)
def test_smart_home_v2_matches_sams_template(kind_of: str) -> None:
    # SAM's templates are the retired payload version 2; the presets give today's version 3, and
    # payload_version="2" the old envelope, which must match SAM's.
    template = sam_template("alexa-smart-home", kind_of)
    event = make_event(f"alexa-smart-home:{kind_of}", payload_version="2")
    assert not shape_diff(event, template)
    assert event["header"]["name"] == template["header"]["name"]
    assert event["header"]["namespace"] == template["header"]["namespace"]
    v3 = make_event(f"alexa-smart-home:{kind_of}")
    assert v3["directive"]["header"]["payloadVersion"] == "3"


def test_batch_templates_are_swapped_in_sam() -> None:
    # SAM's BatchGetJob template holds SubmitJob's fields and BatchSubmitJob a job id: the blueprints
    # (batch-get-job reads event["jobId"], batch-submit-job jobName/jobQueue/jobDefinition) say otherwise.
    assert not shape_diff(make_event("batch:get-job"), sam_template("batch", "submit-job"))
    assert not shape_diff(make_event("batch:submit-job"), sam_template("batch", "get-job"))


def test_rekognition_preset_is_an_s3_put(frozen: Any) -> None:
    event = make_event("rekognition:s3-request", seed=4)
    models.S3Model.model_validate(event)
    assert event["Records"][0]["eventName"] == "ObjectCreated:Put"
    assert event == make_event("s3", seed=4)


# -- Alexa Skills Kit -------------------------------------------------------------------------------------


@pytest.mark.parametrize("request_type", ["LaunchRequest", "IntentRequest", "SessionEndedRequest"])
def test_alexa_request_types(request_type: str) -> None:
    event = make_event("alexa_skills_kit", request_type=request_type, seed=5)
    check("alexa_skills_kit", event)
    assert event["request"]["type"] == request_type
    assert event["session"]["new"] is (request_type == "LaunchRequest")


def test_alexa_timestamp_follows_the_clock(frozen: Any) -> None:
    event = make_event("alexa_skills_kit")
    sent = datetime.strptime(event["request"]["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert 0 <= FROZEN_MS - sent.timestamp() * 1000 <= 3_000


def test_alexa_shorthands() -> None:
    event = make_event(
        "alexa",
        intent="OrderPizzaIntent",
        slots={"Size": "large", "Topping": None},
        session_attributes={"cart": [1, 2]},
        locale="de-DE",
    )
    intent = event["request"]["intent"]
    assert intent["name"] == "OrderPizzaIntent"
    assert intent["slots"]["Size"] == {"name": "Size", "value": "large", "confirmationStatus": "NONE", "source": "USER"}
    assert intent["slots"]["Topping"] == {"name": "Topping", "confirmationStatus": "NONE"}
    assert event["session"]["attributes"] == {"cart": [1, 2]}
    assert event["request"]["locale"] == "de-DE"
    assert event["context"]["System"]["apiEndpoint"] == "https://api.eu.amazonalexa.com"
    assert make_event("alexa", locale="ja-JP")["context"]["System"]["apiEndpoint"] == "https://api.fe.amazonalexa.com"
    assert make_event("alexa")["context"]["System"]["apiEndpoint"] == "https://api.amazonalexa.com"
    assert make_event("alexa", intent="AMAZON.StopIntent")["request"]["intent"]["slots"] == {}
    check("alexa_skills_kit", event)


def test_alexa_session_end_reasons() -> None:
    ended = make_event("alexa_skills_kit", request_type="SessionEndedRequest", reason="ERROR")
    check("alexa_skills_kit", ended)
    assert ended["request"]["reason"] == "ERROR"
    assert ended["request"]["error"]["type"] == "INVALID_RESPONSE"
    default = make_event("alexa_skills_kit", request_type="SessionEndedRequest")
    assert default["request"]["reason"] == "USER_INITIATED"
    assert "error" not in default["request"]


def test_alexa_presets_are_sams_skills() -> None:
    answer = make_event("alexa-skills-kit:intent-answer")
    assert answer["request"]["intent"]["slots"]["Answer"]["value"] == "1"
    assert answer["session"]["attributes"]["STATE"] == "_TRIVIAMODE"
    assert make_event("alexa-skills-kit:intent-mycoloris")["request"]["intent"]["slots"]["Color"]["value"] == "blue"
    assert make_event("alexa-skills-kit:intent-recipe")["request"]["intent"]["slots"]["Item"]["value"] == "snowball"
    assert make_event("alexa-skills-kit:intent-getnewfact")["request"]["intent"]["slots"] == {}
    assert make_event("alexa-skills-kit:start-session")["session"]["new"] is True
    assert make_event("alexa-skills-kit:end-session")["request"]["reason"] == "USER_INITIATED"
    # The caller's keywords win over the preset's.
    assert (
        make_event("alexa-skills-kit:intent-mycoloris", slots={"Color": "red"})["request"]["intent"]["slots"]["Color"][
            "value"
        ]
        == "red"
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"request_type": "Launch"}, "'IntentRequest', 'LaunchRequest', 'SessionEndedRequest'"),
        (
            {"request_type": "SessionEndedRequest", "reason": "BORED"},
            "'USER_INITIATED', 'ERROR', 'EXCEEDED_MAX_REPROMPTS'",
        ),
        ({"request_type": "LaunchRequest", "intent": "X"}, "intent and slots belong to an IntentRequest"),
        ({"reason": "ERROR"}, "reason belongs to a SessionEndedRequest"),
        ({"slots": ["a"]}, "slots must be a dict"),
        ({"slots": {"a": 1}}, "slot 'a' must be a str"),
        ({"intent": ""}, "intent must be"),
        ({"locale": "english"}, "locale must be"),
        ({"session_attributes": [1]}, "session_attributes must be a dict"),
        ({"request_type": "LaunchRequest", "session_attributes": {"a": 1}}, "starts a new session"),
    ],
)
def test_alexa_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("alexa_skills_kit", message, **overrides)


# -- Alexa smart home -------------------------------------------------------------------------------------


@pytest.mark.parametrize("directive", ["Discover", "TurnOn", "TurnOff"])
def test_smart_home_directives(directive: str) -> None:
    event = make_event("alexa_smart_home", directive_name=directive, seed=8)
    check("alexa_smart_home", event)
    assert event["directive"]["header"]["name"] == directive
    v2 = make_event("alexa_smart_home", directive_name=directive, payload_version="2", seed=8)
    assert v2["header"]["payloadVersion"] == "2"
    assert v2["header"]["name"] == {"Discover": "DiscoverAppliancesRequest"}.get(directive, f"{directive}Request")
    assert re.fullmatch(r"[0-9A-F-]{36}", v2["header"]["messageId"])
    assert ("appliance" in v2["payload"]) is (directive != "Discover")


def test_smart_home_shorthands() -> None:
    event = make_event("alexa_smart_home", directive_name="TurnOn", endpoint_id="kitchen-lamp", access_token="Atza|abc")
    endpoint = event["directive"]["endpoint"]
    assert endpoint["endpointId"] == "kitchen-lamp"
    assert endpoint["scope"] == {"type": "BearerToken", "token": "Atza|abc"}
    v2 = make_event("alexa_smart_home", directive_name="TurnOff", payload_version="2", endpoint_id="kitchen-lamp")
    assert v2["payload"]["appliance"]["applianceId"] == "kitchen-lamp"
    discover = make_event("alexa_smart_home", access_token="Atza|xyz")
    assert discover["directive"]["payload"]["scope"]["token"] == "Atza|xyz"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"directive_name": "Dim"}, "'Discover', 'TurnOn', 'TurnOff'"),
        ({"payload_version": "1"}, "'3', '2'"),
        ({"endpoint_id": "lamp"}, "endpoint_id belongs to a TurnOn or TurnOff"),
        ({"directive_name": "TurnOn", "endpoint_id": "bad/id"}, "endpoint_id must be"),
        ({"access_token": ""}, "access_token must be"),
    ],
)
def test_smart_home_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("alexa_smart_home", message, **overrides)


# -- Lex V1 -----------------------------------------------------------------------------------------------


def test_lex_v1_matches_the_go_sample() -> None:
    theirs = sample("aws-lambda-go/lex-event.json")
    event = make_event("lex_v1", request_attributes={"x-amz-lex:channel-type": "Slack"})
    assert not shape_diff(event, theirs, free=LEX_V1_FREE)


@pytest.mark.parametrize("seed", SEEDS)
def test_lex_v1_fulfillment_fills_every_slot(seed: int) -> None:
    event = make_event("lex_v1", seed=seed)
    intent = event["currentIntent"]
    assert event["invocationSource"] == "FulfillmentCodeHook"
    assert intent["name"] in ("BookCar", "BookHotel", "MakeAppointment", "OrderFlowers")
    assert intent["slots"]
    assert None not in intent["slots"].values()
    last = list(intent["slotDetails"].values())[-1]
    assert event["inputTranscript"] == last["originalValue"]  # the answer to the last slot
    assert event["requestAttributes"] is None
    assert event["bot"]["name"] == {"BookCar": "BookTrip", "BookHotel": "BookTrip"}.get(intent["name"], intent["name"])


@pytest.mark.parametrize("seed", SEEDS)
def test_lex_v1_dialog_turn(seed: int) -> None:
    event = make_event("lex_v1", seed=seed, invocation_source="DialogCodeHook")
    check("lex_v1", event)
    details = [d for d in event["currentIntent"]["slotDetails"].values() if d is not None]
    assert details
    if len(details) > 1:
        assert event["inputTranscript"] == details[-1]["originalValue"]
    else:
        assert details[0]["originalValue"] in event["inputTranscript"]


def test_lex_v1_dates_follow_the_clock(frozen: Any) -> None:
    hotel = make_event("lex_v1", intent="BookHotel")["currentIntent"]
    assert hotel["slots"]["CheckInDate"] == "2024-05-18"
    assert hotel["slotDetails"]["CheckInDate"]["originalValue"] == "tomorrow"
    car = make_event("lex_v1", intent="BookCar")["currentIntent"]
    pick_up, drop_off = car["slots"]["PickUpDate"], car["slots"]["ReturnDate"]
    assert "2024-05-18" <= pick_up < drop_off
    said = datetime.strptime(f"{car['slotDetails']['PickUpDate']['originalValue']} 2024", "%B %d %Y")
    assert said.strftime("%Y-%m-%d") == pick_up


@pytest.mark.parametrize(
    ("kind_name", "intent", "bot", "slots"),
    [
        ("lex:book-car", "BookCar", "BookTrip", ["PickUpCity", "PickUpDate", "ReturnDate", "DriverAge", "CarType"]),
        ("lex:book-hotel", "BookHotel", "BookTrip", ["Location", "CheckInDate", "Nights", "RoomType"]),
        ("lex:make-appointment", "MakeAppointment", "MakeAppointment", ["AppointmentType", "Date", "Time"]),
        ("lex:order-flowers", "OrderFlowers", "OrderFlowers", ["FlowerType", "PickupDate", "PickupTime"]),
    ],
)
def test_lex_v1_presets_are_the_blueprint_bots(kind_name: str, intent: str, bot: str, slots: list[str]) -> None:
    for seed in SEEDS:
        event = make_event(kind_name, seed=seed)
        check("lex_v1", event)
        assert event["invocationSource"] == "DialogCodeHook"
        assert (event["currentIntent"]["name"], event["bot"]["name"]) == (intent, bot)
        assert list(event["currentIntent"]["slots"]) == slots
        assert all(isinstance(v, str) for v in event["currentIntent"]["slots"].values() if v is not None)


def test_lex_v1_shorthands() -> None:
    event = make_event(
        "lex_v1",
        intent="CheckBalance",
        slots={"AccountType": {"originalValue": "my savings", "interpretedValue": "Savings"}, "Pin": None},
        output_dialog_mode="Voice",
        input_transcript="my savings",
        session_attributes={"customer": "42"},
        request_attributes={"x-amz-lex:channel-type": "Twilio-SMS"},
        bot_name="Banking",
        user_id="user-42",
    )
    check("lex_v1", event)
    intent = event["currentIntent"]
    assert intent["slots"] == {"AccountType": "Savings", "Pin": None}
    assert intent["slotDetails"]["AccountType"] == {
        "resolutions": [{"value": "Savings"}],
        "originalValue": "my savings",
    }
    assert (event["outputDialogMode"], event["inputTranscript"]) == ("Voice", "my savings")
    assert event["sessionAttributes"] == {"customer": "42"}
    assert event["requestAttributes"] == {"x-amz-lex:channel-type": "Twilio-SMS"}
    assert (event["bot"]["name"], event["userId"]) == ("Banking", "user-42")
    custom = make_event("lex_v1", intent="Greeting")
    assert custom["currentIntent"]["slots"] == {}
    assert custom["inputTranscript"] == "I want to Greeting"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"invocation_source": "Dialog"}, "'FulfillmentCodeHook', 'DialogCodeHook'"),
        ({"output_dialog_mode": "Speech"}, "'Text', 'Voice'"),
        ({"intent": 3}, "intent must be"),
        ({"slots": {"a": 1}}, "slot 'a' must be a str"),
        ({"slots": {"a": {"value": "x"}}}, "slot 'a' must be a str"),
        ({"user_id": "a b"}, "user_id must be"),
        ({"bot_name": "my bot"}, "bot_name must be"),
        ({"request_attributes": {"a": 1}}, "request_attributes must be a dict of str to str"),
        ({"input_transcript": None}, "input_transcript must be a str"),
    ],
)
def test_lex_v1_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("lex_v1", message, **overrides)


# -- Lex V2 presets and its new shorthands ------------------------------------------------------------------


def test_lex_v2_banking_bot_preset() -> None:
    event = make_event("lex-v2:banking-bot")
    intent = event["sessionState"]["intent"]
    assert (intent["name"], event["bot"]["name"], event["invocationSource"]) == (
        "CheckBalance",
        "BankingBot",
        "FulfillmentCodeHook",
    )
    assert intent["slots"]["dateofBirth"]["value"] == {
        "originalValue": "01/01/1990",
        "interpretedValue": "1990-01-01",
        "resolvedValues": ["1990-01-01"],
    }
    assert intent["slots"]["accountType"]["value"]["interpretedValue"] == "Savings"
    assert event["inputTranscript"] == "01/01/1990"
    assert event["interpretations"][0]["intent"] == intent


@pytest.mark.parametrize(
    ("kind_name", "intent", "first"),
    [("lex-v2:book-car", "BookCar", "PickUpCity"), ("lex-v2:book-hotel", "BookHotel", "Location")],
)
def test_lex_v2_book_trip_presets_open_the_dialog(kind_name: str, intent: str, first: str) -> None:
    event = make_event(kind_name)
    state = event["sessionState"]["intent"]
    assert (state["name"], event["bot"]["name"], state["state"]) == (intent, "BookTrip", "InProgress")
    assert set(state["slots"].values()) == {None}
    assert event["proposedNextState"]["dialogAction"] == {"slotToElicit": first, "type": "ElicitSlot"}
    assert event["transcriptions"][0]["transcription"] == event["inputTranscript"]


def test_lex_v2_bot_name_and_slot_dicts() -> None:
    event = make_event(
        "lex_v2",
        bot_name="Payments",
        intent="Pay",
        slots={"Amount": {"originalValue": "fifty", "interpretedValue": "50", "resolvedValues": ["50", "50.00"]}},
    )
    assert event["bot"]["name"] == "Payments"
    assert event["sessionState"]["intent"]["slots"]["Amount"]["value"] == {
        "originalValue": "fifty",
        "interpretedValue": "50",
        "resolvedValues": ["50", "50.00"],
    }
    bad("lex_v2", "slot 'Amount' must be a str", slots={"Amount": {"originalValue": "x", "resolvedValues": "x"}})
    bad("lex_v2", "bot_name must be", bot_name="")


# -- AWS Batch --------------------------------------------------------------------------------------------


def test_batch_shorthands() -> None:
    assert make_event("batch_get_job", job_id="bcf0b186-a532-4122-842e-2ccab8d54efb") == {
        "jobId": "bcf0b186-a532-4122-842e-2ccab8d54efb"
    }
    event = make_event(
        "batch_submit_job",
        job_name="nightly_report",
        job_queue="high-priority",
        job_definition="report:3",
        parameters={"date": "2024-05-17"},
        container_overrides={"command": ["python", "report.py"], "environment": [{"name": "MODE", "value": "full"}]},
    )
    assert event == {
        "jobName": "nightly_report",
        "jobQueue": "high-priority",
        "jobDefinition": "report:3",
        "parameters": {"date": "2024-05-17"},
        "containerOverrides": {"command": ["python", "report.py"], "environment": [{"name": "MODE", "value": "full"}]},
    }
    arn = "arn:aws:batch:us-east-1:123456789012:job-definition/report:3"
    assert make_event("batch_submit_job", job_definition=arn)["jobDefinition"] == arn


@pytest.mark.parametrize(
    ("name", "overrides", "message"),
    [
        ("batch_get_job", {"job_id": "job-1"}, "job_id must be a Batch job id"),
        ("batch_submit_job", {"job_name": "-bad"}, "job_name must be 1 to 128"),
        ("batch_submit_job", {"job_queue": "a queue"}, "job_queue must be"),
        ("batch_submit_job", {"job_definition": "def:0"}, "job_definition must be"),
        ("batch_submit_job", {"parameters": {"a": 1}}, "parameters must be a dict of str to str"),
        ("batch_submit_job", {"container_overrides": []}, "container_overrides must be a dict"),
    ],
)
def test_batch_bad_shorthands(name: str, overrides: dict[str, Any], message: str) -> None:
    bad(name, message, **overrides)


# -- Cognito Sync -----------------------------------------------------------------------------------------


def test_cognito_sync_matches_the_go_sample() -> None:
    theirs = sample("aws-lambda-go/cognito-event.json")
    event = make_event("cognito_sync_trigger")
    assert not shape_diff(event, theirs, free=frozenset({"datasetRecords"}))
    ours_record = next(iter(event["datasetRecords"].values()))
    assert not shape_diff(ours_record, next(iter(theirs["datasetRecords"].values())))


def test_cognito_sync_shorthands() -> None:
    event = make_event(
        "cognito_sync_trigger", dataset="gameState", dataset_records={"level": "12", "bonus": None}, region="eu-west-1"
    )
    check("cognito_sync_trigger", event)
    assert event["datasetName"] == "gameState"
    assert event["region"] == "eu-west-1"
    level, bonus = event["datasetRecords"]["level"], event["datasetRecords"]["bonus"]
    assert (level["newValue"], level["op"]) == ("12", "replace")
    assert (bonus["newValue"], bonus["op"]) == (None, "remove")
    assert isinstance(bonus["oldValue"], str)
    assert set(make_event("cognito_sync_trigger", dataset="gameState")["datasetRecords"]) == {"level", "score"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"dataset": "my dataset"}, "dataset must be 1 to 128"),
        ({"dataset_records": {}}, "dataset_records must be a non-empty dict"),
        ({"dataset_records": {"a": 1}}, "dataset record 'a' must map"),
    ],
)
def test_cognito_sync_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("cognito_sync_trigger", message, **overrides)


# -- SageMaker Ground Truth -------------------------------------------------------------------------------


def test_ground_truth_job_is_consistent() -> None:
    pre = make_event(
        "sagemaker_ground_truth_pre_human", labeling_job_name="Pets-Job-1", source_ref="s3://in-bucket/a.jpg"
    )
    assert pre["labelingJobArn"] == "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/pets-job-1"
    assert pre["dataObject"] == {"source-ref": "s3://in-bucket/a.jpg"}
    text = make_event("sagemaker_ground_truth_pre_human", source="The food was great")
    assert text["dataObject"] == {"source": "The food was great"}
    post = make_event(
        "sagemaker_ground_truth_annotation_consolidation",
        labeling_job_name="pets-job-1",
        output_path="s3://out-bucket/labels/",
        label_categories=None,
    )
    check("sagemaker_ground_truth_annotation_consolidation", post)
    assert post["labelAttributeName"] == "pets-job-1"  # defaults to the job's name
    assert post["labelCategories"] is None
    assert post["payload"]["s3Uri"].startswith(
        "s3://out-bucket/labels/pets-job-1/annotations/consolidated-annotation/consolidation-request/iteration-"
    )
    named = make_event(
        "sagemaker_ground_truth_annotation_consolidation", label_attribute_name="species", label_categories=["cat"]
    )
    assert (named["labelAttributeName"], named["labelCategories"]) == ("species", ["cat"])


def test_ground_truth_request_time_follows_the_clock(frozen: Any) -> None:
    uri = make_event("sagemaker_ground_truth_annotation_consolidation")["payload"]["s3Uri"]
    stamp = datetime.strptime(uri.rsplit("/", 1)[1], "%Y-%m-%d_%H:%M:%S.json").replace(tzinfo=timezone.utc)
    assert 0 <= FROZEN_MS - stamp.timestamp() * 1000 <= 61_000


@pytest.mark.parametrize(
    ("name", "overrides", "message"),
    [
        ("sagemaker_ground_truth_pre_human", {"labeling_job_name": "bad_name"}, "labeling_job_name must be"),
        ("sagemaker_ground_truth_pre_human", {"source_ref": "bucket/key"}, "source_ref must be an S3 URI"),
        ("sagemaker_ground_truth_pre_human", {"source": "a", "source_ref": "s3://b/k"}, "not both"),
        ("sagemaker_ground_truth_pre_human", {"source": 1}, "source must be"),
        ("sagemaker_ground_truth_annotation_consolidation", {"label_categories": "cat"}, "label_categories must be"),
        ("sagemaker_ground_truth_annotation_consolidation", {"output_path": "out"}, "output_path must be an S3 URI"),
        (
            "sagemaker_ground_truth_annotation_consolidation",
            {"label_attribute_name": "-x"},
            "label_attribute_name must",
        ),
    ],
)
def test_ground_truth_bad_shorthands(name: str, overrides: dict[str, Any], message: str) -> None:
    bad(name, message, **overrides)


# -- Step Functions ---------------------------------------------------------------------------------------


def test_stepfunctions_error_shorthands() -> None:
    custom = make_event("stepfunctions_error", error="PaymentDeclined")
    check("stepfunctions_error", custom)
    assert json.loads(custom["Cause"])["errorType"] == "PaymentDeclined"
    timeout = make_event("stepfunctions_error", error="States.Timeout")
    assert timeout == {"Error": "States.Timeout", "Cause": "The state timed out."}
    assert make_event("stepfunctions_error", error="E", cause="it broke") == {"Error": "E", "Cause": "it broke"}
    assert json.loads(make_event("stepfunctions_error", cause={"errorMessage": "x"})["Cause"]) == {"errorMessage": "x"}
    bad("stepfunctions_error", "error must be", error="")
    bad("stepfunctions_error", "cause must be a str or a dict", cause=5)


# -- WorkMail ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_workmail_directions(seed: int) -> None:
    inbound = make_event("workmail", seed=seed)
    assert inbound["flowDirection"] == "INBOUND"
    assert inbound["sender"] == inbound["envelope"]["mailFrom"]
    domains = {r["address"].split("@")[1] for r in inbound["envelope"]["recipients"]}
    assert len(domains) == 1  # the organization's members
    assert inbound["sender"]["address"].split("@")[1] not in domains
    outbound = make_event("workmail", seed=seed, flow_direction="OUTBOUND")
    check("workmail", outbound)
    organization = outbound["sender"]["address"].split("@")[1]
    assert all(r["address"].split("@")[1] != organization for r in outbound["envelope"]["recipients"])


def test_workmail_shorthands_and_truncation() -> None:
    event = make_event(
        "workmail", mail_from="bounce@lists.example.com", recipients=["ops@corp.example"], subject="x" * 300
    )
    check("workmail", event)
    assert event["envelope"]["mailFrom"]["address"] == event["sender"]["address"] == "bounce@lists.example.com"
    assert event["envelope"]["recipients"] == [{"address": "ops@corp.example"}]
    assert (event["subject"], event["truncated"]) == ("x" * 256, True)
    exact = make_event("workmail", subject="y" * 256)
    assert (exact["subject"], exact["truncated"]) == ("y" * 256, False)
    split = make_event("workmail", sender="alice@example.com", mail_from="bounces@mailer.example.com")
    assert (split["sender"]["address"], split["envelope"]["mailFrom"]["address"]) == (
        "alice@example.com",
        "bounces@mailer.example.com",
    )
    assert make_event("workmail", sender="bob@example.com")["envelope"]["mailFrom"]["address"] == "bob@example.com"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"flow_direction": "IN"}, "'INBOUND', 'OUTBOUND'"),
        ({"sender": "bob"}, "sender must be an email address"),
        ({"recipients": []}, "recipients must be a non-empty list"),
        ({"recipients": ["not-an-address"]}, "each recipient must be an email address"),
        ({"subject": 1}, "subject must be a str"),
    ],
)
def test_workmail_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    bad("workmail", message, **overrides)
