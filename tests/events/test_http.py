"""The HTTP event sources: API Gateway (REST, HTTP, WebSocket, authorizers), ALB, function URLs, VPC Lattice."""

from __future__ import annotations

import base64
import json
import re
import urllib.parse
from typing import Any

import pytest
from aws_lambda_powertools.utilities.data_classes import (
    ALBEvent,
    APIGatewayProxyEvent,
    APIGatewayProxyEventV2,
    APIGatewayWebSocketEvent,
    LambdaFunctionUrlEvent,
    VPCLatticeEvent,
    VPCLatticeEventV2,
)
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerEventV2,
    APIGatewayAuthorizerRequestEvent,
    APIGatewayAuthorizerTokenEvent,
)
from aws_lambda_powertools.utilities.parser import models
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from pytest_lambda.events import EventOverrideError, make_event
from pytest_lambda.events._common import Gen
from pytest_lambda.events._registry import lookup
from pytest_lambda.events.apigateway import (
    METHODS,
    client_ip,
    comma_joined,
    execute_api_domain,
    header_value,
    http_request,
    multi_value,
    single_value,
)

from .shapes import SAMPLES

SEEDS = (0, 1, 7, 42, 2**31)

SOURCES = (
    "apigateway_rest",
    "apigateway_http",
    "apigateway_websocket",
    "apigateway_authorizer_token",
    "apigateway_authorizer_request",
    "apigateway_http_authorizer",
    "alb",
    "function_url",
    "vpc_lattice",
    "vpc_lattice_v2",
)

# Each source with one variant per shape, and the powertools parser model for it (None: no model fits).
SHAPES: list[tuple[str, dict[str, Any], type[BaseModel] | None]] = [
    ("apigateway_rest", {}, models.APIGatewayProxyEventModel),
    ("apigateway_http", {}, models.APIGatewayProxyEventV2Model),
    ("apigateway_websocket", {"route": "$connect"}, models.APIGatewayWebSocketConnectEventModel),
    ("apigateway_websocket", {"route": "$disconnect"}, models.APIGatewayWebSocketDisconnectEventModel),
    ("apigateway_websocket", {"route": "message"}, models.APIGatewayWebSocketMessageEventModel),
    ("apigateway_authorizer_token", {}, models.ApiGatewayAuthorizerToken),
    ("apigateway_authorizer_request", {}, models.ApiGatewayAuthorizerRequest),
    ("apigateway_http_authorizer", {}, models.ApiGatewayAuthorizerRequestV2),
    ("alb", {}, models.AlbModel),
    ("alb", {"multi_value_headers": True}, None),
    ("function_url", {}, models.LambdaFunctionUrlModel),
    ("function_url", {"auth_type": "AWS_IAM"}, models.LambdaFunctionUrlModel),
    ("vpc_lattice", {}, models.VpcLatticeModel),
    ("vpc_lattice_v2", {}, None),
]

# A field that must differ between seeds (an id), per source.
ID_PATHS = {
    "apigateway_rest": ("requestContext", "requestId"),
    "apigateway_http": ("requestContext", "requestId"),
    "apigateway_websocket": ("requestContext", "connectionId"),
    "apigateway_authorizer_token": ("authorizationToken",),
    "apigateway_authorizer_request": ("requestContext", "requestId"),
    "apigateway_http_authorizer": ("requestContext", "requestId"),
    "alb": ("requestContext", "elb", "targetGroupArn"),
    "function_url": ("requestContext", "requestId"),
    "vpc_lattice": ("headers", "host"),
    "vpc_lattice_v2": ("requestContext", "serviceArn"),
}

# A full request, to exercise every derived field at once.
FULL = {
    "method": "put",
    "path": "/orders/{id}",
    "path_parameters": {"id": "42"},
    "query": {"tag": ["a b", "c&d"], "page": "2"},
    "headers": {"X-Custom": ["one", "two"], "Accept": "application/json"},
    "cookies": {"session": "abc", "theme": "dark"},
    "body": {"item": "book", "qty": 2},
}
HTTP_FULL = ("apigateway_rest", "apigateway_http", "alb", "function_url", "vpc_lattice", "vpc_lattice_v2")


def dig(event: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        event = event[key]
    return event


def sample(relative: str) -> Any:
    return json.loads((SAMPLES / relative).read_text())


def kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "str", dict: "object", list: "list", type(None): "null"}[type(value)]


# Objects whose keys are data (header names, parameters), not fields: compare the kinds of their values.
MAPS = {
    "headers",
    "multiValueHeaders",
    "queryStringParameters",
    "multiValueQueryStringParameters",
    "pathParameters",
    "stageVariables",
    "query_string_parameters",
}


