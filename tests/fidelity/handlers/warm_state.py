"""Module state survives between invokes of one execution environment."""

from __future__ import annotations

print("cold start")
CALLS = []


def handler(event, context):
    CALLS.append(event["n"])
    return {"calls": CALLS}
