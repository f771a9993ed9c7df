"""The lambda_function fixture as users see it, through pytester."""

from __future__ import annotations

from textwrap import dedent

import pytest

HANDLER = """
import os

def handler(event, context):
    if event.get("fail"):
        raise ValueError("nope")
    return {
        "name": context.function_name,
        "memory": context.memory_limit_in_mb,
        "table": os.environ.get("TABLE"),
        "left": context.get_remaining_time_in_millis(),
    }
"""


@pytest.mark.usefixtures("still_clock")  # the in-process run reads it
def test_factory_uses_the_tests_context_env_and_function_settings(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(app=HANDLER)
    pytester.makepyfile(
        dedent(
            """
            import pytest

            @pytest.mark.lambda_context(function_name="orders", timeout=20, memory_size=256)
            @pytest.mark.lambda_env(TABLE="orders-table")
            @pytest.mark.lambda_function(handler="app.handler", max_retry_attempts=1)
            def test_it(lambda_function):
                fn = lambda_function()
                result = fn.invoke({})
                assert result.payload["name"] == "orders"
                assert result.payload["memory"] == "256"
                assert result.payload["table"] == "orders-table"
                assert 19_000 < result.payload["left"] <= 20_000
                failed = fn.invoke({"fail": True}, invocation_type="Event")
                assert len(failed.attempts) == 2
                assert failed.dead_letters[0].event == {"fail": True}

            def test_call_keywords_win(lambda_function):
                fn = lambda_function("app.handler", function_name="other", environment={"TABLE": "t2"})
                assert fn.invoke({}).payload["name"] == "other"
                assert fn.invoke({}).payload["table"] == "t2"
            """
        )
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_handler_from_the_command_line_and_ini(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(app=HANDLER)
    pytester.makeini("[pytest]\nlambda_handler = app.handler\nlambda_env =\n    TABLE=from-ini\n")
    pytester.makepyfile(
        dedent(
            """
            def test_it(lambda_function):
                assert lambda_function().invoke({}).payload["table"] == "from-ini"
            """
        )
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_a_callable_handler(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        dedent(
            """
            def handler(event, context):
                return event["n"] * 2

            def test_it(lambda_function):
                assert lambda_function(handler).invoke({"n": 21}).payload == 42
            """
        )
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_missing_handler_is_a_clear_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_it(lambda_function):\n    lambda_function()\n")
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*ConfigurationError: lambda_function needs a handler: pass one, or set it with "
            "@pytest.mark.lambda_function(handler=...), --lambda-handler or the lambda_handler ini option"
        ]
    )


def test_bad_function_marker_fails_at_setup(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        dedent(
            """
            import pytest

            @pytest.mark.lambda_context(timeout=1000)
            def test_it(lambda_function):
                pass
            """
        )
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["timeout=1000 is out of range: Lambda accepts 1 to 900 seconds"])


def test_inside_given_without_the_function_scoped_fixture_health_check(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        dedent(
            """
            from hypothesis import given, settings, strategies as st

            def handler(event, context):
                if event["n"] < 0:
                    raise ValueError("negative")
                return event["n"]

            def test_fuzz(lambda_function):
                fn = lambda_function(handler)

                @settings(max_examples=50)
                @given(st.integers())
                def check(n):
                    result = fn.invoke({"n": n})
                    assert result.ok == (n >= 0)

                check()
            """
        )
    )
    pytester.runpytest("-W", "error").assert_outcomes(passed=1)


def test_async_retries_move_a_frozen_clock(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        dedent(
            """
            import datetime as dt
            from freezegun import freeze_time

            seen = []

            def handler(event, context):
                seen.append(dt.datetime.now())
                raise RuntimeError("down")

            @freeze_time("2024-06-01 08:00:00")
            def test_it(lambda_function):
                result = lambda_function(handler).invoke({}, invocation_type="Event")
                assert result.status_code == 202
                assert [t.strftime("%H:%M") for t in seen] == ["08:00", "08:01", "08:03"]
            """
        )
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_functions_variables_are_restored_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        dedent(
            """
            import os

            def test_one(lambda_function):
                fn = lambda_function(lambda e, c: os.environ["FROM_FN"], environment={"FROM_FN": "x"})
                assert fn.invoke({}).payload == "x"

            def test_two():
                assert "FROM_FN" not in os.environ
            """
        )
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)
