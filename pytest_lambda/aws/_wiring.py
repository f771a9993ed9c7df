"""A template's event source mappings as this library's pollers: SQS, Kinesis and DynamoDB Streams.

``AWS::Lambda::EventSourceMapping`` (what SAM's ``SQS``, ``Kinesis`` and ``DynamoDB`` events become)
maps onto ``SQSEventSourceMapping``, ``KinesisEventSourceMapping`` and
``DynamoDBStreamEventSourceMapping`` with the properties of AWS::Lambda::EventSourceMapping
(aws-resource-lambda-eventsourcemapping.html), ``FilterCriteria`` included. What they do not
simulate is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_lambda.aws.sqs import SQSEventSourceMapping
    from pytest_lambda.aws.streams import DynamoDBStreamEventSourceMapping, KinesisEventSourceMapping
    from pytest_lambda.runtime import LambdaFunction

    Poller = SQSEventSourceMapping | KinesisEventSourceMapping | DynamoDBStreamEventSourceMapping

__all__ = ["MappingSpec", "build", "spec_of"]

# Event sources this library polls, by the service of their ARN.
_SOURCES = {"sqs": "SQS", "kinesis": "Kinesis", "dynamodb": "DynamoDB Streams"}
# Properties each poller takes, by CloudFormation name.
_SQS = {
    "BatchSize": "batch_size",
    "MaximumBatchingWindowInSeconds": "maximum_batching_window",
    "FunctionResponseTypes": "function_response_types",
}
_STREAM = {
    **_SQS,
    "StartingPosition": "starting_position",
    "StartingPositionTimestamp": "starting_position_timestamp",
    "MaximumRetryAttempts": "maximum_retry_attempts",
    "MaximumRecordAgeInSeconds": "maximum_record_age_in_seconds",
    "BisectBatchOnFunctionError": "bisect_batch_on_function_error",
}
_ALWAYS = frozenset({"EventSourceArn", "FunctionName", "Enabled"})


@dataclass
class MappingSpec:
    """One mapping of the template: its source, its function's logical id, the poller's keywords."""

    logical_id: str
    service: str
    source: str
    function: str
    options: dict[str, Any] = field(default_factory=dict)
    not_simulated: list[str] = field(default_factory=list)


def spec_of(logical_id: str, properties: Mapping[str, Any], function: str) -> MappingSpec | None:
    """The poller for ``properties`` (resolved), or ``None`` for a source this library does not poll."""
    source = str(properties.get("EventSourceArn", ""))
    service = source.split(":")[2] if source.count(":") >= 5 else ""
    if service not in _SOURCES:
        return None
    names = _SQS if service == "sqs" else _STREAM
    options = {names[key]: value for key, value in properties.items() if key in names}
    destination = ((properties.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
    handled = set(names) | _ALWAYS | {"FilterCriteria"}
    filters = (properties.get("FilterCriteria") or {}).get("Filters") or []
    options["filter_criteria"] = [item["Pattern"] for item in filters]
    if service != "sqs":
        handled.add("DestinationConfig")
        if destination is not None:
            options["destination_config"] = destination
    ignored = sorted(set(properties) - handled)
    return MappingSpec(logical_id, service, source, function, options, ignored)


def build(spec: MappingSpec, function: LambdaFunction) -> Poller:
    """The poller of ``spec`` around ``function``."""
    if spec.service == "sqs":
        from pytest_lambda.aws.sqs import SQSEventSourceMapping

        return SQSEventSourceMapping(function, spec.source, **spec.options)
    from pytest_lambda.aws.streams import DynamoDBStreamEventSourceMapping, KinesisEventSourceMapping

    kind = KinesisEventSourceMapping if spec.service == "kinesis" else DynamoDBStreamEventSourceMapping
    return kind(function, spec.source, **spec.options)


def source_names() -> list[str]:
    return sorted(_SOURCES.values())
