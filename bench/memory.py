"""Resident memory per invoke: does the process grow with the number of invokes?

    .venv/bin/python bench/memory.py [--invokes 300000] [--warmup 20000] [--check]

For each variant (a held function, as the ``lambda_function`` fixture holds it, and an unheld one,
as ``LambdaFunction(handler).invoke(event)``) the script runs ``--warmup`` invokes (caches, free
lists and the trace-id pools fill up), collects garbage, reads the resident set size from
``/proc/self/statm``, runs ``--invokes`` more, collects again and reads it again. The growth
divided by the invokes is the memory each invoke leaves behind. ``--check`` exits 1 if any variant
grows by 16 bytes per invoke or more.

What used to grow: ``os.putenv`` of a fresh ``_X_AMZN_TRACE_ID`` on every invoke. glibc keeps every
``name=value`` string it was given (to reuse it), so each trace id stayed: about 145 bytes per
invoke, 40 MB over 300,000. The trace id is now written in place into one buffer of the C
environment (``pytest_lambda/runtime/cslot.py``).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from pytest_lambda import LambdaFunction

LIMIT_BYTES = 16
PAGE = os.sysconf("SC_PAGE_SIZE")


def handler(event: Any, context: Any) -> dict[str, bool]:
    return {"ok": True}


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


def measure(invoke: Callable[[], object], warmup: int, invokes: int) -> tuple[int, int, float]:
    for _ in range(warmup):
        invoke()
    gc.collect()
    before = rss_bytes()
    started = time.perf_counter()
    for _ in range(invokes):
        invoke()
    seconds = time.perf_counter() - started
    gc.collect()
    return before, rss_bytes(), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invokes", type=int, default=300_000)
    parser.add_argument("--warmup", type=int, default=20_000)
    parser.add_argument("--check", action="store_true", help=f"exit 1 if an invoke leaves >= {LIMIT_BYTES} bytes")
    args = parser.parse_args(argv)
    print(f"{args.invokes} invokes per variant after {args.warmup} warm-up; Python {sys.version.split()[0]}")
    print(f"{'variant':<14}{'RSS before MB':>15}{'RSS after MB':>14}{'bytes/invoke':>14}{'us/invoke':>11}")
    failed = False
    event = {"k": "v"}
    held = LambdaFunction(handler).__enter__()
    unheld = LambdaFunction(handler)
    variants: dict[str, Callable[[], object]] = {
        "held": lambda: held.invoke(event),
        "unheld": lambda: unheld.invoke(event),
    }
    try:
        for name, invoke in variants.items():
            before, after, seconds = measure(invoke, args.warmup, args.invokes)
            per_invoke = (after - before) / args.invokes
            failed |= per_invoke >= LIMIT_BYTES
            print(
                f"{name:<14}{before / 2**20:>15.1f}{after / 2**20:>14.1f}{per_invoke:>14.2f}"
                f"{seconds / args.invokes * 1e6:>11.1f}"
            )
    finally:
        held.close()
    if args.check:
        print(f"target < {LIMIT_BYTES} bytes per invoke: {'FAILED' if failed else 'ok'}")
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
