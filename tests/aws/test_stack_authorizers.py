"""Authorizers of a template's APIs run by ``stack.http``: Lambda (TOKEN, REQUEST, HTTP 1.0/2.0), JWT, Cognito, IAM."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pytest_lambda.aws import LambdaAWS, Stack, TemplateError

from ._templates import HERE, ROLE, TEMPLATES, function

AUTH = TEMPLATES / "auth" / "template.yaml"
DENY = "User is not authorized to access this resource"


@pytest.fixture
def stack(lambda_aws: LambdaAWS) -> Stack:
    return Stack.from_template(AUTH, parameters=HERE)


def rest(stack: Stack, path: str, token: str | None = None, **kwargs: Any) -> dict[str, Any]:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return stack.http("GET", path, api="Api", headers={**headers, **kwargs.pop("headers", {})}, **kwargs)


def http(stack: Stack, path: str, token: str | None = None, **kwargs: Any) -> dict[str, Any]:
    headers = {} if token is None else {"Authorization": token}
    return stack.http("GET", path, api="HttpApi", headers=headers, **kwargs)


def answer(response: dict[str, Any]) -> tuple[int, Any]:
    return response["statusCode"], json.loads(response["body"])


def spy(stack: Stack, function: str, output: Callable[[Any], Any]) -> list[Any]:
    """Replace the authorizer's handler by one that records its events and answers ``output(event)``."""
    events: list[Any] = []

    def handler(event: Any, context: Any) -> Any:
        events.append(event)
        return output(event)

    stack.function(function).handler = handler
    return events


def allow(event: Any) -> dict[str, Any]:
    statement = {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event.get("methodArn")}
    return {"principalId": "p", "policyDocument": {"Version": "2012-10-17", "Statement": [statement]}}


# -- REST: TOKEN ------------------------------------------------------------------------------------


def test_an_allow_reaches_the_route_with_the_authorizers_context_stringified(stack: Stack) -> None:
    status, body = answer(rest(stack, "/tok/1", "allow"))
    assert status == 200
    authorizer = body["authorizer"]
    assert isinstance(authorizer.pop("integrationLatency"), int)
    # "The returned values are all stringified" (api-gateway-lambda-authorizer-output.html).
    assert authorizer == {"principalId": "alice", "user": "alice", "n": "1", "admin": "true"}


def test_the_token_authorizer_gets_the_token_and_the_method_arn(stack: Stack) -> None:
    events = spy(stack, "TokenAuthFunction", allow)
    assert rest(stack, "/tok/7", "x")["statusCode"] == 200
    arn = events[0]["methodArn"]
    assert events == [{"type": "TOKEN", "authorizationToken": "Bearer x", "methodArn": arn}]
    prefix, api_id, rest_of_arn = arn.rsplit(":", 1)[0], *arn.rsplit(":", 1)[1].split("/", 1)
    assert (prefix, rest_of_arn) == ("arn:aws:execute-api:us-east-1:123456789012", "Prod/GET/tok/7")
    assert len(api_id) == 10  # the API's id, the same on every request


@pytest.mark.parametrize(
    ("token", "status", "message"),
    [
        (None, 401, "Unauthorized"),  # no identity source: not invoked
        ("deny", 403, f"{DENY} with an explicit deny"),
        ("both", 403, f"{DENY} with an explicit deny"),  # an explicit deny wins over Allow *
        ("other", 403, DENY),  # no statement allows GET: an implicit deny
        ("nope", 401, "Unauthorized"),  # raise Exception("Unauthorized")
        ("crash", 500, None),
        ("bad", 500, None),  # no policyDocument
        ("nested", 500, None),  # a context value that is an object
    ],
)
def test_what_api_gateway_answers_for_each_authorizer_outcome(
    stack: Stack, token: str | None, status: int, message: str | None
) -> None:
    assert answer(rest(stack, "/tok/1", token)) == (status, {"message": message})


def test_a_token_that_fails_the_validation_expression_is_refused_without_invoking(stack: Stack) -> None:
    events = spy(stack, "TokenAuthFunction", allow)
    response = stack.http("GET", "/tok/1", api="Api", headers={"Authorization": "Basic abc"})
    assert answer(response) == (401, {"message": "Unauthorized"})
    assert events == []


