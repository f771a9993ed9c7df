"""A template's function URLs (``AWS::Lambda::Url``, SAM's ``FunctionUrlConfig``) answered as Lambda answers them.

The request becomes the function URL event (payload 2.0 with ``routeKey``/``stage`` ``$default`` and
the URL's id as ``apiId``/``domainPrefix``) and the function's result the HTTP response, as
https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html describes both: a result without
``statusCode`` is a ``200`` JSON body, ``cookies`` become ``Set-Cookie`` headers. ``AuthType``
``AWS_IAM`` needs a signed request (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html).
``Cors`` headers are added to every response and win over the function's
(https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pytest_lambda.aws._not_simulated import NotSimulated

if TYPE_CHECKING:
    from pytest_lambda.aws.stack import Stack
    from pytest_lambda.runtime import InvokeResult

__all__ = ["FunctionUrl", "answer", "cors_preflight", "forbidden", "url_id", "wire_urls"]

_URL_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


@dataclass(frozen=True)
class FunctionUrl:
    """One function URL: its resource's logical id, its function's, ``AuthType``, ``Cors``, its id."""

    logical_id: str
    function: str
    auth_type: str
    url_id: str
    cors: Mapping[str, Any] = field(default_factory=dict)

    def domain(self, region: str) -> str:
        # https://<url-id>.lambda-url.<region>.on.aws (urls-invocation.html)
        return f"{self.url_id}.lambda-url.{region}.on.aws"


def url_id(account_id: str, stack_name: str, logical_id: str) -> str:
    """A stable 32-character URL id: Lambda derives it from the account among other things (urls-invocation.html)."""
    digest = hashlib.sha256(f"{account_id}/{stack_name}/{logical_id}".encode()).digest()
    return "".join(_URL_ALPHABET[byte % 32] for byte in digest[:32])


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value
    return None


def _allowed_origin(cors: Mapping[str, Any], origin: str | None) -> str | None:
    origins = [str(item) for item in cors.get("AllowOrigins") or []]
    if "*" in origins:
        return "*"
    return origin if origin is not None and origin in origins else None


def cors_headers(cors: Mapping[str, Any], request_headers: Mapping[str, str] | None) -> dict[str, str]:
    """The CORS headers a response through the URL gets (urls-configuration.html#urls-cors)."""
    if not cors:
        return {}
    origin = _allowed_origin(cors, _header(request_headers, "origin"))
    if origin is None:
        return {}
    headers = {"access-control-allow-origin": origin}
    if cors.get("ExposeHeaders"):
        headers["access-control-expose-headers"] = ",".join(cors["ExposeHeaders"])
    if cors.get("AllowCredentials"):
        headers["access-control-allow-credentials"] = "true"
    return headers


def cors_preflight(cors: Mapping[str, Any], request_headers: Mapping[str, str] | None) -> dict[str, Any] | None:
    """The URL's own answer to a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method), or None.

    AWS documents which headers come from which ``Cors`` property, not the preflight's status: 200 here.
    """
    if not cors or _header(request_headers, "access-control-request-method") is None:
        return None
    headers = cors_headers(cors, request_headers)
    if headers:
        for name, key in (
            ("AllowMethods", "access-control-allow-methods"),
            ("AllowHeaders", "access-control-allow-headers"),
        ):
            if cors.get(name):
                headers[key] = ",".join(cors[name])
        if "MaxAge" in cors:
            headers["access-control-max-age"] = str(cors["MaxAge"])
    return {"statusCode": 200, "headers": headers, "body": ""}


def forbidden() -> dict[str, Any]:
    """An AWS_IAM URL's answer to an unsigned request: 403 (urls-auth.html); AWS does not document the body."""
    return {
        "statusCode": 403,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"Message": "Forbidden"}),
    }


