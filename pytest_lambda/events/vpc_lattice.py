"""Amazon VPC Lattice events: a request a service forwards to a Lambda target group (event versions V1, V2).

https://docs.aws.amazon.com/vpc-lattice/latest/ug/lambda-functions.html#receive-event-from-service
https://docs.aws.amazon.com/lambda/latest/dg/services-vpc-lattice.html
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import Gen
from pytest_lambda.events._registry import EventSource, register
from pytest_lambda.events.apigateway import (
    HTTP_SHORTHANDS,
    HttpRequest,
    Pairs,
    comma_joined,
    http_request,
    multi_value,
)

__all__ = [
    "VpcLatticeEvent",
    "VpcLatticeEventV2",
    "VpcLatticeV2Identity",
    "VpcLatticeV2RequestContext",
    "vpc_lattice_event",
    "vpc_lattice_v2_event",
]


class VpcLatticeEvent(TypedDict):
    raw_path: str
    method: str
    headers: dict[str, str]
    query_string_parameters: dict[str, str]
    body: str
    is_base64_encoded: bool


class VpcLatticeV2Identity(TypedDict, total=False):
    sourceVpcArn: str
    type: str
    principal: str
    principalOrgID: str
    sessionName: str
    x509IssuerOu: str
    x509SanDns: str
    x509SanNameCn: str
    x509SanUri: str
    x509SubjectCn: str


class VpcLatticeV2RequestContext(TypedDict):
    serviceNetworkArn: str
    serviceArn: str
    targetGroupArn: str
    identity: VpcLatticeV2Identity
    region: str
    timeEpoch: str


class VpcLatticeEventV2(TypedDict):
    version: Literal["2.0"]
    path: str
    method: str
    headers: dict[str, list[str]]
    queryStringParameters: dict[str, list[str]]
    body: str
    isBase64Encoded: bool
    requestContext: VpcLatticeV2RequestContext


SHORTHANDS = HTTP_SHORTHANDS


@dataclass(frozen=True)
class _LatticeCall:
    request: HttpRequest
    headers: Pairs
    service_id: str


def _lattice_call(gen: Gen, shorthands: dict[str, Any]) -> _LatticeCall:
    request = http_request(gen, shorthands)
    # A service's DNS name: <name>-<service id>.<7 hex>.vpc-lattice-svcs.<region>.on.aws
    service_id = gen.hex(17)
    host = f"{gen.pick('word')}-{service_id}.{gen.hex(7)}.vpc-lattice-svcs.{gen.region}.on.aws"
    # Clients reach a service from inside a VPC: a private address.
    ip = f"10.{gen.integer(0, 255)}.{gen.integer(0, 255)}.{gen.integer(1, 254)}"
    defaults: Pairs = [
        ("accept", gen.random.choice(("*/*", "application/json"))),
        ("host", host),
        ("user-agent", gen.pick("user_agent")),
        ("x-forwarded-for", ip),
    ]
    return _LatticeCall(request, request.header_pairs(defaults, lower=True), service_id)


def vpc_lattice_event(gen: Gen, shorthands: dict[str, Any]) -> VpcLatticeEvent:
    """An event version V1 request (the target group's default): snake_case fields, one value per name.

    A repeated header or query parameter is joined with commas.
    """
    call = _lattice_call(gen, shorthands)
    request = call.request
    return {
        "raw_path": request.path,
        "method": request.method,
        "headers": comma_joined(call.headers),
        "query_string_parameters": comma_joined(request.query),
        "body": "" if request.body is None else request.body,
        "is_base64_encoded": request.is_base64_encoded,
    }


def vpc_lattice_v2_event(gen: Gen, shorthands: dict[str, Any]) -> VpcLatticeEventV2:
    """An event version V2 request: headers and query parameters map to lists, plus the request context.

    The context names the service network, service and target group, and the caller (IAM principal
    and source VPC); ``timeEpoch`` is a string of epoch microseconds.
    """
    call = _lattice_call(gen, shorthands)
    request = call.request
    role = f"{gen.pick('word')}-role"
    session = gen.hex(32)
    received_us = gen.ms_ago(50) * 1000 + gen.integer(0, 999)
    return {
        "version": "2.0",
        "path": request.path,
        "method": request.method,
        "headers": multi_value(call.headers),
        "queryStringParameters": multi_value(request.query),
        "body": "" if request.body is None else request.body,
        "isBase64Encoded": request.is_base64_encoded,
        "requestContext": {
            "serviceNetworkArn": gen.arn("vpc-lattice", f"servicenetwork/sn-{gen.hex(17)}"),
            "serviceArn": gen.arn("vpc-lattice", f"service/svc-{call.service_id}"),
            "targetGroupArn": gen.arn("vpc-lattice", f"targetgroup/tg-{gen.hex(17)}"),
            "identity": {
                "sourceVpcArn": gen.arn("ec2", f"vpc/vpc-{gen.hex(17)}"),
                "type": "AWS_IAM",
                "principal": gen.arn("sts", f"assumed-role/{role}/{session}", region=""),
                "sessionName": session,
            },
            "region": gen.region,
            "timeEpoch": str(received_us),
        },
    }


register(
    EventSource(
        "vpc_lattice",
        "Amazon VPC Lattice request to a Lambda target group (event version V1)",
        vpc_lattice_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("lattice",),
        docs="https://docs.aws.amazon.com/vpc-lattice/latest/ug/lambda-functions.html",
    )
)
register(
    EventSource(
        "vpc_lattice_v2",
        "Amazon VPC Lattice request to a Lambda target group (event version V2)",
        vpc_lattice_v2_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("lattice_v2",),
        docs="https://docs.aws.amazon.com/vpc-lattice/latest/ug/lambda-functions.html",
    )
)
