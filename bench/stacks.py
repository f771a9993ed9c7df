"""Cost of ``Stack.from_template``: the first stack in a process, and each later one.

    .venv/bin/python bench/stacks.py [--stacks 20] [--rounds 3]

For each template of ``tests/data/templates`` (SAM, plain CloudFormation, CDK, and the SAM one with
event source mappings), a fresh Python process starts moto (``mocked_aws``), then times:

- first: the first ``Stack.from_template`` in the process: importing moto's CloudFormation (every
  moto backend it knows), aws-sam-translator and PyYAML, parsing and translating the template, and
  ``create_stack``;
- later: the median of ``--stacks`` further stacks of the same template (new stack names, the
  translation cached), each in a fresh moto mock as the ``lambda_stack`` fixture makes one per test.
  A template with event source mappings also builds their functions and pollers here; invoking a
  function is not included (the harness's own costs are ``harness.py``'s).

Medians over ``--rounds`` processes, wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "tests" / "data" / "templates"
RUNNING = f"python{sys.version_info.major}.{sys.version_info.minor}"
CASES = {
    "SAM": (TEMPLATES / "sam" / "template.yaml", {"PythonRuntime": RUNNING}, {}),
    "CloudFormation": (TEMPLATES / "cfn" / "template.yaml", {"PythonRuntime": RUNNING}, {"network-VpcId": "vpc-1"}),
    "CDK": (TEMPLATES / "cdk" / "cdk.out" / "OrdersStack.template.json", {}, {}),
    "SAM with mappings": (TEMPLATES / "wiring" / "template.yaml", {"PythonRuntime": RUNNING}, {}),
}
CHILD = """
import json, statistics, sys, time, warnings
warnings.simplefilter("ignore")
from pytest_lambda.aws import Stack, mocked_aws
path, parameters, imports, stacks = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4])
with mocked_aws():
    started = time.perf_counter()
    Stack.from_template(path, parameters=parameters, imports=imports, stack_name="first")
    first = time.perf_counter() - started
later = []
for i in range(stacks):
    with mocked_aws():
        started = time.perf_counter()
        Stack.from_template(path, parameters=parameters, imports=imports, stack_name=f"later{i}")
        later.append(time.perf_counter() - started)
print(json.dumps([first, statistics.median(later)]))
"""


def measure(path: Path, parameters: dict[str, str], imports: dict[str, str], stacks: int) -> tuple[float, float]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), json.dumps(parameters), json.dumps(imports), str(stacks)],
        capture_output=True,
        text=True,
        check=True,
    )
    first, later = json.loads(result.stdout.strip().splitlines()[-1])
    return float(first), float(later)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Cost of Stack.from_template.")
    parser.add_argument("--stacks", type=int, default=20, help="later stacks per process (default: 20)")
    parser.add_argument("--rounds", type=int, default=3, help="processes per template (default: 3)")
    args = parser.parse_args(argv)
    if args.stacks < 1 or args.rounds < 1:
        parser.error("--stacks and --rounds must be at least 1")
    print(f"{'template':<20} {'first stack (ms)':>17} {'each later (ms)':>16}")
    for name, (path, parameters, imports) in CASES.items():
        runs = [measure(path, parameters, imports, args.stacks) for _ in range(args.rounds)]
        first = statistics.median(run[0] for run in runs) * 1000
        later = statistics.median(run[1] for run in runs) * 1000
        print(f"{name:<20} {first:>17.0f} {later:>16.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
