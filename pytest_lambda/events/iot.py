"""AWS IoT events: a topic rule's Lambda action (the rule's SQL output, or a registry event it forwards),
a custom authorizer, and fleet provisioning's pre-provisioning hook.

https://docs.aws.amazon.com/iot/latest/developerguide/lambda-rule-action.html (the function receives what
the rule's SELECT produces), https://docs.aws.amazon.com/iot/latest/developerguide/iot-sql-functions.html
(topic(), timestamp()), https://docs.aws.amazon.com/iot/latest/developerguide/iot-lambda-rule.html
(the AWS IoT button's message: serialNumber, clickType, batteryVoltage),
https://docs.aws.amazon.com/iot/latest/developerguide/registry-events.html (registry events),
https://docs.aws.amazon.com/iot/latest/developerguide/custom-auth-lambda.html and
https://docs.aws.amazon.com/iot/latest/developerguide/custom-auth.html (what the authorizer gets per
protocol) and https://docs.aws.amazon.com/iot/latest/developerguide/pre-provisioning-hook.html (the hook's input).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import (
    ALNUM,
    LOWER_ALNUM,
    URLSAFE,
    Gen,
    b64,
    choice,
    flag,
    override_error,
    strings,
    text,
    text_map,
)
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "IoTButtonEvent",
    "IoTConnectionMetadata",
    "IoTCustomAuthorizerEvent",
    "IoTPreProvisionHookEvent",
    "IoTProtocolData",
    "IoTProtocolDataHttp",
    "IoTProtocolDataMqtt",
    "IoTProtocolDataTls",
    "IoTRegistryEvent",
    "IoTTelemetryEvent",
    "iot_custom_authorizer_event",
    "iot_event",
    "iot_preprovision_hook_event",
    "iot_registry_event",
]


class IoTTelemetryEvent(TypedDict):
    """``SELECT *, topic() AS topic, timestamp() AS timestamp FROM 'devices/+/telemetry'``."""

    deviceId: str
    temperature: float
    humidity: float
    pressure: float
    battery: int
    firmware: str
    topic: str
    timestamp: int  # epoch milliseconds, from the rule's timestamp()


class IoTButtonEvent(TypedDict):
    """``SELECT * FROM 'iotbutton/+'``: the AWS IoT button's own message."""

    serialNumber: str
    clickType: Literal["SINGLE", "DOUBLE", "LONG"]
    batteryVoltage: str


DEVICES = ("sensor", "button")
CLICK_TYPES: tuple[Literal["SINGLE", "DOUBLE", "LONG"], ...] = ("SINGLE", "DOUBLE", "LONG")
SHORTHANDS = ("payload", "device", "topic", "click_type")
VARIANTS = {"device": " | ".join(DEVICES), "click_type": " | ".join(CLICK_TYPES)}


def iot_event(gen: Gen, shorthands: dict[str, Any]) -> dict[str, Any]:
    """The rule's output: ``payload`` as given, or a sensor's telemetry / an IoT button click (``device``)."""
    device = choice(shorthands, "device", DEVICES, "sensor")
    if "click_type" in shorthands and device != "button":
        raise override_error("click_type applies to device='button' only")
    if "topic" in shorthands and (device != "sensor" or "payload" in shorthands):
        raise override_error(
            "topic applies to the generated sensor telemetry; with payload=, put the topic in the payload"
        )
    if "payload" in shorthands:
        payload = shorthands["payload"]
        # A rule's SELECT always produces a JSON object, whatever the device published.
        if not isinstance(payload, Mapping):
            raise override_error(f"payload must be a dict (the JSON object the rule's SQL selects), got {payload!r}")
        return dict(payload)
    if device == "button":
        button: IoTButtonEvent = {
            "serialNumber": "G030" + gen.alnum(12),  # button serial numbers: G030 and 12 more characters
            "clickType": choice(shorthands, "click_type", CLICK_TYPES, "SINGLE"),
            "batteryVoltage": f"{gen.integer(1500, 2000)}mV",
        }
        return dict(button)
    device_id = f"sensor-{gen.hex(8)}"
    topic = shorthands.get("topic", f"devices/{device_id}/telemetry")
    if not isinstance(topic, str) or not topic or topic.startswith("/"):
        raise override_error(f"topic must be an MQTT topic such as 'devices/sensor-1/telemetry', got {topic!r}")
    telemetry: IoTTelemetryEvent = {
        "deviceId": device_id,
        "temperature": round(gen.integer(150, 300) / 10, 1),
        "humidity": round(gen.integer(300, 700) / 10, 1),
        "pressure": round(gen.integer(9_900, 10_300) / 10, 1),
        "battery": gen.integer(20, 100),
        "firmware": f"{gen.integer(1, 3)}.{gen.integer(0, 9)}.{gen.integer(0, 20)}",
        "topic": topic,
        "timestamp": gen.ms_ago(1_000),
    }
    return dict(telemetry)


