"""AWS CodeDeploy lifecycle hook events: a Lambda/ECS deployment's BeforeAllowTraffic/AfterAllowTraffic hook.

https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html
(the hook function receives the deployment id and the hook execution id, and reports back with
PutLifecycleEventHookExecutionStatus).
"""

from __future__ import annotations

import json
from typing import Any, TypedDict

from pytest_lambda.events._common import Gen, b64, override_error
from pytest_lambda.events._registry import EventSource, register

__all__ = ["CodeDeployLifecycleHookEvent", "codedeploy_lifecycle_hook_event"]


class CodeDeployLifecycleHookEvent(TypedDict):
    DeploymentId: str
    LifecycleEventHookExecutionId: str


SHORTHANDS = ("deployment_id",)


def _hook_execution_id(gen: Gen) -> str:
    # An opaque token: base64 of a JSON envelope of encrypted data, its IV and the key material serial.
    envelope = {
        "encryptedData": b64(gen.random.randbytes(120)),
        "ivParameterSpec": b64(gen.random.randbytes(12)),
        "materialSetSerial": 1,
    }
    return b64(json.dumps(envelope, separators=(",", ":")))


def codedeploy_lifecycle_hook_event(gen: Gen, shorthands: dict[str, Any]) -> CodeDeployLifecycleHookEvent:
    """The hook's input: which deployment, and which hook execution to report the status of."""
    # Deployment ids are "d-" and nine upper-case letters and digits.
    deployment_id = shorthands.get("deployment_id", "d-" + gen.alnum(9))
    if not isinstance(deployment_id, str) or not deployment_id.startswith("d-"):
        raise override_error(f"deployment_id must look like 'd-A1B2C3D4E', got {deployment_id!r}")
    return {"DeploymentId": deployment_id, "LifecycleEventHookExecutionId": _hook_execution_id(gen)}


register(
    EventSource(
        "codedeploy_lifecycle_hook",
        "An AWS CodeDeploy lifecycle hook (BeforeAllowTraffic, AfterAllowTraffic...) of a Lambda or ECS deployment",
        codedeploy_lifecycle_hook_event,  # type: ignore[arg-type]
        SHORTHANDS,
        docs="https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html",
    )
)
