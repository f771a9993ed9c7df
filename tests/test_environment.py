from __future__ import annotations

import os
import re
import sys
import time

import pytest

from pytest_lambda import EnvironmentVariablesError, lambda_environ, make_context, patched_environ, validate_variables
from pytest_lambda.runtime.variables import RESERVED_VARIABLES


def test_reserved_variables_match_the_context() -> None:
    context = make_context(function_name="orders", memory_size=512, region="eu-west-2", version="9", alias="live")
    env = lambda_environ(context, handler="app.handler")
    assert env["_HANDLER"] == "app.handler"
    assert env["AWS_REGION"] == env["AWS_DEFAULT_REGION"] == "eu-west-2"
    assert env["AWS_EXECUTION_ENV"] == f"AWS_Lambda_python{sys.version_info.major}.{sys.version_info.minor}"
    assert env["AWS_LAMBDA_FUNCTION_NAME"] == "orders"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "512"
    assert env["AWS_LAMBDA_FUNCTION_VERSION"] == "9"
    assert env["AWS_LAMBDA_LOG_GROUP_NAME"] == "/aws/lambda/orders"
    assert env["AWS_LAMBDA_LOG_STREAM_NAME"] == context.log_stream_name
    assert env["AWS_LAMBDA_INITIALIZATION_TYPE"] == "on-demand"
    assert env["LAMBDA_TASK_ROOT"] == "/var/task"
    assert env["LAMBDA_RUNTIME_DIR"] == "/var/runtime"
    assert env["AWS_LAMBDA_RUNTIME_API"] == "127.0.0.1:9001"
    assert env["TZ"] == ":UTC"
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0", env["_X_AMZN_TRACE_ID"])
    assert re.fullmatch(r"ASIA[0-9A-F]{16}", env["AWS_ACCESS_KEY_ID"])
    assert env["AWS_ACCESS_KEY"] == env["AWS_ACCESS_KEY_ID"]
    assert len(env["AWS_SECRET_ACCESS_KEY"]) == 40
    assert env["AWS_SESSION_TOKEN"]


def test_default_handler_and_user_variables() -> None:
    env = lambda_environ(make_context(), variables={"TABLE": "t1", "LOG_LEVEL": "DEBUG"})
    assert env["_HANDLER"] == "lambda_function.lambda_handler"
    assert (env["TABLE"], env["LOG_LEVEL"]) == ("t1", "DEBUG")


def test_every_reserved_name_the_runtime_sets_is_reserved() -> None:
    env = lambda_environ(make_context())
    runtime_set = {k for k in env if k.startswith(("AWS_LAMBDA", "AWS_ACCESS", "AWS_SECRET", "AWS_SESSION", "_"))}
    assert runtime_set <= RESERVED_VARIABLES


def test_snap_start_has_no_log_variables() -> None:
    env = lambda_environ(make_context(), initialization_type="snap-start")
    assert env["AWS_LAMBDA_INITIALIZATION_TYPE"] == "snap-start"
    assert "AWS_LAMBDA_LOG_GROUP_NAME" not in env
    assert "AWS_LAMBDA_LOG_STREAM_NAME" not in env


def test_unknown_initialization_type_lists_the_valid_ones() -> None:
    with pytest.raises(EnvironmentVariablesError, match=r"'cold' is not one Lambda uses; valid values: \['on-demand',"):
        lambda_environ(make_context(), initialization_type="cold")


@pytest.mark.parametrize("key", ["AWS_REGION", "LAMBDA_TASK_ROOT", "AWS_SESSION_TOKEN", "AWS_LAMBDA_FUNCTION_NAME"])
def test_reserved_keys_are_refused_with_awss_text(key: str) -> None:
    with pytest.raises(EnvironmentVariablesError) as info:
        validate_variables({"OK": "1", key: "x"})
    assert (
        "Lambda was unable to configure your environment variables because the environment variables you have "
        "provided contains reserved keys that are currently not supported for modification. "
        f"Reserved keys used in this request: {key}"
    ) in str(info.value)


def test_several_reserved_keys_are_listed_sorted() -> None:
    with pytest.raises(EnvironmentVariablesError, match="request: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"):
        validate_variables({"AWS_SECRET_ACCESS_KEY": "s", "AWS_ACCESS_KEY_ID": "k"})


# _HANDLER is reserved too, but AWS's request validation rejects its leading underscore first.
@pytest.mark.parametrize("key", ["A", "1ABC", "MY-VAR", "MY VAR", "ÄB", "", "_HANDLER", "_X_AMZN_TRACE_ID"])
def test_key_syntax(key: str) -> None:
    with pytest.raises(
        EnvironmentVariablesError, match=re.escape("regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+")
    ):
        validate_variables({key: "x"})


@pytest.mark.parametrize("key", ["AB", "a1", "Z_9", "PATH", "TZ", "LANG"])
def test_valid_and_unreserved_keys_are_accepted(key: str) -> None:
    assert validate_variables({key: "v"}) == {key: "v"}


def test_values_must_be_strings() -> None:
    with pytest.raises(EnvironmentVariablesError, match="environment variable PORT must be a str, got 8080"):
        validate_variables({"PORT": 8080})


def test_four_kilobytes_in_total_measured_as_json() -> None:
    # {"BIG":"..."} is 10 bytes of JSON around the value.
    assert validate_variables({"BIG": "x" * 4086})
    with pytest.raises(EnvironmentVariablesError) as info:
        validate_variables({"BIG": "x" * 4087})
    assert 'exceeded the 4KB limit. String measured: {"BIG":"xxx' in str(info.value)


def test_size_counts_utf8_bytes() -> None:
    assert validate_variables({"BIG": "é" * 2043})  # 2 bytes each: 4086 + 10
    with pytest.raises(EnvironmentVariablesError, match=re.escape('4KB limit. String measured: {"BIG":"ééé')):
        validate_variables({"BIG": "é" * 2044})


def test_patched_environ_sets_removes_and_restores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "prod")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://localhost:4566")
    monkeypatch.setenv("AWS_REGION", "ap-south-1")
    monkeypatch.delenv("TABLE", raising=False)
    before = dict(os.environ)
    env = lambda_environ(make_context(region="eu-north-1"), variables={"TABLE": "t"})
    with patched_environ(env) as applied:
        assert applied == env
        assert "AWS_PROFILE" not in os.environ
        assert "AWS_ENDPOINT_URL" not in os.environ
        assert os.environ["AWS_REGION"] == "eu-north-1"
        assert os.environ["TABLE"] == "t"
        assert time.strftime("%Z") == "UTC"
        os.environ["SET_DURING_TEST"] = "kept"  # not ours: left as the test set it
    assert os.environ.pop("SET_DURING_TEST") == "kept"
    assert dict(os.environ) == before


def test_patched_environ_restores_after_an_exception() -> None:
    before = dict(os.environ)
    with pytest.raises(RuntimeError), patched_environ({"ONLY_INSIDE": "1"}):
        raise RuntimeError
    assert dict(os.environ) == before
