"""Run a handler in process with Lambda's own semantics around it.

Sync and async invocation, retries and their delays, dead-letter queues, destinations, timeouts,
cold starts and logs follow the AWS Lambda Developer Guide (pages cited where used) and AWS's
Python runtime interface client.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import re
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal, Protocol

from pytest_lambda import _runtime, _watchdog, logs
from pytest_lambda._runtime import ErrorObject, FaultError, Handler
from pytest_lambda._watchdog import HandlerTimedOut, watchdog
from pytest_lambda.clock import VirtualClock
from pytest_lambda.context import ContextConfig, LambdaContext
from pytest_lambda.environment import DEFAULT_HANDLER, lambda_environ
from pytest_lambda.errors import ConfigurationError, PytestLambdaError, with_docs
from pytest_lambda.logs import LOG_FORMATS, LOG_LEVELS, LogFormat, LogSink, Redirect
from pytest_lambda.report import ARCHITECTURES, Architecture, Report, Status

__all__ = [
    "INVOCATION_TYPES",
    "Attempt",
    "DeadLetter",
    "DestinationRecord",
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


class RequestTooLargeError(PytestLambdaError, ValueError):
    """The Invoke request is over Lambda's payload limit (``RequestEntityTooLargeException``)."""


@dataclass(slots=True)
class Attempt:
    """One run of the handler for an invocation; async invocations may have up to three."""

    number: int
    timestamp_ms: int
    outcome: Outcome
    error: ErrorObject | None
    report: Report
    cold_start: bool

    @property
    def timestamp(self) -> datetime:
        """When the attempt started, on the harness's clock (fake clocks included)."""
        return datetime.fromtimestamp(self.timestamp_ms / 1000, tz=timezone.utc)


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


