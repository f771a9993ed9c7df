"""AWS Batch: the payloads of the Lambda blueprints that call Batch, a job id to look up and a job to submit.

``batch-get-job`` carries the job id of https://docs.aws.amazon.com/batch/latest/APIReference/API_DescribeJobs.html,
``batch-submit-job`` the name, queue and definition of https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypedDict

from pytest_lambda.events._common import Gen, override_error, strings, text
from pytest_lambda.events._registry import EventSource, register, register_preset

__all__ = [
    "BatchGetJobEvent",
    "BatchSubmitJobEvent",
    "batch_get_job_event",
    "batch_submit_job_event",
]


class BatchGetJobEvent(TypedDict):
    jobId: str


class _BatchSubmitJobBase(TypedDict):
    jobName: str
    jobQueue: str
    jobDefinition: str


class BatchSubmitJobEvent(_BatchSubmitJobBase, total=False):
    parameters: dict[str, str]  # substituted for Ref:: placeholders in the job definition's command
    containerOverrides: dict[str, Any]


# SubmitJob: "up to 128 letters (uppercase and lowercase), numbers, hyphens, and underscores", alphanumeric first.
_JOB_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
# A queue or definition by name (definition optionally name:revision) or by ARN.
_JOB_QUEUE = re.compile(r"[A-Za-z0-9_-]{1,128}|arn:aws[a-z-]*:batch:[a-z0-9-]+:\d{12}:job-queue/[A-Za-z0-9_-]{1,128}")
_JOB_DEFINITION = re.compile(
    r"[A-Za-z0-9_-]{1,128}(:[1-9]\d*)?|arn:aws[a-z-]*:batch:[a-z0-9-]+:\d{12}:job-definition/[A-Za-z0-9_-]{1,128}:[1-9]\d*"
)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
GET_JOB_SHORTHANDS = ("job_id",)
SUBMIT_JOB_SHORTHANDS = ("job_name", "job_queue", "job_definition", "parameters", "container_overrides")


def batch_get_job_event(gen: Gen, shorthands: dict[str, Any]) -> BatchGetJobEvent:
    """The job whose status the function looks up (DescribeJobs): Batch job ids are UUIDs."""
    job_id = shorthands["job_id"] if "job_id" in shorthands else gen.uuid()
    if not isinstance(job_id, str) or not _UUID.fullmatch(job_id):
        raise override_error(f"job_id must be a Batch job id (a lowercase UUID), got {job_id!r}")
    return {"jobId": job_id}


def batch_submit_job_event(gen: Gen, shorthands: dict[str, Any]) -> BatchSubmitJobEvent:
    """What the function submits (SubmitJob): a job name, the queue and the job definition."""
    word = gen.pick("word")
    event: BatchSubmitJobEvent = {
        "jobName": text(
            shorthands,
            "job_name",
            f"{word}-{gen.hex(8)}",
            _JOB_NAME,
            "1 to 128 letters, digits, '-' and '_', starting with a letter or digit",
        ),
        "jobQueue": text(shorthands, "job_queue", f"{gen.pick('word')}-queue", _JOB_QUEUE, "a job queue's name or ARN"),
        "jobDefinition": text(
            shorthands,
            "job_definition",
            f"{word}-job:{gen.integer(1, 12)}",
            _JOB_DEFINITION,
            "a job definition's name, name:revision or ARN",
        ),
    }
    if "parameters" in shorthands:
        event["parameters"] = strings(shorthands, "parameters")
    if "container_overrides" in shorthands:
        overrides = shorthands["container_overrides"]
        if not isinstance(overrides, Mapping):
            raise override_error(
                f"container_overrides must be a dict (SubmitJob's containerOverrides), got {overrides!r}"
            )
        event["containerOverrides"] = dict(overrides)
    return event


register(
    EventSource(
        "batch_get_job",
        "A function looking up an AWS Batch job (the batch-get-job blueprint's payload)",
        batch_get_job_event,  # type: ignore[arg-type]
        GET_JOB_SHORTHANDS,
        docs="https://docs.aws.amazon.com/batch/latest/APIReference/API_DescribeJobs.html",
    )
)
register(
    EventSource(
        "batch_submit_job",
        "A function submitting an AWS Batch job (the batch-submit-job blueprint's payload)",
        batch_submit_job_event,  # type: ignore[arg-type]
        SUBMIT_JOB_SHORTHANDS,
        docs="https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html",
    )
)


# `sam local generate-event batch <kind>`.
register_preset("batch:get-job", "batch_get_job", "AWS Batch: a job id to look up")
register_preset("batch:submit-job", "batch_submit_job", "AWS Batch: a job to submit")
