"""Smaller event sources: AWS Batch job requests, Cognito Sync triggers, SageMaker Ground Truth labeling
functions, Step Functions errors and Amazon WorkMail email flows.

- AWS Batch: the payloads of the Lambda blueprints that call Batch, ``batch-get-job`` (a job id, for
  https://docs.aws.amazon.com/batch/latest/APIReference/API_DescribeJobs.html) and ``batch-submit-job`` (the
  name, queue and definition of https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html).
- Cognito Sync trigger: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-events.html
- Ground Truth: https://docs.aws.amazon.com/sagemaker/latest/dg/sms-custom-templates-step3-lambda-requirements.html
  (the pre-annotation and post-annotation, or annotation consolidation, requests).
- Step Functions: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html (the error
  output a Catch passes on: ``Error`` and ``Cause``).
- WorkMail: https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html (the Run Lambda event data).

``rekognition:s3-request`` (``sam local generate-event rekognition s3-request``) is an S3 put: a preset of ``s3``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Literal, TypedDict

import pytest_lambda.events.s3  # noqa: F401  (registers "s3" before the rekognition preset names it)
from pytest_lambda.events._common import Gen, choice, override_error, pool, text
from pytest_lambda.events._registry import EventSource, register, register_preset

__all__ = [
    "BatchGetJobEvent",
    "BatchSubmitJobEvent",
    "CognitoSyncDatasetRecord",
    "CognitoSyncTriggerEvent",
    "GroundTruthAnnotationConsolidationEvent",
    "GroundTruthPreHumanEvent",
    "StepFunctionsErrorEvent",
    "WorkMailAddress",
    "WorkMailEnvelope",
    "WorkMailEvent",
    "batch_get_job_event",
    "batch_submit_job_event",
    "cognito_sync_trigger_event",
    "sagemaker_ground_truth_annotation_consolidation_event",
    "sagemaker_ground_truth_pre_human_event",
    "stepfunctions_error_event",
    "workmail_event",
]


def _strings(value: Any, name: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise override_error(f"{name} must be a dict of str to str, got {value!r}")
    return dict(value)


# -- AWS Batch ------------------------------------------------------------------------------------------


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
BATCH_GET_JOB_SHORTHANDS = ("job_id",)
BATCH_SUBMIT_JOB_SHORTHANDS = ("job_name", "job_queue", "job_definition", "parameters", "container_overrides")


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
        event["parameters"] = _strings(shorthands["parameters"], "parameters")
    if "container_overrides" in shorthands:
        overrides = shorthands["container_overrides"]
        if not isinstance(overrides, Mapping):
            raise override_error(
                f"container_overrides must be a dict (SubmitJob's containerOverrides), got {overrides!r}"
            )
        event["containerOverrides"] = dict(overrides)
    return event


# -- Cognito Sync -----------------------------------------------------------------------------------------


class CognitoSyncDatasetRecord(TypedDict):
    oldValue: str | None  # null for a key the dataset did not hold
    newValue: str | None  # null when the key is removed
    op: Literal["replace", "remove"]


class CognitoSyncTriggerEvent(TypedDict):
    version: int
    eventType: Literal["SyncTrigger"]
    region: str
    identityPoolId: str
    identityId: str
    datasetName: str
    datasetRecords: dict[str, CognitoSyncDatasetRecord]


COGNITO_SYNC_SHORTHANDS = ("dataset", "dataset_records")
# Dataset names: 1 to 128 characters of [a-zA-Z0-9_.:-].
_DATASET = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_DATASETS = {"gameState": ("level", "score"), "preferences": ("theme", "language"), "profile": ("nickname", "city")}


def _dataset_value(gen: Gen, key: str) -> str:
    """A realistic value for one of the sample datasets' keys (every value in a dataset is a string)."""
    if key == "level":
        return str(gen.integer(1, 60))
    if key == "score":
        return str(gen.integer(0, 99_999))
    if key == "theme":
        return gen.random.choice(("dark", "light", "system"))
    if key == "language":
        return gen.random.choice(("en-US", "fr-FR", "de-DE", "es-ES"))
    if key == "nickname":
        return gen.pick("first_name")
    return gen.pick("city")


