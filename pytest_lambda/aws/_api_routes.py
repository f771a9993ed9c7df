"""A template's API Gateway routes to its functions: matched as API Gateway matches them, answered as it answers.

Routes come from the OpenAPI ``Body`` of an ``AWS::ApiGateway::RestApi`` (REST, payload 1.0) or an
``AWS::ApiGatewayV2::Api`` (HTTP API, payload 2.0), as SAM's ``Api`` and ``HttpApi`` events write
them: each path's method (or ``x-amazon-apigateway-any-method``)
with an ``aws_proxy`` integration whose ``uri`` names the function. A path's ``{name}`` matches one
segment and ``{name+}`` the rest; a literal segment wins over a parameter
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html). With no
route, a REST API answers 403 ``Missing Authentication Token`` and an HTTP API 404 ``Not Found``; a
function error is a 502 ``Internal server error`` from a REST API
(https://docs.aws.amazon.com/apigateway/latest/developerguide/handle-errors-in-lambda-integration.html)
and a 500 ``Internal Server Error`` from an HTTP API
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Route", "match", "no_route", "place", "routes_of"]

ApiKind = Literal["REST", "HTTP"]
# An HTTP API's catch-all route: the request no other route takes (http-api-develop-routes.html).
DEFAULT_ROUTE = "$default"
_ANY = "x-amazon-apigateway-any-method"
_FUNCTION_IN_URI = re.compile(r"\$\{([A-Za-z0-9]+)\.Arn\}")
_PARAMETER = re.compile(r"\{([^}+]+)(\+?)\}")


@dataclass(frozen=True)
class Route:
    """One route: its API's logical id and kind, the method (``ANY``), the path template, the function."""

    api: str
    kind: ApiKind
    method: str
    path: str
    function: str
    # The authorizer guarding it and the scopes it needs (the operation's OpenAPI security), if any.
    security: tuple[str, tuple[str, ...]] | None = None

    def parameters(self, path: str) -> dict[str, str] | None:
        """The path parameters if ``path`` matches this route's template, else ``None``."""
        if self.path == DEFAULT_ROUTE:
            return {}
        names: list[str] = []
        regex, last = "", 0
        for parameter in _PARAMETER.finditer(self.path):
            names.append(parameter.group(1))
            regex += re.escape(self.path[last : parameter.start()]) + ("(.+)" if parameter.group(2) else "([^/]+)")
            last = parameter.end()
        found = re.fullmatch(regex + re.escape(self.path[last:]), path)
        return None if found is None else dict(zip(names, found.groups(), strict=True))

    def literal_segments(self) -> int:
        if self.path == DEFAULT_ROUTE:
            return -1  # the catch-all: any other route that matches wins
        return sum(1 for segment in self.path.split("/") if segment and "{" not in segment)


def routes_of(api: str, kind: ApiKind, body: Any) -> list[Route]:
    """The proxy routes to template functions in an API's OpenAPI ``body`` (already resolved or not)."""
    routes = []
    paths = body.get("paths") if isinstance(body, dict) else None
    for path, operations in (paths or {}).items():
        for method, operation in (operations or {}).items():
            integration = (operation or {}).get("x-amazon-apigateway-integration") or {}
            uri = integration.get("uri")
            text = uri.get("Fn::Sub") if isinstance(uri, dict) else uri
            found = _FUNCTION_IN_URI.search(text) if isinstance(text, str) else None
            if found is not None:
                verb = "ANY" if method == _ANY else method.upper()
                security = _security((operation or {}).get("security", body.get("security")))
                routes.append(Route(api, kind, verb, path, found.group(1), security))
    return routes


def _security(requirements: Any) -> tuple[str, tuple[str, ...]] | None:
    """The authorizer of an OpenAPI security requirement list (API Gateway takes one; SAM's NONE is none)."""
    for requirement in requirements or []:
        for name, scopes in (requirement or {}).items():
            return None if name == "NONE" else (str(name), tuple(str(scope) for scope in scopes or []))
    return None


def match(routes: list[Route], method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route API Gateway picks for ``method`` ``path``: the most literal one that matches."""
    candidates = [
        (route, parameters)
        for route in routes
        if route.method in (method, "ANY") and (parameters := route.parameters(path)) is not None
    ]
    if not candidates:
        return None
    # More literal segments first; then a route for this method over ANY.
    return max(candidates, key=lambda item: (item[0].literal_segments(), item[0].method != "ANY"))


def place(event: dict[str, Any], api_id: str) -> None:
    """The API's own id in ``event`` (one per API, as in API Gateway), for the factory's random one.

    A cached authorizer policy names the API's method ARNs: the next request must be to the same API.
    """
    context = event["requestContext"]
    domain = context["domainName"].replace(context["apiId"], api_id, 1)
    for name in ("headers", "multiValueHeaders"):
        headers = event.get(name) or {}
        for key, value in headers.items():
            if key.lower() == "host" and value in (context["domainName"], [context["domainName"]]):
                headers[key] = domain if name == "headers" else [domain]
    context.update(apiId=api_id, domainPrefix=api_id, domainName=domain)


def no_route(kind: ApiKind) -> dict[str, Any]:
    status, message = (403, "Missing Authentication Token") if kind == "REST" else (404, "Not Found")
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"message": message}),
    }


def integration_failed(kind: ApiKind) -> dict[str, Any]:
    """The answer to a function error, or a response the API cannot use.

    REST: 502 ``Internal server error`` (handle-errors-in-lambda-integration.html); HTTP API payload
    2.0: 500 ``Internal Server Error`` (http-api-troubleshooting-lambda.html).
    """
    status, message = (502, "Internal server error") if kind == "REST" else (500, "Internal Server Error")
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"message": message}),
    }
