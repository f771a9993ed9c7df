"""AWS IoT rule events: a topic rule's Lambda action, invoked with the rule's SQL output.

https://docs.aws.amazon.com/iot/latest/developerguide/lambda-rule-action.html (the function receives what
the rule's SELECT produces), https://docs.aws.amazon.com/iot/latest/developerguide/iot-sql-functions.html
(topic(), timestamp()) and https://docs.aws.amazon.com/iot/latest/developerguide/iot-lambda-rule.html
(the AWS IoT button's message: serialNumber, clickType, batteryVoltage).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import Gen, choice, override_error
from pytest_lambda.events._registry import EventSource, register

__all__ = ["IoTButtonEvent", "IoTTelemetryEvent", "iot_event"]


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
CLICK_TYPES = ("SINGLE", "DOUBLE", "LONG")
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
            "clickType": choice(shorthands, "click_type", CLICK_TYPES, "SINGLE"),  # type: ignore[typeddict-item]
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
