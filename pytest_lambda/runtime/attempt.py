"""One attempt: init if cold, the context, the handler called under the watchdog, the outcome and its logs.

The call itself is awslambdaric's ``handle_event_request`` (event parsed, handler called, response
marshalled, or the error object built); around it is the platform's part: the deadline, the
response size limit, the timeout and error log lines, and resetting the environment after a crash.
"""

from __future__ import annotations

import json
import resource
import time
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pytest_lambda import clock
from pytest_lambda.context import LambdaContext
from pytest_lambda.runtime import crash, logs, watchdog, xray
from pytest_lambda.runtime.bootstrap import init_phase
from pytest_lambda.runtime.encoding import RESPONSE_LIMIT, marshal_response, unmarshal_request
from pytest_lambda.runtime.environment import ExecutionEnvironment, ProcessVariables, enter_module
from pytest_lambda.runtime.event_loops import hide_running_loop, show_running_loop
from pytest_lambda.runtime.faults import (
    EXIT_ERROR,
    ErrorObject,
    error_from_exception,
    response_too_large_error,
    timeout_error,
)
from pytest_lambda.runtime.ids import sampled_trace_id, trace_id
from pytest_lambda.runtime.json_encoder import ENSURE_ASCII, to_json
from pytest_lambda.runtime.report import Status
from pytest_lambda.runtime.results import Attempt, Outcome
from pytest_lambda.runtime.watchdog import HandlerTimedOut, not_stopped_warning

if TYPE_CHECKING:
    from pytest_lambda.runtime.config import FunctionFacts, FunctionSettings, Handler


# Plain classes, not dataclasses: a dataclass compiles its __init__ at import, and the plugin
# imports this module at pytest's start-up.
class Request:
    """One Invoke request: what every attempt of it gets (never changed once made)."""

    __slots__ = ("body", "client_context", "identity", "request_id", "sync", "tenant_id")

    def __init__(
        self,
        body: str | bytes,
        request_id: str,
        client_context: Mapping[str, Any] | None,
        identity: Mapping[str, Any] | None,
        tenant_id: str | None,
        sync: bool,
    ) -> None:
        self.body = body
        self.request_id = request_id
        self.client_context = client_context
        self.identity = identity
        self.tenant_id = tenant_id
        self.sync = sync


class _Run:
    """How the handler's run went: its outcome, error object, raw response and duration."""

    __slots__ = ("duration_ms", "error", "outcome", "raw")

    def __init__(
        self, outcome: Outcome, error: ErrorObject | None, raw: str | bytes | None, duration_ms: float
    ) -> None:
        self.outcome = outcome
        self.error = error
        self.raw = raw
        self.duration_ms = duration_ms


def run_attempt(
    function: FunctionSettings,
    facts: FunctionFacts,
    env: ExecutionEnvironment,
    variables: ProcessVariables,
    number: int,
    request: Request,
    context: LambdaContext | None,
) -> tuple[Attempt, str | bytes | None]:
    """Run the handler once in ``env`` (initialising it first if cold): the attempt and the raw response.

    After a timeout, a crash or a failed init ``env.ended`` is set: Lambda resets the environment
    (lambda-runtime-environment.html).
    """
    cold = not env.initialized
    init_error = None
    traced: str | None = None
    if cold:
        # Module-level code runs with the environment's variables already set (lambda-runtime-environment.html).
        variables.enter(env, None)
        init_error = init_phase(env, function)
    init_text = env.sink.take() if cold else ""
    # time.time is read now, not earlier: freezegun may have patched it. If a fake clock is in
    # force, the context reads it itself.
    token, now, _ = clock.start_countdown()
    started_ms = now + function.clock.offset_ms
    env.sink.request_id = request.request_id
    env.sink.tenant_id = request.tenant_id
    if init_error is not None:
        # The error reaches the caller with the init's empty requestId; init is retried next time.
        if isinstance(init_error, crash.Crash):
            init_error = init_error.error(request.request_id)
        run = _Run("error", init_error, None, 0.0)
    else:
        context = context or _context(facts, env, request, now if token is clock.REAL_CLOCK else None)
        if facts.sampled:
            header = sampled_trace_id(started_ms)
            variables.enter(env, header)
            run = _run_handler(env, request, context, facts.timer_seconds)
            # What the SDK sent is taken off the socket now (it holds a few hundred KB), kept by trace id.
            xray.drain()
            traced = header[5:40].decode()  # Root=<1-8 hex-24 hex>
        else:
            variables.enter(env, trace_id(started_ms))
            run = _run_handler(env, request, context, facts.timer_seconds)
        if run.outcome != "timeout" and _past_deadline(run, facts, context):
            run = _Run("timeout", None, None, run.duration_ms)
    status: Status = "success"
    if run.outcome != "success":
        status = _report_failure(run, env, function, facts, request.request_id, init_error is not None)
    attempt = Attempt(
        number,
        started_ms,
        run.outcome,
        run.error,
        cold,
        facts,
        request.request_id,
        run.duration_ms,
        (env.init_duration_ms or 0.0) if cold else None,
        # The process's peak resident memory: Lambda reports the environment's peak likewise.
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        status,
        init_text,
        env.sink.take(),
        traced,
    )
    return attempt, run.raw


