"""Cognito user pool triggers, CloudFormation custom resources and Lambda@Edge events."""

from __future__ import annotations

import base64
import copy
import json
import re
import urllib.parse
from collections.abc import Iterator
from datetime import datetime, timezone
from email.utils import formatdate
from typing import Any

import pytest
import time_machine
from aws_lambda_powertools.utilities.data_classes import cognito_user_pool_event as cup
from aws_lambda_powertools.utilities.data_classes.common import DictWrapper
from aws_lambda_powertools.utilities.parser import models
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from pytest_lambda.events import EventOverrideError, event_sources, make_event
from pytest_lambda.events._registry import lookup
from pytest_lambda.events.cloudfront import edge_headers

from .shapes import SAMPLES

SEEDS = (0, 1, 7, 2024)
FROZEN = datetime(2024, 5, 1, 12, 30, 15, 250_000, tzinfo=timezone.utc)
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(FROZEN, tick=False):
        yield


def sample(folder: str, name: str) -> Any:
    return json.loads((SAMPLES / folder / name).read_text())


def read_every_property(wrapper: DictWrapper) -> None:
    """Read every property of a powertools data class (recursively): a missing key raises KeyError."""
    for name in dir(type(wrapper)):
        if name.startswith("_") or not isinstance(getattr(type(wrapper), name, None), property):
            continue
        value = getattr(wrapper, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, DictWrapper):
                read_every_property(item)


# -- Cognito ------------------------------------------------------------------------------------

