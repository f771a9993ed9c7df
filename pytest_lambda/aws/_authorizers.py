"""API Gateway authorizers of a template's APIs, run before the route's function as API Gateway runs them.

They come from the API's OpenAPI ``Body`` (what SAM's ``Auth`` becomes): ``securityDefinitions``
(REST, swagger 2.0) or ``components.securitySchemes`` (HTTP API, OpenAPI 3) with their
``x-amazon-apigateway-authorizer``, and each operation's ``security`` (``NONE``: no authorizer).

- Lambda authorizers: the function gets the TOKEN or REQUEST input
  (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html;
  HTTP API payload 1.0/2.0: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html),
  through ``stack.function(...)`` like any invoke. A missing identity source (or a token that fails
  ``identityValidationExpression``) is a 401 without invoking it. Its IAM policy is evaluated against the
  method ARN (an explicit Deny wins, ``*``/``?`` wildcards) or its simple response read; ``context``
  reaches the route's event (REST: stringified, api-gateway-lambda-authorizer-output.html). Results are
  cached by identity source values for ``authorizerResultTtlInSeconds`` on the stack's clock.
- JWT (HTTP API) and Cognito user pool (REST) authorizers cannot check a signature offline: the
  test's ``claims=`` stand for a valid token, no claims is a 401, and route scopes are checked
  against the ``scope``/``scp`` claim (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html).
- IAM (``AWS_IAM``): ``signed=False`` is an unsigned request; a signed one names the signer.

Answers: REST 401 ``{"message": "Unauthorized"}``, 403 ``User is not authorized to access this resource``
(``... with an explicit deny``), 500 ``{"message": null}`` for an authorizer that fails or answers
what API Gateway cannot use (https://repost.aws/knowledge-center/api-gateway-403-error-lambda-authorizer,
https://loige.co/debugging-custom-apigateway-authorizers); HTTP API 401 ``Unauthorized``, 403
``Forbidden``, 500 ``Internal Server Error``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pytest_lambda.aws._api_methods import method_authorizers, v2_authorizers
from pytest_lambda.aws._api_routes import ApiKind, Route
from pytest_lambda.aws._not_simulated import NotSimulated
from pytest_lambda.aws.intrinsics import template_error

if TYPE_CHECKING:
    from pytest_lambda.aws.stack import Stack

__all__ = ["Authorizer", "Gate", "api_id"]

Kind = Literal["TOKEN", "REQUEST", "JWT", "COGNITO", "IAM"]
_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_FUNCTION_ARN = re.compile(r"functions/(arn:[^/]+:lambda:[^/]+:function:[^/]+)/invocations")
# Identity sources: REST method.request.header.X (api-gateway-lambda-authorizer-input.html), HTTP $request.header.X.
_SOURCE = re.compile(r"\$?(?:method\.)?request\.(header|querystring)\.(.+)|\$?(stageVariables|context)\.(.+)")
_EXPLICIT_DENY = "User is not authorized to access this resource with an explicit deny"
_IMPLICIT_DENY = "User is not authorized to access this resource"


def api_id(account_id: str, stack_name: str, logical_id: str) -> str:
    """A stable 10-character API id (the first label of ``<api-id>.execute-api.<region>.amazonaws.com``)."""
    digest = hashlib.sha256(f"{account_id}/{stack_name}/{logical_id}".encode()).digest()
    return "".join(_ID_ALPHABET[byte % 36] for byte in digest[:10])


@dataclass(frozen=True)
class Authorizer:
    """One authorizer of an API: its kind, function (Lambda), identity sources, cache TTL and formats."""

    name: str
    kind: Kind
    function: str | None = None
    identity: tuple[str, ...] = ()
    ttl: int = 0
    validation: str | None = None
    version: str = "1.0"  # HTTP API Lambda authorizers: the payload format version
    simple: bool = False
    issuer: str | None = None
    audience: tuple[str, ...] = ()


def _answer(status: int, message: str | None) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"message": message}),
    }


def unauthorized() -> dict[str, Any]:
    return _answer(401, "Unauthorized")


def forbidden(kind: ApiKind, explicit: bool) -> dict[str, Any]:
    if kind == "HTTP":
        return _answer(403, "Forbidden")
    return _answer(403, _EXPLICIT_DENY if explicit else _IMPLICIT_DENY)


def failed(kind: ApiKind) -> dict[str, Any]:
    return _answer(500, None) if kind == "REST" else _answer(500, "Internal Server Error")


def _sources(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else str(value or "").split(",")
    return tuple(item.strip() for item in items if str(item).strip())


def _schemes(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        return {}
    found = body.get("securityDefinitions") or (body.get("components") or {}).get("securitySchemes") or {}
    return dict(found)


def _authorizer(stack: Stack, api: str, kind: ApiKind, name: str, scheme: Mapping[str, Any]) -> Authorizer | str:
    """The authorizer ``scheme`` describes, or why it is not simulated."""
    if scheme.get("x-amazon-apigateway-authtype") == "awsSigv4":
        return Authorizer(name, "IAM")
    spec = scheme.get("x-amazon-apigateway-authorizer")
    if not isinstance(spec, dict):
        return "not an API Gateway authorizer (API keys and other schemes are not simulated)"
    header = f"method.request.header.{scheme.get('name', 'Authorization')}"
    kind_name = str(spec.get("type", "")).lower()
    if kind_name == "jwt":
        jwt = spec.get("jwtConfiguration") or {}
        identity = _sources(spec.get("identitySource") or "$request.header.Authorization")
        audience = tuple(str(item) for item in jwt.get("audience") or [])
        return Authorizer(name, "JWT", identity=identity, issuer=jwt.get("issuer"), audience=audience)
    if kind_name == "cognito_user_pools":
        return Authorizer(name, "COGNITO", identity=_sources(spec.get("identitySource") or header))
    if kind_name not in ("token", "request"):
        return f"authorizer type {spec.get('type')!r} is not simulated"
    uri = stack.resolve(spec.get("authorizerUri"))
    found = _FUNCTION_ARN.search(uri) if isinstance(uri, str) else None
    function = None if found is None else stack._function_named(None, found.group(1))
    if function is None:
        return "its Lambda function is not a function of the template: requests to its routes raise an error"
    # The cache TTL when none is given: 300 s for REST APIs (apigateway CreateAuthorizer), none for HTTP APIs.
    ttl = int(spec.get("authorizerResultTtlInSeconds", 300 if kind == "REST" else 0))
    return Authorizer(
        name,
        "TOKEN" if kind_name == "token" else "REQUEST",
        function=function,
        identity=_sources(spec.get("identitySource") or (header if kind_name == "token" else "")),
        ttl=ttl,
        validation=spec.get("identityValidationExpression"),
        version=str(spec.get("authorizerPayloadFormatVersion", "1.0")),
        simple=bool(spec.get("enableSimpleResponses", False)),
    )


def _source_value(event: Mapping[str, Any], source: str) -> str | None:
    found = _SOURCE.fullmatch(source)
    if found is None:
        return None
    where, name = (found.group(1), found.group(2)) if found.group(1) else (found.group(3), found.group(4))
    if where == "header":
        # Header names are case-insensitive (http-api-lambda-authorizer.html#identity-sources).
        value = next((v for k, v in (event.get("headers") or {}).items() if k.lower() == name.lower()), None)
    elif where == "querystring":
        value = (event.get("queryStringParameters") or {}).get(name)
    elif where == "stageVariables":
        value = (event.get("stageVariables") or {}).get(name)
    else:
        value = event["requestContext"].get(name)
    return None if value in (None, "") else str(value)


def _matches(pattern: str, value: str, *, case: bool = True) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, 0 if case else re.IGNORECASE) is not None


def _as_list(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def evaluate(policy: Any, method_arn: str) -> bool | None:
    """``True`` if ``policy`` allows invoking ``method_arn``, ``False`` for an explicit deny, ``None`` otherwise.

    Raises ``ValueError`` for a policy API Gateway cannot read.
    """
    statements = policy.get("Statement") if isinstance(policy, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not all(isinstance(item, dict) for item in statements):
        raise ValueError("policyDocument has no Statement list")
    allowed = False
    for statement in statements:
        actions = _as_list(statement.get("Action", []))
        resources = _as_list(statement.get("Resource", []))
        applies = any(_matches(a, "execute-api:Invoke", case=False) for a in actions) and any(
            _matches(r, method_arn) for r in resources
        )
        if applies and statement.get("Effect") == "Deny":
            return False  # an explicit deny wins over any allow (IAM policy evaluation logic)
        allowed = allowed or (applies and statement.get("Effect") == "Allow")
    return True if allowed else None


def _rest_context(output: Mapping[str, Any], latency: int) -> dict[str, Any]:
    context = output.get("context") or {}
    if not isinstance(context, dict) or any(isinstance(v, dict | list) for v in context.values()):
        raise ValueError("a context value cannot be a JSON object or array")
    # "The returned values are all stringified" (api-gateway-lambda-authorizer-output.html).
    values = {key: json.dumps(value) if not isinstance(value, str) else value for key, value in context.items()}
    return {**values, "principalId": str(output["principalId"]), "integrationLatency": latency}


class Gate:
    """Every API's authorizers and their cache; ``check`` runs a route's authorizer on the route's event."""

    def __init__(self, stack: Stack) -> None:
        self._stack = stack
        self._authorizers: dict[tuple[str, str], Authorizer] = {}
        self._cache: dict[tuple[str, str, tuple[str, ...]], tuple[int, Any]] = {}
        kinds: dict[str, ApiKind] = {"AWS::ApiGateway::RestApi": "REST", "AWS::ApiGatewayV2::Api": "HTTP"}
        for logical, resource in stack.template["Resources"].items():
            kind = kinds.get(resource.get("Type", ""))
            if kind is None or not stack._created(logical, resource):
                continue
            for name, scheme in _schemes((resource.get("Properties") or {}).get("Body")).items():
                self._add(logical, kind, name, scheme if isinstance(scheme, dict) else {})
        for (api, name), scheme in method_authorizers(stack).items():
            self._add(api, "REST", name, scheme)
        for (api, name), scheme in v2_authorizers(stack).items():
            self._add(api, "HTTP", name, scheme)

    def _add(self, api: str, kind: ApiKind, name: str, scheme: Mapping[str, Any]) -> None:
        found = _authorizer(self._stack, api, kind, name, scheme)
        if isinstance(found, str):
            self._stack.not_simulated.append(NotSimulated(api, f"authorizer {name}", found))
        else:
            self._authorizers[(api, name)] = found

    def check(
        self, route: Route, event: dict[str, Any], *, claims: Mapping[str, Any] | None, signed: bool, caller: Any
    ) -> dict[str, Any] | None:
        """``None`` if the route's authorizer lets ``event`` through (filling in its context), else the answer."""
        if route.security is None:
            return None
        name, scopes = route.security
        authorizer = self._authorizers.get((route.api, name))
        if authorizer is None and name == "AWS_IAM":
            authorizer = Authorizer(name, "IAM")  # a method's AuthorizationType AWS_IAM
        if authorizer is None:
            raise template_error(
                f"stack.http(): {route.method} {route.path} of {route.api} is guarded by {name!r}, an authorizer "
                "that is not simulated (see stack.not_simulated)"
            )
        if authorizer.kind == "IAM":
            return self._iam(route, event, signed=signed, caller=caller)
        if authorizer.kind in ("JWT", "COGNITO"):
            return self._claims(route, authorizer, scopes, event, claims)
        return self._lambda(route, authorizer, event)

    def _iam(self, route: Route, event: dict[str, Any], *, signed: bool, caller: Any) -> dict[str, Any] | None:
        from pytest_lambda.aws._function_urls import caller_identity

        if not signed:
            # An unsigned request to an IAM-authorized REST method gets the missing-token answer.
            return _answer(403, "Missing Authentication Token") if route.kind == "REST" else forbidden("HTTP", False)
        iam = caller_identity(self._stack, caller)
        if route.kind == "HTTP":
            event["requestContext"]["authorizer"] = {"iam": iam}
        else:
            event["requestContext"]["identity"].update(
                accessKey=iam["accessKey"],
                accountId=iam["accountId"],
                caller=iam["callerId"],
                user=iam["userId"],
                userArn=iam["userArn"],
            )
        return None

    def _claims(
        self,
        route: Route,
        authorizer: Authorizer,
        scopes: tuple[str, ...],
        event: dict[str, Any],
        claims: Mapping[str, Any] | None,
    ) -> dict[str, Any] | None:
        # No token can be verified offline: claims= stands for a valid one, none for a missing or bad one.
        if claims is None or not self._valid(authorizer, claims):
            return unauthorized()
        granted = _scopes(claims)
        if scopes and not set(scopes) & set(granted):
            # The guide says the request is denied, not with which status (http-api-jwt-authorizer.html).
            return forbidden(route.kind, False) if route.kind == "HTTP" else unauthorized()
        if route.kind == "HTTP":
            event["requestContext"]["authorizer"] = {"jwt": {"claims": dict(claims), "scopes": granted or None}}
        else:
            event["requestContext"]["authorizer"] = {"claims": dict(claims)}
        return None

    def _valid(self, authorizer: Authorizer, claims: Mapping[str, Any]) -> bool:
        """The claims a JWT authorizer checks, if the test gave them (http-api-jwt-authorizer.html).

        ``iss`` the issuer, ``aud`` or ``client_id`` one of the audiences, ``exp`` and ``nbf`` the stack's clock.
        """
        now = self._stack.clock.now_ms() / 1000
        if authorizer.issuer is not None and "iss" in claims and claims["iss"] != authorizer.issuer:
            return False
        audiences = [*_as_list(claims.get("aud", [])), *_as_list(claims.get("client_id", []))]
        if authorizer.audience and audiences and not set(audiences) & set(authorizer.audience):
            return False
        return not (
            ("exp" in claims and float(claims["exp"]) <= now) or ("nbf" in claims and float(claims["nbf"]) > now)
        )

    def _lambda(self, route: Route, authorizer: Authorizer, event: dict[str, Any]) -> dict[str, Any] | None:
        values = [_source_value(event, source) for source in authorizer.identity]
        if any(value is None for value in values):
            return unauthorized()  # not invoked (http-api-lambda-authorizer.html#identity-sources)
        identity = tuple(str(value) for value in values)
        if (
            authorizer.kind == "TOKEN"
            and authorizer.validation
            and not re.fullmatch(authorizer.validation, identity[0])
        ):
            return unauthorized()
        context = event["requestContext"]
        method = context["http"]["method"] if route.kind == "HTTP" else event["httpMethod"]
        path = event["rawPath"] if route.kind == "HTTP" else event["path"]
        arn = (
            f"arn:aws:execute-api:{self._stack.region}:{self._stack.account_id}:{context['apiId']}/"
            f"{context['stage']}/{method}/{path.lstrip('/')}"
        )
        key = (route.api, authorizer.name, identity)
        now = self._stack.clock.now_ms()
        cached = self._cache.get(key)
        if identity and cached is not None and cached[0] > now:
            output, latency = cached[1], 0
        else:
            result = self._stack.function(str(authorizer.function)).invoke(
                _input(route.kind, authorizer, event, arn, identity)
            )
            if result.function_error is not None:
                # raise Exception("Unauthorized") is the documented way to answer 401.
                message = (result.error or {}).get("errorMessage")
                return unauthorized() if message == "Unauthorized" else failed(route.kind)
            output, latency = result.payload, round(result.attempts[-1].report.duration_ms)
            if authorizer.ttl > 0 and identity:
                self._cache[key] = (now + authorizer.ttl * 1000, output)
        try:
            return self._decide(route, authorizer, event, output, arn, latency)
        except (ValueError, KeyError, TypeError):
            return failed(route.kind)

    def _decide(
        self, route: Route, authorizer: Authorizer, event: dict[str, Any], output: Any, arn: str, latency: int
    ) -> dict[str, Any] | None:
        if not isinstance(output, dict):
            raise ValueError("the authorizer's output is not an object")
        if route.kind == "HTTP" and authorizer.version == "2.0" and authorizer.simple:
            if not isinstance(output.get("isAuthorized"), bool):
                raise ValueError("isAuthorized is not a boolean")
            allowed: bool | None = output["isAuthorized"] or None
        else:
            allowed = evaluate(output["policyDocument"], arn)
        if allowed is not True:
            return forbidden(route.kind, allowed is False)
        if route.kind == "REST":
            event["requestContext"]["authorizer"] = _rest_context(output, latency)
        else:
            event["requestContext"]["authorizer"] = {"lambda": dict(output.get("context") or {})}
        return None


