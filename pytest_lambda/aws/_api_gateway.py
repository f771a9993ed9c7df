"""Requests through a template's API Gateway APIs: ``stack.http()``.

The routes are the proxy routes of each REST and HTTP API (its OpenAPI ``Body``, as SAM writes it,
or its method and route resources, as CDK writes them: ``_api_methods``), matched as API Gateway
matches them (``_api_routes``); a route's authorizer runs first (``_authorizers``), then its
function gets the REST (1.0) or HTTP API (2.0) proxy event, and the answer is what the client
would get.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pytest_lambda.aws._api_methods import method_routes, v2_routes
from pytest_lambda.aws._api_routes import (
    DEFAULT_ROUTE,
    ApiKind,
    Route,
    integration_failed,
    match,
    no_route,
    place,
    routes_of,
)
from pytest_lambda.aws._authorizers import api_id
from pytest_lambda.aws.intrinsics import template_error

if TYPE_CHECKING:
    from pytest_lambda.aws.stack import Stack

__all__ = ["http", "wire_routes"]


def wire_routes(stack: Stack) -> list[Route]:
    """The proxy routes of the template's REST and HTTP APIs (their OpenAPI ``Body``) to its functions."""
    routes: list[Route] = []
    kinds: dict[str, ApiKind] = {"AWS::ApiGateway::RestApi": "REST", "AWS::ApiGatewayV2::Api": "HTTP"}
    for logical, resource in stack.template["Resources"].items():
        kind = kinds.get(resource.get("Type", ""))
        if kind is not None and stack._created(logical, resource):
            found = routes_of(logical, kind, (resource.get("Properties") or {}).get("Body"))
            routes += [route for route in found if route.function in _functions_of_template(stack)]
    return routes + method_routes(stack) + v2_routes(stack)


def _functions_of_template(stack: Stack) -> set[str]:
    resources = stack.template["Resources"]
    return {name for name, item in resources.items() if item.get("Type") == "AWS::Lambda::Function"}


def _stage(stack: Stack, route: Route) -> str:
    if route.kind == "HTTP":
        return "$default"
    # The API's Stage, else the stage its Deployment creates.
    for kind in ("AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment"):
        for resource in stack.template["Resources"].values():
            properties = resource.get("Properties") or {}
            mine = resource.get("Type") == kind and properties.get("RestApiId") == {"Ref": route.api}
            if mine and "StageName" in properties:
                return str(properties["StageName"])
    return "Prod"


def http(
    stack: Stack,
    method: str,
    path: str,
    *,
    body: Any = None,
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, str] | None = None,
    api: str | None = None,
    claims: Mapping[str, Any] | None = None,
    signed: bool = True,
    caller: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """``method`` ``path`` through the template's API (``api``: its logical id, if several): the response.

    ``Stack.http`` (``stack`` is its ``self``). The matching route's function gets the REST (1.0)
    or HTTP API (2.0) proxy event of the request; an unmatched route or a function error answers as
    API Gateway does. The route's authorizer runs first: ``claims`` stand for a valid JWT or
    Cognito token, ``signed=False`` makes the request unsigned for IAM authorization and ``caller``
    names its signer.
    """
    routes = [route for route in stack._routes if api is None or route.api == api]
    if not routes:
        apis = sorted({route.api for route in stack._routes})
        raise template_error(
            f"stack.http(): no API routes to the template's functions{f' in {api!r}' if api else ''}; APIs: {apis}"
        )
    found = match(routes, method.upper(), path)
    if found is None:
        return no_route(routes[0].kind)
    route, parameters = found
    from pytest_lambda.events import make_event

    default = route.path == DEFAULT_ROUTE
    shorthands: dict[str, Any] = {"method": method.upper(), "path": path if default else route.path}
    shorthands["stage"] = _stage(stack, route)
    shorthands.update(
        {key: value for key, value in (("body", body), ("headers", headers), ("query", query)) if value is not None}
    )
    if parameters:
        shorthands["path_parameters"] = parameters
    source = "apigateway_rest" if route.kind == "REST" else "apigateway_http"
    if route.kind == "HTTP" and route.method == "ANY":
        # The route key names the route as declared: "ANY /path".
        key = DEFAULT_ROUTE if default else f"ANY {route.path}"
        shorthands.update({"routeKey": key, "requestContext": {"routeKey": key}})
    stack._requests += 1
    event = make_event(source, seed=stack._requests, region=stack.region, account_id=stack.account_id, **shorthands)
    place(event, api_id(stack.account_id, stack.name, route.api))
    assert stack._gate is not None  # made with the stack
    denied = stack._gate.check(route, event, claims=claims, signed=signed, caller=caller)
    if denied is not None:
        return denied
    result = stack.function(route.function).invoke(event)
    payload = result.payload
    if result.function_error is not None:
        return integration_failed(route.kind)
    if isinstance(payload, dict) and "statusCode" in payload:
        return payload
    if route.kind == "HTTP":
        # Payload 2.0 without a statusCode: API Gateway infers 200 and sends the result as JSON.
        return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(payload)}
    # A REST proxy integration needs statusCode ("Malformed Lambda proxy response").
    return integration_failed(route.kind)
