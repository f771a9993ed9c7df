"""A checkout function instrumented with aws-lambda-powertools: a structured log, metrics and a trace.

``Logger`` writes JSON lines, ``Metrics`` an Embedded Metric Format document at the end of each
invocation, and ``Tracer`` an X-Ray subsegment per decorated call. ``Tracer()`` checks that it runs
in Lambda (``LAMBDA_TASK_ROOT``) when it is built: the tests give the handler as a string, so that the
plugin imports this module inside the function's environment, not on the host.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

logger = Logger(service="checkout")
metrics = Metrics(namespace="Shop", service="checkout")
tracer = Tracer(service="checkout")

STOCK = {"sku-red": 5, "sku-blue": 0}


class OutOfStockError(Exception):
    pass


@tracer.capture_method
def reserve(sku: str, quantity: int) -> None:
    tracer.put_annotation(key="sku", value=sku)
    tracer.put_metadata(key="quantity", value=quantity)
    if STOCK.get(sku, 0) < quantity:
        raise OutOfStockError(f"{sku}: {quantity} wanted, {STOCK.get(sku, 0)} left")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    order_id, sku, quantity = event["order_id"], event["sku"], int(event["quantity"])
    logger.append_keys(order_id=order_id)
    try:
        reserve(sku, quantity)
    except OutOfStockError as exc:
        logger.warning("order rejected", extra={"reason": str(exc)})
        metrics.add_metric(name="OrdersRejected", unit=MetricUnit.Count, value=1)
        return {"order_id": order_id, "status": "rejected"}
    logger.info("order placed", extra={"sku": sku, "quantity": quantity})
    metrics.add_dimension(name="sku", value=sku)
    metrics.add_metric(name="ItemsOrdered", unit=MetricUnit.Count, value=quantity)
    return {"order_id": order_id, "status": "placed"}
