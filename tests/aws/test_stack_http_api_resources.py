"""An HTTP API as CloudFormation resources (as CDK's HttpApi synthesises it): routes, integrations, authorizers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_lambda.aws import LambdaAWS, Stack

from ._templates import ROLE, function

CODE = """
import json


def auth(event, context):
    return {"isAuthorized": event["identitySource"] == ["secret"], "context": {"who": "cdk"}}


def handler(event, context):
    return {"route": event["routeKey"], "authorizer": event["requestContext"].get("authorizer")}
"""


def _arn(function: str) -> dict[str, Any]:
    return {"Fn::GetAtt": [function, "Arn"]}


def _route(key: str, integration: str = "Integration", **more: Any) -> dict[str, Any]:
    # CDK joins the target: integrations/<integration id>.
    target = {"Fn::Join": ["", ["integrations/", {"Ref": integration}]]}
    return {
        "Type": "AWS::ApiGatewayV2::Route",
        "Properties": {"ApiId": {"Ref": "Api"}, "RouteKey": key, "Target": target, **more},
    }


def _integration(**more: Any) -> dict[str, Any]:
    properties = {"ApiId": {"Ref": "Api"}, "IntegrationType": "AWS_PROXY", "IntegrationUri": _arn("Handler")}
    return {
        "Type": "AWS::ApiGatewayV2::Integration",
        "Properties": {**properties, "PayloadFormatVersion": "2.0", **more},
    }


@pytest.fixture
def stack(lambda_aws: LambdaAWS, tmp_path: Path) -> Stack:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(CODE)

    uri = "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Auth.Arn}/invocations"
    template = {
        "Resources": {
            "Role": ROLE,
            "Auth": function("app.auth"),
            "Handler": function("app.handler"),
            "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": "items", "ProtocolType": "HTTP"}},
            "Integration": _integration(),
            "Legacy": _integration(PayloadFormatVersion="1.0"),
            "Mock": {
                "Type": "AWS::ApiGatewayV2::Integration",
                "Properties": {"ApiId": {"Ref": "Api"}, "IntegrationType": "HTTP_PROXY"},
            },
            "GetItem": _route("GET /items/{id}", AuthorizationType="CUSTOM", AuthorizerId={"Ref": "Lambda"}),
            "AnyItems": _route("ANY /items"),
            "Mine": _route(
                "GET /mine", AuthorizationType="JWT", AuthorizerId={"Ref": "Jwt"}, AuthorizationScopes=["read"]
            ),
            "Signed": _route("POST /items", AuthorizationType="AWS_IAM"),
            "Default": _route("$default"),
            "Old": _route("GET /old", "Legacy"),
            "Proxied": _route("GET /proxied", "Mock"),
            "Lambda": {
                "Type": "AWS::ApiGatewayV2::Authorizer",
                "Properties": {
                    "ApiId": {"Ref": "Api"},
                    "AuthorizerType": "REQUEST",
                    "AuthorizerUri": {"Fn::Sub": uri},
                    "IdentitySource": ["$request.header.Authorization"],
                    "AuthorizerPayloadFormatVersion": "2.0",
                    "EnableSimpleResponses": True,
                },
            },
            "Jwt": {
                "Type": "AWS::ApiGatewayV2::Authorizer",
                "Properties": {
                    "ApiId": {"Ref": "Api"},
                    "AuthorizerType": "JWT",
                    "IdentitySource": ["$request.header.Authorization"],
                    "JwtConfiguration": {"Issuer": "https://issuer.example", "Audience": ["app"]},
                },
            },
        }
    }
    (tmp_path / "cdk.template.json").write_text(json.dumps(template))
    return Stack.from_template(tmp_path / "cdk.template.json")


def body(response: dict[str, Any]) -> Any:
    return json.loads(response["body"])


def test_routes_and_their_lambda_authorizer(stack: Stack) -> None:
    assert body(stack.http("PUT", "/items")) == {"route": "ANY /items", "authorizer": None}
    assert stack.http("GET", "/items/1")["statusCode"] == 401
    assert stack.http("GET", "/items/1", headers={"Authorization": "wrong"})["statusCode"] == 403
    allowed = body(stack.http("GET", "/items/1", headers={"Authorization": "secret"}))
    assert allowed == {"route": "GET /items/{id}", "authorizer": {"lambda": {"who": "cdk"}}}


def test_jwt_and_iam_routes(stack: Stack) -> None:
    assert stack.http("GET", "/mine")["statusCode"] == 401
    claims = {"iss": "https://issuer.example", "aud": "app", "scope": "read"}
    assert body(stack.http("GET", "/mine", claims=claims))["authorizer"]["jwt"]["scopes"] == ["read"]
    assert stack.http("POST", "/items", signed=False)["statusCode"] == 403
    assert "iam" in body(stack.http("POST", "/items"))["authorizer"]


def test_what_is_not_answered_is_reported(stack: Stack) -> None:
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    answered = "not in moto: stack.http() answers the HTTP API's Lambda proxy routes and runs their authorizers"
    assert listed[("Api", "AWS::ApiGatewayV2::Api")] == answered
    assert listed[("GetItem", "AWS::ApiGatewayV2::Route")] == answered
    assert (
        listed[("Old", "PayloadFormatVersion")]
        == "stack.http() sends HTTP API routes the payload format 2.0 event only"
    )


def test_the_default_route_takes_what_no_other_route_takes(stack: Stack) -> None:
    # GET /old (payload 1.0) and GET /proxied (an HTTP proxy) are no routes here: $default takes them.
    for path in ("/old", "/proxied", "/", "/a/b/c"):
        assert body(stack.http("DELETE", path)) == {"route": "$default", "authorizer": None}
    assert body(stack.http("PUT", "/items"))["route"] == "ANY /items"
