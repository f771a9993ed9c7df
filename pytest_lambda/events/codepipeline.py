"""AWS CodePipeline job events: a pipeline's Invoke action calling a Lambda function.

https://docs.aws.amazon.com/lambda/latest/dg/services-codepipeline.html (example event) and
https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-invoke-lambda-function.html (the job's
fields; the function reports back with PutJobSuccessResult / PutJobFailureResult).
"""

from __future__ import annotations

import json
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import ALNUM, BASE64, UPPER_ALNUM, Gen, b64, override_error
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "CodePipelineActionConfiguration",
    "CodePipelineArtifact",
    "CodePipelineArtifactCredentials",
    "CodePipelineArtifactLocation",
    "CodePipelineConfiguration",
    "CodePipelineEncryptionKey",
    "CodePipelineJob",
    "CodePipelineJobData",
    "CodePipelineJobEvent",
    "CodePipelineS3Location",
    "codepipeline_event",
]


class _CodePipelineConfigurationBase(TypedDict):
    FunctionName: str


class CodePipelineConfiguration(_CodePipelineConfigurationBase, total=False):
    UserParameters: str  # absent when the action sets none


class CodePipelineActionConfiguration(TypedDict):
    configuration: CodePipelineConfiguration


class CodePipelineS3Location(TypedDict):
    bucketName: str
    objectKey: str


class CodePipelineArtifactLocation(TypedDict):
    type: Literal["S3"]
    s3Location: CodePipelineS3Location


class CodePipelineArtifact(TypedDict):
    name: str
    revision: str | None  # the source revision (a commit id); null for output artifacts
    location: CodePipelineArtifactLocation


class CodePipelineArtifactCredentials(TypedDict):
    accessKeyId: str
    secretAccessKey: str
    sessionToken: str
    expirationTime: int  # epoch milliseconds


class CodePipelineEncryptionKey(TypedDict):
    id: str
    type: Literal["KMS"]


class _CodePipelineJobDataBase(TypedDict):
    actionConfiguration: CodePipelineActionConfiguration
    inputArtifacts: list[CodePipelineArtifact]
    outputArtifacts: list[CodePipelineArtifact]
    artifactCredentials: CodePipelineArtifactCredentials


class CodePipelineJobData(_CodePipelineJobDataBase, total=False):
    continuationToken: str  # only when the job continues an earlier one that returned a token
    encryptionKey: CodePipelineEncryptionKey  # only when the artifact store uses a customer KMS key


class CodePipelineJob(TypedDict):
    id: str
    accountId: str
    data: CodePipelineJobData


CodePipelineJobEvent = TypedDict("CodePipelineJobEvent", {"CodePipeline.job": CodePipelineJob})

SHORTHANDS = ("user_parameters", "function_name", "continuation_token", "kms_key")


def _artifact(gen: Gen, bucket: str, pipeline: str, name: str, revision: str | None) -> CodePipelineArtifact:
    # Artifact keys are "<pipeline name, 20 chars>/<artifact name, 10 chars>/<random 7 chars>".
    key = f"{pipeline[:20]}/{name[:10]}/{gen.token(7, ALNUM)}"
    return {
        "name": name,
        "revision": revision,
        "location": {"type": "S3", "s3Location": {"bucketName": bucket, "objectKey": key}},
    }


def codepipeline_event(gen: Gen, shorthands: dict[str, Any]) -> CodePipelineJobEvent:
    """A job for the function: its input artifact, temporary credentials to read it, the UserParameters."""
    pipeline = f"{gen.pick('word')}-{gen.pick('word')}-pipeline"
    function_name = shorthands.get("function_name", f"{pipeline.rsplit('-', 1)[0]}-deploy-check")
    if not isinstance(function_name, str) or not function_name:
        raise override_error(f"function_name must be a non-empty str, got {function_name!r}")
    configuration: CodePipelineConfiguration = {"FunctionName": function_name}
    if "user_parameters" in shorthands:
        params = shorthands["user_parameters"]
        if params is not None:
            # UserParameters is a free string; JSON is the usual convention for structured values.
            configuration["UserParameters"] = params if isinstance(params, str) else json.dumps(params)
    else:
        configuration["UserParameters"] = json.dumps(
            {"environment": gen.random.choice(("staging", "production")), "url": f"https://{gen.pick('domain')}/"}
        )
    # The default artifact store is the bucket "codepipeline-<region>-<12 digits>".
    bucket = f"codepipeline-{gen.region}-{gen.digits(12)}"
    data: CodePipelineJobData = {
        "actionConfiguration": {"configuration": configuration},
        "inputArtifacts": [_artifact(gen, bucket, pipeline, "SourceArtifact", gen.hex(40))],
        "outputArtifacts": [],
        "artifactCredentials": {
            # Temporary (STS) credentials scoped to the artifact bucket.
            "accessKeyId": "ASIA" + gen.token(16, UPPER_ALNUM),
            "secretAccessKey": gen.token(40, BASE64),
            "sessionToken": "IQoJb3JpZ2luX2Vj" + b64(gen.random.randbytes(450)),
            "expirationTime": (gen.now_ms // 1000 + 3600) * 1000,
        },
    }
    if "continuation_token" in shorthands:
        token = shorthands["continuation_token"]
        if not isinstance(token, str) or not token:
            raise override_error(f"continuation_token must be a non-empty str, got {token!r}")
        data["continuationToken"] = token
    kms_key = shorthands.get("kms_key", False)
    if kms_key:
        key_arn = kms_key if isinstance(kms_key, str) else gen.arn("kms", f"key/{gen.uuid()}")
        data["encryptionKey"] = {"id": key_arn, "type": "KMS"}
    return {"CodePipeline.job": {"id": gen.uuid(), "accountId": gen.account_id, "data": data}}


register(
    EventSource(
        "codepipeline",
        "An AWS CodePipeline job for a pipeline's Lambda invoke action",
        codepipeline_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("codepipeline_job",),
        docs="https://docs.aws.amazon.com/lambda/latest/dg/services-codepipeline.html",
    )
)