register(
    EventSource(
        "iot",
        "An AWS IoT topic rule's Lambda action (the rule's SQL output: device telemetry or an IoT button click)",
        iot_event,
        SHORTHANDS,
        aliases=("iot_rule",),
        docs="https://docs.aws.amazon.com/iot/latest/developerguide/lambda-rule-action.html",
        variants=VARIANTS,
    )
)


# -- iot_custom_authorizer: a device connecting with custom authentication ----------------------------------


class IoTProtocolDataTls(TypedDict):
    serverName: str  # the TLS SNI host name


class IoTProtocolDataHttp(TypedDict):
    headers: dict[str, str]
    queryString: str  # "?name=value", as the request carried it


class IoTProtocolDataMqtt(TypedDict, total=False):
    username: str
    password: str  # base64
    clientId: str  # only when the device sends one


class IoTProtocolData(TypedDict, total=False):
    tls: IoTProtocolDataTls
    http: IoTProtocolDataHttp
    mqtt: IoTProtocolDataMqtt


class IoTConnectionMetadata(TypedDict):
    id: str


class _IoTCustomAuthorizerEventBase(TypedDict):
    signatureVerified: bool
    protocols: list[str]
    protocolData: IoTProtocolData
    connectionMetadata: IoTConnectionMetadata


class IoTCustomAuthorizerEvent(_IoTCustomAuthorizerEventBase, total=False):
    token: str  # when the device passed a token under the authorizer's token key name


# How the device connects: MQTT (TLS), HTTPS publish, or MQTT over a WebSocket (an HTTP upgrade).
AUTHORIZER_PROTOCOLS = ("mqtt", "https", "mqtt_wss")
AUTHORIZER_SHORTHANDS = (
    "protocol",
    "token",
    "signature_verified",
    "username",
    "password",
    "client_id",
    "headers",
    "authorizer",
)
_TOKEN_KEY = "x-token"  # the authorizer's TokenKeyName


