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
