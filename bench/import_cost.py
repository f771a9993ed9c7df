"""Import cost of the plugin, and proof that importing it pulls in none of the heavy optional libraries.

    .venv/bin/python bench/import_cost.py [--runs 7]

Runs ``python -X importtime -c "import pytest_lambda.plugin"`` ``--runs`` times, after one warm-up
run that writes .pyc files. It prints the median self and cumulative import time of every
``pytest_lambda`` module. ``pytest_lambda.plugin``'s cumulative time includes importing pytest
itself, so the script also measures the same import in a process that has already imported pytest.
That is the situation when pytest loads the plugin, and it gives the plugin's own cost.

It exits 1 if the import brought in faker, hypothesis, moto or boto3 (or botocore, freezegun,
time_machine, samtranslator, yaml). The plugin must stay cheap to load for suites that never use those libraries.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections import defaultdict
from collections.abc import Sequence

PACKAGE = "pytest_lambda"
FORBIDDEN = ("faker", "hypothesis", "moto", "boto3")
# Never needed at import time either; samtranslator and yaml read templates (the [templates] extra).
ALSO_FORBIDDEN = ("botocore", "freezegun", "time_machine", "samtranslator", "yaml")
SCENARIOS = {
    "cold": "import pytest_lambda.plugin",
    "after pytest": "import pytest; import pytest_lambda.plugin",
}
# Print what ended up imported, after -X importtime has written its report to stderr.
REPORT_MODULES = "; import sys, json; print(json.dumps(sorted(sys.modules)))"


def clean_env() -> dict[str, str]:
    # .pyc files must be written by the warm-up run, or every run measures compiling.
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_importtime(code: str, env: dict[str, str]) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """{module: (self us, cumulative us)} of one ``-X importtime`` run, and the modules then loaded."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code + REPORT_MODULES],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"{code!r} failed:\n{result.stderr}")
    times: dict[str, tuple[int, int]] = {}
    for line in result.stderr.splitlines():
        # "import time:       471 |      22848 |         _pytest._io.terminalwriter"
        if not line.startswith("import time:") or "imported package" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|", 2)
        times[name.strip()] = (int(self_us), int(cumulative_us))
    modules: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return times, modules


def loaded(modules: Sequence[str], top_level: str) -> bool:
    return any(name == top_level or name.startswith(top_level + ".") for name in modules)


def ms(us: float) -> str:
    return f"{us / 1000:.2f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Import cost of pytest_lambda.plugin.")
    parser.add_argument("--runs", type=int, default=7, help="measured runs per scenario (default: 7)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    env = clean_env()
    bad: set[str] = set()
    summary: dict[str, float] = {}
    for scenario, code in SCENARIOS.items():
        run_importtime(code, env)  # warm-up: writes .pyc files
        self_us: dict[str, list[int]] = defaultdict(list)
        cumulative_us: dict[str, list[int]] = defaultdict(list)
        for _ in range(args.runs):
            times, modules = run_importtime(code, env)
            bad.update(name for name in (*FORBIDDEN, *ALSO_FORBIDDEN) if loaded(modules, name))
            for name, (own, total) in times.items():
                if name == PACKAGE or name.startswith(PACKAGE + "."):
                    self_us[name].append(own)
                    cumulative_us[name].append(total)

        print(f"python -X importtime -c {code!r}  (median of {args.runs} runs)")
        print(f"  {'module':<28}{'self ms':>10}{'cumulative ms':>15}")
        for name in sorted(cumulative_us, key=lambda n: -statistics.median(cumulative_us[n])):
            print(
                f"  {name:<28}{ms(statistics.median(self_us[name])):>10}"
                f"{ms(statistics.median(cumulative_us[name])):>15}"
            )
        # Top-level entries are what this import statement cost in total: the package, and the
        # plugin module with whatever it imported that was not loaded yet (pytest, in the cold case).
        top = [name for name in (PACKAGE, f"{PACKAGE}.plugin") if name in cumulative_us]
        summary[scenario] = sum(statistics.median(cumulative_us[name]) for name in top)
        own_total = sum(statistics.median(values) for values in self_us.values())
        print(f"  {'total (package + plugin)':<28}{ms(own_total):>10}{ms(summary[scenario]):>15}")
        print()

    print(f"import pytest_lambda.plugin, cold (includes importing pytest): {ms(summary['cold'])} ms")
    plugin_ms = ms(summary["after pytest"])
    print(f"import pytest_lambda.plugin, pytest already imported (the plugin's own cost): {plugin_ms} ms")
    for name in (*FORBIDDEN, *ALSO_FORBIDDEN):
        print(f"  {name:<14} {'IMPORTED' if name in bad else 'not imported'}")
    if bad:
        print(f"FAIL: importing the plugin imported {sorted(bad)}")
        return 1
    print("ok: none of " + ", ".join((*FORBIDDEN, *ALSO_FORBIDDEN)) + " was imported")
    return 0


if __name__ == "__main__":
    sys.exit(main())