def iot_custom_authorizer_event(gen: Gen, shorthands: dict[str, Any]) -> IoTCustomAuthorizerEvent:
    """A device connecting with custom authentication: its ``token`` or MQTT ``username``/``password``."""
    protocol = choice(shorthands, "protocol", AUTHORIZER_PROTOCOLS, "mqtt")
    verified = flag(shorthands, "signature_verified", False)
    authorizer = text(shorthands, "authorizer", f"{gen.pick('word')}-authorizer")
    if protocol == "https" and any(k in shorthands for k in ("username", "password", "client_id")):
        raise override_error("username, password and client_id apply to protocol='mqtt' or 'mqtt_wss' (MQTT CONNECT)")
    if protocol == "mqtt" and "headers" in shorthands:
        raise override_error("headers apply to protocol='https' or 'mqtt_wss' (an HTTP request)")
    # HTTP requests carry the token in a header; an MQTT device sends one only if it chooses to.
    token: str | None = None
    if "token" in shorthands or protocol != "mqtt":
        token = text(shorthands, "token", gen.token(40, URLSAFE))
    endpoint = f"{gen.token(14, LOWER_ALNUM)}-ats.iot.{gen.region}.{gen.dns_suffix}"
    signature = b64(gen.random.randbytes(256)) if verified else None
    data: IoTProtocolData = {"tls": {"serverName": endpoint}}
    protocols = ["tls"]
    if protocol != "mqtt":
        headers = {
            "host": endpoint,
            "user-agent": gen.pick("user_agent"),
            "x-amz-customauthorizer-name": authorizer,
            _TOKEN_KEY: token or "",
        }
        if signature is not None:
            headers["x-amz-customauthorizer-signature"] = signature
        if protocol == "mqtt_wss":
            headers |= {"connection": "Upgrade", "upgrade": "websocket", "sec-websocket-protocol": "mqtt"}
        headers.update(strings(shorthands, "headers"))
        query = "?qos=1" if protocol == "https" else ""  # HTTPS publish: POST /topics/<topic>?qos=1
        data["http"] = {"headers": headers, "queryString": query}
        protocols.append("http")
    if protocol != "https":
        mqtt: IoTProtocolDataMqtt = {}
        if "username" in shorthands or protocol == "mqtt":
            user = text(shorthands, "username", f"{gen.pick('word')}-device-{gen.digits(4)}")
            if protocol == "mqtt":
                # Over MQTT, the authorizer name (and a token) ride in the username's query string.
                extra = {"x-amz-customauthorizer-name": authorizer}
                if token is not None:
                    extra[_TOKEN_KEY] = token
                if signature is not None:
                    extra["x-amz-customauthorizer-signature"] = signature
                user = f"{user}?{urllib.parse.urlencode(extra)}"
            mqtt["username"] = user
        if "password" in shorthands or protocol == "mqtt":
            raw = shorthands.get("password", gen.token(24, ALNUM))
            if not isinstance(raw, (str, bytes, bytearray)):
                raise override_error(f"password must be a str or bytes (sent base64-encoded), got {raw!r}")
            mqtt["password"] = b64(bytes(raw) if isinstance(raw, (bytes, bytearray)) else raw)
        client_id = shorthands.get("client_id", f"{gen.pick('word')}-{gen.hex(8)}")
        if client_id is not None:
            if not isinstance(client_id, str) or not client_id:
                raise override_error(
                    f"client_id must be a non-empty str, or None when the device sends none, got {client_id!r}"
                )
            mqtt["clientId"] = client_id
        data["mqtt"] = mqtt
        protocols.append("mqtt")
    event: IoTCustomAuthorizerEvent = {
        "signatureVerified": verified,
        "protocols": protocols,
        "protocolData": data,
        "connectionMetadata": {"id": gen.uuid()},
    }
    if token is not None:
        event = {"token": token, **event}
    return event


register(
    EventSource(
        "iot_custom_authorizer",
        "An AWS IoT Core custom authorizer (a device connecting with custom authentication)",
        iot_custom_authorizer_event,  # type: ignore[arg-type]
        AUTHORIZER_SHORTHANDS,
        docs="https://docs.aws.amazon.com/iot/latest/developerguide/custom-auth-lambda.html",
        variants={
            "protocol": "mqtt (default: tls+mqtt) | https (tls+http: HTTPS publish) | mqtt_wss (tls+http+mqtt)",
            "signature_verified": "False (default) | True (token signing on: the gateway checked the signature)",
        },
    )
)


# -- iot_registry: registry events (things, thing types, thing groups) from a topic rule --------------------

IoTRegistryEvent = dict[str, Any]  # one of the six registry messages, by eventType

REGISTRY_EVENT_TYPES = (
    "THING_EVENT",
    "THING_TYPE_EVENT",
    "THING_TYPE_ASSOCIATION_EVENT",
    "THING_GROUP_EVENT",
    "THING_GROUP_MEMBERSHIP_EVENT",
    "THING_GROUP_HIERARCHY_EVENT",
)
_CRUD = ("CREATED", "UPDATED", "DELETED")
_ADD_REMOVE = ("ADDED", "REMOVED")
_OPERATIONS = {
    "THING_EVENT": _CRUD,
    "THING_TYPE_EVENT": _CRUD,
    "THING_TYPE_ASSOCIATION_EVENT": _ADD_REMOVE,
    "THING_GROUP_EVENT": _CRUD,
    "THING_GROUP_MEMBERSHIP_EVENT": _ADD_REMOVE,
    "THING_GROUP_HIERARCHY_EVENT": _ADD_REMOVE,
}
REGISTRY_SHORTHANDS = ("event_type", "operation", "thing_name", "thing_type", "group", "attributes")
_THING_NAME = re.compile(r"[a-zA-Z0-9:_-]{1,128}")


