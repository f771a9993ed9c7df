"""Amazon SageMaker Ground Truth: the pre-annotation and annotation-consolidation requests of a custom
labeling workflow's Lambda functions.

https://docs.aws.amazon.com/sagemaker/latest/dg/sms-custom-templates-step3-lambda-requirements.html
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, TypedDict

from pytest_lambda.events._common import Gen, override_error, text
from pytest_lambda.events._registry import EventSource, register, register_preset

__all__ = [
    "GroundTruthAnnotationConsolidationEvent",
    "GroundTruthPayload",
    "GroundTruthPreHumanEvent",
    "sagemaker_ground_truth_annotation_consolidation_event",
    "sagemaker_ground_truth_pre_human_event",
]


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


# `sam local generate-event sagemaker <kind>`.
register_preset(
    "sagemaker:ground-truth-pre-human", "sagemaker_ground_truth_pre_human", "Ground Truth: pre-annotation request"
)
register_preset(
    "sagemaker:ground-truth-annotation-consolidation",
    "sagemaker_ground_truth_annotation_consolidation",
    "Ground Truth: annotation consolidation request",
)
