"""The platform's invocation policy: one attempt for a synchronous invoke; for an asynchronous one,
retries on the virtual clock, the event age limit, the dead letter and the destination records.

invocation-async.html, invocation-async-error-handling.html, invocation-async-retain-records.html.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

from pytest_lambda.context import LambdaContext
from pytest_lambda.runtime import destinations
from pytest_lambda.runtime.attempt import Request
from pytest_lambda.runtime.config import FunctionSettings, default_dead_letter_queue
from pytest_lambda.runtime.faults import ErrorObject
from pytest_lambda.runtime.logs import iso_ms
from pytest_lambda.runtime.results import Attempt, DeadLetter, DestinationRecord, InvokeResult

Condition = Literal["Success", "RetriesExhausted", "EventAgeExceeded"]
# Runs attempt ``number`` of a request, with the caller's context or (``None``) a fresh one.
RunAttempt = Callable[[int, Request, LambdaContext | None], tuple[Attempt, str | bytes | None]]

# invocation-async-error-handling.html: "a one-minute wait between the first two attempts, and
# two minutes between the second and third attempts".
RETRY_DELAYS_SECONDS = (60, 120)


def invoke_sync(run: RunAttempt, request: Request, context: LambdaContext | None, version: str) -> InvokeResult:
    """``RequestResponse``: one attempt; the caller gets its response, or its error with ``FunctionError``."""
    attempt, raw = run(1, request, context)
    function_error = None if attempt.error is None else "Unhandled"
    return InvokeResult(
        "RequestResponse", 200, raw, function_error, attempt.error, request.request_id, version, (attempt,)
    )


def invoke_async(
    function: FunctionSettings, run: RunAttempt, request: Request, context: LambdaContext | None
) -> InvokeResult:
    """``Event``: up to ``max_retry_attempts`` retries while the event is young enough, then the records.

    The caller sees 202 and nothing else: no payload, no ``FunctionError``.
    """
    clock = function.clock
    queued_ms = clock.now_ms()
    attempts: list[Attempt] = []
    raw: str | bytes | None = None
    condition: Condition = "RetriesExhausted"
    for number in range(1, function.max_retry_attempts + 2):
        if number > 1:
            clock.advance(RETRY_DELAYS_SECONDS[number - 2])
            if clock.now_ms() - queued_ms > function.maximum_event_age * 1000:
                condition = "EventAgeExceeded"
                break
        # Every attempt gets a fresh context whose countdown starts anew; retries keep the request id.
        attempt, raw = run(number, request, context if number == 1 else None)
        attempts.append(attempt)
        if attempt.outcome == "success":
            condition = "Success"
            break
    last = attempts[-1]
    dead: tuple[DeadLetter, ...] = ()
    records: tuple[DestinationRecord, ...] = ()
    if condition != "Success" and function.dead_letter_queue is not None:
        dead = (dead_letter(function.dead_letter_queue, request, last.error),)
    target = function.on_success if condition == "Success" else function.on_failure
    if target is not None:
        response = last.error if last.error is not None else (json.loads(raw) if isinstance(raw, str) else raw)
        records = (DestinationRecord(target, invocation_record(function, condition, request, attempts, response)),)
    return InvokeResult(
        "Event",
        202,
        None,
        None,
        last.error,
        request.request_id,
        function.config.version,
        tuple(attempts),
        dead,
        records,
    )


def dry_run(request_id: str, version: str) -> InvokeResult:
    """``DryRun``: the request is checked, nothing runs (204)."""
    return InvokeResult("DryRun", 204, None, None, None, request_id, version, ())


def deliver(function: FunctionSettings, result: InvokeResult) -> None:
    """Hand an asynchronous result's dead letters and records to the registered destinations."""
    destinations.deliver(
        result.dead_letters,
        result.destination_records,
        function_arn=function.qualified_arn,
        default_dead_letter_queue=default_dead_letter_queue(function.config),
    )


def dead_letter(target_arn: str, request: Request, error: ErrorObject | None) -> DeadLetter:
    """The event as the body, with ``RequestID``, ``ErrorCode`` and ``ErrorMessage`` attributes."""
    message = (error or {}).get("errorMessage", "")
    # "ErrorMessage: The first 1 KB of the error message"; ErrorCode is the HTTP status of the
    # invocation, 200 for a function error (as LocalStack sends it).
    first_kb = message.encode()[:1024].decode(errors="ignore")
    body = request.body
    return DeadLetter(
        target_arn=target_arn,
        body=body if isinstance(body, str) else body.decode(),
        message_attributes={
            "RequestID": {"DataType": "String", "StringValue": request.request_id},
            "ErrorCode": {"DataType": "Number", "StringValue": "200"},
            "ErrorMessage": {"DataType": "String", "StringValue": first_kb},
        },
    )


def invocation_record(
    function: FunctionSettings, condition: Condition, request: Request, attempts: list[Attempt], payload: Any
) -> dict[str, Any]:
    """The record an on-success or on-failure destination receives."""
    last = attempts[-1]
    response_context: dict[str, Any] = {"statusCode": 200, "executedVersion": function.config.version}
    if last.outcome != "success":
        response_context["functionError"] = "Unhandled"
    return {
        "version": "1.0",
        "timestamp": iso_ms(function.clock.now_ms()),
        "requestContext": {
            "requestId": request.request_id,
            "functionArn": function.qualified_arn,
            "condition": condition,
            "approximateInvokeCount": len(attempts),
        },
        "requestPayload": json.loads(request.body),
        "responseContext": response_context,
        "responsePayload": payload,
    }
