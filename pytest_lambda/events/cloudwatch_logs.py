"""Amazon CloudWatch Logs subscription filter events: a gzipped, base64-encoded batch of log events.

https://docs.aws.amazon.com/lambda/latest/dg/services-cloudwatchlogs.html (example event) and
https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html (the decoded payload).
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Literal, TypedDict

from pytest_lambda.errors import with_docs
from pytest_lambda.events._common import EventOverrideError, Gen, b64
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "CloudWatchLogsData",
    "CloudWatchLogsEvent",
    "CloudWatchLogsLogEvent",
    "CloudWatchLogsPayload",
    "cloudwatch_logs_event",
    "decode_awslogs",
    "encode_awslogs",
]


class CloudWatchLogsLogEvent(TypedDict):
    id: str
    timestamp: int
    message: str


class CloudWatchLogsPayload(TypedDict):
    """What ``awslogs.data`` holds once base64-decoded and gunzipped."""

    messageType: Literal["DATA_MESSAGE"]
    owner: str
    logGroup: str
    logStream: str
    subscriptionFilters: list[str]
    logEvents: list[CloudWatchLogsLogEvent]


class CloudWatchLogsData(TypedDict):
    data: str


class CloudWatchLogsEvent(TypedDict):
    awslogs: CloudWatchLogsData


# A batch holds what one PutLogEvents call can carry at most: 10,000 log events.
MESSAGES_LIMIT = 10_000
SHORTHANDS = ("messages", "log_group", "log_stream", "subscription_filter")

# gzip member header (RFC 1952) as CloudWatch Logs writes it: no flags, mtime 0, no extra flags,
# OS 0 ("H4sIAAAAAAAAA..." once base64-encoded).
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x00"


def encode_awslogs(payload: Mapping[str, Any]) -> str:
    """``base64(gzip(json))`` of a decoded payload: the value of ``awslogs.data``."""
    raw = json.dumps(payload, separators=(",", ":")).encode()
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = deflate.compress(raw) + deflate.flush()
    trailer = struct.pack("<II", zlib.crc32(raw), len(raw) & 0xFFFFFFFF)
    return b64(_GZIP_HEADER + body + trailer)


def decode_awslogs(data: str) -> Any:
    """The payload of ``awslogs.data``: base64-decode, gunzip, parse the JSON."""
    return json.loads(zlib.decompress(base64.b64decode(data), zlib.MAX_WBITS | 16))


def _log_stream(gen: Gen) -> str:
    """A Lambda function's log stream: ``YYYY/MM/DD/[$LATEST]<32 hex>``, dated today."""
    day = datetime.fromtimestamp(gen.now_ms / 1000, tz=timezone.utc).strftime("%Y/%m/%d")
    return f"{day}/[$LATEST]{gen.hex(32)}"


def _messages(value: Any) -> list[str]:
    if isinstance(value, (str, Mapping)):
        value = [value]
    if not isinstance(value, list) or not 1 <= len(value) <= MESSAGES_LIMIT:
        raise EventOverrideError(
            with_docs(
                f"messages must be a list of 1 to {MESSAGES_LIMIT} log lines (str, or dict sent as JSON), "
                f"got {value!r}",
                "event-overrides",
            )
        )
    lines = []
    for line in value:
        if isinstance(line, Mapping):
            lines.append(json.dumps(line))
        elif isinstance(line, str):
            lines.append(line)
        else:
            raise EventOverrideError(
                with_docs(f"each message must be a str or a dict (sent as JSON), got {line!r}", "event-overrides")
            )
    return lines


def cloudwatch_logs_event(gen: Gen, shorthands: dict[str, Any]) -> CloudWatchLogsEvent:
    """A subscription filter delivery; log event ids are unique and increasing, timestamps in order."""
    default_group = f"/aws/lambda/{gen.pick('word')}-function"
    group = str(shorthands.get("log_group", default_group))
    stream = str(shorthands["log_stream"]) if "log_stream" in shorthands else _log_stream(gen)
    filter_name = str(shorthands.get("subscription_filter", f"{gen.pick('word')}-subscription"))
    request_id = gen.uuid()
    if "messages" in shorthands:
        lines = _messages(shorthands["messages"])
        stamps = sorted(gen.ms_ago(60_000) for _ in lines)
    else:
        stamps = [gen.ms_ago(60_000)]
        # The Python runtime's log line format: level, ISO time, request id, message.
        lines = [f"[INFO]\t{Gen.iso(stamps[0])}\t{request_id}\t{gen.pick('sentence')}\n"]
    # Log event ids are 56-digit decimal strings, increasing within a stream.
    current = int("3" + gen.digits(55))
    events: list[CloudWatchLogsLogEvent] = []
    for stamp, line in zip(stamps, lines, strict=True):
        current += gen.integer(10**20, 10**22)
        events.append({"id": str(current), "timestamp": stamp, "message": line})
    payload: CloudWatchLogsPayload = {
        "messageType": "DATA_MESSAGE",
        "owner": gen.account_id,
        "logGroup": group,
        "logStream": stream,
        "subscriptionFilters": [filter_name],
        "logEvents": events,
    }
    return {"awslogs": {"data": encode_awslogs(payload)}}


register(
    EventSource(
        "cloudwatch_logs",
        "Amazon CloudWatch Logs events from a subscription filter",
        cloudwatch_logs_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("awslogs",),
        records_limit=MESSAGES_LIMIT,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/services-cloudwatchlogs.html",
    )
)