def call_handler(handler: Handler, body: str | bytes, context: Any, sink: logs.LogSink, seconds: float) -> str | bytes:
    """The runtime's part: the event parsed, the handler called, its response marshalled.

    The handler's output goes to ``sink`` and the watchdog stops it after ``seconds``; raises what
    the handler, the runtime (``FaultError``) or the watchdog (``HandlerTimedOut``, also when the
    handler caught it and returned) raised.
    """
    redirected = logs.redirect(sink)
    loop = hide_running_loop()
    try:
        run = watchdog.arm(seconds)
        try:
            response = marshal_response(handler(unmarshal_request(body), context))
        except Exception:
            # Past the deadline nothing the handler did counts (it may have caught the interruption).
            if watchdog.disarm(run):
                raise HandlerTimedOut from None
            raise
        except BaseException:
            watchdog.disarm(run)
            raise
        if watchdog.disarm(run):
            raise HandlerTimedOut
        return response
    finally:
        show_running_loop(loop)
        logs.restore(redirected, sink)


def _context(facts: FunctionFacts, env: ExecutionEnvironment, request: Request, now: int | None) -> LambdaContext:
    """The invoke's context; its countdown starts at ``now`` (``None``: on the fake clock in force)."""
    if request.identity is None and (request.client_context is None or not request.sync):
        return LambdaContext._for_invoke(
            request.request_id,
            facts.function_name,
            facts.version,
            facts.invoked_arn,
            facts.memory,
            facts.log_group,
            env.log_stream_name,
            facts.timeout_ms,
            request.tenant_id,
            now,
        )
    return LambdaContext(
        aws_request_id=request.request_id,
        function_name=facts.function_name,
        function_version=facts.version,
        invoked_function_arn=facts.invoked_arn,
        memory_limit_in_mb=facts.memory,
        log_group_name=facts.log_group,
        log_stream_name=env.log_stream_name,
        remaining_ms=facts.timeout_ms,
        # ClientContext reaches the function on synchronous invocations only (API_Invoke.html).
        client_context=request.client_context if request.sync else None,
        identity=request.identity,
        tenant_id=request.tenant_id,
    )


def _run_handler(env: ExecutionEnvironment, request: Request, context: LambdaContext, seconds: float) -> _Run:
    """Call the handler in ``env`` and sort what happened into an outcome."""
    handler = env.handler
    assert handler is not None
    undo = enter_module(env)
    started = time.perf_counter()
    try:
        raw = call_handler(handler, request.body, context, env.sink, seconds)
    except HandlerTimedOut:
        return _Run("timeout", None, None, _since(started))
    except Exception as exc:
        try:
            error = error_from_exception(exc, request.request_id)
        except BaseException as failure:  # str(exc) failed: so does the runtime's process
            return _crashed(env, crash.from_failing_str(failure, during_init=False), request, started)
        return _Run("error", error, None, _since(started))
    except BaseException as exc:
        if not crash.is_fatal(exc) or watchdog.raised_by_outer_timer(exc):
            raise
        return _crashed(env, crash.from_exit(exc, during_init=False), request, started)
    finally:
        undo()
    if not ENSURE_ASCII and raw.__class__ is str and not raw.isascii():
        # From python3.12 the JSON keeps non-ASCII text: the runtime posts it as UTF-8, and the
        # limit counts bytes (lambda_runtime_client.post_invocation_result).
        try:
            size = len(raw.encode())
        except UnicodeEncodeError as exc:
            return _crashed(env, crash.from_unpostable(exc), request, started)
    else:
        size = len(raw)
    if request.sync and size > RESPONSE_LIMIT:
        return _Run("error", response_too_large_error(RESPONSE_LIMIT), None, _since(started))
    return _Run("success", None, raw, _since(started))


def _crashed(env: ExecutionEnvironment, ended: crash.Crash, request: Request, started: float) -> _Run:
    """The runtime process ended during the invoke: the interpreter's last words go to the log."""
    env.sink.write(ended.output)
    return _Run("error", ended.error(request.request_id), None, _since(started))


def _since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _past_deadline(run: _Run, facts: FunctionFacts, context: LambdaContext) -> bool:
    """A handler that could not be interrupted, or whose fake clock moved past its deadline, ran past
    its timeout: Lambda would have stopped it, so its result is lost. On the real clock the duration
    tells; a fake clock must be asked."""
    if run.duration_ms >= facts.timeout_ms:
        return True
    return clock.fake_clock_active() and context.get_remaining_time_in_millis() <= 0


def _report_failure(
    run: _Run,
    env: ExecutionEnvironment,
    function: FunctionSettings,
    facts: FunctionFacts,
    request_id: str,
    init_failed: bool,
) -> Status:
    """Log a timeout or an error as Lambda does and make it the caller's payload; the REPORT's status.

    A handler's own exception leaves the REPORT's status at success; a timeout, a crash or a failed
    init does not, and ends the environment.
    """
    if run.outcome == "timeout":
        env.sink.platform_line(
            logs.timeout_line(function.log_format, request_id, facts.timeout, function.clock.now_ms())
        )
        run.duration_ms = facts.timeout * 1000.0
        run.error = timeout_error(request_id, facts.timeout)
        run.raw = json.dumps(run.error)
        env.ended = True
        for overrun in watchdog.take_unstopped():
            warnings.warn(not_stopped_warning(facts.function_name, facts.timer_seconds, overrun), stacklevel=1)
        return "timeout"
    assert run.error is not None
    if run.error["errorType"] == EXIT_ERROR:
        # The platform's error, not the runtime's: the runtime process is gone.
        run.raw = json.dumps(run.error)
    else:
        # The runtime posts its error object with to_json (bootstrap.handle_event_request, post_init_error).
        run.raw = to_json(run.error)
    # The runtime logs the [ERROR] entry of a failed init once, during init, and exits
    # (awslambdaric bootstrap.run); the next invoke runs init again (lambda-runtime-environment.html),
    # whose log comes before START. A handler that exits leaves no runtime to log anything.
    if init_failed or run.error["errorType"] == EXIT_ERROR:
        env.ended = True
        return "error"
    env.sink.write(logs.error_entry(function.log_format, run.error))
    return "success"
