"""Amazon Cognito authentication triggers: pre and post authentication, pre token generation, and
inbound federation (a user signing in through an external OIDC or SAML provider).

https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-authentication.html,
https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-authentication.html,
https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html and
https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-inbound-federation.html
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict, cast

from pytest_lambda.events._common import Gen, b64url, one_of, override_error, text, text_map
from pytest_lambda.events._registry import EventSource, register
from pytest_lambda.events.cognito._trigger import (
    CognitoCallerContext,
    CognitoRequest,
    CognitoTriggerEvent,
    User,
    envelope,
    register_trigger,
    string_map,
    trigger_event,
    trigger_source_choice,
    user_attributes,
)

__all__ = [
    "CognitoGroupConfiguration",
    "CognitoInboundFederationAttributes",
    "CognitoInboundFederationEvent",
    "CognitoInboundFederationRequest",
    "CognitoInboundFederationResponse",
    "CognitoPostAuthenticationEvent",
    "CognitoPostAuthenticationRequest",
    "CognitoPreAuthenticationEvent",
    "CognitoPreAuthenticationRequest",
    "CognitoPreTokenGenerationEvent",
    "CognitoPreTokenGenerationRequest",
    "CognitoPreTokenGenerationResponse",
    "cognito_inbound_federation_event",
    "cognito_post_authentication_event",
    "cognito_pre_authentication_event",
    "cognito_pre_token_generation_event",
]


class CognitoPreAuthenticationRequest(CognitoRequest):
    userAttributes: dict[str, str]
    validationData: dict[str, str] | None
    userNotFound: bool


class CognitoPreAuthenticationEvent(CognitoTriggerEvent):
    request: CognitoPreAuthenticationRequest
    response: dict[str, Any]


class CognitoPostAuthenticationRequest(CognitoRequest):
    newDeviceUsed: bool
    userAttributes: dict[str, str]


class CognitoPostAuthenticationEvent(CognitoTriggerEvent):
    request: CognitoPostAuthenticationRequest
    response: dict[str, Any]


class CognitoGroupConfiguration(TypedDict):
    groupsToOverride: list[str]
    iamRolesToOverride: list[str]
    preferredRole: str | None


class _PreTokenGenerationRequestRequired(CognitoRequest):
    userAttributes: dict[str, str]
    groupConfiguration: CognitoGroupConfiguration


class CognitoPreTokenGenerationRequest(_PreTokenGenerationRequestRequired, total=False):
    scopes: list[str]  # version 2 and 3 events only


class CognitoPreTokenGenerationResponse(TypedDict, total=False):
    claimsOverrideDetails: dict[str, Any] | None  # version 1
    claimsAndScopeOverrideDetails: dict[str, Any] | None  # versions 2 and 3


class CognitoPreTokenGenerationEvent(CognitoTriggerEvent):
    request: CognitoPreTokenGenerationRequest
    response: CognitoPreTokenGenerationResponse


PRE_AUTHENTICATION_SOURCES = ("PreAuthentication_Authentication",)


POST_AUTHENTICATION_SOURCES = ("PostAuthentication_Authentication",)


PRE_TOKEN_GENERATION_SOURCES = (
    "TokenGeneration_Authentication",
    "TokenGeneration_HostedAuth",
    "TokenGeneration_NewPasswordChallenge",
    "TokenGeneration_AuthenticateDevice",
    "TokenGeneration_RefreshTokens",
)


# The trigger's LambdaVersion V1_0, V2_0 (adds access token customization) or V3_0 (same event as V2_0).
PRE_TOKEN_GENERATION_VERSIONS = ("1", "2", "3")


def cognito_pre_authentication_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoPreAuthenticationEvent:
    """Before Cognito checks a user's credentials (user-pool-lambda-pre-authentication.html)."""
    source = trigger_source_choice(
        shorthands, "trigger_source", PRE_AUTHENTICATION_SOURCES, "cognito_pre_authentication"
    )
    user = User(gen)
    validation = shorthands.get("validation_data")
    request: CognitoPreAuthenticationRequest = {
        "userAttributes": user_attributes(user.attributes("CONFIRMED"), shorthands),
        "validationData": None if validation is None else string_map(validation, "validation_data"),
        # Present when the app client prevents user existence errors (the default for new clients).
        "userNotFound": False,
    }
    return cast(CognitoPreAuthenticationEvent, trigger_event(gen, shorthands, source, user.sub, request, {}))


def cognito_post_authentication_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoPostAuthenticationEvent:
    """After a user signed in (user-pool-lambda-post-authentication.html)."""
    source = trigger_source_choice(
        shorthands, "trigger_source", POST_AUTHENTICATION_SOURCES, "cognito_post_authentication"
    )
    user = User(gen)
    new_device = shorthands.get("new_device_used", False)
    if not isinstance(new_device, bool):
        raise override_error(f"new_device_used must be a bool, got {new_device!r}")
    request: CognitoPostAuthenticationRequest = {
        "newDeviceUsed": new_device,
        "userAttributes": user_attributes(user.attributes("CONFIRMED"), shorthands),
    }
    return cast(CognitoPostAuthenticationEvent, trigger_event(gen, shorthands, source, user.sub, request, {}))


def _string_list(value: Any, field: str) -> list[str]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise override_error(f"{field} must be a list of str, got {value!r}")
    return list(value)


