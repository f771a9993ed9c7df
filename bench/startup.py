"""Start-up cost of the plugin: ``pytest --collect-only`` on 500 trivial tests, with and without it.

    .venv/bin/python bench/startup.py [--rounds 15] [--warmup 2] [--check [--metric wall|cpu]]

The script writes a suite of ``--files`` x ``--tests-per-file`` trivial tests, none of which use the
plugin, into a temporary directory. That directory has its own empty ``pytest.ini``, so neither this
project's pyproject options nor a parent's ini file apply. It then times
``python -m pytest --collect-only -q -p no:cacheprovider`` twice over: with the plugin loaded (as
installed, through its ``aws_lambda`` entry point) and with ``-p no:aws_lambda``. Before timing, it
checks that the plugin's header line appears only in the first variant.

Runs alternate, and the order inside a round flips every round. Slow drift of the machine therefore
affects both variants alike. Each run records its wall-clock time and the CPU time (user + sys) of the
pytest process. The script reports medians, minimums and the plugin/no-plugin ratio of the medians.
It also reports two views that are less sensitive to noise: the median of the per-round ratios, and
the ratio of the minimums. With ``--instructions`` it also counts the instructions of one run of each
variant under valgrind. On a busy machine that count is the one figure that stays steady from run
to run. With ``--check`` it exits 1 when the chosen ratio exceeds the target: the ratio of the
wall-clock medians by default, or ``--metric cpu`` / ``--metric instructions``.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

if sys.platform != "win32":  # Windows has no resource module: wall-clock times only there
    import resource

TARGET_RATIO = 1.05
FILES = 50
TESTS_PER_FILE = 10
PYTEST = ("-m", "pytest", "--collect-only", "-p", "no:cacheprovider")
VARIANTS: dict[str, tuple[str, ...]] = {"plugin": (), "no plugin": ("-p", "no:aws_lambda")}
# Variables that would change which plugins load or which options apply. PYTHONDONTWRITEBYTECODE
# goes too: without .pyc files every run recompiles the plugin of an editable install (and any
# other module without a cached .pyc), which a normal installation never does.
SCRUBBED = (
    "PYTEST_ADDOPTS",
    "PYTEST_PLUGINS",
    "PYTEST_DISABLE_PLUGIN_AUTOLOAD",
    "PYTEST_DEBUG",
    "PYTHONDONTWRITEBYTECODE",
)
VALGRIND = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null")
HEADER_LINE = "aws_lambda: function_name="


@dataclass
class Sample:
    wall: float
    cpu: float | None


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


def children_cpu() -> float | None:
    """CPU seconds (user + sys) used so far by this process's finished children."""
    if sys.platform == "win32":
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pytest_run(cwd: Path, extra: Sequence[str], env: dict[str, str], quiet: bool = True) -> tuple[str, Sample]:
    """Run pytest once; return its stdout and the time it took, exiting if it did not collect cleanly."""
    cpu_before = children_cpu()
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, *PYTEST, *(["-q"] if quiet else []), *extra],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    cpu_after = children_cpu()
    if result.returncode != 0:
        sys.exit(f"pytest {' '.join(extra)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    return result.stdout, Sample(wall, cpu)


def check_variants(cwd: Path, env: dict[str, str], expected_tests: int) -> None:
    """Make sure both variants collect everything and that only the first one loads the plugin."""
    for name, extra in VARIANTS.items():
        out, _ = pytest_run(cwd, extra, env, quiet=False)  # not quiet: pytest prints its header
        if f"{expected_tests} test{'s' if expected_tests != 1 else ''} collected" not in out:
            sys.exit(f"variant {name!r} did not collect {expected_tests} tests:\n{out}")
        loaded = HEADER_LINE in out
        if loaded != (name == "plugin"):
            sys.exit(f"variant {name!r}: the plugin is {'' if loaded else 'not '}loaded, which is wrong:\n{out}")


def count_instructions(cwd: Path, extra: Sequence[str], env: dict[str, str]) -> int:
    """Instructions executed by one run (and any process it forks), counted by valgrind's cachegrind.

    Unlike times, the count hardly changes from run to run or with the machine's load.
    """
    result = subprocess.run(
        [*VALGRIND, sys.executable, *PYTEST, "-q", *extra],
        cwd=cwd,
        env={**env, "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    counts = re.findall(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if result.returncode != 0 or not counts:
        sys.exit(f"valgrind run failed ({result.returncode}):\n{result.stderr}")
    return sum(int(count.replace(",", "")) for count in counts)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up cost of pytest-aws-lambda (pytest --collect-only).")
    parser.add_argument("--rounds", type=int, default=15, help="timed runs of each variant (default: 15)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs of each variant first (default: 2)")
    parser.add_argument("--files", type=int, default=FILES, help=f"test files (default: {FILES})")
    parser.add_argument("--tests-per-file", type=int, default=TESTS_PER_FILE, help=f"(default: {TESTS_PER_FILE})")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when the ratio exceeds {TARGET_RATIO}")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions of one run of each variant with valgrind (slow: ~20 s per run)",
    )
    parser.add_argument(
        "--metric",
        choices=("wall", "cpu", "instructions"),
        default="wall",
        help="ratio that --check uses (default: wall; instructions implies --instructions)",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.metric == "instructions":
        args.instructions = True
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind on PATH")

    env = clean_env()
    samples: dict[str, list[Sample]] = {name: [] for name in VARIANTS}
    with tempfile.TemporaryDirectory(prefix="pytest-lambda-bench-") as tmp:
        root = Path(tmp)
        total = write_suite(root, args.files, args.tests_per_file)
        check_variants(root, env, total)
        for _ in range(args.warmup):
            for extra in VARIANTS.values():
                pytest_run(root, extra, env)
        order = list(VARIANTS)
        for _ in range(args.rounds):
            for name in order:
                samples[name].append(pytest_run(root, VARIANTS[name], env)[1])
            order.reverse()
        instructions = (
            {name: count_instructions(root, extra, env) for name, extra in VARIANTS.items()}
            if args.instructions
            else {}
        )

    wall = {name: [s.wall for s in values] for name, values in samples.items()}
    cpu = {name: [s.cpu for s in values if s.cpu is not None] for name, values in samples.items()}
    has_cpu = all(len(values) == args.rounds for values in cpu.values())

    print(
        f"pytest --collect-only -q -p no:cacheprovider of {total} tests ({args.files} files x "
        f"{args.tests_per_file}), {args.rounds} interleaved rounds after {args.warmup} warm-up round(s)"
    )
    print(f"Python {platform.python_version()}, {platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s)")
    print()
    columns = ["wall median ms", "wall min ms", "wall stdev ms"] + (["cpu median ms", "cpu min ms"] if has_cpu else [])
    print(f"{'variant':<10}" + "".join(f"{c:>16}" for c in columns))
    for name in VARIANTS:
        row = [
            ms(statistics.median(wall[name])),
            ms(min(wall[name])),
            ms(statistics.stdev(wall[name])) if args.rounds > 1 else "-",
        ]
        if has_cpu:
            row += [ms(statistics.median(cpu[name])), ms(min(cpu[name]))]
        print(f"{name:<10}" + "".join(f"{value:>16}" for value in row))
    print()

    series = {"wall": wall, **({"cpu": cpu} if has_cpu else {})}
    ratios: dict[str, float] = {}
    for metric, values in series.items():
        with_plugin, without = statistics.median(values["plugin"]), statistics.median(values["no plugin"])
        ratios[metric] = ratio = with_plugin / without
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(
            f"ratio plugin/no plugin, {metric} medians: {ratio:.3f} ({(with_plugin - without) * 1000:+.1f} ms), "
            f"target <= {TARGET_RATIO}: {verdict}"
        )
    # Secondary views, less sensitive to noise: each round's own ratio (its two runs ran back to back),
    # and the best runs (what the machine does when nothing else disturbs it).
    for metric, values in series.items():
        paired = statistics.median(a / b for a, b in zip(values["plugin"], values["no plugin"], strict=True))
        best = min(values["plugin"]) / min(values["no plugin"])
        print(f"  {metric}: median of per-round ratios {paired:.3f}, ratio of minimums {best:.3f}")
    if instructions:
        ratios["instructions"] = ratio = instructions["plugin"] / instructions["no plugin"]
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(
            f"ratio plugin/no plugin, instructions (valgrind): {ratio:.4f} "
            f"({instructions['plugin']:,} vs {instructions['no plugin']:,}), target <= {TARGET_RATIO}: {verdict}"
        )
    if args.metric not in ratios:
        print(f"no {args.metric} times on this platform; --check uses wall")
    checked = ratios.get(args.metric, ratios["wall"])
    return 1 if args.check and checked > TARGET_RATIO else 0


if __name__ == "__main__":
    sys.exit(main())
