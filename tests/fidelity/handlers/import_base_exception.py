"""Raises a BaseException that is not an Exception at import."""

from __future__ import annotations


class Halt(BaseException):
    pass


raise Halt("halted at import")


def handler(event, context):
    return None
