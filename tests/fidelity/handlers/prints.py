"""print and direct writes to stdout and stderr."""

from __future__ import annotations

import logging
import os
import sys

print("printed at import")


def lines(event, context):
    print("first line")
    print("second", "line", 2)
    return "ok"


def partial_line(event, context):
    print("no newline at the end", end="")
    return "ok"


def partial_then_log(event, context):
    sys.stdout.write("partial ")
    logging.warning("then a log record")
    return "ok"


def stderr(event, context):
    print("to stderr", file=sys.stderr)
    return "ok"


def non_ascii(event, context):
    print("café ✓ 日本語 😀")
    return "ok"


def carriage_return(event, context):
    print("one\rtwo")
    return "ok"


def write_fd1(event, context):
    os.write(1, b"written to fd 1\n")
    print("printed")
    return "ok"


def dunder_stdout(event, context):
    print("to sys.__stdout__", file=sys.__stdout__)
    print("printed")
    return "ok"


def flush_and_writelines(event, context):
    sys.stdout.writelines(["a\n", "b\n"])
    sys.stdout.flush()
    return "ok"


def lone_surrogate(event, context):
    # The runtime's stdout encodes UTF-8 strictly: this raises UnicodeEncodeError in the handler.
    print("before")
    print("\ud800")
    return "printed"


def lone_surrogate_stderr(event, context):
    # stderr's errors are backslashreplace: the surrogate reaches the log escaped.
    print("a\ud800b", file=sys.stderr)
    sys.stderr.writelines(["c\udfffd\n"])
    return "printed"
