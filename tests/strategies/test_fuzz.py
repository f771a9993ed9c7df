"""``fuzz`` and the documented fuzzing pattern, as users run them."""

from __future__ import annotations

import json
import re
from textwrap import dedent
from typing import Any

import pytest
from hypothesis import Phase, settings

from pytest_lambda import LambdaFunction, make_event
from pytest_lambda.strategies import check_invocation, fuzz


def _ok_rest(event: Any, context: Any) -> Any:
    return {"statusCode": 200, "body": json.dumps({"path": event["path"]})}


def test_a_sound_http_handler_passes() -> None:
    fuzz(_ok_rest, "apigateway_rest", max_examples=30)


def test_a_handler_returning_a_dict_body_would_get_a_502() -> None:
    def handler(event: Any, context: Any) -> Any:
        return {"statusCode": 200, "body": {"path": event["path"]}}

    # Every example fails: no need to shrink one.
    quick = settings(phases=[Phase.generate])
    with pytest.raises(AssertionError, match="API Gateway would answer 502 Internal server error because body is dict"):
        fuzz(handler, "apigateway_rest", max_examples=10, settings=quick)


def test_an_http_handler_that_raises_is_a_5xx_even_if_allowed() -> None:
    def handler(event: Any, context: Any) -> Any:
        return {"statusCode": 200, "body": event.get("body").upper()}  # no body on a GET

    with pytest.raises(AssertionError, match=r"would answer 500 Internal Server Error because the function failed: "):
        fuzz(handler, "apigateway_http", max_examples=30)
    # Allowed errors are the handler's own business: no check of what the client then sees.
    fuzz(handler, "apigateway_http", raises=[AttributeError], max_examples=30)


def test_unexpected_exceptions_fail_and_allowed_ones_pass() -> None:
    def handler(event: Any, context: Any) -> None:
        for record in event["Records"]:
            json.loads(record["body"])

    with pytest.raises(AssertionError, match=r"the handler failed with JSONDecodeError: .* \(allowed: none\)"):
        fuzz(handler, "sqs", max_examples=30)
    fuzz(handler, "sqs", raises=["JSONDecodeError"], max_examples=30)


def test_a_batch_response_naming_other_items_fails() -> None:
    def handler(event: Any, context: Any) -> Any:
        # A classic slip: the receipt handle instead of the message id.
        return {"batchItemFailures": [{"itemIdentifier": r["receiptHandle"]} for r in event["Records"][1:]]}

    with pytest.raises(AssertionError, match="Lambda would treat the whole batch as failed"):
        fuzz(handler, "sqs", max_examples=50)


@pytest.mark.parametrize("source", ["kinesis", "dynamodb"])
def test_stream_handlers_report_sequence_numbers(source: str) -> None:
    key = {"kinesis": ("kinesis", "sequenceNumber"), "dynamodb": ("dynamodb", "SequenceNumber")}[source]

    def handler(event: Any, context: Any) -> Any:
        return {"batchItemFailures": [{"itemIdentifier": r[key[0]][key[1]]} for r in event["Records"][:1]]}

    fuzz(handler, source, max_examples=20)


def test_a_given_function_is_used_as_it_is() -> None:
    with LambdaFunction(_ok_rest, timeout=10) as function:
        fuzz(function, "apigateway_rest", max_examples=5)
        assert function.invoke(make_event("apigateway_rest")).ok  # still held, still usable


def test_check_invocation_on_other_sources_checks_only_errors() -> None:
    event = make_event("s3")
    with LambdaFunction(lambda e, c: {"anything": True}) as function:
        check_invocation("s3", event, function.invoke(event))


# -- as users run it ------------------------------------------------------------------------------------

BUGGY = """
import json

def handler(event, context):
    failures = []
    for record in event["Records"]:
        # The bug: a message body that is not a JSON object crashes the whole batch.
        order = json.loads(record["body"])
        if order.get("quantity", 1) <= 0:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
"""


def test_fuzzing_finds_a_real_bug_and_prints_a_minimal_event(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(orders=BUGGY)
    pytester.makepyfile(
        dedent(
            """
            from pytest_lambda.strategies import fuzz

            def test_orders():
                fuzz("orders.handler", "sqs", max_examples=100)
            """
        )
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*AssertionError: the handler failed with JSONDecodeError: Expecting value: line 1 column 1 (char 0)*"]
    )
    # hypothesis's report (its heading differs between versions) holds the minimal event: one
    # record whose body is empty.
    result.stdout.re_match_lines([r".*(Falsifying example|Failing test case): invoke_with\("])
    report = re.split(r"Falsifying example|Failing test case", result.stdout.str())[1]
    assert "'body': ''," in report
    assert report.count("'messageId'") == 1


def test_the_documented_given_pattern_with_the_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(orders=BUGGY)
    pytester.makepyfile(
        dedent(
            """
            from hypothesis import given, settings, strategies as st
            from pytest_lambda.strategies import assert_batch_item_failures, sqs_events

            ORDERS = st.fixed_dictionaries({"quantity": st.integers(-3, 3)})

            def test_orders(lambda_function):
                function = lambda_function("orders.handler")

                @settings(max_examples=40)
                @given(sqs_events(body=ORDERS))
                def check(event):
                    result = function.invoke(event)
                    assert result.function_error is None
                    assert_batch_item_failures(event, result)

                check()

            def test_orders_find_the_bug(lambda_function):
                function = lambda_function("orders.handler")

                @settings(max_examples=200)
                @given(sqs_events())
                def check(event):
                    assert function.invoke(event).function_error is None, event["Records"][0]["body"]

                check()
            """
        )
    )
    result = pytester.runpytest("-p", "no:randomly", "-W", "error")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.re_match_lines([r".*(Falsifying example|Failing test case): check\(", r".*'body': '',"])
    assert "function_scoped_fixture" not in result.stdout.str()


def test_sources_without_records_and_the_profiles_example_count() -> None:
    seen: list[Any] = []

    def handler(event: Any, context: Any) -> None:
        seen.append(event)

    fuzz(handler, "schedule")
    # No max_examples: the active profile's count (dev 100, ci 300), fewer if the space is small.
    assert len(seen) > 10
