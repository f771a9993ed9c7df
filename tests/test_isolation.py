"""A sealed execution environment: bad input gets our error, and nothing an invoke does leaks into the test."""

from __future__ import annotations

import json
import logging
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest

from pytest_lambda import LambdaFunction, PytestLambdaError, make_event
from pytest_lambda.errors import ArgumentTypeError, ConfigurationError, EnvironmentVariablesError
from pytest_lambda.events import EventOverrideError
from pytest_lambda.runtime.cslot import EnvironSlot
from pytest_lambda.runtime.variables import EnvironSwap, patched_environ


def ok(event: Any, context: Any) -> str:
    return "ok"


# -- bad input gets our error, not a deep one ------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "kind", "names"),
    [
        ({"watchdog_seconds": "1"}, TypeError, ["watchdog_seconds", "'1'", "number of seconds or None"]),
        ({"watchdog_seconds": True}, TypeError, ["watchdog_seconds", "True"]),
        ({"watchdog_seconds": math.inf}, ValueError, ["watchdog_seconds", "inf", "finite"]),
        ({"watchdog_seconds": math.nan}, ValueError, ["watchdog_seconds", "nan", "finite"]),
        ({"environment": "AB=1"}, TypeError, ["environment", "'AB=1'", "mapping"]),
        ({"environment": {"TABLE": "x\udc80"}}, ValueError, ["TABLE", "\\udc80", "UTF-8"]),
        ({"environment": {"TABLE": "a\x00b"}}, ValueError, ["TABLE", "NUL", "\\x00"]),
        ({"clock": "now"}, TypeError, ["clock", "'now'", "VirtualClock"]),
    ],
)
def test_bad_settings_name_the_argument_the_value_and_what_is_accepted(
    options: dict[str, Any], kind: type[Exception], names: list[str]
) -> None:
    with pytest.raises(PytestLambdaError) as info:
        LambdaFunction(ok, **options)
    assert isinstance(info.value, kind)
    for name in names:
        assert name in str(info.value)


@pytest.mark.parametrize(
    ("options", "names"),
    [
        ({"context": "ctx"}, ["context", "'ctx'", "LambdaContext"]),
        ({"client_context": "cc"}, ["client_context", "'cc'", "mapping"]),
        ({"identity": "id"}, ["identity", "'id'", "mapping"]),
        ({"tenant_id": 7}, ["tenant_id", "7", "str"]),
    ],
)
def test_bad_invoke_keywords_are_type_errors_of_ours(options: dict[str, Any], names: list[str]) -> None:
    with pytest.raises(ArgumentTypeError) as info:
        LambdaFunction(ok).invoke({}, **options)
    assert isinstance(info.value, TypeError)
    for name in names:
        assert name in str(info.value)


@pytest.mark.parametrize("event", [math.nan, {"a": [math.inf]}, {"b": -math.inf}])
def test_an_event_that_is_not_json_is_refused_as_invoke_refuses_it(event: Any) -> None:
    with pytest.raises(ConfigurationError, match=r"InvalidRequestContentException: .*not JSON compliant"):
        LambdaFunction(ok).invoke(event)


def _nested(depth: int) -> list[Any]:
    event: list[Any] = []
    inner = event
    for _ in range(depth):
        inner.append([])
        inner = inner[0]
    return event


def test_an_event_nested_too_deep_is_refused_clearly_not_with_a_bare_recursion_error() -> None:
    with pytest.raises(ConfigurationError, match="nested too deep to be encoded as JSON"):
        LambdaFunction(ok).invoke(_nested(5000))
    assert LambdaFunction(lambda e, c: len(e)).invoke(_nested(100)).payload == 1


@pytest.mark.parametrize(
    ("source", "options", "names"),
    [
        ("sqs", {"records": 10**9}, ["SQS", "1 to 10000", "1000000000"]),
        ("sqs", {"records": -1}, ["SQS", "-1"]),
        ("kinesis", {"records": 10**9}, ["Kinesis", "1 to 10000"]),
        ("dynamodb", {"records": -1}, ["DynamoDB", "-1"]),
        ("kafka", {"records": 10**9}, ["Kafka", "1 to 10000"]),
        ("s3", {"records": 10**9}, ["S3", "1 to 100"]),
        ("appsync_batch", {"records": 10**9}, ["AppSync", "1 to 2000"]),
        ("appsync_events", {"events": 10**9}, ["events=1000000000"]),
        ("appsync_events", {"events": -1}, ["events=-1"]),
    ],
)
def test_a_huge_or_negative_count_is_refused_before_anything_is_built(
    source: str, options: dict[str, Any], names: list[str]
) -> None:
    # Refused at once: a billion records would exhaust memory long before a check after the fact.
    with pytest.raises(EventOverrideError) as info:
        make_event(source, **options)
    for name in names:
        assert name in str(info.value)


