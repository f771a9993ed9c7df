"""Warnings as the function's code sees them in Lambda: the interpreter's default filters, shown on stderr.

The runtime process starts with Python's default filters (awslambdaric 4.2.2 sets none): a
``DeprecationWarning`` is ignored (unless issued in ``__main__``), as are ``PendingDeprecationWarning``,
``ImportWarning`` and ``ResourceWarning``; any other is printed to stderr, the function's log, once
per location (https://docs.python.org/3/library/warnings.html#default-warning-filter). In process
the test's filters are in force (pytest's ``filterwarnings``, ``-W error``...).

Nothing is done per invoke: ``install`` puts filters at the front of ``warnings.filters`` that
match only while a function's code runs (the harness's redirection in force, ``logs._HOST``), so
they are consulted only when a warning is actually issued, and then decide as the defaults do; a
warning they show goes to ``sys.stderr`` (the function's log) rather than to the test's capture.
Outside the function's code they match nothing, and the test's filters and pytest's capture apply.
"""

from __future__ import annotations

import re
import sys
import warnings
from typing import Any

from pytest_lambda.runtime import logs


class _InFunction:
    """A filter's message pattern that matches any message, but only while a function's code runs."""

    def match(self, text: str) -> bool:
        return bool(logs._HOST)


_IN_FUNCTION = _InFunction()
# Python's default filters, then its default action ("default": once per location).
FILTERS: list[tuple[str, Any, type[Warning], Any, int]] = [
    ("default", _IN_FUNCTION, DeprecationWarning, re.compile(r"__main__\Z"), 0),
    ("ignore", _IN_FUNCTION, DeprecationWarning, None, 0),
    ("ignore", _IN_FUNCTION, PendingDeprecationWarning, None, 0),
    ("ignore", _IN_FUNCTION, ImportWarning, None, 0),
    ("ignore", _IN_FUNCTION, ResourceWarning, None, 0),
    ("default", _IN_FUNCTION, Warning, None, 0),
]
_USED: list[bool] = []


def _show_in_function(previous: Any) -> Any:
    def show(message: warnings.WarningMessage) -> None:
        if logs._HOST:
            # warnings._showwarnmsg_impl: the formatted warning to its file or sys.stderr, the function's log.
            (message.file or sys.stderr).write(warnings._formatwarnmsg(message))  # type: ignore[attr-defined]
        else:
            previous(message)

    show._pytest_lambda = True  # type: ignore[attr-defined]
    return show


def install() -> None:
    """Put the runtime's filters first in ``warnings.filters`` (again, if the test's were reset since)."""
    _USED[:] = [True]
    filters: list[Any] = warnings.filters  # type: ignore[assignment]
    if filters[: len(FILTERS)] != FILTERS:
        filters[:] = FILTERS + [entry for entry in filters if entry[1] is not _IN_FUNCTION]
        warnings._filters_mutated()  # type: ignore[attr-defined]
    impl = warnings._showwarnmsg_impl  # type: ignore[attr-defined]
    if not getattr(impl, "_pytest_lambda", False):
        warnings._showwarnmsg_impl = _show_in_function(impl)  # type: ignore[attr-defined]


def reinstall() -> None:
    """``install`` again if a function was ever initialised (a test's warning capture replaced the filters)."""
    if _USED:
        install()
