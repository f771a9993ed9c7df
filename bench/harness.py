"""Cost of the invocation harness: ``LambdaFunction.invoke`` against calling the handler directly.

    .venv/bin/python bench/harness.py [--invokes 10000] [--rounds 7] [--warmup 1] [--async-runs 50]
                                      [--check] [--profile [plain|held]] [--top 25] [--instructions]
                                      [--preload MODULE ...]

The handler is trivial (``return {"ok": True}``), so what is measured is the harness itself.
Each round times ``--invokes`` calls of three variants, one after the other, the order flipping
every round:

- ``direct call``: ``handler({"k": "v"}, context)`` with one context made by ``make_context()``;
- ``invoke``: ``function.invoke({"k": "v"})`` on one ``function = LambdaFunction(handler)``, as
  in ``LambdaFunction(handler).invoke(...)``: each invoke sets the function's environment
  variables and SIGALRM handler and restores them afterwards;
- ``invoke, held``: the same inside ``with LambdaFunction(handler) as function:``, which keeps
  the variables and the signal handler in place between invokes, as a Lambda execution
  environment keeps them.

The function's cold start happens before the clock starts. The script reports the median,
minimum and standard deviation of the per-call time in microseconds over the rounds, the
overhead per invoke (median invoke - median direct call) and the ratio of the medians.

It also times one asynchronous invocation (``invocation_type="Event"``) of a handler that always
raises, so Lambda's three attempts all run (the retry delays pass on the harness's virtual clock,
not in real time): median over ``--async-runs`` invocations, each on a new function made outside
the timing and not held.

With ``--instructions`` it also counts, under valgrind's cachegrind, the instructions per call of
each variant: a run of ``--count-calls`` calls minus a run of none, divided by the calls. Unlike
times, that count hardly changes with the machine's load.

``--preload freezegun`` imports a module before anything is measured: in a pytest run with
pytest-freezer (or any test module that imports freezegun) it is loaded, and the harness then has
to ask whether a fake clock is in force on every invoke.

``--check`` exits 1 when the overhead of ``invoke, held`` (the way the ``lambda_function`` fixture
and ``with`` run a function) is 20 us or more, or the asynchronous invocation takes 50 ms or more.
``--profile`` also runs ``--invokes`` invokes (``plain``, the default, or ``held``) under cProfile
and prints the functions with the most own and cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from pytest_lambda import LambdaFunction, make_context

OVERHEAD_TARGET_US = 20.0
ASYNC_TARGET_MS = 50.0
EVENT = {"k": "v"}
VARIANTS = ("direct call", "invoke", "invoke, held")
VALGRIND = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null")


def handler(event: Any, context: Any) -> Any:
    return {"ok": True}


def failing_handler(event: Any, context: Any) -> Any:
    raise ValueError("always fails")


def time_direct(n: int) -> float:
    """Seconds per direct call of the handler, over ``n`` calls with one context."""
    context = make_context()
    call, event = handler, EVENT
    start = time.perf_counter()
    for _ in range(n):
        call(event, context)
    return (time.perf_counter() - start) / n


def _invoke_loop(function: LambdaFunction, n: int) -> float:
    function.invoke(EVENT)  # the cold start, outside the timing
    invoke, event = function.invoke, EVENT
    start = time.perf_counter()
    for _ in range(n):
        invoke(event)
    return (time.perf_counter() - start) / n


def time_invoke(n: int) -> float:
    """Seconds per synchronous invoke on one warm function, over ``n`` invokes."""
    function = LambdaFunction(handler)
    try:
        return _invoke_loop(function, n)
    finally:
        function.close()


def time_invoke_held(n: int) -> float:
    """Seconds per synchronous invoke on one warm function held open by ``with``, over ``n`` invokes."""
    with LambdaFunction(handler) as function:
        return _invoke_loop(function, n)


def run_calls(variant: str, n: int) -> None:
    """``n`` untimed calls of ``variant`` after its set-up, for counting instructions."""
    if variant == "direct call":
        context = make_context()
        for _ in range(n):
            handler(EVENT, context)
        return
    function = LambdaFunction(handler)
    if variant == "invoke, held":
        function.__enter__()
    try:
        function.invoke(EVENT)
        for _ in range(n):
            function.invoke(EVENT)
    finally:
        function.close()


def count_instructions(variant: str, n: int, preload: Sequence[str] = ()) -> float:
    """Instructions per call of ``variant``: a run of ``n`` calls minus a run of none, over ``n``."""
    counts = []
    preloads = [arg for name in preload for arg in ("--preload", name)]
    for calls in (0, n):
        result = subprocess.run(
            [*VALGRIND, sys.executable, __file__, "--run-calls", variant, "--count-calls", str(calls), *preloads],
            env={**os.environ, "PYTHONHASHSEED": "0"},
            capture_output=True,
            text=True,
            check=False,
        )
        found = re.findall(r"I\s+refs:\s+([\d,]+)", result.stderr)
        if result.returncode != 0 or not found:
            sys.exit(f"valgrind run failed ({result.returncode}):\n{result.stderr}")
        counts.append(int(found[-1].replace(",", "")))
    return (counts[1] - counts[0]) / n


def time_failing_async() -> float:
    """Seconds for one asynchronous invocation whose three attempts all fail."""
    function = LambdaFunction(failing_handler)
    try:
        start = time.perf_counter()
        result = function.invoke(EVENT, invocation_type="Event")
        elapsed = time.perf_counter() - start
    finally:
        function.close()
    if len(result.attempts) != 3 or result.ok:
        sys.exit(f"expected three failed attempts, got {[a.outcome for a in result.attempts]}")
    return elapsed


def check_results() -> None:
    """Make sure the handler and the harness return what they should before timing them."""
    with LambdaFunction(handler) as function:
        result = function.invoke(EVENT)
    if result.payload != {"ok": True} or result.function_error is not None:
        sys.exit(f"the harness did not return the handler's response: {result}")
    if handler(EVENT, make_context()) != {"ok": True}:
        sys.exit("the handler is broken")


def profile(n: int, top: int, mode: str) -> None:
    """cProfile over ``n`` warm invokes: the functions with the most own time, then the most cumulative."""
    function = LambdaFunction(handler)
    if mode == "held":
        function.__enter__()
    try:
        function.invoke(EVENT)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(n):
            function.invoke(EVENT)
        profiler.disable()
    finally:
        function.close()
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    print(f"cProfile over {n} warm invokes ({mode}; times are inflated by profiling), by own time:")
    stats.sort_stats("tottime").print_stats(top)
    print("by cumulative time:")
    stats.sort_stats("cumulative").print_stats(top)


def us(seconds: float) -> str:
    return f"{seconds * 1e6:.2f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Per-invoke cost of pytest_lambda's LambdaFunction.invoke.")
    parser.add_argument("--invokes", type=int, default=10_000, help="invokes (and direct calls) per round")
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds (default: 7)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default: 1)")
    parser.add_argument("--async-runs", type=int, default=50, help="failing async invocations timed (default: 50)")
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"exit 1 if the overhead is >= {OVERHEAD_TARGET_US:g} us or the async time >= {ASYNC_TARGET_MS:g} ms",
    )
    parser.add_argument(
        "--profile",
        nargs="?",
        const="plain",
        choices=("plain", "held"),
        help="also profile --invokes invokes with cProfile (plain, the default, or held)",
    )
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile (default: 25)")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions per call with valgrind (about 10 s per variant)",
    )
    parser.add_argument(
        "--count-calls", type=int, default=2000, help="calls per counted run with --instructions (default: 2000)"
    )
    parser.add_argument(
        "--preload",
        action="append",
        default=[],
        metavar="MODULE",
        help="import MODULE first, e.g. freezegun as a pytest run with pytest-freezer has it (repeatable)",
    )
    parser.add_argument("--run-calls", choices=VARIANTS, help=argparse.SUPPRESS)  # what valgrind runs
    args = parser.parse_args(argv)
    for name in args.preload:
        importlib.import_module(name)
    if args.run_calls is not None:
        run_calls(args.run_calls, args.count_calls)
        return 0
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind on PATH")
    if args.rounds < 1 or args.invokes < 1 or args.async_runs < 1:
        parser.error("--rounds, --invokes and --async-runs must be at least 1")

    check_results()
    variants: dict[str, Callable[[int], float]] = {
        "direct call": time_direct,
        "invoke": time_invoke,
        "invoke, held": time_invoke_held,
    }
    for _ in range(args.warmup):
        for measure in variants.values():
            measure(args.invokes)
    samples: dict[str, list[float]] = {name: [] for name in variants}
    order = list(variants)
    for _ in range(args.rounds):
        for name in order:
            samples[name].append(variants[name](args.invokes))
        order.reverse()
        gc.collect()
    time_failing_async()  # warm-up
    async_times = [time_failing_async() for _ in range(args.async_runs)]

    print(
        f"{args.invokes} calls per round, {args.rounds} interleaved rounds after {args.warmup} warm-up round(s); "
        f"handler returns {{'ok': True}}"
    )
    print(f"Python {platform.python_version()}, {platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s)")
    if args.preload:
        print(f"preloaded: {', '.join(args.preload)}")
    print()
    print(f"{'variant':<24}{'median us/call':>16}{'min us/call':>14}{'stdev us':>12}")
    for name, values in samples.items():
        stdev = us(statistics.stdev(values)) if len(values) > 1 else "-"
        print(f"{name:<24}{us(statistics.median(values)):>16}{us(min(values)):>14}{stdev:>12}")
    print()
    direct = statistics.median(samples["direct call"])
    overheads: dict[str, float] = {}
    for name in ("invoke", "invoke, held"):
        invoked = statistics.median(samples[name])
        overheads[name] = overhead_us = (invoked - direct) * 1e6
        if name == "invoke, held":
            verdict = "ok" if overhead_us < OVERHEAD_TARGET_US else "OVER TARGET"
            target = f"target < {OVERHEAD_TARGET_US:g} us: {verdict}"
        else:
            # Unheld invokes set up and take down the environment each time: judged beside chalice (peers.py).
            target = "no absolute target: see bench/peers.py --check"
        print(f"overhead per {name}: {overhead_us:.2f} us (ratio of medians {invoked / direct:.0f}x), {target}")
    async_ms = statistics.median(async_times) * 1000
    verdict = "ok" if async_ms < ASYNC_TARGET_MS else "OVER TARGET"
    print(
        f"async invocation, 3 failing attempts: median {async_ms:.2f} ms (min {min(async_times) * 1000:.2f}, "
        f"max {max(async_times) * 1000:.2f}) over {args.async_runs} runs, target < {ASYNC_TARGET_MS:g} ms: {verdict}"
    )
    if args.instructions:
        counted = {name: count_instructions(name, args.count_calls, args.preload) for name in VARIANTS}
        print()
        print(f"instructions per call (valgrind, {args.count_calls} calls):")
        for name, count in counted.items():
            extra = "" if name == "direct call" else f", overhead {count - counted['direct call']:,.0f}"
            print(f"  {name:<22}{count:>12,.0f}{extra}")
    if args.profile:
        print()
        profile(args.invokes, args.top, args.profile)
    # The target is the held invoke: the fixture and ``with`` hold the function, as a Lambda
    # execution environment holds its variables between invokes.
    over = overheads["invoke, held"] >= OVERHEAD_TARGET_US or async_ms >= ASYNC_TARGET_MS
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
