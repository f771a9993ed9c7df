"""Tests of the batch handler: the plugin's context counts down, freezegun and time-machine move it.

No test sleeps. Pricing a line "takes" time because the pricing hook handed to ``make_handler``
advances the fake clock (``frozen.tick`` / ``traveller.shift``) each time the handler calls it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import time_machine
from freezegun import freeze_time

from batch_api.handler import SAFETY_MARGIN_MS, OrderLine, PricedLine, ProcessLine, handler, make_handler, price_line
from pytest_lambda import LambdaContext

LINES: list[OrderLine] = [
    {"sku": f"SKU-{n:03d}", "quantity": n, "unit_price_cents": 250 + n} for n in range(1, 11)
]  # ten lines


def rest_api_event(
    lines: list[OrderLine] | None = None, *, body: str | None = None, base64_encoded: bool = False
) -> dict[str, Any]:
    """An API Gateway REST API (v1) Lambda-proxy event for ``POST /orders/ord-1001/lines``."""
    if body is None:
        body = json.dumps({"lines": LINES if lines is None else lines})
    if base64_encoded:
        body = base64.b64encode(body.encode()).decode()
    headers = {
        "Accept": "application/json",
        "Content-Type": "application/json",
        "Host": "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
        "User-Agent": "orders-client/2.3.1",
        "X-Amzn-Trace-Id": "Root=1-664f1e2a-3c1f4b0a9d8e7f6a5b4c3d2e",
        "X-Forwarded-For": "203.0.113.24",
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
    }
    return {
        "resource": "/orders/{orderId}/lines",
        "path": "/orders/ord-1001/lines",
        "httpMethod": "POST",
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"orderId": "ord-1001"},
        "stageVariables": None,
        "requestContext": {
            "resourceId": "k3x9ab",
            "resourcePath": "/orders/{orderId}/lines",
            "httpMethod": "POST",
            "extendedRequestId": "YkF2pH1ZoAMEbXw=",
            "requestTime": "23/May/2024:10:15:22 +0000",
            "path": "/prod/orders/ord-1001/lines",
            "accountId": "123456789012",
            "protocol": "HTTP/1.1",
            "stage": "prod",
            "domainPrefix": "a1b2c3d4e5",
            "requestTimeEpoch": 1716459322000,
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "identity": {
                "cognitoIdentityPoolId": None,
                "accountId": None,
                "cognitoIdentityId": None,
                "caller": None,
                "sourceIp": "203.0.113.24",
                "principalOrgId": None,
                "accessKey": None,
                "cognitoAuthenticationType": None,
                "cognitoAuthenticationProvider": None,
                "userArn": None,
                "userAgent": "orders-client/2.3.1",
                "user": None,
            },
            "domainName": "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
            "apiId": "a1b2c3d4e5",
        },
        "body": body,
        "isBase64Encoded": base64_encoded,
    }


def pricing_that_takes(advance: Callable[[], object]) -> tuple[ProcessLine, list[str]]:
    """A pricing hook that calls ``advance`` (moves a fake clock) per line, and the SKUs it priced."""
    priced: list[str] = []

    def process(line: OrderLine) -> PricedLine:
        priced.append(line["sku"])
        advance()
        return price_line(line)

    return process, priced


def body_of(response: Mapping[str, Any]) -> dict[str, Any]:
    """The decoded body of a proxy response, after checking the response is one."""
    assert set(response) == {"statusCode", "headers", "body"}
    assert response["headers"]["Content-Type"] == "application/json"
    assert isinstance(response["body"], str), "API Gateway needs the body as a string"
    decoded: dict[str, Any] = json.loads(response["body"])
    return decoded


def skus(lines: list[OrderLine]) -> list[str]:
    return [line["sku"] for line in lines]


@pytest.mark.lambda_context(timeout=30)
def test_prices_every_line_when_there_is_time(lambda_context: LambdaContext) -> None:
    with freeze_time("2024-05-23 10:15:22") as frozen:
        process, priced = pricing_that_takes(lambda: frozen.tick(timedelta(seconds=1)))
        response = make_handler(process)(rest_api_event(), lambda_context)

    body = body_of(response)
    assert response["statusCode"] == 200
    assert body["complete"] is True
    assert body["orderId"] == "ord-1001"
    assert priced == skus(LINES)
    assert body["processed"] == [price_line(line) for line in LINES]
    assert body["unprocessed"] == []
    # 30 s timeout, ten lines of 1 s each: 20 s left on the frozen clock.
    assert 19_000 < body["remainingTimeMs"] <= 20_000


@pytest.mark.lambda_context(timeout=5)
def test_stops_before_the_timeout_when_time_runs_low(lambda_context: LambdaContext) -> None:
    with freeze_time("2024-05-23 10:15:22") as frozen:
        process, priced = pricing_that_takes(lambda: frozen.tick(1.5))
        response = make_handler(process)(rest_api_event(), lambda_context)
        left_after = lambda_context.get_remaining_time_in_millis()

    body = body_of(response)
    # Left before each line: 5000, 3500, 2000 (priced), then 500 < 1000: stop.
    assert response["statusCode"] == 200
    assert body["complete"] is False
    assert priced == skus(LINES[:3])
    assert body["processed"] == [price_line(line) for line in LINES[:3]]
    assert body["unprocessed"] == skus(LINES[3:])
    assert body["remainingTimeMs"] == 500 < SAFETY_MARGIN_MS
    # The handler returned without letting the clock move on: the function would not have timed out.
    assert left_after == body["remainingTimeMs"]


@pytest.mark.parametrize(
    ("timeout", "expected_lines"),
    [
        # Lines cost 1.5 s; a line starts while at least 1 s is left.
        pytest.param(2, 1, marks=pytest.mark.lambda_context(timeout=2), id="2s"),
        pytest.param(5, 3, marks=pytest.mark.lambda_context(timeout=5), id="5s"),
        pytest.param(9, 6, marks=pytest.mark.lambda_context(timeout=9), id="9s"),
        pytest.param(30, 10, marks=pytest.mark.lambda_context(timeout=30), id="30s"),
    ],
)
def test_lines_priced_grow_with_the_timeout(lambda_context: LambdaContext, timeout: int, expected_lines: int) -> None:
    with freeze_time("2024-05-23 10:15:22") as frozen:
        assert lambda_context.get_remaining_time_in_millis() == pytest.approx(timeout * 1000, abs=5)
        process, priced = pricing_that_takes(lambda: frozen.tick(1.5))
        body = body_of(make_handler(process)(rest_api_event(), lambda_context))

    assert len(priced) == expected_lines
    assert skus(LINES) == priced + body["unprocessed"]
    assert body["complete"] is (expected_lines == len(LINES))


@pytest.mark.lambda_context(timeout=10)
def test_stops_early_under_time_machine(lambda_context: LambdaContext) -> None:
    start = datetime(2024, 5, 23, 10, 15, 22, tzinfo=timezone.utc)
    with time_machine.travel(start, tick=False) as traveller:
        process, priced = pricing_that_takes(lambda: traveller.shift(timedelta(seconds=2.5)))
        body = body_of(make_handler(process)(rest_api_event(), lambda_context))

    # Left before each line: 10000, 7500, 5000, 2500 (priced), then 0: stop.
    assert priced == skus(LINES[:4])
    assert body["unprocessed"] == skus(LINES[4:])
    assert body["remainingTimeMs"] == 0


@pytest.mark.lambda_context(timeout=3)
def test_prices_nothing_when_it_starts_inside_the_safety_margin(lambda_context: LambdaContext) -> None:
    with time_machine.travel(datetime(2024, 5, 23, 10, 15, 22, tzinfo=timezone.utc), tick=False) as traveller:
        traveller.shift(2.5)  # a slow cold start used up most of the 3 s
        process, priced = pricing_that_takes(lambda: None)
        body = body_of(make_handler(process)(rest_api_event(), lambda_context))

    assert priced == []
    assert body["processed"] == []
    assert body["unprocessed"] == skus(LINES)
    assert body["remainingTimeMs"] == 500 < SAFETY_MARGIN_MS


def test_answers_with_the_request_id_of_the_invocation(lambda_context: LambdaContext) -> None:
    response = handler(rest_api_event(LINES[:2]), lambda_context)

    assert response["headers"]["X-Request-Id"] == lambda_context.aws_request_id
    assert body_of(response)["processed"] == [
        {"sku": "SKU-001", "total_cents": 251},
        {"sku": "SKU-002", "total_cents": 504},
    ]


def test_reads_a_base64_encoded_body(lambda_context: LambdaContext) -> None:
    response = handler(rest_api_event(LINES[:1], base64_encoded=True), lambda_context)

    assert response["statusCode"] == 200
    assert body_of(response)["processed"] == [{"sku": "SKU-001", "total_cents": 251}]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "the body is not JSON"),
        ('["SKU-001"]', 'the body must be an object with a list "lines"'),
        ('{"lines": [{"sku": "SKU-001", "quantity": -1, "unit_price_cents": 5}]}', "lines[0].quantity"),
        ('{"lines": [{"sku": "", "quantity": 1, "unit_price_cents": 5}]}', "lines[0].sku"),
    ],
)
def test_refuses_a_bad_body(lambda_context: LambdaContext, body: str, message: str) -> None:
    response = handler(rest_api_event(body=body), lambda_context)

    assert response["statusCode"] == 400
    assert message in body_of(response)["message"]