def cognito_sync_trigger_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoSyncTriggerEvent:
    """A dataset synchronized by a device: each changed key with its old and new value.

    ``dataset_records`` maps keys to their new value, None for a removed key.
    """
    name = gen.random.choice(tuple(_DATASETS))
    dataset = text(shorthands, "dataset", name, _DATASET, "1 to 128 letters, digits or _.:-")
    records: dict[str, CognitoSyncDatasetRecord] = {}
    if "dataset_records" in shorthands:
        changes = shorthands["dataset_records"]
        if not isinstance(changes, Mapping) or not changes:
            raise override_error(
                f"dataset_records must be a non-empty dict of key to new value (None: removed), got {changes!r}"
            )
        for key, new in changes.items():
            if not isinstance(key, str) or (new is not None and not isinstance(new, str)):
                raise override_error(
                    f"dataset record {key!r} must map a str key to a str (or None: removed), got {new!r}"
                )
            records[key] = {
                "oldValue": gen.pick("word"),
                "newValue": new,
                "op": "remove" if new is None else "replace",
            }
    else:
        for key in _DATASETS.get(dataset, _DATASETS[name]):
            old = new_value = _dataset_value(gen, key)
            while new_value == old:  # a record in the trigger is one that changed
                new_value = _dataset_value(gen, key)
            records[key] = {"oldValue": old, "newValue": new_value, "op": "replace"}
    # Identity ids and pool ids are "<region>:<uuid>".
    return {
        "version": 2,
        "eventType": "SyncTrigger",
        "region": gen.region,
        "identityPoolId": f"{gen.region}:{gen.uuid()}",
        "identityId": f"{gen.region}:{gen.uuid()}",
        "datasetName": dataset,
        "datasetRecords": records,
    }


# -- SageMaker Ground Truth -----------------------------------------------------------------------------


class GroundTruthPreHumanEvent(TypedDict):
    version: str
    labelingJobArn: str
    dataObject: dict[str, Any]  # the input manifest's line: {"source-ref": "s3://..."} or {"source": "text"}


class GroundTruthPayload(TypedDict):
    s3Uri: str  # the consolidation request: every data object's worker annotations


class GroundTruthAnnotationConsolidationEvent(TypedDict):
    version: str
    labelingJobArn: str
    labelCategories: list[str] | None  # null for jobs created in the console
    labelAttributeName: str
    roleArn: str
    payload: GroundTruthPayload


GROUND_TRUTH_VERSION = "2018-10-16"
PRE_HUMAN_SHORTHANDS = ("labeling_job_name", "source_ref", "source")
CONSOLIDATION_SHORTHANDS = ("labeling_job_name", "label_attribute_name", "label_categories", "output_path")
# CreateLabelingJob: LabelingJobName ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}; LabelAttributeName the same, up to 127.
_JOB = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
_LABEL_ATTRIBUTE = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,126}")
_S3_URI = re.compile(r"s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?")
_IMAGE_TYPES = ("jpg", "png")


def _labeling_job(gen: Gen, shorthands: dict[str, Any]) -> tuple[str, str]:
    job = text(
        shorthands,
        "labeling_job_name",
        f"{gen.pick('word')}-labeling-{gen.digits(4)}",
        _JOB,
        "a labeling job's name (1 to 63 letters, digits and '-', no leading or trailing '-')",
    )
    return job, gen.arn("sagemaker", f"labeling-job/{job.lower()}")


def sagemaker_ground_truth_pre_human_event(gen: Gen, shorthands: dict[str, Any]) -> GroundTruthPreHumanEvent:
    """The pre-annotation request for one data object: by default an image in S3 (``source-ref``)."""
    _, arn = _labeling_job(gen, shorthands)
    if "source" in shorthands and "source_ref" in shorthands:
        raise override_error("a data object is either source_ref (an S3 object) or source (inline text), not both")
    data_object: dict[str, Any]
    if "source" in shorthands:
        source = shorthands["source"]
        if not isinstance(source, str):
            raise override_error(f"source must be the data object's text, got {source!r}")
        data_object = {"source": source}
    else:
        bucket = f"{gen.pick('word')}-ground-truth-input-{gen.account_id}"
        default = f"s3://{bucket}/images/{gen.hex(12)}.{gen.random.choice(_IMAGE_TYPES)}"
        ref = text(shorthands, "source_ref", default, _S3_URI, "an S3 URI (s3://bucket/key)")
        data_object = {"source-ref": ref}
    return {"version": GROUND_TRUTH_VERSION, "labelingJobArn": arn, "dataObject": data_object}


