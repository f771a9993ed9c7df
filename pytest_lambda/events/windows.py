"""Tumbling-window stream events: a Kinesis or DynamoDB Streams batch plus the window's state.

https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html and
https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html (example events, the
``window``/``state`` fields and the final-invoke flags).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypedDict

from pytest_lambda.events import dynamodb, kinesis
from pytest_lambda.events._common import Gen, override_error, record_overrides
from pytest_lambda.events._registry import EventSource, register
from pytest_lambda.events.dynamodb import DynamoDBStreamRecord
from pytest_lambda.events.kinesis import KinesisRecord

__all__ = [
    "DynamoDBTimeWindowEvent",
    "KinesisTimeWindowEvent",
    "TimeWindow",
    "dynamodb_window_event",
    "kinesis_window_event",
    "window_bounds",
]


class TimeWindow(TypedDict):
    start: str
    end: str


class KinesisTimeWindowEvent(TypedDict):
    Records: list[KinesisRecord]
    window: TimeWindow
    state: dict[str, Any]
    shardId: str
    eventSourceARN: str
    isFinalInvokeForWindow: bool
    isWindowTerminatedEarly: bool


class DynamoDBTimeWindowEvent(TypedDict):
    Records: list[DynamoDBStreamRecord]
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
KINESIS_SHORTHANDS = (*kinesis.SHORTHANDS, *WINDOW_SHORTHANDS)
DYNAMODB_SHORTHANDS = (*dynamodb.SHORTHANDS, *WINDOW_SHORTHANDS)


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


def _times(gen: Gen, count: int, start: int, end: int) -> list[int]:
    """``count`` non-decreasing record times (epoch ms) inside the window and not after now."""
    last = min(end - 1, gen.now_ms)
    return sorted(gen.integer(start, last) for _ in range(count))


def _envelope(gen: Gen, shorthands: Mapping[str, Any]) -> tuple[TimeWindow, dict[str, Any], bool, int, int]:
    final = _final(shorthands)
    start, end = window_bounds(gen.now_ms, _window_seconds(shorthands), final=final)
    window: TimeWindow = {"start": Gen.iso(start, millis=False), "end": Gen.iso(end, millis=False)}
    return window, _state(shorthands), final, start, end


def kinesis_window_event(gen: Gen, shorthands: dict[str, Any]) -> KinesisTimeWindowEvent:
    """A Kinesis batch read from one shard with the tumbling window it belongs to."""
    window, state, final, start, end = _envelope(gen, shorthands)
    per_record = {k: v for k, v in shorthands.items() if k in kinesis.RECORD_SHORTHANDS}
    items = record_overrides(shorthands.get("records", 1), kinesis.RECORDS_LIMIT, "Kinesis")
    stream = str(shorthands.get("stream", f"{gen.pick('word')}-stream"))
    stream_arn = gen.arn("kinesis", f"stream/{stream}")
    # IAM is global: its ARNs have an empty region.
    role_arn = gen.arn("iam", f"role/{gen.pick('word')}-lambda-role", region="")
    shard = kinesis.shard_id(gen)
    sequences = kinesis.sequence_numbers(gen, len(items))
    arrivals = _times(gen, len(items), start, end)
    records = [
        kinesis.kinesis_record(
            gen,
            {**per_record, **item},
            stream_arn=stream_arn,
            shard=shard,
            sequence_number=sequences[i],
            arrival_ms=arrivals[i],
            role_arn=role_arn,
        )
        for i, item in enumerate(items)
    ]
    return {
        "Records": records,
        "window": window,
        "state": state,
        "shardId": shard,
        "eventSourceARN": stream_arn,
        "isFinalInvokeForWindow": final,
        # Only when the state outgrew 1 MB (override the field to test that path).
        "isWindowTerminatedEarly": False,
    }


def _dynamodb_shard_id(gen: Gen) -> str:
    """``shardId-00000001700000000000-1a2b3c4d``: DynamoDB Streams shard ids (20 digits, 8 hex)."""
    return f"shardId-{gen.now_ms // 1000 - gen.integer(0, 14_400):011d}{gen.digits(9)}-{gen.hex(8)}"


def dynamodb_window_event(gen: Gen, shorthands: dict[str, Any]) -> DynamoDBTimeWindowEvent:
    """A DynamoDB Streams batch read from one shard with the tumbling window it belongs to."""
    window, state, final, start, end = _envelope(gen, shorthands)
    view_type = shorthands.get("stream_view_type", dynamodb.STREAM_VIEW_TYPES[0])
    if view_type not in dynamodb.STREAM_VIEW_TYPES:
        raise override_error(
            f"stream_view_type must be one of {', '.join(dynamodb.STREAM_VIEW_TYPES)}, got {view_type!r}"
        )
    per_record = {k: v for k, v in shorthands.items() if k in dynamodb.RECORD_SHORTHANDS}
    items = record_overrides(shorthands.get("records", 1), dynamodb.RECORDS_LIMIT, "DynamoDB Streams")
    arn = dynamodb.stream_arn(gen, str(shorthands.get("table", f"{gen.pick('word')}-table")))
    shard = _dynamodb_shard_id(gen)
    # Stream record times are whole epoch seconds, inside the window.
    created = _times(gen, len(items), start, end)
    sequence = gen.integer(10**20, 5 * 10**20)
    records = []
    for i, item in enumerate(items):
        sequence += gen.integer(100, 10**6)
        records.append(
            dynamodb.dynamodb_record(
                gen,
                {**per_record, **item},
                stream_arn=arn,
                view_type=view_type,
                sequence_number=str(sequence),
                created_s=float(created[i] // 1000),
            )
        )
    return {
        "Records": records,
        "window": window,
        "state": state,
        "shardId": shard,
        "eventSourceARN": arn,
        "isFinalInvokeForWindow": final,
        "isWindowTerminatedEarly": False,
    }


register(
    EventSource(
        "kinesis_window",
        "Amazon Kinesis Data Streams records with a tumbling window and its state",
        kinesis_window_event,  # type: ignore[arg-type]
        KINESIS_SHORTHANDS,
        aliases=("kinesis_tumbling_window",),
        records_limit=kinesis.RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html",
    )
)

register(
    EventSource(
        "dynamodb_window",
        "Amazon DynamoDB Streams change records with a tumbling window and its state",
        dynamodb_window_event,  # type: ignore[arg-type]
        DYNAMODB_SHORTHANDS,
        aliases=("dynamodb_tumbling_window",),
        records_limit=dynamodb.RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html",
        variants={
            "event_name": " | ".join(dynamodb.EVENT_NAMES),
            "stream_view_type": " | ".join(dynamodb.STREAM_VIEW_TYPES),
        },
    )
)