def test_a_wildcard_resource_allows_other_paths_and_the_result_is_cached_for_the_ttl(stack: Stack) -> None:
    events = spy(
        stack,
        "TokenAuthFunction",
        lambda event: allow({"methodArn": event["methodArn"].split("/")[0] + "/*/GET/tok/*"}),
    )
    for path in ("/tok/1", "/tok/2"):
        assert rest(stack, path, "w")["statusCode"] == 200
    assert len(events) == 1  # ReauthorizeEvery: 60 - the second request used the cached policy
    second = json.loads(rest(stack, "/tok/3", "w")["body"])["authorizer"]
    assert second["integrationLatency"] == 0
    rest(stack, "/tok/1", "v")  # another token is another cache entry
    assert len(events) == 2
    stack.clock.advance(61)
    rest(stack, "/tok/1", "w")
    assert len(events) == 3


def test_a_cached_policy_for_one_path_denies_another(stack: Stack) -> None:
    # The cached policy is evaluated against the new method ARN (repost: api-gateway-lambda-authorization-errors).
    spy(stack, "TokenAuthFunction", allow)
    assert rest(stack, "/tok/1", "t")["statusCode"] == 200
    assert answer(rest(stack, "/tok/2", "t")) == (403, {"message": DENY})


def test_a_route_without_authorizer_and_the_default_one(stack: Stack) -> None:
    events = spy(stack, "TokenAuthFunction", allow)
    status, body = answer(rest(stack, "/open"))
    assert (status, body["authorizer"]) == (200, None)
    assert events == []


# -- REST: REQUEST ----------------------------------------------------------------------------------


def test_a_request_authorizer_needs_every_identity_source(stack: Stack) -> None:
    assert answer(rest(stack, "/req", headers={"X-Key": "k"})) == (401, {"message": "Unauthorized"})
    assert answer(rest(stack, "/req", query={"q": "1"})) == (401, {"message": "Unauthorized"})
    status, body = answer(rest(stack, "/req", headers={"X-Key": "k"}, query={"q": "1"}))
    assert status == 200
    assert (body["authorizer"]["type"], body["authorizer"]["q"], body["authorizer"]["body"]) == (
        "REQUEST",
        "1",
        "false",
    )
    denied = rest(stack, "/req", headers={"X-Key": "wrong"}, query={"q": "1"})
    assert answer(denied) == (403, {"message": f"{DENY} with an explicit deny"})


def test_the_request_authorizers_input(stack: Stack) -> None:
    events = spy(stack, "RequestAuthFunction", allow)
    rest(stack, "/req", headers={"X-Key": "k"}, query={"q": "1"})
    (event,) = events
    assert event["type"] == "REQUEST"
    assert event["methodArn"].endswith("/Prod/GET/req")
    assert (event["resource"], event["path"], event["httpMethod"]) == ("/req", "/req", "GET")
    assert (event["queryStringParameters"], event["pathParameters"], event["stageVariables"]) == ({"q": "1"}, {}, {})
    assert event["headers"]["X-Key"] == "k"
    assert "body" not in event
    # ReauthorizeEvery: 0 - no cache.
    rest(stack, "/req", headers={"X-Key": "k"}, query={"q": "1"})
    assert len(events) == 2


# -- REST: Cognito and IAM --------------------------------------------------------------------------


def test_cognito_claims_stand_for_a_valid_token_and_scopes_are_checked(stack: Stack) -> None:
    assert answer(rest(stack, "/pool", "eyJ...")) == (401, {"message": "Unauthorized"})
    status, body = answer(rest(stack, "/pool", claims={"sub": "u1", "scope": "orders/read orders/write"}))
    assert (status, body["authorizer"]) == (200, {"claims": {"sub": "u1", "scope": "orders/read orders/write"}})
    assert rest(stack, "/pool", claims={"sub": "u1", "scope": "orders/write"})["statusCode"] == 401


def test_rest_iam_authorization(stack: Stack) -> None:
    assert answer(rest(stack, "/iam", signed=False)) == (403, {"message": "Missing Authentication Token"})
    identity = json.loads(rest(stack, "/iam")["body"])["identity"]
    assert identity["userArn"] == "arn:aws:sts::123456789012:user/moto"
    assert identity["accountId"] == "123456789012"
    given = json.loads(rest(stack, "/iam", caller={"userArn": "arn:aws:iam::123456789012:user/bob"})["body"])
    assert given["identity"]["userArn"] == "arn:aws:iam::123456789012:user/bob"


