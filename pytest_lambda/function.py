"""Run a handler in process with Lambda's own semantics around it.

Sync and async invocation, retries and their delays, dead-letter queues, destinations, timeouts,
cold starts and logs follow the AWS Lambda Developer Guide (pages cited where used) and AWS's
Python runtime interface client.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import resource
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import ModuleType
from typing import Any, Literal, Protocol

from pytest_lambda import _ids, _runtime, _watchdog, logs
from pytest_lambda._call import HandlerCall
from pytest_lambda._runtime import ErrorObject, FaultError, Handler
from pytest_lambda._watchdog import HandlerTimedOut
from pytest_lambda.clock import REAL_CLOCK, VirtualClock, clock_token, fake_clock_in_force
from pytest_lambda.context import ContextConfig, LambdaContext
from pytest_lambda.environment import DEFAULT_HANDLER, POSIX_ENVIRON, EnvironSwap, lambda_environ
from pytest_lambda.errors import ConfigurationError, PytestLambdaError, with_docs
from pytest_lambda.logs import LOG_FORMATS, LOG_LEVELS, LogFormat, LogSink, Redirect
from pytest_lambda.report import ARCHITECTURES, RSS_UNIT, Architecture, Report, Status

__all__ = [
    "INVOCATION_TYPES",
    "Attempt",
    "DeadLetter",
    "DestinationRecord",
    "FunctionInitError",
    "InvokeResult",
    "LambdaFunction",
    "LambdaFunctionFactory",
    "RequestTooLargeError",
    "invoke",
]

InvocationType = Literal["RequestResponse", "Event", "DryRun"]
INVOCATION_TYPES: tuple[InvocationType, ...] = ("RequestResponse", "Event", "DryRun")
Outcome = Literal["success", "error", "timeout"]
Condition = Literal["Success", "RetriesExhausted", "EventAgeExceeded"]

# https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html: 6 MB sync request and
# response, 1 MB async request (raised from 256 KB in 2025; API_Invoke.html).
SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024
ASYNC_PAYLOAD_LIMIT = 1024 * 1024
# The runtime API refuses a larger response with Function.ResponseSizeTooLarge (6 MiB plus 100 bytes).
RESPONSE_LIMIT = SYNC_PAYLOAD_LIMIT + 100
# invocation-async-error-handling.html: "a one-minute wait between the first two attempts, and
# two minutes between the second and third attempts"; PutFunctionEventInvokeConfig bounds.
RETRY_DELAYS_SECONDS = (60, 120)
RETRY_ATTEMPTS_RANGE = (0, 2)
EVENT_AGE_RANGE = (60, 21600)
# invocation-async-retain-records.html: DLQ targets are SQS queues or SNS topics; destinations
# SQS, SNS, Lambda, EventBridge, and S3 (on failure only).
_DLQ_ARN = re.compile(r"arn:aws[a-z-]*:(sqs|sns):[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+")
_DESTINATION_ARN = re.compile(r"arn:aws[a-z-]*:(sqs|sns|lambda|events|s3):[a-z0-9-]*:[0-9]{0,12}:.+")


# The function whose variables are in os.environ now: one at a time, as one process is one environment.
_ACTIVE: dict[str, LambdaFunction] = {}


class FunctionInitError(PytestLambdaError, RuntimeError):
    """``initialize()`` failed: the Init phase raised, as ``error`` (the runtime's error object) says."""

    def __init__(self, error: ErrorObject) -> None:
        super().__init__(f"{error['errorType']}: {error['errorMessage']}")
        self.error = error


class RequestTooLargeError(PytestLambdaError, ValueError):
    """The Invoke request is over Lambda's payload limit (``RequestEntityTooLargeException``)."""


# What every attempt of a function shares: memory size, architecture, log format, version.
_Facts = tuple[int, Architecture, LogFormat, str]
# Attempt's arguments, as _attempt captures them: the attempt is made when first read.
_AttemptArgs = tuple[
    int,
    int,
    Outcome,
    ErrorObject | None,
    bool,
    _Facts,
    str,
    float,
    float | None,
    int,
    Status,
    str | None,
    str,
    str,
]


class Attempt:
    """One run of the handler for an invocation; async invocations may have up to three.

    Its ``report`` and log text (``logs``) are put together when first read, from numbers taken
    when the attempt ran: START/END/REPORT lines around what the init and the handler wrote.
    """

    __slots__ = ("_duration_ms", "_error_type", "_facts", "_init_ms", "_init_text", "_maxrss", "_report",
                 "_request_id", "_status", "_text", "cold_start", "error", "number", "outcome",
                 "timestamp_ms")  # fmt: skip

    def __init__(
        self,
        number: int,
        timestamp_ms: int,
        outcome: Outcome,
        error: ErrorObject | None,
        cold_start: bool,
        facts: _Facts,
        request_id: str,
        duration_ms: float,
        init_ms: float | None,
        maxrss: int,
        status: Status = "success",
        error_type: str | None = None,
        init_text: str = "",
        text: str = "",
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
        self._error_type = error_type
        self._init_text = init_text
        self._text = text
        self._report: Report | None = None

    @property
    def report(self) -> Report:
        """The attempt's REPORT: duration, billed duration, memory, init duration, status."""
        report = self._report
        if report is None:
            memory, architecture = self._facts[0], self._facts[1]
            duration_ms = round(self._duration_ms, 2)
            init_ms = None if self._init_ms is None else round(self._init_ms, 2)
            used = math.ceil(self._maxrss / RSS_UNIT)
            report = self._report = Report(
                self._request_id,
                duration_ms,
                # Billed rounds up to 1 ms and, since 2025-08-01, includes a cold start's init:
                # https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/
                max(math.ceil(duration_ms + init_ms) if init_ms else math.ceil(duration_ms), 1),
                memory,
                used if used < memory else memory,
                init_ms,
                self._status,
                self._error_type,
                architecture,
            )
        return report

    @property
    def timestamp(self) -> datetime:
        """When the attempt started, on the harness's clock (fake clocks included)."""
        return datetime.fromtimestamp(self.timestamp_ms / 1000, tz=timezone.utc)

    @property
    def logs(self) -> str:
        """What this attempt wrote to the function's log stream."""
        report = self.report
        _, _, fmt, version = self._facts
        rid = report.request_id
        if fmt == "JSON":
            end = report.json_line(_iso(self.timestamp_ms + math.ceil(report.duration_ms)))
        else:
            end = f"END RequestId: {rid}\n{report.line()}"
        return f"{self._init_text}{logs.start_line(fmt, rid, version, self.timestamp_ms)}{self._text}{end}"

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


class InvokeResult:
    """What the caller of ``Invoke`` sees, and what Lambda did around it.

    ``payload`` is parsed from the response JSON, ``logs`` joined and the ``Attempt`` of a
    synchronous invoke made when first read, all from what was captured at invoke time.
    """

    __slots__ = ("_attempts", "_payload", "_pending", "_raw", "dead_letters", "destination_records", "error",
                 "executed_version", "function_error", "invocation_type", "request_id", "status_code")  # fmt: skip

    def __init__(
        self,
        invocation_type: InvocationType,
        status_code: int,
        raw_payload: str | bytes | None,
        function_error: str | None,
        error: ErrorObject | None,
        request_id: str,
        executed_version: str,
        attempts: tuple[Attempt, ...] | None,
        dead_letters: tuple[DeadLetter, ...] = (),
        destination_records: tuple[DestinationRecord, ...] = (),
        pending: _AttemptArgs | None = None,
    ) -> None:
        self.invocation_type = invocation_type
        self.status_code = status_code
        self._raw = raw_payload
        self._payload: Any = _UNPARSED
        self.function_error = function_error
        self.error = error
        self.request_id = request_id
        self.executed_version = executed_version
        # Either the attempts, or (attempts None) the arguments of the one attempt to make when read.
        self._attempts = attempts
        self._pending = pending
        self.dead_letters = dead_letters
        self.destination_records = destination_records

    @property
    def attempts(self) -> tuple[Attempt, ...]:
        """Each run of the handler: one for a synchronous invoke, up to three for an asynchronous one."""
        attempts = self._attempts
        if attempts is None:
            assert self._pending is not None
            attempts = self._attempts = (Attempt(*self._pending),)
            self._pending = None
        return attempts

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

    def __repr__(self) -> str:
        return (
            f"InvokeResult(invocation_type={self.invocation_type!r}, status_code={self.status_code}, "
            f"function_error={self.function_error!r}, request_id={self.request_id!r}, "
            f"attempts={len(self.attempts)}, dead_letters={len(self.dead_letters)})"
        )


@dataclass(slots=True)
class _Environment:
    """One execution environment: the loaded handler, its log sink and its variables."""

    log_stream_name: str
    sink: LogSink
    environ: dict[str, str]
    watchdog_seconds: float
    handler: Handler | None = None
    module: ModuleType | None = None
    init_duration_ms: float | None = None
    call: HandlerCall = field(init=False)
    encoded_environ: tuple[tuple[bytes, bytes], ...] = field(init=False)

    def __post_init__(self) -> None:
        # Made once: one invocation at a time runs in an environment.
        self.call = HandlerCall(self.sink, self.watchdog_seconds)
        # The trace id is set on every invoke; applying it here saves the value it displaces.
        self.encoded_environ = EnvironSwap.encode({**self.environ, "_X_AMZN_TRACE_ID": ""})


def _check_range(name: str, value: object, bounds: tuple[int, int], unit: str) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigurationError(
            with_docs(f"{name}={value!r} is out of range: Lambda accepts {low} to {high} {unit}", "harness")
        )
    return value


def _check_choice(name: str, value: object, choices: tuple[Any, ...]) -> Any:
    if value not in choices:
        raise ConfigurationError(with_docs(f"{name}={value!r} is not valid; valid values: {list(choices)}", "harness"))
    return value


def _check_arn(name: str, value: object, pattern: re.Pattern[str], expected: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or pattern.fullmatch(value) is None:
        raise ConfigurationError(with_docs(f"{name}={value!r} is not valid: expected {expected}", "harness"))
    return value


def _handler_name(handler: str | Handler) -> str:
    if isinstance(handler, str):
        return handler
    module = getattr(handler, "__module__", None) or "lambda_function"
    return f"{module}.{getattr(handler, '__qualname__', 'lambda_handler')}"


def _iso(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


_request_id = _ids.REQUEST_IDS.take
_new = object.__new__
_trace_head = _ids.trace_head
_trace_tail = _ids.TRACE_TAILS.take
_join = "".join
_event_chunks = _runtime.event_chunks
_getrusage = resource.getrusage
_RUSAGE_SELF = resource.RUSAGE_SELF


class LambdaFunction:
    """One function and its execution environment, invoked in process.

    ``handler`` is a callable or a handler string (``"package/module.function"``) resolved as the
    runtime resolves it. Context settings (name, timeout, memory, region...) are those of
    ``make_context``; the others configure the asynchronous invocation and logging.
    """

    def __init__(
        self,
        handler: str | Handler,
        *,
        function_name: str = "test_function",
        timeout: int = 3,
        memory_size: int = 128,
        region: str = "us-east-1",
        account_id: str = "123456789012",
        version: str = "$LATEST",
        alias: str | None = None,
        environment: Mapping[str, str] | None = None,
        architecture: Architecture = "x86_64",
        log_format: LogFormat = "Text",
        log_level: str | None = None,
        initialization_type: str = "on-demand",
        max_retry_attempts: int = 2,
        maximum_event_age: int = 21600,
        dead_letter_queue: str | bool | None = None,
        on_success: str | None = None,
        on_failure: str | None = None,
        watchdog_seconds: float | None = None,
        clock: VirtualClock | None = None,
    ) -> None:
        if not isinstance(handler, str) and not callable(handler):
            raise ConfigurationError(
                with_docs(f"handler must be a callable or a 'module.function' string, got {handler!r}", "harness")
            )
        self.config = ContextConfig(
            function_name=function_name,
            timeout=timeout,
            memory_size=memory_size,
            region=region,
            account_id=account_id,
            version=version,
            alias=alias,
        )
        # Derived once: the per-invoke path is measured in microseconds.
        self._function_name = function_name
        self._version = version
        self._timeout_ms = timeout * 1000
        self._invoked_arn = self.config.invoked_function_arn
        self._memory = str(memory_size)
        self._log_group = self.config.log_group_name
        self.handler = handler
        self.handler_name = _handler_name(handler)
        self.environment = dict(environment or {})
        self.architecture: Architecture = _check_choice("architecture", architecture, ARCHITECTURES)
        self.log_format: LogFormat = _check_choice("log_format", log_format, LOG_FORMATS)
        if log_level is not None:
            _check_choice("log_level", log_level, LOG_LEVELS)
            if log_format != "JSON":
                # API_LoggingConfig.html: application log-level filtering needs the JSON format.
                raise ConfigurationError(
                    with_docs(f"log_level={log_level!r} needs log_format='JSON', as in Lambda", "harness")
                )
        self.log_level = log_level
        self.initialization_type = initialization_type
        self._facts: _Facts = (memory_size, self.architecture, self.log_format, version)
        self.max_retry_attempts = _check_range(
            "max_retry_attempts", max_retry_attempts, RETRY_ATTEMPTS_RANGE, "retries"
        )
        self.maximum_event_age = _check_range("maximum_event_age", maximum_event_age, EVENT_AGE_RANGE, "seconds")
        default_dlq = f"arn:{self.config.partition}:sqs:{region}:{account_id}:{function_name}-dlq"
        if dead_letter_queue is None or dead_letter_queue is True:
            dead_letter_queue = default_dlq
        self.dead_letter_queue = (
            None
            if dead_letter_queue is False
            else _check_arn("dead_letter_queue", dead_letter_queue, _DLQ_ARN, "an SQS queue or SNS topic ARN")
        )
        self.on_success = _check_arn(
            "on_success", on_success, _DESTINATION_ARN, "an SQS, SNS, Lambda or EventBridge ARN"
        )
        self.on_failure = _check_arn(
            "on_failure", on_failure, _DESTINATION_ARN, "an SQS, SNS, Lambda, EventBridge or S3 ARN"
        )
        if on_success is not None and on_success.split(":")[2] == "s3":
            raise ConfigurationError(
                with_docs("on_success cannot be an S3 bucket: S3 is for on-failure only", "harness")
            )
        if watchdog_seconds is not None and not watchdog_seconds > 0:
            raise ConfigurationError(
                with_docs(f"watchdog_seconds must be positive, got {watchdog_seconds!r}", "harness")
            )
        self.watchdog_seconds = watchdog_seconds
        self._watchdog_seconds = float(timeout) if watchdog_seconds is None else float(watchdog_seconds)
        self.clock = clock or VirtualClock()
        self.dead_letters: list[DeadLetter] = []
        self.destination_records: list[DestinationRecord] = []
        self._env: _Environment | None = None
        self._swap = EnvironSwap()
        self._applied_environ: dict[str, str] | None = None
        self._hold = False
        # Validated once here so a bad name or value fails before the first invoke.
        lambda_environ(self._context(request_id="", log_stream_name=""), variables=self.environment,
                       initialization_type=initialization_type)  # fmt: skip

    # -- public API -------------------------------------------------------------------------

    def invoke(
        self,
        event: Any = None,
        *,
        invocation_type: InvocationType = "RequestResponse",
        context: LambdaContext | None = None,
        client_context: Mapping[str, Any] | None = None,
        identity: Mapping[str, Any] | None = None,
        tenant_id: str | None = None,
    ) -> InvokeResult:
        """Invoke the function as ``Invoke`` would, returning what the caller and Lambda saw."""
        if invocation_type not in INVOCATION_TYPES:
            _check_choice("invocation_type", invocation_type, INVOCATION_TYPES)
        # _request_body's common case inlined: an event that encodes (to ASCII, so a byte a
        # character) within the smaller limit. Bytes, errors and big events take the full way.
        try:
            body: str | bytes = _join(_event_chunks(event, 0))
        except Exception:
            body = ""
        if not body or len(body) > ASYNC_PAYLOAD_LIMIT:
            body = self._request_body(event, invocation_type)
        request_id = context.aws_request_id if context is not None else _request_id()
        version = self.config.version
        if invocation_type == "RequestResponse":
            args, raw = self._attempt(1, body, request_id, context, client_context, identity, tenant_id, True)
            error = args[3]
            # InvokeResult(...)'s work without its __init__ frame: this runs on every invoke.
            result = _new(InvokeResult)
            result.invocation_type = "RequestResponse"
            result.status_code = 200
            result._raw = raw
            result._payload = _UNPARSED
            result.function_error = None if error is None else "Unhandled"
            result.error = error
            result.request_id = request_id
            result.executed_version = version
            result._attempts = None
            result._pending = args
            result.dead_letters = result.destination_records = ()
            return result
        if invocation_type == "Event":
            # ClientContext reaches the function on synchronous invocations only (API_Invoke.html).
            return self._invoke_async(body, request_id, context, identity, tenant_id)
        return InvokeResult("DryRun", 204, None, None, None, request_id, version, ())

    def initialize(self) -> LambdaFunction:
        """Run the Init phase now, as provisioned concurrency does: the next invoke is then warm."""
        if self._env is None or self._env.handler is None:
            env = self._env = self._env or self._new_environment()
            error = self._init(env)
            if error is not None:
                self._env = None
                raise FunctionInitError(error)
        return self

    @property
    def module(self) -> ModuleType | None:
        """The handler's module as this execution environment loaded it (``None`` before init)."""
        return None if self._env is None else self._env.module

    def reset(self) -> None:
        """Discard the execution environment: the next invoke is a cold start."""
        self._env = None

    def close(self) -> None:
        """Restore the environment variables the function's invocations set, and stop holding them."""
        if self._hold:
            logs.release()
            _watchdog.release()
        self._hold = False
        self._restore_environment()

    def _restore_environment(self) -> None:
        self._swap.restore()
        self._applied_environ = None
        if _ACTIVE.get("function") is self:
            del _ACTIVE["function"]

    def __enter__(self) -> LambdaFunction:
        # While open, the function's variables stay in os.environ between invokes, as they stay in
        # a Lambda execution environment: invokes then cost microseconds instead of setting and
        # restoring ~20 variables each time.
        if not self._hold:
            logs.hold()
            _watchdog.hold()
        self._hold = True
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _use_environment(self, env: _Environment) -> None:
        active = _ACTIVE.get("function")
        if active is not None and active is not self:
            active._restore_environment()
        self._swap.apply(env.encoded_environ)
        self._applied_environ = env.environ
        _ACTIVE["function"] = self

    @property
    def qualified_arn(self) -> str:
        """The function ARN with its version or alias, as invocation records name it."""
        qualifier = self.config.alias or self.config.version
        return f"{self.config.function_arn}:{qualifier}"

    # -- one attempt --------------------------------------------------------------------------

    def _context(
        self,
        *,
        request_id: str,
        log_stream_name: str,
        client_context: Mapping[str, Any] | None = None,
        identity: Mapping[str, Any] | None = None,
        tenant_id: str | None = None,
    ) -> LambdaContext:
        config = self.config
        return LambdaContext(
            aws_request_id=request_id,
            function_name=config.function_name,
            function_version=config.version,
            invoked_function_arn=self._invoked_arn,
            memory_limit_in_mb=self._memory,
            log_group_name=self._log_group,
            log_stream_name=log_stream_name,
            remaining_ms=config.timeout * 1000,
            client_context=client_context,
            identity=identity,
            tenant_id=tenant_id,
        )

    def _request_body(self, event: Any, invocation_type: InvocationType) -> str | bytes:
        if isinstance(event, (bytes, bytearray)):
            body: str | bytes = bytes(event)
            size = len(body)
        else:
            try:
                body = _runtime.encode_event(event)
            except (TypeError, ValueError) as exc:
                raise ConfigurationError(
                    with_docs(f"the event must be JSON-serialisable, as Invoke sends JSON: {exc}", "harness")
                ) from None
            size = len(body) if body.isascii() else len(body.encode())
        limit = ASYNC_PAYLOAD_LIMIT if invocation_type == "Event" else SYNC_PAYLOAD_LIMIT
        if size > limit:
            raise RequestTooLargeError(
                with_docs(
                    f"RequestEntityTooLargeException: Request must be smaller than {limit} bytes for "
                    f"{invocation_type} invocations; this event is {size} bytes",
                    "harness",
                )
            )
        return body

    def _new_environment(self) -> _Environment:
        log_stream = self.config.new_log_stream_name()
        context = self._context(request_id="", log_stream_name=log_stream)
        environ = lambda_environ(
            context,
            handler=self.handler_name if isinstance(self.handler, str) else DEFAULT_HANDLER,
            variables=self.environment,
            initialization_type=self.initialization_type,
        )
        # Credentials and the trace id are the caller's business here; the function's own
        # configuration is what a handler reads.
        for key in (
            "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "_X_AMZN_TRACE_ID",
        ):
            environ.pop(key, None)
        if self.log_format == "JSON":
            environ["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
        if self.log_level is not None:
            environ["AWS_LAMBDA_LOG_LEVEL"] = self.log_level
        return _Environment(
            log_stream_name=log_stream,
            sink=LogSink(self.log_format),
            environ=environ,
            watchdog_seconds=self._watchdog_seconds,
        )

    def _init(self, env: _Environment) -> ErrorObject | None:
        """The Init phase: INIT_START, then the handler's module imported (or the callable taken)."""
        runtime_version = f"python:{_python_version()}.v1"
        env.sink.write(
            logs.init_start_line(
                self.log_format,
                runtime_version,
                f"arn:aws:lambda:{self.config.region}::runtime:{_runtime_sha(runtime_version)}",
                self.clock.now_ms(),
                initialization_type=self.initialization_type,
                function_name=self.config.function_name,
                function_version=self.config.version,
            )
        )
        env.sink.request_id = ""
        started = time.perf_counter()
        try:
            with Redirect(env.sink):
                if isinstance(self.handler, str):
                    env.module, env.handler = _runtime.load_handler(self.handler)
                else:
                    env.handler = self.handler
        except Exception as exc:
            error = _runtime.error_from_exception(exc, None)
            env.init_duration_ms = (time.perf_counter() - started) * 1000
            with Redirect(env.sink):
                logging.getLogger().warning(_runtime.UNHANDLED_EXCEPTION_WARNING)
            self._log_error(env, error)
            # lambda-runtime-environment.html: INIT_REPORT when init fails; Lambda retries init on the next invoke.
            env.sink.write(
                f"INIT_REPORT Init Duration: {env.init_duration_ms:.2f} ms\tPhase: init\tStatus: error\t"
                f"Error Type: {error['errorType']}\n"
            )
            return error
        env.init_duration_ms = (time.perf_counter() - started) * 1000
        return None

    def _log_error(self, env: _Environment, error: ErrorObject) -> None:
        if self.log_format == "JSON":
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time()))
            env.sink.write(json.dumps({"timestamp": stamp, "level": "ERROR", **error}, ensure_ascii=False) + "\n")
        else:
            env.sink.write(_runtime.error_log_text(error))

    def _attempt(
        self,
        number: int,
        body: str | bytes,
        request_id: str,
        context: LambdaContext | None,
        client_context: Mapping[str, Any] | None,
        identity: Mapping[str, Any] | None,
        tenant_id: str | None,
        sync: bool,
    ) -> tuple[_AttemptArgs, str | bytes | None]:
        """One run of the handler: init if cold, the call, and what the report needs. The warm path is hot.

        Returns the ``Attempt``'s arguments (the caller makes it, or leaves that to the result) and
        the raw response.
        """
        env = self._env
        cold = env is None or env.handler is None
        init_text = ""
        init_error = None
        if cold:
            env = self._env = env or self._new_environment()
            init_error = self._init(env)
            init_text = env.sink.take()
        assert env is not None
        # Whether a fake clock is in force: fake_clock_active()'s first test, inlined. If one is,
        # the context reads it itself, as deep in the stack as freezegun's caller check expects.
        modules = sys.modules
        faked = ("freezegun.api" in modules or "time_machine" in modules) and fake_clock_in_force()
        # clock.now_ms(), inlined; time.time is looked up now, as freezegun may have patched it.
        now = int(time.time() * 1000)
        started_ms = now + self.clock.offset_ms
        sink = env.sink
        sink.request_id = request_id
        sink.tenant_id = tenant_id
        outcome: Outcome = "success"
        error: ErrorObject | None = None
        raw: str | bytes | None = None
        duration_ms = 0.0
        if init_error is not None:
            # The error reaches the caller with the init's empty requestId, and init is retried next time.
            outcome, error = "error", init_error
            env.handler = None
        else:
            if context is None:
                if identity is None and (client_context is None or not sync):
                    context = LambdaContext._for_invoke(
                        request_id,
                        self._function_name,
                        self._version,
                        self._invoked_arn,
                        self._memory,
                        self._log_group,
                        env.log_stream_name,
                        self._timeout_ms,
                        tenant_id,
                        None if faked else now,
                    )
                else:
                    context = LambdaContext(
                        aws_request_id=request_id,
                        function_name=self._function_name,
                        function_version=self._version,
                        invoked_function_arn=self._invoked_arn,
                        memory_limit_in_mb=self._memory,
                        log_group_name=self._log_group,
                        log_stream_name=env.log_stream_name,
                        remaining_ms=self._timeout_ms,
                        client_context=client_context if sync else None,
                        identity=identity,
                        tenant_id=tenant_id,
                    )
            if self._applied_environ is not env.environ or _ACTIVE.get("function") is not self:
                self._use_environment(env)
            # Set on every invoke, so written directly; _use_environment saved what it displaced.
            # _ids.trace_id(started_ms), inlined: two C calls.
            trace_id = _trace_head(started_ms // 1000) + _trace_tail()
            if POSIX_ENVIRON is not None:
                os.putenv(b"_X_AMZN_TRACE_ID", trace_id)
                POSIX_ENVIRON[b"_X_AMZN_TRACE_ID"] = trace_id
            else:  # pragma: no cover - not POSIX
                os.environ["_X_AMZN_TRACE_ID"] = trace_id.decode()
            special = env.module is not None or self.log_level is not None
            if special:
                restore = self._enter_special(env)
            handler = env.handler
            assert handler is not None
            started = time.perf_counter()
            try:
                raw = env.call(handler, body, context)
            except HandlerTimedOut:
                outcome = "timeout"
            except SystemExit as exc:
                outcome = "error"
                error = _runtime.make_error(
                    f"RequestId: {request_id} Error: Runtime exited with error: exit status {exc.code}",
                    _runtime.EXIT_ERROR,
                    None,
                    None,
                )
            except FaultError as exc:
                outcome, error = "error", _runtime.make_error(exc.message, exc.error_type, exc.trace, request_id)
            except Exception as exc:
                outcome, error = "error", _runtime.error_from_exception(exc, request_id)
            else:
                if sync and len(raw) > RESPONSE_LIMIT:
                    raw = None
                    outcome, error = (
                        "error",
                        {
                            "errorMessage": "Response payload size exceeded maximum allowed payload size "
                            f"({RESPONSE_LIMIT} bytes).",
                            "errorType": "Function.ResponseSizeTooLarge",
                        },
                    )
            finally:
                duration_ms = (time.perf_counter() - started) * 1000
                if special:
                    restore()
                if not self._hold:
                    self.close()
            # A handler that could not be interrupted, or whose fake clock moved past its deadline,
            # ran past its timeout: Lambda would have stopped it, so its result is lost. On the real
            # clock the duration tells; a fake clock must be asked.
            if outcome != "timeout" and (
                duration_ms >= self._timeout_ms
                or (
                    # fake_clock_active(), inlined: neither library loaded is the common case.
                    ("freezegun.api" in modules or "time_machine" in modules)
                    and clock_token() is not REAL_CLOCK
                    and context.get_remaining_time_in_millis() <= 0
                )
            ):
                outcome, error, raw = "timeout", None, None
        status: Status = "success"
        if outcome == "timeout":
            timeout = self.config.timeout
            sink.write(logs.timeout_line(self.log_format, request_id, timeout, self.clock.now_ms()))
            duration_ms = timeout * 1000.0
            error = {
                "errorMessage": f"RequestId: {request_id} Error: Task timed out after {timeout:.2f} seconds",
                "errorType": "Sandbox.Timedout",
            }
            raw = json.dumps(error)
            status = "timeout"
        elif error is not None:
            self._log_error(env, error)
            raw = json.dumps(error)
            if init_error is not None or error["errorType"] == _runtime.EXIT_ERROR:
                status = "error"
        if status != "success":
            # After a timeout or a crash Lambda resets the environment; the next invoke re-initialises
            # it (lambda-runtime-environment.html).
            self._env = None
        # sink.take(), inlined: most handlers write nothing, and then it is one call.
        buffer = sink.buffer
        text = buffer.getvalue()
        if text:
            buffer.seek(0)
            buffer.truncate()
        args: _AttemptArgs = (
            number,
            started_ms,
            outcome,
            error,
            cold,
            self._facts,
            request_id,
            duration_ms,
            (env.init_duration_ms or 0.0) if cold else None,
            # The process's peak resident memory: Lambda reports the environment's peak likewise.
            _getrusage(_RUSAGE_SELF).ru_maxrss,
            status,
            error["errorType"] if status == "error" and error else None,
            init_text,
            text,
        )
        return args, raw

    def _enter_special(self, env: _Environment) -> Callable[[], None]:
        """Set what only some functions need around a call; returns what undoes it."""
        # Classes defined in the handler's module must be found under its name (pickle, typing).
        module = env.module
        name = module.__name__ if module is not None else None
        displaced = sys.modules.get(name) if name else None
        if name:
            sys.modules[name] = module  # type: ignore[assignment]
        # setLevel clears every logger's cache, so only when Lambda would set it.
        root = logging.getLogger() if self.log_level is not None else None
        saved_level = root.level if root is not None else 0
        if root is not None:
            root.setLevel(logs.PYTHON_LEVELS[self.log_level])  # type: ignore[index]

        def restore() -> None:
            if name:
                if displaced is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = displaced
            if root is not None:
                root.setLevel(saved_level)

        return restore

    # -- asynchronous invocation -----------------------------------------------------------------

    def _invoke_async(
        self,
        body: str | bytes,
        request_id: str,
        context: LambdaContext | None,
        identity: Mapping[str, Any] | None,
        tenant_id: str | None,
    ) -> InvokeResult:
        clock = self.clock
        queued_ms = clock.now_ms()
        attempts: list[Attempt] = []
        raw: str | bytes | None = None
        condition: Condition = "RetriesExhausted"
        for number in range(1, self.max_retry_attempts + 2):
            if number > 1:
                clock.advance(RETRY_DELAYS_SECONDS[number - 2])
                if clock.now_ms() - queued_ms > self.maximum_event_age * 1000:
                    condition = "EventAgeExceeded"
                    break
            # Every attempt gets a fresh context whose countdown starts anew; retries keep the request id.
            args, raw = self._attempt(
                number, body, request_id, context if number == 1 else None, None, identity, tenant_id, False
            )
            attempt = Attempt(*args)
            attempts.append(attempt)
            if attempt.outcome == "success":
                condition = "Success"
                break
        last = attempts[-1]
        dead: tuple[DeadLetter, ...] = ()
        records: list[DestinationRecord] = []
        if condition != "Success" and self.dead_letter_queue is not None:
            dead = (self._dead_letter(body, request_id, last.error),)
        target = self.on_success if condition == "Success" else self.on_failure
        if target is not None:
            response = last.error if last.error is not None else (json.loads(raw) if isinstance(raw, str) else raw)
            records.append(DestinationRecord(target, self._record(condition, body, request_id, attempts, response)))
        self.dead_letters.extend(dead)
        self.destination_records.extend(records)
        if (dead or records) and "moto" in sys.modules:
            # Under moto's mock they also reach the queues, topics and buses they name (README#moto).
            from pytest_lambda.aws.delivery import deliver

            deliver(self, dead, records)
        # The caller of an asynchronous invoke sees 202 and nothing else: no payload, no FunctionError.
        return InvokeResult(
            "Event", 202, None, None, last.error, request_id, self.config.version, tuple(attempts), dead, tuple(records)
        )

    def _dead_letter(self, body: str | bytes, request_id: str, error: ErrorObject | None) -> DeadLetter:
        assert self.dead_letter_queue is not None
        message = (error or {}).get("errorMessage", "")
        # "ErrorMessage: The first 1 KB of the error message"; ErrorCode is the HTTP status of the
        # invocation, 200 for a function error (as LocalStack sends it).
        first_kb = message.encode()[:1024].decode(errors="ignore")
        return DeadLetter(
            target_arn=self.dead_letter_queue,
            body=body if isinstance(body, str) else body.decode(),
            message_attributes={
                "RequestID": {"DataType": "String", "StringValue": request_id},
                "ErrorCode": {"DataType": "Number", "StringValue": "200"},
                "ErrorMessage": {"DataType": "String", "StringValue": first_kb},
            },
        )

    def _record(
        self, condition: Condition, body: str | bytes, request_id: str, attempts: list[Attempt], payload: Any
    ) -> dict[str, Any]:
        last = attempts[-1]
        response_context: dict[str, Any] = {"statusCode": 200, "executedVersion": self.config.version}
        if last.outcome != "success":
            response_context["functionError"] = "Unhandled"
        return {
            "version": "1.0",
            "timestamp": _iso(self.clock.now_ms()),
            "requestContext": {
                "requestId": request_id,
                "functionArn": self.qualified_arn,
                "condition": condition,
                "approximateInvokeCount": len(attempts),
            },
            "requestPayload": json.loads(body),
            "responseContext": response_context,
            "responsePayload": payload,
        }


def _python_version() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def _runtime_sha(version: str) -> str:
    # A stable stand-in for the runtime version ARN's digest.
    return hashlib.sha256(version.encode()).hexdigest()


class LambdaFunctionFactory(Protocol):
    """The ``lambda_function`` fixture: builds a ``LambdaFunction`` with the test's settings as defaults."""

    def __call__(self, handler: str | Handler | None = None, **options: Any) -> LambdaFunction: ...


def invoke(handler: str | Handler, event: Any = None, **options: Any) -> InvokeResult:
    """Invoke ``handler`` once on a new function: ``options`` go to ``LambdaFunction`` or ``invoke``."""
    invoke_keys = {"invocation_type", "context", "client_context", "identity", "tenant_id"}
    call = {k: v for k, v in options.items() if k in invoke_keys}
    with LambdaFunction(handler, **{k: v for k, v in options.items() if k not in invoke_keys}) as function:
        return function.invoke(event, **call)
