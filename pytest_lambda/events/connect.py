"""Amazon Connect contact flow events: a flow's "Invoke AWS Lambda function" block.

https://docs.aws.amazon.com/lambda/latest/dg/services-connect.html (example event) and
https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html (the event's
fields: contact data, the block's parameters, media streams once streaming started).
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import Gen, choice, override_error
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "ConnectContactData",
    "ConnectContactFlowEvent",
    "ConnectDetails",
    "ConnectEndpoint",
    "ConnectMediaStreamAudio",
    "ConnectMediaStreamCustomer",
    "ConnectMediaStreams",
    "ConnectQueue",
    "connect_event",
]


class ConnectEndpoint(TypedDict):
    Address: str
    Type: Literal["TELEPHONE_NUMBER"]


class ConnectQueue(TypedDict):
    ARN: str
    Name: str


class ConnectMediaStreamAudio(TypedDict):
    # All null until the flow starts media streaming to Kinesis Video Streams.
    StartFragmentNumber: str | None
    StartTimestamp: str | None  # epoch milliseconds, as a string
    StreamARN: str | None


class ConnectMediaStreamCustomer(TypedDict):
    Audio: ConnectMediaStreamAudio


class ConnectMediaStreams(TypedDict):
    Customer: ConnectMediaStreamCustomer


class ConnectContactData(TypedDict):
    Attributes: dict[str, str]
    Channel: str
    ContactId: str
    CustomerEndpoint: ConnectEndpoint | None
    InitialContactId: str
    InitiationMethod: str
    InstanceARN: str
    MediaStreams: ConnectMediaStreams
    PreviousContactId: str
    Queue: ConnectQueue | None  # null until the flow sets a working queue
    SystemEndpoint: ConnectEndpoint | None


class ConnectDetails(TypedDict):
    ContactData: ConnectContactData
    Parameters: dict[str, str]


class ConnectContactFlowEvent(TypedDict):
    Details: ConnectDetails
    Name: Literal["ContactFlowEvent"]


CHANNELS = ("VOICE", "CHAT")
INITIATION_METHODS = ("INBOUND", "OUTBOUND", "TRANSFER", "CALLBACK", "API")
SHORTHANDS = ("channel", "initiation_method", "parameters", "attributes", "customer_number", "queue", "media_streaming")
VARIANTS = {"channel": " | ".join(CHANNELS), "initiation_method": " | ".join(INITIATION_METHODS)}

_QUEUES = ("BasicQueue", "Sales", "Support", "Billing", "PasswordReset", "Escalations")


def _strings(shorthands: dict[str, Any], name: str, default: dict[str, str]) -> dict[str, str]:
    # Contact attributes and block parameters are string to string maps.
    value = shorthands.get(name, default)
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise override_error(f"{name} must be a dict of str to str (Connect passes strings), got {value!r}")
    return dict(value)


def connect_event(gen: Gen, shorthands: dict[str, Any]) -> ConnectContactFlowEvent:
    """A contact reaching the flow's Lambda block: the contact's data and the block's parameters."""
    channel = choice(shorthands, "channel", CHANNELS, "VOICE")
    method = choice(shorthands, "initiation_method", INITIATION_METHODS, "INBOUND" if channel == "VOICE" else "API")
    instance = gen.arn("connect", f"instance/{gen.uuid()}")
    alias = f"{gen.pick('word')}-contact-center"
    contact_id = gen.uuid()
    # A transferred contact continues an earlier one; otherwise the chain starts with this contact.
    initial_id = previous_id = gen.uuid() if method == "TRANSFER" else contact_id
    customer: ConnectEndpoint | None = None
    system: ConnectEndpoint | None = None
    if channel == "VOICE":
        number = shorthands.get("customer_number", gen.pick("phone"))
        if not isinstance(number, str) or not number.startswith("+"):
            raise override_error(f"customer_number must be an E.164 number such as '+12065550100', got {number!r}")
        customer = {"Address": number, "Type": "TELEPHONE_NUMBER"}
        system = {"Address": gen.pick("phone"), "Type": "TELEPHONE_NUMBER"}
    elif "customer_number" in shorthands:
        raise override_error("customer_number applies to channel='VOICE' only (chat contacts have no endpoints)")
    queue_name = shorthands.get("queue", gen.random.choice(_QUEUES))
    if queue_name is not None and (not isinstance(queue_name, str) or not queue_name):
        raise override_error(f"queue must be the queue's name, or None before the flow sets one, got {queue_name!r}")
    queue: ConnectQueue | None = None
    if queue_name is not None:
        queue = {"ARN": f"{instance}/queue/{gen.uuid()}", "Name": queue_name}
    audio: ConnectMediaStreamAudio = {"StartFragmentNumber": None, "StartTimestamp": None, "StreamARN": None}
    if shorthands.get("media_streaming", False):
        if channel != "VOICE":
            raise override_error("media_streaming applies to channel='VOICE' only")
        started = gen.ms_ago(30_000)
        audio = {
            "StartFragmentNumber": "91343852333" + gen.digits(36),  # a 47-digit Kinesis Video fragment number
            "StartTimestamp": str(started),
            # Streams are named after the instance alias and the contact, then the creation time.
            "StreamARN": gen.arn("kinesisvideo", f"stream/connect-{alias}-contact-{contact_id}/{started - 5_000}"),
        }
    data: ConnectContactData = {
        "Attributes": _strings(shorthands, "attributes", {}),
        "Channel": channel,
        "ContactId": contact_id,
        "CustomerEndpoint": customer,
        "InitialContactId": initial_id,
        "InitiationMethod": method,
        "InstanceARN": instance,
        "MediaStreams": {"Customer": {"Audio": audio}},
        "PreviousContactId": previous_id,
        "Queue": queue,
        "SystemEndpoint": system,
    }
    default_parameters = {"customerId": gen.digits(8), "language": "en-US"}
    return {
        "Details": {"ContactData": data, "Parameters": _strings(shorthands, "parameters", default_parameters)},
        "Name": "ContactFlowEvent",
    }


register(
    EventSource(
        "connect",
        "An Amazon Connect contact flow invoking the function from its Lambda block",
        connect_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("connect_contact_flow",),
        docs="https://docs.aws.amazon.com/lambda/latest/dg/services-connect.html",
        variants=VARIANTS,
    )
)