# The trigger sources AWS documents for each trigger (cognito-user-identity-pools-working-with-aws-lambda-
# triggers.html and each trigger's page), the powertools parser model, the triggerSource its Literal accepts
# (None: any str), the powertools data class, and the published samples (powertools, aws-lambda-go).
COGNITO: dict[str, tuple[tuple[str, ...], type[BaseModel], str | None, type[DictWrapper], tuple[str, ...]]] = {
    "cognito_pre_signup": (
        ("PreSignUp_SignUp", "PreSignUp_AdminCreateUser", "PreSignUp_ExternalProvider"),
        models.CognitoPreSignupTriggerModel,
        "PreSignUp_SignUp",
        cup.PreSignUpTriggerEvent,
        ("cognitoPreSignUpEvent.json", "cognito-event-userpools-presignup.json"),
    ),
    "cognito_post_confirmation": (
        ("PostConfirmation_ConfirmSignUp", "PostConfirmation_ConfirmForgotPassword"),
        models.CognitoPostConfirmationTriggerModel,
        "PostConfirmation_ConfirmSignUp",
        cup.PostConfirmationTriggerEvent,
        ("cognitoPostConfirmationEvent.json", "cognito-event-userpools-postconfirmation.json"),
    ),
    "cognito_pre_authentication": (
        ("PreAuthentication_Authentication",),
        models.CognitoPreAuthenticationTriggerModel,
        "PreAuthentication_Authentication",
        cup.PreAuthenticationTriggerEvent,
        ("cognitoPreAuthenticationEvent.json", "cognito-event-userpools-preauthentication.json"),
    ),
    "cognito_post_authentication": (
        ("PostAuthentication_Authentication",),
        models.CognitoPostAuthenticationTriggerModel,
        "PostAuthentication_Authentication",
        cup.PostAuthenticationTriggerEvent,
        ("cognitoPostAuthenticationEvent.json", "cognito-event-userpools-postauthentication.json"),
    ),
    "cognito_define_auth_challenge": (
        ("DefineAuthChallenge_Authentication",),
        models.CognitoDefineAuthChallengeTriggerModel,
        "DefineAuthChallenge_Authentication",
        cup.DefineAuthChallengeTriggerEvent,
        ("cognitoDefineAuthChallengeEvent.json", "cognito-event-userpools-define-auth-challenge.json"),
    ),
    "cognito_create_auth_challenge": (
        ("CreateAuthChallenge_Authentication",),
        models.CognitoCreateAuthChallengeTriggerModel,
        "CreateAuthChallenge_Authentication",
        cup.CreateAuthChallengeTriggerEvent,
        ("cognitoCreateAuthChallengeEvent.json", "cognito-event-userpools-create-auth-challenge.json"),
    ),
    "cognito_verify_auth_challenge": (
        ("VerifyAuthChallengeResponse_Authentication",),
        models.CognitoVerifyAuthChallengeTriggerModel,
        "VerifyAuthChallengeResponse_Authentication",
        cup.VerifyAuthChallengeResponseTriggerEvent,
        ("cognitoVerifyAuthChallengeResponseEvent.json", "cognito-event-userpools-verify-auth-challenge.json"),
    ),
    "cognito_pre_token_generation": (
        (
            "TokenGeneration_Authentication",
            "TokenGeneration_HostedAuth",
            "TokenGeneration_NewPasswordChallenge",
            "TokenGeneration_AuthenticateDevice",
            "TokenGeneration_RefreshTokens",
        ),
        models.CognitoPreTokenGenerationTriggerModelV1,
        None,
        cup.PreTokenGenerationTriggerEvent,
        ("cognitoPreTokenGenerationEvent.json", "cognito-event-userpools-pretokengen.json"),
    ),
    "cognito_user_migration": (
        ("UserMigration_Authentication", "UserMigration_ForgotPassword"),
        models.CognitoMigrateUserTriggerModel,
        None,
        cup.UserMigrationTriggerEvent,
        ("cognitoUserMigrationEvent.json", "cognito-event-userpools-migrateuser.json"),
    ),
    "cognito_custom_message": (
        (
            "CustomMessage_SignUp",
            "CustomMessage_AdminCreateUser",
            "CustomMessage_ResendCode",
            "CustomMessage_ForgotPassword",
            "CustomMessage_UpdateUserAttribute",
            "CustomMessage_VerifyUserAttribute",
            "CustomMessage_Authentication",
        ),
        models.CognitoCustomMessageTriggerModel,
        None,
        cup.CustomMessageTriggerEvent,
        ("cognitoCustomMessageEvent.json", "cognito-event-userpools-custommessage.json"),
    ),
    "cognito_custom_email_sender": (
        (
            "CustomEmailSender_SignUp",
            "CustomEmailSender_ResendCode",
            "CustomEmailSender_ForgotPassword",
            "CustomEmailSender_UpdateUserAttribute",
            "CustomEmailSender_VerifyUserAttribute",
            "CustomEmailSender_AdminCreateUser",
            "CustomEmailSender_Authentication",
        ),
        models.CognitoCustomEmailSenderTriggerModel,
        "CustomEmailSender_SignUp",
        cup.CustomEmailSenderTriggerEvent,
        ("cognitoCustomEmailSenderEvent.json",),
    ),
    "cognito_custom_sms_sender": (
        (
            "CustomSMSSender_SignUp",
            "CustomSMSSender_ResendCode",
            "CustomSMSSender_ForgotPassword",
            "CustomSMSSender_UpdateUserAttribute",
            "CustomSMSSender_VerifyUserAttribute",
            "CustomSMSSender_AdminCreateUser",
            "CustomSMSSender_Authentication",
        ),
        models.CognitoCustomSMSSenderTriggerModel,
        "CustomSMSSender_SignUp",
        cup.CustomSMSSenderTriggerEvent,
        ("cognitoCustomSMSSenderEvent.json",),
    ),
}
COGNITO_VARIANTS = [(name, source) for name, spec in COGNITO.items() for source in spec[0]]
ENVELOPE = ["version", "triggerSource", "region", "userPoolId", "userName", "callerContext", "request", "response"]
# Request keys per trigger, as AWS's trigger pages list them (clientMetadata only when the call passed some).
REQUEST_KEYS = {
    "cognito_pre_signup": {"userAttributes", "validationData"},
    "cognito_post_confirmation": {"userAttributes"},
    "cognito_pre_authentication": {"userAttributes", "validationData", "userNotFound"},
    "cognito_post_authentication": {"newDeviceUsed", "userAttributes"},
    "cognito_define_auth_challenge": {"userAttributes", "session", "userNotFound"},
    "cognito_create_auth_challenge": {"userAttributes", "challengeName", "session", "userNotFound"},
    "cognito_verify_auth_challenge": {
        "userAttributes",
        "privateChallengeParameters",
        "challengeAnswer",
        "userNotFound",
    },
    "cognito_pre_token_generation": {"userAttributes", "groupConfiguration"},
    "cognito_user_migration": {"password", "validationData"},
    "cognito_custom_message": {"userAttributes", "codeParameter", "linkParameter", "usernameParameter"},
    "cognito_custom_email_sender": {"type", "code", "userAttributes"},
    "cognito_custom_sms_sender": {"type", "code", "userAttributes"},
}
RESPONSE_KEYS: dict[str, set[str] | None] = {
    "cognito_pre_signup": {"autoConfirmUser", "autoVerifyEmail", "autoVerifyPhone"},
    "cognito_post_confirmation": set(),
    "cognito_pre_authentication": set(),
    "cognito_post_authentication": set(),
    "cognito_define_auth_challenge": {"challengeName", "issueTokens", "failAuthentication"},
    "cognito_create_auth_challenge": {"publicChallengeParameters", "privateChallengeParameters", "challengeMetadata"},
    "cognito_verify_auth_challenge": {"answerCorrect"},
    "cognito_pre_token_generation": {"claimsOverrideDetails"},
    "cognito_user_migration": {
        "userAttributes",
        "finalUserStatus",
        "messageAction",
        "desiredDeliveryMediums",
        "forceAliasCreation",
        "enableSMSMFA",
    },
    "cognito_custom_message": {"smsMessage", "emailMessage", "emailSubject"},
    "cognito_custom_email_sender": None,  # custom senders get no response object
    "cognito_custom_sms_sender": None,
}


def validate_cognito(name: str, event: dict[str, Any]) -> None:
    """Validate against the powertools parser model and read every field through the data class."""
    _, model, model_source, data_class, _ = COGNITO[name]
    candidate = copy.deepcopy(event)
    if model_source is not None:
        # Several powertools models accept only one trigger source (a Literal); the shape is shared.
        candidate["triggerSource"] = model_source
    if candidate["triggerSource"] == "UserMigration_ForgotPassword":
        # The model requires a password, which AWS does not send in the forgot-password flow.
        assert "password" not in candidate["request"]
        candidate["request"]["password"] = "not-sent"
    model.model_validate(candidate)
    # The data class reads request.password unconditionally too: read it through the same candidate.
    candidate["triggerSource"] = event["triggerSource"]
    read_every_property(data_class(candidate))


