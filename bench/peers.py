"""``LambdaFunction.invoke`` beside a peer: chalice's test client, in one process, interleaved.

    .venv/bin/python -m pip install -e '.[bench]'      # chalice, for this script only
    .venv/bin/python bench/peers.py [--invokes 2000] [--rounds 15] [--warmup 2] [--fresh] [--check]
                                    [--instructions [--count-calls 2000]]

chalice's ``chalice.test.Client(app).lambda_.invoke(name, event)`` is a bare call of the handler
inside a patched ``os.environ`` (a copy of the environment with the function's variables): no
timeout, no error envelope, no logs, no JSON. It is the cheapest thing a test client can do, so it
is the yardstick for what this harness adds. The handler is trivial (``return {"ok": True}``) in
every variant:

- ``direct call``: ``handler(event, context)``, one context made by ``make_context()``;
- ``chalice``: ``client.lambda_.invoke("handler", event)`` on one ``client = Client(app)``;
- ``invoke, held``: ``function.invoke(event)`` inside ``with LambdaFunction(handler) as function:``
  (as the ``lambda_function`` fixture runs it): the variables stay set between invokes;
- ``invoke``: ``function.invoke(event)`` on one unheld ``function = LambdaFunction(handler)``, as in
  ``LambdaFunction(handler).invoke(event)``: every invoke sets and restores the variables.

With ``--fresh`` two more variants make a new client or function for every call:
``Client(app).lambda_.invoke(...)`` and ``pytest_lambda.invoke(handler, event)`` (a cold start each).

Each round times ``--invokes`` calls of every variant, one after the other, the order flipping
every round. The overhead of a variant is its median time per call minus the direct call's; the
ratio is our overhead over chalice's, from the medians (and, less sensitive to drift, the median of
the per-round ratios). ``--check`` exits 1 unless the held ratio is at most 0.4 and the unheld at
most 0.8 (ratio of medians).

Times on a shared machine swing with its load. ``--instructions`` also counts, under valgrind's
cachegrind, the instructions per call of each variant (a run of ``--count-calls`` calls minus a run
of none, over the calls), which hardly changes with the load, and the same ratios from those
counts. They are not what ``--check`` tests: instructions leave out the time spent in the kernel
(the watchdog's ``setitimer``, ``getrusage``, ``putenv``), which the harness needs and chalice does not.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from pytest_lambda import LambdaFunction, invoke, make_context

try:
    from chalice import Chalice
    from chalice.test import Client
except ImportError:  # pragma: no cover - a bench-only dependency
    sys.exit("bench/peers.py needs chalice: pip install -e '.[bench]'")

EVENT = {"k": "v"}
TARGETS = {"invoke, held": 0.4, "invoke": 0.8}
VALGRIND = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null")


def handler(event: Any, context: Any) -> Any:
    return {"ok": True}


def _chalice_app() -> Any:
    app = Chalice(app_name="peers")
    app.lambda_function(name="handler")(handler)
    return app


def _loop(call: Callable[[], object], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        call()
    return (time.perf_counter() - start) / max(n, 1)


def variants(fresh: bool) -> tuple[dict[str, Callable[[int], float]], Callable[[], None]]:
    """Each variant's timer (seconds per call over ``n`` calls), and what closes them afterwards."""
    app = _chalice_app()
    client = Client(app)
    context = make_context()
    unheld = LambdaFunction(handler)
    held = LambdaFunction(handler).__enter__()
    for warm in (unheld, held):
        warm.invoke(EVENT)  # the cold start, outside the timing
    chalice_invoke = client.lambda_.invoke
    timers: dict[str, Callable[[int], float]] = {
        "direct call": lambda n: _loop(lambda: handler(EVENT, context), n),
        "chalice": lambda n: _loop(lambda: chalice_invoke("handler", EVENT), n),
        "invoke, held": lambda n: _loop(lambda: held.invoke(EVENT), n),
        "invoke": lambda n: _loop(lambda: unheld.invoke(EVENT), n),
    }
    if fresh:
        timers["chalice, new client"] = lambda n: _loop(lambda: Client(app).lambda_.invoke("handler", EVENT), n)
        timers["invoke(handler, event)"] = lambda n: _loop(lambda: invoke(handler, EVENT), n)

    def close() -> None:
        held.close()
        unheld.close()

    return timers, close


def run_calls(variant: str, n: int, fresh: bool) -> None:
    """``n`` untimed calls of ``variant`` after its set-up: what valgrind counts."""
    timers, close = variants(fresh)
    try:
        timers[variant](n)
    finally:
        close()


