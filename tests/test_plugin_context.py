"""The lambda_context fixture as users see it, through pytester."""

from __future__ import annotations

from textwrap import dedent

import pytest


def run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(dedent(source))
    return pytester.runpytest(*args)


@pytest.mark.usefixtures("still_clock")  # the in-process run reads it
def test_fixture_defaults(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        from pytest_lambda import LambdaContext

        def test_context(lambda_context):
            assert isinstance(lambda_context, LambdaContext)
            assert lambda_context.function_name == "test_function"
            assert lambda_context.memory_limit_in_mb == "128"
            assert lambda_context.function_version == "$LATEST"
            assert lambda_context.invoked_function_arn.endswith(":us-east-1:123456789012:function:test_function")
            assert 2900 < lambda_context.get_remaining_time_in_millis() <= 3000
        """,
    )
    result.assert_outcomes(passed=1)


def test_each_test_gets_a_fresh_context(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        seen = []

        def test_one(lambda_context):
            seen.append(lambda_context.aws_request_id)

        def test_two(lambda_context):
            assert lambda_context.aws_request_id not in seen
        """,
        "-p",
        "no:randomly",  # test_two checks nothing if it runs first
    )
    result.assert_outcomes(passed=2)


@pytest.mark.usefixtures("still_clock")  # the in-process run reads it
def test_marker_at_function_class_and_module_level_merges_closest_first(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import pytest

        pytestmark = pytest.mark.lambda_context(region="eu-west-1", timeout=60, function_name="mod")

        def test_module(lambda_context):
            assert lambda_context.invoked_function_arn.split(":")[3] == "eu-west-1"
            assert lambda_context.function_name == "mod"

        @pytest.mark.lambda_context(function_name="cls", memory_size=256)
        class TestClass:
            def test_class(self, lambda_context):
                assert lambda_context.function_name == "cls"
                assert lambda_context.memory_limit_in_mb == "256"
                assert 59_000 < lambda_context.get_remaining_time_in_millis() <= 60_000

            @pytest.mark.lambda_context(function_name="fn", alias="live", version="3")
            def test_function(self, lambda_context):
                assert lambda_context.function_name == "fn"
                assert lambda_context.memory_limit_in_mb == "256"
                assert lambda_context.function_version == "3"
                assert lambda_context.invoked_function_arn == (
                    "arn:aws:lambda:eu-west-1:123456789012:function:fn:live"
                )
        """,
    )
    result.assert_outcomes(passed=3)


def test_marker_structured_options(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import pytest

        @pytest.mark.lambda_context(
            tenant_id="acme",
            identity={"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"},
            client_context={"client": {"app_title": "Shop"}, "custom": {"k": "v"}, "env": {}},
        )
        def test_it(lambda_context):
            assert lambda_context.tenant_id == "acme"
            assert lambda_context.identity.cognito_identity_pool_id == "pool-1"
            assert lambda_context.client_context.client.app_title == "Shop"
            assert lambda_context.client_context.custom == {"k": "v"}
        """,
    )
    result.assert_outcomes(passed=1)


@pytest.mark.usefixtures("still_clock")  # the in-process run reads it
def test_command_line_options(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        def test_it(lambda_context):
            assert lambda_context.function_name == "cli-fn"
            assert lambda_context.memory_limit_in_mb == "2048"
            arn = "arn:aws-cn:lambda:cn-north-1:000000000001:function:cli-fn:blue"
            assert lambda_context.invoked_function_arn == arn
            assert lambda_context.function_version == "12"
            assert lambda_context.tenant_id == "t-1"
            assert 899_000 < lambda_context.get_remaining_time_in_millis() <= 900_000
        """,
        "--lambda-function-name=cli-fn",
        "--lambda-timeout=900",
        "--lambda-memory-size=2048",
        "--lambda-region=cn-north-1",
        "--lambda-account-id=000000000001",
        "--lambda-version=12",
        "--lambda-alias=blue",
        "--lambda-tenant-id=t-1",
    )
    result.assert_outcomes(passed=1)


@pytest.mark.usefixtures("still_clock")  # the in-process run reads it
def test_ini_options(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        lambda_function_name = ini-fn
        lambda_timeout = 30
        lambda_memory_size = 512
        lambda_region = ap-southeast-2
        lambda_account_id = 111122223333
        lambda_version = 2
        lambda_alias = prod
        lambda_tenant_id = tenant-9
        """
    )
    result = run(
        pytester,
        """
        def test_it(lambda_context):
            assert lambda_context.invoked_function_arn == (
                "arn:aws:lambda:ap-southeast-2:111122223333:function:ini-fn:prod"
            )
            assert lambda_context.memory_limit_in_mb == "512"
            assert lambda_context.function_version == "2"
            assert lambda_context.tenant_id == "tenant-9"
            assert 29_000 < lambda_context.get_remaining_time_in_millis() <= 30_000
        """,
    )
    result.assert_outcomes(passed=1)


