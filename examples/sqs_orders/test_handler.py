"""The SQS consumer, tested with generated events and the in-process harness."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pytest_lambda import LambdaFunctionFactory, lambda_event
from sqs_orders import handler as orders


@pytest.fixture(autouse=True)
def _clean_state() -> None:
    orders.PROCESSED.clear()


@lambda_event("sqs", records=[{"body": {"id": 1, "quantity": 2}}, {"body": {"id": 2, "quantity": 0}}])
@pytest.mark.lambda_env(TABLE_NAME="orders")
def test_reports_only_the_bad_message(lambda_event: dict[str, Any], lambda_context: Any, lambda_env: Any) -> None:
    result = orders.handler(lambda_event, lambda_context)
    bad = lambda_event["Records"][1]["messageId"]
    assert result == {"batchItemFailures": [{"itemIdentifier": bad}]}
    assert orders.PROCESSED == ["orders:1"]


@pytest.mark.lambda_event("sqs", records=10)
@pytest.mark.lambda_env(TABLE_NAME="orders")
def test_a_batch_of_unparseable_bodies_fails_item_by_item(
    lambda_event: dict[str, Any], lambda_function: LambdaFunctionFactory
) -> None:
    result = lambda_function("sqs_orders/handler.handler").invoke(lambda_event)
    failed = [item["itemIdentifier"] for item in result.payload["batchItemFailures"]]
    # Every id in the response is a message of this batch, and each appears once.
    assert sorted(failed) == sorted(r["messageId"] for r in lambda_event["Records"])
    assert result.cold_start


@pytest.mark.lambda_event("sqs", body={"id": 3, "quantity": -1})
@pytest.mark.lambda_function(handler="sqs_orders/handler.strict_handler", max_retry_attempts=2)
def test_an_async_failure_is_retried_and_dead_lettered(
    lambda_event: dict[str, Any], lambda_function: LambdaFunctionFactory
) -> None:
    result = lambda_function().invoke(lambda_event, invocation_type="Event")
    assert [attempt.outcome for attempt in result.attempts] == ["error", "error", "error"]
    (letter,) = result.dead_letters
    assert json.loads(letter.event["Records"][0]["body"]) == {"id": 3, "quantity": -1}
    assert letter.error_message == "bad order"
