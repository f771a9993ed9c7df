"""AWS Step Functions: the error output a Catch passes to the next state (``Error`` and ``Cause``).

https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
"""

from __future__ import annotations

import json
from typing import Any, TypedDict

from pytest_lambda.events._common import Gen, override_error
from pytest_lambda.events._registry import EventSource, register, register_preset

__all__ = [
    "StepFunctionsErrorEvent",
    "stepfunctions_error_event",
]


class StepFunctionsErrorEvent(TypedDict):
    Error: str
    Cause: str


ERROR_SHORTHANDS = ("error", "cause")
# A Python handler's exceptions, as Lambda reports them and Step Functions names the error after them.
_LAMBDA_ERRORS = (
    ("ValueError", "invalid order total: {n}"),
    ("KeyError", "'{word}'"),
    ("RuntimeError", "payment service unavailable ({n})"),
    ("TimeoutError", "upstream call timed out after {n} ms"),
)
# Step Functions' own error names (States.*) carry a plain-text cause.
_STATES_CAUSES = {
    "States.Timeout": "The state timed out.",
    "States.TaskFailed": "The task failed.",
    "States.Permissions": "The execution role is not allowed to run the task.",
    "States.HeartbeatTimeout": "The task did not send a heartbeat in time.",
}


def stepfunctions_error_event(gen: Gen, shorthands: dict[str, Any]) -> StepFunctionsErrorEvent:
    """A caught error as a Catch passes it on: a Lambda task's exception by default, its cause Lambda's
    error payload as a JSON string (errorMessage, errorType, requestId, stackTrace)."""
    kind, template = gen.random.choice(_LAMBDA_ERRORS)
    error = shorthands.get("error", kind)
    if not isinstance(error, str) or not error:
        raise override_error(f"error must be the error's name (an exception type or States.*), got {error!r}")
    if "cause" in shorthands:
        cause = shorthands["cause"]
        if isinstance(cause, (dict, list)):
            cause = json.dumps(cause)
        if not isinstance(cause, str):
            raise override_error(f"cause must be a str or a dict (sent as JSON), got {cause!r}")
        return {"Error": error, "Cause": cause}
    if error.startswith("States."):
        return {"Error": error, "Cause": _STATES_CAUSES.get(error, f"An error of type {error} occurred.")}
    message = template.format(n=gen.integer(100, 9_999), word=gen.pick("word"))
    line = gen.integer(10, 200)
    payload = {
        "errorMessage": message,
        "errorType": error,
        "requestId": gen.uuid(),
        "stackTrace": [
            f'  File "/var/task/app.py", line {line}, in lambda_handler\n    return process(event)\n',
            f'  File "/var/task/app.py", line {line - gen.integer(3, 9)}, in process\n    raise {error}({message!r})\n',
        ],
    }
    return {"Error": error, "Cause": json.dumps(payload)}


register(
    EventSource(
        "stepfunctions_error",
        "A Step Functions error output (Error, Cause), as a Catch passes it to the next state",
        stepfunctions_error_event,  # type: ignore[arg-type]
        ERROR_SHORTHANDS,
        docs="https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html",
    )
)


# `sam local generate-event stepfunctions error`.
register_preset("stepfunctions:error", "stepfunctions_error", "Step Functions: a caught error")
