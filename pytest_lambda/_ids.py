"""Fresh request ids and X-Ray trace ids, two per invoke, cut from pre-formatted pools.

Formatting an id from random bits takes a handful of slices and joins, which on CPython cost more
than the rest of an invoke's bookkeeping. So ids are laid out many at a time, column by column
(a strided slice assignment per character position runs in C), and each invoke takes a slice.
Ids need uniqueness, not secrecy: a PRNG seeded from the OS feeds them.
"""

from __future__ import annotations

import os
import random

_random = random.Random(os.urandom(32))
# Template characters: "x" a random hex digit, "v" the RFC 4122 variant digit (10xx: 8, 9, a or b),
# anything else is literal.
_VARIANT = bytes.maketrans(b"0123456789abcdef", b"89ab89ab89ab89ab")


class IdPool:
    """Ids shaped like ``template``, made ``batch`` at a time."""

    __slots__ = ("_at", "_batch", "_end", "_template", "_text", "_width")

    def __init__(self, template: str, batch: int = 512) -> None:
        self._template = template
        self._width = len(template)
        self._batch = batch
        self._text = ""
        self._at = self._end = 0

    def take(self) -> str:
        """A fresh id."""
        at = self._at
        if at == self._end:
            self._fill()
            at = 0
        self._at = end = at + self._width
        return self._text[at:end]

    def _fill(self) -> None:
        n, width = self._batch, self._width
        randoms = sum(1 for char in self._template if char in "xv")
        digits = _random.randbytes(randoms * n // 2 + 1).hex().encode()
        buffer = bytearray(width * n)
        column = 0
        for position, char in enumerate(self._template):
            if char in "xv":
                values = digits[column * n : (column + 1) * n]
                buffer[position::width] = values.translate(_VARIANT) if char == "v" else values
                column += 1
            else:
                buffer[position::width] = char.encode() * n
        self._text = buffer.decode("ascii")
        self._at, self._end = 0, width * n


# A version-4 UUID, as Lambda's request ids are.
REQUEST_IDS = IdPool("xxxxxxxx-xxxx-4xxx-vxxx-xxxxxxxxxxxx")
# The X-Ray header after its epoch-seconds part: Root=1-<8 hex seconds>-<24 hex>;Parent=<16 hex>;Sampled=0
TRACE_TAILS = IdPool("-xxxxxxxxxxxxxxxxxxxxxxxx;Parent=xxxxxxxxxxxxxxxx;Sampled=0")