@dataclass(slots=True)
class InvokeResult:
    """What the caller of ``Invoke`` sees, and what Lambda did around it."""

    invocation_type: InvocationType
    status_code: int
    payload: Any
    function_error: str | None
    error: ErrorObject | None
    request_id: str
    executed_version: str
    logs: str
    report: Report | None
    cold_start: bool
    attempts: tuple[Attempt, ...]
    dead_letters: tuple[DeadLetter, ...] = ()
    destination_records: tuple[DestinationRecord, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the (last) attempt succeeded."""
        return self.function_error is None


@dataclass(slots=True)
class _Environment:
    """One execution environment: the loaded handler, its log sink and its variables."""

    log_stream_name: str
    sink: LogSink
    environ: dict[str, str]
    handler: Handler | None = None
    init_duration_ms: float | None = None
    invocations: int = 0


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


# Ids need uniqueness, not secrecy: a PRNG seeded from the OS avoids a system call per invoke.
_random = random.Random(os.urandom(32))


def _trace_id(now_ms: int) -> str:
    # X-Ray header: Root=1-<8 hex epoch seconds>-<24 hex>;Parent=<16 hex>;Sampled=0|1
    bits = f"{_random.getrandbits(160):040x}"
    return f"Root=1-{now_ms // 1000:08x}-{bits[:24]};Parent={bits[24:]};Sampled=0"


def _request_id() -> str:
    # A version-4 UUID, as Lambda's request ids are, without uuid.UUID's slower constructor.
    h = f"{_random.getrandbits(128) & ~(0xF << 76) & ~(0x3 << 62) | (0x4 << 76) | (0x2 << 62):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


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
        self.clock = clock or VirtualClock()
        self.dead_letters: list[DeadLetter] = []
        self.destination_records: list[DestinationRecord] = []
        self._env: _Environment | None = None
        self._original_environ: dict[str, str | None] = {}
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
        _check_choice("invocation_type", invocation_type, INVOCATION_TYPES)
        body = self._request_body(event, invocation_type)
        request_id = context.aws_request_id if context is not None else _request_id()
        if invocation_type == "DryRun":
            return InvokeResult(
                invocation_type, 204, None, None, None, request_id, self.config.version, "", None, False, ()
            )
        if invocation_type == "Event":
            # ClientContext reaches the function on synchronous invocations only (API_Invoke.html).
            return self._invoke_async(body, request_id, context, identity, tenant_id)
        attempt, payload, text = self._attempt(
            1, body, request_id, context, client_context, identity, tenant_id, sync=True
        )
        return InvokeResult(
            invocation_type="RequestResponse",
            status_code=200,
            payload=payload,
            function_error=None if attempt.outcome == "success" else "Unhandled",
            error=attempt.error,
            request_id=request_id,
            executed_version=self.config.version,
            logs=text,
            report=attempt.report,
            cold_start=attempt.cold_start,
            attempts=(attempt,),
        )

    def reset(self) -> None:
        """Discard the execution environment: the next invoke is a cold start."""
        self._env = None

    def close(self) -> None:
        """Restore the environment variables the function's invocations set, and stop holding them."""
        if self._hold:
            logs.release()
            _watchdog.release()
        self._hold = False
        for key, value in self._original_environ.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._original_environ.clear()
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

    def _use_environment(self, environ: dict[str, str]) -> None:
        if self._applied_environ is environ and _ACTIVE.get("function") is self:
            return
        active = _ACTIVE.get("function")
        if active is not None and active is not self:
            active.close()
        current = os.environ
        for key, value in (*environ.items(), ("_X_AMZN_TRACE_ID", "")):
            if key not in self._original_environ:
                self._original_environ[key] = current.get(key)
            if key != "_X_AMZN_TRACE_ID" and current.get(key) != value:
                current[key] = value
        self._applied_environ = environ
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

    def _request_body(self, event: Any, invocation_type: InvocationType) -> bytes:
        if isinstance(event, (bytes, bytearray)):
            body = bytes(event)
        else:
            try:
                body = json.dumps(event).encode()
            except (TypeError, ValueError) as exc:
                raise ConfigurationError(
                    with_docs(f"the event must be JSON-serialisable, as Invoke sends JSON: {exc}", "harness")
                ) from None
        limit = ASYNC_PAYLOAD_LIMIT if invocation_type == "Event" else SYNC_PAYLOAD_LIMIT
        if len(body) > limit:
            raise RequestTooLargeError(
                with_docs(
                    f"RequestEntityTooLargeException: Request must be smaller than {limit} bytes for "
                    f"{invocation_type} invocations; this event is {len(body)} bytes",
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
        return _Environment(log_stream_name=log_stream, sink=LogSink(self.log_format), environ=environ)

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
                env.handler = self.handler if not isinstance(self.handler, str) else _runtime.load_handler(self.handler)
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
        body: bytes,
        request_id: str,
        context: LambdaContext | None,
        client_context: Mapping[str, Any] | None,
        identity: Mapping[str, Any] | None,
        tenant_id: str | None,
        *,
        sync: bool,
    ) -> tuple[Attempt, Any, str]:
        started_ms = self.clock.now_ms()
        env = self._env
        cold = env is None or env.handler is None
        if env is None:
            env = self._env = self._new_environment()
        sink = env.sink
        init_error = self._init(env) if cold else None
        sink.request_id = request_id
        sink.tenant_id = tenant_id
        sink.write(logs.start_line(self.log_format, request_id, self.config.version, started_ms))
        outcome: Outcome = "success"
        error: ErrorObject | None = None
        payload: Any = None
        duration_ms = 0.0
        if init_error is not None:
            # The error reaches the caller with the init's empty requestId, and init is retried next time.
            outcome, error = "error", init_error
            env.handler = None
        else:
            if context is None:
                context = self._context(
                    request_id=request_id,
                    log_stream_name=env.log_stream_name,
                    client_context=client_context if sync else None,
                    identity=identity,
                    tenant_id=tenant_id,
                )
            outcome, error, payload, duration_ms = self._call(env, body, request_id, context, sync)
        timeout = self.config.timeout
        if outcome == "timeout":
            sink.write(logs.timeout_line(self.log_format, request_id, timeout, self.clock.now_ms()))
            duration_ms = timeout * 1000.0
            error = {
                "errorMessage": f"RequestId: {request_id} Error: Task timed out after {timeout:.2f} seconds",
                "errorType": "Sandbox.Timedout",
            }
            payload = error
        elif error is not None:
            self._log_error(env, error)
            payload = error
        sink.write(logs.end_line(self.log_format, request_id))
        status: Status = (
            "timeout"
            if outcome == "timeout"
            else "error"
            if init_error is not None or error_type_is_exit(error)
            else "success"
        )
        report = Report.measure(
            request_id=request_id,
            duration_ms=duration_ms,
            memory_size_mb=self.config.memory_size,
            init_duration_ms=env.init_duration_ms if cold else None,
            status=status,
            error_type=error["errorType"] if status == "error" and error else None,
            architecture=self.architecture,
        )
        sink.write(report.json_line(_iso(self.clock.now_ms())) if self.log_format == "JSON" else report.line())
        env.invocations += 1
        if outcome == "timeout" or status == "error":
            # After a timeout or a crash Lambda resets the environment; the next invoke re-initialises
            # it (lambda-runtime-environment.html).
            self._env = None
        attempt = Attempt(number, started_ms, outcome, error, report, cold)
        return attempt, payload, sink.take()

    def _call(
        self, env: _Environment, body: bytes, request_id: str, context: LambdaContext, sync: bool
    ) -> tuple[Outcome, ErrorObject | None, Any, float]:
        handler = env.handler
        assert handler is not None
        self._use_environment(env.environ)
        os.environ["_X_AMZN_TRACE_ID"] = _trace_id(self.clock.now_ms())
        # setLevel clears every logger's cache, so only when Lambda would set it.
        root = logging.getLogger() if self.log_level is not None else None
        saved_level = root.level if root is not None else 0
        if root is not None:
            root.setLevel(logs.PYTHON_LEVELS[self.log_level])  # type: ignore[index]
        outcome: Outcome = "success"
        error: ErrorObject | None = None
        payload: Any = None
        seconds = self.watchdog_seconds if self.watchdog_seconds is not None else float(self.config.timeout)
        started = time.perf_counter()
        try:
            with Redirect(env.sink), watchdog(seconds):
                response = handler(_runtime.unmarshal_request(body), context)
                marshalled = _runtime.marshal_response(response)
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
            if sync and len(marshalled) > RESPONSE_LIMIT:
                outcome, error = (
                    "error",
                    {
                        "errorMessage": "Response payload size exceeded maximum allowed payload size "
                        f"({RESPONSE_LIMIT} bytes).",
                        "errorType": "Function.ResponseSizeTooLarge",
                    },
                )
            else:
                payload = marshalled if isinstance(marshalled, bytes) else json.loads(marshalled)
        finally:
            duration_ms = (time.perf_counter() - started) * 1000
            if root is not None:
                root.setLevel(saved_level)
            if not self._hold:
                self.close()
        # A handler that could not be interrupted, or whose fake clock moved past its deadline,
        # ran past its timeout: Lambda would have stopped it, so its result is lost.
        if outcome != "timeout" and (
            context.get_remaining_time_in_millis() <= 0 or duration_ms >= self.config.timeout * 1000
        ):
            outcome, error, payload = "timeout", None, None
        return outcome, error, payload, duration_ms

    # -- asynchronous invocation -----------------------------------------------------------------

    def _invoke_async(
        self,
        body: bytes,
        request_id: str,
        context: LambdaContext | None,
        identity: Mapping[str, Any] | None,
        tenant_id: str | None,
    ) -> InvokeResult:
        clock = self.clock
        queued_ms = clock.now_ms()
        attempts: list[Attempt] = []
        texts: list[str] = []
        payload: Any = None
        condition: Condition = "RetriesExhausted"
        for number in range(1, self.max_retry_attempts + 2):
            if number > 1:
                clock.advance(RETRY_DELAYS_SECONDS[number - 2])
                if clock.now_ms() - queued_ms > self.maximum_event_age * 1000:
                    condition = "EventAgeExceeded"
                    break
            # Every attempt gets a fresh context whose countdown starts anew; retries keep the request id.
            attempt, payload, text = self._attempt(
                number, body, request_id, context if number == 1 else None, None, identity, tenant_id, sync=False
            )
            attempts.append(attempt)
            texts.append(text)
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
            records.append(DestinationRecord(target, self._record(condition, body, request_id, attempts, payload)))
        self.dead_letters.extend(dead)
        self.destination_records.extend(records)
        return InvokeResult(
            invocation_type="Event",
            status_code=202,
            payload=None,
            function_error=None if last.outcome == "success" else "Unhandled",
            error=last.error,
            request_id=request_id,
            executed_version=self.config.version,
            logs="".join(texts),
            report=last.report,
            cold_start=attempts[0].cold_start,
            attempts=tuple(attempts),
            dead_letters=dead,
            destination_records=tuple(records),
        )

    def _dead_letter(self, body: bytes, request_id: str, error: ErrorObject | None) -> DeadLetter:
        assert self.dead_letter_queue is not None
        message = (error or {}).get("errorMessage", "")
        # "ErrorMessage: The first 1 KB of the error message"; ErrorCode is the HTTP status of the
        # invocation, 200 for a function error (as LocalStack sends it).
        first_kb = message.encode()[:1024].decode(errors="ignore")
        return DeadLetter(
            target_arn=self.dead_letter_queue,
            body=body.decode(),
            message_attributes={
                "RequestID": {"DataType": "String", "StringValue": request_id},
                "ErrorCode": {"DataType": "Number", "StringValue": "200"},
                "ErrorMessage": {"DataType": "String", "StringValue": first_kb},
            },
        )

    def _record(
        self, condition: Condition, body: bytes, request_id: str, attempts: list[Attempt], payload: Any
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


def error_type_is_exit(error: ErrorObject | None) -> bool:
    return error is not None and error.get("errorType") == _runtime.EXIT_ERROR


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
