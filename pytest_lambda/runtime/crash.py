"""When the runtime process itself ends: what the interpreter prints, and the exit status the platform reports.

awslambdaric 4.2.2 catches only ``Exception`` around the handler (``bootstrap.handle_event_request``)
and the module's import (``bootstrap.run``). Anything else raised there (``SystemExit``,
``GeneratorExit``, ``asyncio.CancelledError``, a user's ``BaseException`` subclass), an exception
whose ``str()`` fails (the runtime calls it to build the error object), or ``os._exit`` ends the
runtime process: the interpreter prints the traceback (or ``sys.exit``'s message) to stderr, the
function's log, and the platform reports ``Runtime.ExitError`` with the exit status
(aws-lambda-runtime-interface-emulator, ``rapid/shutdown.go`` ``processTermination``: "runtime
exited without providing a reason" for status 0, else "runtime exited with error: exit status N").

``KeyboardInterrupt`` is left to propagate: in a test run it is the developer's Ctrl-C, which must
stop pytest, and a handler has no reason to raise it itself.
"""

from __future__ import annotations

import linecache
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from pytest_lambda.runtime import logs
from pytest_lambda.runtime.faults import ErrorObject, exit_error

# This package's frames lead every traceback caught here; the runtime's stand in their place.
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_C_INT = 2**31
_C_LONG = 2**63