def assert_structure(actual: Any, expected: Any, where: str = "$", loose: frozenset[str] = frozenset()) -> None:
    """Same keys (except at ``loose`` paths: shared keys only) and same JSON kinds, recursively."""
    if expected is None or actual is None:
        return  # AWS uses null for absent values of any kind
    assert kind(actual) == kind(expected), f"{where}: {kind(actual)} != {kind(expected)}"
    if isinstance(expected, dict):
        key = where.rsplit(".", 1)[-1]
        if key in MAPS:
            kinds = {kind(v) for v in actual.values()} | {kind(v) for v in expected.values()}
            assert len(kinds) <= 1, f"{where}: mixed value kinds {kinds}"
            for value in actual.values():
                if isinstance(value, list):
                    assert all(isinstance(v, str) for v in value), where
            return
        if where not in loose:
            assert set(actual) == set(expected), f"{where}: {sorted(set(actual) ^ set(expected))}"
        for name in set(actual) & set(expected):
            assert_structure(actual[name], expected[name], f"{where}.{name}", loose)
    elif isinstance(expected, list) and expected and actual:
        assert_structure(actual[0], expected[0], f"{where}[]", loose)


def read_properties(wrapper: Any, names: list[str]) -> dict[str, Any]:
    return {name: getattr(wrapper, name) for name in names}


