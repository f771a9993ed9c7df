"""Alexa events: a custom skill's request envelope and a smart home skill's directive, sent to the skill's Lambda.

https://docs.aws.amazon.com/lambda/latest/dg/services-alexa.html (Alexa invokes the skill's function) with
Amazon's reference for the payloads: custom skills
https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html and
https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-types-reference.html (LaunchRequest,
IntentRequest, SessionEndedRequest); smart home skills
https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-discovery.html (Discover) and
https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-powercontroller.html (TurnOn, TurnOff), payload
version 3; version 2 (``DiscoverAppliancesRequest``, ``TurnOnRequest``...) is the retired API the
``sam local generate-event alexa-smart-home`` templates still show.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import Gen, b64, b64url, choice, override_error
from pytest_lambda.events._registry import EventSource, register, register_preset

__all__ = [
    "AlexaApplication",
    "AlexaContext",
    "AlexaDevice",
    "AlexaIntent",
    "AlexaRequest",
    "AlexaSession",
    "AlexaSkillsKitEvent",
    "AlexaSlot",
    "AlexaSmartHomeEvent",
    "AlexaSmartHomeV2Event",
    "AlexaSmartHomeV3Event",
    "AlexaSystem",
    "AlexaUser",
    "alexa_skills_kit_event",
    "alexa_smart_home_event",
]


# -- custom skills (Alexa Skills Kit) ---------------------------------------------------------------------


class AlexaApplication(TypedDict):
    applicationId: str  # amzn1.ask.skill.<uuid>


class AlexaUser(TypedDict):
    userId: str  # amzn1.ask.account.<id>, one per skill and Amazon account


class AlexaDevice(TypedDict):
    deviceId: str
    supportedInterfaces: dict[str, Any]


class AlexaSystem(TypedDict):
    application: AlexaApplication
    user: AlexaUser
    device: AlexaDevice
    apiEndpoint: str
    apiAccessToken: str


class _AlexaContextBase(TypedDict):
    System: AlexaSystem


class AlexaContext(_AlexaContextBase, total=False):
    AudioPlayer: dict[str, Any]  # on devices with the AudioPlayer interface


class AlexaSession(TypedDict):
    new: bool
    sessionId: str
    application: AlexaApplication
    attributes: dict[str, Any]  # what the skill's last response saved; empty in a new session
    user: AlexaUser


class _AlexaSlotBase(TypedDict):
    name: str
    confirmationStatus: Literal["NONE", "CONFIRMED", "DENIED"]


class AlexaSlot(_AlexaSlotBase, total=False):
    value: str  # absent while the slot is unfilled
    source: str  # "USER" for a value the user spoke


class AlexaIntent(TypedDict):
    name: str
    confirmationStatus: Literal["NONE", "CONFIRMED", "DENIED"]
    slots: dict[str, AlexaSlot]


class _AlexaRequestBase(TypedDict):
    type: Literal["LaunchRequest", "IntentRequest", "SessionEndedRequest"]
    requestId: str
    timestamp: str  # ISO 8601, whole seconds: 2024-05-17T09:30:12Z
    locale: str


class AlexaRequest(_AlexaRequestBase, total=False):
    intent: AlexaIntent  # IntentRequest
    reason: Literal["USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS"]  # SessionEndedRequest
    error: dict[str, str]  # SessionEndedRequest with reason ERROR: type and message


class AlexaSkillsKitEvent(TypedDict):
    version: str
    session: AlexaSession
    context: AlexaContext
    request: AlexaRequest


REQUEST_TYPES = ("IntentRequest", "LaunchRequest", "SessionEndedRequest")
END_REASONS = ("USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS")
SHORTHANDS = ("request_type", "intent", "slots", "session_attributes", "locale", "reason")
VARIANTS = {"request_type": " | ".join(REQUEST_TYPES), "reason": " | ".join(END_REASONS) + " (SessionEndedRequest)"}

# The skill's Alexa API endpoint follows the region of the user's locale (North America, Europe, Far East).
_EU_LOCALES = frozenset({"en-GB", "en-IN", "de-DE", "es-ES", "fr-FR", "it-IT", "hi-IN", "ar-SA"})
_FE_LOCALES = frozenset({"ja-JP", "en-AU"})
_LOCALE = re.compile(r"[a-z]{2}-[A-Z]{2}")
_ID_BYTES = bytes.maketrans(b"+/", b"27")
_COLORS = ("blue", "green", "red", "yellow", "purple", "orange")
_RECIPES = ("snowball", "cake", "torch", "bread", "compass", "diamond pickaxe")


def _opaque_id(gen: Gen) -> str:
    """The opaque part of a user or device id: 207 uppercase letters and digits, unique per skill."""
    return base64.b64encode(gen.random.randbytes(156)).upper().translate(_ID_BYTES).decode()[:207]


def _api_endpoint(locale: str) -> str:
    if locale in _EU_LOCALES:
        return "https://api.eu.amazonalexa.com"
    if locale in _FE_LOCALES:
        return "https://api.fe.amazonalexa.com"
    return "https://api.amazonalexa.com"


def _access_token(gen: Gen, application_id: str, user_id: str, device_id: str, issued_s: int) -> str:
    """The apiAccessToken: a signed JWT for the Alexa APIs, naming the skill, the user and the device."""
    header = {"typ": "JWT", "alg": "RS256", "kid": "1"}
    claims = {
        "aud": "https://api.amazonalexa.com",
        "iss": "AlexaSkillKit",
        "sub": application_id,
        "exp": issued_s + 3600,
        "iat": issued_s,
        "nbf": issued_s,
        "privateClaims": {"userId": user_id, "deviceId": device_id},
    }
    signature = b64url(gen.random.randbytes(256))  # RS256: a 2048-bit signature
    parts = (b64url(json.dumps(part, separators=(",", ":"))) for part in (header, claims))
    return ".".join((*parts, signature))


def _intent_template(gen: Gen) -> tuple[str, dict[str, str | None]]:
    """One of the sample skills' intents with its slots as the user filled them."""
    kind = gen.integer(0, 4)
    if kind == 0:
        return "GetNewFactIntent", {}
    if kind == 1:
        return "MyColorIsIntent", {"Color": gen.random.choice(_COLORS)}
    if kind == 2:
        return "RecipeIntent", {"Item": gen.random.choice(_RECIPES)}
    if kind == 3:
        return "AnswerIntent", {"Answer": str(gen.integer(1, 4))}
    return "AMAZON.HelpIntent", {}


