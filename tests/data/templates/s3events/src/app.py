from __future__ import annotations

SEEN: list[dict] = []


def record(event, context):
    SEEN.append(event)
