"""Schedule expressions: when a ``rate(...)``, ``cron(...)`` or ``at(...)`` schedule fires.

Syntax from https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
(EventBridge rules) and https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
(EventBridge Scheduler): ``rate(value unit)`` with unit minute(s), hour(s) or day(s) (singular when
the value is 1); ``cron(minutes hours day-of-month month day-of-week year)`` with ``*``, ``,``,
``-``, ``/`` and ``?`` (one of day-of-month and day-of-week must be ``?``), month names JAN-DEC and
weekday names SUN-SAT (day-of-week 1-7, Sunday first), and the wildcards of the fields' table:
day-of-month ``L`` (the month's last day), ``W`` (``3W``: the weekday nearest the 3rd, within the
month) and ``LW`` (the last weekday); day-of-week ``L`` (the week's last day, Saturday), ``5L``
(the month's last Thursday) and ``#`` (``3#2``: the month's second Tuesday; "only one expression"
in the field). A field allows only the wildcards its row of the table lists. Scheduler adds
``at(yyyy-mm-ddThh:mm:ss)``, one time. Rules evaluate cron in UTC; a Scheduler schedule in its
``ScheduleExpressionTimezone``, where a time that daylight saving skips does not fire and a time it
repeats fires once (schedule-types.html, "Daylight saving time").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo

from pytest_lambda.aws.intrinsics import template_error

__all__ = ["Schedule"]

_RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)")
_CRON = re.compile(r"cron\(([^)]*)\)")
_AT = re.compile(r"at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
# (name, low, high, names, the wildcards beyond `, - *` its row of the table allows).
_FIELDS = [
    ("minutes", 0, 59, [], "/"),
    ("hours", 0, 23, [], "/"),
    ("day-of-month", 1, 31, [], "?/LW"),
    ("month", 1, 12, _MONTHS, "/"),
    ("day-of-week", 1, 7, _DAYS, "?L#"),
    ("year", 1970, 2199, [], "/"),
]
_SATURDAY = 7

DayRule = Callable[[date], bool]


def _weekday(day: date) -> int:
    """Cron's day-of-week: Sunday 1 ... Saturday 7."""
    return (day.weekday() + 1) % 7 + 1


