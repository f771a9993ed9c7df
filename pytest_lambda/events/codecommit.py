"""AWS CodeCommit trigger events: a push to a repository invoking a Lambda function.

https://docs.aws.amazon.com/lambda/latest/dg/services-codecommit.html (example event) and
https://docs.aws.amazon.com/codecommit/latest/userguide/how-to-notify-lambda.html (triggers, custom data).
"""

from __future__ import annotations

import time
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import Gen, choice, text
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "CodeCommitData",
    "CodeCommitEvent",
    "CodeCommitRecord",
    "CodeCommitReference",
    "codecommit_event",
    "commit_time",
]


class _CodeCommitReferenceBase(TypedDict):
    commit: str
    ref: str


class CodeCommitReference(_CodeCommitReferenceBase, total=False):
    created: bool  # only on the push that creates the branch or tag


class CodeCommitData(TypedDict):
    references: list[CodeCommitReference]


class _CodeCommitRecordBase(TypedDict):
    awsRegion: str
    codecommit: CodeCommitData
    eventId: str
    eventName: str
    eventPartNumber: int
    eventSource: Literal["aws:codecommit"]
    eventSourceARN: str
    eventTime: str
    eventTotalParts: int
    eventTriggerConfigId: str
    eventTriggerName: str
    eventVersion: str
    userIdentityARN: str


class CodeCommitRecord(_CodeCommitRecordBase, total=False):
    customData: str  # the trigger's custom data, when it has some


class CodeCommitEvent(TypedDict):
    Records: list[CodeCommitRecord]


EVENT_NAMES = ("ReferenceChanges", "TriggerEventTest")  # a push, or the console's "Test trigger"
CHANGES = ("update", "create")
SHORTHANDS = ("repository", "branch", "commit", "change", "event_name", "trigger_name", "custom_data")
VARIANTS = {"change": " | ".join(CHANGES), "event_name": " | ".join(EVENT_NAMES)}


def commit_time(epoch_ms: int) -> str:
    """CodeCommit's event time: ``2019-03-12T20:58:25.400+0000``."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch_ms // 1000)) + f".{epoch_ms % 1000:03d}+0000"


def codecommit_event(gen: Gen, shorthands: dict[str, Any]) -> CodeCommitEvent:
    """One push (``branch``, ``commit``) to ``repository``, as the repository's trigger delivers it."""
    repository = text(shorthands, "repository", f"{gen.pick('word')}-{gen.pick('word')}-service")
    branch = text(shorthands, "branch", "main")
    commit = text(shorthands, "commit", gen.hex(40))
    change = choice(shorthands, "change", CHANGES, "update")
    event_name = choice(shorthands, "event_name", EVENT_NAMES, "ReferenceChanges")
    trigger = text(shorthands, "trigger_name", f"{repository}-trigger")
    # A branch name or a full ref ("refs/tags/v1.2.0") are both accepted.
    reference: CodeCommitReference = {
        "commit": commit,
        "ref": branch if branch.startswith("refs/") else f"refs/heads/{branch}",
    }
    if change == "create":
        reference["created"] = True
    user = f"{gen.pick('first_name').lower()}.{gen.pick('last_name').lower()}"
    record: CodeCommitRecord = {
        "awsRegion": gen.region,
        "codecommit": {"references": [reference]},
        "eventId": gen.uuid(),
        "eventName": event_name,
        "eventPartNumber": 1,  # large pushes are split into parts; one part holds everything here
        "eventSource": "aws:codecommit",
        "eventSourceARN": gen.arn("codecommit", repository),
        "eventTime": commit_time(gen.ms_ago(2_000)),
        "eventTotalParts": 1,
        "eventTriggerConfigId": gen.uuid(),
        "eventTriggerName": trigger,
        "eventVersion": "1.0",
        "userIdentityARN": gen.arn("iam", f"user/{user}", region=""),  # IAM ARNs carry no region
    }
    if "custom_data" in shorthands:
        record["customData"] = text(shorthands, "custom_data", "")
    return {"Records": [record]}


register(
    EventSource(
        "codecommit",
        "An AWS CodeCommit repository trigger (a push to a branch or tag)",
        codecommit_event,  # type: ignore[arg-type]
        SHORTHANDS,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/services-codecommit.html",
        variants=VARIANTS,
    )
)
