"""Amazon S3 event notifications: sent to Lambda, through an SQS queue, or through EventBridge.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html (the
notification record), https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html
(event types), https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html (the EventBridge form).
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypedDict, cast

from pytest_lambda.events._common import (
    Gen,
    b64,
    deep_merge,
    override_error,
    record_overrides,
    s3_key_encode,
    split_overrides,
)
from pytest_lambda.events._registry import EventSource, register, register_preset
from pytest_lambda.events.eventbridge import EventBridgeEnvelope, envelope
from pytest_lambda.events.sqs import RECORDS_LIMIT as SQS_RECORDS_LIMIT
from pytest_lambda.events.sqs import SQSEvent, queue_name, sqs_record

__all__ = [
    "S3Bucket",
    "S3Entity",
    "S3Event",
    "S3EventBridgeBucket",
    "S3EventBridgeDetail",
    "S3EventBridgeEvent",
    "S3EventBridgeObject",
    "S3EventRecord",
    "S3GlacierEventData",
    "S3IntelligentTieringEventData",
    "S3LifecycleEventData",
    "S3Object",
    "S3OwnerIdentity",
    "S3RequestParameters",
    "S3ResponseElements",
    "S3RestoreEventData",
    "S3TransitionEventData",
    "S3UserIdentity",
    "bucket_name",
    "check_one_of",
    "object_key",
    "s3_event",
    "s3_eventbridge_event",
    "s3_record",
    "s3_sqs_event",
]


# -- the notification record ---------------------------------------------------------------------------


class S3UserIdentity(TypedDict):
    principalId: str


class S3RequestParameters(TypedDict):
    sourceIPAddress: str


S3ResponseElements = TypedDict("S3ResponseElements", {"x-amz-request-id": str, "x-amz-id-2": str})


class S3OwnerIdentity(TypedDict):
    principalId: str


class S3Bucket(TypedDict):
    name: str
    ownerIdentity: S3OwnerIdentity
    arn: str


class _S3ObjectBase(TypedDict):
    key: str


class S3Object(_S3ObjectBase, total=False):
    size: int  # absent from removal events
    eTag: str  # absent from removal events
    versionId: str  # only in versioning-enabled buckets
    sequencer: str


class S3Entity(TypedDict):
    s3SchemaVersion: str
    configurationId: str
    bucket: S3Bucket
    object: S3Object


class S3RestoreEventData(TypedDict):
    lifecycleRestorationExpiryTime: str
    lifecycleRestoreStorageClass: str


class S3GlacierEventData(TypedDict):
    restoreEventData: S3RestoreEventData


class S3TransitionEventData(TypedDict):
    destinationStorageClass: str


class S3LifecycleEventData(TypedDict):
    transitionEventData: S3TransitionEventData


class S3IntelligentTieringEventData(TypedDict):
    destinationAccessTier: str


class _S3EventRecordBase(TypedDict):
    eventVersion: str
    eventSource: Literal["aws:s3"]
    awsRegion: str
    eventTime: str
    eventName: str
    userIdentity: S3UserIdentity
    requestParameters: S3RequestParameters
    responseElements: S3ResponseElements
    s3: S3Entity


class S3EventRecord(_S3EventRecordBase, total=False):
    # "The glacierEventData key is only visible for s3:ObjectRestore:Completed events."
    glacierEventData: S3GlacierEventData
    # Only for S3 Lifecycle transition events (version 2.3).
    lifecycleEventData: S3LifecycleEventData
    # Only for S3 Intelligent-Tiering archive events (version 2.3).
    intelligentTieringEventData: S3IntelligentTieringEventData


class S3Event(TypedDict):
    Records: list[S3EventRecord]


# -- the EventBridge form ------------------------------------------------------------------------------


S3EventBridgeObject = TypedDict(
    "S3EventBridgeObject",
    {"key": str, "size": int, "etag": str, "version-id": str, "sequencer": str},
    total=False,
)


class S3EventBridgeBucket(TypedDict):
    name: str


S3EventBridgeDetail = TypedDict(
    "S3EventBridgeDetail",
    {
        "version": str,
        "bucket": S3EventBridgeBucket,
        "object": S3EventBridgeObject,
        "request-id": str,
        "requester": str,
        # The keys below appear only for the detail types they describe.
        "source-ip-address": str,
        "reason": str,
        "deletion-type": str,
        "restore-expiry-time": str,
        "source-storage-class": str,
        "destination-storage-class": str,
        "destination-access-tier": str,
    },
    total=False,
)


class S3EventBridgeEvent(EventBridgeEnvelope):
    detail: S3EventBridgeDetail


# -- Batch Operations ----------------------------------------------------------------------------------


# -- event types ---------------------------------------------------------------------------------------

Actor = Literal["user", "owner", "s3"]


@dataclass(frozen=True)
class _Kind:
    """What one notification event type carries."""

    version: str  # 2.1 for most; 2.3 for Lifecycle, Intelligent-Tiering, ACL, tagging, restore-delete events
    actor: Actor  # who caused it: an IAM principal, the bucket owner (restores), or S3 itself
    size: bool = True  # object size and eTag (removal events have neither)
    fresh: bool = True  # the sequencer dates from this event (a write) or from the object's last write
    multipart: bool = False
    versioned: bool = False  # only happens in a versioning-enabled bucket
    extra: str = ""  # glacier / lifecycle / tiering event data


EVENT_NAMES: dict[str, _Kind] = {
    "ObjectCreated:Put": _Kind("2.1", "user"),
    "ObjectCreated:Post": _Kind("2.1", "user"),
    "ObjectCreated:Copy": _Kind("2.1", "user"),
    "ObjectCreated:CompleteMultipartUpload": _Kind("2.1", "user", multipart=True),
    "ObjectRemoved:Delete": _Kind("2.1", "user", size=False),
    "ObjectRemoved:DeleteMarkerCreated": _Kind("2.1", "user", size=False, versioned=True),
    "ObjectRestore:Post": _Kind("2.1", "user", fresh=False),
    "ObjectRestore:Completed": _Kind("2.1", "owner", fresh=False, extra="glacier"),
    "ObjectRestore:Delete": _Kind("2.3", "s3", fresh=False),
    "LifecycleExpiration:Delete": _Kind("2.3", "s3", size=False),
    "LifecycleExpiration:DeleteMarkerCreated": _Kind("2.3", "s3", size=False, versioned=True),
    "LifecycleTransition": _Kind("2.3", "s3", fresh=False, extra="lifecycle"),
    "IntelligentTiering": _Kind("2.3", "s3", fresh=False, extra="tiering"),
    "ObjectTagging:Put": _Kind("2.3", "user", fresh=False),
    "ObjectTagging:Delete": _Kind("2.3", "user", fresh=False),
    "ObjectAcl:Put": _Kind("2.3", "user", fresh=False),
}

# Multipart uploads by the AWS CLI and SDK transfer managers use 8 MiB parts; the ETag of the
# completed object is "<md5 of the part md5s>-<part count>".
PART_SIZE = 8 * 1024 * 1024
EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e"  # the ETag of a zero-byte object
_RESTORE_CLASSES = ("GLACIER", "DEEP_ARCHIVE")
_TRANSITION_CLASSES = ("STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE")
_ACCESS_TIERS = ("ARCHIVE_ACCESS", "DEEP_ARCHIVE_ACCESS")
_DAY_MS = 86_400_000
# Bucket naming rules: 3-63 characters, lower-case letters, digits, dots and hyphens.
_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_VERSION_ALPHABET = string.ascii_letters + string.digits + "._"

RECORD_SHORTHANDS = ("bucket", "key", "size", "event_name", "versioned")
SHORTHANDS = ("records", *RECORD_SHORTHANDS)
SQS_SHORTHANDS = ("records", "queue", *RECORD_SHORTHANDS)
EVENTBRIDGE_SHORTHANDS = ("bucket", "key", "size", "detail_type", "reason", "versioned")
# AWS documents no count: the record list is "future proof" and S3 sends one record per notification
# today. Several are allowed here so that handlers' loops can be tested.
RECORDS_LIMIT = 100


def check_one_of(name: str, value: Any, choices: Any) -> str:
    if not isinstance(value, str) or value not in choices:
        raise override_error(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return value


# -- shared values -------------------------------------------------------------------------------------


def bucket_name(gen: Gen, shorthands: Mapping[str, Any]) -> str:
    """The ``bucket`` shorthand (checked against S3's naming rules) or a generated name."""
    if "bucket" not in shorthands:
        words = (gen.pick("word").lower(), gen.pick("word").lower())
        return "-".join("".join(c for c in word if c.isalnum()) or "data" for word in words) + f"-{gen.hex(8)}"
    name = shorthands["bucket"]
    if not isinstance(name, str) or not _BUCKET_NAME.fullmatch(name) or ".." in name:
        raise override_error(f"bucket must be a valid bucket name (3-63 of a-z, 0-9, '.', '-'), got {name!r}")
    return name


def object_key(gen: Gen, shorthands: Mapping[str, Any]) -> str:
    if "key" not in shorthands:
        return gen.key()
    key = shorthands["key"]
    # "The object key name is a sequence of Unicode characters whose UTF-8 encoding is at most 1,024 bytes."
    if not isinstance(key, str) or not key or len(key.encode()) > 1024:
        raise override_error(f"key must be a non-empty str of at most 1024 UTF-8 bytes (unencoded), got {key!r}")
    return key


def _flag(shorthands: Mapping[str, Any], name: str) -> bool | None:
    value = shorthands.get(name)
    if value is not None and not isinstance(value, bool):
        raise override_error(f"{name} must be True or False, got {value!r}")
    return value


def _size(gen: Gen, shorthands: Mapping[str, Any], *, multipart: bool = False) -> int:
    if "size" not in shorthands:
        return gen.integer(PART_SIZE + 1, 2 * 1024**3) if multipart else gen.integer(1, 10_000_000)
    size = shorthands["size"]
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise override_error(f"size must be a number of bytes (an int >= 0), got {size!r}")
    return size


def _etag(gen: Gen, size: int, *, multipart: bool = False) -> str:
    if multipart:
        return f"{gen.hex(32)}-{max(1, -(-size // PART_SIZE))}"
    return EMPTY_MD5 if size == 0 else gen.hex(32)


def _version_id(gen: Gen) -> str:
    return gen.alnum(32, _VERSION_ALPHABET)  # e.g. rHKK9t5p3kcbTA8vLv.bZCnNitDHjIgz


def _sequencer(moment_ms: int, counter: int) -> str:
    # A hexadecimal string that orders events on one key: 18 upper-case digits whose first ten are
    # the event's epoch second (0065C3D184... for 2024-02-07), then a per-second counter.
    return f"00{moment_ms // 1000:08X}{counter % 2**32:08X}"


def _midnight_after(epoch_ms: int) -> int:
    return (epoch_ms // _DAY_MS + 1) * _DAY_MS


@dataclass(frozen=True)
class _Bucket:
    """One bucket's notification configuration: owner and configuration id, shared by its records."""

    owner: str
    configuration_id: str


def _bucket_context(gen: Gen) -> _Bucket:
    # The owner's canonical short id (A1JPP2WW1ZYN4F); the console names a configuration with the
    # base64 of a UUID (MGU5Zjk3MzItMjQ4Yi00MTU0LTk4ZGItNDBjYjU1MzhjMGU3).
    return _Bucket(owner=f"A{gen.alnum(13)}", configuration_id=b64(gen.uuid()))


def _request_ids(gen: Gen) -> S3ResponseElements:
    # The x-amz-request-id and x-amz-id-2 the request's response carried.
    return {"x-amz-request-id": gen.alnum(16), "x-amz-id-2": b64(gen.random.randbytes(56))}


# -- s3: the notification to Lambda --------------------------------------------------------------------


def s3_record(
    gen: Gen,
    overrides: dict[str, Any] | None = None,
    *,
    event_ms: int | None = None,
    counter: int | None = None,
    context: _Bucket | None = None,
) -> S3EventRecord:
    """One notification record; ``overrides`` may use the record shorthands (``key``, ``event_name``...)."""
    short, fields = split_overrides(_RECORD_KEYS, overrides or {}, RECORD_SHORTHANDS, "S3 record")
    event_name = check_one_of("event_name", short.get("event_name", "ObjectCreated:Put"), EVENT_NAMES)
    kind = EVENT_NAMES[event_name]
    versioned = _flag(short, "versioned")
    if kind.versioned and versioned is False:
        raise override_error(f"{event_name} happens only in versioning-enabled buckets: versioned must be True")
    versioned = bool(versioned) or kind.versioned
    if "size" in short and not kind.size:
        raise override_error(f"{event_name} events carry no object size (the object is gone); drop size")
    bucket = bucket_name(gen, short)
    context = context or _bucket_context(gen)
    when = gen.ms_ago() if event_ms is None else event_ms
    written = when if kind.fresh else when - gen.integer(3_600_000, 90 * _DAY_MS)
    s3_object: S3Object = {"key": s3_key_encode(object_key(gen, short))}
    if kind.size:
        size = _size(gen, short, multipart=kind.multipart)
        s3_object["size"] = size
        s3_object["eTag"] = _etag(gen, size, multipart=kind.multipart)
    if versioned:
        s3_object["versionId"] = _version_id(gen)
    s3_object["sequencer"] = _sequencer(written, gen.random.getrandbits(31) if counter is None else counter)
    if kind.actor == "user":
        principal, source_ip = f"AWS:AIDA{gen.alnum(17)}", gen.pick("ipv4")
    elif kind.actor == "owner":
        principal, source_ip = f"AmazonCustomer:{context.owner}", "s3.amazonaws.com"
    else:
        principal = source_ip = "s3.amazonaws.com"
    record: S3EventRecord = {
        "eventVersion": kind.version,
        "eventSource": "aws:s3",
        "awsRegion": gen.region,
        "eventTime": Gen.iso(when),
        "eventName": event_name,
        "userIdentity": {"principalId": principal},
        "requestParameters": {"sourceIPAddress": source_ip},
        "responseElements": _request_ids(gen),
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": context.configuration_id,
            "bucket": {
                "name": bucket,
                "ownerIdentity": {"principalId": context.owner},
                "arn": gen.arn("s3", bucket, region="", account=""),
            },
            "object": s3_object,
        },
    }
    if kind.extra == "glacier":
        # The restored copy lives until midnight UTC after the requested number of days.
        expiry = _midnight_after(when + gen.integer(1, 30) * _DAY_MS)
        record["glacierEventData"] = {
            "restoreEventData": {
                "lifecycleRestorationExpiryTime": Gen.iso(expiry),
                "lifecycleRestoreStorageClass": gen.random.choice(_RESTORE_CLASSES),
            }
        }
    elif kind.extra == "lifecycle":
        record["lifecycleEventData"] = {
            "transitionEventData": {"destinationStorageClass": gen.random.choice(_TRANSITION_CLASSES)}
        }
    elif kind.extra == "tiering":
        record["intelligentTieringEventData"] = {"destinationAccessTier": gen.random.choice(_ACCESS_TIERS)}
    deep_merge(record, fields, "Records[]")  # type: ignore[arg-type]
    bucket_record = record["s3"]["bucket"]
    bucket_record["arn"] = gen.arn("s3", bucket_record["name"], region="", account="")
    return record


_RECORD_KEYS = frozenset(S3EventRecord.__required_keys__ | S3EventRecord.__optional_keys__)


def _records(gen: Gen, shorthands: dict[str, Any], limit: int, source: str) -> list[dict[str, Any]]:
    per_record = {k: v for k, v in shorthands.items() if k in RECORD_SHORTHANDS}
    # One notification configuration: every record of the batch names the same bucket unless overridden.
    per_record["bucket"] = bucket_name(gen, per_record)
    return [{**per_record, **item} for item in record_overrides(shorthands.get("records", 1), limit, source)]


def s3_event(gen: Gen, shorthands: dict[str, Any]) -> S3Event:
    """An S3 event notification as Lambda receives it; sequencers increase along the records."""
    context = _bucket_context(gen)
    items = _records(gen, shorthands, RECORDS_LIMIT, "S3")
    when = gen.ms_ago() - len(items)
    counter = gen.random.getrandbits(30)
    return {
        "Records": [
            s3_record(gen, item, event_ms=when + i, counter=counter + i * 17, context=context)
            for i, item in enumerate(items)
        ]
    }


# -- s3_sqs: the notification delivered to an SQS queue ------------------------------------------------


def s3_sqs_event(gen: Gen, shorthands: dict[str, Any]) -> SQSEvent:
    """SQS messages whose bodies are S3 event notifications (one record each, compact JSON)."""
    if str(shorthands.get("queue", "")).endswith(".fifo"):
        raise override_error("S3 event notifications cannot target FIFO queues; use a standard queue name")
    queue = queue_name(gen, {k: v for k, v in shorthands.items() if k == "queue"})
    context = _bucket_context(gen)
    items = _records(gen, shorthands, SQS_RECORDS_LIMIT, "S3-to-SQS")
    # SQS records a message S3 sends under S3's own principal (an IAM user id, AIDA...).
    sender = f"AIDA{gen.alnum(17)}"
    when = gen.ms_ago(30_000) - len(items)
    counter = gen.random.getrandbits(30)
    records = []
    for i, item in enumerate(items):
        s3_short = {k: v for k, v in item.items() if k in RECORD_SHORTHANDS}
        sqs_fields = {k: v for k, v in item.items() if k not in RECORD_SHORTHANDS}
        record = s3_record(gen, s3_short, event_ms=when + i, counter=counter + i * 17, context=context)
        body = json.dumps({"Records": [record]}, separators=(",", ":"))
        overrides: dict[str, Any] = {"body": body, "queue": queue, "attributes": {"SenderId": sender}}
        deep_merge(overrides, sqs_fields, "Records[]")
        sent = min(when + i + gen.integer(20, 2_000), gen.now_ms)
        records.append(sqs_record(gen, overrides, sent_ms=sent))
    return {"Records": records}


# -- s3_eventbridge: the notification delivered to EventBridge -----------------------------------------


@dataclass(frozen=True)
class _DetailKind:
    reasons: tuple[str, ...] = ()
    size: bool = True  # size and etag
    etag: bool = True
    sequencer: bool = False
    by_s3: bool = False  # requester s3.amazonaws.com, no source IP
    extra: str = ""


DETAIL_TYPES: dict[str, _DetailKind] = {
    "Object Created": _DetailKind(
        ("PutObject", "POST Object", "CopyObject", "CompleteMultipartUpload"), sequencer=True
    ),
    "Object Deleted": _DetailKind(("DeleteObject", "Lifecycle Expiration"), size=False, etag=False, sequencer=True),
    "Object Restore Initiated": _DetailKind(extra="source-storage-class"),
    "Object Restore Completed": _DetailKind(by_s3=True, extra="restore-expiry-time"),
    "Object Restore Expired": _DetailKind(size=False, etag=False, by_s3=True),
    "Object Storage Class Changed": _DetailKind(by_s3=True, extra="destination-storage-class"),
    "Object Access Tier Changed": _DetailKind(by_s3=True, extra="destination-access-tier"),
    "Object Tags Added": _DetailKind(size=False),
    "Object Tags Deleted": _DetailKind(size=False),
    "Object ACL Updated": _DetailKind(size=False),
}


def s3_eventbridge_event(gen: Gen, shorthands: dict[str, Any]) -> S3EventBridgeEvent:
    """An S3 event as EventBridge delivers it (the bucket has EventBridge notifications on)."""
    detail_type = check_one_of("detail_type", shorthands.get("detail_type", "Object Created"), DETAIL_TYPES)
    kind = DETAIL_TYPES[detail_type]
    if "reason" in shorthands and not kind.reasons:
        raise override_error(f"{detail_type!r} events have no reason; only 'Object Created' and 'Object Deleted' do")
    reason = check_one_of("reason", shorthands["reason"], kind.reasons) if "reason" in shorthands else ""
    reason = reason or (kind.reasons[0] if kind.reasons else "")
    if "size" in shorthands and not kind.size:
        raise override_error(f"{detail_type!r} events carry no object size; drop size")
    versioned = bool(_flag(shorthands, "versioned"))
    bucket = bucket_name(gen, shorthands)
    when = gen.ms_ago()
    s3_object: S3EventBridgeObject = {"key": s3_key_encode(object_key(gen, shorthands))}
    if kind.size:
        multipart = reason == "CompleteMultipartUpload"
        size = _size(gen, shorthands, multipart=multipart)
        s3_object["size"] = size
        s3_object["etag"] = _etag(gen, size, multipart=multipart)
    elif kind.etag:
        s3_object["etag"] = gen.hex(32)
    elif detail_type == "Object Deleted" and versioned:
        s3_object["etag"] = EMPTY_MD5  # the delete marker's: an empty object (ev-events.html examples)
    if versioned:
        s3_object["version-id"] = _version_id(gen)
    if kind.sequencer:
        s3_object["sequencer"] = _sequencer(when, gen.random.getrandbits(31))
    by_s3 = kind.by_s3 or reason == "Lifecycle Expiration"
    detail: S3EventBridgeDetail = {
        "version": "0",
        "bucket": {"name": bucket},
        "object": s3_object,
        "request-id": gen.alnum(16),
        # The account that made the request, or s3.amazonaws.com for S3's own actions.
        "requester": "s3.amazonaws.com" if by_s3 else gen.account_id,
    }
    if not by_s3:
        detail["source-ip-address"] = gen.pick("ipv4")
    if reason:
        detail["reason"] = reason
    if detail_type == "Object Deleted":
        # "Delete Marker Created" for a versioned object, "Permanently Deleted" otherwise.
        detail["deletion-type"] = "Delete Marker Created" if versioned else "Permanently Deleted"
    if kind.extra == "source-storage-class":
        detail["source-storage-class"] = gen.random.choice(_RESTORE_CLASSES)
    elif kind.extra == "restore-expiry-time":
        expiry = _midnight_after(when + gen.integer(1, 30) * _DAY_MS)
        detail["restore-expiry-time"] = Gen.iso(expiry, millis=False)
        detail["source-storage-class"] = gen.random.choice(_RESTORE_CLASSES)
    elif kind.extra == "destination-storage-class":
        detail["destination-storage-class"] = gen.random.choice(_TRANSITION_CLASSES)
    elif kind.extra == "destination-access-tier":
        detail["destination-access-tier"] = gen.random.choice(_ACCESS_TIERS)
    # From the bucket owner's account, at the time of the request.
    bucket_arn = gen.arn("s3", bucket, region="", account="")
    event = envelope(gen, source="aws.s3", detail_type=detail_type, detail=detail, resources=[bucket_arn], at_ms=when)
    return cast(S3EventBridgeEvent, event)


# s3 and s3_sqs carry the same notification records.
_NOTIFICATION_DOCS = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html"
_EVENT_NAME_VARIANTS = {"event_name": ", ".join(EVENT_NAMES) + " (default ObjectCreated:Put)"}

register(
    EventSource(
        "s3",
        "An Amazon S3 event notification (object created, removed, restored...) sent to Lambda",
        s3_event,  # type: ignore[arg-type]
        SHORTHANDS,
        records_limit=RECORDS_LIMIT,
        docs=_NOTIFICATION_DOCS,
        variants=_EVENT_NAME_VARIANTS,
    )
)

register(
    EventSource(
        "s3_sqs",
        "Amazon S3 event notifications delivered through an SQS queue",
        s3_sqs_event,  # type: ignore[arg-type]
        SQS_SHORTHANDS,
        records_limit=SQS_RECORDS_LIMIT,
        docs=_NOTIFICATION_DOCS,
        variants=_EVENT_NAME_VARIANTS,
    )
)

register(
    EventSource(
        "s3_eventbridge",
        "An Amazon S3 event delivered by EventBridge (Object Created, Object Deleted...)",
        s3_eventbridge_event,  # type: ignore[arg-type]
        EVENTBRIDGE_SHORTHANDS,
        docs="https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html",
        variants={
            "detail_type": ", ".join(DETAIL_TYPES) + " (default Object Created)",
            "reason": "Object Created: PutObject (default), POST Object, CopyObject, CompleteMultipartUpload; "
            "Object Deleted: DeleteObject (default), Lifecycle Expiration",
        },
    )
)

# `sam local generate-event rekognition s3-request`: the Rekognition blueprint's input is an S3 put.
register_preset(
    "rekognition:s3-request",
    "s3",
    "Amazon Rekognition's blueprint: an object put in S3",
    event_name="ObjectCreated:Put",
)
