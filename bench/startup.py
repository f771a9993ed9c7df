"""Start-up cost of the plugin: ``pytest --collect-only`` on 500 trivial tests, with and without it.

    .venv/bin/python bench/startup.py [--rounds 15] [--warmup 2] [--check]

A suite of FILES x TESTS_PER_FILE trivial tests (which do not use the plugin) is generated in a
temporary directory that has its own empty ``pytest.ini``, so neither this project's pyproject
options nor a parent's ini file are used. Then ``python -m pytest --collect-only -q -p no:cacheprovider``
is timed with the plugin loaded (as installed, through its ``aws_lambda`` entry point) and with
``-p no:aws_lambda``. The runs alternate, and the order within a round flips each round, so slow
drift of the machine affects both sides the same way. The script reports the medians and their
ratio. With ``--check`` it exits 1 when the ratio exceeds the target.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

TARGET_RATIO = 1.05
FILES = 50
TESTS_PER_FILE = 10
PYTEST = ("-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider")
VARIANTS: dict[str, tuple[str, ...]] = {"plugin": (), "no plugin": ("-p", "no:aws_lambda")}
# Variables that would change which plugins load or which options apply.
SCRUBBED = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD", "PYTEST_DEBUG", "PYTHONDONTWRITEBYTECODE")


def write_suite(root: Path, files: int, tests_per_file: int) -> int:
    """Write the trivial suite and an empty ``pytest.ini`` under ``root``; return the number of tests."""
    (root / "pytest.ini").write_text("[pytest]\n")
    for f in range(files):
        body = ["from __future__ import annotations", ""]
        for t in range(tests_per_file):
            body += ["", f"def test_{f:03d}_{t:02d}() -> None:", f"    assert {t} + 1 == {t + 1}", ""]
        (root / f"test_trivial_{f:03d}.py").write_text("\n".join(body))
    return files * tests_per_file


def clean_env() -> dict[str, str]:
    """This process's environment without the variables that change what pytest loads."""
    return {key: value for key, value in os.environ.items() if key not in SCRUBBED}


def timed(cwd: Path, extra: Sequence[str], env: dict[str, str], expected_tests: int) -> float:
    """Wall-clock seconds of one ``pytest --collect-only`` run, after checking it collected everything."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, *PYTEST, *extra], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0 or f"{expected_tests} tests collected" not in result.stdout:
        sys.exit(f"pytest failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return elapsed


def check_plugin_state(cwd: Path, env: dict[str, str]) -> None:
    """Make sure the two variants really differ: the plugin's header line is there only with it."""
    for name, extra in VARIANTS.items():
        # Without -q, so that pytest prints its header.
        header = subprocess.run(
            [sys.executable, "-m", "pytest", "--collect-only", "-p", "no:cacheprovider", *extra],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        loaded = "aws_lambda: function_name=" in header
        if loaded != (name == "plugin"):
            sys.exit(f"variant {name!r}: the plugin is {'' if loaded else 'not '}loaded, which is wrong:\n{header}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=15, help="timed runs of each variant (default: 15)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs of each variant first (default: 2)")
    parser.add_argument("--files", type=int, default=FILES)
    parser.add_argument("--tests-per-file", type=int, default=TESTS_PER_FILE)
    parser.add_argument("--check", action="store_true", help=f"exit 1 when the ratio exceeds {TARGET_RATIO}")
    args = parser.parse_args(argv)

    env = clean_env()
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    with tempfile.TemporaryDirectory(prefix="pytest-lambda-bench-") as tmp:
        root = Path(tmp)
        total = write_suite(root, args.files, args.tests_per_file)
        check_plugin_state(root, env)
        for _ in range(args.warmup):
            for extra in VARIANTS.values():
                timed(root, extra, env, total)
        order = list(VARIANTS)
        for _ in range(args.rounds):
            for name in order:
                times[name].append(timed(root, VARIANTS[name], env, total))
            order.reverse()

    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians["plugin"] / medians["no plugin"]
    print(
        f"pytest --collect-only of {total} tests ({args.files} files x {args.tests_per_file}), "
        f"{args.rounds} interleaved rounds after {args.warmup} warm-up(s)"
    )
    print(f"python {platform.python_version()} on {platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s)")
    print()
    print(f"{'variant':<10} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'stdev ms':>9}")
    for name, values in times.items():
        print(
            f"{name:<10} {medians[name] * 1000:>10.1f} {min(values) * 1000:>8.1f} "
            f"{max(values) * 1000:>8.1f} {statistics.stdev(values) * 1000 if len(values) > 1 else 0.0:>9.1f}"
        )
    print()
    verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
    delta_ms = (medians["plugin"] - medians["no plugin"]) * 1000
    print(f"ratio plugin/no plugin (medians): {ratio:.3f}  ({delta_ms:+.1f} ms; target <= {TARGET_RATIO}) {verdict}")
    return 1 if args.check and ratio > TARGET_RATIO else 0


if __name__ == "__main__":
    sys.exit(main())
