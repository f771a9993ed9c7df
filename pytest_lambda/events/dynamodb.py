"""Amazon DynamoDB Streams events: a batch of item-level changes read from one stream shard, alone or with
its tumbling window (``dynamodb_window``; the window's fields are in ``_tumbling_window``).

https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html (example event),
https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html (tumbling windows),
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamRecord.html (the
``dynamodb`` record) and https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
(attribute-value JSON).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import (
    Gen,
    b64,
    batch_overrides,
    deep_merge,
    one_of,
    override_error,
    split_overrides,
)
from pytest_lambda.events._registry import EventSource, register
from pytest_lambda.events._tumbling_window import WINDOW_SHORTHANDS, TimeWindow, TimeWindowFields, window

__all__ = [
    "AttributeValue",
    "DynamoDBStreamEvent",
    "DynamoDBStreamRecord",
    "DynamoDBTimeWindowEvent",
    "DynamoDBUserIdentity",
    "StreamRecord",
    "TimeWindow",
    "attribute_size",
    "dynamodb_event",
    "dynamodb_record",
    "dynamodb_window_event",
    "item_size",
    "to_attribute_value",
    "to_item",
]

EventName = Literal["INSERT", "MODIFY", "REMOVE"]
StreamViewType = Literal["NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY"]


class AttributeValue(TypedDict, total=False):
    """One DynamoDB attribute value: exactly one of these keys is set."""

    S: str
    N: str
    B: str
    BOOL: bool
    NULL: Literal[True]
    M: dict[str, AttributeValue]
    L: list[AttributeValue]
    SS: list[str]
    NS: list[str]
    BS: list[str]


class StreamRecord(TypedDict, total=False):
    ApproximateCreationDateTime: float
    Keys: dict[str, AttributeValue]
    NewImage: dict[str, AttributeValue]
    OldImage: dict[str, AttributeValue]
    SequenceNumber: str
    SizeBytes: int
    StreamViewType: StreamViewType


class DynamoDBUserIdentity(TypedDict):
    type: Literal["Service"]
    principalId: Literal["dynamodb.amazonaws.com"]


class _DynamoDBStreamRecordBase(TypedDict):
    eventID: str
    eventName: EventName
    eventVersion: str
    eventSource: Literal["aws:dynamodb"]
    awsRegion: str
    dynamodb: StreamRecord
    eventSourceARN: str


class DynamoDBStreamRecord(_DynamoDBStreamRecordBase, total=False):
    # Only on REMOVE records written by Time to Live: the service deleted the expired item.
    userIdentity: DynamoDBUserIdentity


class DynamoDBStreamEvent(TypedDict):
    Records: list[DynamoDBStreamRecord]


EVENT_NAMES: tuple[EventName, ...] = ("INSERT", "MODIFY", "REMOVE")
STREAM_VIEW_TYPES: tuple[StreamViewType, ...] = ("NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY")
# The event source mapping's BatchSize for DynamoDB Streams goes up to 10,000 records.
RECORDS_LIMIT = 10_000
RECORD_SHORTHANDS = ("new_image", "old_image", "keys", "event_name", "ttl_expired")
SHORTHANDS = ("records", "table", "stream_view_type", *RECORD_SHORTHANDS)


# -- attribute-value JSON -----------------------------------------------------------------------


def _number(value: int | float | Decimal) -> str:
    """A number as DynamoDB returns it: decimal notation, no exponent, no trailing zeros."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise override_error(f"DynamoDB numbers must be finite, got {value!r}")
    number = Decimal(repr(value)) if isinstance(value, float) else value
    if not number.is_finite():
        raise override_error(f"DynamoDB numbers must be finite, got {value!r}")
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _set_value(value: set[Any] | frozenset[Any]) -> AttributeValue:
    # DynamoDB rejects empty sets; its set elements are all strings, all numbers or all binary.
    if not value:
        raise override_error("DynamoDB sets cannot be empty")
    if all(isinstance(v, str) for v in value):
        return {"SS": sorted(value)}
    if all(_is_number(v) for v in value):
        return {"NS": [_number(v) for v in sorted(value)]}
    if all(isinstance(v, (bytes, bytearray)) for v in value):
        return {"BS": [b64(bytes(v)) for v in sorted(value)]}
    raise override_error(f"a DynamoDB set holds only strings, only numbers or only bytes, got {value!r}")


