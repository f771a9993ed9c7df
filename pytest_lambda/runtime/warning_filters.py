"""Warnings as the function's code sees them in Lambda: the interpreter's default filters, shown on stderr.

The runtime process starts with Python's default filters (awslambdaric 4.2.2 sets none): a
``DeprecationWarning`` is ignored (unless issued in ``__main__``), as are ``PendingDeprecationWarning``,
``ImportWarning`` and ``ResourceWarning``; any other is printed to stderr, the function's log, once
per location (https://docs.python.org/3/library/warnings.html#default-warning-filter). In process
the test's filters are in force (pytest's ``filterwarnings``, ``-W error``...).

Nothing is done per invoke: ``install`` (at each test's start under pytest, at each cold start)
puts filters at the front of ``warnings.filters`` that
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


def _ours(message: warnings.WarningMessage) -> bool:
    """Whether the runtime's filters decided to show ``message``, not one a test put before them
    (``pytest.warns``'s "always"): the first filter that matches it, as ``warnings`` looks."""
    text = str(message.message)
    module = message.filename[:-3] if message.filename.lower().endswith(".py") else message.filename
    filters: list[Any] = warnings.filters  # type: ignore[assignment]
    for _, pattern, category, module_pattern, line in filters:
        if pattern is _IN_FUNCTION:
            return True
        if (
            (pattern is None or pattern.match(text))
            and issubclass(message.category, category)
            and (module_pattern is None or module_pattern.match(module))
            and line in (0, message.lineno)
        ):
            return False
    # No filter matched: the default action, "default", shows it, in the runtime too.
    return True


def _show_in_function(previous: Any) -> Any:
    def show(message: warnings.WarningMessage) -> None:
        if logs._HOST and _ours(message):
            # warnings._showwarnmsg_impl: the formatted warning to its file or sys.stderr, the function's log.
            (message.file or sys.stderr).write(warnings._formatwarnmsg(message))  # type: ignore[attr-defined]
        else:
            previous(message)

    show._pytest_lambda = True  # type: ignore[attr-defined]
    return show


def install(front: bool = True) -> None:
    """Put the runtime's filters first in ``warnings.filters`` (``front=False``: only if they are absent,
    leaving filters a test put before them, as ``pytest.warns`` does, in force)."""
    filters: list[Any] = warnings.filters  # type: ignore[assignment]
    present = FILTERS[0] in filters
    if (front or not present) and filters[: len(FILTERS)] != FILTERS:
        filters[:] = FILTERS + [entry for entry in filters if entry[1] is not _IN_FUNCTION]
        warnings._filters_mutated()  # type: ignore[attr-defined]
    impl = warnings._showwarnmsg_impl  # type: ignore[attr-defined]
    if not getattr(impl, "_pytest_lambda", False):
        warnings._showwarnmsg_impl = _show_in_function(impl)  # type: ignore[attr-defined]
