"""Amazon Lex V2 code hook events: a bot's dialog or fulfillment code hook calling a Lambda function.

https://docs.aws.amazon.com/lexv2/latest/dg/lambda-input-format.html (the input event) and
https://docs.aws.amazon.com/lexv2/latest/dg/lambda-common-structures.html (intent, slots, session state).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, TypedDict

from pytest_lambda.errors import with_docs
from pytest_lambda.events._common import Gen
from pytest_lambda.events._registry import EventOverrideError, EventSource, register

__all__ = [
    "LexV2Bot",
    "LexV2DialogAction",
    "LexV2Event",
    "LexV2Intent",
    "LexV2Interpretation",
    "LexV2ProposedNextState",
    "LexV2SessionState",
    "LexV2Slot",
    "LexV2SlotValue",
    "LexV2Transcription",
    "lex_slot",
    "lex_v2_event",
]


class LexV2Bot(TypedDict):
    id: str
    name: str
    localeId: str
    version: str
    aliasId: str
    aliasName: str


class LexV2SlotValue(TypedDict):
    originalValue: str  # what the user said
    interpretedValue: str  # what Lex understood
    resolvedValues: list[str]  # the slot type's values it resolves to


class LexV2Slot(TypedDict):
    shape: Literal["Scalar", "List"]
    value: LexV2SlotValue


class LexV2Intent(TypedDict):
    confirmationState: Literal["Confirmed", "Denied", "None"]
    name: str
    slots: dict[str, LexV2Slot | None]  # a slot not yet filled is null
    state: str


class _LexV2InterpretationBase(TypedDict):
    intent: LexV2Intent
    interpretationSource: Literal["Bedrock", "Lex"]


class LexV2Interpretation(_LexV2InterpretationBase, total=False):
    nluConfidence: float  # absent for AMAZON.FallbackIntent


class LexV2DialogAction(TypedDict, total=False):
    slotToElicit: str
    type: Literal["Close", "ConfirmIntent", "Delegate", "ElicitIntent", "ElicitSlot"]


class LexV2ProposedNextState(TypedDict):
    dialogAction: LexV2DialogAction
    intent: LexV2Intent
    prompt: dict[str, str]


class LexV2SessionState(TypedDict):
    sessionAttributes: dict[str, str]
    activeContexts: list[dict[str, Any]]
    intent: LexV2Intent
    originatingRequestId: str


class LexV2Transcription(TypedDict):
    transcription: str
    transcriptionConfidence: float
    resolvedContext: dict[str, str]
    resolvedSlots: dict[str, Any]


class _LexV2EventBase(TypedDict):
    messageVersion: str
    invocationSource: Literal["DialogCodeHook", "FulfillmentCodeHook"]
    inputMode: Literal["DTMF", "Speech", "Text"]
    responseContentType: str
    sessionId: str
    inputTranscript: str
    bot: LexV2Bot
    interpretations: list[LexV2Interpretation]
    sessionState: LexV2SessionState


class LexV2Event(_LexV2EventBase, total=False):
    proposedNextState: LexV2ProposedNextState  # dialog code hooks, when Lex knows its next step
    requestAttributes: dict[str, str]  # only when the client sent some
    transcriptions: list[LexV2Transcription]


INVOCATION_SOURCES = ("FulfillmentCodeHook", "DialogCodeHook")
INPUT_MODES = ("Text", "Speech", "DTMF")
SHORTHANDS = (
    "invocation_source",
    "input_mode",
    "intent",
    "slots",
    "input_transcript",
    "session_attributes",
    "request_attributes",
    "locale",
)
VARIANTS = {"invocation_source": " | ".join(INVOCATION_SOURCES), "input_mode": " | ".join(INPUT_MODES)}


def _bad(message: str) -> EventOverrideError:
    return EventOverrideError(with_docs(message, "event-overrides"))


def _choice(shorthands: dict[str, Any], name: str, valid: tuple[str, ...], default: str) -> str:
    value = shorthands.get(name, default)
    if value not in valid:
        raise _bad(f"{name}={value!r} is not valid; choose one of: {', '.join(map(repr, valid))}")
    return str(value)


def lex_slot(value: str, interpreted: str | None = None, resolved: list[str] | None = None) -> LexV2Slot:
    """A filled scalar slot: what was said, what Lex understood, what it resolves to."""
    interpreted = value if interpreted is None else interpreted
    return {
        "shape": "Scalar",
        "value": {
            "originalValue": value,
            "interpretedValue": interpreted,
            "resolvedValues": [interpreted] if resolved is None else resolved,
        },
    }


def _template(gen: Gen) -> tuple[str, str, dict[str, LexV2Slot]]:
    """A bot's intent, its opening utterance and its slots, filled as a conversation would fill them."""
    day = (datetime.fromtimestamp(gen.now_ms / 1000, tz=timezone.utc) + timedelta(days=1)).strftime("%Y-%m-%d")
    kind = gen.integer(0, 2)
    if kind == 0:
        city = gen.pick("city")
        nights = str(gen.integer(1, 7))
        room = gen.random.choice(("queen", "king", "deluxe"))
        return (
            "BookHotel",
            f"I want to book a hotel in {city}",
            {
                "Location": lex_slot(city),
                "CheckInDate": lex_slot("tomorrow", day),
                "Nights": lex_slot(nights),
                "RoomType": lex_slot(room),
            },
        )
    if kind == 1:
        flower = gen.random.choice(("roses", "tulips", "lilies"))
        return (
            "OrderFlowers",
            f"I would like to order some {flower}",
            {
                "FlowerType": lex_slot(flower),
                "PickupDate": lex_slot("tomorrow", day),
                "PickupTime": lex_slot("10 am", "10:00"),
            },
        )
    kind_of = gen.random.choice(("cleaning", "whitening", "root canal"))
    return (
        "MakeAppointment",
        f"I need a {kind_of} appointment",
        {
            "AppointmentType": lex_slot(kind_of),
            "Date": lex_slot("tomorrow", day),
            "Time": lex_slot("3 pm", "15:00"),
        },
    )