def _attributes(gen: Gen, shorthands: Mapping[str, Any]) -> dict[str, str]:
    if "attributes" not in shorthands:
        return {
            "model": f"{gen.pick('word')}-{gen.integer(1, 9)}",
            "firmware": f"{gen.integer(1, 4)}.{gen.integer(0, 20)}",
        }
    return strings(shorthands, "attributes")


def _registry_name(shorthands: Mapping[str, Any], name: str, default: str) -> str:
    value = text(shorthands, name, default)
    if not _THING_NAME.fullmatch(value):
        raise override_error(f"{name} must be 1 to 128 letters, digits, ':', '_' or '-', got {value!r}")
    return value


def iot_registry_event(gen: Gen, shorthands: dict[str, Any]) -> IoTRegistryEvent:
    """A registry message (``event_type``, ``operation``) about a thing, thing type or thing group."""
    event_type = choice(shorthands, "event_type", REGISTRY_EVENT_TYPES, "THING_EVENT")
    valid = _OPERATIONS[event_type]
    operation = choice(shorthands, "operation", valid, valid[0])
    for name, applies in (
        ("thing_name", ("THING_EVENT", "THING_TYPE_ASSOCIATION_EVENT", "THING_GROUP_MEMBERSHIP_EVENT")),
        ("thing_type", ("THING_EVENT", "THING_TYPE_EVENT", "THING_TYPE_ASSOCIATION_EVENT")),
        ("group", ("THING_GROUP_EVENT", "THING_GROUP_MEMBERSHIP_EVENT", "THING_GROUP_HIERARCHY_EVENT")),
        ("attributes", ("THING_EVENT", "THING_GROUP_EVENT")),
    ):
        if name in shorthands and event_type not in applies:
            raise override_error(f"{name} applies to event_type {', '.join(map(repr, applies))}, not {event_type!r}")
    word = gen.pick("word")
    thing = _registry_name(shorthands, "thing_name", f"{word}-sensor-{gen.digits(4)}")
    thing_type = _registry_name(shorthands, "thing_type", f"{word.title()}Sensor")
    group = _registry_name(shorthands, "group", f"{gen.pick('city').replace(' ', '')}-{word}s")
    # Registry messages carry epoch milliseconds (https://docs.aws.amazon.com/iot/latest/developerguide/registry-events.html).
    head: dict[str, Any] = {
        "eventType": event_type,
        "eventId": gen.uuid(),
        "timestamp": gen.ms_ago(1_000),
        "operation": operation,
    }
    version = 1 if operation == "CREATED" else gen.integer(2, 12)
    if event_type == "THING_EVENT":
        thing_type_name = shorthands.get("thing_type", thing_type if gen.random.random() < 0.5 else None)
        return {
            **head,
            "accountId": gen.account_id,
            "thingId": gen.uuid(),
            "thingName": thing,
            "versionNumber": version,
            "thingTypeName": thing_type_name,
            "attributes": _attributes(gen, shorthands),
        }
    if event_type == "THING_TYPE_EVENT":
        return {
            **head,
            "accountId": gen.account_id,
            "thingTypeId": gen.uuid(),
            "thingTypeName": thing_type,
            "isDeprecated": False,
            "deprecationDate": None,
            "searchableAttributes": ["model", "firmware"],
            "propagatingAttributes": [
                {"userPropertyKey": "model", "thingAttribute": "model"},
                {"userPropertyKey": "clientId", "connectionAttribute": "iot:ClientId"},
            ],
            "description": f"{thing_type} devices",
        }
    if event_type == "THING_TYPE_ASSOCIATION_EVENT":
        return {**head, "thingId": gen.uuid(), "thingName": thing, "thingTypeName": thing_type}
    group_id = gen.uuid()
    if event_type == "THING_GROUP_EVENT":
        # A nested group names its parent; rootToParentThingGroups runs from the root down to that parent.
        depth = gen.integer(0, 2)
        ancestors = [
            (f"{gen.pick('word')}-fleet" if i == 0 else f"{gen.pick('word')}-zone-{i}", gen.uuid())
            for i in range(depth)
        ]
        return {
            **head,
            "accountId": gen.account_id,
            "thingGroupId": group_id,
            "thingGroupName": group,
            "versionNumber": version,
            "parentGroupName": ancestors[-1][0] if ancestors else None,
            "parentGroupId": ancestors[-1][1] if ancestors else None,
            "description": f"Devices of {group}",
            "rootToParentThingGroups": [
                {"groupArn": gen.arn("iot", f"thinggroup/{name}"), "groupId": ident} for name, ident in ancestors
            ],
            "attributes": _attributes(gen, shorthands),
            "dynamicGroupMappingId": None,
        }
    if event_type == "THING_GROUP_MEMBERSHIP_EVENT":
        return {
            **head,
            "accountId": gen.account_id,
            "groupArn": gen.arn("iot", f"thinggroup/{group}"),
            "groupId": group_id,
            "thingArn": gen.arn("iot", f"thing/{thing}"),
            "thingId": gen.uuid(),
            "membershipId": gen.uuid(),
        }
    return {
        **head,
        "accountId": gen.account_id,
        "thingGroupId": group_id,
        "thingGroupName": group,
        "childGroupId": gen.uuid(),
        "childGroupName": f"{group}-{gen.pick('word')}",
    }