# -- the environment -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["a\x00b", "x\udcff"])
def test_patched_environ_checks_every_value_before_setting_any(value: str) -> None:
    before = dict(os.environ)
    with (
        pytest.raises(EnvironmentVariablesError, match="BAD_ONE"),
        patched_environ({"AWS_REGION": "x", "BAD_ONE": value}),
    ):
        pass  # pragma: no cover - not reached
    assert dict(os.environ) == before


@pytest.mark.parametrize("value", ["a\x00b", "x\udcff"])
def test_a_bad_lambda_env_value_fails_setup_and_leaves_os_environ_as_it_was(
    pytester: pytest.Pytester, value: str
) -> None:
    pytester.makepyfile(
        dedent(
            f"""
            import os
            import pytest

            def environ():
                return {{k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}}

            BEFORE = environ()

            @pytest.mark.lambda_env(TABLE={value!r})
            def test_bad(lambda_env):
                pass

            def test_after():
                assert environ() == BEFORE
            """
        )
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["environment variable TABLE=* contains *"])


# -- the root logger -------------------------------------------------------------------------------


def test_a_module_setting_the_root_level_at_import_keeps_it_to_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(tmp_path)
    (tmp_path / "sets_root_level.py").write_text(
        dedent(
            """
            import logging

            logger = logging.getLogger()
            logger.setLevel("INFO")

            def handler(event, context):
                logger.info("info from the handler")
                return logging.getLogger().level
            """
        )
    )
    root = logging.getLogger()
    before = root.level
    function = LambdaFunction("sets_root_level.handler")
    first = function.invoke({})
    assert root.level == before
    second = function.invoke({})
    # The function's environment keeps its level, invoke after invoke; the test's stays the test's.
    assert (first.payload, second.payload) == (logging.INFO, logging.INFO)
    assert "info from the handler" in second.logs
    assert root.level == before


def test_a_handler_changing_the_level_changes_it_for_its_own_next_invoke_only() -> None:
    root = logging.getLogger()
    before = root.level

    def handler(event: Any, context: Any) -> int:
        level = logging.getLogger().level
        logging.getLogger().setLevel(event)
        return level

    with LambdaFunction(handler) as function:
        assert function.invoke(logging.DEBUG).payload == before
        assert root.level == before
        assert function.invoke(logging.ERROR).payload == logging.DEBUG
    assert LambdaFunction(handler).invoke(logging.INFO).payload == before
    assert root.level == before


# -- modules ---------------------------------------------------------------------------------------

_PACKAGE_APP = """
import sys

TABLE = "orders"

def handler(event, context):
    import sealed_shop
    me = sys.modules[__name__]
    # Inside the invoke, the function's copy is the one reached by name and through its package.
    return {"table": TABLE, "own_copy": me is sealed_shop.app and handler is me.handler}
"""