def _slots(value: Any) -> dict[str, LexV2Slot | None]:
    if not isinstance(value, Mapping):
        raise _bad(f"slots must be a dict of slot names to values (str, or None when unfilled), got {value!r}")
    slots: dict[str, LexV2Slot | None] = {}
    for name, slot in value.items():
        if slot is not None and not isinstance(slot, str):
            raise _bad(f"slot {name!r} must be a str (what the user said) or None, got {slot!r}")
        slots[str(name)] = None if slot is None else lex_slot(slot)
    return slots


def _strings(shorthands: dict[str, Any], name: str) -> dict[str, str]:
    value = shorthands.get(name, {})
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _bad(f"{name} must be a dict of str to str, got {value!r}")
    return dict(value)


def lex_v2_event(gen: Gen, shorthands: dict[str, Any]) -> LexV2Event:
    """A dialog turn (``DialogCodeHook``: a slot still to elicit) or a complete intent (``FulfillmentCodeHook``)."""
    source = _choice(shorthands, "invocation_source", INVOCATION_SOURCES, "FulfillmentCodeHook")
    mode = _choice(shorthands, "input_mode", INPUT_MODES, "Text")
    intent_name, utterance, template_slots = _template(gen)
    slots: dict[str, LexV2Slot | None] = dict(template_slots)
    if "intent" in shorthands:
        intent_name = shorthands["intent"]
        if not isinstance(intent_name, str) or not intent_name:
            raise _bad(f"intent must be the intent's name, got {intent_name!r}")
        slots = {}
        utterance = f"I want to {intent_name}"
    if "slots" in shorthands:
        slots = _slots(shorthands["slots"])
    elif slots:
        # The opening utterance fills the first slot, each later turn answers the slot Lex asked for. Mid-
        # dialog the later slots are still unfilled (null); at fulfillment the last answer was the last slot.
        filled = gen.integer(1, len(slots) - 1) if source == "DialogCodeHook" else len(slots)
        slots = {name: (slot if i < filled else None) for i, (name, slot) in enumerate(slots.items())}
        if filled > 1:
            utterance = template_slots[list(template_slots)[filled - 1]]["value"]["originalValue"]
    missing = [name for name, slot in slots.items() if slot is None]
    state = "InProgress" if source == "DialogCodeHook" else "ReadyForFulfillment"
    transcript = shorthands.get("input_transcript", utterance)
    if not isinstance(transcript, str):
        raise _bad(f"input_transcript must be a str, got {transcript!r}")
    locale = shorthands.get("locale", "en_US")
    if not isinstance(locale, str) or "_" not in locale:
        raise _bad(f"locale must be a Lex locale id such as 'en_US', got {locale!r}")

    def intent(slot_values: dict[str, LexV2Slot | None], name: str = intent_name) -> LexV2Intent:
        # Each copy of the intent gets slots of its own: an override of one leaves the others alone.
        copies: dict[str, LexV2Slot | None] = {}
        for slot_name, slot in slot_values.items():
            copies[slot_name] = (
                None
                if slot is None
                else lex_slot(
                    slot["value"]["originalValue"],
                    slot["value"]["interpretedValue"],
                    list(slot["value"]["resolvedValues"]),
                )
            )
        return {"confirmationState": "None", "name": name, "slots": copies, "state": state}

    other = gen.random.choice([n for n in ("CheckBalance", "TransferFunds", "Greeting", "Goodbye") if n != intent_name])
    interpretations: list[LexV2Interpretation] = [
        {"intent": intent(slots), "interpretationSource": "Lex", "nluConfidence": gen.integer(80, 100) / 100},
        # The fallback intent is always a candidate, without a confidence score.
        {"intent": intent({}, "FallbackIntent"), "interpretationSource": "Lex"},
        {"intent": intent({}, other), "interpretationSource": "Lex", "nluConfidence": gen.integer(5, 50) / 100},
    ]
    event: LexV2Event = {
        "messageVersion": "1.0",
        "invocationSource": source,  # type: ignore[typeddict-item]
        "inputMode": mode,  # type: ignore[typeddict-item]
        "responseContentType": "text/plain; charset=utf-8" if mode == "Text" else "audio/pcm",
        "sessionId": gen.digits(15),
        "inputTranscript": transcript,
        "bot": {
            "id": gen.alnum(10),
            "name": f"{intent_name}Bot",
            "localeId": locale,
            "version": "DRAFT",
            # The built-in test alias runs the draft version.
            "aliasId": "TSTALIASID",
            "aliasName": "TestBotAlias",
        },
        "interpretations": interpretations,
        "sessionState": {
            "sessionAttributes": _strings(shorthands, "session_attributes"),
            "activeContexts": [],
            "intent": intent(slots),
            "originatingRequestId": gen.uuid(),
        },
    }
    if source == "DialogCodeHook":
        if missing:
            event["proposedNextState"] = {
                "dialogAction": {"slotToElicit": missing[0], "type": "ElicitSlot"},
                "intent": intent(slots),
                "prompt": {"attempt": "Initial"},
            }
        confidence = 1.0 if mode == "Text" else gen.integer(70, 99) / 100
        event["transcriptions"] = [
            {
                "transcription": transcript,
                "transcriptionConfidence": confidence,
                "resolvedContext": {"intent": intent_name},
                "resolvedSlots": {},
            }
        ]
    if "request_attributes" in shorthands:
        event["requestAttributes"] = _strings(shorthands, "request_attributes")
    return event


register(
    EventSource(
        "lex_v2",
        "An Amazon Lex V2 bot's dialog or fulfillment code hook",
        lex_v2_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("lex",),
        docs="https://docs.aws.amazon.com/lexv2/latest/dg/lambda-input-format.html",
        variants=VARIANTS,
    )
)
