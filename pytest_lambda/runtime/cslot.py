"""One variable of the C environment held in a buffer of ours and rewritten in place.

``os.putenv`` copies every new value into memory the C library never frees (glibc keeps each
``name=value`` it was given, to reuse it), so a value that changes on every invoke, the trace id,
would grow the process by its size each time. POSIX ``putenv`` takes the string itself, without
copying: the slot's buffer is put once and then overwritten, which allocates nothing.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Callable
from typing import Any


def _libc_putenv() -> Callable[[Any], int] | None:
    try:
        putenv: Callable[[Any], int] = ctypes.CDLL(None).putenv
    except (OSError, AttributeError):  # pragma: no cover - a C library without putenv
        return None
    return putenv


_PUTENV = _libc_putenv() if os.name == "posix" else None


class EnvironSlot:
    """``name`` in the C environment, its value written into one fixed buffer (at most ``size`` bytes)."""

    __slots__ = ("_buffer", "_pointer", "_reference", "_size", "_start", "installed", "name")

    def __init__(self, name: bytes, size: int) -> None:
        self.name = name
        self._start = len(name) + 1
        self._size = size
        # A bytearray exported to ctypes cannot be resized, so its address never changes.
        self._buffer = bytearray(name + b"=" + bytes(size + 1))
        self._pointer = ctypes.c_char.from_buffer(self._buffer)
        self._reference = ctypes.byref(self._pointer)  # made once: putenv's argument every time
        # Whether the C environment points at the buffer now; whoever sets or unsets the name clears it.
        self.installed = False

    def write(self, value: bytes) -> bool:
        """Make ``value`` the C environment's; False (nothing done) if it does not fit or cannot be put."""
        size = len(value)
        if size > self._size or _PUTENV is None or b"\0" in value:
            return False
        start = self._start
        buffer = self._buffer
        buffer[start : start + size] = value
        buffer[start + size] = 0
        if not self.installed:
            _PUTENV(self._reference)
            self.installed = True
        return True
