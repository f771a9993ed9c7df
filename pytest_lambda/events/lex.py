"""Amazon Lex code hook events: a bot's dialog or fulfillment code hook calling a Lambda function.

Lex V2: https://docs.aws.amazon.com/lexv2/latest/dg/lambda-input-format.html (the input event) and
https://docs.aws.amazon.com/lexv2/latest/dg/lambda-common-structures.html (intent, slots, session state).
Lex V1: https://docs.aws.amazon.com/lex/latest/dg/lambda-input-response-format.html (the input event).
The presets are the kinds ``sam local generate-event lex`` and ``lex-v2`` offer (the blueprint bots).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import Gen, choice, override_error, strings
from pytest_lambda.events._registry import EventSource, register, register_preset

__all__ = [
    "LexV1Bot",
    "LexV1Event",
    "LexV1Intent",
    "LexV1SlotDetail",
    "LexV1SlotResolution",
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
    "lex_v1_event",
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


class LexV1Bot(TypedDict):
    name: str
    alias: str  # "$LATEST" when the console's test window calls the draft bot
    version: str


class LexV1SlotResolution(TypedDict):
    value: str


class LexV1SlotDetail(TypedDict):
    resolutions: list[LexV1SlotResolution]  # the values the slot type resolved the answer to
    originalValue: str  # what the user said


class LexV1Intent(TypedDict):
    name: str
    slots: dict[str, str | None]  # the resolved value; null until the user gives one
    slotDetails: dict[str, LexV1SlotDetail | None]
    confirmationStatus: Literal["None", "Confirmed", "Denied"]


class LexV1Event(TypedDict):
    currentIntent: LexV1Intent
    bot: LexV1Bot
    userId: str
    inputTranscript: str
    invocationSource: Literal["DialogCodeHook", "FulfillmentCodeHook"]
    outputDialogMode: Literal["Text", "Voice"]
    messageVersion: str
    sessionAttributes: dict[str, str]
    requestAttributes: dict[str, str] | None  # null when the client sent none


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
    "bot_name",
)
VARIANTS = {"invocation_source": " | ".join(INVOCATION_SOURCES), "input_mode": " | ".join(INPUT_MODES)}


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


_SLOT_SPEC_KEYS = frozenset({"originalValue", "interpretedValue", "resolvedValues"})


def _slot_spec(name: str, value: Any) -> tuple[str, str, list[str]] | None:
    """A ``slots`` shorthand value as (said, interpreted, resolved): None while unfilled, a str (what the user
    said, understood as is) or a dict with ``originalValue`` and optionally ``interpretedValue``/``resolvedValues``."""
    if value is None:
        return None
    if isinstance(value, str):
        return value, value, [value]
    if isinstance(value, Mapping) and set(value) <= _SLOT_SPEC_KEYS and isinstance(value.get("originalValue"), str):
        said = value["originalValue"]
        interpreted = value.get("interpretedValue", said)
        resolved = value.get("resolvedValues", [interpreted])
        if isinstance(interpreted, str) and isinstance(resolved, list) and all(isinstance(v, str) for v in resolved):
            return said, interpreted, list(resolved)
    raise override_error(
        f"slot {name!r} must be a str (what the user said), None (unfilled) or a dict with originalValue "
        f"(str) and optionally interpretedValue (str) and resolvedValues (list of str), got {value!r}"
    )


def _slot_specs(value: Any) -> dict[str, tuple[str, str, list[str]] | None]:
    if not isinstance(value, Mapping):
        raise override_error(
            f"slots must be a dict of slot names to values (str, or None when unfilled), got {value!r}"
        )
    return {str(name): _slot_spec(str(name), slot) for name, slot in value.items()}


def _slots(value: Any) -> dict[str, LexV2Slot | None]:
    return {name: None if spec is None else lex_slot(*spec) for name, spec in _slot_specs(value).items()}


def _bot_name(shorthands: dict[str, Any], default: str) -> str:
    name = shorthands.get("bot_name", default)
    # Bot names: 1 to 100 letters, digits, hyphens and underscores (V2), 2 to 50 letters and underscores (V1).
    if not isinstance(name, str) or not name or not all(c.isalnum() or c in "-_" for c in name):
        raise override_error(f"bot_name must be a bot's name (letters, digits, '-' and '_'), got {name!r}")
    return name


def lex_v2_event(gen: Gen, shorthands: dict[str, Any]) -> LexV2Event:
    """A dialog turn (``DialogCodeHook``: a slot still to elicit) or a complete intent (``FulfillmentCodeHook``)."""
    source = choice(shorthands, "invocation_source", INVOCATION_SOURCES, "FulfillmentCodeHook")
    mode = choice(shorthands, "input_mode", INPUT_MODES, "Text")
    intent_name, utterance, template_slots = _template(gen)
    slots: dict[str, LexV2Slot | None] = dict(template_slots)
    if "intent" in shorthands:
        intent_name = shorthands["intent"]
        if not isinstance(intent_name, str) or not intent_name:
            raise override_error(f"intent must be the intent's name, got {intent_name!r}")
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
        raise override_error(f"input_transcript must be a str, got {transcript!r}")
    locale = shorthands.get("locale", "en_US")
    if not isinstance(locale, str) or "_" not in locale:
        raise override_error(f"locale must be a Lex locale id such as 'en_US', got {locale!r}")

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
            "name": _bot_name(shorthands, f"{intent_name}Bot"),
            "localeId": locale,
            "version": "DRAFT",
            # The built-in test alias runs the draft version.
            "aliasId": "TSTALIASID",
            "aliasName": "TestBotAlias",
        },
        "interpretations": interpretations,
        "sessionState": {
            "sessionAttributes": strings(shorthands, "session_attributes"),
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
        event["requestAttributes"] = strings(shorthands, "request_attributes")
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


# -- Lex V1 ----------------------------------------------------------------------------------------

V1_INTENTS = ("BookCar", "BookHotel", "MakeAppointment", "OrderFlowers")
OUTPUT_DIALOG_MODES = ("Text", "Voice")
V1_SHORTHANDS = (
    "invocation_source",
    "output_dialog_mode",
    "intent",
    "slots",
    "input_transcript",
    "session_attributes",
    "request_attributes",
    "bot_name",
    "user_id",
)
V1_VARIANTS = {
    "invocation_source": " | ".join(INVOCATION_SOURCES),
    "output_dialog_mode": " | ".join(OUTPUT_DIALOG_MODES),
}
_CAR_TYPES = ("economy", "standard", "midsize", "full size", "minivan", "luxury")
_USER_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-")


def _hour(gen: Gen) -> tuple[str, str]:
    """A time as said (``3 pm``) and as AMAZON.TIME resolves it (``15:00``)."""
    hour = gen.integer(9, 17)
    return f"{(hour - 1) % 12 + 1} {'am' if hour < 12 else 'pm'}", f"{hour:02d}:00"


def _v1_template(gen: Gen, intent: str) -> tuple[str, str, list[tuple[str, str, str]]]:
    """A blueprint bot's name, the utterance that opens the intent, and its slots as (name, said, resolved)."""
    today = datetime.fromtimestamp(gen.now_ms / 1000, tz=timezone.utc)
    tomorrow = (today + timedelta(days=1)).strftime("%Y-%m-%d")
    if intent == "BookCar":
        city = gen.pick("city")
        pick_up = today + timedelta(days=gen.integer(1, 14))
        drop_off = pick_up + timedelta(days=gen.integer(1, 7))
        age = str(gen.integer(21, 75))
        car = gen.random.choice(_CAR_TYPES)
        return (
            "BookTrip",
            f"Book a car in {city}",
            [
                ("PickUpCity", city, city),
                # AMAZON.DATE resolves "June 3" to an ISO date.
                ("PickUpDate", f"{pick_up:%B} {pick_up.day}", pick_up.strftime("%Y-%m-%d")),
                ("ReturnDate", f"{drop_off:%B} {drop_off.day}", drop_off.strftime("%Y-%m-%d")),
                ("DriverAge", age, age),
                ("CarType", car, car),
            ],
        )
    if intent == "BookHotel":
        city = gen.pick("city")
        nights = str(gen.integer(1, 7))
        room = gen.random.choice(("queen", "king", "deluxe"))
        return (
            "BookTrip",
            f"Book a hotel in {city}",
            [
                ("Location", city, city),
                ("CheckInDate", "tomorrow", tomorrow),
                ("Nights", nights, nights),
                ("RoomType", room, room),
            ],
        )
    if intent == "MakeAppointment":
        kind = gen.random.choice(("cleaning", "root canal", "whitening"))
        said, resolved = _hour(gen)
        return (
            "MakeAppointment",
            f"I would like to book a {kind} appointment",
            [("AppointmentType", kind, kind), ("Date", "tomorrow", tomorrow), ("Time", said, resolved)],
        )
    flower = gen.random.choice(("roses", "tulips", "lilies"))
    said, resolved = _hour(gen)
    return (
        "OrderFlowers",
        f"I would like to order some {flower}",
        [("FlowerType", flower, flower), ("PickupDate", "tomorrow", tomorrow), ("PickupTime", said, resolved)],
    )


