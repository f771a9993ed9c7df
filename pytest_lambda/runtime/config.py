"""A function's settings: the checks Lambda's API makes on them, and what the stages of an invoke read.

Ranges and ARN forms: API_CreateFunction.html, API_PutFunctionEventInvokeConfig.html,
invocation-async-retain-records.html (pages cited where used).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any, Generic, Literal, Protocol, TypeVar, overload

from pytest_lambda.clock import VirtualClock
from pytest_lambda.context import ContextConfig, LambdaContext
from pytest_lambda.errors import ArgumentTypeError, ConfigurationError, with_docs
from pytest_lambda.runtime.encoding import InvocationType
from pytest_lambda.runtime.logs import LOG_FORMATS, LOG_LEVELS, LogFormat
from pytest_lambda.runtime.report import ARCHITECTURES, Architecture

# A handler: called with the event and the context, returns the response.
Handler = Callable[[Any, Any], Any]
INVOCATION_TYPES: tuple[InvocationType, ...] = ("RequestResponse", "Event", "DryRun")
# PutFunctionEventInvokeConfig: MaximumRetryAttempts 0-2, MaximumEventAgeInSeconds 60-21600.
RETRY_ATTEMPTS_RANGE = (0, 2)
EVENT_AGE_RANGE = (60, 21600)
# invocation-async-retain-records.html: DLQ targets are SQS queues or SNS topics; destinations
# SQS, SNS, Lambda, EventBridge, and S3 (on failure only).
_DLQ_ARN = re.compile(r"arn:aws[a-z-]*:(sqs|sns):[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+")
_DESTINATION_ARN = re.compile(r"arn:aws[a-z-]*:(sqs|sns|lambda|events|s3):[a-z0-9-]*:[0-9]{0,12}:.+")
# TracingConfig.Mode (API_TracingConfig.html): Active samples requests itself; PassThrough traces a
# request only if its caller's trace header says Sampled=1. The default is PassThrough.
TracingMode = Literal["Active", "PassThrough"]
TRACING_MODES: tuple[TracingMode, ...] = ("Active", "PassThrough")


class FunctionSettings(Protocol):
    """What the stages of an invoke read from a function: ``LambdaFunction``'s settings, read when used."""

    config: ContextConfig
    handler: str | Handler
    handler_name: str
    environment: dict[str, str]
    log_format: LogFormat
    log_level: str | None
    tracing: TracingMode
    initialization_type: str
    max_retry_attempts: int
    maximum_event_age: int
    dead_letter_queue: str | None
    on_success: str | None
    on_failure: str | None
    clock: VirtualClock

    @property
    def qualified_arn(self) -> str: ...

    @property
    def reserved_concurrency(self) -> int | None: ...


T = TypeVar("T")


class Setting(Generic[T]):
    """A setting an execution environment is made with (the handler, its variables, the log format...).

    Assigning it checks the value, and the function's next invoke is a cold start in a new
    environment: in Lambda, updating a function's code or configuration sends the next request to
    new execution environments (lambda-runtime-environment.html). The owner's ``_reconfigure``
    checks the settings together and drops the warm environment; a refused value is not kept.
    """

    def __init__(self, check: Callable[[Any, Any], T]) -> None:
        self._check = check
        self._slot = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_{name}"

    @overload
    def __get__(self, function: None, owner: type) -> Setting[T]: ...
    @overload
    def __get__(self, function: object, owner: type) -> T: ...
    def __get__(self, function: object, owner: type) -> T | Setting[T]:
        if function is None:
            return self
        value: T = getattr(function, self._slot)
        return value

    def __set__(self, function: Any, value: Any) -> None:
        # getattr/setattr, not vars(): a materialised __dict__ would slow every attribute read of the
        # function on the invoke path (CPython's inline instance values).
        previous = getattr(function, self._slot, None)
        setattr(function, self._slot, self._check(function, value))
        if getattr(function, "_facts", None) is None:
            return  # still being made: __init__ checks the settings together at its end
        try:
            function._reconfigure()
        except BaseException:
            setattr(function, self._slot, previous)  # _reconfigure changes nothing when it refuses
            raise


class FunctionFacts:
    """What every invoke of a function repeats, worked out once: the context's fields, the REPORT's."""

    __slots__ = ("architecture", "function_name", "invoked_arn", "log_format", "log_group", "memory", "memory_size",
                 "sampled", "timeout", "timeout_ms", "timer_seconds", "version")  # fmt: skip

    def __init__(
        self,
        config: ContextConfig,
        architecture: Architecture,
        log_format: LogFormat,
        watchdog_seconds: float | None,
        tracing: TracingMode = "PassThrough",
    ) -> None:
        self.function_name = config.function_name
        self.version = config.version
        self.invoked_arn = config.invoked_function_arn
        self.log_group = config.log_group_name
        self.memory = str(config.memory_size)  # as the context gives it
        self.memory_size = config.memory_size
        self.timeout = config.timeout
        self.timeout_ms = config.timeout * 1000
        # When the watchdog stops the handler: the timeout, or watchdog_seconds.
        self.timer_seconds = float(config.timeout if watchdog_seconds is None else watchdog_seconds)
        self.architecture = architecture
        self.log_format = log_format
        # Active tracing samples every invocation here (Lambda samples a share of them): the runtime
        # then gets Sampled=1 in _X_AMZN_TRACE_ID and the function's X-Ray SDK sends its subsegments.
        self.sampled = tracing == "Active"


