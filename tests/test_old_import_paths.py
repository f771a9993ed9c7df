"""Modules that moved into ``pytest_lambda.runtime`` are still importable from where they were."""

from __future__ import annotations

import importlib

import pytest

from pytest_lambda import runtime
from pytest_lambda.runtime import config, encoding, logs, policy, report, variables


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("pytest_lambda.function", runtime),
        ("pytest_lambda.logs", logs),
        ("pytest_lambda.report", report),
        ("pytest_lambda.environment", variables),
    ],
)
def test_an_old_path_re_exports_the_same_objects(old: str, new: object) -> None:
    module = importlib.import_module(old)
    assert module.__all__
    for name in module.__all__:
        homes = [new, config, encoding, policy]
        assert any(getattr(module, name) is getattr(home, name, object()) for home in homes), name


def test_the_old_function_module_keeps_its_names() -> None:
    from pytest_lambda.function import (  # noqa: F401 - the import is the test
        ASYNC_PAYLOAD_LIMIT,
        INVOCATION_TYPES,
        SYNC_PAYLOAD_LIMIT,
        Attempt,
        DeadLetter,
        DestinationRecord,
        FunctionInitError,
        InvokeResult,
        LambdaFunction,
        LambdaFunctionFactory,
        RequestTooLargeError,
        invoke,
    )

    assert LambdaFunction is runtime.LambdaFunction
    assert SYNC_PAYLOAD_LIMIT == 6 * 1024 * 1024
