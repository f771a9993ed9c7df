"""S3 notifications of a template's buckets, delivered when moto writes or removes the object."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
import requests
from events.shapes import sample, shape_diff

from pytest_lambda.aws import LambdaAWS, Stack, mocked_aws, s3_object_event

from ._templates import HERE, TEMPLATES

S3_TEMPLATE = TEMPLATES / "s3" / "template.yaml"
EVENTS = TEMPLATES / "s3events" / "template.yaml"


def test_objects_written_and_removed_notify_the_functions_whose_filters_match(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(S3_TEMPLATE, parameters=HERE)
    s3 = lambda_aws.client("s3")
    bucket = stack.physical_id("Uploads")
    s3.put_object(Bucket=bucket, Key="images/cat.png", Body=b"png")
    s3.put_object(Bucket=bucket, Key="images/cat.jpg", Body=b"jpg")
    s3.put_object(Bucket=bucket, Key="docs/cat.png", Body=b"png")

    delivered = stack.drain()

    (thumbnail,) = delivered["Uploads"]
    assert thumbnail.status_code == 202
    assert thumbnail.attempts[0].outcome == "success"
    thumbs = s3.list_objects_v2(Bucket=bucket, Prefix="thumbs/")["Contents"]
    assert [item["Key"] for item in thumbs] == ["thumbs/cat.png"]
    module = stack.function("ThumbnailFunction").module
    assert module is not None
    assert module.SEEN == ["images/cat.png"]
    # Nothing new: nothing delivered. A rewrite is a new creation; a removal reaches the cleanup.
    assert stack.drain()["Uploads"] == []
    s3.put_object(Bucket=bucket, Key="images/cat.png", Body=b"png, again")
    s3.delete_object(Bucket=bucket, Key="docs/cat.png")
    assert len(stack.drain()["Uploads"]) == 2
    assert module.SEEN == ["images/cat.png", "images/cat.png"]
    cleanup = stack.function("CleanupFunction").module
    assert cleanup is not None
    assert cleanup.SEEN == ["removed docs/cat.png"]


def test_notifications_that_are_not_delivered_are_listed(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(S3_TEMPLATE, parameters=HERE)
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    assert listed[("Archive", "NotificationConfiguration.QueueConfigurations")] == (
        "only Lambda notifications are delivered"
    )
    assert listed[("Archive", "NotificationConfiguration.LambdaConfigurations[0]")] == (
        "its function is not a function of the template"
    )
    assert ("Uploads", "NotificationConfiguration.LambdaConfigurations[0]") not in listed
    assert "Archive" not in stack.drain()


# -- at write time ----------------------------------------------------------------------------------


@pytest.fixture
def stack(lambda_aws: LambdaAWS) -> Stack:
    return Stack.from_template(EVENTS, parameters=HERE)


def seen(stack: Stack, function: str) -> list[dict[str, Any]]:
    module = stack.function(function).module
    return [] if module is None else [event["Records"][0] for event in module.SEEN]


def names(stack: Stack, function: str) -> list[tuple[str, str]]:
    return [(record["eventName"], record["s3"]["object"]["key"]) for record in seen(stack, function)]


def test_the_function_runs_when_the_object_is_written_before_any_drain(stack: Stack, lambda_aws: LambdaAWS) -> None:
    s3 = lambda_aws.client("s3")
    bucket = stack.physical_id("Plain")
    s3.put_object(Bucket=bucket, Key="a.txt", Body=b"hello")
    # Invoked during put_object itself, asynchronously (202) as S3 invokes it.
    assert names(stack, "RecordFunction") == [("ObjectCreated:Put", "a.txt")]
    (result,) = stack.drain()["Plain"]
    assert (result.invocation_type, result.status_code) == ("Event", 202)
    # drain() returns what was delivered since the last drain.
    assert stack.drain()["Plain"] == []
    assert stack.stopped_loops == []


def test_the_put_event_carries_the_object_as_s3_object_event_reads_it(stack: Stack, lambda_aws: LambdaAWS) -> None:
    s3 = lambda_aws.client("s3")
    bucket = stack.physical_id("Plain")
    s3.put_object(Bucket=bucket, Key="photos/a cat.png", Body=b"12345")
    (record,) = seen(stack, "RecordFunction")
    expected = s3_object_event(bucket, "photos/a cat.png", client=s3)["Records"][0]
    # The key URL-encoded as S3 sends it; size and eTag the object's; no versionId in an unversioned bucket.
    assert record["s3"]["object"]["key"] == expected["s3"]["object"]["key"] == "photos/a+cat.png"
    for field in ("size", "eTag"):
        assert record["s3"]["object"][field] == expected["s3"]["object"][field]
    assert "versionId" not in record["s3"]["object"]
    assert record["s3"]["object"]["size"] == 5
    assert record["s3"]["bucket"] == {
        **expected["s3"]["bucket"],
        "ownerIdentity": record["s3"]["bucket"]["ownerIdentity"],
    }
    assert (record["eventSource"], record["eventVersion"], record["awsRegion"]) == ("aws:s3", "2.1", "us-east-1")


def test_each_creation_event_type_as_moto_produces_it(stack: Stack, lambda_aws: LambdaAWS) -> None:
    s3 = lambda_aws.client("s3")
    bucket = stack.physical_id("Plain")
    s3.put_object(Bucket=bucket, Key="one", Body=b"1")
    s3.copy_object(Bucket=bucket, Key="two", CopySource={"Bucket": bucket, "Key": "one"})
    upload = s3.create_multipart_upload(Bucket=bucket, Key="three")
    part = s3.upload_part(Bucket=bucket, Key="three", UploadId=upload["UploadId"], PartNumber=1, Body=b"333")
    s3.complete_multipart_upload(
        Bucket=bucket,
        Key="three",
        UploadId=upload["UploadId"],
        MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]},
    )
    # A browser-based upload (POST with a presigned form) is ObjectCreated:Post.
    form = s3.generate_presigned_post(Bucket=bucket, Key="four")
    assert requests.post(form["url"], data=form["fields"], files={"file": b"4444"}, timeout=5).status_code == 204

    assert names(stack, "RecordFunction") == [
        ("ObjectCreated:Put", "one"),
        ("ObjectCreated:Copy", "two"),
        ("ObjectCreated:CompleteMultipartUpload", "three"),  # and no Put for the assembled object
        ("ObjectCreated:Post", "four"),
    ]
    multipart = seen(stack, "RecordFunction")[2]["s3"]["object"]
    assert multipart["eTag"].endswith("-1")  # the multipart ETag, as S3 computes it: <md5 of md5s>-<parts>
    assert multipart["size"] == 3
    assert names(stack, "CopiesFunction") == [("ObjectCreated:Copy", "two")]


def test_sequencers_grow_with_each_event_of_a_key(stack: Stack, lambda_aws: LambdaAWS) -> None:
    s3 = lambda_aws.client("s3")
    bucket = stack.physical_id("Plain")
    for body in (b"1", b"2", b"3"):
        s3.put_object(Bucket=bucket, Key="k", Body=body)
    s3.delete_object(Bucket=bucket, Key="k")
    sequencers = [record["s3"]["object"]["sequencer"] for record in seen(stack, "RecordFunction")]
    # notification-content-structure.html: compare sequencers of one key as strings of equal length.
    assert len({len(item) for item in sequencers}) == 1
    assert sequencers == sorted(sequencers)
    assert len(set(sequencers)) == 4


def test_removals_in_an_unversioned_bucket(stack: Stack, lambda_aws: LambdaAWS) -> None:
    s3 = lambda_aws.client("s3")
    bucket = stack.physical_id("Plain")
    s3.put_object(Bucket=bucket, Key="gone", Body=b"x")
    s3.put_object(Bucket=bucket, Key="also", Body=b"x")
    s3.delete_object(Bucket=bucket, Key="gone")
    s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "also"}]})
    removals = [record for record in seen(stack, "RecordFunction") if record["eventName"].startswith("ObjectRemoved")]
    assert [(r["eventName"], r["s3"]["object"]["key"]) for r in removals] == [
        ("ObjectRemoved:Delete", "gone"),
        ("ObjectRemoved:Delete", "also"),
    ]
    # A removal carries neither size nor eTag (the object is gone).
    assert all(set(r["s3"]["object"]) == {"key", "sequencer"} for r in removals)


def test_a_versioned_bucket_sends_version_ids_delete_markers_and_permanent_deletes(
    stack: Stack, lambda_aws: LambdaAWS
) -> None:
    s3 = lambda_aws.client("s3")
    # The template's VersioningConfiguration (which moto's CloudFormation drops) is applied.
    bucket = stack.physical_id("Versioned")
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    first = s3.put_object(Bucket=bucket, Key="doc", Body=b"v1")["VersionId"]
    second = s3.put_object(Bucket=bucket, Key="doc", Body=b"v2")["VersionId"]
    marker = s3.delete_object(Bucket=bucket, Key="doc")["VersionId"]
    s3.delete_object(Bucket=bucket, Key="doc", VersionId=first)
    s3.delete_object(Bucket=bucket, Key="doc", VersionId="no-such-version")

    records = seen(stack, "RecordFunction")
    assert [(r["eventName"], r["s3"]["object"].get("versionId")) for r in records] == [
        ("ObjectCreated:Put", first),
        ("ObjectCreated:Put", second),
        ("ObjectRemoved:DeleteMarkerCreated", marker),
        ("ObjectRemoved:Delete", first),  # a version removed for good, though others remain
    ]
    assert (
        s3_object_event(bucket, "doc", version_id=second, client=s3)["Records"][0]["s3"]["object"]["eTag"]
        == (records[1]["s3"]["object"]["eTag"])
    )
    assert names(stack, "MarkersFunction") == [("ObjectRemoved:DeleteMarkerCreated", "doc")]
    assert stack.drain()["Versioned"][0].status_code == 202


def test_prefix_and_suffix_filters_each_on_their_own(stack: Stack, lambda_aws: LambdaAWS) -> None:
    s3 = lambda_aws.client("s3")
    bucket = stack.physical_id("Plain")
    for key in ("incoming/a.csv", "incoming/b.txt", "other/c.csv", "other/d.txt"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    assert [key for _, key in names(stack, "PrefixFunction")] == ["incoming/a.csv", "incoming/b.txt"]
    assert [key for _, key in names(stack, "SuffixFunction")] == ["incoming/a.csv", "other/c.csv"]
    assert len(seen(stack, "RecordFunction")) == 4


def test_tagging_events_come_from_put_object_tagging_only(stack: Stack, lambda_aws: LambdaAWS) -> None:
    s3 = lambda_aws.client("s3")
    bucket = stack.physical_id("Plain")
    # A PutObject with tags is an ObjectCreated:Put only (moto also notifies ObjectTagging:Put for it).
    s3.put_object(Bucket=bucket, Key="t", Body=b"x", Tagging="a=1")
    assert names(stack, "TaggingFunction") == []
    s3.put_object_tagging(Bucket=bucket, Key="t", Tagging={"TagSet": [{"Key": "a", "Value": "2"}]})
    s3.delete_object_tagging(Bucket=bucket, Key="t")
    assert names(stack, "TaggingFunction") == [("ObjectTagging:Put", "t"), ("ObjectTagging:Delete", "t")]
    assert seen(stack, "TaggingFunction")[0]["eventVersion"] == "2.3"


def test_a_stack_of_an_earlier_mock_never_fires_in_a_later_one() -> None:
    with mocked_aws():
        earlier = Stack.from_template(EVENTS, parameters=HERE)
        bucket = earlier.physical_id("Plain")
        s3 = boto3.client("s3", region_name=earlier.region)
        s3.put_object(Bucket=bucket, Key="first", Body=b"x")
        assert len(seen(earlier, "RecordFunction")) == 1
    with mocked_aws():
        # The earlier stack is still referenced; a bucket of the same name in a new mock is not its bucket.
        s3 = boto3.client("s3", region_name=earlier.region)
        s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket=bucket, Key="second", Body=b"x")
        assert len(seen(earlier, "RecordFunction")) == 1
        assert len(earlier.drain()["Plain"]) == 1  # the first write's only


def test_an_s3_event_body_is_json_the_function_can_read(stack: Stack, lambda_aws: LambdaAWS) -> None:
    lambda_aws.client("s3").put_object(Bucket=stack.physical_id("Plain"), Key="j", Body=b"{}")
    (record,) = seen(stack, "RecordFunction")
    assert json.loads(json.dumps(record)) == record


def test_acl_and_restore_events(stack: Stack, lambda_aws: LambdaAWS) -> None:
    s3 = lambda_aws.client("s3")
    bucket = stack.physical_id("Plain")
    s3.put_object(Bucket=bucket, Key="cold", Body=b"old", StorageClass="GLACIER", ACL="private")
    s3.put_object_acl(Bucket=bucket, Key="cold", ACL="public-read")
    s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 1})
    # moto completes a restore when the object's status is next read.
    s3.head_object(Bucket=bucket, Key="cold")
    assert names(stack, "OtherEventsFunction") == [
        ("ObjectAcl:Put", "cold"),
        ("ObjectRestore:Post", "cold"),
        ("ObjectRestore:Completed", "cold"),
    ]
    records = seen(stack, "OtherEventsFunction")
    assert [record["eventVersion"] for record in records] == ["2.3", "2.1", "2.1"]
    assert records[2]["glacierEventData"]["restoreEventData"]["lifecycleRestoreStorageClass"] in (
        "GLACIER",
        "DEEP_ARCHIVE",
    )
    assert all(record["s3"]["object"]["size"] == 3 for record in records)


def test_a_queued_delivery_whose_bucket_is_gone_is_dropped(stack: Stack) -> None:
    from pytest_lambda.aws import _notify

    delivery = _notify._Delivery(stack._wiring, "Plain", "RecordFunction", {"Records": []}, 0, lambda: False)
    _notify._enqueue(delivery)
    assert seen(stack, "RecordFunction") == []
    assert stack.drain()["Plain"] == []


def test_the_events_have_the_shape_of_the_published_samples(stack: Stack, lambda_aws: LambdaAWS) -> None:
    s3 = lambda_aws.client("s3")
    bucket = stack.physical_id("Plain")
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.delete_object(Bucket=bucket, Key="k")
    put, removed = seen(stack, "RecordFunction")
    assert shape_diff(put, sample("powertools/s3Event.json")["Records"][0]) == []
    assert shape_diff(removed, sample("powertools/s3EventDeleteObject.json")["Records"][0]) == []
