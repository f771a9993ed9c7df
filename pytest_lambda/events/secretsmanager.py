"""AWS Secrets Manager rotation events: one step of a secret's rotation by a Lambda function.

https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda.html (the request:
Step, SecretId, ClientRequestToken, RotationToken) and
https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html (the steps).
"""

from __future__ import annotations

import string
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import Gen, override_error
from pytest_lambda.events._registry import EventSource, register

__all__ = ["SecretsManagerRotationEvent", "secret_arn", "secretsmanager_rotation_event"]

Step = Literal["createSecret", "setSecret", "testSecret", "finishSecret"]


class SecretsManagerRotationEvent(TypedDict):
    Step: Step
    SecretId: str  # the secret's ARN
    ClientRequestToken: str  # the id of the new secret version (AWSPENDING)
    RotationToken: str


STEPS: tuple[Step, ...] = ("createSecret", "setSecret", "testSecret", "finishSecret")
SHORTHANDS = ("step", "secret_name")
VARIANTS = {"step": " | ".join(STEPS)}


def secret_arn(gen: Gen, name: str) -> str:
    """A secret's ARN: its name and a hyphen, then six random characters Secrets Manager appends."""
    return gen.arn("secretsmanager", f"secret:{name}-{gen.alnum(6, string.ascii_letters + string.digits)}")


def secretsmanager_rotation_event(gen: Gen, shorthands: dict[str, Any]) -> SecretsManagerRotationEvent:
    """One rotation ``step`` (createSecret, setSecret, testSecret or finishSecret) of ``secret_name``."""
    step = shorthands.get("step", "createSecret")
    if step not in STEPS:
        raise override_error(f"step={step!r} is not valid; choose one of: {', '.join(map(repr, STEPS))}")
    name = shorthands.get("secret_name", f"prod/{gen.pick('word')}/db-credentials")
    if not isinstance(name, str) or not name:
        raise override_error(f"secret_name must be a non-empty str, got {name!r}")
    return {
        "Step": step,
        "SecretId": secret_arn(gen, name),
        "ClientRequestToken": gen.uuid(),
        "RotationToken": gen.uuid(),
    }


register(
    EventSource(
        "secretsmanager_rotation",
        "An AWS Secrets Manager rotation step for a rotation function",
        secretsmanager_rotation_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("secrets_manager_rotation",),
        docs="https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda.html",
        variants=VARIANTS,
    )
)
