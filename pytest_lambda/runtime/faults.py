"""Error objects: what the runtime and the platform report when a handler, its init or its response fails.

The object's shape and the ``Runtime.*`` fault types follow awslambdaric 4.2.2 (``bootstrap.make_error``,
``lambda_runtime_exception.py``); the platform's own errors (timeout, exit, response size) the
Lambda Developer Guide, cited where used.
"""

from __future__ import annotations

import os
import traceback
from typing import Any

ErrorObject = dict[str, Any]

# lambda_runtime_exception.py
IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
MARSHAL_ERROR = "Runtime.MarshalError"
UNMARSHAL_ERROR = "Runtime.UnmarshalError"
# Not the runtime's: the platform's, when the runtime process exits during an invoke.
EXIT_ERROR = "Runtime.ExitError"

# This package's frames lead every handler traceback; like the runtime's own, they are dropped.
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
# When every frame is the runtime's (the handler could not be called: a signature that does not take
# (event, context), or not a callable), awslambdaric 4.2.2 keeps them: its one frame is this call in
# bootstrap.handle_event_request. The path is where Lambda's Python images install it (LAMBDA_RUNTIME_DIR).
_HANDLER_CALL_FRAME = (
    "/var/runtime/awslambdaric/bootstrap.py",
    178,
    "handle_event_request",
    "response = request_handler(event, lambda_context)",
)


class FaultError(Exception):
    """A runtime fault (``Runtime.*``): the runtime's own error, not one the handler raised."""

    def __init__(self, error_type: str, message: str, trace: list[str] | None = None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace


def make_error(message: str, error_type: str, stack_trace: list[str] | None, request_id: str | None) -> ErrorObject:
    """The error object the runtime posts: keys always present, in this order."""
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace or [],
    }


def error_from_exception(exc: BaseException, request_id: str | None) -> ErrorObject:
    """The error object for an exception the handler (or its module) raised.

    Like the runtime, leading frames of the runtime itself (here: this package) are dropped.
    """
    if isinstance(exc, FaultError):
        return make_error(exc.message, exc.error_type, exc.trace, request_id)
    return make_error(str(exc), type(exc).__name__, stack_trace(exc), request_id)


def stack_trace(exc: BaseException) -> list[str]:
    """``exc``'s frames as the runtime formats them (awslambdaric 4.2.2 ``bootstrap.extract_traceback``).

    The runtime formats ``(file, line, name, code)`` tuples with ``traceback.format_list``: no
    caret lines under the code, whatever the Python version. Leading frames of the runtime (here:
    this package) are dropped, unless there is no other frame.
    """
    # lineno is typed Optional from 3.11; format_list writes what it is given, as the runtime's does.
    frames: list[tuple[str, Any, str, str | None]] = [
        (frame.filename, frame.lineno, frame.name, frame.line) for frame in traceback.extract_tb(exc.__traceback__)
    ]
    for index, frame in enumerate(frames):
        if not frame[0].startswith(_PACKAGE_DIR):
            return traceback.format_list(frames[index:])
    # Only ours: the handler call itself failed, where the runtime's trace holds its own call.
    return traceback.format_list([_HANDLER_CALL_FRAME]) if frames else []


def exit_error(request_id: str | None, status: int) -> ErrorObject:
    """The runtime process ended with ``status``: the platform's error (no request id at provisioned init).

    aws-lambda-runtime-interface-emulator ``rapid/shutdown.go``: "runtime exited without providing a
    reason" for status 0, else "runtime exited with error: exit status N"; Lambda's message starts
    "RequestId: <id> Error: Runtime exited ..." (lambda-runtime-environment.html, failures in the
    invoke phase).
    """
    if status == 0:
        reason = "Runtime exited without providing a reason"
    else:
        reason = f"Runtime exited with error: exit status {status}"
    message = f"Error: {reason}" if request_id is None else f"RequestId: {request_id} Error: {reason}"
    return make_error(message, EXIT_ERROR, None, None)


def timeout_error(request_id: str, timeout: int) -> ErrorObject:
    """The payload of a timed-out invocation (troubleshooting-invocation.html)."""
    return {
        "errorMessage": f"RequestId: {request_id} Error: Task timed out after {timeout:.2f} seconds",
        "errorType": "Sandbox.Timedout",
    }


def response_too_large_error(limit: int) -> ErrorObject:
    """The runtime API refuses a response over ``limit`` bytes with ``Function.ResponseSizeTooLarge``."""
    return {
        "errorMessage": f"Response payload size exceeded maximum allowed payload size ({limit} bytes).",
        "errorType": "Function.ResponseSizeTooLarge",
    }