def sagemaker_ground_truth_annotation_consolidation_event(
    gen: Gen, shorthands: dict[str, Any]
) -> GroundTruthAnnotationConsolidationEvent:
    """The post-annotation request: where Ground Truth wrote this iteration's worker responses."""
    job, arn = _labeling_job(gen, shorthands)
    # The label attribute name defaults to the job's name.
    attribute = text(shorthands, "label_attribute_name", job, _LABEL_ATTRIBUTE, "1 to 127 letters, digits and '-'")
    categories: Any = shorthands.get("label_categories", ["cat", "dog", "bird"][: gen.integer(2, 3)])
    if categories is not None and (not isinstance(categories, list) or not all(isinstance(c, str) for c in categories)):
        raise override_error(
            f"label_categories must be a list of str (or None, as for console-created jobs), got {categories!r}"
        )
    default_output = f"s3://{gen.pick('word')}-labeling-output-{gen.account_id}/output"
    output = text(shorthands, "output_path", default_output, _S3_URI, "an S3 URI (s3://bucket/prefix)").rstrip("/")
    started = datetime.fromtimestamp(gen.ms_ago(60_000) / 1000, tz=timezone.utc)
    created = datetime.fromtimestamp(gen.ms_ago(86_400_000) / 1000, tz=timezone.utc)
    # Ground Truth's output layout: <output>/<job>/annotations/consolidated-annotation/consolidation-request/
    # iteration-<n>/<timestamp>.json holds the workers' answers the function consolidates.
    uri = (
        f"{output}/{job}/annotations/consolidated-annotation/consolidation-request/"
        f"iteration-{gen.integer(1, 3)}/{started:%Y-%m-%d_%H:%M:%S}.json"
    )
    return {
        "version": GROUND_TRUTH_VERSION,
        "labelingJobArn": arn,
        "labelCategories": None if categories is None else list(categories),
        "labelAttributeName": attribute,
        # The job's execution role, as the SageMaker console names the ones it creates.
        "roleArn": gen.arn(
            "iam", f"role/service-role/AmazonSageMaker-ExecutionRole-{created:%Y%m%dT%H%M%S}", region=""
        ),
        "payload": {"s3Uri": uri},
    }


# -- Step Functions ---------------------------------------------------------------------------------------


class StepFunctionsErrorEvent(TypedDict):
    Error: str
    Cause: str


STEPFUNCTIONS_ERROR_SHORTHANDS = ("error", "cause")
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


# -- WorkMail ---------------------------------------------------------------------------------------------


class WorkMailAddress(TypedDict):
    address: str


class WorkMailEnvelope(TypedDict):
    mailFrom: WorkMailAddress  # the SMTP MAIL FROM
    recipients: list[WorkMailAddress]  # the SMTP RCPT TO


class WorkMailEvent(TypedDict):
    summaryVersion: str
    envelope: WorkMailEnvelope
    sender: WorkMailAddress  # the From header
    subject: str  # the first 256 characters
    messageId: str  # for workmailmessageflow GetRawMessageContent
    invocationId: str  # the same on a retry of the invocation
    flowDirection: Literal["INBOUND", "OUTBOUND"]
    truncated: bool  # whether a field was cut to its size limit


FLOW_DIRECTIONS = ("INBOUND", "OUTBOUND")
WORKMAIL_SHORTHANDS = ("flow_direction", "mail_from", "sender", "recipients", "subject")
SUBJECT_LIMIT = 256
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _address(value: Any, name: str) -> str:
    if not isinstance(value, str) or not _EMAIL.fullmatch(value):
        raise override_error(f"{name} must be an email address, got {value!r}")
    return value


def workmail_event(gen: Gen, shorthands: dict[str, Any]) -> WorkMailEvent:
    """An email matching a Run Lambda flow rule: inbound mail comes from outside the organization to its
    members, outbound mail from a member to outside addresses."""
    direction = choice(shorthands, "flow_direction", FLOW_DIRECTIONS, "INBOUND")
    organization = gen.pick("domain")

    def member() -> str:
        return f"{gen.pick('first_name').lower()}.{gen.pick('last_name').lower()}@{organization}"

    outsiders = [address for address in pool("email") if not address.endswith("@" + organization)]

    def outsider() -> str:
        return outsiders[gen.random.randrange(len(outsiders))]

    sender = member() if direction == "OUTBOUND" else outsider()
    # The envelope sender and the From header agree unless one is set apart from the other.
    if "sender" in shorthands:
        sender = _address(shorthands["sender"], "sender")
    mail_from = _address(shorthands.get("mail_from", sender), "mail_from")
    if "sender" not in shorthands and "mail_from" in shorthands:
        sender = mail_from
    if "recipients" in shorthands:
        given = shorthands["recipients"]
        if not isinstance(given, list) or not given:
            raise override_error(f"recipients must be a non-empty list of email addresses, got {given!r}")
        recipients = [_address(r, "each recipient") for r in given]
    else:
        draw = member if direction == "INBOUND" else outsider
        # One RCPT TO per address: a name drawn twice is one recipient.
        recipients = list(dict.fromkeys(draw() for _ in range(gen.integer(1, 3))))
    subject = shorthands.get("subject", gen.pick("sentence").rstrip("."))
    if not isinstance(subject, str):
        raise override_error(f"subject must be a str, got {subject!r}")
    return {
        "summaryVersion": "2019-07-28",
        "envelope": {"mailFrom": {"address": mail_from}, "recipients": [{"address": r} for r in recipients]},
        "sender": {"address": sender},
        "subject": subject[:SUBJECT_LIMIT],
        "messageId": gen.uuid(),
        "invocationId": gen.hex(32),
        "flowDirection": direction,  # type: ignore[typeddict-item]
        "truncated": len(subject) > SUBJECT_LIMIT,
    }


