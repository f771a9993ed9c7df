"""S3 notifications of a template's buckets, delivered by ``stack.drain()``."""

from __future__ import annotations

from pytest_lambda.aws import LambdaAWS, Stack

from ._templates import HERE, TEMPLATES

S3_TEMPLATE = TEMPLATES / "s3" / "template.yaml"


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
