from __future__ import annotations

import datetime as dt
import time
from typing import Any

import time_machine
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_lambda import make_context


def _wait_real_ms(ms: int) -> None:
    # Busy-wait on the real clock: the test is about real time passing, and sleeping is banned.
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        pass


def test_real_time_counts_down(still_clock: Any) -> None:
    # The real-clock path (no freezegun, no time-machine) on a stopped time.time: each read counts.
    context = make_context(timeout=3)
    first = context.get_remaining_time_in_millis()
    assert isinstance(first, int)
    assert 2900 < first <= 3000
    still_clock.advance(0.03)
    second = context.get_remaining_time_in_millis()
    assert first - second >= 29


def test_made_and_read_under_freezegun() -> None:
    with freeze_time("2024-01-01T00:00:00Z") as frozen:
        context = make_context(timeout=10)
        assert context.get_remaining_time_in_millis() == 10_000
        assert context.get_remaining_time_in_millis() == 10_000
        frozen.tick(2.5)
        assert context.get_remaining_time_in_millis() == 7_500
        frozen.move_to("2024-01-01T00:00:09.999Z")
        assert context.get_remaining_time_in_millis() == 1
        frozen.tick(dt.timedelta(seconds=60))
        assert context.get_remaining_time_in_millis() == 0


def test_made_on_the_real_clock_read_in_the_frozen_past_keeps_its_full_timeout() -> None:
    context = make_context(timeout=3)
    with freeze_time("2001-01-01") as frozen:
        # Naively deadline - now would be about 8e11 ms here.
        assert context.get_remaining_time_in_millis() == 3000
        frozen.tick(1)
        assert context.get_remaining_time_in_millis() == 2000


def test_made_on_the_real_clock_read_in_the_frozen_future_keeps_its_full_timeout() -> None:
    context = make_context(timeout=3)
    with freeze_time("2099-01-01") as frozen:
        # Naively this would be 0: the deadline passed decades ago on this clock.
        assert context.get_remaining_time_in_millis() == 3000
        frozen.tick(3)
        assert context.get_remaining_time_in_millis() == 0


def test_time_left_carries_across_clocks_in_both_directions() -> None:
    with freeze_time("2024-01-01") as frozen:
        context = make_context(timeout=10)
        frozen.tick(4)
        assert context.get_remaining_time_in_millis() == 6000
    # Back on the real clock: it continues from what was left, then counts in real time.
    back = context.get_remaining_time_in_millis()
    assert 5900 < back <= 6000
    with freeze_time("2030-06-01") as frozen:
        assert 5900 < context.get_remaining_time_in_millis() <= back
        with freeze_time("1999-01-01") as inner:
            inner.tick(1)
            nested = context.get_remaining_time_in_millis()
            assert 4900 < nested <= back - 1000
        frozen.tick(0.5)
        assert context.get_remaining_time_in_millis() == nested - 500


def test_ticking_freezegun_counts_in_real_time() -> None:
    with freeze_time("2024-01-01", tick=True):
        context = make_context(timeout=3)
        first = context.get_remaining_time_in_millis()
        _wait_real_ms(20)
        assert context.get_remaining_time_in_millis() <= first - 19


def test_time_machine_travel_and_shift() -> None:
    with time_machine.travel(dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc), tick=False) as traveller:
        context = make_context(timeout=5)
        assert context.get_remaining_time_in_millis() == 5000
        traveller.shift(1.25)
        assert context.get_remaining_time_in_millis() == 3750
        traveller.shift(dt.timedelta(seconds=10))
        assert context.get_remaining_time_in_millis() == 0


def test_time_machine_move_to_moves_the_countdown() -> None:
    with time_machine.travel(dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc), tick=False) as traveller:
        context = make_context(timeout=5)
        traveller.move_to(dt.datetime(2024, 5, 1, 0, 0, 2, tzinfo=dt.timezone.utc))
        assert context.get_remaining_time_in_millis() == 3000


