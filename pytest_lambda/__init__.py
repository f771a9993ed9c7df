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

__version__ = "0.1.0"

__all__ = [
    "Client",
    "ClientContext",
    "CognitoIdentity",
    "ConfigurationError",
    "ConflictingDistributionWarning",
    "ContextConfig",
    "EnvironmentVariablesError",
    "LambdaContext",
    "PytestLambdaError",
    "PytestLambdaWarning",
    "__version__",
    "lambda_environ",
    "make_context",
    "patched_environ",
    "validate_variables",
]
