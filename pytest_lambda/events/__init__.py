"""Event factories: every trigger's payload, typed, realistic, coherent and deterministic.

``make_event("sqs", body={"id": 1}, records=3)`` builds an event from this package's own code;
``event_sources()`` lists the names.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from pytest_lambda.context import check_region_and_account
from pytest_lambda.events._common import Gen, deep_merge
from pytest_lambda.events._registry import (
    EventOverrideError,
    EventSource,
    UnknownEventSourceError,
    resolve,
    sources,
)
from pytest_lambda.events._registry import (
    presets as _presets,
)

__all__ = [
    "DEFAULT_SEED",
    "EventOverrideError",
    "EventSource",
    "UnknownEventSourceError",
    "event_sources",
    "make_event",
]

DEFAULT_SEED = 0

# Every module of this package but the private ones is a source that registers itself.
for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")


def event_sources(*, presets: bool = False) -> list[str]:
    """The canonical names of every event source, sorted; with ``presets``, also the named presets
    (every kind ``sam local generate-event`` offers, as ``"<service>:<kind>"``)."""
    return sorted([*sources, *_presets]) if presets else sorted(sources)


def make_event(
    source: str,
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> Any:
    """Build ``source``'s event: shorthands (``body=``, ``records=``...) and AWS field names override it.

    The same ``seed`` (and clock) gives the same event; region and account appear in its ARNs.
    """
    check_region_and_account(region, account_id)
    event_source, preset = resolve(source)
    overrides = {**preset, **overrides}
    gen = Gen(DEFAULT_SEED if seed is None else seed, region=region, account_id=account_id)
    short = {k: v for k, v in overrides.items() if k in event_source.shorthands}
    fields = {k: v for k, v in overrides.items() if k not in event_source.shorthands}
    event = event_source.factory(gen, short)
    unknown = sorted(set(fields) - set(event))
    if unknown:
        raise EventOverrideError(
            f"{source} events have no field or shorthand {unknown[0]!r}. Shorthands: "
            f"{', '.join(event_source.shorthands) or '(none)'}; top-level fields: {', '.join(sorted(event))}"
        )
    return deep_merge(event, fields)
