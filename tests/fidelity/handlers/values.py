"""Return values of every JSON-awkward type: what the caller reads is the runtime's encoding of them."""

from __future__ import annotations

import datetime
import decimal
import enum
from collections import namedtuple

Point = namedtuple("Point", ["x", "y"])


class Color(enum.IntEnum):
    RED = 1


class Row:
    """Has ``_asdict`` like a namedtuple (SQLAlchemy's Row does): simplejson encodes it as an object."""

    def _asdict(self):
        return {"id": 7}


def echo(event, context):
    return event


def plain_dict(event, context):
    return {"statusCode": 200, "body": "ok", "headers": {"Content-Type": "text/plain"}}


def none(event, context):
    return None


def string(event, context):
    return "text"


def boolean(event, context):
    return True


def huge_int(event, context):
    return {"big": 2**100, "negative": -(10**30)}


def floats(event, context):
    return [0.1, 1.0, 1e16, 1e-7, -0.0, 3.141592653589793]


def nan(event, context):
    return {"value": float("nan")}


def infinity(event, context):
    return [float("inf"), float("-inf")]


def decimal_trailing_zero(event, context):
    return {"price": decimal.Decimal("1.10")}


def decimal_exponent(event, context):
    return decimal.Decimal("1E+2")


def decimal_40_digits(event, context):
    return [decimal.Decimal("1234567890123456789012345678901234567890"), decimal.Decimal("0." + "1234567890" * 4)]


def decimal_infinity(event, context):
    return {"value": decimal.Decimal("Infinity")}


def decimal_nan(event, context):
    return {"value": decimal.Decimal("NaN")}


def decimal_negative_zero(event, context):
    return decimal.Decimal("-0")


def decimal_dynamodb_item(event, context):
    # What boto3's DynamoDB resource returns for numbers.
    return {"Items": [{"id": decimal.Decimal("1"), "price": decimal.Decimal("9.99"), "qty": decimal.Decimal("3")}]}


def bytes_top_level(event, context):
    return b"raw bytes"


def bytes_top_level_not_utf8(event, context):
    return b"\xff\xfe\x00"


def bytes_nested(event, context):
    return {"data": b"abc", "list": [b"x"]}


def bytes_nested_not_utf8(event, context):
    return {"data": b"\xff"}


def bytearray_value(event, context):
    return {"data": bytearray(b"abc")}


def namedtuple_top_level(event, context):
    return Point(1, 2)


def namedtuple_nested(event, context):
    return {"points": [Point(1, 2), Point(x=3, y=Point(4, 5))]}


def asdict_object(event, context):
    return {"row": Row()}


def tuple_value(event, context):
    return (1, "two", (3,))


def set_value(event, context):
    return {"ids": {1}}


def frozenset_value(event, context):
    return frozenset()


def datetime_value(event, context):
    return {"when": datetime.datetime(2024, 1, 2, 3, 4, 5)}


def date_value(event, context):
    return datetime.date(2024, 1, 2)


def int_enum(event, context):
    return {"color": Color.RED}


def object_value(event, context):
    return {"thing": object()}


def circular(event, context):
    value = {"name": "loop"}
    value["self"] = value
    return value


def non_ascii(event, context):
    return {"text": "héllo wörld ✓ 日本語", "emoji": "😀"}


def lone_surrogate(event, context):
    return {"text": "\ud800"}


def control_characters(event, context):
    return {"text": "tab\there\nnew line \x00 \x7f \u2028"}


def dict_keys(event, context):
    return {1: "int", 2.5: "float", False: "bool", None: "none"}


def tuple_key(event, context):
    return {(1, 2): "tuple"}


def decimal_key(event, context):
    return {decimal.Decimal("1.5"): "decimal"}
