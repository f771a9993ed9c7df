"""Properties of sys.stdout and sys.stderr that handlers (and libraries) inspect."""

from __future__ import annotations

import sys


def _fileno(stream):
    try:
        return stream.fileno()
    except Exception as exc:
        return type(exc).__name__


def handler(event, context):
    return {
        "encoding": sys.stdout.encoding,
        "stderr_encoding": sys.stderr.encoding,
        "isatty": sys.stdout.isatty(),
        "writable": sys.stdout.writable(),
        "has_buffer": hasattr(sys.stdout, "buffer"),
        "fileno": _fileno(sys.stdout),
        "write_returns": sys.stdout.write(""),
    }
