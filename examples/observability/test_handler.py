"""What the checkout function logged, measured and traced, read from the invocation's result."""

from __future__ import annotations

import pytest

from pytest_lambda import LambdaFunctionFactory

# A string, not the function: the plugin imports the module inside the function's environment.
HANDLER = "observability/handler.handler"


@pytest.mark.lambda_function(handler=HANDLER, function_name="checkout", tracing="Active")
def test_an_order_is_placed(lambda_function: LambdaFunctionFactory) -> None:
    result = lambda_function().invoke({"order_id": "o-1", "sku": "sku-red", "quantity": 2})

    assert result.payload == {"order_id": "o-1", "status": "placed"}
    # Metrics: the EMF document Powertools printed; the given dimensions need only be a subset.
    items = result.metric("ItemsOrdered", sku="sku-red")
    assert (items.namespace, items.unit, items.value) == ("Shop", "Count", 2.0)
    assert items.dimensions == {"service": "checkout", "sku": "sku-red"}
    # The structured log: one JSON line, with the keys Logger added.
    [record] = result.log_records
    assert (record["level"], record["message"]) == ("INFO", "order placed")
    assert (record["order_id"], record["quantity"]) == ("o-1", 2)
    assert record["function_request_id"] == result.request_id
    # The trace: Tracer's subsegments, each sent as it ended, the reservation inside the handler's.
    reserve, handler = result.trace
    assert (reserve["name"], handler["name"]) == ("## observability.handler.reserve", "## handler")
    assert reserve["parent_id"] == handler["id"]
    assert reserve["annotations"] == {"sku": "sku-red"}
    assert reserve["trace_id"] == record["xray_trace_id"]


@pytest.mark.lambda_function(handler=HANDLER, tracing="Active")
def test_an_order_out_of_stock_is_rejected(lambda_function: LambdaFunctionFactory) -> None:
    result = lambda_function().invoke({"order_id": "o-2", "sku": "sku-blue", "quantity": 1})

    assert result.payload == {"order_id": "o-2", "status": "rejected"}
    assert result.metric("OrdersRejected").value == 1.0
    assert [metric.name for metric in result.metrics] == ["OrdersRejected"]
    [record] = result.log_records
    assert (record["level"], record["reason"]) == ("WARNING", "sku-blue: 1 wanted, 0 left")
    # The exception is recorded on the reservation's subsegment (a fault), not on the handler's.
    reserve, handler = result.trace
    assert reserve["fault"] is True
    assert reserve["cause"]["exceptions"][0]["type"] == "OutOfStockError"
    assert "fault" not in handler


def test_without_active_tracing_there_is_no_trace(lambda_function: LambdaFunctionFactory) -> None:
    # PassThrough, the default: Lambda traces only requests its caller sampled.
    result = lambda_function(HANDLER).invoke({"order_id": "o-3", "sku": "sku-red", "quantity": 1})

    assert result.trace == []
    assert result.metric("ItemsOrdered").value == 1.0
