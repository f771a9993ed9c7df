from __future__ import annotations

CALLS: list[object] = []


def handler(event, context):
    CALLS.append(event)
    return len(CALLS)
