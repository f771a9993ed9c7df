"""Speed of the event factories: events per second, and what the first event costs.

    .venv/bin/python bench/events.py [--events 2000] [--rounds 7] [--warmup 1] [--cold-runs 5] [--check]

Warm throughput: each round builds ``--events`` events of every variant through
``pytest_lambda.events.make_event(name, seed=i)``, a new seed for every event (as a test suite
asks for different events), the variants one after the other, the order flipping every round.
The variants are ``sqs`` with 1 and with 10 records, ``apigateway_rest``, ``dynamodb`` and
``cloudwatch_logs``; a source that is not registered (yet) is skipped, and the script says so.
Faker's pools are filled and every factory has run before the clock starts (``--warmup`` untimed
rounds). The script reports the median, minimum and maximum events per second over the rounds,
by the wall clock and by the CPU time of the process (less sensitive to other work on the machine).

First call: in ``--cold-runs`` fresh interpreters (after one untimed run that writes the .pyc
files), ``python -c`` times ``import pytest_lambda.events`` and then the first
``make_event("sqs")``, which imports faker and fills its pools. The median of the sum is the
cost a test session pays once, the first time it asks for an event (wall clock, and CPU time).
For scale, the same number of fresh interpreters also time ``import faker`` alone.

Targets: at least 20,000 single-record SQS events per second (median), and a first call under
300 ms (median). ``--check`` exits 1 if either is missed: by the wall clock, or by CPU time with
``--metric cpu`` (for a busy or shared machine).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from pytest_lambda.events import UnknownEventSourceError, make_event

SQS_TARGET_PER_S = 20_000.0
FIRST_CALL_TARGET_MS = 300.0
# label -> (source, shorthands)
VARIANTS: dict[str, tuple[str, dict[str, Any]]] = {
    "sqs, 1 record": ("sqs", {}),
    "sqs, 10 records": ("sqs", {"records": 10}),
    "apigateway_rest": ("apigateway_rest", {}),
    "dynamodb": ("dynamodb", {}),
    "cloudwatch_logs": ("cloudwatch_logs", {}),
}
TARGET_VARIANT = "sqs, 1 record"
COLD_CODE = """\
import json, time
start, start_cpu = time.perf_counter(), time.process_time()
import pytest_lambda.events
imported, imported_cpu = time.perf_counter(), time.process_time()
pytest_lambda.events.make_event("sqs")
done, done_cpu = time.perf_counter(), time.process_time()
print(json.dumps([imported - start, done - imported, imported_cpu - start_cpu, done_cpu - imported_cpu]))
"""
FAKER_CODE = """\
import json, time
start = time.perf_counter()
import faker
print(json.dumps([time.perf_counter() - start]))
"""


def available_variants() -> tuple[dict[str, Callable[[int], Any]], list[str]]:
    """A one-argument builder (the seed) for every variant whose source is registered; the skipped labels."""
    builders: dict[str, Callable[[int], Any]] = {}
    skipped: list[str] = []
    for label, (source, shorthands) in VARIANTS.items():
        try:
            event = make_event(source, **shorthands)  # also fills faker's pools, outside the timing
        except UnknownEventSourceError:
            skipped.append(label)
            continue
        if not isinstance(event, dict) or not event:
            sys.exit(f"make_event({source!r}) returned {event!r}")
        if "records" in shorthands and len(event.get("Records", ())) != shorthands["records"]:
            sys.exit(f"make_event({source!r}, records={shorthands['records']}) returned another number of records")
        builders[label] = _builder(source, shorthands)
    return builders, skipped


def _builder(source: str, shorthands: dict[str, Any]) -> Callable[[int], Any]:
    def build(seed: int) -> Any:
        return make_event(source, seed=seed, **shorthands)

    return build


def events_per_second(build: Callable[[int], Any], n: int, first_seed: int) -> tuple[float, float]:
    """Events per second of wall clock and of CPU time, over ``n`` calls of ``build`` (seeds from ``first_seed``)."""
    seeds = range(first_seed, first_seed + n)
    start, start_cpu = time.perf_counter(), time.process_time()
    for seed in seeds:
        build(seed)
    return n / (time.perf_counter() - start), n / max(time.process_time() - start_cpu, 1e-9)


def clean_env() -> dict[str, str]:
    # .pyc files must be written by the warm-up run, or every run measures compiling.
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_fresh(code: str, env: dict[str, str]) -> list[float]:
    """The seconds that ``code``, run in a fresh interpreter, prints as a JSON list."""
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"a fresh interpreter failed:\n{result.stderr}")
    times: list[float] = json.loads(result.stdout.strip().splitlines()[-1])
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Events per second of pytest_lambda.events, and the first call.")
    parser.add_argument("--events", type=int, default=2000, help="events per variant per round (default: 2000)")
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds (default: 7)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default: 1)")
    parser.add_argument("--cold-runs", type=int, default=5, help="fresh interpreters timed (default: 5)")
    parser.add_argument(
        "--metric", choices=("wall", "cpu"), default="wall", help="what --check compares (default: wall)"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"exit 1 if single-record SQS makes < {SQS_TARGET_PER_S:,.0f} events/s "
        f"or the first call takes >= {FIRST_CALL_TARGET_MS:g} ms",
    )
    args = parser.parse_args(argv)
    if args.events < 1 or args.rounds < 1 or args.cold_runs < 1:
        parser.error("--events, --rounds and --cold-runs must be at least 1")

    builders, skipped = available_variants()
    if TARGET_VARIANT not in builders:
        sys.exit("the sqs source is not registered: nothing to measure against the target")
    order = list(builders)
    seed = 0
    for _ in range(args.warmup):
        for label in order:
            events_per_second(builders[label], args.events, seed)
            seed += args.events
    samples: dict[str, list[float]] = {label: [] for label in builders}
    cpu_samples: dict[str, list[float]] = {label: [] for label in builders}
    for _ in range(args.rounds):
        for label in order:
            wall, cpu = events_per_second(builders[label], args.events, seed)
            samples[label].append(wall)
            cpu_samples[label].append(cpu)
            seed += args.events
        order.reverse()
        gc.collect()

    env = clean_env()
    run_fresh(COLD_CODE, env)  # writes the .pyc files
    cold = [run_fresh(COLD_CODE, env) for _ in range(args.cold_runs)]
    faker_alone = [run_fresh(FAKER_CODE, env)[0] for _ in range(args.cold_runs)]

    print(
        f"{args.events} events per variant per round, {args.rounds} interleaved rounds after {args.warmup} "
        f"warm-up round(s); make_event(name, seed=i), a new seed per event"
    )
    print(f"Python {platform.python_version()}, {platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s)")
    for label in skipped:
        print(f"skipped {label!r}: source {VARIANTS[label][0]!r} is not registered (yet)")
    print()
    print(
        f"{'variant':<18}{'median events/s':>17}{'min events/s':>14}{'max events/s':>14}"
        f"{'median us/event':>17}{'median events/CPU s':>21}"
    )
    for label, values in samples.items():
        median = statistics.median(values)
        print(
            f"{label:<18}{median:>17,.0f}{min(values):>14,.0f}{max(values):>14,.0f}{1e6 / median:>17.1f}"
            f"{statistics.median(cpu_samples[label]):>21,.0f}"
        )
    print()
    rates = {"wall": statistics.median(samples[TARGET_VARIANT]), "cpu": statistics.median(cpu_samples[TARGET_VARIANT])}
    for metric, rate in rates.items():
        verdict = "ok" if rate >= SQS_TARGET_PER_S else "UNDER TARGET"
        print(f"single-record SQS ({metric}): {rate:,.0f} events/s, target >= {SQS_TARGET_PER_S:,.0f}: {verdict}")

    first_ms: dict[str, float] = {}
    for metric, (imported, first) in {"wall": (0, 1), "cpu": (2, 3)}.items():
        imports = [run[imported] for run in cold]
        firsts = [run[first] for run in cold]
        totals = [run[imported] + run[first] for run in cold]
        first_ms[metric] = statistics.median(totals) * 1000
        verdict = "ok" if first_ms[metric] < FIRST_CALL_TARGET_MS else "OVER TARGET"
        print(
            f"first call in a fresh interpreter ({metric}, median of {args.cold_runs}): {first_ms[metric]:.1f} ms "
            f"(min {ms(min(totals))}, max {ms(max(totals))}) = import pytest_lambda.events "
            f"{ms(statistics.median(imports))} ms + first make_event('sqs') {ms(statistics.median(firsts))} ms; "
            f"target < {FIRST_CALL_TARGET_MS:g} ms: {verdict}"
        )
    print(f"for scale, `import faker` alone in a fresh interpreter: {ms(statistics.median(faker_alone))} ms (median)")
    missed = rates[args.metric] < SQS_TARGET_PER_S or first_ms[args.metric] >= FIRST_CALL_TARGET_MS
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
