from __future__ import annotations

from typing import Any


def handler(event: Any, context: Any) -> Any:
    return {"done": event}
