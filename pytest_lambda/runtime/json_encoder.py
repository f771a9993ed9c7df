"""The runtime's JSON encoder, byte for byte, with the stdlib: awslambdaric 4.2.2's ``to_json``.

awslambdaric (``lambda_runtime_marshaller.py``) encodes responses, error objects and the JSON
``[ERROR]`` log entry with ``Encoder``, a simplejson ``JSONEncoder``. The stdlib's C encoder writes
exact dicts, lists and tuples of str, int, float, bool and None as it does; anything else (a
namedtuple, a Decimal, bytes, an ``_asdict`` object, a subclass) goes to ``_exact``, which follows
simplejson's own checks (``encoder._make_iterencode``).
"""

from __future__ import annotations

import decimal
import gc
import json
import math
import sys
from collections.abc import Callable
from typing import Any

# lambda_runtime_marshaller.Encoder: ensure_ascii=False for these AWS_EXECUTION_ENV values only.
_UNESCAPED_RUNTIMES = frozenset(f"AWS_Lambda_python3.{minor}" for minor in (12, 13, 14, 15))
ENSURE_ASCII = f"AWS_Lambda_python{sys.version_info.major}.{sys.version_info.minor}" not in _UNESCAPED_RUNTIMES


class _Fallback(Exception):
    """Raised by the fast encoder's ``default``: the value needs the exact encoder."""


def _fallback(o: Any) -> Any:
    raise _Fallback


def _c_encoder(ensure_ascii: bool) -> Callable[[Any, int], Any]:
    """The stdlib's C encoder with the runtime's separators and NaN, made once rather than per call.

    It is made without circular-reference markers (a dict insert and delete per container): a
    circular value ends in ``RecursionError`` and goes to the exact encoder, which has them.
    """
    make = json.encoder.c_make_encoder  # type: ignore[attr-defined] # CPython's C accelerator, untyped
    basestring = json.encoder.encode_basestring_ascii if ensure_ascii else json.encoder.encode_basestring
    return make(None, _fallback, basestring, None, ": ", ", ", False, False, True)  # type: ignore[no-any-return]


# Exact dict, list and tuple of str, int, float, bool and None: the stdlib writes these as simplejson does.
_SCALARS = frozenset({str, int, float, bool, type(None)})
_PLAIN = _SCALARS | {dict, list, tuple}
_get_referents = gc.get_referents


def _plain(value: Any) -> bool:
    """Whether ``value`` holds nothing but ``_PLAIN`` types, walked level by level.

    Only called once the C encoder has encoded ``value``, so it has no cycle. The referents of an
    exact dict, list or tuple are its keys (none for str-only keys), values and items.
    """
    level = [value]
    while level:
        if len(level) > 8:
            # A wide level: its types checked in one pass in C.
            if not _PLAIN.issuperset(map(type, level)):
                return False
        else:
            # A narrow one, as most responses start: no look further down when it holds only scalars.
            containers = False
            for item in level:
                kind = type(item)
                if kind not in _SCALARS:
                    if kind not in _PLAIN:
                        return False
                    containers = True
            if not containers:
                return True
        level = _get_referents(*level)
    return True


def _exact(value: Any, ensure_ascii: bool) -> str:
    """``value`` as simplejson's ``JSONEncoder`` writes it with the runtime's options.

    The options: ``use_decimal=False`` with the runtime's ``default`` (a Decimal as its text, NaN as
    NaN), ``allow_nan=True``, ``namedtuple_as_object`` and ``tuple_as_array`` (its defaults), bytes
    decoded as UTF-8. The order of the checks is simplejson's (``encoder._make_iterencode``).
    """
    string = json.encoder.encode_basestring_ascii if ensure_ascii else json.encoder.encode_basestring
    chunks: list[str] = []
    append = chunks.append
    markers: dict[int, Any] = {}

    def enter(o: Any) -> int:
        marker = id(o)
        if marker in markers:
            raise ValueError("Circular reference detected")
        markers[marker] = o
        return marker

    def number(o: Any) -> str:
        if isinstance(o, float):
            if o != o:
                return "NaN"
            if o in (math.inf, -math.inf):
                return "Infinity" if o > 0 else "-Infinity"
            return repr(o if type(o) is float else float(o))
        # int (not bool): simplejson does not trust a subclass's str/repr
        return str(o if type(o) is int else int(o))

    def key_text(key: Any) -> str:
        if isinstance(key, str):
            return key
        if isinstance(key, bytes):
            return str(key, "utf-8")
        if isinstance(key, float):
            return number(key)
        if key is True:
            return "true"
        if key is False:
            return "false"
        if key is None:
            return "null"
        if isinstance(key, int):
            return number(key)
        raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")

    def encode_dict(d: dict[Any, Any]) -> None:
        if not d:
            append("{}")
            return
        marker = enter(d)
        append("{")
        first = True
        for key, item in d.items():
            text = key_text(key)
            if first:
                first = False
            else:
                append(", ")
            append(string(text))
            append(": ")
            encode(item)
        append("}")
        del markers[marker]

    def encode_list(items: list[Any] | tuple[Any, ...]) -> None:
        if not items:
            append("[]")
            return
        marker = enter(items)
        append("[")
        first = True
        for item in items:
            if first:
                first = False
            else:
                append(", ")
            encode(item)
        append("]")
        del markers[marker]

    def encode(o: Any) -> None:
        if isinstance(o, str):
            append(string(o))
        elif isinstance(o, bytes):
            append(string(str(o, "utf-8")))
        elif o is None:
            append("null")
        elif o is True:
            append("true")
        elif o is False:
            append("false")
        elif isinstance(o, (int, float)):
            append(number(o))
        else:
            as_dict = _as_dict(o)
            if as_dict is not None:
                marker = enter(o)
                encode_dict(as_dict)
                del markers[marker]
            elif isinstance(o, (list, tuple)):
                encode_list(o)
            elif isinstance(o, dict):
                encode_dict(o)
            else:
                append(_default(o))

    encode(value)
    return "".join(chunks)


def _as_dict(o: Any) -> dict[Any, Any] | None:
    """What ``o._asdict()`` returns, if ``o`` has one that can be called (simplejson's namedtuple_as_object)."""
    method = getattr(o, "_asdict", None)
    if not callable(method):
        return None
    try:
        result = method()
    except TypeError:
        return None
    if not isinstance(result, dict):
        raise TypeError(f"_asdict() must return a dict, not {type(result).__name__}")
    return result


def _default(o: Any) -> str:
    """The runtime's ``Encoder.default``: a Decimal as its own text (NaN as NaN), anything else refused."""
    if isinstance(o, decimal.Decimal):
        return "NaN" if o.is_nan() else str(o)
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


_join = "".join
_chunks = _c_encoder(ENSURE_ASCII)


def to_json(value: Any) -> str:
    """``value`` as the runtime's ``to_json`` writes it (``lambda_runtime_marshaller.py``).

    The stdlib's C encoder writes exact dicts, lists and tuples of str, int, float, bool and None
    as simplejson does; a value that holds anything else (a namedtuple, a Decimal, bytes, an
    ``_asdict`` object, a subclass) or that the C encoder refuses is encoded again exactly.
    """
    try:
        text: str = _join(_chunks(value, 0))
    except Exception:
        return _exact(value, ENSURE_ASCII)
    return text if _plain(value) else _exact(value, ENSURE_ASCII)
