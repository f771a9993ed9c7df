"""Who hears of each finished invocation: the pytest plugin's recorder, when a report or the logs ask for it.

``OBSERVERS`` is empty unless someone listens, so an invoke pays one truthiness check for it.
An observer gets the function's facts (name, memory, architecture: what its REPORT used) and the result, after the
asynchronous retries, dead letters and destination records are settled; a dry run, which runs
nothing, is not reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_lambda.runtime.config import FunctionFacts
    from pytest_lambda.runtime.results import InvokeResult

Observer = Callable[["FunctionFacts", "InvokeResult"], None]

OBSERVERS: list[Observer] = []


# Set while the caller shows the logs of its invocations itself (fuzz: the falsifying event's).
SHOWN_ELSEWHERE: ContextVar[bool] = ContextVar("pytest_lambda_logs_shown_elsewhere", default=False)


@contextmanager
def logs_shown_elsewhere() -> Iterator[None]:
    """Invocations made in here are still counted, but their logs are left out of test reports."""
    token = SHOWN_ELSEWHERE.set(True)
    try:
        yield
    finally:
        SHOWN_ELSEWHERE.reset(token)
