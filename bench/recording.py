"""What the plugin's recorder (Lambda logs in failure reports, ``--lambda-report``) adds to an invoke.

    .venv/bin/python bench/recording.py [--invokes 2000] [--rounds 15] [--per-phase 10] [--pytest-tests 200]

In process, interleaved rounds of ``--invokes`` warm, held invokes of a trivial handler (as the
``lambda_function`` fixture runs them), in four variants:

- ``no recorder``: what a run with ``--lambda-logs=no`` and no report pays (and any use outside pytest);
- ``recorder``: the plugin's default: every invoke is recorded, and every ``--per-phase`` invokes the
  phase ends and its records are taken and dropped, as for a passed test;
- ``recorder, report``: the same with ``--lambda-report``: each taken record is counted for the summary;
- ``recorder, failed``: as ``recorder``, but each phase's log section is put together, as for a failed test.

With ``--instructions`` it also counts, under valgrind's cachegrind, the instructions per invoke of
each variant (a run of ``--count-calls`` invokes minus a run of none, over the invokes): unlike
times, the count hardly changes with the machine's load.

Then, unless ``--pytest-tests 0``, a real pytest run: a generated file of ``--pytest-tests`` tests
that each invoke ``--per-phase`` times through the ``lambda_function`` fixture, timed (wall clock,
median of 5 interleaved runs) with ``--lambda-logs=no``, with the defaults, and with ``--lambda-report``.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytest_lambda import LambdaFunction
from pytest_lambda.recording import Recorder, RunStats, log_section

EVENT = {"k": "v"}


def handler(event: Any, context: Any) -> Any:
    return {"ok": True}


def timed(n: int, per_phase: int, recorder: Recorder | None, on_phase: Callable[[Recorder], None]) -> float:
    """Seconds per invoke over ``n`` held invokes, the recorder's phase ending every ``per_phase``."""
    if recorder is not None:
        recorder.install()
    try:
        with LambdaFunction(handler) as function:
            function.invoke(EVENT)
            invoke = function.invoke
            start = time.perf_counter()
            for index in range(1, n + 1):
                invoke(EVENT)
                if recorder is not None and index % per_phase == 0:
                    on_phase(recorder)
            return (time.perf_counter() - start) / max(n, 1)
    finally:
        if recorder is not None:
            recorder.uninstall()


def variants(per_phase: int) -> dict[str, Callable[[int], float]]:
    def drop(recorder: Recorder) -> None:
        recorder.take()

    def build(recorder: Recorder) -> None:
        log_section(recorder.take(), 200)

    return {
        "no recorder": lambda n: timed(n, per_phase, None, drop),
        "recorder": lambda n: timed(n, per_phase, Recorder(None), drop),
        "recorder, report": lambda n: timed(n, per_phase, Recorder(RunStats()), drop),
        "recorder, failed": lambda n: timed(n, per_phase, Recorder(None), build),
    }


TEST_FILE = """
def handler(event, context):
    return {{"ok": True}}

import pytest

@pytest.mark.parametrize("n", range({tests}))
def test_invokes(lambda_function, n):
    function = lambda_function(handler)
    for _ in range({per_phase}):
        function.invoke({{"k": "v"}})
"""


def pytest_runs(tests: int, per_phase: int, runs: int) -> dict[str, list[float]]:
    options = {"--lambda-logs=no": ["--lambda-logs=no"], "defaults": [], "--lambda-report": ["--lambda-report"]}
    times: dict[str, list[float]] = {name: [] for name in options}
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "pytest.ini").write_text("[pytest]\n")
        Path(tmp, "test_many.py").write_text(TEST_FILE.format(tests=tests, per_phase=per_phase))
        for round_ in range(runs):
            order = list(options) if round_ % 2 == 0 else list(reversed(options))
            for name in order:
                command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options[name]]
                start = time.perf_counter()
                done = subprocess.run(command, cwd=tmp, capture_output=True, text=True, check=False)
                times[name].append(time.perf_counter() - start)
                if done.returncode != 0:
                    sys.exit(done.stdout + done.stderr)
    return times


VALGRIND = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null")


def count_instructions(variant: str, n: int, per_phase: int) -> float:
    """Instructions per invoke of ``variant``: a run of ``n`` invokes minus a run of none, over ``n``."""
    counts = []
    for calls in (0, n):
        command = [*VALGRIND, sys.executable, __file__, "--run-calls", variant, "--count-calls", str(calls),
                   "--per-phase", str(per_phase)]  # fmt: skip
        done = subprocess.run(command, env={**os.environ, "PYTHONHASHSEED": "0"}, capture_output=True, text=True)
        found = re.findall(r"I\s+refs:\s+([\d,]+)", done.stderr)
        if done.returncode != 0 or not found:
            sys.exit(f"valgrind run failed ({done.returncode}):\n{done.stderr}")
        counts.append(int(found[-1].replace(",", "")))
    return (counts[1] - counts[0]) / n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invokes", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--per-phase", type=int, default=10)
    parser.add_argument("--pytest-tests", type=int, default=200)
    parser.add_argument("--instructions", action="store_true", help="also count instructions with valgrind")
    parser.add_argument("--count-calls", type=int, default=2000, help="invokes per counted run (default: 2000)")
    parser.add_argument("--run-calls", help=argparse.SUPPRESS)  # what valgrind runs
    args = parser.parse_args()
    runs = variants(args.per_phase)
    if args.run_calls:
        runs[args.run_calls](args.count_calls)
        return 0
    times: dict[str, list[float]] = {name: [] for name in runs}
    for variant in runs.values():  # warm-up
        variant(args.invokes)
    for round_ in range(args.rounds):
        order = list(runs) if round_ % 2 == 0 else list(reversed(runs))
        for name in order:
            times[name].append(runs[name](args.invokes))
    base = statistics.median(times["no recorder"])
    print(f"{args.invokes} held invokes per variant and round, {args.rounds} rounds, a phase every {args.per_phase}")
    print(f"{'variant':<20} {'median us/invoke':>17} {'min us/invoke':>14} {'added us':>9}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<20} {median * 1e6:>17.2f} {min(values) * 1e6:>14.2f} {(median - base) * 1e6:>9.2f}")
    if args.instructions:
        print(f"\ninstructions per invoke (valgrind, {args.count_calls} invokes):")
        for name in runs:
            print(f"  {name:<20} {count_instructions(name, args.count_calls, args.per_phase):>10,.0f}")
    if args.pytest_tests:
        runs_ = pytest_runs(args.pytest_tests, args.per_phase, 5)
        invokes = args.pytest_tests * args.per_phase
        print(f"\npytest: {args.pytest_tests} tests x {args.per_phase} invokes, median of 5 interleaved runs")
        base = statistics.median(runs_["--lambda-logs=no"])
        for name, values in runs_.items():
            median = statistics.median(values)
            added = (median - base) / invokes * 1e6
            print(f"{name:<20} {median:>8.3f} s   {added:+.2f} us per invoke")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