def check_handler(handler: object) -> str | Handler:
    if not isinstance(handler, str) and not callable(handler):
        raise ConfigurationError(
            with_docs(f"handler must be a callable or a 'module.function' string, got {handler!r}", "harness")
        )
    return handler


def check_range(name: str, value: object, bounds: tuple[int, int], unit: str) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigurationError(
            with_docs(f"{name}={value!r} is out of range: Lambda accepts {low} to {high} {unit}", "harness")
        )
    return value


def check_choice(name: str, value: object, choices: tuple[Any, ...]) -> Any:
    if value not in choices:
        raise ConfigurationError(with_docs(f"{name}={value!r} is not valid; valid values: {list(choices)}", "harness"))
    return value


def check_logging(log_format: object, log_level: object) -> tuple[LogFormat, str | None]:
    fmt: LogFormat = check_choice("log_format", log_format, LOG_FORMATS)
    if log_level is None:
        return fmt, None
    level: str = check_choice("log_level", log_level, LOG_LEVELS)
    if fmt != "JSON":
        # API_LoggingConfig.html: application log-level filtering needs the JSON format.
        raise ConfigurationError(with_docs(f"log_level={level!r} needs log_format='JSON', as in Lambda", "harness"))
    return fmt, level


def check_tracing(tracing: object) -> TracingMode:
    checked: TracingMode = check_choice("tracing", tracing, TRACING_MODES)
    return checked


def check_architecture(architecture: object) -> Architecture:
    checked: Architecture = check_choice("architecture", architecture, ARCHITECTURES)
    return checked


def _check_arn(name: str, value: object, pattern: re.Pattern[str], expected: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or pattern.fullmatch(value) is None:
        raise ConfigurationError(with_docs(f"{name}={value!r} is not valid: expected {expected}", "harness"))
    return value


def default_dead_letter_queue(config: ContextConfig) -> str:
    """``<function>-dlq`` in the function's account and region: where dead letters go unless told."""
    return f"arn:{config.partition}:sqs:{config.region}:{config.account_id}:{config.function_name}-dlq"


def check_dead_letter_queue(value: str | bool | None, config: ContextConfig) -> str | None:
    """``None``/``True``: the default queue; ``False``: none; else an SQS queue or SNS topic ARN."""
    if value is False:
        return None
    if value is None or value is True:
        return default_dead_letter_queue(config)
    return _check_arn("dead_letter_queue", value, _DLQ_ARN, "an SQS queue or SNS topic ARN")


def check_destinations(on_success: object, on_failure: object) -> tuple[str | None, str | None]:
    success = _check_arn("on_success", on_success, _DESTINATION_ARN, "an SQS, SNS, Lambda or EventBridge ARN")
    failure = _check_arn("on_failure", on_failure, _DESTINATION_ARN, "an SQS, SNS, Lambda, EventBridge or S3 ARN")
    if success is not None and success.split(":")[2] == "s3":
        raise ConfigurationError(with_docs("on_success cannot be an S3 bucket: S3 is for on-failure only", "harness"))
    return success, failure


def check_watchdog(watchdog_seconds: object) -> float | None:
    if watchdog_seconds is None:
        return None
    if isinstance(watchdog_seconds, bool) or not isinstance(watchdog_seconds, (int, float)):
        raise ArgumentTypeError(
            with_docs(f"watchdog_seconds must be a number of seconds or None, got {watchdog_seconds!r}", "harness")
        )
    # setitimer takes a finite float: infinity would mean no watchdog, which is None.
    if not 0 < watchdog_seconds < math.inf:
        raise ConfigurationError(
            with_docs(
                f"watchdog_seconds must be positive, got {watchdog_seconds!r}: a finite number of seconds "
                "(None: the function's timeout)",
                "harness",
            )
        )
    return float(watchdog_seconds)


def check_clock(clock: object) -> VirtualClock | None:
    if clock is not None and not isinstance(clock, VirtualClock):
        raise ArgumentTypeError(
            with_docs(f"clock must be a pytest_lambda.VirtualClock or None, got {clock!r}", "harness")
        )
    return clock


def check_invoke_options(context: object, client_context: object, identity: object, tenant_id: object) -> None:
    """``invoke``'s keywords other than the event: a context, two mappings, a str (``None`` for each: none)."""
    expected = (
        ("context", context, LambdaContext, "a LambdaContext (make_context())"),
        ("client_context", client_context, Mapping, "a mapping (custom, env, client)"),
        ("identity", identity, Mapping, "a mapping (cognito_identity_id, cognito_identity_pool_id)"),
        ("tenant_id", tenant_id, str, "a str"),
    )
    for name, value, kind, accepted in expected:
        if value is not None and not isinstance(value, kind):
            raise ArgumentTypeError(
                with_docs(f"invoke({name}=...) must be {accepted} or None, got {value!r}", "harness")
            )