def to_attribute_value(value: Any) -> AttributeValue:
    """A plain Python value as DynamoDB attribute-value JSON (``"x"`` -> ``{"S": "x"}``, ``1`` -> ``{"N": "1"}``).

    str -> S, int/float/Decimal -> N (a string), bytes -> B (base64), bool -> BOOL, None -> NULL,
    dict -> M, list/tuple -> L, set of str/numbers/bytes -> SS/NS/BS (sorted, so events are stable).
    """
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, bool):
        return {"BOOL": value}
    if _is_number(value):
        return {"N": _number(value)}
    if value is None:
        return {"NULL": True}
    if isinstance(value, (bytes, bytearray)):
        return {"B": b64(bytes(value))}
    if isinstance(value, Mapping):
        return {"M": to_item(value)}
    if isinstance(value, (list, tuple)):
        return {"L": [to_attribute_value(v) for v in value]}
    if isinstance(value, (set, frozenset)):
        return _set_value(value)
    raise override_error(f"cannot store {value!r} ({type(value).__name__}) as a DynamoDB attribute")


def to_item(values: Mapping[str, Any]) -> dict[str, AttributeValue]:
    """A plain dict as a DynamoDB item (attribute name -> attribute value)."""
    return {str(name): to_attribute_value(value) for name, value in values.items()}


def _number_size(text: str) -> int:
    digits = text.lstrip("-").replace(".", "").strip("0") or "0"
    # One byte per two significant digits, plus one byte.
    return (len(digits) + 1) // 2 + 1


def attribute_size(value: Mapping[str, Any]) -> int:
    """The size DynamoDB counts for an attribute value (without its name).

    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html:
    strings and binaries by length, numbers by significant digits, BOOL/NULL one byte, lists and maps
    3 bytes plus 1 per element, sets the sum of their elements.
    """
    kind, inner = next(iter(value.items()))
    if kind == "S":
        return len(str(inner).encode())
    if kind == "N":
        return _number_size(str(inner))
    if kind == "B":
        return len(base64.b64decode(inner))
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(str(s).encode()) for s in inner)
    if kind == "NS":
        return sum(_number_size(str(n)) for n in inner)
    if kind == "BS":
        return sum(len(base64.b64decode(b)) for b in inner)
    if kind == "L":
        return 3 + sum(1 + attribute_size(v) for v in inner)
    if kind == "M":
        return 3 + sum(1 + len(str(k).encode()) + attribute_size(v) for k, v in inner.items())
    raise override_error(f"unknown DynamoDB attribute type {kind!r}")


def item_size(item: Mapping[str, Mapping[str, Any]]) -> int:
    """An item's size: the lengths of its attribute names plus the sizes of their values."""
    return sum(len(str(name).encode()) + attribute_size(value) for name, value in item.items())


def stream_record_size(record: Mapping[str, Any]) -> int:
    """SizeBytes: the sizes of the record's Keys, NewImage and OldImage (those present) added up."""
    return sum(item_size(record[part]) for part in ("Keys", "NewImage", "OldImage") if record.get(part))


# -- plain images ---------------------------------------------------------------------------------


