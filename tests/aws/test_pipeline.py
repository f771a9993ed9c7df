"""Pipelines end to end, as a user writes them: S3 upload -> handler -> table -> stream -> handler; async -> DLQ."""

from __future__ import annotations

from textwrap import dedent

import pytest


def test_pipeline_through_the_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        dedent(
            """
            import json
            import os
            from urllib.parse import unquote_plus

            import boto3
            import pytest

            def ingest(event, context):
                table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
                for record in event["Records"]:
                    obj = record["s3"]["object"]
                    table.put_item(Item={"key": unquote_plus(obj["key"]), "size": obj["size"], "etag": obj["eTag"]})
                return len(event["Records"])

            def charge(event, context):
                raise RuntimeError("card declined")

            @pytest.fixture
            def table(lambda_aws):
                lambda_aws.client("dynamodb").create_table(
                    TableName="uploads",
                    KeySchema=[{"AttributeName": "key", "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": "key", "AttributeType": "S"}],
                    BillingMode="PAY_PER_REQUEST",
                )
                return lambda_aws.resource("dynamodb").Table("uploads")

            @pytest.mark.lambda_context(region="eu-west-1")
            @pytest.mark.lambda_env(TABLE="uploads")
            def test_upload_is_recorded(lambda_aws, lambda_function, table):
                s3 = lambda_aws.client("s3")
                s3.create_bucket(Bucket="inbox", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
                s3.put_object(Bucket="inbox", Key="2024/report one.csv", Body=b"id,total\\n1,9\\n")
                event = lambda_aws.s3_event("inbox", "2024/report one.csv")
                result = lambda_function(ingest).invoke(event, invocation_type="Event")
                assert result.ok
                item = table.get_item(Key={"key": "2024/report one.csv"})["Item"]
                assert item["size"] == 13
                assert item["etag"] == s3.head_object(Bucket="inbox", Key="2024/report one.csv")["ETag"].strip('"')

            @pytest.mark.lambda_context(function_name="charge")
            def test_failed_event_lands_in_the_dlq(lambda_aws, lambda_function):
                sqs = lambda_aws.client("sqs")
                url = sqs.create_queue(QueueName="charge-dlq")["QueueUrl"]
                result = lambda_function(charge).invoke({"order": 42}, invocation_type="Event")
                assert len(result.attempts) == 3
                messages = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"])["Messages"]
                assert json.loads(messages[0]["Body"]) == {"order": 42}
                attributes = {k: v["StringValue"] for k, v in messages[0]["MessageAttributes"].items()}
                assert attributes == {
                    "RequestID": result.request_id, "ErrorCode": "200", "ErrorMessage": "card declined"
                }
            """
        )
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_an_upload_flows_through_a_table_stream_to_a_second_handler(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        dedent(
            """
            import os
            from urllib.parse import unquote_plus

            import boto3
            from pytest_lambda.aws import DynamoDBStreamEventSourceMapping

            SEEN = []

            def ingest(event, context):
                table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
                for record in event["Records"]:
                    obj = record["s3"]["object"]
                    table.put_item(Item={"key": unquote_plus(obj["key"]), "size": obj["size"]})

            def audit(event, context):
                for record in event["Records"]:
                    SEEN.append((record["eventName"], record["dynamodb"]["NewImage"]["key"]["S"],
                                 record["dynamodb"]["NewImage"]["size"]["N"]))

            def test_upload_then_stream(lambda_aws, lambda_function):
                lambda_aws.client("dynamodb").create_table(
                    TableName="uploads",
                    KeySchema=[{"AttributeName": "key", "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": "key", "AttributeType": "S"}],
                    BillingMode="PAY_PER_REQUEST",
                    StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
                )
                s3 = lambda_aws.client("s3")
                s3.create_bucket(Bucket="inbox")
                for key, body in (("a.csv", b"1"), ("b c.csv", b"12")):
                    s3.put_object(Bucket="inbox", Key=key, Body=body)
                    event = lambda_aws.s3_event("inbox", key)
                    assert lambda_function(ingest, environment={"TABLE": "uploads"}).invoke(event).ok

                mapping = DynamoDBStreamEventSourceMapping(lambda_function(audit), "uploads")
                drained = mapping.drain()

                assert SEEN == [("INSERT", "a.csv", "1"), ("INSERT", "b c.csv", "2")]
                assert [batch.outcome for batch in drained] == ["success"]
                assert lambda_aws.client("dynamodbstreams").list_streams(TableName="uploads")["Streams"]
            """
        )
    )
    pytester.runpytest().assert_outcomes(passed=1)
