"""The response's JSON, byte for byte as awslambdaric's ``lambda_runtime_marshaller.Encoder`` (simplejson) writes it."""

from __future__ import annotations

import collections
import decimal
import enum
import math
import os
import sys
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_lambda import LambdaFunction
from pytest_lambda.runtime import json_encoder
from pytest_lambda.runtime.encoding import marshal_response
from pytest_lambda.runtime.faults import FaultError
from pytest_lambda.runtime.json_encoder import ENSURE_ASCII, to_json

Point = collections.namedtuple("Point", ["x", "y"])


class Row:
    def _asdict(self) -> dict[str, int]:
        return {"id": 7}


class RowList(list):  # type: ignore[type-arg]
    def _asdict(self) -> dict[str, str]:
        return {"from": "asdict"}


class RowDict(dict):  # type: ignore[type-arg]
    def _asdict(self) -> dict[str, str]:
        return {"from": "asdict"}


class RefusingAsdict:
    def _asdict(self) -> dict[str, int]:
        raise TypeError("not now")


class ListAsdict:
    def _asdict(self) -> list[int]:
        return [1]


class NotCallableAsdict:
    _asdict = 5


class Color(enum.IntEnum):
    RED = 1


class Half(float):
    def __repr__(self) -> str:
        return "custom"


class Weird(int):
    def __int__(self) -> int:
        return 5


class Ordered(collections.OrderedDict):  # type: ignore[type-arg]
    pass


D = decimal.Decimal

ENCODED = [
    # Decimal: its own text, NaN as NaN (the runtime's default)
    ({"price": D("1.10")}, '{"price": 1.10}'),
    (D("1E+2"), "1E+2"),
    ([D("1234567890123456789012345678901234567890"), D("0." + "1234567890" * 4)],
     "[1234567890123456789012345678901234567890, 0.1234567890123456789012345678901234567890]"),
    (D("-0"), "-0"),
    ({"v": D("Infinity"), "w": D("-Infinity")}, '{"v": Infinity, "w": -Infinity}'),
    ([D("NaN"), D("-sNaN")], "[NaN, NaN]"),
    # bytes inside the value: decoded as UTF-8, keys too
    ({"data": b"abc", "list": [b"x"], b"key": b""}, '{"data": "abc", "list": ["x"], "key": ""}'),
    # anything with a callable _asdict() is an object, before list, tuple and dict
    (Point(1, Point(2, [])), '{"x": 1, "y": {"x": 2, "y": []}}'),
    ({"row": Row()}, '{"row": {"id": 7}}'),
    ([RowList([1]), RowDict(a=1)], '[{"from": "asdict"}, {"from": "asdict"}]'),
    # subclasses of the JSON types: their values, not their own repr
    ({Color.RED: Color.RED, Half(2.5): Half(1.5), Weird(3): Weird(2)}, '{"1": 1, "2.5": 1.5, "5": 5}'),
    (Ordered(b=(1, ()), a={}), '{"b": [1, []], "a": {}}'),
    # found however deep or wide
    ([0] * 9 + [[Point(1, 2)]], "[0, 0, 0, 0, 0, 0, 0, 0, 0, [{\"x\": 1, \"y\": 2}]]"),
    ([0] * 8 + [Point(1, 2)], "[0, 0, 0, 0, 0, 0, 0, 0, {\"x\": 1, \"y\": 2}]"),
    ({2.0: None, float("nan"): True, float("-inf"): False, None: 0, True: 1, False: 2},
     '{"2.0": null, "NaN": true, "-Infinity": false, "null": 0, "true": 1, "false": 2}'),
    ([float("inf"), -0.0, 1e300, 2**70], "[Infinity, -0.0, 1e+300, 1180591620717411303424]"),
    # the same beside a Decimal, which the exact encoder writes
    (
        [D("1"), math.nan, math.inf, -math.inf, {True: 0, False: 1, -math.inf: 2, None: [None, True, False]}],
        '[1, NaN, Infinity, -Infinity, {"true": 0, "false": 1, "-Infinity": 2, "null": [null, true, false]}]',
    ),
]  # fmt: skip

