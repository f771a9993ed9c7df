"""HTTP response contracts and partial batch responses: what AWS would do with a handler's answer."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_lambda import LambdaFunction, make_event
from pytest_lambda.strategies import (
    ContractUsageError,
    assert_batch_item_failures,
    assert_http_response,
    batch_item_failures_problem,
    http_response_problem,
)

OK = {"statusCode": 200, "headers": {"content-type": "text/plain"}, "body": "hi", "isBase64Encoded": False}


@pytest.mark.parametrize("source", ["apigateway_rest", "apigateway_http", "function_url", "alb"])
def test_a_proxy_response_is_accepted_everywhere(source: str) -> None:
    assert http_response_problem(source, OK) is None
    assert_http_response(source, OK)


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        ({"statusCode": 200, "body": {"a": 1}}, "body is dict, not a string (serialise it, e.g. json.dumps)"),
        ({"statusCode": "200", "body": ""}, "statusCode is '200', not an integer"),
        ({"body": "x"}, "statusCode is None, not an integer"),
        ({"statusCode": 200, "headers": {"a": ["1"]}}, "headers {'a': ['1']} is not an object of string values"),
        ({"statusCode": 200, "multiValueHeaders": {"a": "1"}}, "multiValueHeaders {'a': '1'} is not an object of"),
        ({"statusCode": 200, "isBase64Encoded": "yes"}, "isBase64Encoded is 'yes', not a boolean"),
        ("hello", "the response is str, not an object with statusCode and body"),
        (None, "the response is NoneType"),
    ],
)
def test_rest_api_malformed_responses(response: Any, problem: str) -> None:
    found = http_response_problem("apigateway_rest", response)
    assert found is not None
    assert found.startswith(problem)
    with pytest.raises(AssertionError, match=r"^API Gateway would answer 502 Internal server error because "):
        assert_http_response("apigateway_rest", response)


@pytest.mark.parametrize("source", ["apigateway_http", "function_url"])
def test_payload_2_infers_a_response_without_status_code(source: str) -> None:
    for response in ("Hello from Lambda!", {"message": "hi"}, [1, 2], None, 3):
        assert http_response_problem(source, response) is None
    assert (
        http_response_problem(source, {"statusCode": 200, "cookies": "a=1"}) == "cookies 'a=1' is not a list of strings"
    )
    # multiValueHeaders is not part of payload 2.0: it is not checked there.
    assert http_response_problem(source, {"statusCode": 200, "multiValueHeaders": 1}) is None


def test_each_service_names_its_own_answer() -> None:
    bad = {"statusCode": 200, "body": {}}
    with pytest.raises(AssertionError, match=r"^API Gateway \(HTTP API\) would answer 500 Internal Server Error"):
        assert_http_response("apigateway_http", bad)
    with pytest.raises(AssertionError, match=r"^the function URL would answer 502 Bad Gateway"):
        assert_http_response("function_url", bad)
    with pytest.raises(AssertionError, match=r"^the load balancer would answer 502 Bad Gateway because .*statusDesc"):
        assert_http_response("alb", {"statusCode": 200, "statusDescription": 200})


def test_an_invoke_result_is_judged_as_the_client_sees_it() -> None:
    def handler(event: Any, context: Any) -> Any:
        if event.get("fail"):
            raise KeyError("id")
        return OK

    with LambdaFunction(handler) as function:
        assert_http_response("apigateway_rest", function.invoke({}))
        with pytest.raises(AssertionError, match=r"502 Internal server error because the function failed: KeyError"):
            assert_http_response("apigateway_rest", function.invoke({"fail": True}))


def test_an_unknown_http_source_is_a_usage_error() -> None:
    with pytest.raises(ContractUsageError, match="no HTTP response contract for 'sqs'; known: alb, apigateway_http"):
        assert_http_response("sqs", OK)


# -- partial batch responses ----------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["sqs", "kinesis", "dynamodb"])
def test_batch_item_failures_naming_batch_items_are_honoured(source: str) -> None:
    event = make_event(source, records=3, seed=1)
    record = event["Records"][1]
    identifier = {
        "sqs": lambda r: r["messageId"],
        "kinesis": lambda r: r["kinesis"]["sequenceNumber"],
        "dynamodb": lambda r: r["dynamodb"]["SequenceNumber"],
    }[source](record)
    for response in (None, {}, {"batchItemFailures": []}, {"batchItemFailures": None}, {"batchItemFailures": [
        {"itemIdentifier": identifier}
    ]}):  # fmt: skip
        assert batch_item_failures_problem(event, response) is None
        assert_batch_item_failures(event, response)


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        ({"batchItemFailures": {"itemIdentifier": "a"}}, "batchItemFailures is dict, not a list"),
        ({"batchItemFailures": [{"itemIdentifer": "a"}]}, "batchItemFailures[0] is {'itemIdentifer': 'a'}, which has"),
        ({"batchItemFailures": [{"itemIdentifier": ""}]}, "batchItemFailures[0].itemIdentifier is '': null or empty"),
        ({"batchItemFailures": [{"itemIdentifier": None}]}, "batchItemFailures[0].itemIdentifier is None"),
        ({"batchItemFailures": [{"itemIdentifier": "nope"}]}, "batchItemFailures[0].itemIdentifier 'nope' is not an"),
        (["id"], "the response ['id'] is not an object"),
    ],
)
def test_a_bad_partial_response_fails_the_whole_batch(response: Any, problem: str) -> None:
    event = make_event("sqs", records=2)
    found = batch_item_failures_problem(event, response)
    assert found is not None
    assert found.startswith(problem)
    with pytest.raises(AssertionError, match=r"^Lambda would treat the whole batch as failed and retry every item"):
        assert_batch_item_failures(event, response)


def test_an_invoke_result_is_judged_on_its_payload() -> None:
    event = make_event("sqs")

    def handler(event: Any, context: Any) -> Any:
        if event["Records"][0]["body"] == "boom":
            raise ValueError("boom")
        return {"batchItemFailures": [{"itemIdentifier": "not-in-batch"}]}

    with LambdaFunction(handler) as function:
        with pytest.raises(AssertionError, match="'not-in-batch' is not an item of this batch"):
            assert_batch_item_failures(event, function.invoke(event))
        failing = make_event("sqs", body="boom")
        # A raised exception fails the whole batch, as the handler meant: nothing to report here.
        assert_batch_item_failures(failing, function.invoke(failing))


def test_records_of_other_sources_are_a_usage_error() -> None:
    with pytest.raises(ContractUsageError, match="partial batch responses exist for SQS, Kinesis and DynamoDB"):
        assert_batch_item_failures(make_event("s3"), {"batchItemFailures": [{"itemIdentifier": "x"}]})
