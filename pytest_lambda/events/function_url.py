"""Lambda function URL events: an HTTPS request to the function's own endpoint (payload format 2.0).

https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads (request payload)
https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html (AuthType NONE / AWS_IAM)
"""

from __future__ import annotations

import string
from typing import Any, Literal, TypedDict, cast

from pytest_lambda.errors import with_docs
from pytest_lambda.events._common import EventOverrideError, Gen, trace_header
from pytest_lambda.events._registry import EventSource, register
from pytest_lambda.events.apigateway import (
    HTTP_SHORTHANDS,
    APIGatewayRequestContextV2,
    Pairs,
    comma_joined,
    http_request,
    request_context_v2,
)

__all__ = [
    "FunctionUrlAuthorizer",
    "FunctionUrlEvent",
    "FunctionUrlIamAuthorizer",
    "FunctionUrlRequestContext",
    "function_url_event",
]


class FunctionUrlIamAuthorizer(TypedDict):
    accessKey: str
    accountId: str
    callerId: str
    cognitoIdentity: None
    principalOrgId: str | None
    userArn: str
    userId: str


class FunctionUrlAuthorizer(TypedDict):
    iam: FunctionUrlIamAuthorizer


class FunctionUrlRequestContext(APIGatewayRequestContextV2, total=False):
    # routeKey and stage are always "$default".
    authorizer: FunctionUrlAuthorizer  # AuthType AWS_IAM only


class _FunctionUrlEvent(TypedDict):
    version: Literal["2.0"]
    routeKey: Literal["$default"]
    rawPath: str
    rawQueryString: str
    headers: dict[str, str]
    requestContext: FunctionUrlRequestContext
    isBase64Encoded: bool


class FunctionUrlEvent(_FunctionUrlEvent, total=False):
    cookies: list[str]
    queryStringParameters: dict[str, str]
    body: str


AUTH_TYPES = ("NONE", "AWS_IAM")
SHORTHANDS = (*HTTP_SHORTHANDS, "auth_type")
_URL_ID = string.ascii_lowercase + string.digits


def function_url_event(gen: Gen, shorthands: dict[str, Any]) -> FunctionUrlEvent:
    """A function URL request: API Gateway's payload 2.0 with routeKey and stage fixed to ``$default``.

    With ``auth_type="NONE"`` (the default) the caller is anonymous; with ``"AWS_IAM"`` the context
    names the signing IAM user in ``authorizer.iam``.
    """
    auth_type = shorthands.get("auth_type", "NONE")
    if auth_type not in AUTH_TYPES:
        raise EventOverrideError(
            with_docs(f"auth_type must be one of {', '.join(AUTH_TYPES)}, got {auth_type!r}", "event-overrides")
        )
    request = http_request(gen, shorthands)
    url_id = gen.alnum(32, _URL_ID)  # https://<url-id>.lambda-url.<region>.on.aws
    domain = f"{url_id}.lambda-url.{gen.region}.on.aws"
    received = gen.ms_ago(50)
    ip, agent = gen.pick("ipv4"), gen.pick("user_agent")
    defaults: Pairs = [
        ("accept", gen.random.choice(("*/*", "application/json", "text/html,application/xhtml+xml"))),
        ("accept-encoding", "gzip, deflate, br"),
        ("host", domain),
        ("user-agent", agent),
        ("x-amzn-tls-cipher-suite", "ECDHE-RSA-AES128-GCM-SHA256"),
        ("x-amzn-tls-version", "TLSv1.2"),
        ("x-amzn-trace-id", trace_header(gen, received)),
        ("x-forwarded-for", ip),
        ("x-forwarded-port", "443"),
        ("x-forwarded-proto", "https"),
    ]
    # As in payload 2.0: lower-case names, repeats joined with commas, cookies in their own field.
    headers = request.header_pairs(defaults, lower=True, cookie_header=False)
    context = cast(
        FunctionUrlRequestContext,
        request_context_v2(
            request,
            headers,
            account_id="anonymous" if auth_type == "NONE" else gen.account_id,
            api_id=url_id,
            domain=domain,
            path=request.path,
            ip=ip,
            request_id=gen.uuid(),  # the invocation's request id
            route_key="$default",
            stage="$default",
            received=received,
        ),
    )
    if auth_type == "AWS_IAM":
        user_id = "AIDA" + gen.alnum(17)
        context["authorizer"] = {
            "iam": {
                "accessKey": "AKIA" + gen.alnum(16),
                "accountId": gen.account_id,
                "callerId": user_id,
                "cognitoIdentity": None,
                "principalOrgId": None,
                "userArn": gen.arn("iam", f"user/{gen.pick('first_name').lower()}", region=""),
                "userId": user_id,
            }
        }
    event: FunctionUrlEvent = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": request.path,
        "rawQueryString": request.raw_query,
        "headers": comma_joined(headers),
        "requestContext": context,
        "isBase64Encoded": request.is_base64_encoded,
    }
    if request.cookies:
        event["cookies"] = list(request.cookies)
    if request.query:
        event["queryStringParameters"] = comma_joined(request.query)
    if request.body is not None:
        event["body"] = request.body
    return event


register(
    EventSource(
        "function_url",
        "Lambda function URL request (payload format 2.0)",
        function_url_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("lambda_url",),
        docs="https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html",
        variants={
            "auth_type": "NONE (default: anonymous caller) | AWS_IAM (the signer in requestContext.authorizer.iam)"
        },
    )
)
