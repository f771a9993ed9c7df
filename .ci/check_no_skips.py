"""Fail if a pytest run skipped a test: on a clean checkout the whole suite runs (test data is vendored).

Usage: python .ci/check_no_skips.py JUNIT_XML... (written by ``pytest --junitxml``). xfails are not skips.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

# Skips the README's Development section gives a reason for: awslambdaric (the fidelity test) is Linux-only.
STATED = () if sys.platform == "linux" else ("awslambdaric is not installed",)


def skips(report: str) -> list[str]:
    found = []
    for case in ET.parse(report).iter("testcase"):
        for skipped in case.iter("skipped"):
            message = skipped.get("message") or ""
            if skipped.get("type") != "pytest.xfail" and not any(reason in message for reason in STATED):
                found.append(f"{case.get('classname')}::{case.get('name')}: {message}")
    return found


def main(reports: list[str]) -> int:
    found = [line for report in reports for line in skips(report)]
    for line in found:
        print(f"skipped: {line}")
    if found:
        print(f"{len(found)} tests skipped; a clean checkout must run them all (or the README must say why)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
