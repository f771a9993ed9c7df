"""A test that fails on purpose, to show what a failing metric assertion reports.

Not collected by ``pytest examples`` (its name does not match ``test_*.py``) and so not run in CI;
run it by naming it: ``pytest examples/observability/demo_failure.py``.
"""

from __future__ import annotations

import pytest

from pytest_lambda import LambdaFunctionFactory


@pytest.mark.lambda_function(handler="observability/handler.handler", tracing="Active")
def test_asks_for_a_metric_the_function_did_not_emit(lambda_function: LambdaFunctionFactory) -> None:
    result = lambda_function().invoke({"order_id": "o-4", "sku": "sku-red", "quantity": 9})

    assert result.metric("ItemsOrdered").value == 9
