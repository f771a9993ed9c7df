"""Fresh request ids and X-Ray trace ids, two per invoke, cut from pre-formatted batches.

Formatting an id from random bits takes a handful of slices and joins, which on CPython cost more
than the rest of an invoke's bookkeeping. So ids are laid out many at a time, column by column (a
strided slice assignment per random character position runs in C), one id a line, and split
apart in C. ``take`` is the ``__next__`` of a C iterator over those batches: no Python frame runs
per id, only one per batch. Ids need uniqueness, not secrecy: a PRNG seeded from the OS feeds them.
"""

from __future__ import annotations

import functools
import itertools
import os
import random
from collections.abc import Callable, Iterator

_random = random.Random(os.urandom(32))
# Template characters: "x" a random hex digit, "v" the RFC 4122 variant digit (10xx: 8, 9, a or b),
# anything else is literal.
_VARIANT = bytes.maketrans(b"0123456789abcdef", b"89ab89ab89ab89ab")


def _layout(template: str, n: int) -> bytearray:
    """``n`` ids shaped like ``template``, each ending in a newline."""
    line = template.encode("ascii") + b"\n"
    width = len(line)
    buffer = bytearray(line * n)  # the literal columns are in place already
    randoms = [position for position, char in enumerate(template) if char in "xv"]
    digits = _random.randbytes(len(randoms) * n // 2 + 1).hex().encode()
    for column, position in enumerate(randoms):
        values = digits[column * n : (column + 1) * n]
        buffer[position::width] = values.translate(_VARIANT) if template[position] == "v" else values
    return buffer


class IdPool:
    """Ids (``str``) shaped like ``template``, made ``batch`` at a time: ``take()`` returns a fresh one."""

    __slots__ = ("take",)

    def __init__(self, template: str, batch: int = 512) -> None:
        def batches() -> Iterator[list[str]]:
            while True:
                ids = _layout(template, batch).decode("ascii").split("\n")
                ids.pop()  # the empty string after the last newline
                yield ids

        self.take: Callable[[], str] = itertools.chain.from_iterable(batches()).__next__


class BytesIdPool:
    """Like ``IdPool``, as ``bytes``: what goes into the C environment as it is."""

    __slots__ = ("take",)

    def __init__(self, template: str, batch: int = 512) -> None:
        def batches() -> Iterator[list[bytes]]:
            while True:
                ids = bytes(_layout(template, batch)).split(b"\n")
                ids.pop()
                yield ids

        self.take: Callable[[], bytes] = itertools.chain.from_iterable(batches()).__next__


def _trace_head(seconds: int) -> bytes:
    return b"Root=1-%08x" % seconds


# A version-4 UUID, as Lambda's request ids are.
REQUEST_IDS = IdPool("xxxxxxxx-xxxx-4xxx-vxxx-xxxxxxxxxxxx")
new_request_id = REQUEST_IDS.take
# The X-Ray header after its epoch-seconds part: Root=1-<8 hex seconds>-<24 hex>;Parent=<16 hex>;Sampled=0
TRACE_TAILS = BytesIdPool("-xxxxxxxxxxxxxxxxxxxxxxxx;Parent=xxxxxxxxxxxxxxxx;Sampled=0")
# The header's "Root=1-<8 hex epoch seconds>" part, for the last second asked: a C-level cache.
trace_head: Callable[[int], bytes] = functools.lru_cache(maxsize=1)(_trace_head)


def trace_id(now_ms: int) -> bytes:
    """An X-Ray trace header for an invocation at ``now_ms``: Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=0."""
    return trace_head(now_ms // 1000) + TRACE_TAILS.take()


def sampled_trace_id(now_ms: int) -> bytes:
    """``trace_id`` with ``Sampled=1``: the invocation is traced (an Active function's)."""
    return trace_id(now_ms)[:-1] + b"1"