@pytest.mark.parametrize(("name", "trigger_source"), COGNITO_VARIANTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_cognito_events_validate_against_powertools(name: str, trigger_source: str, seed: int) -> None:
    event = make_event(name, seed=seed, trigger_source=trigger_source)
    assert event["triggerSource"] == trigger_source
    validate_cognito(name, event)
    assert json.loads(json.dumps(event)) == event


@pytest.mark.parametrize(("name", "trigger_source"), COGNITO_VARIANTS)
def test_cognito_envelope_and_request_shape(name: str, trigger_source: str) -> None:
    event = make_event(name, trigger_source=trigger_source, region="eu-west-2", account_id="210987654321")
    senders = name.startswith("cognito_custom_") and name.endswith("_sender")
    assert list(event) == (ENVELOPE[:-1] if senders else ENVELOPE)
    assert event["version"] == "1"
    assert event["region"] == "eu-west-2"
    assert re.fullmatch(r"eu-west-2_[A-Za-z0-9]{9}", event["userPoolId"])
    assert event["callerContext"]["awsSdkVersion"] == "aws-sdk-unknown-unknown"
    if trigger_source.endswith("_AdminCreateUser"):
        assert event["callerContext"]["clientId"] == "CLIENT_ID_NOT_APPLICABLE"
    else:
        assert re.fullmatch(r"[a-z0-9]{26}", event["callerContext"]["clientId"])
    expected = set(REQUEST_KEYS[name])
    if trigger_source == "UserMigration_ForgotPassword":
        expected.discard("password")
    assert set(event["request"]) == expected
    response = RESPONSE_KEYS[name]
    if response is None:
        assert "response" not in event
    else:
        assert set(event["response"]) == response
    # Cognito sends every attribute value as a string.
    for value in event["request"].get("userAttributes", {}).values():
        assert isinstance(value, str)


@pytest.mark.parametrize("name", COGNITO)
def test_cognito_matches_published_samples(name: str) -> None:
    """Same envelope keys as the published samples; request keys and their JSON kinds within theirs."""
    event = make_event(name, client_metadata={"source": "test"})
    samples = [
        sample("powertools" if not file.startswith("cognito-event") else "aws-lambda-go", file)
        for file in COGNITO[name][4]
    ]
    for published in samples:
        assert set(event) == set(published)
        assert set(event["callerContext"]) <= {"awsSdkVersion", "awsSdk", "clientId"}
    allowed = {key for published in samples for key in published["request"]} | {"userNotFound", "clientMetadata"}
    assert set(event["request"]) <= allowed
    for published in samples:
        for key, value in published["request"].items():
            ours = event["request"].get(key)
            if ours is not None and value is not None:
                assert type(ours) is type(value) or {type(ours), type(value)} <= {str, bool}, key


@pytest.mark.parametrize("name", COGNITO)
def test_cognito_user_identity_is_consistent(name: str) -> None:
    event = make_event(name, seed=11)
    attributes = event["request"].get("userAttributes", {})
    if "sub" in attributes:
        assert UUID4.match(attributes["sub"])
        # A pool that signs users in by email names them by their sub.
        assert event["userName"] == attributes["sub"]
    if "name" in attributes and "email" in attributes:
        first, last = attributes["name"].split(" ", 1)
        assert attributes["email"].startswith(f"{first}.{last}@".lower())


@pytest.mark.parametrize("name", COGNITO)
def test_cognito_determinism(name: str, frozen: None) -> None:
    assert make_event(name, seed=5) == make_event(name, seed=5)
    a, b = make_event(name, seed=5), make_event(name, seed=6)
    assert a["userPoolId"] != b["userPoolId"]
    assert a["userName"] != b["userName"]
    assert a["callerContext"] != b["callerContext"]


@pytest.mark.parametrize("name", COGNITO)
def test_cognito_common_shorthands(name: str) -> None:
    trigger_source = COGNITO[name][0][-1]
    event = make_event(
        name,
        trigger_source=trigger_source,
        username="jane.doe",
        user_attributes={"custom:tier": "gold", "email_verified": False, "name": None, "custom:age": 41},
        client_metadata={"campaign": "spring", "retries": 2},
    )
    assert event["triggerSource"] == trigger_source
    assert event["userName"] == "jane.doe"
    assert event["request"]["clientMetadata"] == {"campaign": "spring", "retries": "2"}
    validate_cognito(name, event)
    if name == "cognito_user_migration":
        return  # the user does not exist yet: no attributes
    attributes = event["request"]["userAttributes"]
    assert attributes["custom:tier"] == "gold"
    assert attributes["email_verified"] == "false"
    assert attributes["custom:age"] == "41"
    assert "name" not in attributes
    # Without the shorthand there is no clientMetadata.
    assert "clientMetadata" not in make_event(name)["request"]


@pytest.mark.parametrize("name", COGNITO)
def test_cognito_bad_trigger_source_lists_the_valid_ones(name: str) -> None:
    with pytest.raises(EventOverrideError) as info:
        make_event(name, trigger_source="PreSignUp_Nope")
    for source in COGNITO[name][0]:
        assert source in str(info.value)
    assert lookup(name).variants["trigger_source"] == ", ".join(COGNITO[name][0])


@pytest.mark.parametrize(
    ("shorthand", "value"),
    [("user_attributes", ["email"]), ("user_attributes", {"k": object()}), ("client_metadata", "x"), ("username", "")],
)
def test_cognito_bad_shorthand_values(shorthand: str, value: Any) -> None:
    with pytest.raises(EventOverrideError, match=shorthand):
        make_event("cognito_pre_signup", **{shorthand: value})


def test_cognito_sources_are_registered() -> None:
    assert set(COGNITO) <= set(event_sources())
    for name in COGNITO:
        assert {"trigger_source", "username", "user_attributes", "client_metadata"} <= set(lookup(name).shorthands)


def test_cognito_aws_field_overrides_merge() -> None:
    event = make_event("cognito_pre_signup", request={"validationData": {"captcha": "ok"}}, region="ap-south-1")
    assert event["request"]["validationData"] == {"captcha": "ok"}
    assert event["userPoolId"].startswith("ap-south-1_")
    with pytest.raises(EventOverrideError, match="userPool"):
        make_event("cognito_pre_signup", userPool="x")


def test_pre_signup_paths() -> None:
    signup = make_event("cognito_pre_signup", seed=3)
    assert signup["triggerSource"] == "PreSignUp_SignUp"
    assert signup["response"] == {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False}
    assert signup["request"]["validationData"] is None
    # Submitted attributes: the user has no sub or status yet.
    assert "sub" not in signup["request"]["userAttributes"]
    assert "cognito:user_status" not in signup["request"]["userAttributes"]
    assert UUID4.match(signup["userName"])
    external = make_event("cognito_pre_signup", seed=3, trigger_source="PreSignUp_ExternalProvider")
    assert re.fullmatch(r"google_\d{21}", external["userName"])
    assert {"given_name", "family_name", "email"} <= set(external["request"]["userAttributes"])
    with_data = make_event("cognito_pre_signup", validation_data={"recaptcha": "t0ken", "n": 1})
    assert with_data["request"]["validationData"] == {"recaptcha": "t0ken", "n": "1"}


def test_post_confirmation_user_is_confirmed() -> None:
    for source in COGNITO["cognito_post_confirmation"][0]:
        attributes = make_event("cognito_post_confirmation", trigger_source=source)["request"]["userAttributes"]
        assert attributes["cognito:user_status"] == "CONFIRMED"
        assert attributes["email_verified"] == "true"


def test_post_authentication_new_device() -> None:
    assert make_event("cognito_post_authentication")["request"]["newDeviceUsed"] is False
    assert make_event("cognito_post_authentication", new_device_used=True)["request"]["newDeviceUsed"] is True
    with pytest.raises(EventOverrideError, match="new_device_used"):
        make_event("cognito_post_authentication", new_device_used="yes")


@pytest.mark.parametrize("name", ["cognito_define_auth_challenge", "cognito_create_auth_challenge"])
def test_challenge_session(name: str) -> None:
    default = make_event(name)["request"]["session"]
    assert [s["challengeName"] for s in default] == ["SRP_A", "PASSWORD_VERIFIER"]
    assert all(s["challengeResult"] is True for s in default)
    event = make_event(
        name,
        session=["SRP_A", {"challengeName": "SMS_MFA", "challengeResult": False, "challengeMetadata": "sms"}],
    )
    assert event["request"]["session"] == [
        {"challengeName": "SRP_A", "challengeResult": True, "challengeMetadata": None},
        {"challengeName": "SMS_MFA", "challengeResult": False, "challengeMetadata": "sms"},
    ]
    validate_cognito(name, event)
    assert make_event(name, session=[])["request"]["session"] == []
    with pytest.raises(EventOverrideError, match="session must be a list"):
        make_event(name, session="SRP_A")
    with pytest.raises(EventOverrideError) as info:
        make_event(name, session=["RIDDLE"])
    assert "CUSTOM_CHALLENGE" in str(info.value)
    assert "PASSWORD_VERIFIER" in str(info.value)


def test_create_auth_challenge_names_the_custom_challenge() -> None:
    assert make_event("cognito_create_auth_challenge")["request"]["challengeName"] == "CUSTOM_CHALLENGE"


def test_verify_auth_challenge_answer() -> None:
    request = make_event("cognito_verify_auth_challenge", seed=4)["request"]
    assert re.fullmatch(r"\d{6}", request["challengeAnswer"])
    assert request["challengeAnswer"] == request["privateChallengeParameters"]["answer"]
    wrong = make_event("cognito_verify_auth_challenge", seed=4, challenge_answer="000000x")["request"]
    assert wrong["challengeAnswer"] == "000000x"
    assert wrong["privateChallengeParameters"] == request["privateChallengeParameters"]
    with pytest.raises(EventOverrideError, match="challenge_answer"):
        make_event("cognito_verify_auth_challenge", challenge_answer=123456)


def test_pre_token_generation_versions() -> None:
    v1 = make_event("cognito_pre_token_generation", seed=2)
    assert v1["version"] == "1"
    assert "scopes" not in v1["request"]
    assert v1["response"] == {"claimsOverrideDetails": None}
    assert v1["request"]["groupConfiguration"] == {
        "groupsToOverride": [],
        "iamRolesToOverride": [],
        "preferredRole": None,
    }
    for version in ("2", "3"):
        event = make_event("cognito_pre_token_generation", seed=2, version=version)
        assert event["version"] == version
        assert event["request"]["scopes"] == ["aws.cognito.signin.user.admin"]
        assert event["response"] == {"claimsAndScopeOverrideDetails": None}
        read_every_property(cup.PreTokenGenerationV2TriggerEvent(copy.deepcopy(event)))
        assert cup.PreTokenGenerationV2TriggerEvent(event).request.scopes == ["aws.cognito.signin.user.admin"]
        # AWS sends scopes as a list of str; powertools' V2AndV3 model types it as a dict, so it is left out here.
        without_scopes = copy.deepcopy(event)
        del without_scopes["request"]["scopes"]
        models.CognitoPreTokenGenerationTriggerModelV2AndV3.model_validate(without_scopes)
    hosted = make_event("cognito_pre_token_generation", version="2", trigger_source="TokenGeneration_HostedAuth")
    assert hosted["request"]["scopes"] == ["openid", "email", "profile"]


def test_pre_token_generation_shorthands() -> None:
    event = make_event("cognito_pre_token_generation", version="2", groups=["admins", "beta"], scopes=["openid"])
    assert event["request"]["groupConfiguration"]["groupsToOverride"] == ["admins", "beta"]
    assert event["request"]["scopes"] == ["openid"]
    assert cup.PreTokenGenerationV2TriggerEvent(event).request.group_configuration.groups_to_override == [
        "admins",
        "beta",
    ]
    with pytest.raises(EventOverrideError, match="version"):
        make_event("cognito_pre_token_generation", scopes=["openid"])
    with pytest.raises(EventOverrideError) as info:
        make_event("cognito_pre_token_generation", version=2)
    assert "1, 2, 3" in str(info.value)
    with pytest.raises(EventOverrideError, match="groups"):
        make_event("cognito_pre_token_generation", groups="admins")


def test_user_migration_flows() -> None:
    signin = make_event("cognito_user_migration", seed=9)
    assert list(signin["request"]) == ["password", "validationData"]
    assert signin["request"]["password"]
    # The user typed their email: the migration looks it up in the old directory.
    assert "@" in signin["userName"]
    assert make_event("cognito_user_migration", password="hunter2")["request"]["password"] == "hunter2"
    with pytest.raises(EventOverrideError, match="password must be a str"):
        make_event("cognito_user_migration", password=123456)
    reset = make_event("cognito_user_migration", trigger_source="UserMigration_ForgotPassword")
    assert "password" not in reset["request"]
    with pytest.raises(EventOverrideError, match="no password"):
        make_event("cognito_user_migration", trigger_source="UserMigration_ForgotPassword", password="x")


def test_custom_message_parameters_and_user_state() -> None:
    states = {
        "CustomMessage_SignUp": ("UNCONFIRMED", "false"),
        "CustomMessage_ResendCode": ("UNCONFIRMED", "false"),
        "CustomMessage_AdminCreateUser": ("FORCE_CHANGE_PASSWORD", "true"),
        "CustomMessage_ForgotPassword": ("CONFIRMED", "true"),
        "CustomMessage_UpdateUserAttribute": ("CONFIRMED", "false"),
        "CustomMessage_VerifyUserAttribute": ("CONFIRMED", "false"),
        "CustomMessage_Authentication": ("CONFIRMED", "true"),
    }
    for source, (status, verified) in states.items():
        event = make_event("cognito_custom_message", trigger_source=source)
        request = event["request"]
        assert request["codeParameter"] == "{####}"
        assert request["linkParameter"] == "{##Click Here##}"
        assert request["usernameParameter"] == ("{username}" if source.endswith("AdminCreateUser") else None)
        assert request["userAttributes"]["cognito:user_status"] == status
        assert request["userAttributes"]["email_verified"] == verified
        assert event["response"] == {"smsMessage": None, "emailMessage": None, "emailSubject": None}
    mfa = make_event("cognito_custom_message", trigger_source="CustomMessage_Authentication")
    assert re.fullmatch(r"\+1\d{10}", mfa["request"]["userAttributes"]["phone_number"])


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("cognito_custom_email_sender", "customEmailSenderRequestV1"),
        ("cognito_custom_sms_sender", "customSMSSenderRequestV1"),
    ],
)
def test_custom_sender_code_is_encryption_sdk_ciphertext(name: str, kind: str) -> None:
    a, b = make_event(name, seed=1), make_event(name, seed=2)
    assert a["request"]["type"] == kind
    raw = base64.b64decode(a["request"]["code"], validate=True)
    # AWS Encryption SDK message: version 1, type 0x80, algorithm suite 0x0378.
    assert raw[:4] == bytes((0x01, 0x80, 0x03, 0x78))
    assert a["request"]["code"].startswith("AYAD")
    assert a["request"]["code"] != b["request"]["code"]
    if kind == "customSMSSenderRequestV1":
        assert a["request"]["userAttributes"]["phone_number"].startswith("+")


