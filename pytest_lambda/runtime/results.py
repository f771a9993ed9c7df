"""What an invoke returns: the ``InvokeResult``, its ``Attempt``s, dead letters and destination records.

A result keeps the raw numbers and text of its attempts; the payload is parsed, and the REPORT and
the log text put together, only when read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal

from pytest_lambda.errors import InvocationFailed
from pytest_lambda.runtime import logs
from pytest_lambda.runtime.observed import Observations, Observed
from pytest_lambda.runtime.report import Report, Status

if TYPE_CHECKING:
    from pytest_lambda.runtime.config import FunctionFacts
    from pytest_lambda.runtime.encoding import InvocationType
    from pytest_lambda.runtime.faults import ErrorObject

Outcome = Literal["success", "error", "timeout"]


class Attempt(Observed):
    """One run of the handler for an invocation; async invocations may have up to three.

    Its ``report`` and log text (``logs``) are put together when first read, from numbers taken
    when the attempt ran: START/END/REPORT lines around what the init and the handler wrote.
    """

    __slots__ = ("_duration_ms", "_facts", "_init_ms", "_init_text", "_maxrss", "_observed", "_report",
                 "_request_id", "_status", "_text", "_trace_id", "cold_start", "error", "number", "outcome",
                 "timestamp_ms")  # fmt: skip

    def __init__(
        self,
        number: int,
        timestamp_ms: int,
        outcome: Outcome,
        error: ErrorObject | None,
        cold_start: bool,
        facts: FunctionFacts,
        request_id: str,
        duration_ms: float,
        init_ms: float | None,
        maxrss: int,
        status: Status,
        init_text: str,
        text: str,
        trace_id: str | None = None,
    ) -> None:
        self.number = number
        self.timestamp_ms = timestamp_ms
        self.outcome = outcome
        self.error = error
        self.cold_start = cold_start
        self._facts = facts
        self._request_id = request_id
        # Raw numbers, read at invoke time (``maxrss``: getrusage's peak); ``report`` rounds them.
        self._duration_ms = duration_ms
        self._init_ms = init_ms
        self._maxrss = maxrss
        self._status = status
        self._init_text = init_text
        self._text = text
        self._report: Report | None = None
        # The trace's Root when the invocation was sampled: its X-Ray documents are kept under it.
        self._trace_id = trace_id

    @property
    def report(self) -> Report:
        """The attempt's REPORT: duration, billed duration, memory, init duration, status."""
        if self._report is None:
            facts, error = self._facts, self.error
            self._report = Report.measure(
                self._request_id,
                self._duration_ms,
                self._init_ms,
                self._maxrss,
                facts.memory_size,
                self._status,
                error["errorType"] if self._status == "error" and error else None,
                facts.architecture,
            )
        return self._report

    @property
    def timestamp(self) -> datetime:
        """When the attempt started, on the harness's clock (fake clocks included)."""
        return datetime.fromtimestamp(self.timestamp_ms / 1000, tz=timezone.utc)

    @property
    def logs(self) -> str:
        """What this attempt wrote to the function's log stream."""
        fmt = self._facts.log_format
        start = logs.start_line(fmt, self._request_id, self._facts.version, self.timestamp_ms)
        return f"{self._init_text}{start}{self._text}{logs.end_lines(fmt, self.report, self.timestamp_ms)}"

    def raise_for_error(self) -> Attempt:
        """Raise ``InvocationFailed`` (error, handler's trace, log) if this attempt failed; else return it."""
        __tracebackhide__ = True
        if self.error is not None:
            raise InvocationFailed(self._facts.function_name, self._request_id, dict(self.error), self.logs)
        return self

    def _observations(self) -> tuple[Observations]:
        try:
            return (self._observed,)
        except AttributeError:  # first read: set here, not at every invoke
            self._observed: Observations = Observations(lambda: self.logs, self._trace_id)
            return (self._observed,)

    def __repr__(self) -> str:
        return (
            f"Attempt(number={self.number}, timestamp_ms={self.timestamp_ms}, outcome={self.outcome!r}, "
            f"error={self.error!r}, cold_start={self.cold_start})"
        )


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """A message Lambda sent to the dead-letter queue: the event unchanged, plus three attributes.

    https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq
    """

    target_arn: str
    body: str
    message_attributes: dict[str, dict[str, str]]

    @property
    def event(self) -> Any:
        """The event, parsed from the body."""
        return json.loads(self.body)

    @property
    def request_id(self) -> str:
        return self.message_attributes["RequestID"]["StringValue"]

    @property
    def error_code(self) -> str:
        return self.message_attributes["ErrorCode"]["StringValue"]

    @property
    def error_message(self) -> str:
        return self.message_attributes["ErrorMessage"]["StringValue"]