def cognito_pre_token_generation_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoPreTokenGenerationEvent:
    """Before Cognito issues tokens (user-pool-lambda-pre-token-generation.html).

    ``version="1"`` is the ID-token-only event; ``"2"``/``"3"`` add ``request.scopes`` and answer with
    ``claimsAndScopeOverrideDetails``. ``groups`` lists the user's groups (``groupsToOverride``).
    """
    source = trigger_source_choice(
        shorthands, "trigger_source", PRE_TOKEN_GENERATION_SOURCES, "cognito_pre_token_generation"
    )
    version = trigger_source_choice(
        shorthands, "version", PRE_TOKEN_GENERATION_VERSIONS, "cognito_pre_token_generation"
    )
    user = User(gen)
    groups = _string_list(shorthands.get("groups", []), "groups")
    request: CognitoPreTokenGenerationRequest = {
        "userAttributes": user_attributes(user.attributes("CONFIRMED"), shorthands),
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
    return cast(
        CognitoPreTokenGenerationEvent,
        trigger_event(gen, shorthands, source, user.sub, request, response, version=version),
    )


register_trigger(
    "cognito_pre_authentication",
    "Amazon Cognito pre authentication trigger",
    cognito_pre_authentication_event,
    PRE_AUTHENTICATION_SOURCES,
    "user-pool-lambda-pre-authentication.html",
    ("validation_data",),
)


register_trigger(
    "cognito_post_authentication",
    "Amazon Cognito post authentication trigger",
    cognito_post_authentication_event,
    POST_AUTHENTICATION_SOURCES,
    "user-pool-lambda-post-authentication.html",
    ("new_device_used",),
)


register_trigger(
    "cognito_pre_token_generation",
    "Amazon Cognito pre token generation trigger (event versions 1, 2 and 3)",
    cognito_pre_token_generation_event,
    PRE_TOKEN_GENERATION_SOURCES,
    "user-pool-lambda-pre-token-generation.html",
    ("version", "groups", "scopes"),
    {"version": ", ".join(PRE_TOKEN_GENERATION_VERSIONS)},
)


# -- inbound federation ------------------------------------------------------------------------------

ProviderType = Literal["OIDC", "SAML"]
PROVIDER_TYPES: tuple[ProviderType, ...] = ("OIDC", "SAML")


# SAML attribute claims as identity providers name them (the WS-Federation claim URIs).
_SAML_CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/"


class CognitoInboundFederationAttributes(TypedDict, total=False):
    # OIDC (and social) providers: the token endpoint's response, the ID token's claims and userInfo.
    tokenResponse: dict[str, str]
    idToken: dict[str, str]
    userInfo: dict[str, str]
    # SAML providers: the assertion's attributes.
    samlResponse: dict[str, str]


class CognitoInboundFederationRequest(TypedDict):
    providerName: str
    providerType: ProviderType
    attributes: CognitoInboundFederationAttributes


class CognitoInboundFederationResponse(TypedDict):
    userAttributesToMap: dict[str, str]


class CognitoInboundFederationEvent(TypedDict):
    version: str
    triggerSource: Literal["InboundFederation_ExternalProvider"]
    region: str
    userPoolId: str
    userName: str
    callerContext: CognitoCallerContext
    request: CognitoInboundFederationRequest
    response: CognitoInboundFederationResponse


FEDERATION_SHORTHANDS = ("provider_type", "provider_name", "email", "user_attributes")


def _jwt_like(gen: Gen) -> str:
    # An opaque access token: three base64url parts, as the provider issued it.
    return ".".join(b64url(gen.random.randbytes(n)) for n in (36, 180, 256))


def cognito_inbound_federation_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoInboundFederationEvent:
    """A user signing in through an external OIDC or SAML provider; the response pre-holds the mapped attributes."""
    provider_type = one_of(shorthands, "provider_type", PROVIDER_TYPES)
    first, last = gen.pick("first_name"), gen.pick("last_name")
    email = text(shorthands, "email", gen.pick("email"), empty=True)
    provider = text(
        shorthands, "provider_name", f"{gen.pick('company').split()[0].strip(',')}{provider_type}", empty=True
    )
    subject = gen.uuid()
    attributes: CognitoInboundFederationAttributes
    if provider_type == "OIDC":
        # Cognito passes every value as a string ("expires_in": "3600", "email_verified": "true").
        attributes = {
            "tokenResponse": {"access_token": _jwt_like(gen), "token_type": "Bearer", "expires_in": "3600"},
            "idToken": {"sub": subject, "email": email, "email_verified": "true"},
            "userInfo": {"email": email, "given_name": first, "family_name": last},
        }
    else:
        attributes = {
            "samlResponse": {
                f"{_SAML_CLAIMS}emailaddress": email,
                f"{_SAML_CLAIMS}givenname": first,
                f"{_SAML_CLAIMS}surname": last,
            }
        }
    mapped = {"email": email, "given_name": first, "family_name": last}
    if "user_attributes" in shorthands:
        mapped = text_map(shorthands["user_attributes"], "user_attributes")
    # Cognito names federated users "<provider name>_<subject at the provider>".
    username = f"{provider}_{subject if provider_type == 'OIDC' else email}"
    request: CognitoInboundFederationRequest = {
        "providerName": provider,
        "providerType": provider_type,
        "attributes": attributes,
    }
    return cast(
        CognitoInboundFederationEvent,
        envelope(gen, "InboundFederation_ExternalProvider", username, request, {"userAttributesToMap": mapped}),
    )


register(
    EventSource(
        "cognito_inbound_federation",
        "Amazon Cognito user pool inbound federation trigger (OIDC or SAML sign-in)",
        cognito_inbound_federation_event,  # type: ignore[arg-type]
        FEDERATION_SHORTHANDS,
        docs="https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-inbound-federation.html",
        variants={"provider_type": " | ".join(PROVIDER_TYPES)},
    )
)
