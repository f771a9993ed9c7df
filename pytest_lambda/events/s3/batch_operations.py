"""Amazon S3 Batch Operations: a job's task invoking Lambda for one object of its manifest.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/batch-ops-invoke-lambda.html (the invocation
schemas 1.0 and 2.0).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from pytest_lambda.events._common import Gen, b64, override_error, s3_key_encode
from pytest_lambda.events._registry import EventSource, register
from pytest_lambda.events.s3.notifications import bucket_name, check_one_of, object_key

__all__ = ["S3BatchEvent", "S3BatchJob", "S3BatchTask", "s3_batch_event"]


class _S3BatchJobBase(TypedDict):
    id: str


class S3BatchJob(_S3BatchJobBase, total=False):
    userArguments: dict[str, str]  # schema 2.0 only


class _S3BatchTaskBase(TypedDict):
    taskId: str
    s3Key: str
    s3VersionId: str | None


class S3BatchTask(_S3BatchTaskBase, total=False):
    s3BucketArn: str  # schema 1.0
    s3Bucket: str  # schema 2.0


class S3BatchEvent(TypedDict):
    invocationSchemaVersion: str
    invocationId: str
    job: S3BatchJob
    tasks: list[S3BatchTask]


BATCH_SHORTHANDS = ("bucket", "key", "version_id", "user_arguments", "schema_version")
SCHEMA_VERSIONS = ("1.0", "2.0")


def _opaque_id(gen: Gen, size: int) -> str:
    # Invocation and task ids are opaque base64 strings without padding.
    return b64(gen.random.randbytes(size)).rstrip("=")


def s3_batch_event(gen: Gen, shorthands: dict[str, Any]) -> S3BatchEvent:
    """One Batch Operations task: S3 invokes the function synchronously once per manifest object."""
    schema = check_one_of("schema_version", shorthands.get("schema_version", "1.0"), SCHEMA_VERSIONS)
    arguments = shorthands.get("user_arguments", {})
    if not isinstance(arguments, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in arguments.items()
    ):
        raise override_error(f"user_arguments must be a dict of str -> str, got {arguments!r}")
    if arguments and schema == "1.0":
        raise override_error(
            "user_arguments need schema_version='2.0' (UserArguments require InvocationSchemaVersion 2.0)"
        )
    version_id = shorthands.get("version_id")
    if version_id is not None and (not isinstance(version_id, str) or not version_id):
        raise override_error(
            f"version_id must be None (no version in the manifest) or a non-empty str, got {version_id!r}"
        )
    bucket = bucket_name(gen, shorthands)
    job: S3BatchJob = {"id": gen.uuid()}
    task: S3BatchTask = {
        "taskId": _opaque_id(gen, 15),
        # Keys are URL-encoded as in the manifest (handlers unquote_plus them).
        "s3Key": s3_key_encode(object_key(gen, shorthands)),
        "s3VersionId": version_id,
    }
    if schema == "1.0":
        task["s3BucketArn"] = gen.arn("s3", bucket, region="", account="")
    else:
        # Schema 2.0 names the bucket (directory buckets have no plain ARN) and passes UserArguments.
        task["s3Bucket"] = bucket
        job["userArguments"] = dict(arguments)
    return {
        "invocationSchemaVersion": schema,
        "invocationId": _opaque_id(gen, 38),
        "job": job,
        "tasks": [task],
    }


register(
    EventSource(
        "s3_batch",
        "An Amazon S3 Batch Operations task invoking Lambda (schema 1.0 or 2.0)",
        s3_batch_event,  # type: ignore[arg-type]
        BATCH_SHORTHANDS,
        aliases=("s3_batch_operations",),
        docs="https://docs.aws.amazon.com/AmazonS3/latest/userguide/batch-ops-invoke-lambda.html",
        variants={"schema_version": "1.0 (default: s3BucketArn) or 2.0 (s3Bucket, job.userArguments)"},
    )
)
