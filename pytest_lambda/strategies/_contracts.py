"""What a caller accepts from a handler: HTTP response contracts and partial batch responses.

The checks raise ``AssertionError`` whose message says what AWS would do instead (an API Gateway
502, a whole batch retried), so they read well inside ``@given`` and under ``--assert=plain``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_lambda.errors import PytestLambdaError, with_docs
from pytest_lambda.runtime import InvokeResult

# Which service answers for an HTTP source, and what its client gets when the function fails or
# returns something it cannot use:
# - REST API (and HTTP API payload 1.0): 502 {"message": "Internal server error"}, "Malformed Lambda
#   proxy response": https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html,
#   https://repost.aws/knowledge-center/malformed-502-api-gateway, services-apigateway-errors.html.
# - HTTP API payload 2.0: {"message":"Internal Server Error"}, status 500:
#   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html
# - Function URLs: the 2.0 rules (urls-invocation.html#urls-response-payload), 502 Bad Gateway.
# - ALB: 502 Bad Gateway for a malformed response or a function error
#   (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html).
_SERVICES: dict[str, tuple[str, str, str]] = {
    # source: (service, status line, payload format)
    "apigateway_rest": ("API Gateway", "502 Internal server error", "1.0"),
    "apigateway_http": ("API Gateway (HTTP API)", "500 Internal Server Error", "2.0"),
    "function_url": ("the function URL", "502 Bad Gateway", "2.0"),
    "alb": ("the load balancer", "502 Bad Gateway", "alb"),
}
HTTP_SOURCES = tuple(sorted(_SERVICES))

# The record field naming each item in a partial batch response (ReportBatchItemFailures):
# SQS messageId (services-sqs-errorhandling.html), Kinesis and DynamoDB Streams sequence numbers
# (services-kinesis-batchfailurereporting.html, services-ddb-batchfailurereporting.html).
_ITEM_IDS: dict[str, tuple[str, ...]] = {
    "aws:sqs": ("messageId",),
    "aws:kinesis": ("kinesis", "sequenceNumber"),
    "aws:dynamodb": ("dynamodb", "SequenceNumber"),
}
_BATCH_DOCS = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html"


class ContractUsageError(PytestLambdaError, ValueError):
    """A contract check asked about a source it does not know."""


def _service(source: str) -> tuple[str, str, str]:
    try:
        return _SERVICES[source]
    except KeyError:
        raise ContractUsageError(
            with_docs(f"no HTTP response contract for {source!r}; known: {', '.join(HTTP_SOURCES)}", "strategies")
        ) from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _str_map(value: Any) -> bool:
    return isinstance(value, Mapping) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _list_map(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(i, str) for i in v) for k, v in value.items()
    )


def http_response_problem(source: str, response: Any) -> str | None:
    """Why ``source``'s service would not accept ``response`` (a handler's return value), or ``None``."""
    _, _, version = _service(source)
    if version == "2.0" and not (isinstance(response, Mapping) and "statusCode" in response):
        # Payload 2.0 infers a 200 JSON response from any JSON without a statusCode.
        return None
    if not isinstance(response, Mapping):
        return f"the response is {type(response).__name__}, not an object with statusCode and body"
    problems = []
    if not _is_int(response.get("statusCode")):
        problems.append(f"statusCode is {response.get('statusCode')!r}, not an integer")
    if response.get("headers") is not None and not _str_map(response["headers"]):
        problems.append(f"headers {response['headers']!r} is not an object of string values")
    if (
        version != "2.0"
        and response.get("multiValueHeaders") is not None
        and not _list_map(response["multiValueHeaders"])
    ):
        problems.append(f"multiValueHeaders {response['multiValueHeaders']!r} is not an object of string lists")
    if response.get("body") is not None and not isinstance(response["body"], str):
        problems.append(f"body is {type(response['body']).__name__}, not a string (serialise it, e.g. json.dumps)")
    if response.get("isBase64Encoded") is not None and not isinstance(response["isBase64Encoded"], bool):
        problems.append(f"isBase64Encoded is {response['isBase64Encoded']!r}, not a boolean")
    cookies = response.get("cookies")
    if (
        version == "2.0"
        and cookies is not None
        and not (isinstance(cookies, list) and all(isinstance(c, str) for c in cookies))
    ):
        problems.append(f"cookies {cookies!r} is not a list of strings")
    description = response.get("statusDescription")
    if version == "alb" and description is not None and not isinstance(description, str):
        problems.append(f"statusDescription {description!r} is not a string")
    return "; ".join(problems) or None


def assert_http_response(source: str, result: Any) -> None:
    """Assert that ``source``'s service (API Gateway, function URL, ALB) would pass ``result`` to the client.

    ``result`` is an ``InvokeResult`` (a function error is then what the client sees as a 5xx) or a
    handler's return value.
    """
    __tracebackhide__ = True
    service, status, _ = _service(source)
    if isinstance(result, InvokeResult):
        if result.function_error is not None:
            error = result.error or {}
            raise AssertionError(
                f"{service} would answer {status} because the function failed: "
                f"{error.get('errorType')}: {error.get('errorMessage')}"
            )
        result = result.payload
    problem = http_response_problem(source, result)
    if problem is not None:
        raise AssertionError(f"{service} would answer {status} because {problem}. The response: {result!r}")


def _item_id(record: Mapping[str, Any]) -> Any:
    path = _ITEM_IDS.get(str(record.get("eventSource")))
    if path is None:
        raise ContractUsageError(
            with_docs(
                f"partial batch responses exist for SQS, Kinesis and DynamoDB Streams records; this record's "
                f"eventSource is {record.get('eventSource')!r}",
                "strategies",
            )
        )
    value: Any = record
    for key in path:
        value = value[key]
    return value


def batch_item_failures_problem(event: Mapping[str, Any], response: Any) -> str | None:
    """Why Lambda would take ``response`` as a failure of the whole batch, or ``None`` if it names real items.

    Complete success: a null or empty response or ``batchItemFailures``. Whole batch failed: a
    ``batchItemFailures`` that is not a list, an entry without a non-empty ``itemIdentifier``, or an
    identifier that is not an item of this batch (services-sqs-errorhandling.html, "Reporting batch
    item failures"; the same rules for streams).
    """
    if response is None or not isinstance(response, Mapping):
        return None if not response else f"the response {response!r} is not an object"
    failures = response.get("batchItemFailures")
    if failures is None:
        return None
    if not isinstance(failures, list):
        return f"batchItemFailures is {type(failures).__name__}, not a list"
    ids = [_item_id(record) for record in event.get("Records", [])]
    for index, failure in enumerate(failures):
        where = f"batchItemFailures[{index}]"
        if not isinstance(failure, Mapping) or "itemIdentifier" not in failure:
            return f"{where} is {failure!r}, which has no itemIdentifier"
        identifier = failure["itemIdentifier"]
        if not isinstance(identifier, str) or not identifier:
            return f"{where}.itemIdentifier is {identifier!r}: null or empty identifiers fail the batch"
        if identifier not in ids:
            return f"{where}.itemIdentifier {identifier!r} is not an item of this batch (its items: {ids})"
    return None


def assert_batch_item_failures(event: Mapping[str, Any], result: Any) -> None:
    """Assert that a partial batch response only names items of ``event``'s batch, so Lambda honours it.

    ``result`` is an ``InvokeResult`` (a function error fails the whole batch, which is allowed) or
    the handler's return value.
    """
    __tracebackhide__ = True
    if isinstance(result, InvokeResult):
        if result.function_error is not None:
            return
        result = result.payload
    problem = batch_item_failures_problem(event, result)
    if problem is not None:
        raise AssertionError(
            f"Lambda would treat the whole batch as failed and retry every item, because {problem}. See {_BATCH_DOCS}"
        )
