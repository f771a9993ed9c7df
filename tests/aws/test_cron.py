"""The cron evaluator against a brute-force reference that looks at every minute.

The expressions are drawn as parts (values, ranges, steps, names, ``L``, ``W``, ``LW``, ``nL``,
``n#k``), rendered as text for ``Schedule`` and read by the reference straight from the parts,
with each wildcard's meaning written out from eb-scheduled-rule-pattern.html, in UTC and in
zones with daylight saving (Lord Howe's moves by 30 minutes).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_lambda.aws.schedules import Schedule

MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
ZONES: list[tzinfo] = [
    timezone.utc,
    ZoneInfo("America/New_York"),
    ZoneInfo("Europe/London"),
    ZoneInfo("Australia/Lord_Howe"),
    ZoneInfo("Asia/Kolkata"),
]


@dataclass(frozen=True)
class Field:
    text: str
    allows: Callable[[int], bool]


def items(low: int, high: int, names: list[str], step: bool) -> st.SearchStrategy[tuple[str, set[int]]]:
    """One item of a list: a value (or its name), a range, ``*``, or with ``step`` a ``/`` increment."""

    def label(value: int) -> st.SearchStrategy[str]:
        texts = [str(value)] + ([names[value - low]] if names else [])
        return st.sampled_from(texts)

    value = st.integers(low, high).flatmap(lambda v: label(v).map(lambda text: (text, {v})))
    bounded = st.tuples(st.integers(low, high), st.integers(low, high)).map(sorted)
    ranged = bounded.flatmap(
        lambda pair: st.tuples(label(pair[0]), label(pair[1])).map(
            lambda texts: (f"{texts[0]}-{texts[1]}", set(range(pair[0], pair[1] + 1)))
        )
    )
    every = st.just(("*", set(range(low, high + 1))))
    options = [value, ranged, every]
    if step:
        increment = st.integers(1, high)
        options += [
            st.tuples(st.integers(low, high), increment).map(
                lambda pair: (f"{pair[0]}/{pair[1]}", set(range(pair[0], high + 1, pair[1])))
            ),
            st.tuples(bounded, increment).map(
                lambda pair: (f"{pair[0][0]}-{pair[0][1]}/{pair[1]}", set(range(pair[0][0], pair[0][1] + 1, pair[1])))
            ),
            increment.map(lambda n: (f"*/{n}", set(range(low, high + 1, n)))),
        ]
    return st.one_of(options)


def plain(low: int, high: int, names: list[str] = [], *, step: bool = True) -> st.SearchStrategy[Field]:  # noqa: B006
    def join(parts: list[tuple[str, set[int]]]) -> Field:
        allowed = set().union(*(values for _, values in parts))
        return Field(",".join(text for text, _ in parts), allowed.__contains__)

    return st.lists(items(low, high, names, step), min_size=1, max_size=3).map(join)


def last_day(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def month_days(day: date) -> list[date]:
    return [date(day.year, day.month, n) for n in range(1, last_day(day) + 1)]


def nearest_weekday(n: int) -> Callable[[date], bool]:
    # "nW: the weekday closest to day n", never leaving the month; a day the month lacks: none.
    def allows(day: date) -> bool:
        if n > last_day(day):
            return False
        weekdays = [d for d in month_days(day) if d.weekday() < 5]
        return day == min(weekdays, key=lambda d: abs(d.day - n))

    return allows


def weekday_of(day: date) -> int:
    return (day.weekday() + 1) % 7 + 1  # SUN 1 ... SAT 7


day_of_month = st.one_of(
    plain(1, 31).map(lambda f: Field(f.text, lambda day, f=f: f.allows(day.day))),  # type: ignore[misc]
    st.just(Field("L", lambda day: day.day == last_day(day))),
    st.just(Field("LW", lambda day: day == max(d for d in month_days(day) if d.weekday() < 5))),
    st.integers(1, 31).map(lambda n: Field(f"{n}W", nearest_weekday(n))),
)
day_of_week = st.one_of(
    plain(1, 7, DAYS, step=False).map(lambda f: Field(f.text, lambda day, f=f: f.allows(weekday_of(day)))),  # type: ignore[misc]
    st.just(Field("L", lambda day: weekday_of(day) == 7)),
    st.tuples(st.integers(1, 7), st.booleans()).map(
        lambda pair: Field(
            f"{DAYS[pair[0] - 1] if pair[1] else pair[0]}L",
            lambda day: (
                weekday_of(day) == pair[0] and not any(weekday_of(d) == pair[0] and d > day for d in month_days(day))
            ),
        )
    ),
    st.tuples(st.integers(1, 7), st.integers(1, 5)).map(
        lambda pair: Field(
            f"{pair[0]}#{pair[1]}",
            lambda day: (
                weekday_of(day) == pair[0]
                and sum(1 for d in month_days(day) if weekday_of(d) == pair[0] and d <= day) == pair[1]
            ),
        )
    ),
)
ANY_DAY = Field("?", lambda day: True)


@st.composite
def crons(draw: st.DrawFn) -> tuple[str, Callable[[datetime], bool]]:
    minutes, hours = draw(plain(0, 59)), draw(plain(0, 23))
    months = draw(st.one_of(st.just(Field("*", lambda m: True)), plain(1, 12, MONTHS)))
    years = draw(st.one_of(st.just(Field("*", lambda y: True)), plain(2023, 2030)))
    if draw(st.booleans()):
        dom, dow = draw(day_of_month), ANY_DAY
    else:
        dom, dow = ANY_DAY, draw(day_of_week)
    text = f"cron({minutes.text} {hours.text} {dom.text} {months.text} {dow.text} {years.text})"

    def fires(wall: datetime) -> bool:
        day = wall.date()
        return (
            minutes.allows(wall.minute)
            and hours.allows(wall.hour)
            and months.allows(wall.month)
            and years.allows(wall.year)
            and dom.allows(day)  # type: ignore[arg-type]
            and dow.allows(day)  # type: ignore[arg-type]
        )

    return text, fires


# Starts near the ends and starts of months, and the zones' daylight saving days, where the edges are.
starts = st.builds(
    lambda year, month, day, minute: (
        datetime(year, month, 1, tzinfo=timezone.utc) + timedelta(days=day, minutes=minute)
    ),
    st.integers(2024, 2028),
    st.integers(1, 12),
    st.sampled_from([-3, -2, -1, 0, 1, 2, 5, 6, 7, 13, 20, 24, 25, 26, 27, 28, 29]),
    st.integers(0, 1439),
)


def reference(fires: Callable[[datetime], bool], zone: tzinfo, after_ms: int, until_ms: int) -> list[int]:
    """Every minute in ``(after_ms, until_ms]`` whose wall time in ``zone`` the expression names.

    A wall time that daylight saving repeats fires at its first occurrence only (``fold`` 1 is
    the second); one it skips is never a wall time here, so it never fires.
    """
    minute = (after_ms // 60_000 + 1) * 60_000
    found = []
    while minute <= until_ms:
        wall = datetime.fromtimestamp(minute / 1000, tz=zone)
        if wall.fold == 0 and fires(wall):
            found.append(minute)
        minute += 60_000
    return found


@settings(max_examples=150, deadline=None)
@given(crons(), st.sampled_from(ZONES), starts, st.integers(1, 3 * 1440))
def test_cron_matches_the_minute_by_minute_reference(
    cron: tuple[str, Callable[[datetime], bool]], zone: tzinfo, start: datetime, minutes: int
) -> None:
    text, fires = cron
    after = int(start.timestamp() * 1000) + 17_000  # not on a minute: the first firing is the next one
    until = after + minutes * 60_000
    fired = list(Schedule(text, "Rule", zone=zone, scheduler=True).times(0, after, until))
    assert fired == reference(fires, zone, after, until), text


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["minute", "hour", "day"]),
    st.integers(1, 90),
    st.booleans(),
    st.integers(0, 3 * 86400),
    st.integers(0, 3 * 86400),
)
def test_rates_match_the_minute_by_minute_reference(
    unit: str, value: int, scheduler: bool, after_s: int, span_s: int
) -> None:
    created = 1_800_000_000_000
    period = value * {"minute": 60_000, "hour": 3_600_000, "day": 86_400_000}[unit]
    after, until = created + after_s * 1000 - 30_000, created + (after_s + span_s) * 1000
    expression = f"rate({value} {unit}{'' if value == 1 else 's'})"
    fired = list(Schedule(expression, "Rule", scheduler=scheduler).times(created, after, until))
    first = 0 if scheduler else 1  # a rule's rate first fires one period in; a schedule's at its start
    minute = (after // 60_000 + 1) * 60_000
    expected = []
    while minute <= until:
        if minute >= created and (minute - created) % period == 0 and (minute - created) // period >= first:
            expected.append(minute)
        minute += 60_000
    assert fired == expected


@st.composite
def day_crons(draw: st.DrawFn) -> tuple[str, Callable[[date], bool]]:
    """An expression that fires at 12:00 UTC on the days its day, month and year fields name."""
    months = draw(st.one_of(st.just(Field("*", lambda m: True)), plain(1, 12, MONTHS)))
    if draw(st.booleans()):
        dom, dow = draw(day_of_month), ANY_DAY
    else:
        dom, dow = ANY_DAY, draw(day_of_week)

    def fires(day: date) -> bool:
        return bool(months.allows(day.month) and dom.allows(day) and dow.allows(day))  # type: ignore[arg-type]

    return f"cron(0 12 {dom.text} {months.text} {dow.text} *)", fires


@settings(max_examples=200, deadline=None)
@given(day_crons(), st.dates(date(2024, 1, 1), date(2029, 1, 1)), st.integers(1, 800))
def test_day_fields_match_the_day_by_day_reference(
    cron: tuple[str, Callable[[date], bool]], start: date, days: int
) -> None:
    """Over years, where the rare days are (a Saturday 1st with ``1W``, a fifth Friday with ``6#5``)."""
    text, fires = cron
    after = int(datetime(start.year, start.month, start.day, tzinfo=timezone.utc).timestamp() * 1000)
    until = after + days * 86_400_000
    expected = [after + n * 86_400_000 + 12 * 3_600_000 for n in range(days) if fires(start + timedelta(days=n))]
    assert list(Schedule(text, "Rule").times(0, after, until)) == expected, text
