"""EventBridge schedule expressions: when a ``rate(...)`` or ``cron(...)`` rule fires.

Syntax from https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html:
``rate(value unit)`` with unit minute(s), hour(s) or day(s) (singular when the value is 1);
``cron(minutes hours day-of-month month day-of-week year)`` in UTC with ``*``, ``,``, ``-``, ``/`` and
``?`` (one of day-of-month and day-of-week must be ``?``), month names JAN-DEC and weekday names
SUN-SAT (day-of-week 1-7, Sunday first). ``L``, ``W`` and ``#`` are not supported here: the error
says so. A rate rule first fires one period after it is created.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from pytest_lambda.aws.intrinsics import TemplateError
from pytest_lambda.errors import with_docs

__all__ = ["Schedule"]

_RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)")
_CRON = re.compile(r"cron\(([^)]*)\)")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
# (name, low, high, names) of the six cron fields.
_FIELDS = [
    ("minutes", 0, 59, []),
    ("hours", 0, 23, []),
    ("day-of-month", 1, 31, []),
    ("month", 1, 12, _MONTHS),
    ("day-of-week", 1, 7, _DAYS),
    ("year", 1970, 2199, []),
]


def _error(message: str) -> TemplateError:
    return TemplateError(with_docs(message, "testing-a-sam-or-cdk-application"))


class Schedule:
    """A rule's schedule expression; ``times(after_ms, until_ms)`` are its firings in between."""

    def __init__(self, expression: str, where: str) -> None:
        self.expression = expression
        self._period_ms: int | None = None
        self._fields: list[set[int] | None] = []
        rate, cron = _RATE.fullmatch(expression), _CRON.fullmatch(expression)
        if rate is not None:
            value, unit = int(rate.group(1)), rate.group(2)
            if value < 1 or (value == 1) != (not unit.endswith("s")):
                raise _error(f"{where}: {expression!r}: the value must be positive, the unit singular only for 1")
            self._period_ms = value * _UNIT_SECONDS[unit.rstrip("s")] * 1000
        elif cron is not None:
            parts = cron.group(1).split()
            if len(parts) != len(_FIELDS):
                raise _error(
                    f"{where}: {expression!r} needs six fields: minutes hours day-of-month month day-of-week year"
                )
            self._fields = [_field(part, *spec, where=where) for part, spec in zip(parts, _FIELDS, strict=True)]
            if (self._fields[2] is None) == (self._fields[4] is None):
                raise _error(f"{where}: {expression!r}: one of day-of-month and day-of-week must be '?'")
        else:
            raise _error(f"{where}: {expression!r} is not a schedule expression: rate(5 minutes) or cron(0 12 * * ? *)")

    def times(self, created_ms: int, after_ms: int, until_ms: int) -> Iterator[int]:
        """Firing times (epoch ms) in ``(after_ms, until_ms]`` of a rule created at ``created_ms``."""
        if self._period_ms is not None:
            period = self._period_ms
            count = max((after_ms - created_ms) // period + 1, 1)
            while created_ms + count * period <= until_ms:
                yield created_ms + count * period
                count += 1
            return
        minute = datetime.fromtimestamp(after_ms // 60000 * 60, tz=timezone.utc) + timedelta(minutes=1)
        end = datetime.fromtimestamp(until_ms / 1000, tz=timezone.utc)
        while minute <= end:
            if self._cron_matches(minute):
                yield int(minute.timestamp() * 1000)
            minute += timedelta(minutes=1)

    def _cron_matches(self, at: datetime) -> bool:
        weekday = (at.weekday() + 1) % 7 + 1  # Sunday 1 ... Saturday 7
        values = [at.minute, at.hour, at.day, at.month, weekday, at.year]
        return all(allowed is None or value in allowed for value, allowed in zip(values, self._fields, strict=True))


def _field(text: str, name: str, low: int, high: int, names: list[str], *, where: str) -> set[int] | None:
    """The values a cron field allows (``None`` for ``?``)."""
    if text == "?":
        if name not in ("day-of-month", "day-of-week"):
            raise _error(f"{where}: '?' is only for day-of-month or day-of-week, not {name}")
        return None
    allowed: set[int] = set()
    for item in text.split(","):
        body, _, step_text = item.partition("/")
        if body == "*":
            start, stop = low, high
        else:
            first, _, last = body.partition("-")
            start = _value(first, name, low, high, names, where)
            stop = _value(last, name, low, high, names, where) if last else (high if step_text else start)
        step = _value(step_text, name, 1, high, [], where) if step_text else 1
        allowed.update(range(start, stop + 1, step))
    return allowed


def _value(text: str, name: str, low: int, high: int, names: list[str], where: str) -> int:
    if text.upper() in names:
        return names.index(text.upper()) + low
    if not text.isdigit() or not low <= int(text) <= high:
        raise _error(
            f"{where}: {text!r} is not a {name} value ({low}-{high}{', ' + '/'.join(names) if names else ''}); "
            "L, W and # are not supported"
        )
    return int(text)
