"""What the plugin's recorder (Lambda logs in failure reports, ``--lambda-report``) adds to an invoke.

    .venv/bin/python bench/recording.py [--invokes 2000] [--rounds 15] [--per-phase 10] [--pytest-tests 200]

In process, interleaved rounds of ``--invokes`` warm, held invokes of a trivial handler (as the
``lambda_function`` fixture runs them), in four variants:

- ``no recorder``: what a run with ``--lambda-logs=no`` and no report pays (and any use outside pytest);
- ``recorder``: the plugin's default: every invoke is recorded, and every ``--per-phase`` invokes the
  phase ends and its records are taken and dropped, as for a passed test;
- ``recorder, report``: the same with ``--lambda-report``: each taken record is counted for the summary;
- ``recorder, failed``: as ``recorder``, but each phase's log section is put together, as for a failed test.

Then, unless ``--pytest-tests 0``, a real pytest run: a generated file of ``--pytest-tests`` tests
that each invoke ``--per-phase`` times through the ``lambda_function`` fixture, timed (wall clock,
median of 5 interleaved runs) with ``--lambda-logs=no``, with the defaults, and with ``--lambda-report``.
"""

from __future__ import annotations

import argparse
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
            return (time.perf_counter() - start) / n
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invokes", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--per-phase", type=int, default=10)
    parser.add_argument("--pytest-tests", type=int, default=200)
    args = parser.parse_args()
    runs = variants(args.per_phase)
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
