"""``make_event``'s work: resolve the name, draw the event, apply the overrides."""

from __future__ import annotations

from typing import Any

from pytest_lambda.context import check_region_and_account
from pytest_lambda.events._common import EventOverrideError, Gen, deep_merge
from pytest_lambda.events._registry import resolve

DEFAULT_SEED = 0


def build(
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
    if isinstance(event, list):
        # A batch delivered as a JSON list (AppSync's BatchInvoke): no top level to override.
        if fields:
            raise EventOverrideError(
                f"{source} events are JSON lists, so {sorted(fields)[0]!r} has nowhere to go; use the shorthands "
                f"({', '.join(event_source.shorthands)}) or per-item records=[{{...}}]"
            )
        return event
    unknown = sorted(set(fields) - set(event))
    if unknown:
        raise EventOverrideError(
            f"{source} events have no field or shorthand {unknown[0]!r}. Shorthands: "
            f"{', '.join(event_source.shorthands) or '(none)'}; top-level fields: {', '.join(sorted(event))}"
        )
    return deep_merge(event, fields)
