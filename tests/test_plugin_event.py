"""The lambda_event marker and fixture as users see them, through pytester."""

from __future__ import annotations

import fnmatch
import re
from textwrap import dedent

import pytest


def run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(dedent(source))
    return pytester.runpytest(*args)


def test_marker_at_function_class_and_module_level(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import json
        import pytest
        from pytest_lambda import lambda_event

        pytestmark = pytest.mark.lambda_event("sqs", records=2)

        def test_module(lambda_event):
            assert len(lambda_event["Records"]) == 2

        @pytest.mark.lambda_event("sqs", body={"id": 1})
        class TestClass:
            def test_class(self, lambda_event):
                # Keywords merge over the module's marker; the closest source wins.
                assert len(lambda_event["Records"]) == 2
                assert json.loads(lambda_event["Records"][0]["body"]) == {"id": 1}

            @lambda_event("sqs", records=1)
            def test_function(self, lambda_event):
                assert len(lambda_event["Records"]) == 1
                assert json.loads(lambda_event["Records"][0]["body"]) == {"id": 1}
        """,
    )
    result.assert_outcomes(passed=3)


def test_region_and_account_follow_the_context(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import pytest

        @pytest.mark.lambda_context(region="eu-west-1", account_id="000011112222")
        @pytest.mark.lambda_event("sqs")
        def test_it(lambda_event):
            record = lambda_event["Records"][0]
            assert record["awsRegion"] == "eu-west-1"
            assert record["eventSourceARN"].startswith("arn:aws:sqs:eu-west-1:000011112222:")
        """,
    )
    result.assert_outcomes(passed=1)


def test_parametrize_indirect_over_sources(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import pytest

        @pytest.mark.parametrize(
            "lambda_event", ["sqs", {"source": "sqs", "records": 3}], indirect=True
        )
        def test_it(lambda_event, request):
            assert len(lambda_event["Records"]) in (1, 3)
        """,
    )
    result.assert_outcomes(passed=2)


def test_seed_is_stable_per_test_and_differs_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        dedent(
            """
            import pytest

            @pytest.mark.lambda_event("sqs")
            def test_one(lambda_event):
                print("ID", lambda_event["Records"][0]["messageId"])

            @pytest.mark.lambda_event("sqs")
            def test_two(lambda_event):
                print("ID", lambda_event["Records"][0]["messageId"])
            """
        )
    )

    def ids(*args: str) -> list[str]:
        out = pytester.runpytest("-s", "-p", "no:randomly", *args).stdout.str()
        return re.findall(r"ID ([0-9a-f-]{36})", out)

    first, second = ids(), ids()
    assert first == second
    assert first[0] != first[1]
    fixed = ids("--lambda-seed=42")
    assert fixed[0] == fixed[1]
    assert fixed != first


def test_header_and_failure_report_show_the_seed(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import pytest

        @pytest.mark.lambda_event("sqs")
        def test_it(lambda_event):
            assert False
        """,
        "--lambda-seed=7",
    )
    result.stdout.fnmatch_lines(["aws_lambda: *event seed=7", "*lambda_event seed 7: rerun with --lambda-seed 7*"])
    result.assert_outcomes(failed=1)


def test_failure_report_shows_the_event_recipe_in_full(pytester: pytest.Pytester) -> None:
    # pytest's own repr of the event is cut long before the part the test set; the recipe is not.
    body = "x" * 300 + "-the-part-that-matters"
    result = run(
        pytester,
        f"""
        import pytest

        @pytest.mark.lambda_context(region="eu-west-1")
        @pytest.mark.lambda_event("sqs", body={body!r}, records=2)
        def test_it(lambda_event):
            assert lambda_event["Records"][0]["body"] == "wrong"
        """,
        "--lambda-seed=7",
    )
    result.stdout.fnmatch_lines(
        [
            "*- aws_lambda -*",
            "lambda_event seed 7: rerun with --lambda-seed 7",
            "lambda_event = make_event('sqs', seed=7, region='eu-west-1', account_id='123456789012', "
            f"body='{body}', records=2)",
        ]
    )
    result.assert_outcomes(failed=1)


def test_a_marker_seed_wins_and_the_report_gives_it(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import pytest
        from pytest_lambda import make_event

        @pytest.mark.lambda_event("sqs", seed=3)
        def test_it(lambda_event):
            assert lambda_event == make_event("sqs", seed=3)
            assert False
        """,
        "--lambda-seed=7",
    )
    result.stdout.fnmatch_lines(["lambda_event = make_event('sqs', seed=3, region='us-east-1', *)"])
    result.stdout.no_fnmatch_line("*rerun with --lambda-seed*")
    result.assert_outcomes(failed=1)


def test_a_passing_test_has_no_event_section(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import pytest

        @pytest.mark.lambda_event("sqs")
        def test_it(lambda_event):
            print("captured")
        """,
        "-rP",
    )
    result.stdout.fnmatch_lines(["*captured*"])
    result.stdout.no_fnmatch_line("*lambda_event = make_event*")
    result.assert_outcomes(passed=1)


def test_event_call_cuts_a_huge_recipe() -> None:
    from pytest_lambda._options import EVENT_CALL_LIMIT, event_call

    whole = "lambda_event = make_event('sqs', seed=1, body='" + "y" * 10_000 + "')"
    call = event_call("sqs", {"body": "y" * 10_000}, seed=1)
    assert call == f"{whole[:EVENT_CALL_LIMIT]}... ({len(whole) - EVENT_CALL_LIMIT} more characters)"
    assert event_call("sqs", {"body": "y"}, seed=1) == "lambda_event = make_event('sqs', seed=1, body='y')"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "def test_it(lambda_event): pass",
            'lambda_event needs a source: add @pytest.mark.lambda_event("sqs", ...) (or from pytest_lambda '
            "import lambda_event), or parametrize lambda_event with indirect=True",
        ),
        (
            "import pytest\n@pytest.mark.lambda_event('sqss')\ndef test_it(lambda_event): pass",
            "unknown event source 'sqss'. Did you mean 'sqs'? Known sources: *",
        ),
        (
            "import pytest\n@pytest.mark.lambda_event('sqs', bodyy='x')\ndef test_it(lambda_event): pass",
            "sqs events have no field or shorthand 'bodyy'. Shorthands: records, body, *",
        ),
        (
            "import pytest\n@pytest.mark.lambda_event('sqs', 'sns')\ndef test_it(lambda_event): pass",
            "@pytest.mark.lambda_event takes one source name, got ('sqs', 'sns')",
        ),
        (
            "import pytest\n@pytest.mark.lambda_event('sqs', Records='x')\ndef test_it(lambda_event): pass",
            "override Records='x' is a str, but the event has a list there",
        ),
    ],
)
def test_bad_event_requests_fail_at_setup(pytester: pytest.Pytester, source: str, message: str) -> None:
    pytester.makepyfile(source)
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ERROR at setup of test_it*"])
    assert any(fnmatch.fnmatchcase(line, message.replace("[", "[[]")) for line in result.stdout.lines), message


def test_bad_seed_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = run(pytester, "def test_it(): pass", "--lambda-seed=-3")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --lambda-seed='-3' is not a non-negative whole number*"])
