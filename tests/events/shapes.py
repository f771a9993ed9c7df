"""Published sample events and key-structure comparison, shared by the event tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# The published sample events, vendored with their licences (see the README there). The one place tests
# find them: a missing file is a FileNotFoundError, so a test fails rather than skips.
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "aws-samples"


def sample(name: str) -> Any:
    """A published sample event (``powertools/...``, ``aws-lambda-go/...`` or ``aws-sam-cli/...``)."""
    return json.loads((SAMPLES / name).read_text())


def kind(value: Any) -> str:
    """The JSON kind of a value: bool, number, str, dict, list or NoneType."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def shape_diff(
    ours: Any,
    theirs: Any,
    path: str = "",
    *,
    optional: frozenset[str] = frozenset(),
    free: frozenset[str] = frozenset(),
) -> list[str]:
    """Where two events' key structures differ: keys and JSON kinds (null matches anything).

    ``optional`` paths may be absent on either side; ``free`` paths are maps with arbitrary keys;
    lists compare their first elements.
    """
    if ours is None or theirs is None:
        return []
    if kind(ours) != kind(theirs):
        return [f"{path or '<root>'}: {kind(ours)} here, {kind(theirs)} in the reference"]
    problems: list[str] = []
    if isinstance(ours, dict) and path not in free:
        for key in sorted(set(ours) | set(theirs)):
            where = f"{path}.{key}" if path else key
            if key not in theirs:
                problems += [] if where in optional else [f"{where}: not in the reference"]
            elif key not in ours:
                problems += [] if where in optional else [f"{where}: missing"]
            else:
                problems += shape_diff(ours[key], theirs[key], where, optional=optional, free=free)
    elif isinstance(ours, list) and ours and theirs:
        problems += shape_diff(ours[0], theirs[0], f"{path}[]", optional=optional, free=free)
    return problems
