"""APIs written as CloudFormation resources (what CDK's ``RestApi`` and ``HttpApi`` synthesise), not as a ``Body``.

An ``AWS::ApiGateway::Method`` with an ``AWS_PROXY`` ``Integration`` to a template function is a route:
its path is its ``ResourceId``'s chain of ``AWS::ApiGateway::Resource`` ``PathPart``s up to the API's
``RootResourceId``; its ``AuthorizationType`` (``NONE``, ``AWS_IAM``, ``CUSTOM``,
``COGNITO_USER_POOLS``) with ``AuthorizerId`` and ``AuthorizationScopes`` its authorizer
(aws-resource-apigateway-method.html). An ``AWS::ApiGateway::Authorizer`` (aws-resource-apigateway-authorizer.html)
is read as the ``securityDefinitions`` entry it stands for, so both forms run the same way. The same for
HTTP APIs: ``AWS::ApiGatewayV2::Route``, its ``Integration`` and ``Authorizer``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pytest_lambda.aws._api_routes import DEFAULT_ROUTE, Route
from pytest_lambda.aws._not_simulated import NotSimulated

if TYPE_CHECKING:
    from pytest_lambda.aws.stack import Stack

__all__ = ["method_authorizers", "method_routes", "v2_authorizers", "v2_routes"]


def _ref(value: Any) -> str | None:
    return str(value["Ref"]) if isinstance(value, dict) and set(value) == {"Ref"} else None


def _path(resources: Mapping[str, Any], resource_id: Any) -> str | None:
    """The path of a method's ``ResourceId``: ``/`` for the API's root, else its ``PathPart``s; None if unknown."""
    parts: list[str] = []
    seen: set[str] = set()
    while not (isinstance(resource_id, dict) and "Fn::GetAtt" in resource_id):  # the API's RootResourceId
        logical = _ref(resource_id) or ""
        resource = resources.get(logical) or {}
        if resource.get("Type") != "AWS::ApiGateway::Resource" or logical in seen:
            return None
        seen.add(logical)
        properties = resource.get("Properties") or {}
        parts.append(str(properties.get("PathPart")))
        resource_id = properties.get("ParentId")
    return "/" + "/".join(reversed(parts))


def method_routes(stack: Stack) -> list[Route]:
    """The template's ``AWS::ApiGateway::Method`` Lambda proxy routes to its functions."""
    resources = stack.template["Resources"]
    routes = []
    for logical, resource in resources.items():
        if resource.get("Type") != "AWS::ApiGateway::Method" or not stack._created(logical, resource):
            continue
        properties = resource.get("Properties") or {}
        integration = properties.get("Integration") or {}
        api = _ref(properties.get("RestApiId"))
        path = _path(resources, properties.get("ResourceId"))
        if integration.get("Type") != "AWS_PROXY" or api is None or path is None:
            continue
        uri = stack.resolve(integration.get("Uri"))
        arn = uri.split("/functions/", 1)[-1].split("/invocations", 1)[0] if isinstance(uri, str) else None
        function = stack._function_named(None, arn)
        if function is None:
            continue
        kind = str(properties.get("AuthorizationType", "NONE"))
        scopes = tuple(str(scope) for scope in properties.get("AuthorizationScopes") or [])
        authorizer = _ref(properties.get("AuthorizerId")) or ""
        security = None if kind == "NONE" else ("AWS_IAM", ()) if kind == "AWS_IAM" else (authorizer, scopes)
        method = str(properties.get("HttpMethod", "ANY")).upper()
        routes.append(Route(api, "REST", method, path, function, security))
    return routes


def method_authorizers(stack: Stack) -> dict[tuple[str, str], dict[str, Any]]:
    """Each ``AWS::ApiGateway::Authorizer`` as the ``securityDefinitions`` entry it stands for.

    By the logical ids of its API and itself (a method's ``AuthorizerId`` is a ``Ref`` of it).
    """
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for logical, resource in stack.template["Resources"].items():
        if resource.get("Type") != "AWS::ApiGateway::Authorizer" or not stack._created(logical, resource):
            continue
        properties = resource.get("Properties") or {}
        spec = {
            "type": str(properties.get("Type", "")).lower(),
            "authorizerUri": properties.get("AuthorizerUri"),
            "identitySource": properties.get("IdentitySource"),
            "identityValidationExpression": properties.get("IdentityValidationExpression"),
        }
        if "AuthorizerResultTtlInSeconds" in properties:
            spec["authorizerResultTtlInSeconds"] = properties["AuthorizerResultTtlInSeconds"]
        api = _ref(properties.get("RestApiId")) or ""
        found[(api, logical)] = {"x-amazon-apigateway-authorizer": {k: v for k, v in spec.items() if v is not None}}
    return found


