"""Handlers whose signature does not fit ``handler(event, context)``."""

from __future__ import annotations

not_callable = {"handler": "a dict, not a function"}


def one_argument(event):
    return event


def three_arguments(event, context, extra):
    return event


def keyword_only(*, event, context):
    return event


def varargs(*args):
    return len(args)


class HandlerClass:
    def __init__(self, event, context):
        self.event = event
