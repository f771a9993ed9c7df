"""How the plugin loads: cheaply, switchably, and safely beside the clashing pytest-lambda."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

HEAVY = ("faker", "hypothesis", "moto", "boto3", "botocore")


def test_importing_the_plugin_imports_nothing_heavy() -> None:
    code = dedent(
        f"""
        import sys
        import pytest_lambda.plugin, pytest_lambda
        pytest_lambda.make_context().get_remaining_time_in_millis()
        heavy = [name for name in sys.modules if name.split(".")[0] in {HEAVY!r}]
        print(heavy)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_plugin_is_registered_under_aws_lambda(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_it(lambda_context): pass")
    result = pytester.runpytest_subprocess("--trace-config")
    result.stdout.fnmatch_lines(["*aws_lambda*pytest_lambda/plugin.py*"])
    result.assert_outcomes(passed=1)


def test_p_no_aws_lambda_switches_it_off(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_it(lambda_context): pass")
    result = pytester.runpytest_subprocess("-p", "no:aws_lambda")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'lambda_context' not found*"])
    result.stdout.no_fnmatch_line("*aws_lambda: function_name*")


def _fake_pytest_lambda_distribution(root: Path, *, entry_point: bool) -> None:
    # What `pip install pytest-lambda` leaves in site-packages, minus its files (ours are in place).
    info = root / "pytest_lambda-2.2.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: pytest-lambda\nVersion: 2.2.1\n")
    if entry_point:
        (info / "entry_points.txt").write_text("[pytest11]\nlambda=pytest_lambda.plugin\n")


WARNING_LINE = (
    "*ConflictingDistributionWarning: pytest-aws-lambda: the unrelated distribution 'pytest-lambda' 2.2.1 "
    "is installed too. Both ship an import package named 'pytest_lambda'*"
)
FIX = "pip uninstall -y pytest-lambda && pip install --force-reinstall pytest-aws-lambda"


@pytest.mark.parametrize("entry_point", [False, True], ids=["metadata-only", "with-entry-point"])
def test_conflicting_distribution_warns_and_does_not_crash(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, entry_point: bool
) -> None:
    site = pytester.path / "site"
    _fake_pytest_lambda_distribution(site, entry_point=entry_point)
    monkeypatch.syspath_prepend(site)
    pytester.makepyfile("def test_it(lambda_context): pass")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([WARNING_LINE])
    assert FIX in result.stdout.str()


def test_conflicting_entry_point_in_a_fresh_process(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the plugin blocking one of the two names, pytest would register this module twice
    # and stop with "Plugin already registered under a different name".
    site = pytester.path / "site"
    _fake_pytest_lambda_distribution(site, entry_point=True)
    monkeypatch.setenv("PYTHONPATH", str(site))
    pytester.makepyfile("def test_it(lambda_context): pass")
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([WARNING_LINE])


def test_loaded_explicitly_by_module_name(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_it(lambda_context): pass")
    result = pytester.runpytest("-p", "no:aws_lambda", "-p", "pytest_lambda.plugin")
    result.assert_outcomes(passed=1)


def test_no_warning_without_the_conflicting_distribution(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_it(lambda_context): pass")
    result = pytester.runpytest_subprocess("-W", "error")
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*ConflictingDistributionWarning*")