class ProcessExit(BaseException):
    """Raised in place of ``os._exit(status)`` while a function's code runs (never seen by the function's
    ``except Exception``, as the real call returns to nothing)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Crash:
    """The runtime process ended: its exit status and what the interpreter wrote to stderr as it did."""

    __slots__ = ("output", "status")

    def __init__(self, status: int, output: str) -> None:
        self.status = status
        self.output = output

    def error(self, request_id: str | None) -> ErrorObject:
        return exit_error(request_id, self.status)


# -- os._exit: intercepted while a function's code runs ------------------------------------------

_REAL_EXIT = os._exit
_OWNER_PID: list[int] = []


def _exit(status: int) -> NoReturn:
    """``os._exit`` as installed by ``intercept_exit``: inside a function's code (the harness's
    redirection in force, in the process that installed it) it ends the invocation, not the test run."""
    if not logs._HOST or os.getpid() != _OWNER_PID[0]:
        _REAL_EXIT(status)
    code = status.__index__()
    if not -_C_INT <= code < _C_INT:
        raise OverflowError("Python int too large to convert to C int")
    raise ProcessExit(code & 0xFF)


def intercept_exit() -> None:
    """Install the ``os._exit`` stand-in (once, at a function's first init): outside a function's
    code, and in any forked child, it is the real ``os._exit``."""
    if os._exit is not _exit:
        _OWNER_PID[:] = [os.getpid()]
        os._exit = _exit


# -- how an exception ends the process -------------------------------------------------------------


def is_fatal(exc: BaseException) -> bool:
    """Whether ``exc`` (not an ``Exception``) ends the runtime process; ``KeyboardInterrupt`` propagates."""
    return not isinstance(exc, KeyboardInterrupt)


def system_exit_status(code: object) -> tuple[int, str]:
    """The exit status and stderr output of an uncaught ``SystemExit(code)``, as the interpreter ends."""
    if code is None:
        return 0, ""
    if isinstance(code, int):
        # The C exit() takes an int: a value beyond a C long is -1, the shell sees the low byte.
        return (code & 0xFF) if -_C_LONG <= code < _C_LONG else 0xFF, ""
    return 1, f"{code}\n"


def from_exit(exc: BaseException, during_init: bool) -> Crash:
    """The crash of an uncaught ``exc`` raised by the handler (or at import, ``during_init``)."""
    if isinstance(exc, ProcessExit):
        return Crash(exc.status, "")
    if isinstance(exc, SystemExit):
        return Crash(*system_exit_status(exc.code))
    prefix = _INIT_FRAMES if during_init else _INVOKE_FRAMES
    return Crash(1, _format(exc, _runpy_frames() + prefix, None))


def from_failing_str(failure: BaseException, during_init: bool) -> Crash:
    """The runtime called ``str()`` on the handler's exception to build its error object
    (``make_xray_fault``, ``build_fault_result``) and that raised ``failure``: uncaught, chained to it."""
    if isinstance(failure, KeyboardInterrupt):
        raise failure
    if during_init:
        top, context = _FAULT_RESULT_FRAMES, _INIT_FRAMES[-2:]
    else:
        top, context = _XRAY_FAULT_FRAMES, _INVOKE_FRAMES[-1:]
    return Crash(1, _format(failure, _runpy_frames() + top, context))


def from_unpostable(exc: UnicodeEncodeError) -> Crash:
    """From python3.12 the runtime's JSON keeps non-ASCII text, and posting a response that holds a
    lone surrogate fails encoding it as UTF-8 (``lambda_runtime_client.post_invocation_result``): uncaught."""
    return Crash(1, _format(exc, _runpy_frames() + _POST_RESULT_FRAMES, None))


# The runtime's frames above the handler, from awslambdaric 4.2.2 as Lambda installs it
# (LAMBDA_RUNTIME_DIR=/var/runtime): (file, line, function, end line, column, end column) of each call.
_MAIN = "/var/runtime/awslambdaric/__main__.py"
_BOOTSTRAP = "/var/runtime/awslambdaric/bootstrap.py"
_CLIENT = "/var/runtime/awslambdaric/lambda_runtime_client.py"
_SOURCES = {
    _CLIENT: {
        186: '                    else result_data.encode("utf-8")',
        192: "            self.handle_exception(e)",
        211: "        raise exc",
    },
    _MAIN: {31: "        bootstrap.run(handler, client)", 35: "    main(sys.argv)"},
    _BOOTSTRAP: {
        53: '        m = importlib.import_module(modname.replace("/", "."))',
        178: "        response = request_handler(event, lambda_context)",
        211: "        lambda_runtime_client.post_invocation_result(",
        212: "            invoke_id, result, result_content_type, invocation_id",
        213: "        )",
        199: "        xray_fault = make_xray_fault(etype.__name__, str(value), os.getcwd(), tb_tuples)",
        261: "        msg if msg else str(value),",
        519: "            request_handler = _get_handler(handler)",
        527: "            error_result = build_fault_result(sys.exc_info(), None)",
        549: "            handle_event_request(",
        550: "                lambda_runtime_client,",
        551: "                request_handler,",
        552: "                event_request.invoke_id,",
        553: "                event_request.event_body,",
        554: "                event_request.content_type,",
        555: "                event_request.client_context,",
        556: "                event_request.cognito_identity,",
        557: "                event_request.invoked_function_arn,",
        558: "                event_request.deadline_time_in_ms,",
        559: "                event_request.tenant_id,",
        560: "                log_sink,",
        561: "                event_request.invocation_id,",
        562: "            )",
    },
}
Position = tuple[str, int, str, int, int, int]
_TOP: list[Position] = [(_MAIN, 35, "<module>", 35, 4, 18), (_MAIN, 31, "main", 31, 8, 38)]
_INVOKE_FRAMES: list[Position] = [
    *_TOP,
    (_BOOTSTRAP, 549, "run", 562, 12, 13),
    (_BOOTSTRAP, 178, "handle_event_request", 178, 19, 57),
]
_INIT_FRAMES: list[Position] = [
    *_TOP,
    (_BOOTSTRAP, 519, "run", 519, 30, 51),
    (_BOOTSTRAP, 53, "_get_handler", 53, 12, 62),
]
_XRAY_FAULT_FRAMES: list[Position] = [*_INVOKE_FRAMES[:-1], (_BOOTSTRAP, 199, "handle_event_request", 199, 53, 63)]
_POST_RESULT_FRAMES: list[Position] = [
    *_INVOKE_FRAMES[:-1],
    (_BOOTSTRAP, 211, "handle_event_request", 213, 8, 9),
    (_CLIENT, 192, "post_invocation_result", 192, 12, 36),
    (_CLIENT, 211, "handle_exception", 211, 8, 17),
    (_CLIENT, 186, "post_invocation_result", 186, 25, 52),
]
_FAULT_RESULT_FRAMES: list[Position] = [
    *_TOP,
    (_BOOTSTRAP, 527, "run", 527, 27, 67),
    (_BOOTSTRAP, 261, "build_fault_result", 261, 24, 34),
]


def _runpy_frames() -> list[Position]:
    """``python -m awslambdaric``'s first two frames: runpy's, frozen from python3.11 (no source line)."""
    import runpy

    if getattr(runpy.__spec__, "origin", None) == "frozen":
        return [("<frozen runpy>", 198, "_run_module_as_main", 0, 0, 0), ("<frozen runpy>", 88, "_run_code", 0, 0, 0)]
    import ast

    with open(runpy.__file__, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    frames: list[Position] = []
    for name, callee in (("_run_module_as_main", "_run_code"), ("_run_code", "exec")):
        function = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == name)
        call = next(
            node
            for node in ast.walk(function)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == callee
        )
        end_line, end_column = call.end_lineno or call.lineno, call.end_col_offset or 0
        frames.append((runpy.__file__, call.lineno, name, end_line, call.col_offset, end_column))
    return frames


def _summary(position: Position) -> traceback.FrameSummary:
    filename, line, name, end_line, column, end_column = position
    if sys.version_info >= (3, 11) and end_line:
        return traceback.FrameSummary(filename, line, name, end_lineno=end_line, colno=column, end_colno=end_column)
    return traceback.FrameSummary(filename, line, name, lookup_line=not filename.startswith("<"))


@contextmanager
def _runtime_sources() -> Iterator[None]:
    """The runtime's source lines in ``linecache`` while a traceback through them is formatted."""
    added = []
    for filename, lines in _SOURCES.items():
        if filename not in linecache.cache:
            text = [lines.get(number, "") + "\n" for number in range(1, max(lines) + 1)]
            linecache.cache[filename] = (sum(map(len, text)), None, text, filename)
            added.append(filename)
    try:
        yield
    finally:
        for filename in added:
            linecache.cache.pop(filename, None)


def _rebase(summary: traceback.TracebackException, prefix: list[Position]) -> None:
    """The runtime's frames in place of this package's leading ones."""
    frames: list[Any] = list(summary.stack)
    while frames and frames[0].filename.startswith(_PACKAGE_DIR):
        frames.pop(0)
    summary.stack = traceback.StackSummary.from_list([_summary(position) for position in prefix] + frames)


def _format(exc: BaseException, prefix: list[Position], context_prefix: list[Position] | None) -> str:
    """``exc``'s traceback as the interpreter prints it when it escapes the runtime (``sys.excepthook``)."""
    with _runtime_sources():
        summary = traceback.TracebackException(type(exc), exc, exc.__traceback__)
        _rebase(summary, prefix)
        if context_prefix is not None and summary.__context__ is not None:
            _rebase(summary.__context__, context_prefix)
        return "".join(summary.format())
