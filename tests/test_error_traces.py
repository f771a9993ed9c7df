"""Stack traces as the runtime formats them (no carets, no harness frames), and what else the runtime tolerates."""

from __future__ import annotations

from typing import Any

from pytest_lambda import LambdaFunction
from pytest_lambda.runtime.faults import stack_trace


def sub_expression(event: Any, context: Any) -> Any:
    return event["missing_key"] + 1


def test_frames_have_no_caret_lines_and_start_at_the_handler() -> None:
    result = LambdaFunction(sub_expression).invoke({})
    assert result.error is not None
    (frame,) = result.error["stackTrace"]
    assert frame.startswith(f'  File "{__file__}", line ')
    assert frame.endswith(', in sub_expression\n    return event["missing_key"] + 1\n')
    assert "^" not in "".join(result.logs)


def test_a_handler_that_cannot_be_called_shows_the_runtimes_call() -> None:
    def one_argument(event: Any) -> Any:
        return event

    result = LambdaFunction(one_argument).invoke({})
    assert result.error is not None
    assert result.error["errorType"] == "TypeError"
    # awslambdaric 4.2.2 bootstrap.handle_event_request keeps its own frame when there is no other.
    assert result.error["stackTrace"] == [
        '  File "/var/runtime/awslambdaric/bootstrap.py", line 178, in handle_event_request\n'
        "    response = request_handler(event, lambda_context)\n"
    ]


def test_an_exception_never_raised_has_no_frames() -> None:
    assert stack_trace(ValueError("never raised")) == []


def test_identity_keys_other_than_the_two_the_runtime_reads_are_ignored() -> None:
    def handler(event: Any, context: Any) -> Any:
        return [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id]

    identity = {"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1", "cognitoIdentityProvider": "idp"}
    assert LambdaFunction(handler).invoke({}, identity=identity).payload == ["id-1", "pool-1"]
