"""Cost of the ``lambda_aws`` fixture: pytest runs of N tests that use it against N tests that do not.

    .venv/bin/python bench/aws.py [--tests 200] [--rounds 5] [--warmup 1] [--check]

The script writes two suites into a temporary directory with its own empty ``pytest.ini``: N
trivial tests (``def test_i(): pass``) and N tests that take the fixture and make one call to moto
(``def test_i(lambda_aws): lambda_aws.client("sqs").list_queues()``). It times
``python -m pytest -q -p no:cacheprovider -p no:randomly`` on each, alternating and flipping the
order every round, and also runs both suites with a single test. Then:

- per-test cost = ((with N - without N) - (with 1 - without 1)) / (N - 1): the fixture's own cost
  (moto's start and stop, the environment, a boto3 client and one request), without the one-off
  import of moto and boto3;
- first-use cost = with 1 - without 1: importing moto and boto3 and the first mock in a session.

Medians over ``--rounds`` rounds, wall-clock time. ``--check`` exits 1 when the per-test cost is
``TARGET_MS`` or more.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

TARGET_MS = 100.0
PYTEST = ("-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly")
WITH = "def test_{i}(lambda_aws):\n    lambda_aws.client('sqs').list_queues()\n"
WITHOUT = "def test_{i}():\n    pass\n"


def write_suite(root: Path, name: str, template: str, count: int) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "pytest.ini").write_text("[pytest]\n")
    (folder / "test_suite.py").write_text("\n\n".join(template.format(i=i) for i in range(count)))
    return folder


def run(folder: Path, expected: int) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, *PYTEST], cwd=folder, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0 or f"{expected} passed" not in result.stdout:
        sys.exit(f"pytest failed in {folder}:\n{result.stdout}\n{result.stderr}")
    return elapsed * 1000


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Per-test cost of the lambda_aws fixture.")
    parser.add_argument("--tests", type=int, default=200, help="tests per suite (default: 200)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default: 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default: 1)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if a test pays >= {TARGET_MS:g} ms for it")
    args = parser.parse_args(argv)
    if args.tests < 2:
        parser.error("--tests must be at least 2")

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        suites = {
            ("with", args.tests): write_suite(root, "with_n", WITH, args.tests),
            ("without", args.tests): write_suite(root, "without_n", WITHOUT, args.tests),
            ("with", 1): write_suite(root, "with_1", WITH, 1),
            ("without", 1): write_suite(root, "without_1", WITHOUT, 1),
        }
        times: dict[tuple[str, int], list[float]] = {key: [] for key in suites}
        keys = list(suites)
        for number in range(args.warmup + args.rounds):
            order = keys if number % 2 == 0 else keys[::-1]
            for key in order:
                elapsed = run(suites[key], key[1])
                if number >= args.warmup:
                    times[key].append(elapsed)

    median = {key: statistics.median(values) for key, values in times.items()}
    n = args.tests
    delta_n = median[("with", n)] - median[("without", n)]
    delta_1 = median[("with", 1)] - median[("without", 1)]
    per_test = (delta_n - delta_1) / (n - 1)
    print(f"python {sys.version.split()[0]}, {args.rounds} rounds, medians (ms):")
    for key, value in median.items():
        print(f"  {key[0]:>7} lambda_aws, {key[1]:>4} tests: {value:9.1f}  (min {min(times[key]):.1f})")
    print(f"first use (moto and boto3 imported, first mock): {delta_1:.1f} ms")
    print(f"per test with lambda_aws (start, stop, env, a client, one request): {per_test:.2f} ms")
    if args.check and per_test >= TARGET_MS:
        print(f"FAIL: {per_test:.2f} ms per test >= {TARGET_MS:g} ms")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