@pytest.mark.parametrize("handler", ["sealed_shop/app.handler", "sealed_shop.app.handler"])
def test_invoking_a_handler_string_leaves_the_tests_own_module_in_place(
    handler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sealed_shop").mkdir()
    (tmp_path / "sealed_shop" / "__init__.py").write_text("")
    (tmp_path / "sealed_shop" / "app.py").write_text(_PACKAGE_APP)
    monkeypatch.syspath_prepend(tmp_path)
    monkeypatch.delitem(sys.modules, "sealed_shop", raising=False)
    monkeypatch.delitem(sys.modules, "sealed_shop.app", raising=False)
    import sealed_shop.app  # type: ignore[import-not-found]

    mine = sealed_shop.app
    with LambdaFunction(handler) as function:
        assert function.invoke({}).payload == {"table": "orders", "own_copy": True}
        assert sys.modules["sealed_shop.app"] is mine
        assert sealed_shop.app is mine
        assert function.module is not mine
        # A patch by dotted name reaches the test's copy, not the function's.
        monkeypatch.setattr("sealed_shop.app.TABLE", "patched")
        assert mine.TABLE == "patched"
        assert function.invoke({}).payload["table"] == "orders"
    assert sealed_shop.app is mine


def test_a_package_the_test_never_imported_gets_no_attribute_from_the_function(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sealed_shop2").mkdir()
    (tmp_path / "sealed_shop2" / "__init__.py").write_text("")
    (tmp_path / "sealed_shop2" / "app.py").write_text(_PACKAGE_APP.replace("sealed_shop", "sealed_shop2"))
    monkeypatch.syspath_prepend(tmp_path)
    assert LambdaFunction("sealed_shop2.app.handler").invoke({}).payload == {"table": "orders", "own_copy": True}
    assert "sealed_shop2.app" not in sys.modules
    assert not hasattr(sys.modules["sealed_shop2"], "app")
    monkeypatch.delitem(sys.modules, "sealed_shop2")


# -- the shell does not reach the handler ----------------------------------------------------------

SHELL = {
    "AWS_PROFILE": "prod",
    "AWS_DEFAULT_PROFILE": "prod",
    "AWS_ACCESS_KEY_ID": "AKIAREALKEY000000000",
    "AWS_SECRET_ACCESS_KEY": "real-secret",
    "AWS_CA_BUNDLE": "/etc/corp-ca.pem",
    "AWS_ENDPOINT_URL": "https://proxy.example.com",
    "AWS_ENDPOINT_URL_S3": "https://s3.proxy.example.com",
    "AWS_CONFIG_FILE": "/home/dev/.aws/config",
    "AWS_SHARED_CREDENTIALS_FILE": "/home/dev/.aws/credentials",
}


def _c_environ(name: str) -> str:
    """What a child process of the handler sees: the C environment, not just os.environ."""
    return subprocess.run(
        ["sh", "-c", f'printf %s "${{{name}-unset}}"'], capture_output=True, text=True, check=True
    ).stdout


def test_the_shells_aws_settings_do_not_reach_the_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SHELL.items():
        monkeypatch.setenv(name, value)
    before = dict(os.environ)

    def handler(event: Any, context: Any) -> dict[str, Any]:
        names = [*SHELL, "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY"]
        return {"python": {n: os.environ.get(n) for n in names}, "c": {n: _c_environ(n) for n in event}}

    for function in (LambdaFunction(handler, environment={"TABLE": "t"}), LambdaFunction(handler)):
        seen = function.invoke(["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_ENDPOINT_URL"]).payload
        python = seen["python"]
        # Lambda's execution-role credentials: temporary keys, a session token (configuration-envvars.html).
        assert python["AWS_ACCESS_KEY_ID"].startswith("ASIA")
        assert python["AWS_ACCESS_KEY"] == python["AWS_ACCESS_KEY_ID"]
        assert python["AWS_SECRET_ACCESS_KEY"] not in (None, "real-secret")
        assert python["AWS_SESSION_TOKEN"]
        assert python["AWS_CONFIG_FILE"] == os.devnull
        hidden = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CA_BUNDLE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
                  "AWS_SHARED_CREDENTIALS_FILE")  # fmt: skip
        for name in hidden:
            assert python[name] is None, name
        assert seen["c"]["AWS_PROFILE"] == seen["c"]["AWS_ENDPOINT_URL"] == "unset"
        assert seen["c"]["AWS_ACCESS_KEY_ID"] == python["AWS_ACCESS_KEY_ID"]
        assert dict(os.environ) == before
        function.close()
    assert _c_environ("AWS_PROFILE") == "prod"


def test_a_function_may_still_set_an_aws_setting_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "https://shell.example.com")
    read = lambda e, c: os.environ.get("AWS_ENDPOINT_URL")  # noqa: E731
    assert LambdaFunction(read, environment={"AWS_ENDPOINT_URL": "http://127.0.0.1:5000"}).invoke().payload == (
        "http://127.0.0.1:5000"
    )


