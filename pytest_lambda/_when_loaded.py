"""Work that waits for a module of this package to finish loading, so the module need not know who waits.

``pytest_lambda.events`` announces itself here once loaded; hypothesis's entry point waits here for it to
register the event types with ``st.from_type`` (``pytest_lambda._hypothesis_entry``), so events imports
neither the strategies nor the entry point. Imports nothing.
"""

from __future__ import annotations

from collections.abc import Callable

_loaded: set[str] = set()
_waiting: dict[str, list[Callable[[], object]]] = {}


def when_loaded(module: str, callback: Callable[[], object]) -> None:
    """Call ``callback`` once ``module`` has loaded: now if it has, else when it announces itself."""
    if module in _loaded:
        callback()
    else:
        _waiting.setdefault(module, []).append(callback)


def loaded(module: str) -> None:
    """``module`` has loaded: run what waits for it (once)."""
    _loaded.add(module)
    for callback in _waiting.pop(module, []):
        callback()
