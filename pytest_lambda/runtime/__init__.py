"""The harness: a function's handler run in process as Lambda runs it, one stage of the runtime per module.

``LambdaFunction`` holds a function's settings (checked in ``config``) and its execution environment
(``environment``); an invoke goes through ``encoding`` (the request), ``policy`` (sync, or async
retries and records), ``attempt`` (init by ``bootstrap``, the call under the ``watchdog``, ``faults``,
``logs``, ``report``) and returns ``results``. ``destinations`` is where ``pytest_lambda.aws`` plugs in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any, Protocol

from pytest_lambda.clock import VirtualClock
from pytest_lambda.context import ContextConfig, LambdaContext
from pytest_lambda.errors import FunctionInitError, RequestTooLargeError, TooManyRequestsError
from pytest_lambda.runtime import concurrency, inflight, policy, watchdog
from pytest_lambda.runtime import config as checks
from pytest_lambda.runtime.attempt import Request, run_attempt
from pytest_lambda.runtime.bootstrap import handler_name, init_phase
from pytest_lambda.runtime.code_paths import PathLike, code_paths
from pytest_lambda.runtime.config import INVOCATION_TYPES, FunctionFacts, Handler, TracingMode
from pytest_lambda.runtime.encoding import InvocationType, request_body
from pytest_lambda.runtime.environment import ExecutionEnvironment, ProcessVariables, new_environment, variables_for
from pytest_lambda.runtime.ids import new_request_id
from pytest_lambda.runtime.logs import LogFormat
from pytest_lambda.runtime.observers import OBSERVERS
from pytest_lambda.runtime.report import Architecture
from pytest_lambda.runtime.results import Attempt, DeadLetter, DestinationRecord, InvokeResult
from pytest_lambda.runtime.variables import validate_variables

__all__ = [
    "INVOCATION_TYPES",
    "Attempt",
    "DeadLetter",
    "DestinationRecord",
    "FunctionInitError",
    "Handler",
    "InvocationType",
    "InvokeResult",
    "LambdaFunction",
    "LambdaFunctionFactory",
    "RequestTooLargeError",
    "TooManyRequestsError",
    "invoke",
]


class LambdaFunction:
    """One function and its execution environment, invoked in process.

    ``handler`` is a callable or a handler string (``"package/module.function"``) resolved as the
    runtime resolves it. Context settings (name, timeout, memory, region...) are those of
    ``make_context``; the others configure the asynchronous invocation, logging and tracing. ``code_root``
    and ``layers`` are folders put on the import path during invokes as ``/var/task`` and
    ``/opt/python`` are (``runtime.code_paths``; relative ones against the cwd). ``reserved_concurrency``
    caps the function's invocations in flight at once (``runtime.concurrency``). The settings are
    attributes, read when an invoke needs them.
    """

    # The settings an execution environment is made with: assigning one makes the next invoke a
    # cold start (config.Setting). The others are read at each invoke.
    handler: checks.Setting[str | Handler] = checks.Setting(lambda function, value: checks.check_handler(value))
    environment: checks.Setting[dict[str, str]] = checks.Setting(
        lambda function, value: validate_variables({} if value is None else value)
    )
    architecture: checks.Setting[Architecture] = checks.Setting(
        lambda function, value: checks.check_architecture(value)
    )
    log_format: checks.Setting[LogFormat] = checks.Setting(
        lambda function, value: checks.check_logging(value, getattr(function, "_log_level", None))[0]
    )
    log_level: checks.Setting[str | None] = checks.Setting(
        lambda function, value: checks.check_logging(function.log_format, value)[1]
    )
    tracing: checks.Setting[TracingMode] = checks.Setting(lambda function, value: checks.check_tracing(value))
    initialization_type: checks.Setting[str] = checks.Setting(lambda function, value: value)  # with the variables
    watchdog_seconds: checks.Setting[float | None] = checks.Setting(
        lambda function, value: checks.check_watchdog(value)
    )

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
        tracing: TracingMode = "PassThrough",
        initialization_type: str = "on-demand",
        max_retry_attempts: int = 2,
        maximum_event_age: int = 21600,
        dead_letter_queue: str | bool | None = None,
        on_success: str | None = None,
        on_failure: str | None = None,
        watchdog_seconds: float | None = None,
        clock: VirtualClock | None = None,
        code_root: PathLike | None = None,
        layers: Sequence[PathLike] = (),
        reserved_concurrency: int | None = None,
    ) -> None:
        self.handler = handler
        self.config = ContextConfig(function_name=function_name, timeout=timeout, memory_size=memory_size,
                                    region=region, account_id=account_id, version=version, alias=alias)  # fmt: skip
        self.environment = environment
        self.architecture = architecture
        self._log_format, self._log_level = checks.check_logging(log_format, log_level)
        self.tracing = tracing
        self.initialization_type = initialization_type
        self.max_retry_attempts = checks.check_range(
            "max_retry_attempts", max_retry_attempts, checks.RETRY_ATTEMPTS_RANGE, "retries"
        )
        self.maximum_event_age = checks.check_range(
            "maximum_event_age", maximum_event_age, checks.EVENT_AGE_RANGE, "seconds"
        )
        self.dead_letter_queue = checks.check_dead_letter_queue(dead_letter_queue, self.config)
        self.on_success, self.on_failure = checks.check_destinations(on_success, on_failure)
        self.watchdog_seconds = watchdog_seconds
        self.clock = checks.check_clock(clock) or VirtualClock()
        # The code folder (/var/task) and layers (/opt/python), on the import path during invokes only.
        self._code = code_paths(code_root, layers)
        self.code_paths = () if self._code is None else self._code.folders
        self.dead_letters: list[DeadLetter] = []
        self.destination_records: list[DestinationRecord] = []
        self._env: ExecutionEnvironment | None = None
        self._reconfigure()
        self._variables = ProcessVariables()
        self._hold = False
        self._running = 0  # invocations in flight, counted while reserved concurrency is set
        self.reserved_concurrency = reserved_concurrency

    def _reconfigure(self) -> None:
        """The settings checked together (a bad variable or initialization type fails before any
        invoke); what every invoke repeats worked out again; the next invoke a cold start."""
        self.handler_name = handler_name(self.handler)
        variables_for(self, log_stream_name="")  # raises before the facts or the environment change
        self._facts = FunctionFacts(
            self.config, self.architecture, self.log_format, self.watchdog_seconds, self.tracing
        )
        self._env = None

    @property
    def reserved_concurrency(self) -> int | None:
        """How many invocations may be in flight at once (``None``: no limit); 0 throttles every one."""
        return self._reserved

    @reserved_concurrency.setter
    def reserved_concurrency(self, value: int | None) -> None:
        self._reserved = concurrency.check_reserved_concurrency(value)
        # What runs an attempt, chosen here so an invoke without a limit pays nothing for it.
        self._run: policy.RunAttempt = self._attempt if self._reserved is None else self._limited

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
            checks.check_choice("invocation_type", invocation_type, INVOCATION_TYPES)
        if context is not None or client_context is not None or identity is not None or tenant_id is not None:
            checks.check_invoke_options(context, client_context, identity, tenant_id)
        body = request_body(event, invocation_type)
        request_id = context.aws_request_id if context is not None else new_request_id()
        sync = invocation_type == "RequestResponse"
        request = Request(body, request_id, client_context, identity, tenant_id, sync)
        if sync:
            result = policy.invoke_sync(self._run, request, context, self.config.version)
        elif invocation_type == "DryRun":
            return policy.dry_run(request_id, self.config.version)
        else:
            result = policy.invoke_async(self, self._run, request, context)
            self.dead_letters.extend(result.dead_letters)
            self.destination_records.extend(result.destination_records)
            policy.deliver(self, result)
        if OBSERVERS:
            for observer in OBSERVERS:
                observer(self._facts, result)
        return result

    def _attempt(
        self, number: int, request: Request, context: LambdaContext | None
    ) -> tuple[Attempt, str | bytes | None]:
        """One run of the handler in the current execution environment, or in a new one."""
        # inflight.begin(), inlined: this runs every invoke.
        if not inflight.acquire(False):
            inflight.refuse(self.config.function_name)
        flight = inflight.STATE
        if not flight.depth:
            flight.function, flight.thread = self.config.function_name, inflight.get_ident()
        flight.depth += 1
        try:
            env = self._env = self._env or new_environment(self)
            code = self._code
            if code is not None:
                code.enter(env)
            try:
                return run_attempt(self, self._facts, env, self._variables, number, request, context)
            finally:
                if code is not None:
                    code.leave()
                if env.ended:
                    self._env = None
        finally:
            # _leave(), inlined: this runs every invoke.
            try:
                if not self._hold:
                    self.close()
                elif flight.depth > 1:
                    self._variables.leave()
            finally:
                flight.depth -= 1
                inflight.release()

    def _limited(
        self, number: int, request: Request, context: LambdaContext | None
    ) -> tuple[Attempt, str | bytes | None]:
        """``_attempt`` within the reserved concurrency: throttled (``TooManyRequestsError``) when it is in use."""
        with concurrency.LOCK:
            reserved = self._reserved
            if reserved is not None and self._running >= reserved:
                concurrency.throttle(self.config.function_name, reserved, self._running)
            self._running += 1
        try:
            return self._attempt(number, request, context)
        finally:
            with concurrency.LOCK:
                self._running -= 1

    def initialize(self) -> LambdaFunction:
        """Run the Init phase now, as provisioned concurrency does: the next invoke is then warm."""
        if self._env is None or not self._env.initialized:
            inflight.begin(self.config.function_name)
            try:
                env = self._env = self._env or new_environment(self)
                # Init runs with the environment's variables, as in run_attempt.
                self._variables.enter(env, None)
                if self._code is not None:
                    self._code.enter(env)
                try:
                    error = init_phase(env, self)
                finally:
                    if self._code is not None:
                        self._code.leave()
            finally:
                self._leave()
            if error is not None:
                self._env = None
                raise FunctionInitError(error if isinstance(error, dict) else error.error(None))
        return self

    def _leave(self) -> None:
        """After an attempt or an init: the variables stay while held, unless it ran inside another
        function's invoke, whose variables come back."""
        try:
            if not self._hold:
                self.close()
            elif inflight.STATE.depth > 1:
                self._variables.leave()
        finally:
            inflight.end()

    @property
    def module(self) -> ModuleType | None:
        """The handler's module as this execution environment loaded it (``None`` before init)."""
        return None if self._env is None else self._env.module

    @property
    def qualified_arn(self) -> str:
        """The function ARN with its version or alias, as invocation records name it."""
        return f"{self.config.function_arn}:{self.config.alias or self.config.version}"

    def reset(self) -> None:
        """Discard the execution environment: the next invoke is a cold start."""
        self._env = None

    def close(self) -> None:
        """Restore the environment variables the function's invocations set, and stop holding them."""
        if self._hold:
            watchdog.release()
        self._variables.leave(remember=self._hold)
        self._hold = False

    def _restore_lingering(self) -> None:
        """Put back the host's value of any variable set to the function's again after it closed (a
        ``monkeypatch`` undone after the ``lambda_function`` fixture): its variables do not outlive the test."""
        self._variables.sweep()

    def __enter__(self) -> LambdaFunction:
        # While open, the function's variables stay in os.environ between invokes, as they stay in
        # a Lambda execution environment, and the SIGALRM handler stays installed.
        if not self._hold:
            watchdog.hold()
        self._hold = True
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class LambdaFunctionFactory(Protocol):
    """The ``lambda_function`` fixture: builds a ``LambdaFunction`` with the test's settings as defaults."""

    def __call__(self, handler: str | Handler | None = None, **options: Any) -> LambdaFunction: ...


_INVOKE_OPTIONS = frozenset({"invocation_type", "context", "client_context", "identity", "tenant_id"})


def invoke(handler: str | Handler, event: Any = None, **options: Any) -> InvokeResult:
    """Invoke ``handler`` once on a new function: ``options`` go to ``LambdaFunction`` or ``invoke``."""
    call = {key: value for key, value in options.items() if key in _INVOKE_OPTIONS}
    settings = {key: value for key, value in options.items() if key not in _INVOKE_OPTIONS}
    with LambdaFunction(handler, **settings) as function:
        return function.invoke(event, **call)
