"""Speed of the hypothesis strategies: valid examples per second, and what ``import hypothesis`` costs.

    .venv/bin/python bench/strategies.py [--examples 1000] [--rounds 5] [--metric wall|cpu] [--check]

Examples per second: for each of ``sqs``, ``apigateway_rest`` and ``dynamodb``, a ``@given`` test
over ``pytest_lambda.strategies.events(source)`` (default strategies) runs ``--examples`` examples
with ``phases=[Phase.generate]`` (no explicit examples, no replay from a database, no shrinking), no
deadline and no health checks, and its body counts the examples it receives. This is what a passing
property test pays per example: hypothesis's engine, the draws, and the factory building the event.
``strategy.example()`` is not used: it is meant for the REPL, warns, and bypasses the engine's
normal path. Each round runs the three sources in turn, the order flipping every round; the first
round is an untimed warm-up (faker's pools, imports). Validity is not re-checked here (the test
suite's property tests hold every source's events against aws-lambda-powertools' models); every
generated example is an event the factory accepted, since nothing is filtered.

For scale it also times ``st.integers()`` the same way: hypothesis's own cost per example on the
machine, which no strategy can beat.

Import cost: ``python -c "import hypothesis"`` in fresh interpreters (``--import-runs``), with this
package's entry point and with hypothesis's ``HYPOTHESIS_NO_PLUGINS=1`` (no entry points), after an
untimed run that writes .pyc files. It reports the medians and checks that neither faker nor
``pytest_lambda.events`` was imported.

Target: at least 500 examples per second for each source (median over rounds). ``--check`` exits 1
if a source misses it, by the wall clock or, with ``--metric cpu``, by CPU time (for a busy machine).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from pytest_lambda.strategies import events

SOURCES = ("sqs", "apigateway_rest", "dynamodb")
TARGET_PER_S = 500.0
IMPORT_CODE = """\
import json, sys, time
start = time.perf_counter()
import hypothesis
took = time.perf_counter() - start
print(json.dumps([took, "faker" in sys.modules, "pytest_lambda.events" in sys.modules]))
"""


def examples_per_second(source: str, n: int) -> tuple[float, float]:
    """(wall, cpu) examples per second of one ``@given`` run of ``n`` examples."""
    return _rate(events(source), n, source)


def _rate(strategy: SearchStrategy[object], n: int, label: str) -> tuple[float, float]:
    seen = [0]

    @settings(
        max_examples=n,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def count(event: object) -> None:
        seen[0] += 1

    wall, cpu = time.perf_counter(), time.process_time()
    count()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if seen[0] != n:
        sys.exit(f"{label}: expected {n} examples, got {seen[0]}")
    return n / wall, n / cpu


def import_cost(runs: int, *, plugins: bool) -> tuple[float, bool, bool]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "HYPOTHESIS_NO_PLUGINS")}
    if not plugins:
        env["HYPOTHESIS_NO_PLUGINS"] = "1"
    results = []
    for _ in range(runs + 1):  # the first writes .pyc files
        out = subprocess.run([sys.executable, "-c", IMPORT_CODE], capture_output=True, text=True, env=env, check=True)
        results.append(json.loads(out.stdout))
    timed = results[1:]
    return (
        statistics.median(r[0] for r in timed) * 1000,
        any(r[1] for r in timed),
        any(r[2] for r in timed),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Examples per second of pytest_lambda.strategies.")
    parser.add_argument("--examples", type=int, default=1000, help="examples per source per round (default: 1000)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default: 5)")
    parser.add_argument("--import-runs", type=int, default=7, help="fresh interpreters per import variant (default 7)")
    parser.add_argument("--metric", choices=("wall", "cpu"), default="wall", help="what --check compares")
    parser.add_argument("--check", action="store_true", help=f"exit 1 below {TARGET_PER_S:.0f} examples/s")
    args = parser.parse_args(argv)

    print(f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs")
    order = list(SOURCES)
    for source in order:  # warm-up: imports, faker's pools, hypothesis's caches
        examples_per_second(source, min(args.examples, 200))
    walls: dict[str, list[float]] = {s: [] for s in SOURCES}
    cpus: dict[str, list[float]] = {s: [] for s in SOURCES}
    for _ in range(args.rounds):
        for source in order:
            wall, cpu = examples_per_second(source, args.examples)
            walls[source].append(wall)
            cpus[source].append(cpu)
        order.reverse()
    floor = statistics.median(_rate(st.integers(), args.examples, "integers")[1] for _ in range(3))
    print(f"\nfor scale, hypothesis's own floor here (st.integers(), cpu): {floor:.0f} examples/s")
    print(f"valid examples per second ({args.examples} per round, {args.rounds} rounds; target {TARGET_PER_S:.0f})")
    print(f"{'source':<18}{'wall median':>12}{'min':>8}{'max':>8}{'cpu median':>12}")
    failed = []
    for source in SOURCES:
        wall, cpu = statistics.median(walls[source]), statistics.median(cpus[source])
        print(f"{source:<18}{wall:>12.0f}{min(walls[source]):>8.0f}{max(walls[source]):>8.0f}{cpu:>12.0f}")
        if (wall if args.metric == "wall" else cpu) < TARGET_PER_S:
            failed.append(source)

    with_ms, faker, loaded = import_cost(args.import_runs, plugins=True)
    without_ms, _, _ = import_cost(args.import_runs, plugins=False)
    print(f"\nimport hypothesis: {with_ms:.1f} ms with this package's entry point, {without_ms:.1f} ms without")
    print(f"  (difference {with_ms - without_ms:+.1f} ms); faker imported: {faker}; pytest_lambda.events: {loaded}")
    if faker or loaded:
        print("FAIL: import hypothesis loaded faker or the event modules")
        return 1
    if args.check and failed:
        print(f"FAIL ({args.metric}): below {TARGET_PER_S:.0f} examples/s: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