def _plain(value: Any, name: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise override_error(f"{name} must be a dict of attribute name -> plain Python value, got {value!r}")
    return {str(k): v for k, v in value.items()}


def _default_item(gen: Gen) -> dict[str, Any]:
    """A user profile item with a mix of attribute types (S, N, BOOL, SS, M)."""
    first, last = gen.pick("first_name"), gen.pick("last_name")
    return {
        "email": gen.pick("email"),
        "name": f"{first} {last}",
        "createdAt": Gen.iso(gen.now_ms - gen.integer(86_400_000, 400 * 86_400_000)),
        "loginCount": gen.integer(1, 500),
        "active": True,
        "tags": {gen.pick("word"), gen.pick("word")},
        "address": {"city": gen.pick("city"), "phone": gen.pick("phone")},
    }


def _default_image(gen: Gen, keys: dict[str, Any]) -> dict[str, Any]:
    """The default item under the given key attributes (which win over same-named default attributes)."""
    return {**keys, **{k: v for k, v in _default_item(gen).items() if k not in keys}}


def _with_keys(image: dict[str, Any], keys: dict[str, Any], name: str) -> dict[str, Any]:
    """``image`` holding the key attributes (added first when missing); a different key value is an error."""
    for attribute, value in keys.items():
        if attribute in image and image[attribute] != value:
            raise override_error(
                f"{name}[{attribute!r}] is {image[attribute]!r} but keys[{attribute!r}] is {value!r}: "
                "an image holds the item's key attributes"
            )
    return {**keys, **image}


def _images(
    gen: Gen, event_name: str, short: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any] | None]:
    """(keys, new image, old image) as plain values, consistent with each other and the event name."""
    new = _plain(short.get("new_image"), "new_image")
    old = _plain(short.get("old_image"), "old_image")
    if event_name == "INSERT" and old is not None:
        raise override_error("INSERT records have no OldImage: the item did not exist before (drop old_image)")
    if event_name == "REMOVE" and new is not None:
        raise override_error("REMOVE records have no NewImage: the item no longer exists (drop new_image)")
    keys = _plain(short.get("keys"), "keys")
    if keys is None:
        # Without keys, the image's first attribute is taken as the table's partition key.
        given = new if new is not None else old
        keys = {next(iter(given)): next(iter(given.values()))} if given else {"id": gen.uuid()}
    elif not 1 <= len(keys) <= 2:
        raise override_error(
            f"keys holds the partition key and optionally the sort key (1 or 2 attributes), got {keys!r}"
        )
    if new is not None:
        new = _with_keys(new, keys, "new_image")
    if old is not None:
        old = _with_keys(old, keys, "old_image")
    if event_name == "INSERT":
        return keys, new if new is not None else _default_image(gen, keys), None
    if event_name == "REMOVE":
        return keys, None, old if old is not None else _default_image(gen, keys)
    # MODIFY: both images exist and differ (DynamoDB writes no record for a write that changes nothing).
    stamp = "updatedAt" if "updatedAt" not in keys else "_updatedAt"
    if new is None and old is None:
        old = _default_image(gen, keys)
        new = {**old, stamp: Gen.iso(gen.ms_ago(60_000))}
        if "loginCount" not in keys:
            new["loginCount"] = old["loginCount"] + 1
    elif old is None:
        assert new is not None
        # The update added the image's last non-key attribute (or, without one, removed a null attribute).
        extra = [name for name in new if name not in keys]
        old = {k: v for k, v in new.items() if k != extra[-1]} if extra else {**new, stamp: None}
    elif new is None:
        new = {**old, stamp: Gen.iso(gen.ms_ago(60_000))}
    return keys, new, old


# -- records ------------------------------------------------------------------------------------


def dynamodb_record(
    gen: Gen,
    overrides: dict[str, Any] | None = None,
    *,
    stream_arn: str,
    view_type: StreamViewType,
    sequence_number: str,
    created_s: float,
) -> DynamoDBStreamRecord:
    """One change record; ``overrides`` may use the record shorthands (``new_image``, ``event_name``...)."""
    short, fields = split_overrides(_RECORD_KEYS, overrides or {}, RECORD_SHORTHANDS, "DynamoDB record")
    event_name: EventName = one_of(short, "event_name", EVENT_NAMES)
    ttl_expired = bool(short.get("ttl_expired", False))
    if ttl_expired and event_name != "REMOVE":
        raise override_error("ttl_expired=True describes a REMOVE record (Time to Live deleted the item)")
    keys, new, old = _images(gen, event_name, short)
    change: StreamRecord = {"ApproximateCreationDateTime": created_s, "Keys": to_item(keys)}
    # The stream's view type decides which images every record carries.
    if new is not None and view_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES"):
        change["NewImage"] = to_item(new)
    if old is not None and view_type in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES"):
        change["OldImage"] = to_item(old)
    change["SequenceNumber"] = sequence_number
    change["SizeBytes"] = stream_record_size(change)
    change["StreamViewType"] = view_type
    record: DynamoDBStreamRecord = {
        "eventID": gen.hex(32),
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": gen.region,
        "dynamodb": change,
        "eventSourceARN": stream_arn,
    }
    if ttl_expired:
        record["userIdentity"] = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
    if fields:
        deep_merge(record, fields, "Records[]")  # type: ignore[arg-type]
        # Overridden images change the size.
        record["dynamodb"]["SizeBytes"] = stream_record_size(record["dynamodb"])
    return record


