"""``fuzz(handler, source)``: the common property tests of a handler, over many generated events."""

from __future__ import annotations

import inspect
import json
import logging
import sys
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from functools import cache
from types import FrameType
from typing import Any

from hypothesis import Phase, given, note
from hypothesis import settings as Settings

from pytest_lambda._current_test import CURRENT_TEST
from pytest_lambda.errors import PytestLambdaError, with_docs
from pytest_lambda.events._common import EventOverrideError
from pytest_lambda.runtime import Handler, InvokeResult, LambdaFunction, observers
from pytest_lambda.strategies._contracts import (
    _ITEM_IDS,
    HTTP_SOURCES,
    assert_batch_item_failures,
    assert_http_response,
)
from pytest_lambda.strategies._events import events

# The errorType of an invocation Lambda stopped at its timeout (troubleshooting-invocation.html).
TIMED_OUT = "Sandbox.Timedout"


class FuzzUsageError(PytestLambdaError, TypeError):
    """``fuzz`` was given a ``LambdaFunction`` option where it takes event field strategies."""


class _TimedOut(BaseException):
    """Ends hypothesis's run at a timed-out invocation: a BaseException, so hypothesis neither
    shrinks the event (each smaller event tried would wait out the timeout again) nor retries it."""

    def __init__(self, event: Any, result: InvokeResult) -> None:
        super().__init__(event, result)
        self.event = event
        self.result = result


def _error_names(raises: Iterable[type[BaseException] | str]) -> frozenset[str]:
    # The runtime reports an exception by its class name alone (errorType), so that is what is compared.
    return frozenset(item if isinstance(item, str) else item.__name__ for item in raises)


def _reports_items(event: Any) -> bool:
    records = event.get("Records") if isinstance(event, Mapping) else None
    if not isinstance(records, list) or not records or not isinstance(records[0], Mapping):
        return False
    return records[0].get("eventSource") in _ITEM_IDS


def check_invocation(
    source: str, event: Any, result: InvokeResult, *, raises: Iterable[type[BaseException] | str] = ()
) -> None:
    """The checks ``fuzz`` makes on one invocation: no unexpected error, an acceptable HTTP response,
    a partial batch response naming only the batch's items."""
    __tracebackhide__ = True
    _check(source, event, result, _error_names(raises), trace=True)


def _check(source: str, event: Any, result: InvokeResult, allowed: frozenset[str], *, trace: bool) -> None:
    # fuzz leaves out the stack trace: the function's log it reports holds it.
    __tracebackhide__ = True
    if result.function_error is not None:
        error = result.error or {}
        if error.get("errorType") in allowed:
            return
        if source not in HTTP_SOURCES:
            stack = "\n" + "".join(error.get("stackTrace") or []) if trace else ""
            raise AssertionError(
                f"the handler failed with {error.get('errorType')}: {error.get('errorMessage')} "
                f"(allowed: {sorted(allowed) or 'none'}){stack}"
            )
    if source in HTTP_SOURCES:
        assert_http_response(source, result)
    elif _reports_items(event):
        assert_batch_item_failures(event, result)


@cache
def _function_options() -> frozenset[str]:
    parameters = inspect.signature(LambdaFunction).parameters
    return frozenset(name for name, p in parameters.items() if p.kind is p.KEYWORD_ONLY)


def _event_strategy(source: str, field_strategies: dict[str, Any]) -> Any:
    """``events(source, **field_strategies)``, refusing ``LambdaFunction`` options that are not fields of ``source``."""
    try:
        return events(source, **field_strategies)
    except EventOverrideError:
        misplaced = []
        for name in sorted(_function_options().intersection(field_strategies)):
            try:
                events(source, **{name: field_strategies[name]})
            except EventOverrideError:
                misplaced.append(name)
        if not misplaced:
            raise
    name = misplaced[0]
    raise FuzzUsageError(
        with_docs(
            f"fuzz() takes event field strategies, and {', '.join(misplaced)} "
            f"{'is a LambdaFunction option' if len(misplaced) == 1 else 'are LambdaFunction options'}, not a "
            f"field of {source} events: pass the function configured, fuzz(LambdaFunction(handler, {name}=...), "
            f"{source!r}) or, in a test, fuzz(lambda_function(handler, {name}=...), {source!r}); or set it for the "
            f"test with @pytest.mark.lambda_function({name}=...), which fuzz(handler, ...) applies",
            "strategies",
        )
    ) from None


def _function_for(handler: Handler | str) -> LambdaFunction:
    """A function for a bare handler: configured like the running test's ``lambda_function`` fixture, if any."""
    current = CURRENT_TEST.get()
    return LambdaFunction(handler, **(current.function_defaults() if current is not None else {}))


def _call_site_key(caller: FrameType, source: str, function: LambdaFunction) -> bytes:
    """What tells this fuzz call from every other in hypothesis's example database, the same from run to run.

    Hypothesis keys saved examples by the test function's source, and every call's test is the one
    defined in ``fuzz``: the running test, the calling function and the call's line in it, the
    source and the handler make the key. Lines are counted from the function's first, so an edit
    elsewhere in the file keeps the key (as hypothesis's own keys survive such edits).
    """
    current = CURRENT_TEST.get()
    code = caller.f_code
    parts = (
        current.nodeid if current is not None else "",
        str(caller.f_globals.get("__name__")),
        getattr(code, "co_qualname", code.co_name),
        str(caller.f_lineno - code.co_firstlineno),
        source,
        function.handler_name,
    )
    return "\0".join(parts).encode()


def _drop(record: logging.LogRecord) -> bool:
    return False


