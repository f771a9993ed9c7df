"""``st.from_type`` of every event payload TypedDict draws valid events: ``from_type(SQSEvent)`` is
``one_of(events("sqs"), events("s3_sqs"), events("sns_sqs"))``, the type's own source first (shrinking goes there).

Importing ``pytest_lambda.strategies`` registers them; hypothesis's entry point imports it once hypothesis
and ``pytest_lambda.events`` are both loaded (``pytest_lambda._hypothesis_entry``).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from pytest_lambda.events._registry import payload_types
from pytest_lambda.strategies._events import events


def _strategy_for(sources: tuple[str, ...]) -> Any:
    # Resolved on first use: building every source's strategy up front would cost each import.
    def resolve(_: type) -> Any:
        return st.one_of([events(name) for name in sources])

    return resolve


def register_event_types() -> None:
    """Register every source's payload TypedDict with ``st.register_type_strategy``."""
    for payload, sources in payload_types().items():
        st.register_type_strategy(payload, _strategy_for(sources))