def b64decode(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


# -- 1. validation against powertools ---------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("name", "variant", "model"), SHAPES, ids=lambda v: v if isinstance(v, str) else None)
def test_validates_against_powertools_models(
    name: str, variant: dict[str, Any], model: type[BaseModel] | None, seed: int
) -> None:
    event = make_event(name, seed=seed, **variant)
    if model is not None:
        model.model_validate(event)
    full = make_event(name, seed=seed, **variant, **(FULL if name in HTTP_FULL else {}))
    if model is not None:
        model.model_validate(full)


@pytest.mark.parametrize("seed", SEEDS)
def test_rest_reads_through_the_data_class(seed: int) -> None:
    raw = make_event("apigateway_rest", seed=seed, **FULL)
    event = APIGatewayProxyEvent(raw)
    assert event.http_method == "PUT"
    assert event.path == "/orders/42"
    assert event.resource == "/orders/{id}"
    assert event.path_parameters == {"id": "42"}
    assert event.json_body == {"item": "book", "qty": 2}
    assert event.multi_value_query_string_parameters == {"tag": ["a b", "c&d"], "page": ["2"]}
    assert event.query_string_parameters == {"tag": "c&d", "page": "2"}
    assert event.request_context.identity.source_ip == raw["headers"]["X-Forwarded-For"]
    assert event.request_context.identity.user_agent == raw["headers"]["User-Agent"]
    assert event.request_context.stage == "prod"
    assert event.headers["cookie"] == "session=abc; theme=dark"


@pytest.mark.parametrize("seed", SEEDS)
def test_http_api_reads_through_the_data_class(seed: int) -> None:
    raw = make_event("apigateway_http", seed=seed, **FULL)
    event = APIGatewayProxyEventV2(raw)
    assert event.route_key == raw["requestContext"]["routeKey"] == "PUT /orders/{id}"
    assert event.raw_path == "/orders/42"
    assert event.cookies == ["session=abc", "theme=dark"]
    assert event.query_string_parameters == {"tag": "a b,c&d", "page": "2"}
    assert event.json_body == {"item": "book", "qty": 2}
    assert event.request_context.http.method == "PUT"
    assert event.request_context.http.source_ip == raw["headers"]["x-forwarded-for"]
    assert event.headers["x-custom"] == "one,two"


@pytest.mark.parametrize("seed", SEEDS)
def test_websocket_reads_through_the_data_class(seed: int) -> None:
    connect = APIGatewayWebSocketEvent(make_event("apigateway_websocket", seed=seed, route="$connect"))
    assert connect.request_context.event_type == "CONNECT"
    assert connect.request_context.connected_at == connect.request_context.request_time_epoch
    assert connect.headers["sec-websocket-version"] == "13"
    assert len(b64decode(connect.headers["Sec-WebSocket-Key"])) == 16
    gone = APIGatewayWebSocketEvent(make_event("apigateway_websocket", seed=seed, route="$disconnect"))
    assert gone.request_context.disconnect_status_code in (1000, 1001, 1005, 1006)
    assert gone.request_context.connected_at < gone.request_context.request_time_epoch
    message = APIGatewayWebSocketEvent(make_event("apigateway_websocket", seed=seed, body={"action": "ping"}))
    assert message.json_body == {"action": "ping"}
    assert message.request_context.message_id
    assert message.request_context.route_key == "$default"


@pytest.mark.parametrize("seed", SEEDS)
def test_authorizers_read_through_the_data_classes(seed: int) -> None:
    raw_token = make_event("apigateway_authorizer_token", seed=seed, token="allow", method="DELETE", path="/a/b")
    token = APIGatewayAuthorizerTokenEvent(raw_token)
    assert (token.get_type, token.authorization_token) == ("TOKEN", "allow")
    arn = token.parsed_arn
    assert (arn.region, arn.aws_account_id, arn.stage, arn.http_method, arn.resource) == (
        "us-east-1",
        "123456789012",
        "prod",
        "DELETE",
        "a/b",
    )
    assert arn.arn == token.method_arn

    raw_request = make_event(
        "apigateway_authorizer_request", seed=seed, **{k: v for k, v in FULL.items() if k != "body"}
    )
    request = APIGatewayAuthorizerRequestEvent(raw_request)
    assert request.get_type == "REQUEST"
    assert request.parsed_arn.arn == request.method_arn
    assert request.parsed_arn.api_id == raw_request["requestContext"]["apiId"]
    assert request.parsed_arn.resource == "orders/42"
    assert request.resource == "/orders/{id}"
    assert request.path_parameters == {"id": "42"}
    assert request.query_string_parameters == {"tag": "c&d", "page": "2"}
    assert request.headers["authorization"].startswith("Bearer ")
    assert request.request_context.stage == "prod"

    raw_v2 = make_event("apigateway_http_authorizer", seed=seed, token="secret", path="/merchants")
    v2 = APIGatewayAuthorizerEventV2(raw_v2)
    assert (v2.version, v2.get_type) == ("2.0", "REQUEST")
    assert v2.identity_source == ["secret"] == [v2.headers["authorization"]]
    assert v2.parsed_arn.arn == v2.route_arn
    assert v2.parsed_arn.stage == "$default"
    assert v2.route_key == "GET /merchants"
    assert v2.raw_path == "/merchants"


@pytest.mark.parametrize("seed", SEEDS)
def test_alb_function_url_and_lattice_read_through_the_data_classes(seed: int) -> None:
    alb = ALBEvent(make_event("alb", seed=seed, query={"q": "a b"}, body=b"\x00\x01"))
    assert alb.query_string_parameters == {"q": "a%20b"}  # ALB does not decode the query string
    assert alb.decoded_body == "\x00\x01"
    assert alb.request_context.elb_target_group_arn.startswith("arn:aws:elasticloadbalancing:us-east-1:123456789012:")

    url = LambdaFunctionUrlEvent(make_event("function_url", seed=seed, auth_type="AWS_IAM"))
    assert url.request_context.authorizer.iam.user_arn.startswith("arn:aws:iam::123456789012:user/")
    assert url.request_context.authorizer.iam.caller_id == url.request_context.authorizer.iam.user_id
    assert url.request_context.domain_name == f"{url.request_context.api_id}.lambda-url.us-east-1.on.aws"

    v1 = VPCLatticeEvent(make_event("vpc_lattice", seed=seed, body=b"binary", query={"a": "1"}))
    assert v1.decoded_body == "binary"
    assert v1.query_string_parameters == {"a": "1"}
    v2_raw = make_event("vpc_lattice_v2", seed=seed, query={"a": ["1", "2"]}, headers={"h": ["x", "y"]})
    v2 = VPCLatticeEventV2(v2_raw)
    assert v2.query_string_parameters == {"a": "1,2"}
    assert v2.headers["h"] == ["x", "y"]
    assert v2.request_context.region == "us-east-1"
    assert v2.request_context.identity.source_vpc_arn.startswith("arn:aws:ec2:us-east-1:123456789012:vpc/vpc-")


@pytest.mark.parametrize("seed", SEEDS)
def test_vpc_lattice_v2_matches_the_model_except_its_multi_value_maps(seed: int) -> None:
    """AWS sends V2 headers and query parameters as lists; powertools' model still types them as str."""
    event = make_event("vpc_lattice_v2", seed=seed, **FULL)
    flat = {**event, "headers": {k: ",".join(v) for k, v in event["headers"].items()}}
    flat["queryStringParameters"] = {k: ",".join(v) for k, v in event["queryStringParameters"].items()}
    parsed = models.VpcLatticeV2Model.model_validate(flat)
    assert parsed.request_context.time_epoch == int(event["requestContext"]["timeEpoch"])
    assert all(isinstance(v, list) for v in event["headers"].values())


# -- structure against the published samples --------------------------------------------------------


def test_websocket_disconnect_and_message_have_the_samples_shape() -> None:
    disconnect = make_event("apigateway_websocket", route="$disconnect")
    assert_structure(disconnect, sample("aws-lambda-go/apigw-websocket-request-disconnect.json"))
    message = make_event("apigateway_websocket", route="message")
    assert_structure(message, sample("aws-lambda-go/apigw-websocket-request-send-message.json"))


def test_connect_has_the_disconnect_samples_context_minus_the_close() -> None:
    expected = sample("aws-lambda-go/apigw-websocket-request-disconnect.json")["requestContext"]
    connect = make_event("apigateway_websocket", route="$connect")["requestContext"]
    assert set(connect) == set(expected) - {"disconnectStatusCode", "disconnectReason"}


def test_authorizers_have_the_samples_shape() -> None:
    assert_structure(
        make_event("apigateway_authorizer_token"), sample("powertools/apiGatewayAuthorizerTokenEvent.json")
    )
    assert_structure(
        make_event("apigateway_authorizer_request", stage_variables={"v": "1"}),
        sample("aws-lambda-go/apigw-custom-auth-request-type-request.json"),
        loose=frozenset({"$.requestContext", "$.requestContext.identity"}),
    )
    v2 = make_event(
        "apigateway_http_authorizer",
        query={"a": "1"},
        cookies=["c=1"],
        path="/m/{id}",
        stage_variables={"s": "v"},
    )
    v2_sample = sample("powertools/apiGatewayAuthorizerV2Event.json")
    del v2_sample["requestContext"]["authentication"]  # present with mutual TLS only
    assert_structure(v2, v2_sample)


def test_alb_and_function_url_have_the_samples_shape() -> None:
    assert_structure(make_event("alb"), sample("powertools/albEvent.json"))
    assert_structure(
        make_event("alb", multi_value_headers=True), sample("powertools/albMultiValueQueryStringEvent.json")
    )
    assert_structure(make_event("function_url"), sample("powertools/lambdaFunctionUrlEvent.json"))
    iam = make_event("function_url", auth_type="AWS_IAM")["requestContext"]["authorizer"]
    assert_structure(iam, sample("powertools/lambdaFunctionUrlIAMEvent.json")["requestContext"]["authorizer"])


def test_vpc_lattice_has_the_samples_shape() -> None:
    assert_structure(make_event("vpc_lattice"), sample("powertools/vpcLatticeEvent.json"))
    assert_structure(
        make_event("vpc_lattice_v2", query={"a": "1"}),
        sample("powertools/vpcLatticeV2EventWithHeaders.json"),
        loose=frozenset({"$.requestContext.identity"}),  # the identity's fields follow the auth type
    )


# -- 2. round trip, determinism, derived fields -----------------------------------------------------


@pytest.mark.parametrize("name", SOURCES)
def test_json_round_trip_and_determinism(name: str) -> None:
    with freeze_time("2024-05-06 07:08:09.123"):
        first = make_event(name, seed=3)
        again = make_event(name, seed=3)
        other = make_event(name, seed=4)
    assert json.loads(json.dumps(first)) == first
    assert json.dumps(first) == json.dumps(again)
    assert dig(first, ID_PATHS[name]) != dig(other, ID_PATHS[name])


@pytest.mark.parametrize("name", SOURCES)
def test_region_and_account_reach_every_arn(name: str) -> None:
    text = json.dumps(make_event(name, region="eu-west-3", account_id="210987654321"))
    arns = re.findall(r"arn:aws[\w-]*:[\w-]+:[\w-]*:\d*:", text)
    for arn in arns:
        assert arn.split(":")[3] in ("eu-west-3", ""), arn  # IAM and STS ARNs have no region
        assert arn.split(":")[4] == "210987654321", arn
    assert "us-east-1" not in text
    assert "123456789012" not in text


def test_china_partition_domains() -> None:
    rest = make_event("apigateway_rest", region="cn-north-1")
    assert rest["requestContext"]["domainName"].endswith(".execute-api.cn-north-1.amazonaws.com.cn")
    alb = make_event("alb", region="cn-north-1")
    assert alb["headers"]["host"].endswith(".cn-north-1.elb.amazonaws.com.cn")
    assert alb["requestContext"]["elb"]["targetGroupArn"].startswith("arn:aws-cn:elasticloadbalancing:cn-north-1:")


@freeze_time("2024-05-06 07:08:09.123")
def test_timestamps_come_from_the_clock() -> None:
    now = 1714979289123
    rest = make_event("apigateway_rest")["requestContext"]
    assert now - 50 <= rest["requestTimeEpoch"] <= now
    assert rest["requestTime"] == "06/May/2024:07:08:09 +0000"
    http = make_event("apigateway_http")["requestContext"]
    assert now - 50 <= http["timeEpoch"] <= now
    assert http["time"] == "06/May/2024:07:08:09 +0000"
    url = make_event("function_url")["requestContext"]
    assert now - 50 <= url["timeEpoch"] <= now
    lattice = make_event("vpc_lattice_v2")["requestContext"]
    assert now * 1000 - 51_000 <= int(lattice["timeEpoch"]) <= now * 1000 + 999
    trace = make_event("alb")["headers"]["x-amzn-trace-id"]
    assert re.fullmatch(r"Root=1-663881d9-[0-9a-f]{24}", trace)


def test_rest_derived_fields_agree() -> None:
    event = make_event("apigateway_rest", stage="v1", **FULL)
    context = event["requestContext"]
    assert event["httpMethod"] == context["httpMethod"] == "PUT"
    assert event["resource"] == context["resourcePath"] == "/orders/{id}"
    assert context["path"] == "/v1/orders/42"
    assert event["path"] == event["resource"].replace("{id}", event["pathParameters"]["id"])
    assert (
        context["domainName"] == event["headers"]["Host"] == f"{context['apiId']}.execute-api.us-east-1.amazonaws.com"
    )
    assert context["domainPrefix"] == context["apiId"]
    # Each single-value field is the last of its multi-value list.
    assert {k: v[-1] for k, v in event["multiValueHeaders"].items()} == event["headers"]
    assert {k: v[-1] for k, v in event["multiValueQueryStringParameters"].items()} == event["queryStringParameters"]
    assert event["multiValueHeaders"]["X-Custom"] == ["one", "two"]
    assert event["headers"]["Accept"] == "application/json"  # the caller's header replaced the default
    assert event["headers"]["Content-Type"] == "application/json"
    assert event["headers"]["Content-Length"] == str(len(event["body"].encode()))
    assert json.loads(event["body"]) == {"item": "book", "qty": 2}
    assert event["isBase64Encoded"] is False
    assert context["identity"]["sourceIp"] == event["headers"]["X-Forwarded-For"]


def test_http_api_derived_fields_agree() -> None:
    event = make_event("apigateway_http", **FULL)
    assert event["routeKey"] == event["requestContext"]["routeKey"] == "PUT /orders/{id}"
    assert event["rawPath"] == event["requestContext"]["http"]["path"] == "/orders/42"
    assert urllib.parse.parse_qsl(event["rawQueryString"]) == [("tag", "a b"), ("tag", "c&d"), ("page", "2")]
    assert event["queryStringParameters"] == {"tag": "a b,c&d", "page": "2"}
    assert event["cookies"] == ["session=abc", "theme=dark"]
    assert "cookie" not in event["headers"]
    assert all(name == name.lower() for name in event["headers"])
    assert event["headers"]["x-custom"] == "one,two"
    assert event["headers"]["host"] == event["requestContext"]["domainName"]
    assert event["requestContext"]["http"]["userAgent"] == event["headers"]["user-agent"]
    assert event["pathParameters"] == {"id": "42"}


def test_http_api_absent_fields_are_omitted_and_named_stages_prefix_the_path() -> None:
    event = make_event("apigateway_http", path="/health", stage="beta")
    for key in ("cookies", "queryStringParameters", "body", "pathParameters", "stageVariables"):
        assert key not in event
    assert event["rawQueryString"] == ""
    assert event["rawPath"] == event["requestContext"]["http"]["path"] == "/beta/health"
    assert event["routeKey"] == "GET /health"
    with pytest.raises(EventOverrideError, match="no field or shorthand 'cookie'"):
        make_event("apigateway_http", cookie=["a=1"])


def test_cookie_header_moves_to_cookies_in_payload_2() -> None:
    event = make_event("apigateway_http", headers={"Cookie": "a=1; b=2"}, cookies=["c=3"])
    assert event["cookies"] == ["a=1", "b=2", "c=3"]
    assert "cookie" not in event["headers"]
    rest = make_event("apigateway_rest", headers={"cookie": "a=1;b=2"})
    assert rest["headers"]["Cookie"] == "a=1; b=2"


def test_bodies_are_encoded_as_the_format_says() -> None:
    binary = make_event("apigateway_rest", body=b"\x89PNG\r\n")
    assert binary["isBase64Encoded"] is True
    assert b64decode(binary["body"]) == b"\x89PNG\r\n"
    assert binary["headers"]["Content-Type"] == "application/octet-stream"
    assert binary["headers"]["Content-Length"] == "6"
    assert binary["httpMethod"] == "POST"  # a body defaults the method to POST
    text = make_event("apigateway_http", body="héllo")
    assert (text["body"], text["isBase64Encoded"]) == ("héllo", False)
    assert text["headers"]["content-length"] == str(len("héllo".encode()))
    assert text["headers"]["content-type"].startswith("text/plain")
    own = make_event("function_url", body="<a/>", headers={"Content-Type": "application/xml"})
    assert own["headers"]["content-type"] == "application/xml"
    given = make_event("apigateway_rest", body="abc", headers={"content-length": "3"})
    assert given["multiValueHeaders"]["content-length"] == ["3"]  # the caller's header, not a second one
    assert "Content-Length" not in given["headers"]
    no_body = make_event("apigateway_rest")
    assert no_body["body"] is None
    assert "Content-Length" not in no_body["headers"]
    assert make_event("alb")["body"] == ""
    assert make_event("vpc_lattice")["body"] == ""
    lattice = make_event("vpc_lattice", body=b"\xff")
    assert (lattice["is_base64_encoded"], b64decode(lattice["body"])) == (True, b"\xff")
    with pytest.raises(EventOverrideError, match="body must be"):
        make_event("apigateway_rest", body=object())


def test_paths_templates_and_parameters_agree() -> None:
    greedy = make_event("apigateway_rest", path="/files/{proxy+}", path_parameters={"proxy": "a/b.txt"})
    assert (greedy["resource"], greedy["path"]) == ("/files/{proxy+}", "/files/a/b.txt")
    generated = make_event("apigateway_rest", path="/files/{proxy+}")
    assert generated["path"] == "/files/" + generated["pathParameters"]["proxy"]
    assert "/" in generated["pathParameters"]["proxy"]
    concrete = make_event(
        "apigateway_rest", path="/users/7/files/x/y.png", path_parameters={"user": "7", "f": "x/y.png"}
    )
    assert concrete["resource"] == "/users/{user}/files/{f+}"
    assert concrete["pathParameters"] == {"user": "7", "f": "x/y.png"}
    plain = make_event("apigateway_rest", path="/health")
    assert (plain["resource"], plain["path"], plain["pathParameters"]) == ("/health", "/health", None)
    named = make_event("apigateway_rest", path_parameters={"shop": "s1", "item": 9})
    assert re.fullmatch(r"/\w+s/\{shop\}/\{item\}", named["resource"])
    assert named["path"].endswith("/s1/9")
    with_query = make_event("apigateway_rest", path="/search?q=a%20b&q=c", query={"page": "1"})
    assert with_query["path"] == "/search"
    assert with_query["multiValueQueryStringParameters"] == {"q": ["a b", "c"], "page": ["1"]}
    raw = make_event("apigateway_http", query="?x=1&y=%2F")
    assert raw["rawQueryString"] == "x=1&y=%2F"
    assert raw["queryStringParameters"] == {"x": "1", "y": "/"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"path": "orders"}, "path must be a str starting with '/'"),
        ({"path": 3}, "path must be a str"),
        ({"path": "/a/{id}", "path_parameters": {"x": "1"}}, r"\['x'\] are not in the path template"),
        ({"path": "/a/{id}", "path_parameters": {"id": "1/2"}}, "holds a '/'"),
        ({"path": "/a/1", "path_parameters": {"id": "2"}}, "does not appear in path"),
        ({"path_parameters": ["id"]}, "path_parameters must be a dict"),
        ({"path": "/a/b", "path_parameters": {"id": ""}}, "path_parameters must be a dict of non-empty str"),
        ({"method": "FETCH"}, "method must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"),
        ({"method": 1}, "method must be one of"),
        ({"query": ["a"]}, "query must be a dict"),
        ({"query": {"a": 1}}, r"query\['a'\] must be a str"),
        ({"query": {"a": []}}, r"query\['a'\] must be a str or a non-empty list"),
        ({"headers": {"a": ["x", 2]}}, r"headers\['a'\] must be a str"),
        ({"cookies": "a=1"}, "cookies must be a dict of str or a list"),
        ({"cookies": ["novalue"]}, "cookies must be"),
        ({"cookies": {"a": 1}}, "cookies must be"),
        ({"stage": ""}, "stage must be a non-empty str"),
        ({"stage": "a/b"}, "stage must be"),
        ({"stage_variables": {"a": 1}}, "stage_variables must be a dict of str"),
    ],
)
def test_bad_http_shorthands_are_refused(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=message):
        make_event("apigateway_rest", **overrides)