@given(st.integers(0, 2**32))
@settings(max_examples=25, deadline=None)
def test_cognito_property_any_seed(seed: int) -> None:
    for name in COGNITO:
        event = make_event(name, seed=seed)
        validate_cognito(name, event)
        assert json.loads(json.dumps(event)) == event


# -- CloudFormation custom resources ------------------------------------------------------------

CFN_MODELS: dict[str, type[BaseModel]] = {
    "Create": models.CloudFormationCustomResourceCreateModel,
    "Update": models.CloudFormationCustomResourceUpdateModel,
    "Delete": models.CloudFormationCustomResourceDeleteModel,
}
CFN_KEYS = [
    "RequestType",
    "ServiceToken",
    "ResponseURL",
    "StackId",
    "RequestId",
    "LogicalResourceId",
    "PhysicalResourceId",
    "ResourceType",
    "ResourceProperties",
    "OldResourceProperties",
]


@pytest.mark.parametrize("request_type", CFN_MODELS)
@pytest.mark.parametrize("seed", SEEDS)
def test_cloudformation_validates_against_powertools(request_type: str, seed: int) -> None:
    event = make_event("cloudformation_custom_resource", seed=seed, request_type=request_type)
    CFN_MODELS[request_type].model_validate(event)
    assert event["RequestType"] == request_type
    assert json.loads(json.dumps(event)) == event
    # Create has no physical id yet; only Update carries the old properties.
    expected = [k for k in CFN_KEYS if k != "PhysicalResourceId" or request_type != "Create"]
    expected = [k for k in expected if k != "OldResourceProperties" or request_type == "Update"]
    assert list(event) == expected


