"""hypothesis's entry point (pyproject ``[project.entry-points.hypothesis]``): makes ``st.from_type`` of every
event payload TypedDict draw valid events.

hypothesis calls ``_hypothesis_setup_hook`` when it is imported. The registration is
``pytest_lambda.strategies``'s (importing it registers the types); importing the event modules costs tens of
milliseconds, so the hook waits for ``pytest_lambda.events`` to be loaded by whoever needs it: it registers
at once if events is loaded, else when events announces itself (``pytest_lambda._when_loaded``). Events never
imports this module or the strategies. Nothing here imports faker: events are drawn only when an example is.
"""

from __future__ import annotations

from pytest_lambda._when_loaded import when_loaded


def _register_event_types() -> None:
    # Importing the strategies registers the event types (pytest_lambda.strategies._from_type).
    import pytest_lambda.strategies  # noqa: F401


def _hypothesis_setup_hook() -> None:
    when_loaded("pytest_lambda.events", _register_event_types)
