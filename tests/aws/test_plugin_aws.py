"""The lambda_aws fixture and the protection against real AWS, as users see them through pytester."""

from __future__ import annotations

import sys
from textwrap import dedent

import pytest


def run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(dedent(source))
    return pytester.runpytest(*args)


def test_lambda_aws_uses_the_context_settings_and_restores_the_environment(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import os
        import pytest

        def environ():
            return {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}

        BEFORE = environ()

        @pytest.mark.lambda_context(region="eu-central-1", account_id="111122223333")
        def test_queue(lambda_aws):
            assert (lambda_aws.region, lambda_aws.account_id) == ("eu-central-1", "111122223333")
            sqs = lambda_aws.client("sqs")
            url = sqs.create_queue(QueueName="orders")["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            assert arn == "arn:aws:sqs:eu-central-1:111122223333:orders"
            assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"

        def test_nothing_left_behind():
            assert environ() == BEFORE
        """,
        "-p",
        "no:randomly",
    )
    result.assert_outcomes(passed=2)


def test_lambda_aws_with_lambda_env_and_lambda_function_in_either_order(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import json
        import os
        import boto3
        import pytest

        def environ():
            return {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}

        BEFORE = environ()

        def handler(event, context):
            table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
            table.put_item(Item={"id": event["id"], "region": os.environ["AWS_REGION"]})
            return {"stored": event["id"]}

        def check(aws, function):
            assert os.environ["AWS_LAMBDA_FUNCTION_NAME"] == "test_function"  # lambda_env kept
            assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"  # lambda_aws's credentials win
            assert os.environ["AWS_SHARED_CREDENTIALS_FILE"] == os.devnull
            aws.client("dynamodb").create_table(
                TableName="orders",
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
            )
            fn = function(handler)
            assert fn.invoke({"id": "o-1"}).payload == {"stored": "o-1"}
            item = aws.resource("dynamodb").Table("orders").get_item(Key={"id": "o-1"})["Item"]
            assert item == {"id": "o-1", "region": "eu-west-1"}

        pytestmark = [pytest.mark.lambda_context(region="eu-west-1"), pytest.mark.lambda_env(TABLE="orders")]

        def test_aws_declared_first(lambda_aws, lambda_env, lambda_function):
            check(lambda_aws, lambda_function)

        def test_aws_declared_last(lambda_env, lambda_function, lambda_aws):
            check(lambda_aws, lambda_function)

        def test_nothing_left_behind():
            assert environ() == BEFORE
        """,
        "-p",
        "no:randomly",
    )
    result.assert_outcomes(passed=3)


def test_variables_are_restored_whatever_order_the_fixtures_are_named_in(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import os

        def environ():
            return {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}

        BEFORE = environ()

        def region(event, context):
            return os.environ["AWS_REGION"]

        def test_function_before_aws(lambda_function, lambda_aws):
            assert lambda_function(region).invoke({}).payload == "us-east-1"

        def test_function_before_env(lambda_function, lambda_env):
            assert lambda_function(region).invoke({}).payload == "us-east-1"

        def test_function_before_env_and_aws(lambda_function, lambda_aws, lambda_env):
            assert lambda_function(region).invoke({}).payload == "us-east-1"

        def test_nothing_left_behind():
            assert environ() == BEFORE
        """,
        "-p",
        "no:randomly",
    )
    result.assert_outcomes(passed=4)


def test_a_boto3_call_without_moto_fails_with_the_fix(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import boto3

        def test_forgot_the_mock(monkeypatch):
            monkeypatch.setenv("AWS_ACCESS_KEY_ID", "k")
            monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
            boto3.client("dynamodb", region_name="us-east-1").list_tables()
        """,
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*RealAWSRequestError: pytest-aws-lambda refused a botocore request to "
            "https://dynamodb.us-east-1.amazonaws.com/ (host dynamodb.us-east-1.amazonaws.com): tests must not "
            "reach real AWS. Mock AWS with the lambda_aws fixture*",
        ]
    )


@pytest.mark.parametrize(
    ("args", "ini", "protected"),
    [
        ((), "", True),
        (("--lambda-allow-aws",), "", False),
        ((), "lambda_allow_aws = true", False),
        ((), "lambda_allow_aws = false", True),
    ],
)
def test_opting_out_of_the_protection(
    pytester: pytest.Pytester, args: tuple[str, ...], ini: str, protected: bool
) -> None:
    pytester.makeini(f"[pytest]\n{ini}\n")
    result = run(
        pytester,
        f"""
        from pytest_lambda.aws import guard

        def test_state():
            assert guard.is_protected() is {protected}
        """,
        *args,
    )
    result.assert_outcomes(passed=1)


def test_the_guard_is_released_when_the_session_ends(pytester: pytest.Pytester) -> None:
    from pytest_lambda.aws import guard

    depth = len(guard._STATE)
    run(pytester, "def test_it(): pass", "--lambda-allow-aws").assert_outcomes(passed=1)
    assert len(guard._STATE) == depth
    assert guard.is_protected()


def test_lambda_aws_without_the_extra_names_the_install_command(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "moto", None)
    result = run(
        pytester,
        """
        def test_needs_moto(lambda_aws):
            pass
        """,
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*lambda_aws needs moto and boto3, the [[]moto] extra of pytest-aws-lambda*install it with: "
            "pip install 'pytest-aws-lambda[[]moto]'*"
        ]
    )


def test_a_bad_context_setting_fails_lambda_aws_setup(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import pytest

        @pytest.mark.lambda_context(region="moon-1")
        def test_it(lambda_aws):
            pass
        """,
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*region='moon-1' is not valid*"])