def _slots(value: Any) -> dict[str, str | None]:
    if not isinstance(value, Mapping):
        raise override_error(
            f"slots must be a dict of slot names to values (str, or None when unfilled), got {value!r}"
        )
    for name, slot in value.items():
        if not isinstance(name, str) or (slot is not None and not isinstance(slot, str)):
            raise override_error(f"slot {name!r} must be a str (what the user said) or None (unfilled), got {slot!r}")
    return dict(value)


def _slot(name: str, value: str | None) -> AlexaSlot:
    if value is None:
        return {"name": name, "confirmationStatus": "NONE"}
    return {"name": name, "value": value, "confirmationStatus": "NONE", "source": "USER"}


def alexa_skills_kit_event(gen: Gen, shorthands: dict[str, Any]) -> AlexaSkillsKitEvent:
    """A custom skill's request: the session, the device's context and the request (launch, intent or end)."""
    request_type = choice(shorthands, "request_type", REQUEST_TYPES, "IntentRequest")
    if request_type != "IntentRequest" and ("intent" in shorthands or "slots" in shorthands):
        raise override_error(f"intent and slots belong to an IntentRequest (request_type is {request_type!r})")
    if request_type != "SessionEndedRequest" and "reason" in shorthands:
        raise override_error(f"reason belongs to a SessionEndedRequest (request_type is {request_type!r})")
    locale = shorthands.get("locale", "en-US")
    if not isinstance(locale, str) or not _LOCALE.fullmatch(locale):
        raise override_error(f"locale must be an Alexa locale such as 'en-US', got {locale!r}")
    attributes = shorthands.get("session_attributes", {})
    if not isinstance(attributes, Mapping) or not all(isinstance(k, str) for k in attributes):
        raise override_error(f"session_attributes must be a dict with str keys, got {attributes!r}")
    # A LaunchRequest opens the session: "The attributes map is empty for requests where a new session has started".
    new = request_type == "LaunchRequest"
    if new and attributes:
        raise override_error("session_attributes: a LaunchRequest starts a new session, which has no attributes yet")

    application: AlexaApplication = {"applicationId": f"amzn1.ask.skill.{gen.uuid()}"}
    user: AlexaUser = {"userId": f"amzn1.ask.account.{_opaque_id(gen)}"}
    device_id = f"amzn1.ask.device.{_opaque_id(gen)}"
    sent_ms = gen.ms_ago(2_000)  # Alexa rejects requests whose timestamp is over 150 seconds old
    request: AlexaRequest = {
        "type": request_type,  # type: ignore[typeddict-item]
        "requestId": f"amzn1.echo-api.request.{gen.uuid()}",
        "timestamp": Gen.iso(sent_ms, millis=False),
        "locale": locale,
    }
    if request_type == "IntentRequest":
        intent_name, slot_values = _intent_template(gen)
        if "intent" in shorthands:
            intent_name = shorthands["intent"]
            if not isinstance(intent_name, str) or not intent_name:
                raise override_error(f"intent must be the intent's name, got {intent_name!r}")
            slot_values = {}
        if "slots" in shorthands:
            slot_values = _slots(shorthands["slots"])
        request["intent"] = {
            "name": intent_name,
            "confirmationStatus": "NONE",
            "slots": {name: _slot(name, value) for name, value in slot_values.items()},
        }
    elif request_type == "SessionEndedRequest":
        reason = choice(shorthands, "reason", END_REASONS, "USER_INITIATED")
        request["reason"] = reason  # type: ignore[typeddict-item]
        if reason == "ERROR":
            # The error that ended the session: most often the skill's own invalid response.
            request["error"] = {
                "type": "INVALID_RESPONSE",
                "message": "An exception occurred while dispatching the request to the skill.",
            }
    return {
        "version": "1.0",
        "session": {
            "new": new,
            "sessionId": f"amzn1.echo-api.session.{gen.uuid()}",
            # The same ids as the context's, in objects of their own (an override of one leaves the other).
            "application": {"applicationId": application["applicationId"]},
            "attributes": dict(attributes),
            "user": {"userId": user["userId"]},
        },
        "context": {
            "AudioPlayer": {"playerActivity": "IDLE"},
            "System": {
                "application": application,
                "user": user,
                "device": {"deviceId": device_id, "supportedInterfaces": {"AudioPlayer": {}}},
                "apiEndpoint": _api_endpoint(locale),
                "apiAccessToken": _access_token(
                    gen, application["applicationId"], user["userId"], device_id, sent_ms // 1000
                ),
            },
        },
        "request": request,
    }


