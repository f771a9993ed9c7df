"""Event factories: every trigger's payload, typed, realistic, coherent and deterministic.

``make_event("sqs", body={"id": 1}, records=3)`` builds an event from this package's own code;
``event_sources()`` lists the names. One module (or package) per AWS service registers its sources and
exports their TypedDicts; the private modules under them go one way: ``_typed`` (make_event's overloads,
generated) -> ``_build`` -> ``_registry`` -> ``_common``. The services that invoke Lambda with events:
https://docs.aws.amazon.com/lambda/latest/dg/lambda-services.html
"""

from __future__ import annotations

import importlib
import pkgutil

from pytest_lambda import _when_loaded
from pytest_lambda.events._build import DEFAULT_SEED
from pytest_lambda.events._common import EventOverrideError
from pytest_lambda.events._registry import (
    EventSource,
    UnknownEventSourceError,
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

# Every module of this package but the private ones is a source that registers itself.
for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")


def event_sources(*, presets: bool = False) -> list[str]:
    """The canonical names of every event source, sorted; with ``presets``, also the named presets
    (every kind ``sam local generate-event`` offers, as ``"<service>:<kind>"``)."""
    return sorted([*sources, *_presets]) if presets else sorted(sources)


# After the sources: its overloads name their payload types (made by tests/test_typed_events.py).
from pytest_lambda.events._typed import make_event  # noqa: E402

# Whatever waits for the event types may run now: hypothesis's entry point registers them with st.from_type
# (pytest_lambda._hypothesis_entry), without this package importing it or the strategies.
_when_loaded.loaded(__name__)
