"""The variables a function's own code sets or deletes: its execution environment's, not the test's.

While the function's code runs (its Init phase and each invoke), ``os.environ`` (and
``os.environb``) note the first value of every name written or deleted. When it stops, those names
get their values back, in ``os.environ`` and in the C environment, and the function's values are
kept with its execution environment (``ExecutionEnvironment.own``), to be set again when its code
next runs: a held function sees them on its next invoke, as in Lambda, and the test never does.
Writes that bypass ``os.environ`` (``os.putenv``, C code) are not seen.
"""

from __future__ import annotations

import os
from typing import Any, Protocol

from pytest_lambda.runtime.variables import POSIX_ENVIRON as _DATA
from pytest_lambda.runtime.variables import put as _set

__all__ = ["begin", "end"]

_PLAIN = type(os.environ)
# The journals of the function code running now (nested invokes stack theirs).
_JOURNALS: list[dict[bytes, bytes | None]] = []


class _Environ(Protocol):
    _data: dict[bytes, bytes]

    def encodekey(self, key: Any) -> bytes: ...


def _note(environ: _Environ, key: Any) -> None:
    journal = _JOURNALS[-1]
    name = environ.encodekey(key)
    if name not in journal:
        journal[name] = environ._data.get(name)


class _Journaled(_PLAIN):  # type: ignore[valid-type,misc]  # os._Environ, untyped here
    """``os.environ``'s class while function code runs: every write and delete is noted first."""

    def __setitem__(self, key: Any, value: Any) -> None:
        _note(self, key)
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        _note(self, key)
        super().__delitem__(key)


class _Owner(Protocol):
    own: dict[bytes, bytes | None]


def _environs() -> list[Any]:
    found = [os.environ]
    environb = getattr(os, "environb", None)
    if environb is not None and type(environb) is _PLAIN:  # pragma: no branch - POSIX
        found.append(environb)
    return found


_ENVIRONS = _environs() if _DATA is not None and type(os.environ) is _PLAIN else []


def begin(owner: _Owner) -> None:
    """Function code starts running: its own variables set again, and the journal opened."""
    journal: dict[bytes, bytes | None] = {}
    data = _DATA
    if data is None:  # pragma: no cover - not CPython's POSIX os.environ
        return
    own = owner.own
    if own:
        for key, value in own.items():
            journal[key] = data.get(key)
            _set(data, key, value)
    if not _JOURNALS:
        for environ in _ENVIRONS:
            if type(environ) is _PLAIN:  # pragma: no branch - someone else's class is left alone
                environ.__class__ = _Journaled
    _JOURNALS.append(journal)


def end(owner: _Owner) -> None:
    """Function code stops: what it changed is kept as its own, and the names get their values back."""
    data = _DATA
    if data is None or not _JOURNALS:  # pragma: no cover - not CPython's POSIX os.environ
        return
    journal = _JOURNALS.pop()
    if not _JOURNALS:
        for environ in _ENVIRONS:
            if type(environ) is _Journaled:  # pragma: no branch
                environ.__class__ = _PLAIN  # type: ignore[assignment]  # narrowed to _Journaled above
    if journal:
        own = owner.own
        for key, before in journal.items():
            own[key] = data.get(key)
            _set(data, key, before)
