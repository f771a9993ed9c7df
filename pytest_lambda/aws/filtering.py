"""Lambda's event filtering: ``FilterCriteria`` patterns matched against a mapping's messages.

Rules from https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html: a record is
passed to the function when it matches any of the filters; the pattern syntax is EventBridge's
(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html): every
leaf is a list of matchers, any of which may match (an array field matches when one of its
elements does); matchers are values (string, number, boolean, null), ``prefix``, ``suffix``,
``equals-ignore-case``, ``wildcard``, ``anything-but``, ``numeric``, ``exists`` and ``cidr``; ``$or``
takes a list of patterns. An SQS message's ``body`` is matched as JSON when it is valid JSON, as
the plain string otherwise.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pytest_lambda.aws._esm import fail

__all__ = ["EventFilter", "sqs_view"]

_MISSING = object()
_NUMERIC: dict[str, Callable[[float, float], bool]] = {
    "=": operator.eq,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_OPERATORS = ("prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists", "cidr")


class EventFilter:
    """The filters of one mapping (``FilterCriteria.Filters[*].Pattern``: JSON texts or dicts)."""

    def __init__(self, patterns: Sequence[str | Mapping[str, Any]]) -> None:
        self.patterns = [_parse(pattern, index) for index, pattern in enumerate(patterns)]

    def matches(self, record: Mapping[str, Any]) -> bool:
        """Whether ``record`` matches any filter."""
        return any(_match_object(pattern, record) for pattern in self.patterns)


def sqs_view(record: Mapping[str, Any]) -> dict[str, Any]:
    """An SQS record as the filters see it: ``body`` parsed when it is JSON."""
    view = dict(record)
    with contextlib.suppress(ValueError):
        view["body"] = json.loads(record["body"])
    return view


def _parse(pattern: str | Mapping[str, Any], index: int) -> dict[str, Any]:
    try:
        parsed = json.loads(pattern) if isinstance(pattern, str) else dict(pattern)
    except ValueError as exc:
        raise fail(f"filter {index}: Pattern {pattern!r} is not JSON ({exc})") from None
    if not isinstance(parsed, dict):
        raise fail(f"filter {index}: Pattern {pattern!r} must be a JSON object")
    _check(parsed, f"filter {index}")
    return parsed


def _check(pattern: Mapping[str, Any], where: str) -> None:
    for key, value in pattern.items():
        if key == "$or":
            if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
                raise fail(f"{where}: $or takes a list of patterns, got {value!r}")
            for item in value:
                _check(item, where)
        elif isinstance(value, dict):
            _check(value, f"{where}.{key}")
        elif not isinstance(value, list):
            raise fail(f"{where}.{key}: {value!r} must be a list of matchers (EventBridge pattern syntax)")
        else:
            for matcher in value:
                if isinstance(matcher, dict) and (len(matcher) != 1 or next(iter(matcher)) not in _OPERATORS):
                    raise fail(f"{where}.{key}: {matcher!r} is not a matcher; operators: {list(_OPERATORS)}")
                if isinstance(matcher, dict) and "numeric" in matcher:
                    _check_numeric(matcher["numeric"], f"{where}.{key}")


def _check_numeric(argument: Any, where: str) -> None:
    pairs = argument if isinstance(argument, list) else []
    valid = 0 < len(pairs) <= 4 and len(pairs) % 2 == 0
    valid = valid and all(
        op in _NUMERIC and isinstance(bound, int | float) and not isinstance(bound, bool)
        for op, bound in zip(pairs[::2], pairs[1::2], strict=True)
    )
    if not valid:
        raise fail(
            f"{where}: numeric {argument!r} must be one or two [operator, number] pairs; operators: {list(_NUMERIC)}"
        )


def _match_object(pattern: Mapping[str, Any], data: Any) -> bool:
    for key, expected in pattern.items():
        if key == "$or":
            if not any(_match_object(option, data) for option in expected):
                return False
            continue
        value = data.get(key, _MISSING) if isinstance(data, Mapping) else _MISSING
        if isinstance(expected, dict):
            if not _match_object(expected, value if value is not _MISSING else {}):
                return False
        elif not _match_leaf(expected, value):
            return False
    return True


def _match_leaf(matchers: list[Any], value: Any) -> bool:
    if value is _MISSING:
        return any(isinstance(m, dict) and m.get("exists") is False for m in matchers)
    values = value if isinstance(value, list) else [value]
    return any(_matches(matcher, item) for matcher in matchers for item in values)


def _matches(matcher: Any, value: Any) -> bool:
    if not isinstance(matcher, dict):
        return _equal(matcher, value)
    ((name, argument),) = matcher.items()
    if name == "exists":
        return bool(argument)
    if name == "numeric":
        return _numeric(argument, value)
    if name == "anything-but":
        return not _anything(argument, value)
    if name == "cidr":
        return isinstance(value, str) and _in_network(value, argument)
    if not isinstance(value, str):
        return False
    if name == "equals-ignore-case":
        return value.lower() == str(argument).lower()
    if name == "wildcard":
        return _wildcard(str(argument)).fullmatch(value) is not None
    subject: str = value
    if isinstance(argument, dict):
        # {"prefix": {"equals-ignore-case": "x"}}: the prefix (or suffix) matched without case.
        text, subject = str(argument.get("equals-ignore-case", "")).lower(), subject.lower()
    else:
        text = str(argument)
    return subject.startswith(text) if name == "prefix" else subject.endswith(text)


def _wildcard(pattern: str) -> re.Pattern[str]:
    """A ``wildcard`` matcher: ``*`` is any run of characters, ``\\*`` and ``\\\\`` are literal, all else is.

    EventBridge's matcher (aws/event-ruler ``WildcardParser``: only the asterisk and the backslash
    that escapes it are special), so ``?`` and ``[...]`` are not globs as in ``fnmatch``.
    """
    parts = []
    escaped = False
    for char in pattern:
        if escaped:
            parts.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            parts.append(".*" if char == "*" else re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def _anything(argument: Any, value: Any) -> bool:
    """Whether ``value`` is one of what ``anything-but`` excludes."""
    if isinstance(argument, dict):
        return _matches(argument, value)
    excluded = argument if isinstance(argument, list) else [argument]
    return any(_equal(item, value) for item in excluded)


def _equal(expected: Any, value: Any) -> bool:
    numbers = (int, float)
    if isinstance(expected, numbers) and not isinstance(expected, bool):
        return isinstance(value, numbers) and not isinstance(value, bool) and float(value) == float(expected)
    return type(expected) is type(value) and bool(expected == value)


def _numeric(argument: list[Any], value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    pairs = zip(argument[::2], argument[1::2], strict=True)
    return all(_NUMERIC[op](float(value), float(bound)) for op, bound in pairs)


def _in_network(value: str, network: str) -> bool:
    try:
        return ipaddress.ip_address(value) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False