def test_a_boto3_call_in_a_handler_works_under_a_developers_profile(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    moto = pytest.importorskip("moto")
    boto3 = pytest.importorskip("boto3")
    # A profile the process cannot find, and a home whose default profile points elsewhere.
    (tmp_path / ".aws").mkdir()
    (tmp_path / ".aws" / "config").write_text("[default]\nendpoint_url = https://proxy.example.com\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_PROFILE", "prod")

    def handler(event: Any, context: Any) -> dict[str, Any]:
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="orders")
        return {"buckets": [b["Name"] for b in s3.list_buckets()["Buckets"]], "endpoint": s3.meta.endpoint_url}

    with moto.mock_aws():
        # A first boto3 client loads botocore's models: seconds on a loaded machine under coverage.
        result = LambdaFunction(handler, timeout=900).invoke({})
    assert result.function_error is None, result.payload
    assert result.payload == {"buckets": ["orders"], "endpoint": "https://s3.amazonaws.com"}


def test_the_cli_invoke_seals_the_function_too(tmp_path: Path) -> None:
    (tmp_path / "show.py").write_text(
        "import os\n\ndef handler(event, context):\n"
        "    return {n: os.environ.get(n) for n in ('AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID')}\n"
    )
    env = {**os.environ, **SHELL}
    done = subprocess.run(
        [sys.executable, "-m", "pytest_lambda", "invoke", "show.handler"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["AWS_PROFILE"] is None
    assert payload["AWS_ENDPOINT_URL"] is None
    assert payload["AWS_ACCESS_KEY_ID"].startswith("ASIA")


# -- memory ----------------------------------------------------------------------------------------


def test_no_invoke_hands_the_c_library_a_new_trace_id_string(monkeypatch: pytest.MonkeyPatch) -> None:
    # glibc keeps every string putenv gave it: a fresh trace id per invoke grew the process ~145 bytes
    # an invoke (bench/memory.py). The trace id is written in place instead, and still reaches C.
    put: list[bytes] = []
    real_putenv = os.putenv

    def putenv(key: Any, value: Any) -> None:
        put.append(os.fsencode(key))
        real_putenv(key, value)

    seen: list[str] = []

    def handler(event: Any, context: Any) -> None:
        seen.append(os.environ["_X_AMZN_TRACE_ID"])
        seen.append(_c_environ("_X_AMZN_TRACE_ID"))

    with LambdaFunction(handler) as held:
        held.invoke({})
        monkeypatch.setattr(os, "putenv", putenv)
        held.invoke({})
        held.invoke({})
        assert put == []
    unheld = LambdaFunction(handler)
    unheld.invoke({})
    unheld.invoke({})
    assert b"_X_AMZN_TRACE_ID" not in put
    assert len(set(seen[::2])) == 5
    assert seen[::2] == seen[1::2]
    assert _c_environ("_X_AMZN_TRACE_ID") == "unset"


# -- the variables a handler sets are its execution environment's -----------------------------------


def _counts(event: Any, context: Any) -> list[str | None]:
    seen = [os.environ.get("RUNS"), os.environ.get("TABLE")]
    os.environ["RUNS"] = str(int(seen[0] or 0) + 1)
    os.environ.pop("TABLE", None)
    return seen


def test_a_held_function_keeps_what_its_handler_set_and_the_test_never_sees_it() -> None:
    before = dict(os.environ)
    with LambdaFunction(_counts, environment={"TABLE": "orders"}) as function:
        assert function.invoke({}).payload == [None, "orders"]
        assert "RUNS" not in os.environ
        assert _c_environ("RUNS") == "unset"
        # The function's configured variables stay set while it is held; its code's changes do not show.
        assert os.environ["TABLE"] == "orders"
        assert function.invoke({}).payload == ["1", None]
        assert function.invoke({}).payload == ["2", None]
        assert "RUNS" not in os.environ
    assert dict(os.environ) == before


def test_an_unheld_function_keeps_them_too_and_a_new_environment_starts_afresh() -> None:
    before = dict(os.environ)
    function = LambdaFunction(_counts)
    assert function.invoke({}).payload == [None, None]
    assert dict(os.environ) == before
    assert function.invoke({}).payload == ["1", None]
    function.reset()
    assert function.invoke({}).payload == [None, None]
    assert dict(os.environ) == before


def test_variables_the_module_sets_at_import_are_the_functions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(tmp_path)
    (tmp_path / "sets_at_import.py").write_text(
        "import os\n\nos.environ.setdefault('POWERTOOLS_SERVICE_NAME', 'orders')\n\n"
        "def handler(event, context):\n    return os.environ['POWERTOOLS_SERVICE_NAME']\n"
    )
    before = dict(os.environ)
    function = LambdaFunction("sets_at_import.handler")
    assert function.invoke({}).payload == "orders"
    assert function.invoke({}).payload == "orders"
    assert dict(os.environ) == before


def test_a_monkeypatch_after_an_invoke_does_not_make_the_functions_variables_outlive_the_test(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        dedent(
            """
            import os

            def test_one(monkeypatch, lambda_function):
                fn = lambda_function(lambda e, c: os.environ["TABLE"], environment={"TABLE": "orders"})
                assert fn.invoke({}).payload == "orders"
                monkeypatch.setenv("TABLE", "patched")
                monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "patched")

            def test_two():
                assert "TABLE" not in os.environ
                assert "AWS_LAMBDA_FUNCTION_NAME" not in os.environ
            """
        )
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def _toggles(event: Any, context: Any) -> bool:
    present = "TOGGLE" in os.environ
    if present:
        del os.environ["TOGGLE"]
    else:
        os.environ["TOGGLE"] = "on"
    return present


def test_a_variable_the_function_set_and_then_deleted_is_gone_for_it_and_never_seen_by_the_test() -> None:
    before = dict(os.environ)
    function = LambdaFunction(_toggles)
    assert [function.invoke({}).payload for _ in range(3)] == [False, True, False]
    assert dict(os.environ) == before


def test_a_nested_invoke_keeps_the_inner_functions_changes_from_the_outer_one() -> None:
    inner = LambdaFunction(_toggles)

    def outer(event: Any, context: Any) -> list[Any]:
        os.environ["OUTER"] = "1"
        first = inner.invoke({}).payload
        return [first, inner.invoke({}).payload, "TOGGLE" in os.environ]

    before = dict(os.environ)
    assert LambdaFunction(outer).invoke({}).payload == [False, True, False]
    assert dict(os.environ) == before
    assert type(os.environ) is os._Environ


def test_an_environ_slot_refuses_what_does_not_fit() -> None:
    slot = EnvironSlot(b"PL_SLOT_TEST", 4)
    assert not slot.write(b"too long")
    assert not slot.write(b"a\x00b")
    assert "PL_SLOT_TEST" not in os.environ


@pytest.mark.parametrize(
    ("environ", "message"),
    [({"A=B": "x"}, "'A=B' is not an environment variable name"), ({"PORT": 80}, "PORT must be a str, got 80")],
)
def test_patched_environ_refuses_what_the_process_environment_cannot_take(
    environ: dict[str, Any], message: str
) -> None:
    before = dict(os.environ)
    with pytest.raises(EnvironmentVariablesError, match=re.escape(message)), patched_environ(environ):
        pass  # pragma: no cover - not reached
    assert dict(os.environ) == before


def test_a_value_that_does_not_fit_the_slot_is_put_the_usual_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PL_SLOT_SET", raising=False)
    swap = EnvironSwap()
    swap.set_slot(EnvironSlot(b"PL_SLOT_SET", 2), b"longer")
    assert os.environ["PL_SLOT_SET"] == _c_environ("PL_SLOT_SET") == "longer"
    swap.restore()
    assert "PL_SLOT_SET" not in os.environ
    assert _c_environ("PL_SLOT_SET") == "unset"


def test_put_back_restores_only_what_is_at_the_functions_value_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PL_BACK_HOST", "fn")
    monkeypatch.setenv("PL_BACK_NONE", "fn")
    monkeypatch.setenv("PL_BACK_MOVED", "someone else's")
    EnvironSwap.put_back(
        [
            (b"PL_BACK_HOST", b"fn", b"host"),
            (b"PL_BACK_NONE", b"fn", None),
            (b"PL_BACK_MOVED", b"fn", b"host"),
            (b"PL_BACK_SAME", b"host", b"host"),
        ]
    )
    assert os.environ["PL_BACK_HOST"] == _c_environ("PL_BACK_HOST") == "host"
    assert "PL_BACK_NONE" not in os.environ
    assert os.environ["PL_BACK_MOVED"] == "someone else's"
    assert "PL_BACK_SAME" not in os.environ