register(
    EventSource(
        "iot_registry",
        "An AWS IoT registry event (thing, thing type or thing group change) from a topic rule",
        iot_registry_event,
        REGISTRY_SHORTHANDS,
        aliases=("iot_registry_events",),
        docs="https://docs.aws.amazon.com/iot/latest/developerguide/registry-events.html",
        variants={
            "event_type": " | ".join(REGISTRY_EVENT_TYPES) + " (default THING_EVENT)",
            "operation": "CREATED | UPDATED | DELETED (thing, thing type, thing group); "
            "ADDED | REMOVED (type association, group membership, group hierarchy)",
        },
    )
)


# -- iot_preprovision_hook: fleet provisioning's pre-provisioning hook --------------------------------------


class IoTPreProvisionHookEvent(TypedDict):
    claimCertificateId: str
    certificateId: str
    certificatePem: str
    templateArn: str
    clientId: str
    parameters: dict[str, str]


PREPROVISION_SHORTHANDS = ("parameters", "template", "client_id")


def _certificate_pem(gen: Gen) -> str:
    """A PEM-armoured certificate body (random DER-sized bytes, 64-character lines)."""
    body = b64(b"\x30\x82\x03\x5a" + gen.random.randbytes(858))
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


def iot_preprovision_hook_event(gen: Gen, shorthands: dict[str, Any]) -> IoTPreProvisionHookEvent:
    """A device asking to be provisioned from a fleet template; ``parameters`` are the device's RegisterThing ones."""
    serial = f"{gen.pick('word')}-{gen.digits(6)}"
    parameters = text_map(
        shorthands.get("parameters", {"SerialNumber": serial, "DeviceLocation": gen.pick("city")}), "parameters"
    )
    template = text(shorthands, "template", f"{gen.pick('word').capitalize()}FleetTemplate", empty=True)
    return {
        # Certificate ids are 64 hex digits (the certificate's SHA-256).
        "claimCertificateId": gen.hex(64),
        "certificateId": gen.hex(64),
        "certificatePem": _certificate_pem(gen),
        "templateArn": gen.arn("iot", f"provisioningtemplate/{template}"),
        "clientId": text(shorthands, "client_id", gen.uuid(), empty=True),
        "parameters": parameters,
    }


register(
    EventSource(
        "iot_preprovision_hook",
        "AWS IoT fleet provisioning pre-provisioning hook",
        iot_preprovision_hook_event,  # type: ignore[arg-type]
        PREPROVISION_SHORTHANDS,
        docs="https://docs.aws.amazon.com/iot/latest/developerguide/pre-provisioning-hook.html",
    )
)
