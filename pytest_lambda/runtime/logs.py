"""The function's log: the sink an invocation writes to, and every line in Lambda's text and JSON formats.

Function lines from ``logging`` follow awslambdaric's formatters (``bootstrap._setup_logging``,
``lambda_runtime_log_utils.JsonFormatter``); platform lines (START/END/REPORT) follow
https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html and, for JSON, the Telemetry
API schema https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html .
"""

from __future__ import annotations

import io
import json
import logging
import math
import sys
import time
import traceback
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal

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

_JSON_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_RESERVED_FIELDS = frozenset(
    {
        "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info",
        "exc_text", "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread",
        "threadName", "processName", "process", "aws_request_id", "tenant_id", "_frame_type", "taskName",
    }
)  # fmt: skip
_json_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode


class TextFormatter(logging.Formatter):
    """``[LEVEL]\\t<UTC time>.<ms>Z\\t<request id>\\t<message>\\n``, as the runtime formats ``logging``."""

    converter = time.gmtime  # type: ignore[assignment]  # the runtime logs in UTC

    def __init__(self) -> None:
        super().__init__(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"
        )


class JsonFormatter(logging.Formatter):
    """The runtime's JSON log records (``AWS_LAMBDA_LOG_FORMAT=JSON``)."""

    converter = time.gmtime  # type: ignore[assignment]  # the runtime logs in UTC

    def __init__(self) -> None:
        super().__init__(datefmt=_JSON_DATETIME_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        levelno = min(50, max(0, record.levelno)) // 10 * 10
        exc_info = record.exc_info
        result: dict[str, Any] = {
            "timestamp": self.formatTime(record, self.datefmt),
            "level": logging.getLevelName(levelno),
            "message": record.msg if isinstance(record.msg, dict) and not record.args else record.getMessage(),
            "logger": record.name,
            "stackTrace": traceback.format_tb(exc_info[2]) if exc_info else None,
            "errorType": exc_info[0].__name__ if exc_info and exc_info[0] else None,
            "errorMessage": str(exc_info[1]) if exc_info else None,
            "requestId": getattr(record, "aws_request_id", None),
            "location": f"{record.pathname}:{record.funcName}:{record.lineno}" if exc_info else None,
        }
        if getattr(record, "tenant_id", None) is not None:
            result["tenantId"] = record.tenant_id  # type: ignore[attr-defined]
        result.update(
            (key, value) for key, value in record.__dict__.items() if key not in _RESERVED_FIELDS and key not in result
        )
        return _json_encode({k: v for k, v in result.items() if v is not None}) + "\n"


class LogSink(logging.Handler):
    """Collects one execution environment's log, as the runtime's log sink does.

    Installed on the root logger while an invocation runs; ``print`` output reaches the same
    buffer through the redirected ``sys.stdout``/``sys.stderr``.
    """

    def __init__(self, log_format: LogFormat) -> None:
        super().__init__()
        self.log_format = log_format
        self.setFormatter(JsonFormatter() if log_format == "JSON" else TextFormatter())
        self.buffer = io.StringIO()
        self.request_id = ""
        self.tenant_id: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        record.aws_request_id = self.request_id
        record.tenant_id = self.tenant_id
        try:
            self.buffer.write(self.format(record))
        except Exception:
            self.handleError(record)

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


class _Dispatcher(logging.Handler):
    """The one root-logger handler: passes records to the sink of the invocation running, if any."""

    def __init__(self) -> None:
        super().__init__()
        self.sink: LogSink | None = None
        self.installs = 0

    def handle(self, record: logging.LogRecord) -> bool:
        sink = self.sink
        if sink is not None:
            sink.emit(record)
        return sink is not None

    def emit(self, record: logging.LogRecord) -> None:  # pragma: no cover - handle() does the work
        self.handle(record)


DISPATCHER = _Dispatcher()


def hold() -> None:
    """Keep the dispatcher on the root logger until ``release``, so invokes don't add and remove it."""
    if DISPATCHER.installs == 0:
        logging.getLogger().addHandler(DISPATCHER)
    DISPATCHER.installs += 1


def release() -> None:
    """Undo one ``hold``."""
    if DISPATCHER.installs == 0:
        return
    DISPATCHER.installs -= 1
    if DISPATCHER.installs == 0:
        logging.getLogger().removeHandler(DISPATCHER)


# What ``redirect`` displaced: stdout, stderr, the dispatcher's sink, and whether it installed the dispatcher.
Redirected = tuple[Any, Any, "LogSink | None", bool]


def redirect(sink: LogSink) -> Redirected:
    """Send ``sys.stdout``/``sys.stderr`` and root-logger records to ``sink``; ``restore`` undoes it."""
    installed = DISPATCHER.installs == 0
    if installed:
        hold()
    saved = (sys.stdout, sys.stderr, DISPATCHER.sink, installed)
    sys.stdout = sys.stderr = sink.buffer
    DISPATCHER.sink = sink
    return saved


def restore(saved: Redirected) -> None:
    """Put back what ``redirect`` displaced."""
    sys.stdout, sys.stderr, DISPATCHER.sink, installed = saved
    if installed:
        release()


class Redirect:
    """``with Redirect(sink):`` ``redirect`` for the block."""

    __slots__ = ("_saved", "_sink")

    def __init__(self, sink: LogSink) -> None:
        self._sink = sink

    def __enter__(self) -> None:
        self._saved = redirect(self._sink)

    def __exit__(self, *exc: object) -> None:
        restore(self._saved)


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
        return json.dumps({"timestamp": stamp, "level": "ERROR", **error}, ensure_ascii=False) + "\n"
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
