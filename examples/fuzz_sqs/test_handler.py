"""Fuzzing the SQS consumer: for every batch, it never crashes and reports only real message ids."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz_sqs import handler as orders
from pytest_lambda import LambdaFunctionFactory
from pytest_lambda.strategies import assert_batch_item_failures, fuzz, sqs_events

ORDERS = st.fixed_dictionaries({"id": st.integers(1, 99), "quantity": st.integers(-2, 5)})


def test_survives_any_batch() -> None:
    # Any SQS batch: no exception, and batchItemFailures names only messages of the batch.
    fuzz(orders.handler, "sqs", max_examples=50)


def test_reports_exactly_the_bad_orders(lambda_function: LambdaFunctionFactory) -> None:
    # One function, held for the whole test: its execution environment stays warm across examples,
    # as one Lambda environment receives batch after batch. The @given test is defined inside, so
    # hypothesis's function-scoped fixture health check does not apply.
    function = lambda_function(orders.handler)

    @settings(max_examples=50, deadline=None)
    @given(sqs_events(body=ORDERS, records=st.integers(1, 10)))
    def check(event: Any) -> None:
        result = function.invoke(event)
        assert_batch_item_failures(event, result)
        bad = [r["messageId"] for r in event["Records"] if json.loads(r["body"])["quantity"] <= 0]
        assert [item["itemIdentifier"] for item in result.payload["batchItemFailures"]] == bad

    check()


def test_fuzzing_finds_the_naive_handlers_crash() -> None:
    with pytest.raises(AssertionError, match=r"the handler failed with (JSONDecodeError|TypeError|KeyError)"):
        fuzz(orders.naive_handler, "sqs", max_examples=50)
