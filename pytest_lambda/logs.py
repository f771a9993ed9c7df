"""Moved to ``pytest_lambda.runtime.logs``; this module keeps the old import path working."""

from __future__ import annotations

from pytest_lambda.runtime.logs import (
    LOG_FORMATS,
    LOG_LEVELS,
    PYTHON_LEVELS,
    JsonFormatter,
    LogFormat,
    LogSink,
    Redirect,
    TextFormatter,
    init_start_line,
    start_line,
    timeout_line,
)

__all__ = [
    "LOG_FORMATS",
    "LOG_LEVELS",
    "PYTHON_LEVELS",
    "JsonFormatter",
    "LogFormat",
    "LogSink",
    "Redirect",
    "TextFormatter",
    "init_start_line",
    "start_line",
    "timeout_line",
]
