"""The function's log: the sink an invocation writes to, and every line in Lambda's text and JSON formats.

Function lines from ``logging`` follow awslambdaric's formatters (``bootstrap._setup_logging``,
``lambda_runtime_log_utils.JsonFormatter``); platform lines (START/END/REPORT) follow
https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html and, for JSON, the Telemetry
API schema https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html .
"""

from __future__ import annotations

import codecs
import io
import json
import logging
import math
import sys
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal

from pytest_lambda.runtime.json_encoder import to_json
from pytest_lambda.runtime.ric.bootstrap import LambdaLoggerHandler, LambdaLoggerHandlerWithFrameType, Unbuffered
from pytest_lambda.runtime.ric.lambda_runtime_log_utils import JsonFormatter

__all__ = [
    "LOG_FORMATS",
    "LOG_LEVELS",
    "PYTHON_LEVELS",
    "JsonFormatter",
    "LogFormat",
    "LogSink",
    "Redirect",
    "TextFormatter",
    "end_lines",
    "error_entry",
    "error_log_text",
    "init_report_line",
    "init_start_line",
    "iso_ms",
    "redirect",
    "restore",
    "start_line",
    "timeout_line",
]

if TYPE_CHECKING:
    from pytest_lambda.runtime.faults import ErrorObject
    from pytest_lambda.runtime.report import Report

LogFormat = Literal["Text", "JSON"]
LOG_FORMATS: tuple[LogFormat, ...] = ("Text", "JSON")
# ApplicationLogLevel values (API_LoggingConfig.html); TRACE maps to DEBUG in the runtime.
LOG_LEVELS = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL")
PYTHON_LEVELS = {
    "TRACE": "DEBUG",
    "DEBUG": "DEBUG",
    "INFO": "INFO",
    "WARN": "WARNING",
    "ERROR": "ERROR",
    "FATAL": "CRITICAL",
}


class TextFormatter(logging.Formatter):
    """``[LEVEL]\\t<UTC time>.<ms>Z\\t<request id>\\t<message>\\n``, as the runtime formats ``logging``."""

    converter = time.gmtime  # type: ignore[assignment]  # the runtime logs in UTC

    def __init__(self) -> None:
        super().__init__(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"
        )


class _BinaryStdout(io.BufferedIOBase):
    """``sys.stdout.buffer`` (and stderr's): bytes written to it reach the log as UTF-8 text, as in Lambda.

    While another function's stream is ``sys.stdout``, they reach that function's log: a stream a
    library kept from one function's import (Powertools ``Logger`` reuses the handler of the first
    logger of a service in the process) writes to the log of the function running now. Outside any
    function it writes to its own environment's log, as a thread left running does in Lambda.
    """

    def __init__(self, text: io.StringIO) -> None:
        super().__init__()
        self._text = text
        # A character split across two writes is decoded once both halves are in.
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        data = bytes(data)
        text = self._text
        current = sys.stdout
        if type(current) is Unbuffered:  # a function is running (``_stream``'s): its log, maybe this one
            text = current.stream.buffer._text
        text.write(self._decode(data))
        return len(data)


def _stream(text: io.StringIO, errors: str) -> Unbuffered:
    """``sys.stdout`` (``errors="strict"``) or ``sys.stderr`` (``"backslashreplace"``) as the runtime's:
    ``bootstrap.Unbuffered`` over the interpreter's UTF-8 stream, whose encoding errors it keeps (a
    lone surrogate printed to stdout raises ``UnicodeEncodeError``), writing through to ``text``."""
    return Unbuffered(
        io.TextIOWrapper(_BinaryStdout(text), encoding="utf-8", errors=errors, newline="\n", write_through=True)
    )


_RUNTIME_FILTERS: list[Any] = []


class LogSink:
    """One execution environment's log, and the root logger as its function sees it.

    ``print`` output reaches the buffer through the redirected ``sys.stdout``/``sys.stderr``,
    ``logging`` through the runtime's root handler (``handler``), first of the function's root
    handlers (``handlers``: the runtime's, and any the function adds). A function that replaces the
    handler's formatter, removes it or adds its own changes them for the rest of its environment,
    as in Lambda (awslambdaric ``bootstrap._setup_logging``).
    """

    __slots__ = ("buffer", "handler", "handlers", "level", "log_format", "request_id", "stderr", "stdout", "tenant_id")

    def __init__(self, log_format: LogFormat, log_level: str | None = None) -> None:
        self.log_format = log_format
        self.buffer = io.StringIO()
        self.request_id = ""
        self.tenant_id: str | None = None
        self.stdout = _stream(self.buffer, "strict")
        self.stderr = _stream(self.buffer, "backslashreplace")
        # The runtime's choice of handler and formatter (bootstrap._setup_logging).
        kind = LambdaLoggerHandlerWithFrameType if log_format == "JSON" or log_level else LambdaLoggerHandler
        self.handler = kind(self)
        self.handler.setFormatter(JsonFormatter() if log_format == "JSON" else TextFormatter())
        # One list for every environment's: a filter on the runtime's root handler stays as long as the
        # loggers it guards, which outlive an environment here (one process, many environments). Powertools'
        # Logger configures a service's logger once per process, marking the root handlers then in place
        # with a SuppressFilter so that its lines are not written twice.
        self.handler.filters = _RUNTIME_FILTERS
        self.handlers: list[logging.Handler] = [self.handler]
        # The root logger's level in the environment: the runtime sets it from AWS_LAMBDA_LOG_LEVEL
        # before it imports the function; None leaves the host's.
        self.level: int | None = logging.getLevelName(PYTHON_LEVELS[log_level]) if log_level else None

    def write(self, text: str) -> None:
        self.buffer.write(text)

    def platform_line(self, line: str) -> None:
        """Write one of the platform's lines: on a line of its own, after any unfinished line of the function."""
        buffer = self.buffer
        end = buffer.tell()
        if end:
            buffer.seek(end - 1)
            if buffer.read(1) != "\n":
                buffer.write("\n")
        buffer.write(line)

    def take(self) -> str:
        """Everything logged since the last call, its last line ended.

        The platform's own lines (START, END, REPORT, INIT_REPORT) are log events of their own: a
        function's last line left unfinished (``print(x, end="")``, or a Text ``logging.exception``
        record, whose traceback follows the format's newline) is still its own event before them.
        """
        buffer = self.buffer
        text = buffer.getvalue()
        if text:
            buffer.seek(0)
            buffer.truncate()
            if text[-1] != "\n":
                text += "\n"
        return text


