"""``result.metrics``: EMF documents parsed as CloudWatch extracts them, rejected as it rejects them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

import pytest_lambda
from pytest_lambda import LambdaFunction, Metric, MetricsError
from pytest_lambda.runtime import emf

MakeModule = Callable[[str], str]


def document(**overrides: Any) -> dict[str, Any]:
    """A valid EMF document: one directive, one dimension set, one metric."""
    body: dict[str, Any] = {
        "_aws": {
            "Timestamp": 1700000000000,
            "CloudWatchMetrics": [
                {"Namespace": "Shop", "Dimensions": [["Stage"]], "Metrics": [{"Name": "Orders", "Unit": "Count"}]}
            ],
        },
        "Stage": "prod",
        "Orders": 3,
        "requestId": "r-1",
    }
    body.update(overrides)
    return body


def parse(*documents: dict[str, Any] | str) -> tuple[list[Metric], list[emf.MetricError]]:
    lines = [line if isinstance(line, str) else json.dumps(line) for line in documents]
    return emf.parse("\n".join(lines))


def test_a_document_gives_its_metric_with_dimensions_and_the_other_keys_as_properties() -> None:
    [metric], errors = parse(document())

    assert errors == []
    assert metric == Metric("Shop", "Orders", "Count", [3.0], {"Stage": "prod"}, {"requestId": "r-1"}, 60)
    assert metric.value == 3.0


def test_an_array_of_values_and_a_missing_unit_and_dimensions() -> None:
    aws = {"Timestamp": 1, "CloudWatchMetrics": [{"Namespace": "N", "Metrics": [{"Name": "Lat"}]}]}
    [metric], _ = parse(document(_aws=aws, Lat=[1, 2.5]))

    assert (metric.values, metric.unit, metric.dimensions) == ([1.0, 2.5], "None", {})
    assert metric.properties == {"Stage": "prod", "Orders": 3, "requestId": "r-1"}
    with pytest.raises(MetricsError, match=r"metric 'Lat' has 2 values, not one: \[1.0, 2.5\]"):
        _ = metric.value


def test_each_dimension_set_is_a_metric_of_its_own() -> None:
    aws = {
        "Timestamp": 1,
        "CloudWatchMetrics": [
            {"Namespace": "Shop", "Dimensions": [["Stage"], ["Stage", "Region"], []], "Metrics": [{"Name": "Orders"}]}
        ],
    }
    metrics, _ = parse(document(_aws=aws, Region="eu"))

    assert [m.dimensions for m in metrics] == [{"Stage": "prod"}, {"Stage": "prod", "Region": "eu"}, {}]
    assert {m.name for m in metrics} == {"Orders"}


def test_lines_that_are_not_emf_documents_are_left_alone() -> None:
    text = "\n".join(
        [
            "plain text",
            "{not json",
            "[1, 2]",
            '{"message": "a log record"}',
            json.dumps(document()),
            "  " + json.dumps(document(Orders=4)) + "  ",
        ]
    )
    metrics, errors = emf.parse(text)

    assert [m.values for m in metrics] == [[3.0], [4.0]]
    assert errors == []


def _directive(**fields: Any) -> dict[str, Any]:
    directive: dict[str, Any] = {"Namespace": "Shop", "Dimensions": [["Stage"]], "Metrics": [{"Name": "Orders"}]}
    directive.update(fields)
    return document(_aws={"Timestamp": 1, "CloudWatchMetrics": [directive]})


# What CloudWatch checks (CloudWatch_Embedded_Metric_Format_Specification.html); each breaks one rule.
REJECTED = {
    "_aws must be an object": document(_aws=[]),
    "_aws.Timestamp must be a number": document(_aws={"CloudWatchMetrics": []}),
    "_aws.CloudWatchMetrics must be an array": document(_aws={"Timestamp": 1, "CloudWatchMetrics": {}}),
    "a MetricDirective must be an object": document(_aws={"Timestamp": 1, "CloudWatchMetrics": ["x"]}),
    "Namespace must be a string of 1 to 255": _directive(Namespace=""),
    "Dimensions must be an array": _directive(Dimensions={"Stage": "prod"}),
    "a DimensionSet must be an array": _directive(Dimensions=["Stage"]),
    "31 dimensions in one DimensionSet: at most 30": _directive(Dimensions=[[f"D{i}" for i in range(31)]]),
    "dimension 'Missing' has no member": _directive(Dimensions=[["Missing"]]),
    "dimension 'Orders' must have a string value, got 3": _directive(Dimensions=[["Orders"]]),
    "Metrics must be an array": _directive(Metrics={"Name": "Orders"}),
    "101 metrics in one directive: at most 100": _directive(Metrics=[{"Name": "Orders"}] * 101),
    "a MetricDefinition must be an object": _directive(Metrics=["Orders"]),
    "a MetricDefinition needs a Name": _directive(Metrics=[{"Unit": "Count"}]),
    "metric 'Orders': Unit 'count' is not a CloudWatch unit": _directive(Metrics=[{"Name": "Orders", "Unit": "count"}]),
    "StorageResolution must be 1 or 60, got 5": _directive(Metrics=[{"Name": "Orders", "StorageResolution": 5}]),
    "metric 'Absent' has no member": _directive(Metrics=[{"Name": "Absent"}]),
    "metric 'Stage' must have numeric values, got 'prod'": _directive(Metrics=[{"Name": "Stage"}], Dimensions=[]),
    "metric 'Orders' has 101 values: at most 100": {**_directive(), "Orders": [1] * 101},
}


@pytest.mark.parametrize(("reason", "rejected"), REJECTED.items(), ids=list(REJECTED))
def test_invalid_documents_are_rejected_whole_with_the_reason(reason: str, rejected: dict[str, Any]) -> None:
    metrics, [error] = parse(document(Orders=1), rejected)

    assert [m.values for m in metrics] == [[1.0]]
    assert reason in error.reason
    assert error.document == rejected
    assert str(error).startswith(error.reason + ": {")


@pytest.mark.parametrize("value", [True, None, float("nan"), [1, "2"]])
def test_values_must_be_numbers(value: object) -> None:
    _, [error] = parse(document(Orders=value))

    assert error.reason.startswith("metric 'Orders' must have numeric values")


def test_high_resolution_metrics_keep_their_storage_resolution() -> None:
    [metric], _ = parse(_directive(Metrics=[{"Name": "Orders", "StorageResolution": 1}]))

    assert metric.storage_resolution == 1


def test_hand_written_emf_through_an_invocation(module: MakeModule) -> None:
    name = module(
        """
        import json

        def handler(event, context):
            print(json.dumps({
                "_aws": {"Timestamp": 1, "CloudWatchMetrics": [
                    {"Namespace": "Shop", "Dimensions": [["Stage"]], "Metrics": [{"Name": "Orders", "Unit": "Count"}]}
                ]},
                "Stage": "prod", "Orders": event["n"],
            }))
        """
    )
    with LambdaFunction(f"{name}.handler") as function:
        first, second = function.invoke({"n": 1}), function.invoke({"n": 2})

    assert first.metric("Orders").values == [1.0]
    assert second.metric("Orders", Stage="prod").value == 2.0
    assert second.attempts[0].metrics == second.metrics
    assert first.metric_errors == []


def test_metric_fails_listing_the_metrics_there_are(module: MakeModule) -> None:
    name = module(
        """
        import json

        def handler(event, context):
            for stage in ("prod", "beta"):
                print(json.dumps({
                    "_aws": {"Timestamp": 1, "CloudWatchMetrics": [
                        {"Namespace": "Shop", "Dimensions": [["Stage"]], "Metrics": [{"Name": "Orders"}]}
                    ]},
                    "Stage": stage, "Orders": 1,
                }))
        """
    )
    result = LambdaFunction(f"{name}.handler").invoke({})

    with pytest.raises(MetricsError, match="no metric 'Refunds'; the invocation's metrics:\n  - Shop Orders") as info:
        result.metric("Refunds")
    assert "{'Stage': 'beta'} [1.0]" in str(info.value)
    with pytest.raises(AssertionError, match=r"^2 metrics 'Orders'; the invocation's metrics:"):
        result.metric("Orders")
    with pytest.raises(MetricsError, match=r"no metric 'Orders' with dimensions \{'Stage': 'dev'\}"):
        result.metric("Orders", Stage="dev")
    assert result.metric("Orders", Stage="beta").dimensions == {"Stage": "beta"}


def test_no_metrics_at_all_is_said_so() -> None:
    result = LambdaFunction(lambda event, context: None).invoke({})

    assert result.metrics == []
    with pytest.raises(MetricsError, match=r"no metric 'Orders'; the invocation's metrics:\n  \(none\)"):
        result.metric("Orders")


def test_reading_metrics_fails_when_cloudwatch_would_reject_a_document(module: MakeModule) -> None:
    name = module(
        """
        import json

        def handler(event, context):
            print(json.dumps({"_aws": {"Timestamp": 1, "CloudWatchMetrics": [
                {"Namespace": "Shop", "Metrics": [{"Name": "Orders"}]}]}, "Orders": "three"}))
        """
    )
    result = LambdaFunction(f"{name}.handler").invoke({})

    with pytest.raises(MetricsError, match=r"CloudWatch would reject 1 EMF document\(s\)") as info:
        _ = result.metrics
    assert "metric 'Orders' must have numeric values, got 'three'" in str(info.value)
    [error] = result.metric_errors
    assert error.document["Orders"] == "three"


def test_powertools_metrics(module: MakeModule) -> None:
    name = module(
        """
        from aws_lambda_powertools import Metrics
        from aws_lambda_powertools.metrics import MetricUnit

        metrics = Metrics(namespace="Shop", service="orders")

        @metrics.log_metrics(capture_cold_start_metric=True)
        def handler(event, context):
            metrics.add_dimension(name="Stage", value="prod")
            metrics.add_metric(name="Orders", unit=MetricUnit.Count, value=2)
            metrics.add_metric(name="Orders", unit=MetricUnit.Count, value=3)
            metrics.add_metadata(key="order_id", value="o-1")
        """
    )
    with LambdaFunction(f"{name}.handler", function_name="shop") as function:
        cold, warm = function.invoke({}), function.invoke({})

    orders = cold.metric("Orders", service="orders", Stage="prod")
    assert (orders.namespace, orders.unit, orders.values) == ("Shop", "Count", [2.0, 3.0])
    assert orders.properties == {"order_id": "o-1"}
    # Powertools' cold start metric has the function name as a dimension.
    assert cold.metric("ColdStart", function_name="shop").value == 1.0
    assert [m.name for m in warm.metrics] == ["Orders"]


def test_aws_embedded_metrics(module: MakeModule) -> None:
    name = module(
        """
        from aws_embedded_metrics import metric_scope

        @metric_scope
        def handler(event, context, metrics):
            metrics.set_namespace("Shop")
            metrics.put_dimensions({"Stage": "prod"})
            metrics.put_metric("Latency", 12, "Milliseconds")
            metrics.set_property("order_id", "o-1")
        """
    )
    result = LambdaFunction(f"{name}.handler", function_name="shop").invoke({})

    latency = result.metric("Latency", Stage="prod")
    # In Lambda the library adds the function's LogGroup, ServiceName and ServiceType dimensions.
    assert latency.dimensions == {
        "LogGroup": "shop",
        "ServiceName": "shop",
        "ServiceType": "AWS::Lambda::Function",
        "Stage": "prod",
    }
    assert (latency.unit, latency.value, latency.properties["order_id"]) == ("Milliseconds", 12.0, "o-1")


def test_the_parser_is_imported_when_metrics_are_first_read() -> None:
    code = (
        "import sys, pytest_lambda.plugin, pytest_lambda\n"
        "result = pytest_lambda.invoke(lambda event, context: None)\n"
        "before = 'pytest_lambda.runtime.emf' in sys.modules\n"
        "result.metrics\n"
        "print(before, 'pytest_lambda.runtime.emf' in sys.modules, pytest_lambda.Metric.__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True", "Metric"]


def test_the_package_has_no_other_lazy_names() -> None:
    with pytest.raises(AttributeError, match="module 'pytest_lambda' has no attribute 'Metrics'"):
        _ = pytest_lambda.Metrics  # type: ignore[attr-defined]
