"""A template function's ``ReservedConcurrentExecutions`` as ``LambdaFunction``'s ``reserved_concurrency``.

AWS::Lambda::Function ReservedConcurrentExecutions (aws-resource-lambda-function.html; SAM passes
``ReservedConcurrentExecutions`` of an AWS::Serverless::Function through): an integer, 0 or more
(API_PutFunctionConcurrency.html).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_lambda.aws.intrinsics import TemplateError
from pytest_lambda.errors import with_docs

PROPERTY = "ReservedConcurrentExecutions"


def reserved_concurrency(logical_id: str, properties: Mapping[str, Any]) -> dict[str, int]:
    """``{"reserved_concurrency": N}`` when the function reserves concurrency, else nothing."""
    if PROPERTY not in properties:
        return {}
    value = properties[PROPERTY]
    # A String parameter's digits: CloudFormation converts text to the integer the property takes.
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TemplateError(
            with_docs(
                f"{logical_id}.Properties.{PROPERTY}={value!r} is not valid: Lambda accepts a whole number of "
                "concurrent executions, 0 or more (0 throttles every invocation)",
                "reserved-concurrency",
            )
        )
    return {"reserved_concurrency": value}
