"""Function URLs of a template answered by ``stack.url``: the URL event, Lambda's response mapping, IAM, CORS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_lambda.aws import LambdaAWS, Stack, TemplateError

from ._templates import HERE, ROLE, TEMPLATES

URLS = TEMPLATES / "urls" / "template.yaml"


@pytest.fixture
def stack(lambda_aws: LambdaAWS) -> Stack:
    return Stack.from_template(URLS, parameters=HERE)


def test_a_result_without_status_code_is_a_200_json_body_with_the_urls_id(stack: Stack) -> None:
    response = stack.url("get", "/orders/7", function="PublicFunction", query={"page": "2"})
    assert (response["statusCode"], response["headers"]) == (200, {"content-type": "application/json"})
    answer = json.loads(response["body"])
    url_id, prefix, domain, host = answer["url"]
    assert len(url_id) == 32
    assert url_id == prefix
    assert domain == host == f"{url_id}.lambda-url.us-east-1.on.aws"
    assert stack.outputs["PublicUrl"] == f"https://{domain}/"
    assert (answer["path"], answer["query"], answer["authorizer"]) == ("/orders/7", {"page": "2"}, None)
    # The same URL on every request.
    assert json.loads(stack.url("POST", "/", function="PublicFunction", body="hi")["body"])["url"][0] == url_id


def test_a_string_result_is_sent_json_encoded(stack: Stack) -> None:
    # urls-invocation.html: "Hello, world!" -> 200, content-type application/json, body "\"Hello, world!\"".
    stack.function("PublicFunction").handler = lambda event, context: "Hello, world!"
    assert stack.url("GET", "/", function="PublicFunction")["body"] == '"Hello, world!"'


def test_cors_headers_are_added_and_win_over_the_functions(stack: Stack) -> None:
    stack.function("PublicFunction").handler = lambda event, context: {
        "statusCode": 200,
        "headers": {"Access-Control-Allow-Origin": "https://evil.example", "X-Total": "3"},
        "body": "ok",
    }
    response = stack.url("GET", "/", function="PublicFunction", headers={"Origin": "https://app.example"})
    assert response["headers"] == {
        "access-control-allow-origin": "https://app.example",
        "x-total": "3",
        "access-control-expose-headers": "x-total",
        "access-control-allow-credentials": "true",
    }
    # Another origin gets no CORS headers from the URL.
    other = stack.url("GET", "/", function="PublicFunction", headers={"Origin": "https://other.example"})
    assert other["headers"]["access-control-allow-origin"] == "https://evil.example"


def test_a_preflight_is_answered_by_the_url_without_invoking_the_function(stack: Stack) -> None:
    calls = []
    stack.function("PublicFunction").handler = lambda event, context: calls.append(event)
    preflight = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}
    response = stack.url("OPTIONS", "/orders", function="PublicFunction", headers=preflight)
    assert response == {
        "statusCode": 200,
        "headers": {
            "access-control-allow-origin": "https://app.example",
            "access-control-expose-headers": "x-total",
            "access-control-allow-credentials": "true",
            "access-control-allow-methods": "GET,POST",
            "access-control-allow-headers": "content-type",
            "access-control-max-age": "300",
        },
        "body": "",
    }
    refused = stack.url("OPTIONS", "/", function="PublicFunction", headers={**preflight, "Origin": "https://x.example"})
    assert refused == {"statusCode": 200, "headers": {}, "body": ""}
    assert calls == []
    # An OPTIONS request that is no preflight reaches the function.
    stack.url("OPTIONS", "/", function="PublicFunction")
    assert len(calls) == 1


def test_any_origin_and_only_the_cors_settings_given(stack: Stack) -> None:
    preflight = {"origin": "https://x.example", "access-control-request-method": "GET"}
    # A preflight is not signed: the URL answers it before checking the signature.
    answer = stack.url("OPTIONS", "/", function="PrivateFunction", headers=preflight, signed=False)
    assert answer == {"statusCode": 200, "headers": {"access-control-allow-origin": "*"}, "body": ""}
    response = stack.url("GET", "/", function="PrivateFunction", headers={"Origin": "https://x.example"})
    assert response["headers"]["access-control-allow-origin"] == "*"


def test_an_iam_url_needs_a_signed_request_and_names_the_signer(stack: Stack) -> None:
    refused = stack.url("GET", "/", function="PrivateFunction", signed=False)
    assert (refused["statusCode"], json.loads(refused["body"])) == (403, {"Message": "Forbidden"})
    response = stack.url("GET", "/", function="PrivateFunction")
    assert response == {
        "statusCode": 201,
        # Lambda's mapping: cookies become Set-Cookie headers, a base64 body is sent decoded.
        "headers": {
            "content-type": "image/png",
            "x-caller": "arn:aws:sts::123456789012:user/moto",
            "access-control-allow-origin": "*",  # Cors AllowOrigins "*": on every response
        },
        "body": b"\x89PNG",
        "cookies": ["session=1; Max-Age=60"],
    }
    signer = "arn:aws:iam::111122223333:user/alice"
    assert (
        stack.url("GET", "/", function="PrivateFunction", caller={"userArn": signer})["headers"]["x-caller"] == signer
    )


def test_a_function_error_or_a_bad_status_code_is_a_502(stack: Stack) -> None:
    response = stack.url("GET", "/", function="StreamingFunction")
    assert (response["statusCode"], response["body"]) == (502, "Internal Server Error")
    stack.function("PublicFunction").handler = lambda event, context: {"statusCode": "200", "body": "ok"}
    assert stack.url("GET", "/", function="PublicFunction")["statusCode"] == 502


def test_what_is_not_simulated_and_a_wrong_function(stack: Stack) -> None:
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    assert listed[("StreamingFunctionUrl", "InvokeMode")].startswith("a Python function cannot stream")
    assert not any(what == "AWS::Lambda::Url" for _, what in listed)
    with pytest.raises(TemplateError, match=r"pass function=, one of the functions with a URL: \['PrivateFunction'"):
        stack.url("GET", "/")
    with pytest.raises(TemplateError, match=r"'Nope' has no URL; the functions with a URL: \["):
        stack.url("GET", "/", function="Nope")


def test_cloudformation_urls_by_name_and_what_they_cannot_do(lambda_aws: LambdaAWS, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text("def handler(event, context):\n    return event['rawPath']\n")
    function = {
        "Type": "AWS::Lambda::Function",
        "Properties": {
            "FunctionName": "shop-orders",
            "Code": "src",
            "Handler": "app.handler",
            "Runtime": HERE["PythonRuntime"],
            "Role": {"Fn::GetAtt": ["Role", "Arn"]},
        },
    }
    template = {
        "Resources": {
            "Role": ROLE,
            "Orders": function,
            # By name; an alias's URL (Qualifier) is the function's here: no versions or aliases.
            "OrdersUrl": {
                "Type": "AWS::Lambda::Url",
                "Properties": {"TargetFunctionArn": "shop-orders", "AuthType": "NONE", "Qualifier": "live"},
            },
            "ElsewhereUrl": {
                "Type": "AWS::Lambda::Url",
                "Properties": {"TargetFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:other"},
            },
        }
    }
    (tmp_path / "urls.template.json").write_text(json.dumps(template))
    stack = Stack.from_template(tmp_path / "urls.template.json")
    assert stack.url("GET", "/a/b") == {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": '"/a/b"',
    }
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    assert listed[("OrdersUrl", "Qualifier")].startswith("no versions or aliases")
    assert listed[("ElsewhereUrl", "AWS::Lambda::Url")] == "its function is not a function of the template"