@pytest.mark.parametrize("request_type", CFN_MODELS)
def test_cloudformation_matches_published_samples(request_type: str) -> None:
    published = sample("powertools", f"cloudformationCustomResource{request_type}.json")
    event = make_event("cloudformation_custom_resource", request_type=request_type)
    assert set(event) == set(published)
    for key, value in published.items():
        assert type(event[key]) is type(value), key


@pytest.mark.parametrize("request_type", CFN_MODELS)
def test_cloudformation_identifiers_agree(request_type: str, frozen: None) -> None:
    event = make_event(
        "cloudformation_custom_resource", request_type=request_type, region="eu-central-1", account_id="111122223333"
    )
    token = event["ServiceToken"]
    assert re.fullmatch(r"arn:aws:lambda:eu-central-1:111122223333:function:[\w-]{1,64}", token)
    assert event["ResourceProperties"]["ServiceToken"] == token
    if request_type == "Update":
        assert event["OldResourceProperties"]["ServiceToken"] == token
    stack = re.fullmatch(
        r"arn:aws:cloudformation:eu-central-1:111122223333:stack/([\w-]+)/"
        r"[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
        event["StackId"],
    )
    assert stack is not None
    assert UUID4.match(event["RequestId"])
    assert event["ResourceType"].startswith("Custom::")
    # The presigned URL: the region's response bucket, key "<StackId>|<LogicalResourceId>|<RequestId>".
    url = urllib.parse.urlsplit(event["ResponseURL"])
    assert url.scheme == "https"
    assert url.netloc == "cloudformation-custom-resource-response-eucentral1.s3.eu-central-1.amazonaws.com"
    key = urllib.parse.unquote(url.path[1:])
    assert key == f"{event['StackId']}|{event['LogicalResourceId']}|{event['RequestId']}"
    query = dict(urllib.parse.parse_qsl(url.query, strict_parsing=True))
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Date"] == "20240501T123015Z"
    assert re.fullmatch(r"AKIA[A-Z0-9]{16}/20240501/eu-central-1/s3/aws4_request", query["X-Amz-Credential"])
    assert query["X-Amz-SignedHeaders"] == "host"
    assert query["X-Amz-Expires"] == "7200"
    assert re.fullmatch(r"[0-9a-f]{64}", query["X-Amz-Signature"])
    if request_type != "Create":
        assert re.fullmatch(r"2024/0[34]/\d\d/\[\$LATEST\][0-9a-f]{32}", event["PhysicalResourceId"])


