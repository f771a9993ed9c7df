"""A handler that logs with aws-lambda-powertools' ``Logger.inject_lambda_context``."""

from __future__ import annotations
