"""Reserved concurrency: how many invocations of a function may be in flight at once, and the throttle past it.

In Lambda a function's concurrency is the number of requests it is handling at once
(lambda-concurrency.html); reserved concurrency caps it, and 0 throttles every invocation
(configuration-concurrency.html). In process the invocations in flight at once are those nested in a
handler (a function invoking itself, or another function that invokes it back) and another thread's.
What each caller sees of a throttle: a synchronous ``Invoke`` gets 429 ``TooManyRequestsException``
(API_Invoke.html); an asynchronous event is retried by ``policy``; the pollers leave the batch where
it was (``pytest_lambda.aws.sqs``, ``pytest_lambda.aws.streams``).
"""

from __future__ import annotations

import threading
from typing import NoReturn

from pytest_lambda.errors import ConfigurationError, TooManyRequestsError, with_docs
from pytest_lambda.runtime.faults import ErrorObject

# Taken while a function's count of invocations in flight is read and changed: another thread's
# invoke is counted before the harness refuses it (inflight), so it is throttled as in Lambda.
LOCK = threading.Lock()
# The body of the 429 (the Invoke error shape; erlcloud's recorded Lambda response:
# {"Reason": "ReservedFunctionConcurrentInvocationLimitExceeded", "Type": "User", "message": "Rate Exceeded."}).
MESSAGE = "Rate Exceeded."
THROTTLE_ERROR: ErrorObject = {"errorType": TooManyRequestsError.error_type, "errorMessage": MESSAGE}
# invocation-async-error-handling.html: throttled events are retried with an interval that "increases
# exponentially from 1 second after the first attempt to a maximum of 5 minutes" (LocalStack's
# event_manager.py: min(2**n, 300) s), for up to the event's maximum age.
MAX_THROTTLE_DELAY_SECONDS = 300


def check_reserved_concurrency(value: object) -> int | None:
    """``None`` (no limit: the account's unreserved pool) or a whole number of invocations, 0 or more.

    API_PutFunctionConcurrency.html: ReservedConcurrentExecutions, an integer of at least 0.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError(
            with_docs(
                f"reserved_concurrency={value!r} is not valid: Lambda accepts a whole number of concurrent "
                "executions, 0 or more (0 throttles every invocation), or None for no reserved concurrency",
                "reserved-concurrency",
            )
        )
    return value


def throttle(function_name: str, reserved: int, running: int) -> NoReturn:
    """Raise the 429 a synchronous ``Invoke`` gets when the function's reserved concurrency is in use."""
    why = "0 throttles every invocation" if not reserved else f"{running} invocation(s) of it already in flight"
    raise TooManyRequestsError(
        with_docs(
            f"{TooManyRequestsError.error_type}: {MESSAGE} {function_name!r} has reserved_concurrency={reserved}: "
            f"{why} (HTTP {TooManyRequestsError.status_code}, Reason {TooManyRequestsError.reason})",
            "reserved-concurrency",
        ),
        function_name,
        reserved,
    )


def throttle_delay(throttles: int) -> int:
    """Seconds before an asynchronous event throttled ``throttles`` times in a row is tried again (1, 2, 4 ... 300)."""
    return min(1 << min(throttles - 1, 9), MAX_THROTTLE_DELAY_SECONDS)