def count_instructions(variant: str, n: int) -> float:
    """Instructions per call of ``variant``: a run of ``n`` calls minus a run of none, over ``n``."""
    counts = []
    for calls in (0, n):
        command = [*VALGRIND, sys.executable, __file__, "--run-calls", variant, "--count-calls", str(calls), "--fresh"]
        result = subprocess.run(
            command, env={**os.environ, "PYTHONHASHSEED": "0"}, capture_output=True, text=True, check=False
        )
        found = re.findall(r"I\s+refs:\s+([\d,]+)", result.stderr)
        if result.returncode != 0 or not found:
            sys.exit(f"valgrind run failed ({result.returncode}):\n{result.stderr}")
        counts.append(int(found[-1].replace(",", "")))
    return (counts[1] - counts[0]) / n


def report_ratios(overheads: dict[str, float], fresh: bool, label: str) -> bool:
    """Print our overhead over chalice's for each pair; whether a target was missed."""
    failed = False
    pairs: list[tuple[str, str, float | None]] = [(name, "chalice", target) for name, target in TARGETS.items()]
    if fresh:
        pairs.append(("invoke(handler, event)", "chalice, new client", None))
    for ours, theirs, target in pairs:
        ratio = overheads[ours] / overheads[theirs]
        verdict = ""
        if target is not None:
            failed |= ratio > target
            verdict = f", target <= {target}: {'ok' if ratio <= target else 'OVER TARGET'}"
        print(f"{ours} / {theirs}: overhead ratio {ratio:.2f} ({label}){verdict}")
    return failed


def check_results() -> None:
    """Every variant must return the handler's answer before it is timed."""
    answer = {"ok": True}
    if Client(_chalice_app()).lambda_.invoke("handler", EVENT).payload != answer:
        sys.exit("chalice's client did not return the handler's response")
    with LambdaFunction(handler) as function:
        if function.invoke(EVENT).payload != answer:
            sys.exit("LambdaFunction did not return the handler's response")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="LambdaFunction.invoke beside chalice's test client.")
    parser.add_argument("--invokes", type=int, default=2000, help="calls of each variant per round (default: 2000)")
    parser.add_argument("--rounds", type=int, default=15, help="timed rounds (default: 15)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed rounds first (default: 2)")
    parser.add_argument("--fresh", action="store_true", help="also time a new client / function per call")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 unless held <= 0.4x and unheld <= 0.8x chalice's overhead"
    )
    parser.add_argument("--instructions", action="store_true", help="also count instructions with valgrind")
    parser.add_argument("--count-calls", type=int, default=2000, help="calls per counted run (default: 2000)")
    parser.add_argument("--run-calls", help=argparse.SUPPRESS)  # what valgrind runs
    args = parser.parse_args(argv)
    if args.run_calls is not None:
        run_calls(args.run_calls, args.count_calls, args.fresh)
        return 0
    if args.rounds < 1 or args.invokes < 1:
        parser.error("--rounds and --invokes must be at least 1")
    check_results()
    samples = time_rounds(args.invokes, args.rounds, args.warmup, args.fresh)

    print(f"{args.invokes} calls per variant and round, {args.rounds} interleaved rounds after {args.warmup} warm-up")
    print(f"Python {platform.python_version()}, {platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s)")
    print(f"{len(os.environ)} variables in os.environ (chalice copies them on every invoke)")
    print()
    print(f"{'variant':<26}{'median us/call':>16}{'min us/call':>14}{'overhead us':>14}")
    direct = statistics.median(samples["direct call"])
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<26}{median * 1e6:>16.2f}{min(values) * 1e6:>14.2f}{(median - direct) * 1e6:>14.2f}")
    print()
    overheads = {name: statistics.median(values) - direct for name, values in samples.items()}
    failed = report_ratios(overheads, args.fresh, "medians")
    directs = samples["direct call"]
    per_round = {
        name: statistics.median(value - direct for value, direct in zip(values, directs, strict=True))
        for name, values in samples.items()
    }
    report_ratios(per_round, args.fresh, "median of per-round overheads")
    if args.instructions:
        counted = {name: count_instructions(name, args.count_calls) for name in samples}
        print()
        print(f"instructions per call (valgrind, {args.count_calls} calls):")
        for name, count in counted.items():
            print(f"  {name:<26}{count:>12,.0f}")
        print()
        overheads = {name: count - counted["direct call"] for name, count in counted.items()}
        report_ratios(overheads, args.fresh, "instructions")
    return 1 if args.check and failed else 0


def time_rounds(invokes: int, rounds: int, warmup: int, fresh: bool) -> dict[str, list[float]]:
    """Seconds per call of every variant in each timed round, the order flipping every round."""
    timers, close = variants(fresh)
    samples: dict[str, list[float]] = {name: [] for name in timers}
    order = list(timers)
    try:
        for round_number in range(warmup + rounds):
            for name in order:
                # A new client or function per call costs ~100x more: fewer calls keep rounds even.
                n = invokes // 20 if name in ("chalice, new client", "invoke(handler, event)") else invokes
                seconds = timers[name](max(n, 1))
                if round_number >= warmup:
                    samples[name].append(seconds)
            order.reverse()
            gc.collect()
    finally:
        close()
    return samples


if __name__ == "__main__":
    sys.exit(main())