_RECORD_KEYS = frozenset({*_DynamoDBStreamRecordBase.__annotations__, "userIdentity"})


def stream_arn(gen: Gen, table: str) -> str:
    """``arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>``: the label is the stream's creation time."""
    created = gen.now_ms - gen.integer(86_400_000, 400 * 86_400_000)
    return gen.arn("dynamodb", f"table/{table}/stream/{Gen.iso(created)[:-1]}")


def _change_records(
    gen: Gen, items: list[dict[str, Any]], *, stream_arn: str, view_type: StreamViewType, created_s: list[float]
) -> list[DynamoDBStreamRecord]:
    """One record per item of overrides, sequence numbers unique and increasing."""
    sequence = gen.integer(10**20, 5 * 10**20)
    records = []
    for i, item in enumerate(items):
        sequence += gen.integer(100, 10**6)
        records.append(
            dynamodb_record(
                gen,
                item,
                stream_arn=stream_arn,
                view_type=view_type,
                sequence_number=str(sequence),
                created_s=created_s[i],
            )
        )
    return records


def dynamodb_event(gen: Gen, shorthands: dict[str, Any]) -> DynamoDBStreamEvent:
    """A batch of change records from one stream: sequence numbers unique and increasing, ids unique."""
    view_type: StreamViewType = one_of(shorthands, "stream_view_type", STREAM_VIEW_TYPES)
    items = batch_overrides(shorthands, RECORD_SHORTHANDS, RECORDS_LIMIT, "DynamoDB Streams")
    arn = stream_arn(gen, str(shorthands.get("table", f"{gen.pick('word')}-table")))
    # Stream record times are whole epoch seconds.
    created_s = float(gen.ms_ago(60_000) // 1000)
    return {
        "Records": _change_records(gen, items, stream_arn=arn, view_type=view_type, created_s=[created_s] * len(items))
    }


register(
    EventSource(
        "dynamodb",
        "Amazon DynamoDB Streams change records from an event source mapping",
        dynamodb_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("dynamodb_streams",),
        records_limit=RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html",
        variants={"event_name": " | ".join(EVENT_NAMES), "stream_view_type": " | ".join(STREAM_VIEW_TYPES)},
    )
)


# -- dynamodb_window: the batch with its tumbling window -----------------------------------------------------


class DynamoDBTimeWindowEvent(TimeWindowFields):
    Records: list[DynamoDBStreamRecord]


WINDOW_EVENT_SHORTHANDS = (*SHORTHANDS, *WINDOW_SHORTHANDS)


def _shard_id(gen: Gen) -> str:
    """``shardId-00000001700000000000-1a2b3c4d``: DynamoDB Streams shard ids (20 digits, 8 hex)."""
    return f"shardId-{gen.now_ms // 1000 - gen.integer(0, 14_400):011d}{gen.digits(9)}-{gen.hex(8)}"


def dynamodb_window_event(gen: Gen, shorthands: dict[str, Any]) -> DynamoDBTimeWindowEvent:
    """A DynamoDB Streams batch read from one shard with the tumbling window it belongs to."""
    batch_window = window(gen, shorthands)
    view_type = one_of(shorthands, "stream_view_type", STREAM_VIEW_TYPES)
    items = batch_overrides(shorthands, RECORD_SHORTHANDS, RECORDS_LIMIT, "DynamoDB Streams")
    arn = stream_arn(gen, str(shorthands.get("table", f"{gen.pick('word')}-table")))
    shard = _shard_id(gen)
    # Stream record times are whole epoch seconds, inside the window.
    created_s = [float(ms // 1000) for ms in batch_window.record_times(gen, len(items))]
    records = _change_records(gen, items, stream_arn=arn, view_type=view_type, created_s=created_s)
    return {"Records": records, **batch_window.fields(shard=shard, source_arn=arn)}


register(
    EventSource(
        "dynamodb_window",
        "Amazon DynamoDB Streams change records with a tumbling window and its state",
        dynamodb_window_event,  # type: ignore[arg-type]
        WINDOW_EVENT_SHORTHANDS,
        aliases=("dynamodb_tumbling_window",),
        records_limit=RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html",
        variants={
            "event_name": " | ".join(EVENT_NAMES),
            "stream_view_type": " | ".join(STREAM_VIEW_TYPES),
        },
    )
)
