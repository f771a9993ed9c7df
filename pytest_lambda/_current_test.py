"""The test that is running, as library code that builds functions for it (``fuzz``) sees it.

The plugin sets ``CURRENT_TEST`` around each test; outside pytest, or with the plugin disabled, it
is unset. It lives apart from the plugin so that the library never imports pytest: the plugin
imports this module, never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CurrentTest:
    """A running test: its node id, and the ``LambdaFunction`` keywords its settings give.

    ``function_defaults`` is what the ``lambda_function`` fixture would use (context settings from
    the ``lambda_context`` marker, command line and ini; ``lambda_env`` variables; the
    ``lambda_function`` marker's keywords), read when called, so a test that never asks costs nothing.
    """

    nodeid: str
    function_defaults: Callable[[], dict[str, Any]]


CURRENT_TEST: ContextVar[CurrentTest | None] = ContextVar("pytest_lambda_current_test", default=None)