def test_made_on_the_real_clock_read_under_time_machine() -> None:
    context = make_context(timeout=4)
    with time_machine.travel(0, tick=False) as traveller:
        assert context.get_remaining_time_in_millis() == 4000
        traveller.shift(1)
        assert context.get_remaining_time_in_millis() == 3000


@given(
    timeout=st.integers(1, 900),
    # Forward ticks up to twice the longest timeout, so both the running and the expired range occur.
    ticks=st.lists(st.integers(0, 1_800_000), max_size=20),
)
def test_countdown_is_timeout_minus_elapsed_never_negative(timeout: int, ticks: list[int]) -> None:
    with freeze_time("2024-01-01") as frozen:
        context = make_context(timeout=timeout)
        elapsed = 0
        previous = context.get_remaining_time_in_millis()
        assert previous == timeout * 1000
        for tick in ticks:
            frozen.tick(dt.timedelta(milliseconds=tick))
            elapsed += tick
            remaining = context.get_remaining_time_in_millis()
            assert remaining == max(timeout * 1000 - elapsed, 0)
            assert 0 <= remaining <= previous
            previous = remaining


# Each freeze_time start scans every loaded module, so fewer, shorter examples here.
@settings(max_examples=50)
@given(
    # Alternate between two frozen clocks far apart; time spent on either clock counts once.
    steps=st.lists(st.tuples(st.booleans(), st.integers(0, 5_000)), max_size=8),
)
def test_countdown_across_clock_switches_counts_only_elapsed_fake_time(steps: list[tuple[bool, int]]) -> None:
    context = None
    elapsed = 0
    for use_past, tick in steps:
        with freeze_time("1990-01-01" if use_past else "2090-01-01") as frozen:
            if context is None:
                context = make_context(timeout=60)
            assert context.get_remaining_time_in_millis() == max(60_000 - elapsed, 0)
            frozen.tick(dt.timedelta(milliseconds=tick))
            elapsed += tick
            assert context.get_remaining_time_in_millis() == max(60_000 - elapsed, 0)


def test_ticks_before_the_first_read_under_a_new_freeze_count() -> None:
    context = make_context(timeout=3)
    with freeze_time("2024-01-01") as frozen:
        frozen.tick(1)
        assert context.get_remaining_time_in_millis() == 2000


def test_shift_before_the_first_read_under_a_new_travel_counts() -> None:
    context = make_context(timeout=3)
    with time_machine.travel(dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), tick=False) as traveller:
        traveller.shift(2.5)
        assert context.get_remaining_time_in_millis() == 500


def test_returning_to_an_outer_freeze_resumes_where_it_was_read() -> None:
    with freeze_time("2024-01-01") as outer:
        context = make_context(timeout=10)
        outer.tick(1)
        assert context.get_remaining_time_in_millis() == 9000
        with freeze_time("1999-01-01") as inner:
            inner.tick(2)
            assert context.get_remaining_time_in_millis() == 7000
        outer.tick(3)
        assert context.get_remaining_time_in_millis() == 4000


def test_step_ticking_freeze_counts_each_read_as_time() -> None:
    with freeze_time("2024-01-01", auto_tick_seconds=1):
        context = make_context(timeout=5)
        readings = [context.get_remaining_time_in_millis() for _ in range(3)]
    assert readings == sorted(readings, reverse=True)
    assert readings[0] - readings[-1] == 2000


def test_returning_to_an_outer_freeze_never_read_continues_from_what_was_left() -> None:
    with freeze_time("2024-01-01") as outer:
        outer.tick(5)  # before the context exists: must not count
        with freeze_time("1999-01-01") as inner:
            context = make_context(timeout=10)
            inner.tick(3)
            assert context.get_remaining_time_in_millis() == 7000
        assert context.get_remaining_time_in_millis() == 7000
        outer.tick(1)
        assert context.get_remaining_time_in_millis() == 6000
