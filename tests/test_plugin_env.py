"""The lambda_env fixture as users see it, through pytester."""

from __future__ import annotations

import re
from textwrap import dedent

import pytest


def run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(dedent(source))
    return pytester.runpytest(*args)


def test_env_is_consistent_with_the_context_and_restored(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import os
        import pytest

        def environ():
            return {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}

        BEFORE = environ()

        @pytest.mark.lambda_context(function_name="orders", memory_size=256, region="eu-central-1")
        def test_env(lambda_context, lambda_env):
            assert os.environ["AWS_LAMBDA_FUNCTION_NAME"] == lambda_context.function_name == "orders"
            assert os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == lambda_context.memory_limit_in_mb
            assert os.environ["AWS_LAMBDA_LOG_STREAM_NAME"] == lambda_context.log_stream_name
            assert os.environ["AWS_LAMBDA_LOG_GROUP_NAME"] == lambda_context.log_group_name
            assert os.environ["AWS_REGION"] == os.environ["AWS_DEFAULT_REGION"] == "eu-central-1"
            assert os.environ["_HANDLER"] == "lambda_function.lambda_handler"
            assert os.environ["TZ"] == ":UTC"
            assert lambda_env["AWS_LAMBDA_FUNCTION_NAME"] == "orders"

        def test_restored_afterwards():
            assert environ() == BEFORE
        """,
        "-p",
        "no:randomly",
    )
    result.assert_outcomes(passed=2)


def test_user_variables_from_marker_and_ini_closest_wins(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        lambda_handler = app/main.handler
        lambda_env =
            # the function's settings
            TABLE_NAME = from-ini

            LOG_LEVEL=INFO
        """
    )
    result = run(
        pytester,
        """
        import os
        import pytest

        pytestmark = pytest.mark.lambda_env(STAGE="test", LOG_LEVEL="WARNING")

        @pytest.mark.lambda_env(LOG_LEVEL="DEBUG")
        def test_env(lambda_env):
            assert os.environ["TABLE_NAME"] == "from-ini"
            assert os.environ["STAGE"] == "test"
            assert os.environ["LOG_LEVEL"] == "DEBUG"
            assert os.environ["_HANDLER"] == "app/main.handler"
        """,
    )
    result.assert_outcomes(passed=1)


def test_handler_from_the_command_line(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import os

        def test_env(lambda_env):
            assert os.environ["_HANDLER"] == "svc.entry"
        """,
        "--lambda-handler=svc.entry",
    )
    result.assert_outcomes(passed=1)


def test_host_aws_variables_are_hidden(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "production")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALREALREALREAL")
    result = run(
        pytester,
        """
        import os

        def test_env(lambda_env):
            assert "AWS_PROFILE" not in os.environ
            assert os.environ["AWS_ACCESS_KEY_ID"].startswith("ASIA")

        def test_back():
            assert os.environ["AWS_PROFILE"] == "production"
            assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIAREALREALREALREAL"
        """,
        "-p",
        "no:randomly",
    )
    result.assert_outcomes(passed=2)


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        (
            "AWS_REGION='x'",
            "Lambda was unable to configure your environment variables because the environment variables you have "
            "provided contains reserved keys that are currently not supported for modification. "
            "Reserved keys used in this request: AWS_REGION",
        ),
        ("A='x'", "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: *"),
        ("PORT=8080", "environment variable PORT must be a str, got 8080"),
        (
            "BIG='x' * 5000",
            "Lambda was unable to configure your environment variables because the environment "
            "variables you have provided exceeded the 4KB limit. String measured: *",
        ),
        ("'X'", "@pytest.mark.lambda_env takes keyword arguments only, got ('X',)"),
    ],
)
def test_bad_marker_variables_fail_at_setup(pytester: pytest.Pytester, marker: str, message: str) -> None:
    result = run(
        pytester,
        f"""
        import pytest

        @pytest.mark.lambda_env({marker})
        def test_it(lambda_env):
            raise AssertionError("the test body must not run")
        """,
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ERROR at setup of test_it*"])
    assert any(glob_match(line, message) for line in result.stdout.lines)


def glob_match(line: str, pattern: str) -> bool:
    # fnmatch without character classes: AWS's messages contain brackets.
    return re.fullmatch(".*".join(re.escape(part) for part in pattern.split("*")), line) is not None


@pytest.mark.parametrize(
    ("ini", "message"),
    [
        ("lambda_env =\n    AWS_REGION=eu-west-1", "*Reserved keys used in this request: AWS_REGION"),
        ("lambda_env =\n    NOT_A_PAIR", "*lambda_env line 'NOT_A_PAIR' is not of the form KEY=VALUE"),
    ],
)
def test_bad_ini_variables_are_a_usage_error(pytester: pytest.Pytester, ini: str, message: str) -> None:
    pytester.makeini(f"[pytest]\n{ini}\n")
    result = run(pytester, "def test_it(): pass")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


@pytest.mark.parametrize(
    ("args", "expected"),
    [((), "snap-start"), (("--lambda-initialization-type=provisioned-concurrency",), "provisioned-concurrency")],
)
def test_initialization_type_from_ini_and_command_line(
    pytester: pytest.Pytester, args: tuple[str, ...], expected: str
) -> None:
    pytester.makeini("[pytest]\nlambda_initialization_type = snap-start\n")
    result = run(
        pytester,
        f"""
        import os

        def test_env(lambda_env):
            assert os.environ["AWS_LAMBDA_INITIALIZATION_TYPE"] == {expected!r}
            # SnapStart functions have no log group/stream variables.
            assert ("AWS_LAMBDA_LOG_STREAM_NAME" in os.environ) == {expected != "snap-start"}
        """,
        *args,
    )
    result.assert_outcomes(passed=1)


def test_bad_initialization_type_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = run(pytester, "def test_it(): pass", "--lambda-initialization-type=warm")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: initialization_type 'warm' is not one Lambda uses; valid values: *"])