def answer(result: InvokeResult, cors: dict[str, str]) -> dict[str, Any]:
    """The HTTP response the client gets for the function's ``result`` (urls-invocation.html#urls-response-payload)."""
    payload = result.payload
    status = payload.get("statusCode") if isinstance(payload, dict) else None
    if result.function_error is not None or isinstance(status, bool) or not isinstance(status, int | None):
        # A function error or an unusable statusCode: not in the guide; the 502 callers report
        # (awslabs/aws-lambda-cpp#200, awsdocs/aws-lambda-developer-guide#430).
        return {"statusCode": 502, "headers": {"content-type": "text/plain", **cors}, "body": "Internal Server Error"}
    if not (isinstance(payload, dict) and "statusCode" in payload):
        # Valid JSON without statusCode: 200, application/json, the result as the body.
        return {"statusCode": 200, "headers": {"content-type": "application/json", **cors}, "body": json.dumps(payload)}
    headers = {str(key).lower(): str(value) for key, value in (payload.get("headers") or {}).items()}
    headers.update(cors)  # the URL's CORS headers take precedence (urls-configuration.html#urls-cors)
    body: str | bytes = payload.get("body") or ""
    if payload.get("isBase64Encoded") and isinstance(body, str):
        body = base64.b64decode(body)
    response: dict[str, Any] = {"statusCode": status, "headers": headers, "body": body}
    if payload.get("cookies"):
        response["cookies"] = list(payload["cookies"])  # each sent as a Set-Cookie header
    return response


def wire_urls(stack: Stack) -> dict[str, FunctionUrl]:
    """The template's function URLs to its functions, by the function's logical id; the rest in ``not_simulated``."""
    urls: dict[str, FunctionUrl] = {}
    for logical, resource in stack.template["Resources"].items():
        if resource.get("Type") != "AWS::Lambda::Url" or not stack._created(logical, resource):
            continue
        raw = resource.get("Properties") or {}
        properties = stack._resolver.resolve(raw, f"{logical}.Properties")
        function = stack._function_named(raw.get("TargetFunctionArn"), properties.get("TargetFunctionArn"))
        if function is None:
            reason = "its function is not a function of the template"
            stack.not_simulated.append(NotSimulated(logical, "AWS::Lambda::Url", reason))
            continue
        if properties.get("InvokeMode", "BUFFERED") != "BUFFERED":
            # configuration-response-streaming.html: streaming is for Node.js runtimes and custom runtimes.
            reason = "a Python function cannot stream its response: answered as BUFFERED"
            stack.not_simulated.append(NotSimulated(logical, "InvokeMode", reason))
        if "Qualifier" in properties:
            reason = "no versions or aliases: the URL invokes the function as the template builds it"
            stack.not_simulated.append(NotSimulated(logical, "Qualifier", reason))
        auth = str(properties.get("AuthType", "AWS_IAM"))
        urls[function] = FunctionUrl(
            logical, function, auth, url_id(stack.account_id, stack.name, logical), properties.get("Cors") or {}
        )
    return urls


def caller_identity(stack: Stack, caller: Mapping[str, Any] | None) -> dict[str, Any]:
    """The signer of a request: moto's caller identity (sts get-caller-identity) unless ``caller`` says otherwise.

    Its fields are those of ``requestContext.authorizer.iam`` (urls-invocation.html#urls-request-payload).
    """
    from pytest_lambda.aws.delivery import _client

    found = _client("sts", stack.region, stack.account_id).get_caller_identity()
    identity: dict[str, Any] = {
        "accessKey": os.environ.get("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),
        "accountId": found["Account"],
        "callerId": found["UserId"],
        "cognitoIdentity": None,
        "principalOrgId": None,
        "userArn": found["Arn"],
        "userId": found["UserId"],
    }
    identity.update(caller or {})
    return identity


def request(
    stack: Stack,
    url: FunctionUrl,
    method: str,
    path: str,
    shorthands: dict[str, Any],
    *,
    signed: bool,
    caller: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """``method`` ``path`` sent to ``url``: the response the client gets."""
    from pytest_lambda.events import make_event

    headers = shorthands.get("headers")
    if method == "OPTIONS":
        preflight = cors_preflight(url.cors, headers)
        if preflight is not None:
            return preflight  # answered by the URL: the function is not invoked
    if url.auth_type == "AWS_IAM" and not signed:
        return forbidden()
    domain = url.domain(stack.region)
    context: dict[str, Any] = {"apiId": url.url_id, "domainName": domain, "domainPrefix": url.url_id}
    if url.auth_type == "AWS_IAM":
        context["authorizer"] = {"iam": caller_identity(stack, caller)}
    stack._requests += 1
    event = make_event(
        "function_url",
        seed=stack._requests,
        region=stack.region,
        account_id=stack.account_id,
        method=method,
        path=path,
        auth_type=url.auth_type,
        requestContext=context,
        **shorthands,
    )
    event["headers"]["host"] = domain
    result = stack.function(url.function).invoke(event)
    return answer(result, cors_headers(url.cors, headers))
