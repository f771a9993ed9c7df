"""The X-Ray daemon's stand-in: one UDP socket on 127.0.0.1 that keeps what a function's X-Ray SDK sends.

aws-xray-sdk reads ``AWS_XRAY_DAEMON_ADDRESS`` once, when its process-wide recorder is built (at its
first import), so every function in the process gets this one address; it is bound on first use, to
a free port from the kernel's ephemeral range (never the daemon's 2000). The SDK sends each document
as one datagram: the header ``{"format":"json","version":1}``, a newline, the segment or subsegment
JSON (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html#xray-api-daemon).
In Lambda it streams every subsegment on its own as it ends, with its ``trace_id`` and ``parent_id``;
the function's segment is Lambda's, never sent (aws-xray-sdk 2.15 ``lambda_launcher``, a
``FacadeSegment``). Nothing is sent when the trace header says ``Sampled=0``, so the socket is read
only after invocations that were sampled, and when a test reads ``trace``.
"""

from __future__ import annotations

import atexit
import json
import socket
from typing import Any

__all__ = ["daemon_address", "documents", "drain"]

# Datagrams up to the largest UDP payload; the SDK's segments are far smaller (64 KB: xray-api-sendingdata.html).
_MAX_DATAGRAM = 65535
_socket: socket.socket | None = None
_address = ""
# Documents received and not yet claimed, by trace id ("1-<8 hex>-<24 hex>").
_pending: dict[str, list[dict[str, Any]]] = {}


def daemon_address() -> str:
    """``127.0.0.1:<port>`` of the process's sink, bound the first time it is asked for."""
    global _socket, _address
    if _socket is None:
        sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sink.bind(("127.0.0.1", 0))
        sink.setblocking(False)
        atexit.register(sink.close)
        _socket = sink
        _address = f"127.0.0.1:{sink.getsockname()[1]}"
    return _address


def drain() -> None:
    """Move every datagram waiting on the socket to the documents kept by trace id."""
    sink = _socket
    if sink is None:
        return
    while True:
        try:
            datagram = sink.recv(_MAX_DATAGRAM)
        except BlockingIOError:
            return
        _, _, body = datagram.partition(b"\n")
        try:
            document = json.loads(body)
        except ValueError:
            continue  # not the SDK's: nothing a trace could hold
        if isinstance(document, dict):
            _pending.setdefault(str(document.get("trace_id")), []).append(document)


def documents(trace_id: str) -> list[dict[str, Any]]:
    """The documents sent for ``trace_id`` (its ``Root``), in the order they arrived; claimed once."""
    drain()
    return _pending.pop(trace_id, [])