def lex_v1_event(gen: Gen, shorthands: dict[str, Any]) -> LexV1Event:
    """A Lex V1 code hook: a dialog turn (``DialogCodeHook``, run after every user input) or a complete intent.

    ``intent`` BookCar, BookHotel, MakeAppointment or OrderFlowers (the default: one of them) brings the
    blueprint bot's slots, filled as a conversation fills them; any other intent has no slots but ``slots``.
    """
    source = choice(shorthands, "invocation_source", INVOCATION_SOURCES, "FulfillmentCodeHook")
    mode = choice(shorthands, "output_dialog_mode", OUTPUT_DIALOG_MODES, "Text")
    intent_name = shorthands["intent"] if "intent" in shorthands else gen.random.choice(V1_INTENTS)
    if not isinstance(intent_name, str) or not intent_name:
        raise override_error(f"intent must be the intent's name, got {intent_name!r}")
    if intent_name in V1_INTENTS:
        bot, utterance, template = _v1_template(gen, intent_name)
    else:
        bot, utterance, template = f"{intent_name}Bot", f"I want to {intent_name}", []
    specs: dict[str, tuple[str, str, list[str]] | None]
    if "slots" in shorthands:
        specs = _slot_specs(shorthands["slots"])
    else:
        # The dialog code hook runs after each user input: the opening utterance filled the first slot, each
        # later turn the next one (the last turn fills them all); at fulfillment every slot is filled.
        filled = gen.integer(1, len(template)) if template and source == "DialogCodeHook" else len(template)
        specs = {
            name: ((said, resolved, [resolved]) if i < filled else None)
            for i, (name, said, resolved) in enumerate(template)
        }
        if filled > 1:
            utterance = template[filled - 1][1]
    transcript = shorthands.get("input_transcript", utterance)
    if not isinstance(transcript, str):
        raise override_error(f"input_transcript must be a str, got {transcript!r}")
    user_id = (
        shorthands["user_id"] if "user_id" in shorthands else gen.alnum(26, "abcdefghijklmnopqrstuvwxyz0123456789")
    )
    # PostText/PostContent userId: 2 to 100 characters of [0-9a-zA-Z._:-].
    if not isinstance(user_id, str) or not 2 <= len(user_id) <= 100 or not set(user_id) <= _USER_ID_CHARS:
        raise override_error(f"user_id must be 2 to 100 characters of letters, digits and ._:-, got {user_id!r}")
    return {
        "currentIntent": {
            "name": intent_name,
            "slots": {name: None if spec is None else spec[1] for name, spec in specs.items()},
            "slotDetails": {
                name: None
                if spec is None
                else {"resolutions": [{"value": value} for value in spec[2]], "originalValue": spec[0]}
                for name, spec in specs.items()
            },
            "confirmationStatus": "None",
        },
        # The console's test window runs the draft: alias and version $LATEST.
        "bot": {"name": _bot_name(shorthands, bot), "alias": "$LATEST", "version": "$LATEST"},
        "userId": user_id,
        "inputTranscript": transcript,
        "invocationSource": source,  # type: ignore[typeddict-item]
        "outputDialogMode": mode,  # type: ignore[typeddict-item]
        "messageVersion": "1.0",
        "sessionAttributes": strings(shorthands, "session_attributes"),
        # "If there are no request attributes, the value will be null."
        "requestAttributes": strings(shorthands, "request_attributes") if "request_attributes" in shorthands else None,
    }


