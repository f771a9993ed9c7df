from __future__ import annotations


def handler(event, context):
    return event
