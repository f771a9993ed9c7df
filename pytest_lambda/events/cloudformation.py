"""AWS CloudFormation custom resource requests, as CloudFormation invokes a Lambda-backed provider.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html (the request fields) and
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes.html (Create, Update, Delete).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import Gen, override_error
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "CloudFormationCustomResourceEvent",
    "cloudformation_custom_resource_event",
    "cloudformation_properties",
]


class _CloudFormationCustomResourceRequired(TypedDict):
    RequestType: Literal["Create", "Update", "Delete"]
    ServiceToken: str
    ResponseURL: str
    StackId: str
    RequestId: str
    LogicalResourceId: str
    ResourceType: str
    ResourceProperties: dict[str, Any]


class CloudFormationCustomResourceEvent(_CloudFormationCustomResourceRequired, total=False):
    # Update and Delete only: the id the provider returned when it created the resource.
    PhysicalResourceId: str
    # Update only: the properties before the update.
    OldResourceProperties: dict[str, Any]


REQUEST_TYPES = ("Create", "Update", "Delete")
SHORTHANDS = ("request_type", "properties", "old_properties", "physical_resource_id", "resource_type")

_MIXED_ALNUM = string.ascii_letters + string.digits


def _property_value(value: Any) -> Any:
    # CloudFormation hands a custom resource every scalar property as a string: 5 -> "5", true -> "true".
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _property_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_property_value(v) for v in value]
    raise override_error(f"custom resource properties are JSON values (str, number, bool, list, dict), got {value!r}")


def cloudformation_properties(value: Any, service_token: str, *, field: str = "properties") -> dict[str, Any]:
    """Template properties as the request carries them: ``ServiceToken`` first, scalars as strings."""
    if not isinstance(value, Mapping):
        raise override_error(f"{field} must be a dict of the resource's template properties, got {value!r}")
    properties: dict[str, Any] = {"ServiceToken": service_token}
    properties.update(_property_value(dict(value)))
    return properties


def _response_url(gen: Gen, stack_id: str, logical_id: str, request_id: str) -> str:
    """The presigned S3 PUT URL the provider answers to (2 hours valid, signed with SigV4)."""
    region = gen.region
    compact = region.replace("-", "")
    host = f"s3.{gen.dns_suffix}" if region == "us-east-1" else f"s3.{region}.{gen.dns_suffix}"
    # The object key is "<StackId>|<LogicalResourceId>|<RequestId>", URL-encoded; generated ids hold only
    # letters, digits, "-", "/" and ":", so escaping ":" and "|" is urllib.parse.quote(safe="/") at a tenth the cost.
    key = f"{stack_id}|{logical_id}|{request_id}".replace(":", "%3A").replace("|", "%7C")
    moment = datetime.fromtimestamp(gen.now_ms / 1000, tz=timezone.utc)
    credential = f"AKIA{gen.alnum(16)}/{moment:%Y%m%d}/{region}/s3/aws4_request"
    # SigV4 query parameters, in the order CloudFormation's URLs list them; only the credential needs escaping.
    query = (
        f"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={moment:%Y%m%dT%H%M%SZ}&X-Amz-SignedHeaders=host"
        f"&X-Amz-Expires=7200&X-Amz-Credential={credential.replace('/', '%2F')}&X-Amz-Signature={gen.hex(64)}"
    )
    return f"https://cloudformation-custom-resource-response-{compact}.{host}/{key}?{query}"


def cloudformation_custom_resource_event(gen: Gen, shorthands: dict[str, Any]) -> CloudFormationCustomResourceEvent:
    """One custom resource request; ``request_type`` picks Create (default), Update or Delete."""
    request_type = shorthands.get("request_type", "Create")
    if request_type not in REQUEST_TYPES:
        raise override_error(
            f"request_type={request_type!r} is not one CloudFormation sends; valid: {', '.join(REQUEST_TYPES)}"
        )
    if "old_properties" in shorthands and request_type != "Update":
        raise override_error(
            f"old_properties (OldResourceProperties) exists only in Update requests, not {request_type}"
        )
    if "physical_resource_id" in shorthands and request_type == "Create":
        raise override_error("physical_resource_id exists only in Update and Delete requests: Create has none yet")

    stack_name = f"{gen.pick('word')}-{gen.pick('word')}-stack"
    logical_id = f"{gen.pick('word').capitalize()}{gen.pick('word').capitalize()}"
    # Stack ids end in a time-based (version 1) UUID.
    stack_uuid = f"{gen.hex(8)}-{gen.hex(4)}-1{gen.hex(3)}-{gen.random.choice('89ab')}{gen.hex(3)}-{gen.hex(12)}"
    stack_id = gen.arn("cloudformation", f"stack/{stack_name}/{stack_uuid}")
    request_id = gen.uuid()
    # A provider function named by CloudFormation: "<stack>-<logical id>-<12 random>", at most 64 characters.
    function_name = f"{stack_name}-{logical_id}Function"[:51] + "-" + gen.alnum(12, _MIXED_ALNUM)
    service_token = gen.arn("lambda", f"function:{function_name}")
    resource_type = shorthands.get("resource_type", f"Custom::{gen.pick('word').capitalize()}")
    if not isinstance(resource_type, str) or not (
        resource_type.startswith("Custom::") or resource_type == "AWS::CloudFormation::CustomResource"
    ):
        raise override_error(
            f"resource_type must be 'Custom::<Name>' or 'AWS::CloudFormation::CustomResource', got {resource_type!r}"
        )

    default_properties = {"Name": f"{gen.pick('word')}-{gen.pick('word')}", "Retention": str(gen.integer(1, 90))}
    properties = cloudformation_properties(shorthands.get("properties", default_properties), service_token)
    event: CloudFormationCustomResourceEvent = {
        "RequestType": request_type,
        "ServiceToken": properties["ServiceToken"],
        "ResponseURL": _response_url(gen, stack_id, logical_id, request_id),
        "StackId": stack_id,
        "RequestId": request_id,
        "LogicalResourceId": logical_id,
        "ResourceType": resource_type,
        "ResourceProperties": properties,
    }
    if request_type == "Create":
        return event
    # The id the provider returned on Create; cfn-response's default is the function's log stream name.
    created = datetime.fromtimestamp(gen.ms_ago(30 * 86_400_000) / 1000, tz=timezone.utc)
    physical_id = shorthands.get("physical_resource_id", f"{created:%Y/%m/%d}/[$LATEST]{gen.hex(32)}")
    if not isinstance(physical_id, str) or not physical_id:
        raise override_error(f"physical_resource_id must be a non-empty str, got {physical_id!r}")
    ordered: CloudFormationCustomResourceEvent = {  # AWS's key order: PhysicalResourceId after LogicalResourceId
        "RequestType": event["RequestType"],
        "ServiceToken": event["ServiceToken"],
        "ResponseURL": event["ResponseURL"],
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "PhysicalResourceId": physical_id,
        "ResourceType": event["ResourceType"],
        "ResourceProperties": event["ResourceProperties"],
    }
    if request_type == "Update":
        if "old_properties" in shorthands:
            old = cloudformation_properties(shorthands["old_properties"], service_token, field="old_properties")
        elif "properties" in shorthands:
            old = dict(properties)
        else:  # CloudFormation sends Update when a property changed: here the retention did
            old = {**properties, "Retention": str(int(properties["Retention"]) + gen.integer(1, 90))}
        ordered["OldResourceProperties"] = old
    return ordered


register(
    EventSource(
        "cloudformation_custom_resource",
        "AWS CloudFormation custom resource request (Create, Update or Delete) to a Lambda-backed provider",
        cloudformation_custom_resource_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("cfn_custom_resource",),
        docs="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html",
        variants={"request_type": ", ".join(REQUEST_TYPES)},
    )
)
