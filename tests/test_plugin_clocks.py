"""The fixture's countdown under every way users fake the clock.

pytest builds ``lambda_context`` before a ``@freeze_time`` decorator or a ``with freeze_time()``
block starts its clock, so these are the cases where a naive deadline reads 0 ms or decades.
"""

from __future__ import annotations

from textwrap import dedent

import pytest

CASES = {
    "freezegun_decorator": """
        from freezegun import freeze_time

        @freeze_time("2001-02-03")
        def test_it(lambda_context):
            assert lambda_context.get_remaining_time_in_millis() == 3000

        @freeze_time("2099-02-03")
        def test_future(lambda_context):
            assert lambda_context.get_remaining_time_in_millis() == 3000
    """,
    "freezegun_decorator_move_to": """
        from freezegun import freeze_time

        @freeze_time("2001-02-03T00:00:00")
        def test_it(lambda_context):
            assert lambda_context.get_remaining_time_in_millis() == 3000
            with freeze_time("2001-02-03T00:00:00") as frozen:
                frozen.move_to("2001-02-03T00:00:02.500")
                assert lambda_context.get_remaining_time_in_millis() == 500
                frozen.move_to("2001-02-03T00:01:00")
                assert lambda_context.get_remaining_time_in_millis() == 0
    """,
    "freezegun_block": """
        from freezegun import freeze_time

        def test_it(lambda_context):
            with freeze_time("1990-01-01") as frozen:
                frozen.tick(0.25)
                assert lambda_context.get_remaining_time_in_millis() == 2750
                frozen.tick(0.75)
                assert lambda_context.get_remaining_time_in_millis() == 2000
    """,
    "pytest_freezer_marker": """
        import pytest

        @pytest.mark.freeze_time("2015-06-01")
        def test_marker_first(freezer, lambda_context):
            assert lambda_context.get_remaining_time_in_millis() == 3000
            freezer.tick(2)
            assert lambda_context.get_remaining_time_in_millis() == 1000

        @pytest.mark.freeze_time("2015-06-01")
        def test_context_first(lambda_context, freezer):
            freezer.tick(2)
            assert lambda_context.get_remaining_time_in_millis() == 1000
    """,
    "time_machine_marker": """
        import pytest

        @pytest.mark.time_machine("2030-01-01", tick=False)
        def test_it(time_machine, lambda_context):
            assert lambda_context.get_remaining_time_in_millis() == 3000
            time_machine.shift(2.5)
            assert lambda_context.get_remaining_time_in_millis() == 500
    """,
    "time_machine_fixture_after_context": """
        import datetime as dt

        def test_it(lambda_context, time_machine):
            time_machine.move_to(dt.datetime(1985, 10, 26, tzinfo=dt.timezone.utc), tick=False)
            time_machine.shift(1)
            assert lambda_context.get_remaining_time_in_millis() == 2000
    """,
    "time_machine_decorator": """
        import time_machine

        @time_machine.travel("1999-12-31 23:59:59Z", tick=False)
        def test_it(lambda_context):
            assert lambda_context.get_remaining_time_in_millis() == 3000
    """,
    "time_machine_block": """
        import time_machine

        def test_it(lambda_context):
            with time_machine.travel(0, tick=False) as traveller:
                traveller.shift(1.5)
                assert lambda_context.get_remaining_time_in_millis() == 1500
    """,
}


@pytest.mark.parametrize("source", CASES.values(), ids=CASES.keys())
def test_countdown_under_fake_clocks(pytester: pytest.Pytester, source: str) -> None:
    pytester.makepyfile(dedent(source))
    result = pytester.runpytest("-p", "freezer")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 1
    result.assert_outcomes(passed=outcomes["passed"])


def test_handler_stops_early_when_the_frozen_clock_runs_out(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        dedent(
            """
            import pytest
            from freezegun import freeze_time

            def handler(event, context, on_item):
                done = []
                for item in event["items"]:
                    if context.get_remaining_time_in_millis() < 1000:
                        break
                    on_item()
                    done.append(item)
                return done

            @pytest.mark.lambda_context(timeout=5)
            def test_it(lambda_context):
                with freeze_time("2024-01-01") as frozen:
                    done = handler({"items": list(range(10))}, lambda_context, lambda: frozen.tick(1))
                assert done == [0, 1, 2, 3, 4]  # 5000, 4000, 3000, 2000 and 1000 ms left
            """
        )
    )
    pytester.runpytest().assert_outcomes(passed=1)