REFUSED = [
    ({"data": b"\xff"}, "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
    ({D("1.5"): "decimal"}, "keys must be str, int, float, bool or None, not Decimal"),
    ({(1, 2): "tuple"}, "keys must be str, int, float, bool or None, not tuple"),
    ([RefusingAsdict()], "Object of type RefusingAsdict is not JSON serializable"),
    ({"x": ListAsdict()}, "_asdict() must return a dict, not list"),
    (NotCallableAsdict(), "Object of type NotCallableAsdict is not JSON serializable"),
    ({"b": bytearray(b"x")}, "Object of type bytearray is not JSON serializable"),
]


@pytest.mark.parametrize(("value", "expected"), ENCODED)
def test_the_response_is_written_as_the_runtime_writes_it(value: Any, expected: str) -> None:
    assert marshal_response(value) == expected


@pytest.mark.parametrize(("value", "message"), REFUSED)
def test_what_the_runtime_cannot_encode_is_a_marshal_error_with_its_message(value: Any, message: str) -> None:
    with pytest.raises(FaultError) as raised:
        marshal_response(value)
    assert raised.value.error_type == "Runtime.MarshalError"
    assert raised.value.message == f"Unable to marshal response: {message}"


def test_circular_values_are_refused_through_a_namedtuple_too() -> None:
    point = Point([], 1)
    point.x.append(point)
    with pytest.raises(FaultError, match="Unable to marshal response: Circular reference detected"):
        marshal_response(point)


def test_the_caller_reads_the_runtime_s_bytes() -> None:
    result = LambdaFunction(lambda event, context: {"price": D("1.10"), "at": Point(1, 2)}).invoke({})
    assert result._raw == '{"price": 1.10, "at": {"x": 1, "y": 2}}'
    assert result.payload == {"price": 1.1, "at": {"x": 1, "y": 2}}
    raw = LambdaFunction(lambda event, context: b"\xff\xfe").invoke({})
    assert raw.payload == b"\xff\xfe"


def test_non_ascii_is_escaped_below_python_3_12_as_the_runtime_s_encoder_does() -> None:
    # lambda_runtime_marshaller.Encoder: ensure_ascii=False for AWS_Lambda_python3.12 to 3.15 only.
    assert ENSURE_ASCII is (sys.version_info < (3, 12))
    escaped = sys.version_info < (3, 12)
    assert to_json({"é": "😀"}) == ('{"\\u00e9": "\\ud83d\\ude00"}' if escaped else '{"é": "😀"}')
    assert to_json({"é": D("1")}) == ('{"\\u00e9": 1}' if escaped else '{"é": 1}')
    # Both ways, whatever this interpreter is: the exact encoder takes the choice as an argument.
    assert json_encoder._exact(["é", D("2")], True) == '["\\u00e9", 2]'
    assert json_encoder._exact(["é", D("2")], False) == '["é", 2]'


def test_error_bodies_and_json_error_entries_follow_the_runtime_version() -> None:
    def fails(event: Any, context: Any) -> None:
        raise ValueError("café")

    result = LambdaFunction(fails, log_format="JSON").invoke({})
    message = "caf\\u00e9" if sys.version_info < (3, 12) else "café"
    assert f'"errorMessage": "{message}"' in result._raw
    (entry,) = [line for line in result.logs.splitlines() if '"level": "ERROR"' in line]
    assert f'"errorMessage": "{message}"' in entry


# -- against awslambdaric itself, where it is installed (a Linux-only test dependency) -------------

_keys = st.one_of(
    st.text(max_size=5),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.binary(max_size=3),
    st.decimals(allow_nan=False),
)
_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.binary(max_size=4),
    st.decimals(),
    st.sampled_from([Color.RED, Half(0.5), Row(), RefusingAsdict()]),
)
_values = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(_keys, inner, max_size=4),
        st.builds(Point, inner, inner),
    ),
    max_leaves=12,
)


def _theirs_encoder() -> Any:
    marshaller = pytest.importorskip("awslambdaric.lambda_runtime_marshaller")
    runtime = f"AWS_Lambda_python{sys.version_info.major}.{sys.version_info.minor}"
    with mock.patch.dict(os.environ, {"AWS_EXECUTION_ENV": runtime}):
        return marshaller.LambdaMarshaller()


@given(value=_values)
def test_same_bytes_and_errors_as_awslambdaric(value: Any) -> None:
    theirs = _theirs_encoder()
    try:
        expected: Any = theirs.marshal_response(value)[0]
    except Exception as exc:
        expected = ("MarshalError", getattr(exc, "msg", None))
    try:
        ours: Any = marshal_response(value)
    except FaultError as exc:
        ours = ("MarshalError", exc.message)
    assert ours == expected