def test_cloudformation_us_east_1_bucket_is_global() -> None:
    url = urllib.parse.urlsplit(make_event("cloudformation_custom_resource")["ResponseURL"])
    assert url.netloc == "cloudformation-custom-resource-response-useast1.s3.amazonaws.com"


def test_cloudformation_update_changes_a_property() -> None:
    event = make_event("cloudformation_custom_resource", request_type="Update")
    assert event["OldResourceProperties"] != event["ResourceProperties"]
    assert set(event["OldResourceProperties"]) == set(event["ResourceProperties"])


def test_cloudformation_update_with_properties_only_keeps_them_as_the_old_ones() -> None:
    event = make_event("cloudformation_custom_resource", request_type="Update", properties={"Size": 5})
    assert event["ResourceProperties"] == {"ServiceToken": event["ServiceToken"], "Size": "5"}
    assert event["OldResourceProperties"] == event["ResourceProperties"]
    assert event["OldResourceProperties"] is not event["ResourceProperties"]
    models.CloudFormationCustomResourceUpdateModel.model_validate(event)


def test_cloudformation_shorthands() -> None:
    event = make_event(
        "cloudformation_custom_resource",
        request_type="Update",
        properties={"Size": 5, "Enabled": True, "Tags": [{"Key": "env", "Value": "prod"}], "Ratio": 0.5},
        old_properties={"Size": 3, "Enabled": False},
        physical_resource_id="my-resource-1",
        resource_type="Custom::Seeder",
    )
    # CloudFormation passes every scalar property as a string.
    assert event["ResourceProperties"] == {
        "ServiceToken": event["ServiceToken"],
        "Size": "5",
        "Enabled": "true",
        "Tags": [{"Key": "env", "Value": "prod"}],
        "Ratio": "0.5",
    }
    assert event["OldResourceProperties"] == {"ServiceToken": event["ServiceToken"], "Size": "3", "Enabled": "false"}
    assert event["PhysicalResourceId"] == "my-resource-1"
    assert event["ResourceType"] == "Custom::Seeder"
    models.CloudFormationCustomResourceUpdateModel.model_validate(event)
    delete = make_event("cloudformation_custom_resource", request_type="Delete", physical_resource_id="r-1")
    assert delete["PhysicalResourceId"] == "r-1"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"request_type": "Upsert"}, "Create, Update, Delete"),
        ({"request_type": "create"}, "Create, Update, Delete"),
        ({"old_properties": {"A": 1}}, "only in Update"),
        ({"request_type": "Delete", "old_properties": {"A": 1}}, "only in Update"),
        ({"physical_resource_id": "x"}, "only in Update and Delete"),
        ({"properties": ["A"]}, "properties must be a dict"),
        ({"properties": {"A": object()}}, "JSON values"),
        ({"resource_type": "MyType"}, "Custom::"),
        ({"request_type": "Update", "physical_resource_id": ""}, "non-empty"),
    ],
)
def test_cloudformation_bad_shorthands(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=re.escape(message)):
        make_event("cloudformation_custom_resource", **overrides)