def test_stage_variables_are_carried() -> None:
    assert make_event("apigateway_rest", stage_variables={"env": "test"})["stageVariables"] == {"env": "test"}
    assert make_event("apigateway_http", stage_variables={"env": "test"})["stageVariables"] == {"env": "test"}


def test_caller_headers_set_the_identity() -> None:
    event = make_event(
        "apigateway_rest", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9", "User-Agent": "curl/8"}
    )
    assert event["requestContext"]["identity"]["sourceIp"] == "203.0.113.9"
    assert event["requestContext"]["identity"]["userAgent"] == "curl/8"
    bad = make_event("apigateway_http", headers={"X-Forwarded-For": "unknown"})
    assert bad["requestContext"]["http"]["sourceIp"] != "unknown"
    models.APIGatewayProxyEventV2Model.model_validate(bad)


def test_websocket_routes() -> None:
    connect = make_event(
        "apigateway_websocket", route="$connect", query={"token": "t"}, headers={"Origin": "https://x"}
    )
    assert connect["requestContext"]["routeKey"] == "$connect"
    assert connect["requestContext"]["eventType"] == "CONNECT"
    assert connect["queryStringParameters"] == {"token": "t"}
    assert connect["multiValueQueryStringParameters"] == {"token": ["t"]}
    assert connect["headers"]["Origin"] == "https://x"
    assert connect["headers"]["Host"] == connect["requestContext"]["domainName"]
    assert connect["requestContext"]["identity"]["sourceIp"] == connect["headers"]["X-Forwarded-For"]
    assert "body" not in connect
    plain = make_event("apigateway_websocket", route="$connect")
    assert "queryStringParameters" not in plain
    gone = make_event("apigateway_websocket", route="$disconnect", connection_id="abc=")
    assert gone["requestContext"]["connectionId"] == "abc="
    assert gone["requestContext"]["eventType"] == "DISCONNECT"
    assert "body" not in gone
    binary = make_event("apigateway_websocket", route="$default", body=b"\x01")
    assert binary["isBase64Encoded"] is True
    assert b64decode(binary["body"]) == b"\x01"
    assert "headers" not in binary
    text = make_event("apigateway_websocket")
    assert json.loads(text["body"])["action"] == "sendmessage"
    context = text["requestContext"]
    assert context["requestId"] == context["extendedRequestId"]
    assert context["connectedAt"] < context["requestTimeEpoch"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"route": "$join"}, r"route must be one of '\$connect', '\$disconnect', 'message', '\$default'"),
        ({"route": "message", "headers": {"a": "b"}}, "headers do not apply to a 'message' event"),
        ({"route": "$disconnect", "query": {"a": "b"}, "body": "x"}, "query, body do not apply"),
        ({"route": "$connect", "body": "x"}, "body do not apply"),
        ({"connection_id": ""}, "connection_id must be a non-empty str"),
    ],
)
def test_bad_websocket_variants_are_refused(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(EventOverrideError, match=message):
        make_event("apigateway_websocket", **overrides)


def test_authorizer_derived_fields() -> None:
    token = make_event("apigateway_authorizer_token", path="/pets/{id}", stage="dev")
    assert re.fullmatch(
        r"arn:aws:execute-api:us-east-1:123456789012:[a-z0-9]{10}/dev/GET/pets/\d{4}", token["methodArn"]
    )
    assert token["authorizationToken"].startswith("Bearer ")
    assert len(token["authorizationToken"].split(".")) == 3
    request = make_event("apigateway_authorizer_request", token="tok", method="post", path="/pets")
    api_id = request["requestContext"]["apiId"]
    assert request["methodArn"] == f"arn:aws:execute-api:us-east-1:123456789012:{api_id}/prod/POST/pets"
    assert request["headers"]["Authorization"] == "tok"
    assert request["queryStringParameters"] == request["pathParameters"] == request["stageVariables"] == {}
    own = make_event("apigateway_http_authorizer", headers={"Authorization": "Basic x"}, method="PATCH", path="/a/b")
    assert own["identitySource"] == ["Basic x"]
    api_id = own["requestContext"]["apiId"]
    assert own["routeArn"] == f"arn:aws:execute-api:us-east-1:123456789012:{api_id}/$default/PATCH/a/b"
    assert own["routeKey"] == "PATCH /a/b"
    for name in ("apigateway_authorizer_request", "apigateway_http_authorizer"):
        with pytest.raises(EventOverrideError, match="no field or shorthand 'body'"):
            make_event(name, body="x")
    with pytest.raises(EventOverrideError, match="token must be a non-empty str"):
        make_event("apigateway_authorizer_token", token="")


def test_alb_query_and_header_rules() -> None:
    event = make_event("alb", query={"q": "a b", "tag": ["1", "2"]}, headers={"X-Dup": ["a", "b"]}, cookies=["s=1"])
    assert event["queryStringParameters"] == {"q": "a%20b", "tag": "2"}  # not decoded; last value wins
    assert event["headers"]["x-dup"] == "b"
    assert event["headers"]["cookie"] == "s=1"
    assert "multiValueHeaders" not in event
    multi = make_event("alb", multi_value_headers=True, query="q=a+b&q=c", headers={"X-Dup": ["a", "b"]})
    assert multi["multiValueQueryStringParameters"] == {"q": ["a+b", "c"]}
    assert multi["multiValueHeaders"]["x-dup"] == ["a", "b"]
    assert "headers" not in multi
    assert "queryStringParameters" not in multi
    assert all(name == name.lower() for name in multi["multiValueHeaders"])
    with pytest.raises(EventOverrideError, match="multi_value_headers must be True or False, got 'yes'"):
        make_event("alb", multi_value_headers="yes")


def test_function_url_shape_and_auth() -> None:
    event = make_event("function_url", query={"a": ["1", "2"]}, cookies={"s": "1"}, body={"x": 1})
    context = event["requestContext"]
    assert event["routeKey"] == context["routeKey"] == context["stage"] == "$default"
    assert context["accountId"] == "anonymous"
    assert "authorizer" not in context
    assert re.fullmatch(r"[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws", context["domainName"])
    assert context["domainPrefix"] == context["apiId"] == context["domainName"].split(".")[0]
    assert event["headers"]["host"] == context["domainName"]
    assert event["rawPath"] == context["http"]["path"]
    assert event["rawQueryString"] == "a=1&a=2"
    assert event["queryStringParameters"] == {"a": "1,2"}
    assert event["cookies"] == ["s=1"]
    assert re.fullmatch(r"[0-9a-f-]{36}", context["requestId"])
    iam = make_event("function_url", auth_type="AWS_IAM")["requestContext"]
    assert iam["accountId"] == iam["authorizer"]["iam"]["accountId"] == "123456789012"
    assert re.fullmatch(r"AKIA[A-Z0-9]{16}", iam["authorizer"]["iam"]["accessKey"])
    with pytest.raises(EventOverrideError, match="auth_type must be one of NONE, AWS_IAM, got 'IAM'"):
        make_event("function_url", auth_type="IAM")


def test_vpc_lattice_fields() -> None:
    v1 = make_event("vpc_lattice", query={"a": ["1", "2"]}, headers={"x-h": ["p", "q"]})
    assert v1["query_string_parameters"] == {"a": "1,2"}
    assert v1["headers"]["x-h"] == "p,q"
    assert re.fullmatch(r"10\.\d+\.\d+\.\d+", v1["headers"]["x-forwarded-for"])
    v2 = make_event("vpc_lattice_v2")
    context = v2["requestContext"]
    service_id = context["serviceArn"].rsplit("svc-", 1)[1]
    assert re.fullmatch(r"[0-9a-f]{17}", service_id)
    assert v2["headers"]["host"][0].split(".")[0].endswith("-" + service_id)
    assert v2["headers"]["host"][0].endswith(".vpc-lattice-svcs.us-east-1.on.aws")
    assert context["identity"]["principal"].endswith("/" + context["identity"]["sessionName"])
    assert context["region"] == "us-east-1"
    assert v2["queryStringParameters"] == {}


# -- the public helpers -----------------------------------------------------------------------------


def test_public_helpers() -> None:
    pairs = [("a", "1"), ("b", "2"), ("a", "3")]
    assert single_value(pairs) == {"a": "3", "b": "2"}
    assert multi_value(pairs) == {"a": ["1", "3"], "b": ["2"]}
    assert comma_joined(pairs) == {"a": "1,3", "b": "2"}
    assert header_value([("X-A", "1"), ("x-a", "2")], "X-a") == "2"
    assert header_value([], "x") is None
    assert client_ip([("X-Forwarded-For", "1.2.3.4, 5.6.7.8")], "9.9.9.9") == "5.6.7.8"
    assert client_ip([], "9.9.9.9") == "9.9.9.9"
    assert execute_api_domain(Gen(0, region="eu-west-1"), "abc") == "abc.execute-api.eu-west-1.amazonaws.com"
    request = http_request(Gen(1), {"method": "delete", "path": "/x/{id}", "query": {"k": "v w"}})
    assert (request.method, request.resource, request.raw_query) == ("DELETE", "/x/{id}", "k=v%20w")
    assert request.raw_query_pairs == [("k", "v%20w")]
    assert METHODS == ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def test_registered_with_shorthands_and_variants() -> None:
    assert lookup("apigateway").name == "apigateway_rest"
    assert lookup("http_api").name == "apigateway_http"
    assert set(lookup("apigateway_websocket").variants) == {"route"}
    assert "$disconnect" in lookup("apigateway_websocket").variants["route"]
    assert set(lookup("alb").variants) == {"multi_value_headers"}
    assert set(lookup("function_url").variants) == {"auth_type"}
    assert "multi_value_headers" in lookup("alb").shorthands
    assert "body" not in lookup("apigateway_authorizer_request").shorthands
    for name in SOURCES:
        assert lookup(name).docs.startswith("https://docs.aws.amazon.com/")


# -- 3. properties over seeds -----------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32))
def test_every_seed_validates_and_round_trips(seed: int) -> None:
    for name, variant, model in SHAPES:
        event = make_event(name, seed=seed, **variant)
        assert json.loads(json.dumps(event)) == event
        if model is not None:
            model.model_validate(event)
    lattice = make_event("vpc_lattice_v2", seed=seed)
    assert VPCLatticeEventV2(lattice).request_context.service_arn == lattice["requestContext"]["serviceArn"]


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 2**32),
    st.sampled_from(METHODS),
    st.dictionaries(st.text("abc_-", min_size=1, max_size=5), st.lists(st.text(max_size=6), min_size=1, max_size=3)),
)
def test_any_query_round_trips_through_raw_query_string(seed: int, method: str, query: dict[str, list[str]]) -> None:
    event = make_event("apigateway_http", seed=seed, method=method, query=query)
    pairs = urllib.parse.parse_qsl(event["rawQueryString"], keep_blank_values=True)
    assert pairs == [(k, v) for k, vs in query.items() for v in vs]
    assert event.get("queryStringParameters", {}) == {k: ",".join(vs) for k, vs in query.items()}
    rest = make_event("apigateway_rest", seed=seed, method=method, query=query)
    assert (rest["multiValueQueryStringParameters"] or {}) == query
    models.APIGatewayProxyEventModel.model_validate(rest)


def test_aws_field_overrides_merge_into_the_event() -> None:
    event = make_event(
        "apigateway_rest", requestContext={"authorizer": {"claims": {"sub": "u1"}}}, stageVariables={"a": "b"}
    )
    assert event["requestContext"]["authorizer"] == {"claims": {"sub": "u1"}}
    assert event["requestContext"]["apiId"]  # the rest of the context is kept
    assert event["stageVariables"] == {"a": "b"}
    models.APIGatewayProxyEventModel.model_validate(event)
    with pytest.raises(EventOverrideError, match="no field or shorthand 'httpmethod'"):
        make_event("apigateway_rest", httpmethod="GET")
