"""S3 notification events for objects that exist in moto: real size, ETag, version id and write time.

The record shape is ``make_event("s3")``'s (``pytest_lambda.events.s3``); the object's fields come
from ``HeadObject`` (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html:
``eTag`` without quotes, ``versionId`` only in versioning-enabled buckets, ``sequencer`` a hex
string that orders the events of one key).
"""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pytest_lambda.aws._moto import MOTO_DEFAULT_ACCOUNT, AWSResourceNotFoundError, require_moto
from pytest_lambda.errors import ConfigurationError, with_docs

if TYPE_CHECKING:
    from pytest_lambda.events.s3 import S3Event

__all__ = ["s3_object_event"]

# Increases with every event built in this process, so later writes get greater sequencers even
# within one second (S3 compares sequencers of one key as hex strings of equal length).
_COUNTER = itertools.count(1)


def _sequencer(written: datetime) -> str:
    # The events module's form: 00 + 8 hex digits of the epoch second + an 8-hex-digit counter.
    return f"00{int(written.timestamp()):08X}{next(_COUNTER) % 2**32:08X}"


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _error_code(exc: Exception) -> str:
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def s3_object_event(
    bucket: str,
    key: str,
    /,
    *,
    event_name: str = "ObjectCreated:Put",
    version_id: str | None = None,
    client: Any = None,
    region: str | None = None,
    account_id: str = MOTO_DEFAULT_ACCOUNT,
    seed: int = 0,
    **overrides: Any,
) -> S3Event:
    """The S3 notification Lambda receives for ``key`` in ``bucket``, read from moto.

    Creation, restore, tagging and ACL events need the object (or its version ``version_id``) to
    exist and carry its size, ETag and write time; removal events need the bucket only, and
    ``*:DeleteMarkerCreated`` the delete marker now on top of ``key``. ``client`` is a boto3 S3
    client (default: one in ``region``); other keywords are ``make_event("s3")`` overrides of the
    record, such as ``eventTime`` or ``userIdentity``.
    """
    require_moto()
    from pytest_lambda.events.s3 import EVENT_NAMES

    if event_name not in EVENT_NAMES:
        raise ConfigurationError(
            with_docs(f"event_name={event_name!r} is not an S3 event type; valid: {sorted(EVENT_NAMES)}", "s3-events")
        )
    kind = EVENT_NAMES[event_name]
    if client is None:
        import boto3

        client = boto3.client("s3", region_name=region)
    bucket_arn = f"arn:aws:s3:::{bucket}"
    try:
        location = client.get_bucket_location(Bucket=bucket)["LocationConstraint"]
        versioned = client.get_bucket_versioning(Bucket=bucket).get("Status") == "Enabled"
    except Exception as exc:
        if _error_code(exc) == "NoSuchBucket":
            raise AWSResourceNotFoundError(
                with_docs(f"S3 bucket {bucket_arn} does not exist in moto: create it first", "s3-events")
            ) from None
        raise
    if (version_id is not None or kind.versioned) and not versioned:
        raise ConfigurationError(
            with_docs(f"{event_name} with a version id needs versioning enabled on bucket {bucket}", "s3-events")
        )
    obj: dict[str, Any] = {}
    written: datetime | None = None
    size = 0
    if kind.size:  # every event but a removal is about an object that exists
        head = {"Bucket": bucket, "Key": key, **({"VersionId": version_id} if version_id else {})}
        try:
            found = client.head_object(**head)
        except Exception as exc:
            if _error_code(exc) in {"404", "NoSuchKey", "NoSuchVersion", "400"}:
                suffix = f" (version {version_id})" if version_id else ""
                raise AWSResourceNotFoundError(
                    with_docs(f"S3 object {bucket_arn}/{key}{suffix} does not exist in moto: put it first", "s3-events")
                ) from None
            raise
        written, size = found["LastModified"], found["ContentLength"]
        obj = {"eTag": found["ETag"].strip('"')}
        if versioned:
            obj["versionId"] = found["VersionId"]
    elif kind.versioned:
        markers = client.list_object_versions(Bucket=bucket, Prefix=key).get("DeleteMarkers", [])
        latest = [m for m in markers if m["Key"] == key and m["IsLatest"]]
        if not latest:
            raise AWSResourceNotFoundError(
                with_docs(f"S3 object {bucket_arn}/{key} has no delete marker in moto: delete it first", "s3-events")
            )
        obj["versionId"] = latest[0]["VersionId"]
    elif version_id is not None:
        obj["versionId"] = version_id
    event_time = written if written is not None and kind.fresh else None
    return build_event(
        bucket, key, event_name=event_name, obj=obj, size=size if kind.size else None, written=written,
        event_time=event_time, region=location or "us-east-1", account_id=account_id, seed=seed,
        overrides=overrides,
    )  # fmt: skip


def build_event(
    bucket: str,
    key: str,
    *,
    event_name: str,
    obj: dict[str, Any],
    size: int | None,
    written: datetime | None,
    event_time: datetime | None,
    region: str,
    account_id: str,
    seed: int,
    overrides: dict[str, Any] | None = None,
) -> S3Event:
    """The notification of ``event_name`` on ``key``: ``obj`` the object's ``eTag``/``versionId``,
    ``written`` what its ``sequencer`` dates from, ``event_time`` its ``eventTime`` (both generated
    when ``None``). Shared by ``s3_object_event`` and the stack's write-time notifications."""
    from pytest_lambda.events import make_event
    from pytest_lambda.events._common import deep_merge
    from pytest_lambda.events.s3 import EVENT_NAMES

    record: dict[str, Any] = {"s3": {"object": obj}}
    shorthands: dict[str, Any] = {
        "bucket": bucket, "key": key, "event_name": event_name, "versioned": EVENT_NAMES[event_name].versioned,
    }  # fmt: skip
    if written is not None:
        obj["sequencer"] = _sequencer(written)
    if size is not None:
        shorthands["size"] = size
    if event_time is not None:
        record["eventTime"] = _iso(event_time)
    deep_merge(record, overrides or {}, "Records[]")
    # A bucket's LocationConstraint is null in us-east-1 (GetBucketLocation): the caller passes the region.
    event: S3Event = make_event(
        "s3", seed=seed, region=region, account_id=account_id, records=[{**shorthands, **record}]
    )
    return event