@dataclass(frozen=True, slots=True)
class DestinationRecord:
    """An invocation record sent to an on-success or on-failure destination."""

    destination_arn: str
    record: dict[str, Any]

    @property
    def condition(self) -> str:
        return str(self.record["requestContext"]["condition"])


_UNPARSED: Any = object()


class InvokeResult(Observed):
    """What the caller of ``Invoke`` sees, and what Lambda did around it.

    ``payload`` is parsed from the response JSON when first read.
    """

    __slots__ = ("_payload", "_raw", "attempts", "dead_letters", "destination_records", "error", "executed_version",
                 "function_error", "invocation_type", "request_id", "status_code")  # fmt: skip

    def __init__(
        self,
        invocation_type: InvocationType,
        status_code: int,
        raw_payload: str | bytes | None,
        function_error: str | None,
        error: ErrorObject | None,
        request_id: str,
        executed_version: str,
        attempts: tuple[Attempt, ...],
        dead_letters: tuple[DeadLetter, ...] = (),
        destination_records: tuple[DestinationRecord, ...] = (),
    ) -> None:
        self.invocation_type = invocation_type
        self.status_code = status_code
        self._raw = raw_payload
        self._payload: Any = _UNPARSED
        self.function_error = function_error
        self.error = error
        self.request_id = request_id
        self.executed_version = executed_version
        # Each run of the handler: one for a synchronous invoke, up to three for an asynchronous one.
        self.attempts = attempts
        self.dead_letters = dead_letters
        self.destination_records = destination_records

    @property
    def payload(self) -> Any:
        """What the caller receives: the response JSON parsed (bytes as they are; ``None`` if async)."""
        if self._payload is _UNPARSED:
            raw = self._raw
            self._payload = json.loads(raw) if isinstance(raw, str) else raw
        return self._payload

    @property
    def logs(self) -> str:
        """Everything every attempt wrote, platform lines included."""
        return "".join(attempt.logs for attempt in self.attempts)

    @property
    def report(self) -> Report | None:
        """The REPORT of the last attempt."""
        return self.attempts[-1].report if self.attempts else None

    @property
    def cold_start(self) -> bool:
        """Whether the (first) attempt started a new execution environment."""
        return bool(self.attempts) and self.attempts[0].cold_start

    @property
    def ok(self) -> bool:
        """Whether the (last) attempt succeeded; a dry run, which runs nothing, is ok."""
        return not self.attempts or self.attempts[-1].outcome == "success"

    def raise_for_error(self) -> InvokeResult:
        """Raise ``InvocationFailed`` if the (last) attempt failed, else return the result, for chaining.

        The error carries the error type and message, the handler's stack trace and the log of every attempt.
        """
        __tracebackhide__ = True
        if not self.ok:
            last = self.attempts[-1]
            assert last.error is not None
            raise InvocationFailed(last._facts.function_name, self.request_id, dict(last.error), self.logs)
        return self

    def _observations(self) -> list[Observations]:
        return [part for attempt in self.attempts for part in attempt._observations()]

    def __repr__(self) -> str:
        error = ""
        if self.error is not None:
            error = f", error={_error_summary(self.error)}"
        return (
            f"InvokeResult(invocation_type={self.invocation_type!r}, status_code={self.status_code}, "
            f"function_error={self.function_error!r}{error}, request_id={self.request_id!r}, "
            f"attempts={len(self.attempts)}, dead_letters={len(self.dead_letters)})"
        )


# A repr names the error in full up to here; the rest is in ``error``.
_ERROR_REPR_LIMIT = 200


def _error_summary(error: ErrorObject) -> str:
    """``KeyError: 'price'``: the error's type and message on one line."""
    text = f"{error.get('errorType', '')}: {error.get('errorMessage', '')}".replace("\n", " ")
    return text if len(text) <= _ERROR_REPR_LIMIT else f"{text[:_ERROR_REPR_LIMIT]}..."


class _ThrottledResult(InvokeResult):
    """An invocation Lambda throttled every time it tried: the handler never ran, ``error`` is the 429's."""

    __slots__ = ("_function_name",)
    _function_name: str

    @property
    def ok(self) -> bool:
        return False

    def raise_for_error(self) -> InvokeResult:
        __tracebackhide__ = True
        assert self.error is not None
        raise InvocationFailed(self._function_name, self.request_id, dict(self.error), "")


def throttled_result(
    function_name: str,
    invocation_type: InvocationType,
    status_code: int,
    error: ErrorObject,
    request_id: str,
    executed_version: str,
    dead_letters: tuple[DeadLetter, ...] = (),
    destination_records: tuple[DestinationRecord, ...] = (),
) -> InvokeResult:
    """The result of an invocation that never ran: ``ok`` is false, ``raise_for_error`` raises the throttle."""
    result = _ThrottledResult(
        invocation_type, status_code, None, None, error, request_id, executed_version, (), dead_letters,
        destination_records,
    )  # fmt: skip
    result._function_name = function_name
    return result