# -- registration -----------------------------------------------------------------------------------------

register(
    EventSource(
        "batch_get_job",
        "A function looking up an AWS Batch job (the batch-get-job blueprint's payload)",
        batch_get_job_event,  # type: ignore[arg-type]
        BATCH_GET_JOB_SHORTHANDS,
        docs="https://docs.aws.amazon.com/batch/latest/APIReference/API_DescribeJobs.html",
    )
)
register(
    EventSource(
        "batch_submit_job",
        "A function submitting an AWS Batch job (the batch-submit-job blueprint's payload)",
        batch_submit_job_event,  # type: ignore[arg-type]
        BATCH_SUBMIT_JOB_SHORTHANDS,
        docs="https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html",
    )
)
register(
    EventSource(
        "cognito_sync_trigger",
        "An Amazon Cognito Sync trigger: a dataset synchronized",
        cognito_sync_trigger_event,  # type: ignore[arg-type]
        COGNITO_SYNC_SHORTHANDS,
        docs="https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-events.html",
    )
)
register(
    EventSource(
        "sagemaker_ground_truth_pre_human",
        "A SageMaker Ground Truth pre-annotation request for one data object",
        sagemaker_ground_truth_pre_human_event,  # type: ignore[arg-type]
        PRE_HUMAN_SHORTHANDS,
        docs="https://docs.aws.amazon.com/sagemaker/latest/dg/sms-custom-templates-step3-lambda-requirements.html",
    )
)
register(
    EventSource(
        "sagemaker_ground_truth_annotation_consolidation",
        "A SageMaker Ground Truth post-annotation (annotation consolidation) request",
        sagemaker_ground_truth_annotation_consolidation_event,  # type: ignore[arg-type]
        CONSOLIDATION_SHORTHANDS,
        docs="https://docs.aws.amazon.com/sagemaker/latest/dg/sms-custom-templates-step3-lambda-requirements.html",
    )
)
register(
    EventSource(
        "stepfunctions_error",
        "A Step Functions error output (Error, Cause), as a Catch passes it to the next state",
        stepfunctions_error_event,  # type: ignore[arg-type]
        STEPFUNCTIONS_ERROR_SHORTHANDS,
        docs="https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html",
    )
)
register(
    EventSource(
        "workmail",
        "An Amazon WorkMail Run Lambda email flow rule's event",
        workmail_event,  # type: ignore[arg-type]
        WORKMAIL_SHORTHANDS,
        docs="https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html",
        variants={"flow_direction": " | ".join(FLOW_DIRECTIONS)},
    )
)

# `sam local generate-event <service> <kind>`.
register_preset("batch:get-job", "batch_get_job", "AWS Batch: a job id to look up")
register_preset("batch:submit-job", "batch_submit_job", "AWS Batch: a job to submit")
register_preset("cognito:sync-trigger", "cognito_sync_trigger", "Amazon Cognito Sync: a dataset synchronized")
register_preset(
    "sagemaker:ground-truth-pre-human", "sagemaker_ground_truth_pre_human", "Ground Truth: pre-annotation request"
)
register_preset(
    "sagemaker:ground-truth-annotation-consolidation",
    "sagemaker_ground_truth_annotation_consolidation",
    "Ground Truth: annotation consolidation request",
)
register_preset("stepfunctions:error", "stepfunctions_error", "Step Functions: a caught error")
register_preset("workmail:email", "workmail", "Amazon WorkMail: an inbound email", flow_direction="INBOUND")
register_preset(
    "rekognition:s3-request",
    "s3",
    "Amazon Rekognition's blueprint: an object put in S3",
    event_name="ObjectCreated:Put",
)
