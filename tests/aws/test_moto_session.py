"""LambdaAWS / mocked_aws: moto with fake credentials, the region and account, everything restored."""

from __future__ import annotations

import os
import sys

import boto3
import pytest

from pytest_lambda.aws import INSTALL_COMMAND, LambdaAWS, MotoNotInstalledError, mocked_aws, require_moto
from pytest_lambda.aws.delivery import moto_active
from pytest_lambda.errors import ConfigurationError, PytestLambdaError


def test_fake_credentials_and_region_are_set_and_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "production")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "https://example.com")
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "orders")  # a runtime variable: stays visible
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    before = dict(os.environ)
    with mocked_aws(region="eu-west-2") as aws:
        assert aws.active
        assert os.environ["AWS_ACCESS_KEY_ID"] == os.environ["AWS_SECRET_ACCESS_KEY"] == "testing"
        assert os.environ["AWS_SESSION_TOKEN"] == "testing"
        assert os.environ["AWS_REGION"] == os.environ["AWS_DEFAULT_REGION"] == "eu-west-2"
        assert os.environ["AWS_SHARED_CREDENTIALS_FILE"] == os.environ["AWS_CONFIG_FILE"] == os.devnull
        assert os.environ["AWS_EC2_METADATA_DISABLED"] == "true"
        assert "AWS_PROFILE" not in os.environ
        assert "AWS_ENDPOINT_URL" not in os.environ
        assert os.environ["AWS_LAMBDA_FUNCTION_NAME"] == "orders"
        assert "MOTO_ACCOUNT_ID" not in os.environ  # moto's default account is ours
        assert boto3.client("sts").get_caller_identity()["Account"] == "123456789012"
        assert aws.client("sqs").meta.region_name == "eu-west-2"
    assert not aws.active
    assert dict(os.environ) == before


def test_another_account_is_moto_s_account_too() -> None:
    with mocked_aws(region="ap-southeast-2", account_id="210987654321") as aws:
        assert os.environ["MOTO_ACCOUNT_ID"] == "210987654321"
        url = aws.client("sqs").create_queue(QueueName="jobs")["QueueUrl"]
        arn = aws.client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
        assert arn["QueueArn"] == "arn:aws:sqs:ap-southeast-2:210987654321:jobs"
    assert "MOTO_ACCOUNT_ID" not in os.environ


def test_a_host_moto_account_is_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "999999999999")
    with mocked_aws():
        assert "MOTO_ACCOUNT_ID" not in os.environ
    assert os.environ["MOTO_ACCOUNT_ID"] == "999999999999"


def test_the_lambda_access_key_alias_follows_the_fake_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY", "ASIAFROMLAMBDAENV")
    with mocked_aws():
        assert os.environ["AWS_ACCESS_KEY"] == "testing"
    assert os.environ["AWS_ACCESS_KEY"] == "ASIAFROMLAMBDAENV"


def test_data_lives_as_long_as_the_mock() -> None:
    with mocked_aws() as aws:
        aws.resource("s3").create_bucket(Bucket="kept")
        assert [b.name for b in aws.resource("s3").buckets.all()] == ["kept"]
        assert moto_active()
    assert not moto_active()
    with mocked_aws() as aws:
        assert aws.client("s3").list_buckets()["Buckets"] == []


def test_start_twice_is_an_error_and_stop_twice_is_harmless() -> None:
    aws = LambdaAWS()
    aws.start()
    try:
        with pytest.raises(PytestLambdaError, match="already started"):
            aws.start()
    finally:
        aws.stop()
    aws.stop()
    assert repr(aws) == "LambdaAWS(region='us-east-1', account_id='123456789012', active=False)"


def test_bad_region_or_account_is_refused_before_anything_starts() -> None:
    with pytest.raises(ConfigurationError, match="region='useast1' is not valid"):
        LambdaAWS(region="useast1")
    with pytest.raises(ConfigurationError, match="account_id='42'"):
        LambdaAWS(account_id="42")
    assert not moto_active()


@pytest.mark.parametrize("missing", ["moto", "boto3"])
def test_without_the_extra_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    monkeypatch.setitem(sys.modules, missing, None)
    before = dict(os.environ)
    with pytest.raises(MotoNotInstalledError) as caught:
        mocked_aws().start()
    assert INSTALL_COMMAND == "pip install 'pytest-aws-lambda[moto]'"
    assert INSTALL_COMMAND in str(caught.value)
    assert isinstance(caught.value, ImportError)
    assert dict(os.environ) == before


def test_require_moto_returns_moto() -> None:
    assert require_moto() is sys.modules["moto"]


def test_a_users_own_streams_client_reaches_moto_by_stream_arn() -> None:
    # botocore would send StreamArn calls to an account endpoint moto does not route.
    with mocked_aws(region="eu-west-1"):
        boto3.client("dynamodb").create_table(
            TableName="orders",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        )
        streams = boto3.client("dynamodbstreams")
        arn = streams.list_streams(TableName="orders")["Streams"][0]["StreamArn"]
        assert streams.describe_stream(StreamArn=arn)["StreamDescription"]["StreamStatus"] == "ENABLED"
    assert "AWS_ACCOUNT_ID_ENDPOINT_MODE" not in os.environ
