"""The test's running asyncio loop, hidden while the function's code runs.

In Lambda no event loop runs in the runtime's thread, at import or in the handler, so a module or
handler that calls ``asyncio.run(...)`` works there; under pytest-asyncio or anyio the test's loop
would make it fail ("cannot be called from a running event loop").
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["hide_running_loop", "show_running_loop"]


def hide_running_loop() -> Any:
    """This thread's running loop, now hidden (``None`` when none runs: nothing to do)."""
    events: Any = sys.modules.get("asyncio.events")  # asyncio is not imported for tests that never use it
    loop = None if events is None else events._get_running_loop()
    if loop is not None:
        events._set_running_loop(None)
    return loop


def show_running_loop(loop: Any) -> None:
    """Make ``loop`` (what ``hide_running_loop`` returned) the running loop again."""
    if loop is not None:
        sys.modules["asyncio.events"]._set_running_loop(loop)
