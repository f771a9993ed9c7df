"""Moved to ``pytest_lambda.runtime.variables``; this module keeps the old import path working."""

from __future__ import annotations

from pytest_lambda.runtime.variables import (
    DEFAULT_HANDLER,
    INITIALIZATION_TYPES,
    POSIX_ENVIRON,
    RESERVED_VARIABLES,
    EnvironSwap,
    check_initialization_type,
    lambda_environ,
    patched_environ,
    validate_variables,
)

__all__ = [
    "DEFAULT_HANDLER",
    "INITIALIZATION_TYPES",
    "POSIX_ENVIRON",
    "RESERVED_VARIABLES",
    "EnvironSwap",
    "check_initialization_type",
    "lambda_environ",
    "patched_environ",
    "validate_variables",
]
