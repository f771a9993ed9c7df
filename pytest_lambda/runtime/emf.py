"""The JSON lines of a function's log: CloudWatch Embedded Metric Format documents and structured log records.

An EMF document is a log line that is a JSON object with an ``_aws`` member; CloudWatch extracts
its metrics, or rejects the whole document when it breaks the rules of the specification
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
Nothing here runs until a test reads ``metrics``, ``metric_errors`` or ``log_records``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_lambda.errors import MetricsError, with_docs

__all__ = [
    "MAX_DIMENSIONS",
    "MAX_METRICS",
    "MAX_VALUES",
    "UNITS",
    "Metric",
    "MetricError",
    "find_metric",
    "json_objects",
    "log_records",
    "parse",
    "raise_for_errors",
]

# The specification's limits: a DimensionSet "MUST NOT contain more than 30 dimension keys", a
# directive's Metrics "MUST NOT contain more than 100" definitions, a metric "MUST NOT contain
# more than 100 values".
MAX_DIMENSIONS = 30
MAX_METRICS = 100
MAX_VALUES = 100
# MetricDefinition.Unit: the units of CloudWatch's MetricDatum (API_MetricDatum.html); absent means "None".
UNITS = frozenset(
    {"Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
     "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
     "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
     "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None"}
)  # fmt: skip


@dataclass(frozen=True)
class Metric:
    """One metric CloudWatch would extract: a metric definition of a document, under one dimension set."""

    namespace: str
    name: str
    unit: str
    # EMF allows one number or an array of them: always a list here.
    values: list[float]
    # The dimension set's keys, with the document's values for them.
    dimensions: dict[str, str]
    # The document's other members (metadata, request ids...): neither ``_aws``, a metric nor a dimension.
    properties: dict[str, Any] = field(default_factory=dict)
    storage_resolution: int = 60

    @property
    def value(self) -> float:
        """The value of a metric with exactly one (``values[0]``); else an error naming how many there are."""
        if len(self.values) != 1:
            raise MetricsError(f"metric {self.name!r} has {len(self.values)} values, not one: {self.values}")
        return self.values[0]


@dataclass(frozen=True)
class MetricError:
    """A document CloudWatch would reject: none of its metrics is extracted."""

    reason: str
    document: dict[str, Any]

    def __str__(self) -> str:
        return f"{self.reason}: {json.dumps(self.document)[:200]}"


def json_objects(text: str) -> Iterator[dict[str, Any]]:
    """Every line of ``text`` that is a JSON object, parsed."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("{"):
            try:
                yield json.loads(stripped)  # what parses from a "{" is an object
            except ValueError:
                continue


def log_records(text: str) -> list[dict[str, Any]]:
    """The log's JSON records: neither the platform's events (``platform.*``) nor EMF documents."""
    return [
        record
        for record in json_objects(text)
        if "_aws" not in record and not str(record.get("type", "")).startswith("platform.")
    ]


def parse(text: str) -> tuple[list[Metric], list[MetricError]]:
    """The metrics of every valid EMF document in ``text``, and the documents CloudWatch would reject."""
    metrics: list[Metric] = []
    errors: list[MetricError] = []
    for document in json_objects(text):
        if "_aws" not in document:
            continue
        try:
            metrics.extend(_metrics_of(document))
        except _Rejected as exc:
            errors.append(MetricError(str(exc), document))
    return metrics, errors


class _Rejected(Exception):
    pass


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _metrics_of(document: dict[str, Any]) -> list[Metric]:
    meta = document["_aws"]
    if not isinstance(meta, dict):
        raise _Rejected("_aws must be an object")
    if not _is_number(meta.get("Timestamp")):
        raise _Rejected("_aws.Timestamp must be a number (epoch milliseconds)")
    directives = meta.get("CloudWatchMetrics")
    if not isinstance(directives, list):
        raise _Rejected("_aws.CloudWatchMetrics must be an array of MetricDirective objects")
    return [metric for directive in directives for metric in _directive_metrics(document, directive)]


def _directive_metrics(document: dict[str, Any], directive: object) -> list[Metric]:
    if not isinstance(directive, dict):
        raise _Rejected("a MetricDirective must be an object")
    namespace = directive.get("Namespace")
    if not isinstance(namespace, str) or not 1 <= len(namespace) <= 255:
        raise _Rejected("Namespace must be a string of 1 to 255 characters")
    dimension_sets = directive.get("Dimensions", [])
    if not isinstance(dimension_sets, list):
        raise _Rejected("Dimensions must be an array of DimensionSet arrays")
    definitions = directive.get("Metrics")
    if not isinstance(definitions, list):
        raise _Rejected("Metrics must be an array of MetricDefinition objects")
    if len(definitions) > MAX_METRICS:
        raise _Rejected(f"{len(definitions)} metrics in one directive: at most {MAX_METRICS}")
    sets = [_dimension_set(document, keys) for keys in dimension_sets] or [{}]
    parsed = [_definition(document, definition) for definition in definitions]
    referenced = {key for keys in sets for key in keys} | {name for name, *_ in parsed}
    properties = {key: value for key, value in document.items() if key != "_aws" and key not in referenced}
    return [
        Metric(namespace, name, unit, values, dict(dimensions), dict(properties), resolution)
        for name, unit, values, resolution in parsed
        for dimensions in sets
    ]


def _dimension_set(document: dict[str, Any], keys: object) -> dict[str, str]:
    if not isinstance(keys, list):
        raise _Rejected("a DimensionSet must be an array of dimension keys")
    if len(keys) > MAX_DIMENSIONS:
        raise _Rejected(f"{len(keys)} dimensions in one DimensionSet: at most {MAX_DIMENSIONS}")
    dimensions: dict[str, str] = {}
    for key in keys:
        if not isinstance(key, str) or key not in document:
            raise _Rejected(f"dimension {key!r} has no member in the document")
        value = document[key]
        if not isinstance(value, str):
            raise _Rejected(f"dimension {key!r} must have a string value, got {value!r}")
        dimensions[key] = value
    return dimensions


def _definition(document: dict[str, Any], definition: object) -> tuple[str, str, list[float], int]:
    if not isinstance(definition, dict):
        raise _Rejected("a MetricDefinition must be an object")
    name = definition.get("Name")
    if not isinstance(name, str) or not 1 <= len(name) <= 255:
        raise _Rejected("a MetricDefinition needs a Name of 1 to 255 characters")
    unit = definition.get("Unit", "None")
    if unit not in UNITS:
        raise _Rejected(f"metric {name!r}: Unit {unit!r} is not a CloudWatch unit")
    resolution = definition.get("StorageResolution", 60)
    if resolution not in (1, 60):
        raise _Rejected(f"metric {name!r}: StorageResolution must be 1 or 60, got {resolution!r}")
    if name not in document:
        raise _Rejected(f"metric {name!r} has no member in the document")
    raw = document[name]
    values = raw if isinstance(raw, list) else [raw]
    if not all(_is_number(value) for value in values):
        raise _Rejected(f"metric {name!r} must have numeric values, got {raw!r}")
    if len(values) > MAX_VALUES:
        raise _Rejected(f"metric {name!r} has {len(values)} values: at most {MAX_VALUES}")
    return name, str(unit), [float(value) for value in values], int(resolution)


def raise_for_errors(errors: list[MetricError]) -> None:
    """Fail with every rejected document, as CloudWatch would drop them."""
    __tracebackhide__ = True  # pytest shows the test's line, not this one
    if errors:
        listed = "\n".join(f"  - {error}" for error in errors)
        raise MetricsError(
            with_docs(
                f"CloudWatch would reject {len(errors)} EMF document(s) and extract none of their metrics "
                f"(read result.metric_errors to assert on them):\n{listed}",
                "metrics-traces-and-structured-logs",
            )
        )


def find_metric(metrics: list[Metric], name: str, dimensions: Mapping[str, str]) -> Metric:
    """The one metric called ``name`` whose dimensions include ``dimensions``; else an error listing them all."""
    __tracebackhide__ = True
    matching = [
        metric
        for metric in metrics
        if metric.name == name and all(metric.dimensions.get(key) == value for key, value in dimensions.items())
    ]
    if len(matching) == 1:
        return matching[0]
    wanted = f"{name!r}" + (f" with dimensions {dict(dimensions)}" if dimensions else "")
    there = "\n".join(f"  - {m.namespace} {m.name} {m.dimensions} {m.values}" for m in metrics) or "  (none)"
    problem = "no metric" if not matching else f"{len(matching)} metrics"
    raise MetricsError(
        with_docs(f"{problem} {wanted}; the invocation's metrics:\n{there}", "metrics-traces-and-structured-logs")
    )
