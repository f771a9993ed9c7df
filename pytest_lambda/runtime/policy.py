"""The platform's invocation policy: one attempt for a synchronous invoke; for an asynchronous one,
retries on the virtual clock, the event age limit, the dead letter and the destination records.

invocation-async.html, invocation-async-error-handling.html, invocation-async-retain-records.html.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

from pytest_lambda.context import LambdaContext
from pytest_lambda.errors import TooManyRequestsError
from pytest_lambda.runtime import concurrency, destinations
from pytest_lambda.runtime.attempt import Request
from pytest_lambda.runtime.config import FunctionSettings, default_dead_letter_queue
from pytest_lambda.runtime.faults import ErrorObject
from pytest_lambda.runtime.logs import iso_ms
from pytest_lambda.runtime.results import Attempt, DeadLetter, DestinationRecord, InvokeResult, throttled_result

Condition = Literal["Success", "RetriesExhausted", "EventAgeExceeded", "ZeroReservedConcurrency"]
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

    A throttled try (``run`` raises ``TooManyRequestsError``) is no attempt: the event goes back to the
    queue and is tried again with backoff until its age runs out; with reserved concurrency 0 it goes to
    the dead-letter queue or on-failure destination at once. The caller sees 202 and nothing else: no
    payload, no ``FunctionError``.
    """
    clock = function.clock
    queued_ms = clock.now_ms()
    attempts: list[Attempt] = []
    raw: str | bytes | None = None
    condition: Condition = "RetriesExhausted"
    throttles = 0  # tries throttled in a row, since the last attempt
    throttled = False  # the last try was throttled
    while True:
        number = len(attempts) + 1
        try:
            # Every attempt gets a fresh context whose countdown starts anew; retries keep the request id.
            attempt, raw = run(number, request, context if number == 1 else None)
        except TooManyRequestsError:
            throttled = True
            # invocation-async-retain-records.html: with reserved concurrency 0, new events go to the
            # dead-letter queue or on-failure destination "without any retries" (the condition is
            # LocalStack's: AWS documents none). Throttles are not function errors: they do not count
            # against max_retry_attempts (invocation-async-error-handling.html), only against the age.
            if function.reserved_concurrency == 0:
                condition = "ZeroReservedConcurrency"
                break
            throttles += 1
            clock.advance(concurrency.throttle_delay(throttles))
            if clock.now_ms() - queued_ms > function.maximum_event_age * 1000:
                condition = "EventAgeExceeded"
                break
            continue
        throttles, throttled = 0, False
        attempts.append(attempt)
        if attempt.outcome == "success":
            condition = "Success"
            break
        if number > function.max_retry_attempts:
            break
        clock.advance(RETRY_DELAYS_SECONDS[number - 1])
        if clock.now_ms() - queued_ms > function.maximum_event_age * 1000:
            condition = "EventAgeExceeded"
            break
    # An event that ended throttled has no response: the 429's error, and ErrorCode 429 in its dead letter.
    error = dict(concurrency.THROTTLE_ERROR) if throttled else attempts[-1].error
    dead: tuple[DeadLetter, ...] = ()
    records: tuple[DestinationRecord, ...] = ()
    if condition != "Success" and function.dead_letter_queue is not None:
        dead = (dead_letter(function.dead_letter_queue, request, error, "429" if throttled else "200"),)
    target = function.on_success if condition == "Success" else function.on_failure
    if target is not None:
        if throttled:
            record = invocation_record(function, condition, request, attempts, None, responded=False)
        else:
            response = error if error is not None else (json.loads(raw) if isinstance(raw, str) else raw)
            record = invocation_record(function, condition, request, attempts, response)
        records = (DestinationRecord(target, record),)
    version = function.config.version
    if not attempts:
        assert error is not None
        return throttled_result(
            function.config.function_name, "Event", 202, error, request.request_id, version, dead, records
        )
    return InvokeResult("Event", 202, None, None, error, request.request_id, version, tuple(attempts), dead, records)


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


def dead_letter(target_arn: str, request: Request, error: ErrorObject | None, error_code: str = "200") -> DeadLetter:
    """The event as the body, with ``RequestID``, ``ErrorCode`` and ``ErrorMessage`` attributes."""
    message = (error or {}).get("errorMessage", "")
    # "ErrorMessage: The first 1 KB of the error message"; ErrorCode is the HTTP status of the
    # invocation, 200 for a function error (as LocalStack sends it), 429 for a throttle.
    first_kb = message.encode()[:1024].decode(errors="ignore")
    body = request.body
    return DeadLetter(
        target_arn=target_arn,
        body=body if isinstance(body, str) else body.decode(),
        message_attributes={
            "RequestID": {"DataType": "String", "StringValue": request.request_id},
            "ErrorCode": {"DataType": "Number", "StringValue": error_code},
            "ErrorMessage": {"DataType": "String", "StringValue": first_kb},
        },
    )


def invocation_record(
    function: FunctionSettings,
    condition: Condition,
    request: Request,
    attempts: list[Attempt],
    payload: Any,
    *,
    responded: bool = True,
) -> dict[str, Any]:
    """The record an on-success or on-failure destination receives.

    An event that ended throttled (``responded=False``) had no response: its record has no
    ``responseContext`` or ``responsePayload`` (as LocalStack writes it; AWS shows no example).
    """
    record: dict[str, Any] = {
        "version": "1.0",
        "timestamp": iso_ms(function.clock.now_ms()),
        "requestContext": {
            "requestId": request.request_id,
            "functionArn": function.qualified_arn,
            "condition": condition,
            "approximateInvokeCount": len(attempts),
        },
        "requestPayload": json.loads(request.body),
    }
    if responded:
        response_context: dict[str, Any] = {"statusCode": 200, "executedVersion": function.config.version}
        if attempts[-1].outcome != "success":
            response_context["functionError"] = "Unhandled"
        record["responseContext"] = response_context
        record["responsePayload"] = payload
    return record
