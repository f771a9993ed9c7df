"""The lambda_stack fixture and marker, as users see them through pytester."""

from __future__ import annotations

import shutil
import sys
from textwrap import dedent

import pytest

from ._templates import TEMPLATES

RUNNING = f"python{sys.version_info.major}.{sys.version_info.minor}"


def run(pytester: pytest.Pytester, source: str) -> pytest.RunResult:
    # The application beside the tests, in tests/app/; pytest runs from the project's root.
    shutil.copytree(TEMPLATES / "sam", pytester.path / "tests" / "app")
    (pytester.path / "tests" / "test_app.py").write_text(dedent(source))
    return pytester.runpytest("tests", "-p", "no:randomly", "-p", "no:cacheprovider")


def test_the_marker_deploys_the_template_beside_the_test(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        f"""
        import pytest

        pytestmark = pytest.mark.lambda_stack("app/template.yaml", parameters={{"PythonRuntime": "{RUNNING}"}})

        def test_orders(lambda_stack, lambda_aws):
            orders = lambda_stack.function("OrdersFunction")
            assert orders.invoke({{"id": "9"}}).payload["stored"] == "9"
            table = lambda_aws.client("dynamodb").scan(TableName=lambda_stack.physical_id("OrdersTable"))
            assert table["Count"] == 1

        @pytest.mark.lambda_context(region="eu-west-1", account_id="111122223333")
        def test_region(lambda_stack):
            assert lambda_stack.function("OrdersFunction").config.function_arn.startswith(
                "arn:aws:lambda:eu-west-1:111122223333:function:app-OrdersFunction-"
            )

        def test_a_fresh_stack_each_test(lambda_stack, lambda_aws):
            table = lambda_aws.client("dynamodb").scan(TableName=lambda_stack.physical_id("OrdersTable"))
            assert table["Count"] == 0

        @pytest.mark.lambda_stack("app/template.yaml", parameters={{"PythonRuntime": "{RUNNING}", "Stage": "prod"}})
        def test_the_closest_marker_wins(lambda_stack):
            assert lambda_stack.function("OrdersFunction").environment["STAGE"] == "prod"

        def test_a_failure_shows_what_is_not_simulated(lambda_stack):
            assert False
        """,
    )
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*- lambda_stack -*",
            "stack app (SAM, *template.yaml) in us-east-1, account 123456789012:",
            "  created OrdersTable (AWS::DynamoDB::Table): app-OrdersTable-*",
            "  not simulated: ServerlessRestApi (AWS::ApiGateway::RestApi): not in moto: stack.http() answers*",
        ]
    )


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ("", "lambda_stack needs the template: @pytest.mark.lambda_stack('template.yaml', parameters={...})"),
        (
            "@pytest.mark.lambda_stack('app/template.yaml', parameter={})",
            "lambda_stack got unknown keywords ?'parameter'?; valid: ?'account_id', 'imports', *",
        ),
        ("@pytest.mark.lambda_stack('app/missing.yaml')", "the template '*missing.yaml' does not exist*"),
        ("@pytest.mark.lambda_stack('app/template.yaml', strict=True)", "*has what is not simulated (strict=True):"),
    ],
)
def test_marker_mistakes_are_setup_errors_with_the_fix(pytester: pytest.Pytester, marker: str, message: str) -> None:
    result = run(
        pytester,
        f"""
        import pytest

        {marker}
        @pytest.mark.filterwarnings("ignore::pytest_lambda.aws.RuntimeMismatchWarning")
        def test_it(lambda_stack):
            pass
        """,
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*{message}*"])
    assert "Traceback" not in result.stdout.str()


NOTIFIED = """
Transform: AWS::Serverless-2016-10-31
Parameters:
  PythonRuntime: {Type: String}
Resources:
  Uploads:
    Type: AWS::S3::Bucket
    Properties: {BucketName: uploads-of-the-app}
  Alerts:
    Type: AWS::SNS::Topic
    Properties: {TopicName: alerts-of-the-app}
  OnUpload:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: !Ref PythonRuntime
      Events:
        Uploaded: {Type: S3, Properties: {Bucket: !Ref Uploads, Events: "s3:ObjectCreated:*"}}
        Alerted: {Type: SNS, Properties: {Topic: !Ref Alerts}}
"""


def test_notifications_reach_the_function_at_write_time_and_never_in_a_later_test(pytester: pytest.Pytester) -> None:
    (pytester.path / "tests" / "app" / "src").mkdir(parents=True)
    (pytester.path / "tests" / "app" / "template.yaml").write_text(NOTIFIED)
    (pytester.path / "tests" / "app" / "src" / "app.py").write_text(
        "import json, os\n\n"
        "def handler(event, context):\n"
        "    record = event['Records'][0]\n"
        "    with open(os.environ['SEEN_FILE'], 'a') as seen:\n"
        "        seen.write(json.dumps(record.get('eventSource') or record['EventSource']) + '\\n')\n"
    )
    seen = pytester.path / "seen.txt"
    (pytester.path / "tests" / "test_app.py").write_text(
        dedent(
            f"""
            import pathlib
            import pytest

            pytestmark = pytest.mark.lambda_stack("app/template.yaml", parameters={{"PythonRuntime": "{RUNNING}"}})
            KEPT = []
            SEEN = pathlib.Path({str(seen)!r})

            def test_written(lambda_stack, lambda_aws, monkeypatch):
                monkeypatch.setenv("SEEN_FILE", {str(seen)!r})
                KEPT.append(lambda_stack)
                lambda_aws.client("s3").put_object(Bucket="uploads-of-the-app", Key="a", Body=b"a")
                topic = lambda_stack.physical_id("Alerts")
                lambda_aws.client("sns").publish(TopicArn=topic, Message="hi")
                assert SEEN.read_text().split() == ['"aws:s3"', '"aws:sns"']

            def test_later(lambda_aws, monkeypatch):
                # The first test's stack is kept alive; this test's moto is new, so is its bucket and topic.
                monkeypatch.setenv("SEEN_FILE", {str(seen)!r})
                s3 = lambda_aws.client("s3")
                s3.create_bucket(Bucket="uploads-of-the-app")
                s3.put_object(Bucket="uploads-of-the-app", Key="b", Body=b"b")
                sns = lambda_aws.client("sns")
                sns.publish(TopicArn=sns.create_topic(Name="alerts-of-the-app")["TopicArn"], Message="hi")
                assert len(SEEN.read_text().split()) == 2
            """
        )
    )
    result = pytester.runpytest("tests", "-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