# -- HTTP API ---------------------------------------------------------------------------------------


def test_an_http_simple_response_authorizer(stack: Stack) -> None:
    assert answer(http(stack, "/simple")) == (401, {"message": "Unauthorized"})
    assert answer(http(stack, "/simple", "wrong")) == (403, {"message": "Forbidden"})
    status, body = answer(http(stack, "/simple", "secret"))
    assert (status, body["authorizer"]) == (200, {"lambda": {"who": "bob", "n": 2}})


def test_the_http_authorizers_2_0_input_and_its_cache(stack: Stack) -> None:
    events = spy(stack, "SimpleAuthFunction", lambda event: {"isAuthorized": True})
    http(stack, "/simple", "secret")
    http(stack, "/simple", "secret")
    (event,) = events  # ReauthorizeEvery: 30
    assert (event["version"], event["type"], event["identitySource"]) == ("2.0", "REQUEST", ["secret"])
    assert event["routeArn"].endswith("/$default/GET/simple")
    assert event["routeKey"] == "GET /simple"
    assert "body" not in event
    stack.clock.advance(30)
    http(stack, "/simple", "secret")
    assert len(events) == 2


def test_an_http_authorizer_with_payload_1_0_and_a_policy(stack: Stack) -> None:
    status, body = answer(http(stack, "/policy/5", "secret"))
    assert status == 200
    assert body["authorizer"] == {"lambda": {"version": "1.0", "path": "/policy/5"}}
    assert answer(http(stack, "/policy/5", "wrong")) == (403, {"message": "Forbidden"})


def test_the_http_authorizers_1_0_input(stack: Stack) -> None:
    events = spy(stack, "PolicyAuthFunction", lambda event: {"isAuthorized": True})
    # A simple response from a 1.0 authorizer is no policy: 500.
    assert answer(http(stack, "/policy/5", "secret")) == (500, {"message": "Internal Server Error"})
    (event,) = events
    assert (event["identitySource"], event["authorizationToken"], event["resource"]) == (
        "secret",
        "secret",
        "/policy/{id}",
    )
    assert event["requestContext"]["resourcePath"] == "/policy/{id}"


def test_an_http_authorizer_error_is_a_500(stack: Stack) -> None:
    spy(stack, "SimpleAuthFunction", lambda event: {"isAuthorized": "yes"})
    assert answer(http(stack, "/simple", "s")) == (500, {"message": "Internal Server Error"})


def test_jwt_claims_scopes_and_the_checks_a_test_can_make(stack: Stack) -> None:
    assert answer(http(stack, "/jwt", "Bearer eyJ...")) == (401, {"message": "Unauthorized"})
    status, body = answer(http(stack, "/jwt", claims={"sub": "u", "scp": ["read", "write"]}))
    assert (status, body["authorizer"]) == (
        200,
        {"jwt": {"claims": {"sub": "u", "scp": ["read", "write"]}, "scopes": ["read", "write"]}},
    )
    assert answer(http(stack, "/jwt", claims={"sub": "u", "scope": "write"})) == (403, {"message": "Forbidden"})
    now = stack.clock.now_ms() // 1000
    for bad in ({"iss": "https://other.example"}, {"aud": "other"}, {"exp": now}, {"nbf": now + 60}):
        assert http(stack, "/jwt", claims={"scope": "read", **bad})["statusCode"] == 401, bad
    good = {"scope": "read", "iss": "https://issuer.example", "client_id": "app", "exp": now + 60, "nbf": now}
    assert http(stack, "/jwt", claims=good)["statusCode"] == 200


def test_http_iam_authorization(stack: Stack) -> None:
    assert answer(http(stack, "/iam", signed=False)) == (403, {"message": "Forbidden"})
    iam = json.loads(http(stack, "/iam")["body"])["authorizer"]["iam"]
    assert (iam["userArn"], iam["accountId"]) == ("arn:aws:sts::123456789012:user/moto", "123456789012")


def test_what_is_not_simulated(stack: Stack) -> None:
    assert not [item for item in stack.not_simulated if item.what.startswith("authorizer")]


# -- CloudFormation: an OpenAPI body written by hand ------------------------------------------------