register(
    EventSource(
        "lex_v1",
        "An Amazon Lex V1 bot's dialog or fulfillment code hook",
        lex_v1_event,  # type: ignore[arg-type]
        V1_SHORTHANDS,
        docs="https://docs.aws.amazon.com/lex/latest/dg/lambda-input-response-format.html",
        variants=V1_VARIANTS,
    )
)

# `sam local generate-event lex <kind>`: the blueprint bots' intents at a dialog code hook.
for _kind, _intent in (
    ("book-car", "BookCar"),
    ("book-hotel", "BookHotel"),
    ("make-appointment", "MakeAppointment"),
    ("order-flowers", "OrderFlowers"),
):
    register_preset(
        f"lex:{_kind}",
        "lex_v1",
        f"Amazon Lex V1: the {_intent} intent's dialog code hook",
        intent=_intent,
        invocation_source="DialogCodeHook",
    )

# `sam local generate-event lex-v2 <kind>`: the BankingBot's CheckBalance fulfilled, and BookTrip's opening turns
# (every slot still unfilled, Lex about to elicit the first).
register_preset(
    "lex-v2:banking-bot",
    "lex_v2",
    "Amazon Lex V2: the BankingBot's CheckBalance intent ready for fulfillment",
    intent="CheckBalance",
    bot_name="BankingBot",
    slots={
        "accountType": {"originalValue": "savings", "interpretedValue": "Savings"},
        "dateofBirth": {"originalValue": "01/01/1990", "interpretedValue": "1990-01-01"},
    },
    input_transcript="01/01/1990",
)
register_preset(
    "lex-v2:book-car",
    "lex_v2",
    "Amazon Lex V2: BookTrip's BookCar intent, opening turn",
    intent="BookCar",
    bot_name="BookTrip",
    invocation_source="DialogCodeHook",
    input_transcript="Book a car",
    slots=dict.fromkeys(("PickUpCity", "PickUpDate", "ReturnDate", "DriverAge", "CarType")),
)
register_preset(
    "lex-v2:book-hotel",
    "lex_v2",
    "Amazon Lex V2: BookTrip's BookHotel intent, opening turn",
    intent="BookHotel",
    bot_name="BookTrip",
    invocation_source="DialogCodeHook",
    input_transcript="Book a hotel",
    slots=dict.fromkeys(("Location", "CheckInDate", "Nights", "RoomType")),
)