@contextmanager
def _handler_records_kept_in_lambda_logs() -> Iterator[None]:
    """Keep what the handler logs from the root logger's other handlers (pytest's log capture).

    Otherwise each example's records would reach the test report: a log line per event tried.
    The function's own log (``InvokeResult.logs``) still gets them, and the failing event's log
    is in the failure report.
    """
    # Outside an invoke the root logger holds the host's handlers only: each function's own are
    # given to it while it runs (runtime.logs.redirect).
    others = list(logging.getLogger().handlers)
    for handler in others:
        handler.addFilter(_drop)
    try:
        yield
    finally:
        for handler in others:
            handler.removeFilter(_drop)


def _log_report(result: InvokeResult) -> str:
    # The runtime joins an error entry's lines with \r (one CloudWatch event); a terminal would
    # print them over each other.
    text = result.logs.rstrip("\n").replace("\r", "\n")
    return "The function's log for this event:\n" + textwrap.indent(text, "  ")


def _timeout_report(stop: _TimedOut) -> str:
    error = stop.result.error or {}
    event = json.dumps(stop.event, indent=2, ensure_ascii=False, default=repr)
    return (
        f"the handler timed out ({TIMED_OUT}: {error.get('errorMessage')}) on the event below.\n"
        "fuzz stopped at this first timeout and did not shrink the event: every smaller event it tried would "
        f'wait out the timeout again (to allow timeouts, pass raises=["{TIMED_OUT}"]).\n'
        f"The event:\n{textwrap.indent(event, '  ')}\n{_log_report(stop.result)}"
    )


def fuzz(
    handler: LambdaFunction | Handler | str,
    source: str,
    /,
    *,
    raises: Iterable[type[BaseException] | str] = (),
    max_examples: int | None = None,
    settings: Settings | None = None,
    **field_strategies: Any,
) -> None:
    """Invoke ``handler`` with many generated ``source`` events and check each invocation.

    Fails (with hypothesis's minimal falsifying event, reported as ``fuzz(event=...)``, and the log
    of the function's invocation with it) if the handler raises an exception whose type is not in
    ``raises`` (classes, or errorType names), if an HTTP source's service would not accept the
    response (API Gateway, function URL, ALB: the client would get a 5xx), or if a partial batch
    response names items that are not in the batch.

    A timeout (``"Sandbox.Timedout"``) that ``raises`` does not allow fails at once with the event
    that timed out, unshrunk: shrinking would wait out the timeout for every smaller event tried.

    ``handler`` is a ``LambdaFunction`` (used as it is: ``fuzz(lambda_function(handler), ...)`` for
    a configured one) or what ``LambdaFunction`` takes: a function built with the running test's
    settings (its ``lambda_context``, ``lambda_env`` and ``lambda_function`` markers, command line
    and ini, as the ``lambda_function`` fixture would; the defaults outside a test) and held open
    throughout. ``LambdaFunction`` options that are not fields of ``source``'s events (``timeout=``,
    ``watchdog_seconds=``...) raise ``FuzzUsageError``: set them on the function or the
    ``lambda_function`` marker. Events default to the function's region and account.
    ``settings`` (hypothesis's) default to the active profile's, without a deadline or the explain
    phase. Each call site (test, calling function, line in it, source and handler) has its own
    key in hypothesis's example database. ``field_strategies`` are those of ``events``.
    """
    __tracebackhide__ = True
    given_function = isinstance(handler, LambdaFunction)
    function = handler if isinstance(handler, LambdaFunction) else _function_for(handler)
    field_strategies.setdefault("region", function.config.region)
    field_strategies.setdefault("account_id", function.config.account_id)
    strategy = _event_strategy(source, field_strategies)
    allowed = _error_names(raises)
    timeouts_allowed = TIMED_OUT in allowed
    parent = Settings(settings)
    options: dict[str, Any] = {
        # The harness's timing varies with the machine; a deadline would make the search flaky.
        "deadline": None,
        # The explain phase names lines of the harness and event factories, not of the handler.
        "phases": tuple(phase for phase in parent.phases if phase is not Phase.explain),
        # A reproduce_failure blob would need a decorator on the test below, which is fuzz's own.
        "print_blob": False,
    }
    if max_examples is not None:
        options["max_examples"] = max_examples

    def example(event: Any) -> None:
        __tracebackhide__ = True
        result = function.invoke(event)
        error = result.error
        if error is not None and error["errorType"] == TIMED_OUT and not timeouts_allowed:
            raise _TimedOut(event, result)
        try:
            _check(source, event, result, allowed, trace=False)
        except AssertionError:
            # Shown for the minimal failing event only (note()), after hypothesis's report of it.
            note(_log_report(result))
            raise

    # Reported as "Falsifying example: fuzz(event=...)".
    example.__name__ = example.__qualname__ = "fuzz"
    # Hypothesis adds this to the test's digest, its database key; its pytest plugin sets it the
    # same way to give each parametrized case its own key.
    example._hypothesis_internal_add_digest = _call_site_key(sys._getframe(1), source, function)  # type: ignore[attr-defined]
    test = Settings(parent, **options)(given(event=strategy)(example))
    # A given function is held (or not) as its caller chose.
    held = nullcontext() if given_function else function
    try:
        # Counted in the run summary; the falsifying event's log is in our own report, not the test's.
        with held, _handler_records_kept_in_lambda_logs(), observers.logs_shown_elsewhere():
            test()
    except _TimedOut as stop:
        raise AssertionError(_timeout_report(stop)) from None
    except AssertionError as failure:
        # Our checks failed: the report is the message, hypothesis's notes and the caller's line,
        # without the frames of hypothesis's wrapper (which pytest cannot be told to hide) or ours.
        raise failure.with_traceback(None)  # noqa: B904 - the same exception, not a new one