@pytest.mark.usefixtures("still_clock")  # the in-process run reads it
def test_precedence_marker_over_cli_over_ini_over_default(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        lambda_function_name = from-ini
        lambda_memory_size = 256
        lambda_region = eu-west-3
        """
    )
    result = run(
        pytester,
        """
        import pytest

        @pytest.mark.lambda_context(function_name="from-marker")
        def test_it(lambda_context):
            assert lambda_context.function_name == "from-marker"
            assert lambda_context.memory_limit_in_mb == "1024"
            assert lambda_context.invoked_function_arn.split(":")[3] == "eu-west-3"
            assert lambda_context.function_version == "$LATEST"
            assert 2900 < lambda_context.get_remaining_time_in_millis() <= 3000
        """,
        "--lambda-function-name=from-cli",
        "--lambda-memory-size=1024",
    )
    result.assert_outcomes(passed=1)


def test_header_shows_effective_settings(pytester: pytest.Pytester) -> None:
    result = run(pytester, "def test_it(): pass", "--lambda-timeout=42", "--lambda-region=sa-east-1")
    result.stdout.fnmatch_lines(
        [
            "aws_lambda: function_name=test_function, timeout=42s, memory_size=128MB, region=sa-east-1, "
            "version=$LATEST, event seed=per test"
        ]
    )


def test_markers_are_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(
        [
            "@pytest.mark.lambda_context(**config): configure the lambda_context fixture with the keywords of "
            "pytest_lambda.make_context*",
            "@pytest.mark.lambda_env(**variables): *",
        ]
    )


def test_markers_pass_strict_markers(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import pytest

        @pytest.mark.lambda_context(timeout=5)
        @pytest.mark.lambda_env(NAME="x")
        def test_it(lambda_context):
            pass
        """,
        "--strict-markers",
    )
    result.assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ("timeout=901", "timeout=901 is out of range: Lambda accepts 1 to 900 seconds"),
        ("timeout=0", "timeout=0 is out of range: Lambda accepts 1 to 900 seconds"),
        ("memory_size=64", "memory_size=64 is out of range: Lambda accepts 128 to 10240 MB"),
        ("memory_size=20000", "memory_size=20000 is out of range: Lambda accepts 128 to 10240 MB"),
        ("region='moon-1'", "region='moon-1' is not valid: expected a region name such as 'us-east-1' or 'eu-west-2'"),
        (
            "memory=256",
            "unknown lambda_context option(s) ['memory']; valid options: ['function_name', 'timeout', "
            "'memory_size', 'region', 'account_id', 'version', 'alias', 'tenant_id', 'client_context', 'identity']",
        ),
        ("'fn'", "@pytest.mark.lambda_context takes keyword arguments only, got ('fn',)"),
    ],
)
def test_bad_marker_fails_at_setup_with_a_clear_message(pytester: pytest.Pytester, marker: str, message: str) -> None:
    result = run(
        pytester,
        f"""
        import pytest

        @pytest.mark.lambda_context({marker})
        def test_it(lambda_context):
            raise AssertionError("the test body must not run")
        """,
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ERROR at setup of test_it*"])
    assert message in result.stdout.lines
    # The user's mistake is shown as a message, not as a traceback through the plugin.
    result.stdout.no_fnmatch_line("*pytest_lambda/*.py*")
    result.stdout.no_fnmatch_line("*the test body must not run*")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lambda-timeout=1000"], "*timeout=1000 is out of range: Lambda accepts 1 to 900 seconds"),
        (["--lambda-timeout=3s"], "*--lambda-timeout='3s' is not a whole number*"),
        (["--lambda-memory-size=100"], "*memory_size=100 is out of range: Lambda accepts 128 to 10240 MB"),
        (["--lambda-region=useast1"], "*region='useast1' is not valid: expected a region name such as 'us-east-1'*"),
        (["--lambda-account-id=12"], "*account_id='12' is not valid: expected 12 digits*"),
    ],
)
def test_bad_command_line_is_a_usage_error(pytester: pytest.Pytester, args: list[str], message: str) -> None:
    result = run(pytester, "def test_it(): pass", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: {message}"])


def test_bad_ini_is_a_usage_error_naming_the_ini_option(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nlambda_memory_size = lots\n")
    result = run(pytester, "def test_it(): pass")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: lambda_memory_size='lots' is not a whole number*"])


def test_cli_overrides_a_bad_ini_value(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nlambda_timeout = 9999\n")
    result = run(pytester, "def test_it(lambda_context): pass", "--lambda-timeout=10")
    result.assert_outcomes(passed=1)
