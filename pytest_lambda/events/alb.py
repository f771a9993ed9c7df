"""Application Load Balancer events: a request forwarded to a Lambda target group.

https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html (event
format, multi-value headers, query string encoding).
"""

from __future__ import annotations

from typing import Any, TypedDict

from pytest_lambda.events._common import Gen, flag, trace_header
from pytest_lambda.events._registry import EventSource, register
from pytest_lambda.events.apigateway import (
    HTTP_SHORTHANDS,
    Pairs,
    http_request,
    multi_value,
    single_value,
)

__all__ = ["ALBElb", "ALBEvent", "ALBRequestContext", "alb_event"]


class ALBElb(TypedDict):
    targetGroupArn: str


class ALBRequestContext(TypedDict):
    elb: ALBElb


class _ALBEvent(TypedDict):
    requestContext: ALBRequestContext
    httpMethod: str
    path: str
    body: str
    isBase64Encoded: bool


class ALBEvent(_ALBEvent, total=False):
    # Either the single-value pair or, with the target group's multi-value headers on, the multi-value pair.
    queryStringParameters: dict[str, str]
    headers: dict[str, str]
    multiValueQueryStringParameters: dict[str, list[str]]
    multiValueHeaders: dict[str, list[str]]


SHORTHANDS = (*HTTP_SHORTHANDS, "multi_value_headers")


def alb_event(gen: Gen, shorthands: dict[str, Any]) -> ALBEvent:
    """A request as an ALB forwards it to Lambda.

    The load balancer does not decode the query string: names and values stay percent-encoded as
    sent. Without multi-value headers a repeated header or query parameter keeps its last value; with
    them (``multi_value_headers=True``) every value is kept, in ``multiValue*`` fields only.
    """
    multi = flag(shorthands, "multi_value_headers", False)
    request = http_request(gen, shorthands)
    name = f"{gen.pick('word')}-{gen.pick('word')}"[:32]  # load balancer and target group names: 32 chars
    host = f"{name}-{gen.digits(10)}.{gen.region}.elb.{gen.dns_suffix}"  # the load balancer's DNS name
    ip = gen.pick("ipv4")
    received = gen.ms_ago(50)
    defaults: Pairs = [
        ("accept", gen.random.choice(("*/*", "application/json", "text/html,application/xhtml+xml"))),
        ("accept-encoding", "gzip, deflate, br"),
        ("host", host),
        ("user-agent", gen.pick("user_agent")),
        ("x-amzn-trace-id", trace_header(gen, received)),
        ("x-forwarded-for", ip),
        ("x-forwarded-port", "443"),
        ("x-forwarded-proto", "https"),
    ]
    headers = request.header_pairs(defaults, lower=True)  # the load balancer lower-cases header names
    query = request.raw_query_pairs
    event: ALBEvent = {
        "requestContext": {
            "elb": {"targetGroupArn": gen.arn("elasticloadbalancing", f"targetgroup/{name}/{gen.hex(16)}")}
        },
        "httpMethod": request.method,
        "path": request.path,
        "body": "" if request.body is None else request.body,  # an empty string when there is no body
        "isBase64Encoded": request.is_base64_encoded,
    }
    if multi:
        event["multiValueQueryStringParameters"] = multi_value(query)
        event["multiValueHeaders"] = multi_value(headers)
    else:
        event["queryStringParameters"] = single_value(query)
        event["headers"] = single_value(headers)
    return event


register(
    EventSource(
        "alb",
        "Application Load Balancer request to a Lambda target group",
        alb_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("elb", "application_load_balancer"),
        docs="https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html",
        variants={
            "multi_value_headers": "False (default: headers, queryStringParameters; last value of a repeat) | "
            "True (multiValueHeaders, multiValueQueryStringParameters; every value)"
        },
    )
)
