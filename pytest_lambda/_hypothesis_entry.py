"""hypothesis's entry point: ``st.from_type`` of every event payload TypedDict draws valid events.

hypothesis calls ``_hypothesis_setup_hook`` when it is imported. Importing the event modules costs
tens of milliseconds, so the hook registers them only if they are loaded already; otherwise
``pytest_lambda.events`` registers them when it loads (if hypothesis is loaded by then).
Nothing here imports faker: events are drawn only when an example is.
"""

from __future__ import annotations

import sys
from typing import Any


def _strategy_for(sources: tuple[str, ...]) -> Any:
    def resolve(_: type) -> Any:
        from hypothesis import strategies as st

        from pytest_lambda.strategies import events

        # The source whose module defines the type comes first: shrinking goes to its events.
        return st.one_of([events(name) for name in sources])

    return resolve


def payload_sources() -> dict[Any, tuple[str, ...]]:
    """Each payload TypedDict and the sources whose events it types, the defining module's own first."""
    import importlib

    from pytest_lambda.events._registry import sources

    by_type: dict[Any, list[tuple[bool, str]]] = {}
    for name, source in sources.items():
        factory = source.factory
        payload = getattr(importlib.import_module(factory.__module__), factory.__annotations__.get("return", ""), None)
        if isinstance(payload, type) and hasattr(payload, "__required_keys__"):  # a TypedDict
            # The defining module's own sources first (SQSEvent: sqs before s3_sqs and sns_sqs).
            by_type.setdefault(payload, []).append((payload.__module__ != factory.__module__, name))
    return {payload: tuple(name for _, name in sorted(names)) for payload, names in by_type.items()}


def register_event_types() -> None:
    """Register every source's payload TypedDict with ``st.register_type_strategy``."""
    from hypothesis import strategies as st

    for payload, names in payload_sources().items():
        st.register_type_strategy(payload, _strategy_for(names))


def _hypothesis_setup_hook() -> None:
    if "pytest_lambda.events" in sys.modules and hasattr(sys.modules["pytest_lambda.events"], "make_event"):
        register_event_types()
