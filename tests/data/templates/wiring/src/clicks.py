from __future__ import annotations

SEEN: list[int] = []


def handler(event, context):
    SEEN.append(len(event["Records"]))
    return len(event["Records"])
