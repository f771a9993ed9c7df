"""Amazon Cognito user pool Lambda triggers: sign-up, confirmation, sign-in, custom auth, tokens, messages.

https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-identity-pools-working-with-aws-lambda-triggers.html
(the envelope every trigger shares and the list of trigger sources); each trigger's own page is cited at its
factory. Cognito sends every user attribute as a string (``"email_verified": "true"``).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any, Literal, TypedDict, cast

from pytest_lambda.events._common import Gen, b64, override_error
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "CognitoCallerContext",
    "CognitoChallengeResult",
    "CognitoCreateAuthChallengeEvent",
    "CognitoCustomEmailSenderEvent",
    "CognitoCustomMessageEvent",
    "CognitoCustomSMSSenderEvent",
    "CognitoDefineAuthChallengeEvent",
    "CognitoGroupConfiguration",
    "CognitoPostAuthenticationEvent",
    "CognitoPostConfirmationEvent",
    "CognitoPreAuthenticationEvent",
    "CognitoPreSignupEvent",
    "CognitoPreTokenGenerationEvent",
    "CognitoTriggerEvent",
    "CognitoUserMigrationEvent",
    "CognitoVerifyAuthChallengeEvent",
    "cognito_create_auth_challenge_event",
    "cognito_custom_email_sender_event",
    "cognito_custom_message_event",
    "cognito_custom_sms_sender_event",
    "cognito_define_auth_challenge_event",
    "cognito_post_authentication_event",
    "cognito_post_confirmation_event",
    "cognito_pre_authentication_event",
    "cognito_pre_signup_event",
    "cognito_pre_token_generation_event",
    "cognito_user_migration_event",
    "cognito_verify_auth_challenge_event",
]

_DEV_GUIDE = "https://docs.aws.amazon.com/cognito/latest/developerguide/"


# -- the envelope --------------------------------------------------------------------------------


class CognitoCallerContext(TypedDict):
    awsSdkVersion: str
    clientId: str


class CognitoTriggerEvent(TypedDict):
    """The fields every user pool trigger event has (request and response are the trigger's own)."""

    version: str
    triggerSource: str
    region: str
    userPoolId: str
    userName: str
    callerContext: CognitoCallerContext


# -- each trigger's request and response -----------------------------------------------------------


class _PreSignupRequestRequired(TypedDict):
    userAttributes: dict[str, str]
    validationData: dict[str, str] | None


class CognitoPreSignupRequest(_PreSignupRequestRequired, total=False):
    clientMetadata: dict[str, str]


class CognitoPreSignupResponse(TypedDict):
    autoConfirmUser: bool
    autoVerifyEmail: bool
    autoVerifyPhone: bool


class CognitoPreSignupEvent(CognitoTriggerEvent):
    request: CognitoPreSignupRequest
    response: CognitoPreSignupResponse


class _UserAttributesRequired(TypedDict):
    userAttributes: dict[str, str]


class CognitoPostConfirmationRequest(_UserAttributesRequired, total=False):
    clientMetadata: dict[str, str]


class CognitoPostConfirmationEvent(CognitoTriggerEvent):
    request: CognitoPostConfirmationRequest
    response: dict[str, Any]


class _PreAuthenticationRequestRequired(TypedDict):
    userAttributes: dict[str, str]
    validationData: dict[str, str] | None
    userNotFound: bool


class CognitoPreAuthenticationRequest(_PreAuthenticationRequestRequired, total=False):
    clientMetadata: dict[str, str]


class CognitoPreAuthenticationEvent(CognitoTriggerEvent):
    request: CognitoPreAuthenticationRequest
    response: dict[str, Any]


class _PostAuthenticationRequestRequired(TypedDict):
    newDeviceUsed: bool
    userAttributes: dict[str, str]


class CognitoPostAuthenticationRequest(_PostAuthenticationRequestRequired, total=False):
    clientMetadata: dict[str, str]


class CognitoPostAuthenticationEvent(CognitoTriggerEvent):
    request: CognitoPostAuthenticationRequest
    response: dict[str, Any]


class CognitoChallengeResult(TypedDict):
    challengeName: str
    challengeResult: bool
    challengeMetadata: str | None


class _DefineAuthChallengeRequestRequired(TypedDict):
    userAttributes: dict[str, str]
    session: list[CognitoChallengeResult]
    userNotFound: bool


class CognitoDefineAuthChallengeRequest(_DefineAuthChallengeRequestRequired, total=False):
    clientMetadata: dict[str, str]


class CognitoDefineAuthChallengeResponse(TypedDict):
    challengeName: str | None
    issueTokens: bool | None
    failAuthentication: bool | None


class CognitoDefineAuthChallengeEvent(CognitoTriggerEvent):
    request: CognitoDefineAuthChallengeRequest
    response: CognitoDefineAuthChallengeResponse


class _CreateAuthChallengeRequestRequired(TypedDict):
    userAttributes: dict[str, str]
    challengeName: str
    session: list[CognitoChallengeResult]
    userNotFound: bool


class CognitoCreateAuthChallengeRequest(_CreateAuthChallengeRequestRequired, total=False):
    clientMetadata: dict[str, str]


class CognitoCreateAuthChallengeResponse(TypedDict):
    publicChallengeParameters: dict[str, str] | None
    privateChallengeParameters: dict[str, str] | None
    challengeMetadata: str | None


class CognitoCreateAuthChallengeEvent(CognitoTriggerEvent):
    request: CognitoCreateAuthChallengeRequest
    response: CognitoCreateAuthChallengeResponse


class _VerifyAuthChallengeRequestRequired(TypedDict):
    userAttributes: dict[str, str]
    privateChallengeParameters: dict[str, str]
    challengeAnswer: str
    userNotFound: bool


class CognitoVerifyAuthChallengeRequest(_VerifyAuthChallengeRequestRequired, total=False):
    clientMetadata: dict[str, str]


class CognitoVerifyAuthChallengeResponse(TypedDict):
    answerCorrect: bool


class CognitoVerifyAuthChallengeEvent(CognitoTriggerEvent):
    request: CognitoVerifyAuthChallengeRequest
    response: CognitoVerifyAuthChallengeResponse


class CognitoGroupConfiguration(TypedDict):
    groupsToOverride: list[str]
    iamRolesToOverride: list[str]
    preferredRole: str | None


class _PreTokenGenerationRequestRequired(TypedDict):
    userAttributes: dict[str, str]
    groupConfiguration: CognitoGroupConfiguration


class CognitoPreTokenGenerationRequest(_PreTokenGenerationRequestRequired, total=False):
    scopes: list[str]  # version 2 and 3 events only
    clientMetadata: dict[str, str]


class CognitoPreTokenGenerationResponse(TypedDict, total=False):
    claimsOverrideDetails: dict[str, Any] | None  # version 1
    claimsAndScopeOverrideDetails: dict[str, Any] | None  # versions 2 and 3


class CognitoPreTokenGenerationEvent(CognitoTriggerEvent):
    request: CognitoPreTokenGenerationRequest
    response: CognitoPreTokenGenerationResponse


class _UserMigrationRequestRequired(TypedDict):
    validationData: dict[str, str] | None


class CognitoUserMigrationRequest(_UserMigrationRequestRequired, total=False):
    password: str  # not sent in the forgot-password flow
    clientMetadata: dict[str, str]


class CognitoUserMigrationResponse(TypedDict):
    userAttributes: dict[str, str] | None
    finalUserStatus: str | None
    messageAction: str | None
    desiredDeliveryMediums: list[str] | None
    forceAliasCreation: bool | None
    enableSMSMFA: bool | None


class CognitoUserMigrationEvent(CognitoTriggerEvent):
    request: CognitoUserMigrationRequest
    response: CognitoUserMigrationResponse


class _CustomMessageRequestRequired(TypedDict):
    userAttributes: dict[str, str]
    codeParameter: str
    linkParameter: str | None
    usernameParameter: str | None


class CognitoCustomMessageRequest(_CustomMessageRequestRequired, total=False):
    clientMetadata: dict[str, str]


class CognitoCustomMessageResponse(TypedDict):
    smsMessage: str | None
    emailMessage: str | None
    emailSubject: str | None


class CognitoCustomMessageEvent(CognitoTriggerEvent):
    request: CognitoCustomMessageRequest
    response: CognitoCustomMessageResponse


class _CustomSenderRequestRequired(TypedDict):
    type: Literal["customEmailSenderRequestV1", "customSMSSenderRequestV1"]
    code: str


class CognitoCustomSenderRequest(_CustomSenderRequestRequired, total=False):
    clientMetadata: dict[str, str]
    userAttributes: dict[str, str]


class CognitoCustomEmailSenderEvent(CognitoTriggerEvent):
    request: CognitoCustomSenderRequest


class CognitoCustomSMSSenderEvent(CognitoTriggerEvent):
    request: CognitoCustomSenderRequest


# -- trigger sources (cognito-user-identity-pools-working-with-aws-lambda-triggers.html) ----------

PRE_SIGNUP_SOURCES = ("PreSignUp_SignUp", "PreSignUp_AdminCreateUser", "PreSignUp_ExternalProvider")
POST_CONFIRMATION_SOURCES = ("PostConfirmation_ConfirmSignUp", "PostConfirmation_ConfirmForgotPassword")
PRE_AUTHENTICATION_SOURCES = ("PreAuthentication_Authentication",)
POST_AUTHENTICATION_SOURCES = ("PostAuthentication_Authentication",)
DEFINE_AUTH_CHALLENGE_SOURCES = ("DefineAuthChallenge_Authentication",)
CREATE_AUTH_CHALLENGE_SOURCES = ("CreateAuthChallenge_Authentication",)
VERIFY_AUTH_CHALLENGE_SOURCES = ("VerifyAuthChallengeResponse_Authentication",)
PRE_TOKEN_GENERATION_SOURCES = (
    "TokenGeneration_Authentication",
    "TokenGeneration_HostedAuth",
    "TokenGeneration_NewPasswordChallenge",
    "TokenGeneration_AuthenticateDevice",
    "TokenGeneration_RefreshTokens",
)
# The trigger's LambdaVersion V1_0, V2_0 (adds access token customization) or V3_0 (same event as V2_0).
PRE_TOKEN_GENERATION_VERSIONS = ("1", "2", "3")
USER_MIGRATION_SOURCES = ("UserMigration_Authentication", "UserMigration_ForgotPassword")
CUSTOM_MESSAGE_SOURCES = (
    "CustomMessage_SignUp",
    "CustomMessage_AdminCreateUser",
    "CustomMessage_ResendCode",
    "CustomMessage_ForgotPassword",
    "CustomMessage_UpdateUserAttribute",
    "CustomMessage_VerifyUserAttribute",
    "CustomMessage_Authentication",
)
CUSTOM_EMAIL_SENDER_SOURCES = (
    "CustomEmailSender_SignUp",
    "CustomEmailSender_ResendCode",
    "CustomEmailSender_ForgotPassword",
    "CustomEmailSender_UpdateUserAttribute",
    "CustomEmailSender_VerifyUserAttribute",
    "CustomEmailSender_AdminCreateUser",
    "CustomEmailSender_Authentication",
)
CUSTOM_SMS_SENDER_SOURCES = (
    "CustomSMSSender_SignUp",
    "CustomSMSSender_ResendCode",
    "CustomSMSSender_ForgotPassword",
    "CustomSMSSender_UpdateUserAttribute",
    "CustomSMSSender_VerifyUserAttribute",
    "CustomSMSSender_AdminCreateUser",
    "CustomSMSSender_Authentication",
)
# The challenges a custom authentication session can record (user-pool-lambda-define-auth-challenge.html).
CHALLENGE_NAMES = (
    "SRP_A",
    "PASSWORD_VERIFIER",
    "CUSTOM_CHALLENGE",
    "SMS_MFA",
    "EMAIL_OTP",
    "SOFTWARE_TOKEN_MFA",
    "DEVICE_SRP_AUTH",
    "DEVICE_PASSWORD_VERIFIER",
    "ADMIN_NO_SRP_AUTH",
)

COMMON_SHORTHANDS = ("trigger_source", "username", "user_attributes", "client_metadata")

# Cognito cannot tell the SDK of most callers (hosted UI, plain HTTPS): this is what real events carry.
SDK_VERSION = "aws-sdk-unknown-unknown"
# AdminCreateUser is an admin API call made without an app client.
NO_CLIENT_ID = "CLIENT_ID_NOT_APPLICABLE"

_POOL_ALPHABET = string.ascii_letters + string.digits
_CLIENT_ALPHABET = string.ascii_lowercase + string.digits


# -- helpers ---------------------------------------------------------------------------------------


def _choice(shorthands: dict[str, Any], keyword: str, choices: tuple[str, ...], source: str) -> str:
    value = shorthands.get(keyword, choices[0])
    if not isinstance(value, str) or value not in choices:
        raise override_error(f"{source}: {keyword}={value!r} is not one AWS sends; valid values: {', '.join(choices)}")
    return value


def _text(value: Any, field: str) -> str:
    # Cognito carries attribute and metadata values as strings, booleans as "true"/"false".
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise override_error(f"{field} values must be str, bool or numbers (Cognito sends strings), got {value!r}")


def _string_map(value: Any, field: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise override_error(f"{field} must be a dict of name -> value, got {value!r}")
    return {str(k): _text(v, field) for k, v in value.items()}


class _User:
    """One user's identity, drawn once so every field that names the user agrees."""

    def __init__(self, gen: Gen) -> None:
        self.sub = gen.uuid()
        self.given_name = gen.pick("first_name")
        self.family_name = gen.pick("last_name")
        domain = gen.pick("domain")
        self.email = f"{self.given_name}.{self.family_name}@{domain}".lower()
        self.phone = gen.pick("phone")
        self.password = f"{gen.pick('word').capitalize()}-{gen.pick('word')}-{gen.digits(3)}!"

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def attributes(self, status: str, *, email_verified: bool = True, phone: bool = False) -> dict[str, str]:
        """A user's attributes as stored in the pool: ``sub`` and ``cognito:user_status`` included."""
        attributes = {"sub": self.sub, "email_verified": "true" if email_verified else "false"}
        if phone:
            attributes["phone_number_verified"] = "true"
        attributes["cognito:user_status"] = status
        attributes["name"] = self.name
        if phone:
            attributes["phone_number"] = self.phone
        attributes["email"] = self.email
        return attributes


def _user_attributes(generated: dict[str, str], shorthands: dict[str, Any]) -> dict[str, str]:
    """The generated attributes with ``user_attributes`` merged over them (``None`` removes one)."""
    extra = shorthands.get("user_attributes")
    if extra is None:
        return generated
    if not isinstance(extra, Mapping):
        raise override_error(f"user_attributes must be a dict of attribute name -> value, got {extra!r}")
    for key, value in extra.items():
        if value is None:
            generated.pop(str(key), None)
        else:
            generated[str(key)] = _text(value, "user_attributes")
    return generated


def _username(shorthands: dict[str, Any], default: str) -> str:
    username = shorthands.get("username", default)
    if not isinstance(username, str) or not username:
        raise override_error(f"username must be a non-empty str, got {username!r}")
    return username


def _with_metadata(request: Any, shorthands: dict[str, Any]) -> Any:
    # clientMetadata is present only when the API call passed ClientMetadata.
    if "client_metadata" in shorthands:
        request["clientMetadata"] = _string_map(shorthands["client_metadata"], "client_metadata")
    return request


def _envelope(
    gen: Gen, trigger_source: str, username: str, request: Any, response: Any, *, version: str = "1"
) -> dict[str, Any]:
    """The shared envelope in AWS's key order; ``response`` None means the trigger has none (custom senders)."""
    pool_id = f"{gen.region}_{gen.alnum(9, _POOL_ALPHABET)}"
    client_id = gen.alnum(26, _CLIENT_ALPHABET)
    event: dict[str, Any] = {
        "version": version,
        "triggerSource": trigger_source,
        "region": gen.region,
        "userPoolId": pool_id,
        "userName": username,
        "callerContext": {
            "awsSdkVersion": SDK_VERSION,
            "clientId": NO_CLIENT_ID if trigger_source.endswith("_AdminCreateUser") else client_id,
        },
        "request": request,
    }
    if response is not None:
        event["response"] = response
    return event


def _session(shorthands: dict[str, Any]) -> list[CognitoChallengeResult]:
    """The challenges answered so far; by default SRP then the password, both passed."""
    if "session" not in shorthands:
        return [
            {"challengeName": "SRP_A", "challengeResult": True, "challengeMetadata": None},
            {"challengeName": "PASSWORD_VERIFIER", "challengeResult": True, "challengeMetadata": None},
        ]
    items = shorthands["session"]
    if not isinstance(items, list):
        raise override_error(
            f"session must be a list of challenge names or {{challengeName, ...}} dicts, got {items!r}"
        )
    session: list[CognitoChallengeResult] = []
    for item in items:
        entry = {"challengeName": item} if isinstance(item, str) else item
        if not isinstance(entry, Mapping) or entry.get("challengeName") not in CHALLENGE_NAMES:
            raise override_error(
                f"session entry {item!r} names no challenge; valid challengeName: {', '.join(CHALLENGE_NAMES)}"
            )
        metadata = entry.get("challengeMetadata")
        session.append(
            {
                "challengeName": str(entry["challengeName"]),
                "challengeResult": bool(entry.get("challengeResult", True)),
                "challengeMetadata": None if metadata is None else str(metadata),
            }
        )
    return session


# -- sign-up and confirmation ----------------------------------------------------------------------


def cognito_pre_signup_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoPreSignupEvent:
    """Before a user is registered (user-pool-lambda-pre-sign-up.html); ``trigger_source`` picks the path.

    The attributes are those the user submitted (no ``sub`` yet). In a pool that signs users in by email,
    the username is a UUID; a federated user's is ``<provider>_<id>``.
    """
    source = _choice(shorthands, "trigger_source", PRE_SIGNUP_SOURCES, "cognito_pre_signup")
    user = _User(gen)
    external_id = gen.digits(21)
    default_username = f"google_{external_id}" if source == "PreSignUp_ExternalProvider" else user.sub
    attributes = {"name": user.name, "email": user.email}
    if source == "PreSignUp_ExternalProvider":  # mapped from the identity provider's claims
        attributes = {"given_name": user.given_name, "family_name": user.family_name, "email": user.email}
    validation = shorthands.get("validation_data")
    request: CognitoPreSignupRequest = {
        "userAttributes": _user_attributes(attributes, shorthands),
        "validationData": None if validation is None else _string_map(validation, "validation_data"),
    }
    response: CognitoPreSignupResponse = {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False}
    username = _username(shorthands, default_username)
    return cast(CognitoPreSignupEvent, _envelope(gen, source, username, _with_metadata(request, shorthands), response))


def cognito_post_confirmation_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoPostConfirmationEvent:
    """After a user confirms sign-up or a forgotten password (user-pool-lambda-post-confirmation.html)."""
    source = _choice(shorthands, "trigger_source", POST_CONFIRMATION_SOURCES, "cognito_post_confirmation")
    user = _User(gen)
    request: CognitoPostConfirmationRequest = {
        "userAttributes": _user_attributes(user.attributes("CONFIRMED"), shorthands)
    }
    username = _username(shorthands, user.sub)
    return cast(CognitoPostConfirmationEvent, _envelope(gen, source, username, _with_metadata(request, shorthands), {}))


# -- sign-in ---------------------------------------------------------------------------------------


def cognito_pre_authentication_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoPreAuthenticationEvent:
    """Before Cognito checks a user's credentials (user-pool-lambda-pre-authentication.html)."""
    source = _choice(shorthands, "trigger_source", PRE_AUTHENTICATION_SOURCES, "cognito_pre_authentication")
    user = _User(gen)
    validation = shorthands.get("validation_data")
    request: CognitoPreAuthenticationRequest = {
        "userAttributes": _user_attributes(user.attributes("CONFIRMED"), shorthands),
        "validationData": None if validation is None else _string_map(validation, "validation_data"),
        # Present when the app client prevents user existence errors (the default for new clients).
        "userNotFound": False,
    }
    username = _username(shorthands, user.sub)
    return cast(
        CognitoPreAuthenticationEvent, _envelope(gen, source, username, _with_metadata(request, shorthands), {})
    )


def cognito_post_authentication_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoPostAuthenticationEvent:
    """After a user signed in (user-pool-lambda-post-authentication.html)."""
    source = _choice(shorthands, "trigger_source", POST_AUTHENTICATION_SOURCES, "cognito_post_authentication")
    user = _User(gen)
    new_device = shorthands.get("new_device_used", False)
    if not isinstance(new_device, bool):
        raise override_error(f"new_device_used must be a bool, got {new_device!r}")
    request: CognitoPostAuthenticationRequest = {
        "newDeviceUsed": new_device,
        "userAttributes": _user_attributes(user.attributes("CONFIRMED"), shorthands),
    }
    username = _username(shorthands, user.sub)
    return cast(
        CognitoPostAuthenticationEvent, _envelope(gen, source, username, _with_metadata(request, shorthands), {})
    )


# -- custom authentication challenges (user-pool-lambda-challenge.html) -----------------------------


def cognito_define_auth_challenge_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoDefineAuthChallengeEvent:
    """Decide the next challenge from the session so far (user-pool-lambda-define-auth-challenge.html)."""
    source = _choice(shorthands, "trigger_source", DEFINE_AUTH_CHALLENGE_SOURCES, "cognito_define_auth_challenge")
    user = _User(gen)
    request: CognitoDefineAuthChallengeRequest = {
        "userAttributes": _user_attributes(user.attributes("CONFIRMED"), shorthands),
        "session": _session(shorthands),
        "userNotFound": False,
    }
    response: CognitoDefineAuthChallengeResponse = {
        "challengeName": None,
        "issueTokens": None,
        "failAuthentication": None,
    }
    username = _username(shorthands, user.sub)
    return cast(
        CognitoDefineAuthChallengeEvent,
        _envelope(gen, source, username, _with_metadata(request, shorthands), response),
    )


def cognito_create_auth_challenge_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoCreateAuthChallengeEvent:
    """Create the custom challenge Define chose (user-pool-lambda-create-auth-challenge.html)."""
    source = _choice(shorthands, "trigger_source", CREATE_AUTH_CHALLENGE_SOURCES, "cognito_create_auth_challenge")
    user = _User(gen)
    request: CognitoCreateAuthChallengeRequest = {
        "userAttributes": _user_attributes(user.attributes("CONFIRMED"), shorthands),
        "challengeName": "CUSTOM_CHALLENGE",
        "session": _session(shorthands),
        "userNotFound": False,
    }
    response: CognitoCreateAuthChallengeResponse = {
        "publicChallengeParameters": None,
        "privateChallengeParameters": None,
        "challengeMetadata": None,
    }
    username = _username(shorthands, user.sub)
    return cast(
        CognitoCreateAuthChallengeEvent,
        _envelope(gen, source, username, _with_metadata(request, shorthands), response),
    )


def cognito_verify_auth_challenge_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoVerifyAuthChallengeEvent:
    """Check the user's answer against what Create stored (user-pool-lambda-verify-auth-challenge-response.html).

    By default the answer is right: ``challengeAnswer`` equals ``privateChallengeParameters.answer``.
    """
    source = _choice(shorthands, "trigger_source", VERIFY_AUTH_CHALLENGE_SOURCES, "cognito_verify_auth_challenge")
    user = _User(gen)
    code = gen.digits(6)
    answer = shorthands.get("challenge_answer", code)
    if not isinstance(answer, str):
        raise override_error(f"challenge_answer must be a str (what the user typed), got {answer!r}")
    request: CognitoVerifyAuthChallengeRequest = {
        "userAttributes": _user_attributes(user.attributes("CONFIRMED"), shorthands),
        "privateChallengeParameters": {"answer": code},
        "challengeAnswer": answer,
        "userNotFound": False,
    }
    username = _username(shorthands, user.sub)
    return cast(
        CognitoVerifyAuthChallengeEvent,
        _envelope(gen, source, username, _with_metadata(request, shorthands), {"answerCorrect": False}),
    )


# -- tokens ----------------------------------------------------------------------------------------


def _string_list(value: Any, field: str) -> list[str]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise override_error(f"{field} must be a list of str, got {value!r}")
    return list(value)


def cognito_pre_token_generation_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoPreTokenGenerationEvent:
    """Before Cognito issues tokens (user-pool-lambda-pre-token-generation.html).

    ``version="1"`` is the ID-token-only event; ``"2"``/``"3"`` add ``request.scopes`` and answer with
    ``claimsAndScopeOverrideDetails``. ``groups`` lists the user's groups (``groupsToOverride``).
    """
    source = _choice(shorthands, "trigger_source", PRE_TOKEN_GENERATION_SOURCES, "cognito_pre_token_generation")
    version = _choice(shorthands, "version", PRE_TOKEN_GENERATION_VERSIONS, "cognito_pre_token_generation")
    user = _User(gen)
    groups = _string_list(shorthands.get("groups", []), "groups")
    request: CognitoPreTokenGenerationRequest = {
        "userAttributes": _user_attributes(user.attributes("CONFIRMED"), shorthands),
        "groupConfiguration": {"groupsToOverride": groups, "iamRolesToOverride": [], "preferredRole": None},
    }
    response: CognitoPreTokenGenerationResponse
    if version == "1":
        if "scopes" in shorthands:
            raise override_error("scopes exist only in version 2 and 3 pre token generation events; pass version='2'")
        response = {"claimsOverrideDetails": None}
    else:
        # Sign-in through the API grants the user pool's admin scope; the hosted UI the OAuth scopes asked for.
        default_scopes = (
            ["openid", "email", "profile"]
            if source == "TokenGeneration_HostedAuth"
            else ["aws.cognito.signin.user.admin"]
        )
        request["scopes"] = _string_list(shorthands.get("scopes", default_scopes), "scopes")
        response = {"claimsAndScopeOverrideDetails": None}
    username = _username(shorthands, user.sub)
    return cast(
        CognitoPreTokenGenerationEvent,
        _envelope(gen, source, username, _with_metadata(request, shorthands), response, version=version),
    )


# -- migration -------------------------------------------------------------------------------------


def cognito_user_migration_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoUserMigrationEvent:
    """A user unknown to the pool signs in or resets a password (user-pool-lambda-migrate-user.html).

    ``userName`` is what the user typed (their email); the forgot-password flow sends no password.
    """
    source = _choice(shorthands, "trigger_source", USER_MIGRATION_SOURCES, "cognito_user_migration")
    user = _User(gen)
    validation = shorthands.get("validation_data")
    request: CognitoUserMigrationRequest = {
        "validationData": None if validation is None else _string_map(validation, "validation_data")
    }
    if source == "UserMigration_Authentication":
        password = shorthands.get("password", user.password)
        if not isinstance(password, str):
            raise override_error(f"password must be a str, got {password!r}")
        request = {"password": password, **request}
    elif "password" in shorthands:
        raise override_error("UserMigration_ForgotPassword events carry no password (the user is resetting it)")
    response: CognitoUserMigrationResponse = {
        "userAttributes": None,
        "finalUserStatus": None,
        "messageAction": None,
        "desiredDeliveryMediums": None,
        "forceAliasCreation": None,
        "enableSMSMFA": None,
    }
    username = _username(shorthands, user.email)
    return cast(
        CognitoUserMigrationEvent, _envelope(gen, source, username, _with_metadata(request, shorthands), response)
    )


# -- messages --------------------------------------------------------------------------------------


def _message_attributes(user: _User, source: str, *, phone: bool = False) -> dict[str, str]:
    """The user's attributes at the moment Cognito sends the message that ``source`` names."""
    flow = source.split("_", 1)[1]
    if flow in ("SignUp", "ResendCode"):  # the code confirms a registration still pending
        return user.attributes("UNCONFIRMED", email_verified=False, phone=phone)
    if flow == "AdminCreateUser":  # the invitation carries a temporary password
        return user.attributes("FORCE_CHANGE_PASSWORD", phone=phone)
    if flow in ("UpdateUserAttribute", "VerifyUserAttribute"):  # the new address is not verified yet
        return user.attributes("CONFIRMED", email_verified=False, phone=phone)
    return user.attributes("CONFIRMED", phone=phone)


def cognito_custom_message_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoCustomMessageEvent:
    """Customize a verification, invitation or MFA message (user-pool-lambda-custom-message.html).

    ``codeParameter`` (and ``usernameParameter`` for invitations) are placeholders Cognito replaces.
    """
    source = _choice(shorthands, "trigger_source", CUSTOM_MESSAGE_SOURCES, "cognito_custom_message")
    user = _User(gen)
    request: CognitoCustomMessageRequest = {
        "userAttributes": _user_attributes(
            _message_attributes(user, source, phone=source == "CustomMessage_Authentication"), shorthands
        ),
        "codeParameter": "{####}",
        "linkParameter": "{##Click Here##}",
        "usernameParameter": "{username}" if source == "CustomMessage_AdminCreateUser" else None,
    }
    response: CognitoCustomMessageResponse = {"smsMessage": None, "emailMessage": None, "emailSubject": None}
    username = _username(shorthands, user.sub)
    return cast(
        CognitoCustomMessageEvent, _envelope(gen, source, username, _with_metadata(request, shorthands), response)
    )


def _encrypted_code(gen: Gen) -> str:
    """The code as the AWS Encryption SDK encrypts it with the pool's KMS key, base64 (starts ``AYAD``)."""
    # Message format version 1, type 0x80, algorithm suite 0x0378, then the message id and the rest.
    return b64(bytes((0x01, 0x80, 0x03, 0x78)) + gen.random.randbytes(16 + 380))


def _custom_sender_event(
    gen: Gen,
    shorthands: dict[str, Any],
    sources: tuple[str, ...],
    kind: Literal["customEmailSenderRequestV1", "customSMSSenderRequestV1"],
    name: str,
) -> dict[str, Any]:
    source = _choice(shorthands, "trigger_source", sources, name)
    user = _User(gen)
    phone = kind == "customSMSSenderRequestV1"
    request: CognitoCustomSenderRequest = {"type": kind, "code": _encrypted_code(gen)}
    _with_metadata(request, shorthands)
    request["userAttributes"] = _user_attributes(_message_attributes(user, source, phone=phone), shorthands)
    username = _username(shorthands, user.sub)
    return _envelope(gen, source, username, request, None)  # custom senders get no response object


def cognito_custom_email_sender_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoCustomEmailSenderEvent:
    """Send Cognito's email yourself; ``request.code`` is KMS-encrypted (user-pool-lambda-custom-email-sender.html)."""
    return cast(
        CognitoCustomEmailSenderEvent,
        _custom_sender_event(
            gen, shorthands, CUSTOM_EMAIL_SENDER_SOURCES, "customEmailSenderRequestV1", "cognito_custom_email_sender"
        ),
    )


def cognito_custom_sms_sender_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoCustomSMSSenderEvent:
    """Send Cognito's SMS yourself; ``request.code`` is KMS-encrypted (user-pool-lambda-custom-sms-sender.html)."""
    return cast(
        CognitoCustomSMSSenderEvent,
        _custom_sender_event(
            gen, shorthands, CUSTOM_SMS_SENDER_SOURCES, "customSMSSenderRequestV1", "cognito_custom_sms_sender"
        ),
    )


# -- registration ----------------------------------------------------------------------------------


def _register(
    name: str,
    description: str,
    factory: Any,
    sources: tuple[str, ...],
    page: str,
    extra: tuple[str, ...] = (),
    variants: dict[str, str] | None = None,
) -> None:
    register(
        EventSource(
            name,
            description,
            factory,
            (*COMMON_SHORTHANDS, *extra),
            docs=_DEV_GUIDE + page,
            variants={"trigger_source": ", ".join(sources), **(variants or {})},
        )
    )


_register(
    "cognito_pre_signup",
    "Amazon Cognito pre sign-up trigger",
    cognito_pre_signup_event,
    PRE_SIGNUP_SOURCES,
    "user-pool-lambda-pre-sign-up.html",
    ("validation_data",),
)
_register(
    "cognito_post_confirmation",
    "Amazon Cognito post confirmation trigger",
    cognito_post_confirmation_event,
    POST_CONFIRMATION_SOURCES,
    "user-pool-lambda-post-confirmation.html",
)
_register(
    "cognito_pre_authentication",
    "Amazon Cognito pre authentication trigger",
    cognito_pre_authentication_event,
    PRE_AUTHENTICATION_SOURCES,
    "user-pool-lambda-pre-authentication.html",
    ("validation_data",),
)
_register(
    "cognito_post_authentication",
    "Amazon Cognito post authentication trigger",
    cognito_post_authentication_event,
    POST_AUTHENTICATION_SOURCES,
    "user-pool-lambda-post-authentication.html",
    ("new_device_used",),
)
_register(
    "cognito_define_auth_challenge",
    "Amazon Cognito define auth challenge trigger (custom authentication)",
    cognito_define_auth_challenge_event,
    DEFINE_AUTH_CHALLENGE_SOURCES,
    "user-pool-lambda-define-auth-challenge.html",
    ("session",),
)
_register(
    "cognito_create_auth_challenge",
    "Amazon Cognito create auth challenge trigger (custom authentication)",
    cognito_create_auth_challenge_event,
    CREATE_AUTH_CHALLENGE_SOURCES,
    "user-pool-lambda-create-auth-challenge.html",
    ("session",),
)
_register(
    "cognito_verify_auth_challenge",
    "Amazon Cognito verify auth challenge response trigger (custom authentication)",
    cognito_verify_auth_challenge_event,
    VERIFY_AUTH_CHALLENGE_SOURCES,
    "user-pool-lambda-verify-auth-challenge-response.html",
    ("challenge_answer",),
)
_register(
    "cognito_pre_token_generation",
    "Amazon Cognito pre token generation trigger (event versions 1, 2 and 3)",
    cognito_pre_token_generation_event,
    PRE_TOKEN_GENERATION_SOURCES,
    "user-pool-lambda-pre-token-generation.html",
    ("version", "groups", "scopes"),
    {"version": ", ".join(PRE_TOKEN_GENERATION_VERSIONS)},
)
_register(
    "cognito_user_migration",
    "Amazon Cognito migrate user trigger",
    cognito_user_migration_event,
    USER_MIGRATION_SOURCES,
    "user-pool-lambda-migrate-user.html",
    ("password", "validation_data"),
)
_register(
    "cognito_custom_message",
    "Amazon Cognito custom message trigger",
    cognito_custom_message_event,
    CUSTOM_MESSAGE_SOURCES,
    "user-pool-lambda-custom-message.html",
)
_register(
    "cognito_custom_email_sender",
    "Amazon Cognito custom email sender trigger",
    cognito_custom_email_sender_event,
    CUSTOM_EMAIL_SENDER_SOURCES,
    "user-pool-lambda-custom-email-sender.html",
)
_register(
    "cognito_custom_sms_sender",
    "Amazon Cognito custom SMS sender trigger",
    cognito_custom_sms_sender_event,
    CUSTOM_SMS_SENDER_SOURCES,
    "user-pool-lambda-custom-sms-sender.html",
)