# The root logger's handlers outside any function: while functions run (nested ones included),
# each sees its own root handlers followed by these (pytest's log capture keeps its records).
_HOST: list[list[logging.Handler]] = []

# What ``redirect`` displaced: stdout, stderr, the root logger's handler list and level.
Redirected = tuple[Any, Any, "list[logging.Handler]", int]


def redirect(sink: LogSink) -> Redirected:
    """Send ``sys.stdout``/``sys.stderr`` to ``sink``, and give the root logger the function's handlers
    (and level, if configured); ``restore`` undoes it."""
    root = logging.root
    handlers = root.handlers
    saved = (sys.stdout, sys.stderr, handlers, root.level)
    sys.stdout, sys.stderr = sink.stdout, sink.stderr
    if not _HOST:
        _HOST.append(handlers)
    root.handlers = sink.handlers + _HOST[0]
    level = sink.level
    if level is not None and level != root.level:
        root.setLevel(level)  # clears every logger's cache: only when it changes
    return saved


def restore(saved: Redirected, sink: LogSink) -> None:
    """Put back what ``redirect`` displaced, keeping what the function did to its root logger for next time."""
    sys.stdout, sys.stderr, handlers, level = saved
    root = logging.root
    host = _HOST[0]
    sink.handlers = [handler for handler in root.handlers if handler not in host]
    root.handlers = handlers
    if handlers is host:
        _HOST.clear()
    # The level the function ran with: its own, or the host's. A function that changed it (a module
    # setting logging.getLogger().setLevel("INFO") at import, as AWS's examples do) keeps its level
    # for the rest of its environment; the host gets its own back.
    current = root.level
    if current != (level if sink.level is None else sink.level):
        sink.level = current
    if current != level:
        root.setLevel(level)


class Redirect:
    """``with Redirect(sink):`` ``redirect`` for the block."""

    __slots__ = ("_saved", "_sink")

    def __init__(self, sink: LogSink) -> None:
        self._sink = sink

    def __enter__(self) -> None:
        self._saved = redirect(self._sink)

    def __exit__(self, *exc: object) -> None:
        restore(self._saved, self._sink)


def iso_ms(epoch_ms: int) -> str:
    """``2024-01-01T00:00:00.000Z``: a platform line's time."""
    return datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def init_start_line(log_format: LogFormat, runtime_version: str, runtime_arn: str, now_ms: int, **record: Any) -> str:
    """``INIT_START``: emitted once per execution environment, before the module is imported."""
    if log_format == "JSON":
        body = {"initializationType": record["initialization_type"], "phase": "init", "runtimeVersion": runtime_version,
                "runtimeVersionArn": runtime_arn, "functionName": record["function_name"],
                "functionVersion": record["function_version"]}  # fmt: skip
        return _platform_json(now_ms, "platform.initStart", body)
    return f"INIT_START Runtime Version: {runtime_version}\tRuntime Version ARN: {runtime_arn}\n"


def start_line(log_format: LogFormat, request_id: str, version: str, now_ms: int) -> str:
    if log_format == "JSON":
        return _platform_json(now_ms, "platform.start", {"requestId": request_id, "version": version})
    return f"START RequestId: {request_id} Version: {version}\n"


def timeout_line(log_format: LogFormat, request_id: str, timeout: int, now_ms: int) -> str:
    # troubleshooting-invocation.html: "<timestamp> <request id> Task timed out after 3.00 seconds"
    message = f"Task timed out after {timeout:.2f} seconds"
    if log_format == "JSON":
        return _platform_json(now_ms, "platform.runtimeDone", {"requestId": request_id, "status": "timeout"})
    return f"{iso_ms(now_ms)} {request_id} {message}\n"


def _platform_json(now_ms: int, kind: str, record: dict[str, Any]) -> str:
    return json.dumps({"time": iso_ms(now_ms), "type": kind, "record": record}) + "\n"


def end_lines(log_format: LogFormat, report: Report, started_ms: int) -> str:
    """END and REPORT (text), or ``platform.report`` (JSON), after an invocation that started at ``started_ms``."""
    if log_format == "JSON":
        return report.json_line(iso_ms(started_ms + math.ceil(report.duration_ms)))
    return f"END RequestId: {report.request_id}\n{report.line()}"


def init_report_line(init_duration_ms: float, error_type: str) -> str:
    """``INIT_REPORT`` after a failed init (lambda-runtime-environment.html)."""
    return (
        f"INIT_REPORT Init Duration: {init_duration_ms:.2f} ms\tPhase: init\tStatus: error\tError Type: {error_type}\n"
    )


def error_entry(log_format: LogFormat, error: ErrorObject) -> str:
    """The runtime's log entry for an unhandled error: ``[ERROR]`` text, or a JSON record."""
    if log_format == "JSON":
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time()))
        # bootstrap.log_error: the runtime's to_json, which escapes non-ASCII below python3.12
        return to_json({"timestamp": stamp, "level": "ERROR", **error}) + "\n"
    return error_log_text(error)


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
