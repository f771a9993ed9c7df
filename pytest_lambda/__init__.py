"""Test AWS Lambda handlers locally: a faithful context, the function's environment, and pytest fixtures."""

from __future__ import annotations

from pytest_lambda.context import (
    Client,
    ClientContext,
    CognitoIdentity,
    ContextConfig,
    LambdaContext,
    make_context,
)
from pytest_lambda.environment import lambda_environ, patched_environ, validate_variables
from pytest_lambda.errors import (
    ConfigurationError,
    ConflictingDistributionWarning,
    EnvironmentVariablesError,
    PytestLambdaError,
    PytestLambdaWarning,
)
from pytest_lambda.function import (
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
from pytest_lambda.report import Report

__version__ = "0.1.0"

__all__ = [
    "Attempt",
    "Client",
    "ClientContext",
    "CognitoIdentity",
    "ConfigurationError",
    "ConflictingDistributionWarning",
    "ContextConfig",
    "DeadLetter",
    "DestinationRecord",
    "EnvironmentVariablesError",
    "FunctionInitError",
    "InvokeResult",
    "LambdaContext",
    "LambdaFunction",
    "LambdaFunctionFactory",
    "PytestLambdaError",
    "PytestLambdaWarning",
    "Report",
    "RequestTooLargeError",
    "__version__",
    "invoke",
    "lambda_environ",
    "make_context",
    "patched_environ",
    "validate_variables",
]