def _scopes(claims: Mapping[str, Any]) -> list[str]:
    # The scope claim (RFC 6749 section 3.3, space-separated) or scp.
    if "scope" in claims:
        return str(claims["scope"]).split()
    scp = claims.get("scp", [])
    return str(scp).split() if isinstance(scp, str) else [str(item) for item in scp]


def _input(kind: ApiKind, authorizer: Authorizer, event: Mapping[str, Any], arn: str, identity: tuple[str, ...]) -> Any:
    """The authorizer function's event for the route's ``event``."""
    if kind == "REST" and authorizer.kind == "TOKEN":
        return {"type": "TOKEN", "authorizationToken": identity[0], "methodArn": arn}
    if kind == "REST":
        maps = ("headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters",
                "pathParameters", "stageVariables")  # fmt: skip
        # The authorizer's input holds empty maps where the proxy event has nulls, and no body.
        return {
            "type": "REQUEST",
            "methodArn": arn,
            **{name: event[name] for name in ("resource", "path", "httpMethod")},
            **{name: event.get(name) or {} for name in maps},
            "requestContext": event["requestContext"],
        }
    if authorizer.version == "2.0":
        skipped = ("version", "body", "isBase64Encoded")
        request = {key: value for key, value in event.items() if key not in skipped}
        return {"version": "2.0", "type": "REQUEST", "routeArn": arn, "identitySource": list(identity), **request}
    # Payload 1.0 of an HTTP API authorizer (http-api-lambda-authorizer.html), from the 2.0 route event.
    context = event["requestContext"]
    resource = event["routeKey"].split(" ", 1)[-1]
    return {
        "version": "1.0",
        "type": "REQUEST",
        "methodArn": arn,
        "identitySource": ",".join(identity),
        "authorizationToken": ",".join(identity),
        "resource": resource,
        "path": event["rawPath"],
        "httpMethod": context["http"]["method"],
        "headers": dict(event.get("headers") or {}),
        "queryStringParameters": dict(event.get("queryStringParameters") or {}),
        "pathParameters": dict(event.get("pathParameters") or {}),
        "stageVariables": dict(event.get("stageVariables") or {}),
        "requestContext": {
            "path": event["rawPath"],
            "accountId": context["accountId"],
            "stage": context["stage"],
            "requestId": context["requestId"],
            "identity": {"sourceIp": context["http"]["sourceIp"]},
            "resourcePath": resource,
            "httpMethod": context["http"]["method"],
            "apiId": context["apiId"],
        },
    }