def test_cloudformation_registration_and_determinism(frozen: None) -> None:
    source = lookup("cloudformation_custom_resource")
    assert source.variants == {"request_type": "Create, Update, Delete"}
    assert {"request_type", "properties"} <= set(source.shorthands)
    assert lookup("cfn_custom_resource") is source
    for request_type in CFN_MODELS:
        a = make_event("cloudformation_custom_resource", seed=3, request_type=request_type)
        assert a == make_event("cloudformation_custom_resource", seed=3, request_type=request_type)
        b = make_event("cloudformation_custom_resource", seed=4, request_type=request_type)
        assert a["RequestId"] != b["RequestId"]
        assert a["StackId"] != b["StackId"]


@given(st.integers(0, 2**32), st.sampled_from(sorted(CFN_MODELS)))
@settings(max_examples=40, deadline=None)
def test_cloudformation_property_any_seed(seed: int, request_type: str) -> None:
    event = make_event("cloudformation_custom_resource", seed=seed, request_type=request_type)
    CFN_MODELS[request_type].model_validate(event)
    assert json.loads(json.dumps(event)) == event


# -- Lambda@Edge ----------------------------------------------------------------------------------

# The key structure of AWS's example events (lambda-event-structure.html): "str"/"int"/"list" for
# leaves, a dict for an object, "headers" for a lowercase-name -> [{key, value}] map.
CF_CONFIG = {"distributionDomainName": "str", "distributionId": "str", "eventType": "str", "requestId": "str"}
CF_VIEWER_REQUEST = {"clientIp": "str", "headers": "headers", "method": "str", "querystring": "str", "uri": "str"}
CF_CUSTOM_ORIGIN = {
    "customHeaders": "headers",
    "domainName": "str",
    "keepaliveTimeout": "int",
    "path": "str",
    "port": "int",
    "protocol": "str",
    "readTimeout": "int",
    "sslProtocols": "list",
}
CF_ORIGIN_REQUEST = {**CF_VIEWER_REQUEST, "origin": {"custom": CF_CUSTOM_ORIGIN}}
CF_RESPONSE = {"headers": "headers", "status": "str", "statusDescription": "str"}
CF_STRUCTURE = {
    "cloudfront_viewer_request": {"Records": [{"cf": {"config": CF_CONFIG, "request": CF_VIEWER_REQUEST}}]},
    "cloudfront_origin_response": {
        "Records": [{"cf": {"config": CF_CONFIG, "request": CF_ORIGIN_REQUEST, "response": CF_RESPONSE}}]
    },
}
KINDS = {"str": str, "int": int, "list": list}


