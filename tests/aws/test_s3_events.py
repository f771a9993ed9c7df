"""S3 notifications built from objects that exist in moto."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import S3Model

from pytest_lambda.aws import AWSResourceNotFoundError, LambdaAWS, mocked_aws, s3_object_event
from pytest_lambda.errors import ConfigurationError


@pytest.fixture
def aws() -> Iterator[LambdaAWS]:
    with mocked_aws(region="eu-west-1") as session:
        yield session


@pytest.fixture
def s3(aws: LambdaAWS) -> Any:
    client = aws.client("s3")
    client.create_bucket(Bucket="uploads", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    return client


def test_a_put_object_gives_its_real_size_etag_and_time(aws: LambdaAWS, s3: Any) -> None:
    s3.put_object(Bucket="uploads", Key="in/report 1.csv", Body=b"a,b\n1,2\n")
    head = s3.head_object(Bucket="uploads", Key="in/report 1.csv")
    event = aws.s3_event("uploads", "in/report 1.csv")
    S3Model.model_validate(event)
    (record,) = event["Records"]
    assert record["eventName"] == "ObjectCreated:Put"
    assert record["awsRegion"] == "eu-west-1"
    assert record["s3"]["bucket"]["name"] == "uploads"
    assert record["s3"]["bucket"]["arn"] == "arn:aws:s3:::uploads"
    obj = record["s3"]["object"]
    assert obj["key"] == "in/report+1.csv"  # URL-encoded, as S3 sends it
    assert obj["size"] == 8
    assert obj["eTag"] == hashlib.md5(b"a,b\n1,2\n").hexdigest() == head["ETag"].strip('"')
    assert "versionId" not in obj
    assert record["eventTime"] == head["LastModified"].strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert obj["sequencer"][2:10] == f"{int(head['LastModified'].timestamp()):08X}"


def test_sequencers_grow_with_later_writes(aws: LambdaAWS, s3: Any) -> None:
    s3.put_object(Bucket="uploads", Key="k", Body=b"1")
    first = aws.s3_event("uploads", "k")["Records"][0]["s3"]["object"]["sequencer"]
    s3.put_object(Bucket="uploads", Key="k", Body=b"22")
    second = aws.s3_event("uploads", "k")["Records"][0]["s3"]["object"]
    assert len(first) == len(second["sequencer"]) == 18
    assert second["sequencer"] > first
    assert second["size"] == 2


def test_a_versioned_bucket_gives_the_version_id(aws: LambdaAWS, s3: Any) -> None:
    s3.put_bucket_versioning(Bucket="uploads", VersioningConfiguration={"Status": "Enabled"})
    v1 = s3.put_object(Bucket="uploads", Key="doc", Body=b"one")["VersionId"]
    v2 = s3.put_object(Bucket="uploads", Key="doc", Body=b"three")["VersionId"]
    assert aws.s3_event("uploads", "doc")["Records"][0]["s3"]["object"]["versionId"] == v2
    older = aws.s3_event("uploads", "doc", version_id=v1)["Records"][0]["s3"]["object"]
    assert (older["versionId"], older["size"]) == (v1, 3)


def test_multipart_uploads_keep_their_part_count_etag(aws: LambdaAWS, s3: Any) -> None:
    upload = s3.create_multipart_upload(Bucket="uploads", Key="big")["UploadId"]
    part = 5 * 1024 * 1024
    parts = [
        {"PartNumber": n, "ETag": s3.upload_part(Bucket="uploads", Key="big", UploadId=upload, PartNumber=n,
                                                 Body=b"x" * part)["ETag"]}
        for n in (1, 2)
    ]  # fmt: skip
    s3.complete_multipart_upload(Bucket="uploads", Key="big", UploadId=upload, MultipartUpload={"Parts": parts})
    obj = aws.s3_event("uploads", "big", event_name="ObjectCreated:CompleteMultipartUpload")["Records"][0]["s3"]
    assert obj["object"]["eTag"].endswith("-2")
    assert obj["object"]["size"] == 2 * part


def test_removal_events(aws: LambdaAWS, s3: Any) -> None:
    s3.put_object(Bucket="uploads", Key="gone", Body=b"x")
    s3.delete_object(Bucket="uploads", Key="gone")
    removed = aws.s3_event("uploads", "gone", event_name="ObjectRemoved:Delete")["Records"][0]
    S3Model.model_validate({"Records": [removed]})
    assert removed["eventName"] == "ObjectRemoved:Delete"
    assert set(removed["s3"]["object"]) == {"key", "sequencer"}


def test_a_delete_marker_event_names_the_marker(aws: LambdaAWS, s3: Any) -> None:
    s3.put_bucket_versioning(Bucket="uploads", VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket="uploads", Key="doc", Body=b"x")
    with pytest.raises(AWSResourceNotFoundError, match="arn:aws:s3:::uploads/doc has no delete marker"):
        aws.s3_event("uploads", "doc", event_name="ObjectRemoved:DeleteMarkerCreated")
    marker = s3.delete_object(Bucket="uploads", Key="doc")["VersionId"]
    event = aws.s3_event("uploads", "doc", event_name="ObjectRemoved:DeleteMarkerCreated")
    assert event["Records"][0]["s3"]["object"]["versionId"] == marker
    deleted = aws.s3_event("uploads", "doc", event_name="ObjectRemoved:Delete", version_id="abc")
    assert deleted["Records"][0]["s3"]["object"]["versionId"] == "abc"


def test_events_on_an_existing_object_that_did_not_write_it(aws: LambdaAWS, s3: Any) -> None:
    s3.put_object(Bucket="uploads", Key="tagged", Body=b"x")
    record = aws.s3_event("uploads", "tagged", event_name="ObjectTagging:Put")["Records"][0]
    assert record["eventVersion"] == "2.3"
    assert record["s3"]["object"]["size"] == 1
    assert record["s3"]["object"]["eTag"] == hashlib.md5(b"x").hexdigest()
    # The event happens now; the sequencer still dates from the object's write.
    written = s3.head_object(Bucket="uploads", Key="tagged")["LastModified"]
    assert record["s3"]["object"]["sequencer"][2:10] == f"{int(written.timestamp()):08X}"


def test_overrides_and_seed(aws: LambdaAWS, s3: Any) -> None:
    s3.put_object(Bucket="uploads", Key="k", Body=b"x")
    event = aws.s3_event("uploads", "k", seed=5, userIdentity={"principalId": "AWS:AIDAEXAMPLE"})
    assert event["Records"][0]["userIdentity"] == {"principalId": "AWS:AIDAEXAMPLE"}
    assert event["Records"][0]["s3"]["object"]["size"] == 1


def test_a_bucket_in_us_east_1_and_the_default_client() -> None:
    with mocked_aws() as aws:
        aws.client("s3").create_bucket(Bucket="plain")
        aws.client("s3").put_object(Bucket="plain", Key="k", Body=b"")
        record = s3_object_event("plain", "k")["Records"][0]
        assert record["awsRegion"] == "us-east-1"
        assert record["s3"]["object"]["eTag"] == "d41d8cd98f00b204e9800998ecf8427e"


def test_missing_bucket_object_or_version_is_named(aws: LambdaAWS, s3: Any) -> None:
    with pytest.raises(AWSResourceNotFoundError, match=r"S3 bucket arn:aws:s3:::nope does not exist in moto"):
        aws.s3_event("nope", "k")
    with pytest.raises(AWSResourceNotFoundError, match=r"S3 object arn:aws:s3:::uploads/missing.txt does not"):
        aws.s3_event("uploads", "missing.txt")
    s3.put_bucket_versioning(Bucket="uploads", VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket="uploads", Key="k", Body=b"x")
    with pytest.raises(AWSResourceNotFoundError, match=r"uploads/k \(version nope\) does not exist"):
        aws.s3_event("uploads", "k", version_id="nope")


def test_bad_event_name_and_version_without_versioning(aws: LambdaAWS, s3: Any) -> None:
    with pytest.raises(ConfigurationError, match="event_name='ObjectCreated' is not an S3 event type; valid: "):
        aws.s3_event("uploads", "k", event_name="ObjectCreated")
    s3.put_object(Bucket="uploads", Key="k", Body=b"x")
    with pytest.raises(ConfigurationError, match="needs versioning enabled on bucket uploads"):
        aws.s3_event("uploads", "k", version_id="v1")


def test_other_client_errors_are_not_disguised(aws: LambdaAWS, s3: Any) -> None:
    from botocore.exceptions import ClientError

    class Failing:
        def __getattr__(self, name: str) -> Any:
            def call(**kwargs: Any) -> Any:
                raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, name)

            return call

    with pytest.raises(ClientError, match="AccessDenied"):
        s3_object_event("uploads", "k", client=Failing())

    class HeadFails:
        def get_bucket_location(self, **kwargs: Any) -> Any:
            return {"LocationConstraint": None}

        def get_bucket_versioning(self, **kwargs: Any) -> Any:
            return {}

        def head_object(self, **kwargs: Any) -> Any:
            raise ClientError({"Error": {"Code": "403", "Message": "Forbidden"}}, "HeadObject")

    with pytest.raises(ClientError, match="403"):
        s3_object_event("uploads", "k", client=HeadFails())