def _last_day(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def nearest_weekday(year: int, month: int, day: int) -> int | None:
    """The day ``dayW`` means in that month: the weekday nearest ``day``, never in another month.

    A Saturday 1st moves to Monday the 3rd and a Sunday last day to Friday, as in Quartz, whose
    cron EventBridge's follows; a day the month does not have (``31W`` in April) fires nothing,
    as ``31`` does not (AWS does not say).
    """
    last = calendar.monthrange(year, month)[1]
    if day > last:
        return None
    weekday = date(year, month, day).weekday()  # Monday 0 ... Sunday 6
    if weekday == 5:
        return day - 1 if day > 1 else day + 2
    if weekday == 6:
        return day + 1 if day < last else day - 2
    return day


def _last_weekday(day: date) -> int:
    last = date(day.year, day.month, _last_day(day))
    return last.day - max(last.weekday() - 4, 0)


@dataclass(frozen=True)
class _Cron:
    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    months: frozenset[int]
    years: frozenset[int]
    day: DayRule

    def local_times(self, first: date, last: date) -> Iterator[tuple[date, int, int]]:
        """The (day, hour, minute) wall times it names from ``first`` to ``last``, in order."""
        day = first
        while day <= last:
            if day.year in self.years and day.month in self.months and self.day(day):
                for hour in self.hours:
                    for minute in self.minutes:
                        yield day, hour, minute
            day += timedelta(days=1)


class Schedule:
    """A schedule expression; ``times(created_ms, after_ms, until_ms)`` are its firings in between.

    ``zone`` is the time zone cron and ``at`` are read in (UTC for rules). ``scheduler``: the
    expression is EventBridge Scheduler's, which also takes ``at(...)``, and its rate fires at
    once when the schedule starts (schedule-types.html, "Rate-based schedules"), where a rule's
    first fires one period after it is created.
    """

    def __init__(self, expression: str, where: str, *, zone: tzinfo = timezone.utc, scheduler: bool = False) -> None:
        self.expression = expression
        self.zone = zone
        self.scheduler = scheduler
        self.one_time: bool = False
        self._period_ms: int | None = None
        self._cron: _Cron | None = None
        self._at_ms: int | None = None
        rate, cron, at = _RATE.fullmatch(expression), _CRON.fullmatch(expression), _AT.fullmatch(expression)
        if rate is not None:
            value, unit = int(rate.group(1)), rate.group(2)
            if value < 1 or (value == 1) != (not unit.endswith("s")):
                raise template_error(
                    f"{where}: {expression!r}: the value must be positive, the unit singular only for 1"
                )
            self._period_ms = value * _UNIT_SECONDS[unit.rstrip("s")] * 1000
        elif cron is not None:
            self._cron = _parse_cron(cron.group(1), expression, where)
        elif at is not None and scheduler:
            self.one_time = True
            self._at_ms = _at_ms(at, zone, expression, where)
        else:
            forms = (
                "rate(5 minutes), cron(0 12 * * ? *) or at(2026-12-24T18:00:00)"
                if scheduler
                else "rate(5 minutes) or cron(0 12 * * ? *)"
            )
            raise template_error(f"{where}: {expression!r} is not a schedule expression: {forms}")

    @property
    def one_time_ms(self) -> int | None:
        """When an ``at()`` schedule fires (``None``: never, or not one-time)."""
        return self._at_ms

    def times(self, created_ms: int, after_ms: int, until_ms: int) -> Iterator[int]:
        """Firing times (epoch ms) in ``(after_ms, until_ms]`` of a schedule that starts at ``created_ms``."""
        if self.one_time:
            if self._at_ms is not None and after_ms < self._at_ms <= until_ms:
                yield self._at_ms
            return
        if self._period_ms is not None:
            period = self._period_ms
            # A rule's rate counts from one period after creation, a Scheduler schedule's from its start.
            count = max((after_ms - created_ms) // period + 1, 0 if self.scheduler else 1)
            while created_ms + count * period <= until_ms:
                yield created_ms + count * period
                count += 1
            return
        assert self._cron is not None
        yield from _cron_times(self._cron, self.zone, after_ms, until_ms)


def _cron_times(cron: _Cron, zone: tzinfo, after_ms: int, until_ms: int) -> Iterator[int]:
    # A day either side: the wall-clock days the UTC window touches in any zone.
    first = datetime.fromtimestamp(after_ms / 1000, tz=timezone.utc).date() - timedelta(days=1)
    last = datetime.fromtimestamp(until_ms / 1000, tz=timezone.utc).date() + timedelta(days=1)
    for day, hour, minute in cron.local_times(first, last):
        ms = _utc_ms(datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone), zone)
        if ms is not None and after_ms < ms <= until_ms:
            yield ms


def _at_ms(match: re.Match[str], zone: tzinfo, expression: str, where: str) -> int | None:
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        wall = datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError as exc:
        raise template_error(f"{where}: {expression!r} is not a date and time ({exc})") from None
    return _utc_ms(wall, zone)


def _utc_ms(wall: datetime, zone: tzinfo) -> int | None:
    """The instant of a wall-clock time; ``None`` if daylight saving skips it (it does not fire).

    A repeated time is its first occurrence (``fold=0``): it fires once. Scheduler documents
    both for cron (schedule-types.html, "Daylight saving time"); an ``at()`` is taken alike.
    """
    at = wall.astimezone(timezone.utc)
    if at.astimezone(zone).replace(tzinfo=None) != wall.replace(tzinfo=None):
        return None
    return int(at.timestamp()) * 1000


def _parse_cron(body: str, expression: str, where: str) -> _Cron:
    parts = body.split()
    if len(parts) != len(_FIELDS):
        raise template_error(
            f"{where}: {expression!r} needs six fields: minutes hours day-of-month month day-of-week year"
        )
    day_of_month, day_of_week = parts[2], parts[4]
    if (day_of_month == "?") == (day_of_week == "?"):
        raise template_error(f"{where}: {expression!r}: one of day-of-month and day-of-week must be '?'")
    values = [
        None if part == "?" and index in (2, 4) else _field(part, *spec, where=where)
        for index, (part, spec) in enumerate(zip(parts, _FIELDS, strict=True))
    ]
    day = (
        _day_of_month_rule(day_of_month, values[2], where)
        if day_of_week == "?"
        else _day_of_week_rule(day_of_week, values[4], where)
    )
    minutes, hours, months, years = (values[index] or set() for index in (0, 1, 3, 5))
    return _Cron(tuple(sorted(minutes)), tuple(sorted(hours)), frozenset(months), frozenset(years), day)


def _day_of_month_rule(text: str, allowed: set[int] | None, where: str) -> DayRule:
    text = text.upper()
    if text == "L":
        return lambda day: day.day == _last_day(day)
    if text == "LW":
        return lambda day: day.day == _last_weekday(day)
    if text.endswith("W"):
        target = _value(text[:-1], "day-of-month", 1, 31, [], "?/LW", where, whole=text)
        return lambda day: day.day == nearest_weekday(day.year, day.month, target)
    if allowed is None:
        raise template_error(f"{where}: {text!r} is not a day-of-month value: L, LW, 3W, or 1-31 with , - * /")
    return lambda day: day.day in allowed


def _day_of_week_rule(text: str, allowed: set[int] | None, where: str) -> DayRule:
    spec = ("day-of-week", 1, 7, _DAYS, "?L#")
    text = text.upper()
    if text == "L":
        return lambda day: _weekday(day) == _SATURDAY
    if "#" in text:
        weekday_text, _, nth_text = text.partition("#")
        weekday = _value(weekday_text, *spec, where, whole=text)
        if not (nth_text.isdigit() and 1 <= int(nth_text) <= 5):
            raise template_error(f"{where}: {text!r}: the day-of-week after '#' is the week of the month, 1-5")
        nth = int(nth_text)
        return lambda day: _weekday(day) == weekday and (day.day - 1) // 7 + 1 == nth
    if text.endswith("L"):
        weekday = _value(text[:-1], *spec, where, whole=text)
        return lambda day: _weekday(day) == weekday and day.day + 7 > _last_day(day)
    if allowed is None:
        raise template_error(f"{where}: {text!r} is not a day-of-week value: L, 5L, 3#2, or 1-7/SUN-SAT with , - *")
    return lambda day: _weekday(day) in allowed


def _field(
    text: str, name: str, low: int, high: int, names: list[str], wildcards: str, *, where: str
) -> set[int] | None:
    """The values a cron field allows; ``None`` for the ``L``/``W``/``#`` forms the day rules read."""
    if text == "?":
        raise template_error(f"{where}: '?' is only for day-of-month or day-of-week, not {name}")
    bare = text.upper()
    for known in names:
        bare = bare.replace(known, "")  # JUL and WED are names, not L or W
    special = [mark for mark in "LW#" if mark in bare]
    if special:
        if any(mark not in wildcards for mark in special):
            raise template_error(
                f"{where}: {text!r}: {name} takes the wildcards , - * {' '.join(wildcards)}, "
                f"not {' '.join(special)} (eb-scheduled-rule-pattern.html)"
            )
        if any(mark in text for mark in ",-/*"):
            raise template_error(
                f"{where}: {text!r}: {name}'s L, W and # stand alone in the field, without a list, range or step"
            )
        return None
    allowed: set[int] = set()
    for item in text.split(","):
        body, slash, step_text = item.partition("/")
        if slash and "/" not in wildcards:
            raise template_error(f"{where}: {text!r}: {name} takes the wildcards , - * {' '.join(wildcards)}, not /")
        if body == "*":
            start, stop = low, high
        else:
            first, _, last = body.partition("-")
            start = _value(first, name, low, high, names, wildcards, where)
            stop = _value(last, name, low, high, names, wildcards, where) if last else (high if step_text else start)
        step = _value(step_text, name, 1, high, [], wildcards, where) if slash else 1
        allowed.update(range(start, stop + 1, step))
    return allowed


def _value(
    text: str, name: str, low: int, high: int, names: list[str], wildcards: str, where: str, *, whole: str = ""
) -> int:
    if text.upper() in names:
        return names.index(text.upper()) + low
    if not text.isdigit() or not low <= int(text) <= high:
        marks = f", - * {' '.join(wildcards)}"
        raise template_error(
            f"{where}: {(whole or text)!r} is not a {name} value ({low}-{high}"
            f"{', ' + '/'.join(names) if names else ''}; wildcards {marks})"
        )
    return int(text)
