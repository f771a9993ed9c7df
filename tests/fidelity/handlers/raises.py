"""Exceptions of every shape, raised by the handler."""

from __future__ import annotations

import json
import sys
import warnings

import helper


class CustomStr(Exception):
    def __str__(self):
        return "custom text"


class FailingStr(Exception):
    def __str__(self):
        raise RuntimeError("__str__ failed")


class Stop(BaseException):
    pass


class OrderError(Exception):
    """A domain error, as users define them."""


def value_error(event, context):
    raise ValueError("bad value")


def sub_expression(event, context):
    return event["missing_key"] + 1


def attribute_in_expression(event, context):
    return {"total": len(event) + event.missing}


def zero_division(event, context):
    return 1 / (len(event) - 1)


def chained_from(event, context):
    try:
        event["missing"]
    except KeyError as exc:
        raise RuntimeError("lookup failed") from exc


def chained_implicit(event, context):
    try:
        event["missing"]
    except KeyError:
        raise ValueError("while handling")  # noqa: B904 - the implicit chain is the case


def multi_line_message(event, context):
    raise ValueError("line one\nline two\n  indented line three")


def non_ascii_message(event, context):
    raise ValueError("café ✓ 日本語 😀")


def custom_str(event, context):
    raise CustomStr("ignored")


def failing_str(event, context):
    raise FailingStr()


def empty_message(event, context):
    raise ValueError()


def args_tuple(event, context):
    raise ValueError(1, "two")


def key_error(event, context):
    raise KeyError("action")


def custom_class(event, context):
    raise OrderError("order 7 not found")


def assertion(event, context):
    assert event["key"] == "other", "key must be other"


def bare_assertion(event, context):
    assert event["key"] == "other"


def deep(event, context):
    def first():
        return second()

    def second():
        return helper.explode("deep")

    return first()


def in_helper_module(event, context):
    return helper.explode("from the helper")


def in_stdlib(event, context):
    return json.loads("{not json")


def base_exception(event, context):
    raise Stop("stopped")


def sys_exit(event, context):
    sys.exit(3)


def sys_exit_zero(event, context):
    sys.exit(0)


def sys_exit_message(event, context):
    sys.exit("fatal: giving up")


def warning(event, context):
    warnings.warn("deprecated call", DeprecationWarning, stacklevel=1)
    warnings.warn("user warning", stacklevel=1)
    return "warned"


def error_then_success(event, context):
    # The environment survives an error: the second invoke of the same environment succeeds.
    if event.get("fail"):
        raise ValueError("first fails")
    return "second works"
