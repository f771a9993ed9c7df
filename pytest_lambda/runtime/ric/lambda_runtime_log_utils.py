"""The runtime's JSON log records: awslambdaric 4.2.2 ``lambda_runtime_log_utils.JsonFormatter``."""

from __future__ import annotations

import json
import logging
import time
import traceback
from typing import Any

_JSON_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_RESERVED_FIELDS = frozenset(
    {
        "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info",
        "exc_text", "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread",
        "threadName", "processName", "process", "aws_request_id", "tenant_id", "_frame_type", "taskName",
    }
)  # fmt: skip
_json_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode


class JsonFormatter(logging.Formatter):
    """The runtime's JSON log records (``AWS_LAMBDA_LOG_FORMAT=JSON``)."""

    converter = time.gmtime  # type: ignore[assignment]  # the runtime logs in UTC

    def __init__(self) -> None:
        super().__init__(datefmt=_JSON_DATETIME_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        levelno = min(50, max(0, record.levelno)) // 10 * 10
        exc_info = record.exc_info
        # Laid out as the runtime's: a bad %-format's trace shows this line.
        # fmt: off
        message = (
            record.msg
            if isinstance(record.msg, dict) and not record.args
            else record.getMessage()
        )
        # fmt: on
        result: dict[str, Any] = {
            "timestamp": self.formatTime(record, self.datefmt),
            "level": logging.getLevelName(levelno),
            "message": message,
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
