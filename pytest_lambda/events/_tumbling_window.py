"""Tumbling windows, which Lambda adds to Kinesis and DynamoDB Streams batches: the ``window`` and ``state``
fields, the final-invoke flag, and the shorthands that set them (``kinesis`` and ``dynamodb`` build the batches).

https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html and
https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html (example events, the
``window``/``state`` fields and the final-invoke flags).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from pytest_lambda.events._common import Gen, override_error

__all__ = ["WINDOW_SHORTHANDS", "TimeWindow", "TimeWindowFields", "Window", "window", "window_bounds"]


class TimeWindow(TypedDict):
    start: str
    end: str


class TimeWindowFields(TypedDict):
    """What a windowed batch has beside its ``Records`` (Kinesis and DynamoDB Streams alike)."""

    window: TimeWindow
    state: dict[str, Any]
    shardId: str
    eventSourceARN: str
    isFinalInvokeForWindow: bool
    isWindowTerminatedEarly: bool


# TumblingWindowInSeconds: 1 to 900 seconds (15 minutes), per the event source mapping API.
MAX_WINDOW_SECONDS = 900
DEFAULT_WINDOW_SECONDS = 300
# "Your state can be a maximum of 1 MB per shard. If it exceeds that size, Lambda terminates the window early."
MAX_STATE_BYTES = 1024 * 1024
WINDOW_SHORTHANDS = ("state", "final", "window_seconds")


def _window_seconds(shorthands: Mapping[str, Any]) -> int:
    value = shorthands.get("window_seconds", DEFAULT_WINDOW_SECONDS)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_WINDOW_SECONDS:
        raise override_error(
            f"window_seconds must be an int from 1 to {MAX_WINDOW_SECONDS} (15 minutes), got {value!r}"
        )
    return value


def _state(shorthands: Mapping[str, Any]) -> dict[str, Any]:
    # The state the previous invocation returned; the first invocation of a window gets an empty one.
    value = shorthands.get("state", {})
    if not isinstance(value, Mapping):
        raise override_error(f"state must be a dict (the state your function returned), got {value!r}")
    state = {str(k): v for k, v in value.items()}
    try:
        size = len(json.dumps(state).encode())
    except (TypeError, ValueError) as error:
        raise override_error(f"state must be JSON-serializable, got {value!r} ({error})") from None
    if size > MAX_STATE_BYTES:
        raise override_error(f"state is {size} bytes; Lambda allows at most {MAX_STATE_BYTES} (1 MB) per shard")
    return state


def _final(shorthands: Mapping[str, Any]) -> bool:
    value = shorthands.get("final", False)
    if not isinstance(value, bool):
        raise override_error(f"final must be True or False (isFinalInvokeForWindow), got {value!r}")
    return value


def window_bounds(now_ms: int, seconds: int, *, final: bool) -> tuple[int, int]:
    """(start, end) epoch ms of the window: the open one holding ``now``, or for the final invoke the one just closed.

    Windows are aligned on multiples of their length (AWS's examples run 17:00:00 to 17:05:00).
    """
    length = seconds * 1000
    start = now_ms // length * length
    if final:
        start -= length
    return start, start + length


@dataclass(frozen=True)
class Window:
    """The tumbling window a batch belongs to (epoch ms), its state, and whether this is its final invoke."""

    start: int
    end: int
    state: dict[str, Any]
    final: bool

    def record_times(self, gen: Gen, count: int) -> list[int]:
        """``count`` non-decreasing record times (epoch ms) inside the window and not after now."""
        last = min(self.end - 1, gen.now_ms)
        return sorted(gen.integer(self.start, last) for _ in range(count))

    def fields(self, *, shard: str, source_arn: str) -> TimeWindowFields:
        """The fields Lambda adds to the batch of ``shard``, read from ``source_arn``."""
        return {
            "window": {"start": Gen.iso(self.start, millis=False), "end": Gen.iso(self.end, millis=False)},
            "state": self.state,
            "shardId": shard,
            "eventSourceARN": source_arn,
            "isFinalInvokeForWindow": self.final,
            # Only when the state outgrew 1 MB (override the field to test that path).
            "isWindowTerminatedEarly": False,
        }


def window(gen: Gen, shorthands: Mapping[str, Any]) -> Window:
    """The window of a batch read now, from the ``final``, ``window_seconds`` and ``state`` shorthands."""
    final = _final(shorthands)
    start, end = window_bounds(gen.now_ms, _window_seconds(shorthands), final=final)
    return Window(start, end, _state(shorthands), final)
