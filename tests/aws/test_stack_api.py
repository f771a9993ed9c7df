"""API routes of a template answered by ``stack.http``: REST (1.0) and HTTP API (2.0) events, API Gateway's errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_lambda.aws import LambdaAWS, Stack, TemplateError

from ._templates import HERE, ROLE, TEMPLATES

API = TEMPLATES / "api" / "template.yaml"


@pytest.fixture
def stack(lambda_aws: LambdaAWS) -> Stack:
    return Stack.from_template(API, parameters=HERE)


def test_a_rest_route_gets_the_proxy_event_of_the_request(stack: Stack) -> None:
    response = stack.http("get", "/orders/42", query={"verbose": "1"})
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {
        "resource": "/orders/{id}",
        "path": "/orders/42",
        "method": "GET",
        "parameters": {"id": "42"},
        "stage": "Prod",
        "query": {"verbose": "1"},
    }


def test_a_literal_segment_wins_and_a_greedy_parameter_takes_the_rest(stack: Stack) -> None:
    latest = json.loads(stack.http("GET", "/orders/latest")["body"])
    assert (latest["resource"], latest["parameters"]) == ("/orders/latest", None)
    files = json.loads(stack.http("DELETE", "/files/2026/a.png")["body"])
    assert (files["resource"], files["method"], files["parameters"]) == (
        "/files/{proxy+}",
        "DELETE",
        {"proxy": "2026/a.png"},
    )


def test_api_gateways_own_answers(stack: Stack) -> None:
    missing = stack.http("GET", "/nothing", api="ServerlessRestApi")
    assert (missing["statusCode"], json.loads(missing["body"])) == (403, {"message": "Missing Authentication Token"})
    # A route's path with another method is no route either.
    assert stack.http("POST", "/orders/42", api="ServerlessRestApi")["statusCode"] == 403
    broken = stack.http("POST", "/boom")
    assert (broken["statusCode"], json.loads(broken["body"])) == (502, {"message": "Internal server error"})
    assert stack.http("GET", "/nothing", api="ServerlessHttpApi")["statusCode"] == 404


def test_an_http_api_answers_a_function_error_with_500(stack: Stack) -> None:
    def broken(event: Any, context: Any) -> None:
        raise RuntimeError("boom")

    stack.function("ItemsFunction").handler = broken
    response = stack.http("GET", "/items/7", api="ServerlessHttpApi")
    assert (response["statusCode"], json.loads(response["body"])) == (500, {"message": "Internal Server Error"})


def test_an_http_api_route_gets_the_2_0_event(stack: Stack) -> None:
    response = stack.http("GET", "/items/7", api="ServerlessHttpApi")
    assert response == {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"route": "GET /items/{id}", "parameters": {"id": "7"}, "body": None}),
    }
    anything = json.loads(stack.http("PUT", "/items", body={"name": "pen"}, api="ServerlessHttpApi")["body"])
    assert anything["route"] == "ANY /items"
    assert json.loads(anything["body"]) == {"name": "pen"}


def test_a_rest_function_without_a_status_code_is_a_bad_gateway(stack: Stack) -> None:
    stack.function("OrdersApiFunction").handler = lambda event, context: {"not": "a proxy response"}
    assert stack.http("GET", "/orders/1")["statusCode"] == 502


def test_an_unknown_api_is_an_error(stack: Stack) -> None:
    with pytest.raises(
        TemplateError, match=r"no API routes to the template's functions in 'Nope'; APIs: \['Serverless"
    ):
        stack.http("GET", "/", api="Nope")
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    assert listed[("ServerlessHttpApi", "AWS::ApiGatewayV2::Api")].startswith("not in moto: stack.http() answers")


def test_a_cloudformation_rest_api_without_a_stage(lambda_aws: LambdaAWS, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(
        "def handler(event, context):\n    return {'statusCode': 201, 'body': event['requestContext']['stage']}\n"
    )
    arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${Handler.Arn}/invocations"
    body = {
        "swagger": "2.0",
        "paths": {
            "/hello": {"get": {"x-amazon-apigateway-integration": {"type": "aws_proxy", "uri": {"Fn::Sub": arn}}}},
            "/plain": {"get": {"x-amazon-apigateway-integration": {"type": "http", "uri": "https://example.com"}}},
            "/mock": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}},
        },
    }
    template = {
        "Resources": {
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Body": body}},
            "Role": ROLE,
            "Handler": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Code": "src",
                    "Handler": "app.handler",
                    "Runtime": HERE["PythonRuntime"],
                    "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                },
            },
        }
    }
    (tmp_path / "api.template.json").write_text(json.dumps(template))
    stack = Stack.from_template(tmp_path / "api.template.json")
    assert stack.http("GET", "/hello") == {"statusCode": 201, "body": "Prod"}
    assert stack.http("GET", "/plain")["statusCode"] == 403


def test_every_request_to_an_api_names_its_one_id_and_domain(stack: Stack) -> None:
    def where(event: dict, context: object) -> dict:
        request = event["requestContext"]
        host = event.get("headers", {}).get("Host") or event["headers"]["host"]
        return {
            "statusCode": 200,
            "body": json.dumps([request["apiId"], request["domainPrefix"], request["domainName"], host]),
        }

    stack.function("OrdersApiFunction").handler = where
    stack.function("ItemsFunction").handler = where
    first = json.loads(stack.http("GET", "/orders/1")["body"])
    assert json.loads(stack.http("GET", "/orders/2")["body"]) == first
    api_id = first[0]
    domain = f"{api_id}.execute-api.us-east-1.amazonaws.com"
    assert first == [api_id, api_id, domain, domain]
    http = json.loads(stack.http("GET", "/items/1", api="ServerlessHttpApi")["body"])
    assert http[0] != api_id
    assert http[2] == http[3] == f"{http[0]}.execute-api.us-east-1.amazonaws.com"
