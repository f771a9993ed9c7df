"""Every Python example in the README runs and passes as a test file."""

from __future__ import annotations

import re
from pathlib import Path

import boto3  # noqa: F401
import moto  # noqa: F401
import pytest

# boto3 and moto are loaded before any in-process run, as in tests/aws/conftest.py: a run drops the
# modules it imported, and moto keeps routing only the botocore it saw at its import.
README = Path(__file__).parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("source", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
@pytest.mark.usefixtures("still_clock")  # the in-process run reads it: countdowns do not depend on the run's speed
def test_readme_example_passes(pytester: pytest.Pytester, source: str) -> None:
    pytester.makepyfile(source)
    # aws-xray-sdk decides at its first import whether it runs in Lambda, and its recorder's socket
    # lives as long as the module: a process of its own, not an in-process run that drops the module.
    result = pytester.runpytest_subprocess() if "aws_xray_sdk" in source else pytester.runpytest()
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 1, result.stdout.str()
    result.assert_outcomes(passed=outcomes["passed"])