register(
    EventSource(
        "alexa_skills_kit",
        "An Alexa custom skill's request (launch, intent or session end)",
        alexa_skills_kit_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("alexa",),
        docs="https://docs.aws.amazon.com/lambda/latest/dg/services-alexa.html",
        variants=VARIANTS,
    )
)


# -- smart home skills ------------------------------------------------------------------------------------


class AlexaSmartHomeScope(TypedDict):
    type: Literal["BearerToken"]
    token: str  # the user's access token from account linking


class _AlexaSmartHomeHeaderBase(TypedDict):
    namespace: str
    name: str
    payloadVersion: Literal["3"]
    messageId: str


class AlexaSmartHomeHeader(_AlexaSmartHomeHeaderBase, total=False):
    correlationToken: str  # directives answered with an event (TurnOn, TurnOff), not Discover


class AlexaSmartHomeEndpoint(TypedDict):
    scope: AlexaSmartHomeScope
    endpointId: str
    cookie: dict[str, str]


class _AlexaSmartHomeDirectiveBase(TypedDict):
    header: AlexaSmartHomeHeader
    payload: dict[str, Any]


class AlexaSmartHomeDirective(_AlexaSmartHomeDirectiveBase, total=False):
    endpoint: AlexaSmartHomeEndpoint  # the device a control directive targets


class AlexaSmartHomeV3Event(TypedDict):
    directive: AlexaSmartHomeDirective


class AlexaSmartHomeV2Header(TypedDict):
    messageId: str
    name: str
    namespace: str
    payloadVersion: Literal["2"]


class AlexaSmartHomeV2Event(TypedDict):
    header: AlexaSmartHomeV2Header
    payload: dict[str, Any]


AlexaSmartHomeEvent = AlexaSmartHomeV3Event | AlexaSmartHomeV2Event

DIRECTIVES = ("Discover", "TurnOn", "TurnOff")
PAYLOAD_VERSIONS = ("3", "2")
SMART_HOME_SHORTHANDS = ("directive_name", "payload_version", "endpoint_id", "access_token")
SMART_HOME_VARIANTS = {
    "directive_name": " | ".join(DIRECTIVES),
    "payload_version": " | ".join(PAYLOAD_VERSIONS) + " (2: the retired v2 API's envelope)",
}
# Version 2's names for the same directives.
_V2_NAMES = {
    "Discover": ("Alexa.ConnectedHome.Discovery", "DiscoverAppliancesRequest"),
    "TurnOn": ("Alexa.ConnectedHome.Control", "TurnOnRequest"),
    "TurnOff": ("Alexa.ConnectedHome.Control", "TurnOffRequest"),
}
_ENDPOINT_ID = re.compile(r"[A-Za-z0-9 _\-=#;:?@&]{1,256}")  # endpointId's documented characters


