"""What AWS's Python runtime interface client does around a handler call.

Messages, error objects and log text follow awslambdaric 4.2.2 (``bootstrap.py``,
``lambda_runtime_marshaller.py``, ``lambda_literals.py``).
"""

from __future__ import annotations

import decimal
import importlib
import json
import json.scanner
import math
import os
import sys
import traceback
from collections.abc import Callable
from types import ModuleType
from typing import Any

Handler = Callable[[Any, Any], Any]
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

UNHANDLED_EXCEPTION_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. "
    "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. "
    "For functions using managed runtimes, runtime updates can be triggered by a function change, "
    "or can be applied automatically. To determine if the runtime has been updated, check the runtime "
    "version in the INIT_START log entry. If this error correlates with a change in the runtime version, "
    "you may be able to mitigate this error by temporarily rolling back to the previous runtime version. "
    "For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r"
)
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


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
    frames = list(traceback.extract_tb(exc.__traceback__))
    while frames and frames[0].filename.startswith(_PACKAGE_DIR):
        del frames[0]
    return make_error(str(exc), type(exc).__name__, traceback.format_list(frames), request_id)


def error_log_text(error: ErrorObject) -> str:
    """The runtime's text-format ``[ERROR]`` entry: lines joined by ``\\r``, indentation as U+00A0."""
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        if error.get("errorType"):
            description += ":"
        description += " " + error["errorMessage"]
    lines = [description]
    stack = error.get("stackTrace")
    if stack is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack:
            if element == "":
                lines.append("")
                continue
            for line in element.splitlines():
                stripped = line.lstrip(" ")
                lines.append("\u00a0" * (len(line) - len(stripped)) + stripped)
    return "\r".join(lines) + "\n"


def load_handler(handler: str) -> tuple[ModuleType, Handler]:
    """Resolve ``"package/module.function"`` as the runtime does, executing the module afresh.

    The module is imported anew (its top-level code runs again, as in a new execution
    environment) but ``sys.modules`` is left as it was, so the test's own imports of it, and
    patches on the modules it imports, are undisturbed.
    """
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as exc:
        raise FaultError(MALFORMED_HANDLER_NAME, f"Bad handler '{handler}': {exc}") from None
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise FaultError(BUILT_IN_MODULE_CONFLICT, f"Cannot use built-in module {module_name} as a handler module")
    try:
        module = _fresh_import(module_name.replace("/", "."))
    except ImportError as exc:
        raise FaultError(IMPORT_MODULE_ERROR, f"Unable to import module '{module_name}': {exc}") from None
    except SyntaxError as exc:
        trace = [f'  File "{exc.filename}" Line {exc.lineno}\n    {exc.text}']
        raise FaultError(USER_CODE_SYNTAX_ERROR, f"Syntax error in module '{module_name}': {exc}", trace) from None
    try:
        return module, getattr(module, function_name)
    except AttributeError:
        raise FaultError(HANDLER_NOT_FOUND, f"Handler '{function_name}' missing on module '{module_name}'") from None


def _fresh_import(name: str) -> ModuleType:
    previous = sys.modules.pop(name, None)
    try:
        return importlib.import_module(name)
    finally:
        if previous is not None:
            sys.modules[name] = previous
        else:
            sys.modules.pop(name, None)


class _Encoder(json.JSONEncoder):
    # The runtime encodes with simplejson: Decimal (DynamoDB's numbers) as a JSON number, NaN allowed,
    # and on python3.12+ runtimes without ASCII escaping.
    def __init__(self) -> None:
        super().__init__(ensure_ascii=sys.version_info < (3, 12), allow_nan=True)

    def default(self, o: Any) -> Any:
        if isinstance(o, decimal.Decimal):
            if o.is_nan():
                return math.nan
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def _c_encoders(encoder: json.JSONEncoder) -> tuple[Callable[[Any, int], Any], Callable[[], Callable[[Any, int], Any]]]:
    """``encoder``'s C encoder, made once rather than on every call as ``JSONEncoder.encode`` does.

    It is made without circular-reference markers (a dict insert and delete per container): a
    circular value then ends in ``RecursionError``, and only then is it encoded again with a
    checking encoder from the second function, to raise the ``ValueError`` ``encode`` raises.
    """
    make = json.encoder.c_make_encoder  # type: ignore[attr-defined] # CPython's C accelerator, untyped
    basestring = json.encoder.encode_basestring_ascii if encoder.ensure_ascii else json.encoder.encode_basestring
    args = (encoder.default, basestring, None, ": ", ", ", False, False, encoder.allow_nan)
    return make(None, *args), lambda: make({}, *args)


_join = "".join
# Public for the harness's hot path (_call.py): the C encoders' chunks, joined for the text.
response_chunks, _checked_response = _c_encoders(_Encoder())
event_chunks, _checked_event = _c_encoders(json.JSONEncoder())
_decoder = json.JSONDecoder()
_decode = _decoder.decode
# The C scanner that ``decode`` ends in, without its two whitespace regex matches: a body that it
# does not consume whole (leading or trailing whitespace, or an error) goes the full way.
event_scan: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(_decoder)  # type: ignore[arg-type] # typeshed types the context oddly


def encode_event(event: Any) -> str:
    """The event as ``json.dumps`` writes it, as the Invoke request's payload."""
    try:
        return _join(event_chunks(event, 0))
    except RecursionError:
        return _join(_checked_event()(event, 0))


def marshal_response(response: Any) -> str | bytes:
    """The response as the runtime sends it: bytes pass through, anything else becomes JSON."""
    if isinstance(response, bytes):
        return response
    try:
        try:
            return _join(response_chunks(response, 0))
        except RecursionError:
            return _join(_checked_response()(response, 0))
    except Exception as exc:
        raise FaultError(MARSHAL_ERROR, f"Unable to marshal response: {exc}") from None


def unmarshal_request(body: str | bytes) -> Any:
    """The event as the handler receives it: parsed from the request's JSON."""
    try:
        if isinstance(body, str):
            try:
                value, end = event_scan(body, 0)
            except StopIteration:
                return _decode(body)
            return value if end == len(body) else _decode(body)
        return json.loads(body)
    except ValueError as exc:
        raise FaultError(UNMARSHAL_ERROR, f"Unable to unmarshal input: {exc}") from None
