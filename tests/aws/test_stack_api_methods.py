"""A REST API as CloudFormation resources (as CDK synthesises it): its methods are routes, its authorizers run."""

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
    effect = "Allow" if event["authorizationToken"] == "allow" else "Deny"
    statement = {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}
    return {"principalId": "cdk", "policyDocument": {"Version": "2012-10-17", "Statement": [statement]}}


def handler(event, context):
    request = event["requestContext"]
    answer = [event["resource"], request["stage"], request.get("authorizer"), request["identity"]["userArn"]]
    return {"statusCode": 200, "body": json.dumps(answer)}
"""


def _arn_of(function: str) -> dict[str, Any]:
    # CDK writes integration and authorizer URIs with Fn::Join.
    parts = ["arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"}]
    parts += [":lambda:path/2015-03-31/functions/", {"Fn::GetAtt": [function, "Arn"]}, "/invocations"]
    return {"Fn::Join": ["", parts]}


def _method(resource: Any, verb: str, authorization: str = "NONE", **more: Any) -> dict[str, Any]:
    integration = {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": _arn_of("Handler")}
    properties = {"RestApiId": {"Ref": "Api"}, "ResourceId": resource, "HttpMethod": verb}
    properties.update(AuthorizationType=authorization, Integration=integration, **more)
    return {"Type": "AWS::ApiGateway::Method", "Properties": properties}


@pytest.fixture
def stack(lambda_aws: LambdaAWS, tmp_path: Path) -> Stack:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(CODE)
    root = {"Fn::GetAtt": ["Api", "RootResourceId"]}

    def resource(parent: Any, part: str) -> dict[str, Any]:
        return {
            "Type": "AWS::ApiGateway::Resource",
            "Properties": {"RestApiId": {"Ref": "Api"}, "ParentId": parent, "PathPart": part},
        }

    elsewhere = _method({"Ref": "Orders"}, "PUT")
    elsewhere["Properties"]["Integration"]["Uri"] = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/x"
    mock = _method({"Ref": "Orders"}, "PATCH")
    mock["Properties"]["Integration"] = {"Type": "MOCK"}
    template = {
        "Resources": {
            "Role": ROLE,
            "Auth": function("app.auth"),
            "Handler": function("app.handler"),
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "shop"}},
            "Deployment": {"Type": "AWS::ApiGateway::Deployment", "Properties": {"RestApiId": {"Ref": "Api"}}},
            "Stage": {
                "Type": "AWS::ApiGateway::Stage",
                "Properties": {"RestApiId": {"Ref": "Api"}, "DeploymentId": {"Ref": "Deployment"}, "StageName": "prod"},
            },
            "Orders": resource(root, "orders"),
            "Order": resource({"Ref": "Orders"}, "{id}"),
            "RootAny": _method(root, "ANY"),
            "OrderGet": _method({"Ref": "Order"}, "GET", "CUSTOM", AuthorizerId={"Ref": "Token"}),
            "OrdersPost": _method({"Ref": "Orders"}, "POST", "AWS_IAM"),
            "OrdersGet": _method(
                {"Ref": "Orders"},
                "GET",
                "COGNITO_USER_POOLS",
                AuthorizerId={"Ref": "Pool"},
                AuthorizationScopes=["orders/read"],
            ),
            "OrdersPut": elsewhere,  # to a function outside the template: no route
            "OrdersPatch": mock,  # not a Lambda proxy: no route
            "Lost": _method({"Ref": "Nowhere"}, "GET"),  # a resource that is not in the template
            "Token": {
                "Type": "AWS::ApiGateway::Authorizer",
                "Properties": {
                    "RestApiId": {"Ref": "Api"},
                    "Type": "TOKEN",
                    "AuthorizerUri": _arn_of("Auth"),
                    "IdentitySource": "method.request.header.Authorization",
                    "AuthorizerResultTtlInSeconds": 0,
                },
            },
            "Pool": {
                "Type": "AWS::ApiGateway::Authorizer",
                "Properties": {
                    "RestApiId": {"Ref": "Api"},
                    "Type": "COGNITO_USER_POOLS",
                    "IdentitySource": "method.request.header.Authorization",
                    "ProviderARNs": ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"],
                },
            },
        }
    }
    (tmp_path / "cdk.template.json").write_text(json.dumps(template))
    return Stack.from_template(tmp_path / "cdk.template.json")


def body(response: dict[str, Any]) -> Any:
    return json.loads(response["body"])


def test_methods_are_routes_with_their_resource_paths_and_the_stage(stack: Stack) -> None:
    assert body(stack.http("DELETE", "/")) == ["/", "prod", None, None]
    assert stack.http("PUT", "/orders")["statusCode"] == 403  # Missing Authentication Token: no route
    assert stack.http("PATCH", "/orders")["statusCode"] == 403


def test_a_custom_authorizer_by_authorizer_id(stack: Stack) -> None:
    allowed = body(stack.http("GET", "/orders/7", headers={"Authorization": "allow"}))
    assert allowed[0] == "/orders/{id}"
    assert allowed[2]["principalId"] == "cdk"
    denied = stack.http("GET", "/orders/7", headers={"Authorization": "no"})
    assert (denied["statusCode"], body(denied)) == (
        403,
        {"message": "User is not authorized to access this resource with an explicit deny"},
    )
    assert stack.http("GET", "/orders/7")["statusCode"] == 401


def test_iam_and_cognito_methods(stack: Stack) -> None:
    assert stack.http("POST", "/orders", signed=False)["statusCode"] == 403
    assert body(stack.http("POST", "/orders"))[3] == "arn:aws:sts::123456789012:user/moto"
    assert stack.http("GET", "/orders")["statusCode"] == 401
    assert body(stack.http("GET", "/orders", claims={"scope": "orders/read"}))[2] == {
        "claims": {"scope": "orders/read"}
    }


def test_the_resources_are_reported_as_answered_by_stack_http(stack: Stack) -> None:
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    expected = "not in moto: stack.http() answers the REST API's Lambda proxy methods and runs their authorizers"
    for logical, kind in (("Api", "RestApi"), ("Orders", "Resource"), ("OrderGet", "Method"), ("Token", "Authorizer")):
        assert listed[(logical, f"AWS::ApiGateway::{kind}")] == expected


def test_without_a_stage_resource_the_deployments_stage(stack: Stack, tmp_path: Path) -> None:
    template = json.loads((tmp_path / "cdk.template.json").read_text())
    del template["Resources"]["Stage"]
    template["Resources"]["Deployment"]["Properties"]["StageName"] = "v1"
    (tmp_path / "deployed.template.json").write_text(json.dumps(template))
    deployed = Stack.from_template(tmp_path / "deployed.template.json")
    assert body(deployed.http("GET", "/"))[1] == "v1"