def alexa_smart_home_event(gen: Gen, shorthands: dict[str, Any]) -> AlexaSmartHomeEvent:
    """A smart home directive: discovery of the user's devices, or turning one on or off."""
    name = choice(shorthands, "directive_name", DIRECTIVES, "Discover")
    version = choice(shorthands, "payload_version", PAYLOAD_VERSIONS, "3")
    if name == "Discover" and "endpoint_id" in shorthands:
        raise override_error("endpoint_id belongs to a TurnOn or TurnOff directive: Discover targets no device")
    token = shorthands["access_token"] if "access_token" in shorthands else f"Atza|{b64url(gen.random.randbytes(135))}"
    if not isinstance(token, str) or not token:
        raise override_error(f"access_token must be a non-empty str, got {token!r}")
    if "endpoint_id" in shorthands:
        endpoint_id = shorthands["endpoint_id"]
        if not isinstance(endpoint_id, str) or not _ENDPOINT_ID.fullmatch(endpoint_id):
            raise override_error(
                f"endpoint_id must be 1 to 256 letters, digits, spaces or _-=#;:?@&, got {endpoint_id!r}"
            )
    else:
        endpoint_id = f"{gen.pick('word')}-light-{gen.digits(3)}"
    message_id = gen.uuid()
    if version == "2":
        namespace, v2_name = _V2_NAMES[name]
        payload: dict[str, Any] = {"accessToken": token}
        if name != "Discover":
            payload["appliance"] = {"additionalApplianceDetails": {}, "applianceId": endpoint_id}
        return {
            "header": {"messageId": message_id.upper(), "name": v2_name, "namespace": namespace, "payloadVersion": "2"},
            "payload": payload,
        }
    scope: AlexaSmartHomeScope = {"type": "BearerToken", "token": token}
    if name == "Discover":
        return {
            "directive": {
                "header": {
                    "namespace": "Alexa.Discovery",
                    "name": "Discover",
                    "payloadVersion": "3",
                    "messageId": message_id,
                },
                "payload": {"scope": scope},
            }
        }
    return {
        "directive": {
            "header": {
                "namespace": "Alexa.PowerController",
                "name": name,
                "payloadVersion": "3",
                "messageId": message_id,
                # Opaque: the skill echoes it in its Alexa.Response event.
                "correlationToken": b64(gen.random.randbytes(96)),
            },
            "endpoint": {"scope": scope, "endpointId": endpoint_id, "cookie": {}},
            "payload": {},
        }
    }


register(
    EventSource(
        "alexa_smart_home",
        "An Alexa smart home skill's directive (discovery, turn on, turn off)",
        alexa_smart_home_event,  # type: ignore[arg-type]
        SMART_HOME_SHORTHANDS,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/services-alexa.html",
        variants=SMART_HOME_VARIANTS,
    )
)

# `sam local generate-event alexa-skills-kit <kind>`: the sample skills' requests.
register_preset(
    "alexa-skills-kit:start-session", "alexa_skills_kit", "Alexa: a skill launched", request_type="LaunchRequest"
)
register_preset(
    "alexa-skills-kit:intent-answer",
    "alexa_skills_kit",
    "Alexa: the trivia skill's AnswerIntent mid-game",
    request_type="IntentRequest",
    intent="AnswerIntent",
    slots={"Answer": "1"},
    session_attributes={"STATE": "_TRIVIAMODE", "score": 0, "currentQuestionIndex": 0, "correctAnswerIndex": 3},
)
register_preset(
    "alexa-skills-kit:intent-getnewfact",
    "alexa_skills_kit",
    "Alexa: the fact skill's GetNewFactIntent",
    request_type="IntentRequest",
    intent="GetNewFactIntent",
    slots={},
)
register_preset(
    "alexa-skills-kit:intent-mycoloris",
    "alexa_skills_kit",
    "Alexa: the color skill's MyColorIsIntent",
    request_type="IntentRequest",
    intent="MyColorIsIntent",
    slots={"Color": "blue"},
)
register_preset(
    "alexa-skills-kit:intent-recipe",
    "alexa_skills_kit",
    "Alexa: the recipe skill's RecipeIntent",
    request_type="IntentRequest",
    intent="RecipeIntent",
    slots={"Item": "snowball"},
)
register_preset(
    "alexa-skills-kit:end-session",
    "alexa_skills_kit",
    "Alexa: the user ended the session",
    request_type="SessionEndedRequest",
    reason="USER_INITIATED",
)

# `sam local generate-event alexa-smart-home <kind>`, as Alexa sends them today (payload version 3).
register_preset(
    "alexa-smart-home:smart-home-discovery-request",
    "alexa_smart_home",
    "Alexa smart home: discover the user's devices",
    directive_name="Discover",
)
register_preset(
    "alexa-smart-home:smart-home-control-turn-on-request",
    "alexa_smart_home",
    "Alexa smart home: turn a device on",
    directive_name="TurnOn",
)
register_preset(
    "alexa-smart-home:smart-home-control-turn-off-request",
    "alexa_smart_home",
    "Alexa smart home: turn a device off",
    directive_name="TurnOff",
)
