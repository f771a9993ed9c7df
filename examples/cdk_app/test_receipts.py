"""The CDK app of app.py, tested through what `cdk synth` wrote to cdk.out/ (no Node, no CDK needed).

The functions' code is the asset folder the template's ``Metadata["aws:asset:path"]`` names; the
logical ids are CDK's (a construct path and a hash), so the tests find them by prefix.
"""

from __future__ import annotations

import filecmp
import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from pytest_lambda.aws import LambdaAWS, SQSEventSourceMapping, Stack

HERE = Path(__file__).resolve().parent
pytestmark = [
    pytest.mark.lambda_stack("cdk.out/ReceiptsStack.template.json"),
    # The template says python3.12; the tests may run on another Python 3.
    pytest.mark.filterwarnings("ignore::pytest_lambda.aws.RuntimeMismatchWarning"),
]


def logical(stack: Stack, prefix: str) -> str:
    """The CDK logical id of the construct ``prefix`` (``ReceiptsQueue`` -> ``ReceiptsQueue5C7B8E61``)."""
    [found] = [name for name in stack.resources if re.fullmatch(re.escape(prefix) + "[0-9A-F]{8}", name)]
    return found


def send(lambda_aws: LambdaAWS, stack: Stack, body: Any) -> None:
    queue = stack.physical_id(logical(stack, "ReceiptsQueue"))
    lambda_aws.client("sqs").send_message(QueueUrl=queue, MessageBody=json.dumps(body))


def objects(lambda_aws: LambdaAWS, stack: Stack, prefix: str) -> dict[str, Any]:
    s3, bucket = lambda_aws.client("s3"), stack.physical_id(logical(stack, "ReceiptsBucket"))
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
    return {item["Key"]: json.loads(s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()) for item in listed}


def test_the_checked_in_asset_is_the_lambda_folder() -> None:
    # cdk synth copies lambda/ to cdk.out/asset.<hash>/: rerun it when this fails.
    [asset] = (HERE / "cdk.out").glob("asset.*")
    compared = filecmp.dircmp(HERE / "lambda", asset, ignore=["__pycache__"])
    assert (compared.left_only, compared.right_only, compared.diff_files) == ([], [], [])


def test_the_functions_come_from_the_synthesised_template(lambda_stack: Stack) -> None:
    receipts = lambda_stack.function(logical(lambda_stack, "ReceiptFunction"))
    assert (receipts.config.timeout, receipts.config.memory_size) == (10, 512)
    assert receipts.environment["BUCKET_NAME"] == lambda_stack.physical_id(logical(lambda_stack, "ReceiptsBucket"))
    [mapping] = lambda_stack.mappings.values()
    assert isinstance(mapping, SQSEventSourceMapping)
    assert (mapping.function, mapping.batch_size, mapping.report_batch_item_failures) == (receipts, 5, True)
    assert lambda_stack.outputs["BucketName"] == lambda_stack.physical_id(logical(lambda_stack, "ReceiptsBucket"))
    # Only the IAM resources are left out (not enforced); CDK's own metadata is not part of the app.
    assert {item.what for item in lambda_stack.not_simulated} == {"AWS::IAM::Policy", "AWS::Lambda::Permission"}


def test_each_paid_order_gets_a_receipt(lambda_stack: Stack, lambda_aws: LambdaAWS) -> None:
    for number in range(7):
        send(lambda_aws, lambda_stack, {"orderId": f"o-{number}", "amount": "12.50"})

    [batches] = lambda_stack.drain().values()
    assert [len(batch.event["Records"]) for batch in batches] == [5, 2]
    receipts = objects(lambda_aws, lambda_stack, "receipts/")
    assert sorted(receipts) == [f"receipts/o-{number}.json" for number in range(7)]
    assert {receipt["amount"] for receipt in receipts.values()} == {"12.50"}


def test_an_unreadable_order_ends_in_the_dead_letter_queue(lambda_stack: Stack, lambda_aws: LambdaAWS) -> None:
    send(lambda_aws, lambda_stack, {"orderId": "good", "amount": "1"})
    send(lambda_aws, lambda_stack, {"orderId": "bad", "amount": "one euro"})

    [batches] = lambda_stack.drain().values()

    # Reported failed on each of its 3 receives (maxReceiveCount), then moved by the redrive policy.
    assert len(batches) == 3
    dead_letters = lambda_stack.physical_id(logical(lambda_stack, "ReceiptsDLQ"))
    dead = lambda_aws.client("sqs").receive_message(QueueUrl=dead_letters)["Messages"]
    assert [json.loads(message["Body"])["orderId"] for message in dead] == ["bad"]
    assert list(objects(lambda_aws, lambda_stack, "receipts/")) == ["receipts/good.json"]


def test_the_hourly_totals_follow_the_receipts(lambda_stack: Stack, lambda_aws: LambdaAWS) -> None:
    send(lambda_aws, lambda_stack, {"orderId": "a", "amount": "10"})
    lambda_stack.drain()
    first = lambda_stack.advance(minutes=90)
    send(lambda_aws, lambda_stack, {"orderId": "b", "amount": "2.5"})
    lambda_stack.drain()
    second = lambda_stack.advance(minutes=30)

    # rate(1 hour): an hour after the stack was made, then every hour.
    fired = first + second
    assert [firing.time_ms - fired[0].time_ms for firing in fired] == [0, 3_600_000]
    totals = objects(lambda_aws, lambda_stack, "totals/")
    stamps = [datetime.fromtimestamp(firing.time_ms // 1000, tz=timezone.utc) for firing in fired]
    assert [totals[f"totals/{stamp:%Y-%m-%dT%H:%M:%SZ}.json"]["total"] for stamp in stamps] == ["10", "12.5"]