def _refs(value: Any) -> list[str]:
    """Every logical id ``value`` names with ``Ref`` or ``${...}`` (a route's ``Target``)."""
    if isinstance(value, list):
        return [name for item in value for name in _refs(item)]
    if isinstance(value, dict):
        if set(value) == {"Ref"}:
            return [str(value["Ref"])]
        return [name for item in value.values() for name in _refs(item)]
    return re.findall(r"\$\{([A-Za-z0-9]+)\}", value) if isinstance(value, str) else []


def v2_routes(stack: Stack) -> list[Route]:
    """The template's ``AWS::ApiGatewayV2::Route``s to a Lambda proxy ``Integration`` of its functions.

    aws-resource-apigatewayv2-route.html, aws-resource-apigatewayv2-integration.html; a payload
    format 1.0 integration is in ``stack.not_simulated``.
    """
    resources = stack.template["Resources"]
    routes = []
    for logical, resource in resources.items():
        if resource.get("Type") != "AWS::ApiGatewayV2::Route" or not stack._created(logical, resource):
            continue
        properties = resource.get("Properties") or {}
        integration = next(
            (
                resources[name].get("Properties") or {}
                for name in _refs(properties.get("Target"))
                if resources.get(name, {}).get("Type") == "AWS::ApiGatewayV2::Integration"
            ),
            {},
        )
        uri = stack.resolve(integration.get("IntegrationUri"))
        arn = uri.split("/functions/", 1)[-1].split("/invocations", 1)[0] if isinstance(uri, str) else None
        function = stack._function_named(None, arn)
        api = _ref(properties.get("ApiId"))
        if integration.get("IntegrationType") != "AWS_PROXY" or function is None or api is None:
            continue
        key = str(properties.get("RouteKey", ""))
        if str(integration.get("PayloadFormatVersion", "2.0")) != "2.0":
            reason = "stack.http() sends HTTP API routes the payload format 2.0 event only"
            stack.not_simulated.append(NotSimulated(logical, "PayloadFormatVersion", reason))
            continue
        method, path = ("ANY", key) if key == DEFAULT_ROUTE else key.split(" ", 1)
        kind = str(properties.get("AuthorizationType", "NONE"))
        scopes = tuple(str(scope) for scope in properties.get("AuthorizationScopes") or [])
        authorizer = _ref(properties.get("AuthorizerId")) or ""
        security = None if kind == "NONE" else ("AWS_IAM", ()) if kind == "AWS_IAM" else (authorizer, scopes)
        routes.append(Route(api, "HTTP", method.upper(), path, function, security))
    routed = {route.api for route in routes}
    reason = "not in moto: stack.http() answers the HTTP API's Lambda proxy routes and runs their authorizers"
    stack.not_simulated[:] = [
        NotSimulated(item.logical_id, item.what, reason)
        if item.logical_id in routed and item.what == "AWS::ApiGatewayV2::Api"
        else item
        for item in stack.not_simulated
    ]
    return routes


def v2_authorizers(stack: Stack) -> dict[tuple[str, str], dict[str, Any]]:
    """Each ``AWS::ApiGatewayV2::Authorizer`` as the ``securitySchemes`` entry it stands for.

    Its properties: aws-resource-apigatewayv2-authorizer.html.
    """
    found: dict[tuple[str, str], dict[str, Any]] = {}
    names = {
        "AuthorizerUri": "authorizerUri",
        "IdentitySource": "identitySource",
        "AuthorizerPayloadFormatVersion": "authorizerPayloadFormatVersion",
        "EnableSimpleResponses": "enableSimpleResponses",
        "AuthorizerResultTtlInSeconds": "authorizerResultTtlInSeconds",
    }
    for logical, resource in stack.template["Resources"].items():
        if resource.get("Type") != "AWS::ApiGatewayV2::Authorizer" or not stack._created(logical, resource):
            continue
        properties = resource.get("Properties") or {}
        spec: dict[str, Any] = {"type": str(properties.get("AuthorizerType", "")).lower()}
        spec.update({key: properties[name] for name, key in names.items() if name in properties})
        jwt = properties.get("JwtConfiguration") or {}
        spec["jwtConfiguration"] = {"issuer": jwt.get("Issuer"), "audience": jwt.get("Audience") or []}
        found[(_ref(properties.get("ApiId")) or "", logical)] = {"x-amazon-apigateway-authorizer": spec}
    return found
