"""The runtime's root log handlers: awslambdaric 4.2.2 ``bootstrap.LambdaLoggerHandler`` and
``LambdaLoggerHandlerWithFrameType``.

Like the runtime's, ``emit`` does not catch what formatting raises: a bad ``%``-format in a log
call fails the invocation with that error, as in Lambda (``logging.Handler.handleError`` is never
reached). The source lines that call ``self.format`` are laid out as awslambdaric's, as a trace
shows them.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol


class Sink(Protocol):
    """Where the handler writes: the execution environment's log."""

    request_id: str
    tenant_id: str | None

    def write(self, text: str) -> None: ...


class LambdaLoggerHandler(logging.Handler):
    """The runtime's handler in Text format when no log level is configured."""

    def __init__(self, sink: Sink) -> None:
        super().__init__()
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        # The runtime's LambdaLoggerFilter: every handler after this one sees them too.
        sink = self.sink
        record.aws_request_id = sink.request_id
        record.tenant_id = sink.tenant_id
        msg = self.format(record)
        sink.write(msg)


class LambdaLoggerHandlerWithFrameType(LambdaLoggerHandler):
    """The runtime's handler in JSON format, or when a log level is configured."""

    def emit(self, record: logging.LogRecord) -> None:
        sink = self.sink
        record.aws_request_id = sink.request_id
        record.tenant_id = sink.tenant_id
        sink.write(
            self.format(record),
        )


class Unbuffered:
    """``sys.stdout`` and ``sys.stderr`` while the function's code runs: the runtime's ``bootstrap.Unbuffered``
    over a UTF-8 text stream (the interpreter's, on a pipe, in Lambda). ``encoding`` is ``"utf-8"``,
    there is a binary ``buffer``, ``write``/``writelines`` return ``None``; a write that cannot be
    encoded fails in this frame, as in the runtime's. Anything else is the wrapped stream's.
    """

    __slots__ = ("stream",)

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.stream, attr)

    def write(self, msg: str) -> None:
        self.stream.write(msg)

    def writelines(self, msgs: Any) -> None:
        self.stream.writelines(msgs)
