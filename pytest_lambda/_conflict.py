"""Detecting the unrelated ``pytest-lambda`` distribution, which also ships ``pytest_lambda``."""

from __future__ import annotations

from importlib import metadata

CONFLICTING_DISTRIBUTION = "pytest-lambda"
# Entry-point names under which pytest may load this module: ours, and pytest-lambda's own
# ``lambda = pytest_lambda.plugin`` when its files were overwritten by ours.
OUR_ENTRY_POINT = "aws_lambda"
THEIR_ENTRY_POINT = "lambda"
OTHER_ENTRY_POINT = {OUR_ENTRY_POINT: THEIR_ENTRY_POINT, THEIR_ENTRY_POINT: OUR_ENTRY_POINT}


def conflicting_version() -> str | None:
    """The installed version of ``pytest-lambda``, or ``None`` when it is not installed."""
    try:
        return metadata.version(CONFLICTING_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None


def conflict_message(version: str) -> str:
    """Explain the clash and how to resolve it."""
    return (
        f"pytest-aws-lambda: the unrelated distribution 'pytest-lambda' {version} is installed too. "
        "Both ship an import package named 'pytest_lambda', so one has overwritten the other's files. "
        "Uninstall it and reinstall this plugin: "
        "pip uninstall -y pytest-lambda && pip install --force-reinstall pytest-aws-lambda"
    )