AUTHORIZER = """
def auth(event, context):
    answer = event["headers"].get("X-Answer", "dict")
    statement = {"Action": "*", "Effect": "Allow", "Resource": event["methodArn"]}
    if answer == "dict":
        return {"principalId": "p", "policyDocument": {"Version": "2012-10-17", "Statement": statement}}
    if answer == "none":
        return {"principalId": "p", "policyDocument": {}}
    return "allow"


def handler(event, context):
    return {"statusCode": 200, "body": event["requestContext"]["authorizer"]["principalId"]}
"""


def _operation(security: list[dict[str, list[str]]] | None = None) -> dict[str, Any]:
    uri = "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Handler.Arn}/invocations"
    operation: dict[str, Any] = {"x-amazon-apigateway-integration": {"type": "aws_proxy", "uri": {"Fn::Sub": uri}}}
    if security is not None:
        operation["security"] = security
    return {"get": operation}


def _lambda_authorizer(source: str, function: str = "${Auth.Arn}") -> dict[str, Any]:
    uri = f"arn:aws:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/{function}/invocations"
    return {
        "type": "apiKey",
        "name": "Unused",
        "in": "header",
        "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": {
            "type": "request",
            "identitySource": source,
            "authorizerUri": {"Fn::Sub": uri},
            "authorizerResultTtlInSeconds": 0,
        },
    }


@pytest.fixture
def hand_written(lambda_aws: LambdaAWS, tmp_path: Path) -> Stack:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(AUTHORIZER)
    other = "arn:aws:lambda:us-east-1:123456789012:function:elsewhere"
    body = {
        "swagger": "2.0",
        # The API's default: the first requirement names no scheme, the next an API key.
        "security": [{}, {"Keyed": []}],
        "paths": {
            "/default": _operation(),
            "/staged": _operation([{"Staged": []}]),
            "/variable": _operation([{"Variable": []}]),
            "/path": _operation([{"PathParameter": []}]),
            "/elsewhere": _operation([{"Elsewhere": []}]),
        },
        "securityDefinitions": {
            "Keyed": {"type": "apiKey", "name": "x-api-key", "in": "header"},
            "Staged": _lambda_authorizer("context.stage"),
            "Variable": _lambda_authorizer("stageVariables.key"),
            "PathParameter": _lambda_authorizer("method.request.path.id"),
            "Elsewhere": _lambda_authorizer("context.stage", other),
            "Odd": {"x-amazon-apigateway-authorizer": {"type": "saml"}},
        },
    }

    template = {
        "Resources": {
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Body": body}},
            "Bare": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "no-body"}},
            "Role": ROLE,
            "Auth": function("app.auth"),
            "Handler": function("app.handler"),
        }
    }
    (tmp_path / "auth.template.json").write_text(json.dumps(template))
    return Stack.from_template(tmp_path / "auth.template.json")


def test_a_hand_written_body_and_its_identity_sources(hand_written: Stack) -> None:
    # An identity source from the request context; a Statement given as one object.
    assert hand_written.http("GET", "/staged") == {"statusCode": 200, "body": "p"}
    # A stage variable the request does not have, and a source this library does not read: 401.
    assert hand_written.http("GET", "/variable")["statusCode"] == 401
    assert hand_written.http("GET", "/path")["statusCode"] == 401


@pytest.mark.parametrize("answer_with", ["none", "text"])
def test_an_output_api_gateway_cannot_read_is_a_500(hand_written: Stack, answer_with: str) -> None:
    response = hand_written.http("GET", "/staged", headers={"X-Answer": answer_with})
    assert answer(response) == (500, {"message": None})


def test_authorizers_that_are_not_simulated_are_reported_and_their_routes_refused(hand_written: Stack) -> None:
    listed = {(item.logical_id, item.what): item.reason for item in hand_written.not_simulated}
    assert listed[("Api", "authorizer Keyed")].startswith("not an API Gateway authorizer")
    assert listed[("Api", "authorizer Odd")] == "authorizer type 'saml' is not simulated"
    assert listed[("Api", "authorizer Elsewhere")].startswith("its Lambda function is not a function of the template")
    for path, name in (("/default", "Keyed"), ("/elsewhere", "Elsewhere")):
        with pytest.raises(
            TemplateError, match=rf"GET {path} of Api is guarded by '{name}', an authorizer that is not"
        ):
            hand_written.http("GET", path)
