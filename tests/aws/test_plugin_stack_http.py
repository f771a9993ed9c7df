"""Authorizers and function URLs of a deployed template, as users see them through pytester."""

from __future__ import annotations

import shutil
import sys
from textwrap import dedent

import pytest

from ._templates import TEMPLATES

RUNNING = f"python{sys.version_info.major}.{sys.version_info.minor}"


def test_an_authorizer_runs_as_an_invoke_of_its_function_and_shows_in_the_logs(pytester: pytest.Pytester) -> None:
    shutil.copytree(TEMPLATES / "auth", pytester.path / "tests" / "app")
    shutil.copytree(TEMPLATES / "urls", pytester.path / "tests" / "urls")
    source = f"""
        import json
        import pytest

        pytestmark = pytest.mark.lambda_stack("app/template.yaml", parameters={{"PythonRuntime": "{RUNNING}"}})

        def test_allowed_and_denied(lambda_stack):
            allowed = lambda_stack.http("GET", "/tok/1", api="Api", headers={{"Authorization": "Bearer allow"}})
            assert json.loads(allowed["body"])["authorizer"]["principalId"] == "alice"
            denied = lambda_stack.http("GET", "/tok/1", api="Api", headers={{"Authorization": "Bearer deny"}})
            assert denied["statusCode"] == 403

        def test_jwt_claims(lambda_stack):
            assert lambda_stack.http("GET", "/jwt", api="HttpApi", claims={{"scope": "read"}})["statusCode"] == 200

        @pytest.mark.lambda_stack("urls/template.yaml", parameters={{"PythonRuntime": "{RUNNING}"}})
        def test_a_function_url(lambda_stack):
            assert lambda_stack.url("GET", "/", function="PrivateFunction", signed=False)["statusCode"] == 403

        def test_a_failure_shows_the_authorizers_invoke(lambda_stack):
            lambda_stack.http("GET", "/tok/1", api="Api", headers={{"Authorization": "Bearer allow"}})
            assert False
    """
    (pytester.path / "tests" / "test_app.py").write_text(dedent(source))
    result = pytester.runpytest("tests", "-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*Captured Lambda logs call*",
            "--- app-TokenAuthFunction-*: RequestResponse, request *, cold start: success",
            "--- app-ApiFunction-*: RequestResponse, request *, cold start: success",
        ]
    )