def assert_structure(value: Any, expected: Any, where: str = "event") -> None:
    if isinstance(expected, dict):
        assert isinstance(value, dict), where
        assert set(value) == set(expected), where
        for key, kind in expected.items():
            assert_structure(value[key], kind, f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(value, list), where
        assert len(value) == len(expected), where
        for i, (item, kind) in enumerate(zip(value, expected, strict=True)):
            assert_structure(item, kind, f"{where}[{i}]")
    elif expected == "headers":
        assert_headers(value, where)
    else:
        assert type(value) is KINDS[expected], where


def assert_headers(headers: Any, where: str = "headers") -> None:
    assert isinstance(headers, dict), where
    for name, entries in headers.items():
        assert name == name.lower(), where
        assert entries, where
        for entry in entries:
            assert set(entry) == {"key", "value"}, where
            assert entry["key"].lower() == name, where
            assert isinstance(entry["value"], str), where


def header(headers: dict[str, Any], name: str) -> list[str]:
    return [entry["value"] for entry in headers[name]]


@pytest.mark.parametrize("name", list(CF_STRUCTURE))
@pytest.mark.parametrize("seed", SEEDS)
def test_cloudfront_structure_matches_aws_examples(name: str, seed: int) -> None:
    event = make_event(name, seed=seed)
    assert_structure(event, CF_STRUCTURE[name])
    assert json.loads(json.dumps(event)) == event


@pytest.mark.parametrize("name", list(CF_STRUCTURE))
def test_cloudfront_config_values(name: str) -> None:
    config = make_event(name, seed=8)["Records"][0]["cf"]["config"]
    assert config["eventType"] == name.removeprefix("cloudfront_").replace("_", "-")
    assert re.fullmatch(r"d[a-z0-9]{13}\.cloudfront\.net", config["distributionDomainName"])
    assert re.fullmatch(r"E[A-Z0-9]{13}", config["distributionId"])
    # x-edge-request-id: 40 random bytes in URL-safe base64.
    assert len(config["requestId"]) == 56
    assert len(base64.urlsafe_b64decode(config["requestId"])) == 40
    china = make_event(name, region="cn-north-1")["Records"][0]["cf"]["config"]
    assert china["distributionDomainName"].endswith(".cloudfront.cn")


def test_viewer_request_derived_fields() -> None:
    cf = make_event("cloudfront_viewer_request", seed=12)["Records"][0]["cf"]
    request = cf["request"]
    assert header(request["headers"], "host") == [cf["config"]["distributionDomainName"]]
    assert request["method"] == "GET"
    assert request["querystring"] == ""
    assert request["uri"].startswith("/")
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", request["clientIp"])
    assert header(request["headers"], "user-agent")[0] != "Amazon CloudFront"


def test_origin_response_derived_fields(frozen: None) -> None:
    cf = make_event("cloudfront_origin_response", seed=12)["Records"][0]["cf"]
    request, response = cf["request"], cf["response"]
    origin = request["origin"]["custom"]
    assert header(request["headers"], "host") == [origin["domainName"]]
    assert header(request["headers"], "x-forwarded-for") == [request["clientIp"]]
    assert header(request["headers"], "user-agent") == ["Amazon CloudFront"]
    assert re.fullmatch(r"2\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)", header(request["headers"], "via")[0])
    assert (response["status"], response["statusDescription"]) == ("200", "OK")
    assert header(response["headers"], "date") == [formatdate(FROZEN.timestamp() // 1, usegmt=True)]
    assert header(response["headers"], "date") == ["Wed, 01 May 2024 12:30:15 GMT"]
    modified = datetime.strptime(header(response["headers"], "last-modified")[0], "%a, %d %b %Y %H:%M:%S GMT")
    assert modified.replace(tzinfo=timezone.utc) <= FROZEN
    assert header(response["headers"], "content-length")[0].isdigit()
    assert origin["port"] in (80, 443) or 1024 <= origin["port"] <= 65535
    assert 1 <= origin["keepaliveTimeout"] <= 60
    assert 4 <= origin["readTimeout"] <= 60


@pytest.mark.parametrize("name", list(CF_STRUCTURE))
def test_cloudfront_request_shorthands(name: str) -> None:
    event = make_event(
        name,
        method="post",
        uri="/api/orders",
        querystring={"size": "large", "tag": ["a", "b c"]},
        headers={"X-Custom": "1", "Cookie": ["a=1", "b=2"], "User-Agent": "curl/8.4.0", "Accept-Encoding": None},
    )
    request = event["Records"][0]["cf"]["request"]
    assert request["method"] == "POST"
    assert request["uri"] == "/api/orders"
    assert urllib.parse.parse_qs(request["querystring"]) == {"size": ["large"], "tag": ["a", "b c"]}
    assert request["headers"]["x-custom"] == [{"key": "X-Custom", "value": "1"}]
    assert header(request["headers"], "cookie") == ["a=1", "b=2"]
    assert header(request["headers"], "user-agent") == ["curl/8.4.0"]
    assert "accept-encoding" not in request["headers"]
    assert "host" in request["headers"]
    assert_structure(event, CF_STRUCTURE[name])
    assert make_event(name, querystring="?a=1")["Records"][0]["cf"]["request"]["querystring"] == "a=1"


def test_origin_response_status_and_headers() -> None:
    event = make_event(
        "cloudfront_origin_response",
        status=404,
        response_headers={"Content-Type": "application/json", "Set-Cookie": ["a=1", "b=2"], "Server": None},
    )
    response = event["Records"][0]["cf"]["response"]
    assert (response["status"], response["statusDescription"]) == ("404", "Not Found")
    assert header(response["headers"], "content-type") == ["application/json"]
    assert header(response["headers"], "set-cookie") == ["a=1", "b=2"]
    assert "server" not in response["headers"]
    assert_structure(event, CF_STRUCTURE["cloudfront_origin_response"])
    moved = make_event("cloudfront_origin_response", status="301")["Records"][0]["cf"]["response"]
    assert (moved["status"], moved["statusDescription"]) == ("301", "Moved Permanently")
    unnamed = make_event("cloudfront_origin_response", status=299)["Records"][0]["cf"]["response"]
    assert (unnamed["status"], unnamed["statusDescription"]) == ("299", "")


def test_edge_headers_helper() -> None:
    assert edge_headers({"X-Id": 7, "Set-Cookie": ["a=1", "b=2"]}) == {
        "x-id": [{"key": "X-Id", "value": "7"}],
        "set-cookie": [{"key": "Set-Cookie", "value": "a=1"}, {"key": "Set-Cookie", "value": "b=2"}],
    }
    not_a_mapping: Any = [("Host", "example.com")]
    with pytest.raises(EventOverrideError, match=re.escape("response_headers must be a dict of header name")):
        edge_headers(not_a_mapping, field="response_headers")


@pytest.mark.parametrize(
    ("name", "overrides", "message"),
    [
        ("cloudfront_viewer_request", {"method": "FETCH"}, "GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE"),
        ("cloudfront_viewer_request", {"uri": "index.html"}, "starting with '/'"),
        ("cloudfront_viewer_request", {"querystring": 5}, "querystring"),
        ("cloudfront_viewer_request", {"headers": ["Host"]}, "headers"),
        ("cloudfront_viewer_request", {"headers": {"X-A": {"v": 1}}}, "headers"),
        ("cloudfront_origin_response", {"status": 99}, "100 to 599"),
        ("cloudfront_origin_response", {"status": "OK"}, "100 to 599"),
        ("cloudfront_origin_response", {"status": True}, "100 to 599"),
        ("cloudfront_origin_response", {"response_headers": "x"}, "response_headers"),
        ("cloudfront_viewer_request", {"status": 200}, "status"),
    ],
)
def test_cloudfront_bad_shorthands(name: str, overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=re.escape(message)):
        make_event(name, **overrides)


@pytest.mark.parametrize("name", list(CF_STRUCTURE))
def test_cloudfront_determinism(name: str, frozen: None) -> None:
    assert make_event(name, seed=21) == make_event(name, seed=21)
    a = make_event(name, seed=21)["Records"][0]["cf"]
    b = make_event(name, seed=22)["Records"][0]["cf"]
    assert a["config"]["requestId"] != b["config"]["requestId"]
    assert a["config"]["distributionId"] != b["config"]["distributionId"]
    assert lookup(name).shorthands[:4] == ("method", "uri", "querystring", "headers")


@given(st.integers(0, 2**32))
@settings(max_examples=25, deadline=None)
def test_cloudfront_property_any_seed(seed: int) -> None:
    for name, structure in CF_STRUCTURE.items():
        event = make_event(name, seed=seed)
        assert_structure(event, structure)
        assert json.loads(json.dumps(event)) == event
