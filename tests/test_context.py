from __future__ import annotations

import inspect
import re
import uuid
from dataclasses import fields

import pytest
from freezegun import freeze_time

from pytest_lambda import (
    ClientContext,
    CognitoIdentity,
    ConfigurationError,
    ContextConfig,
    LambdaContext,
    make_context,
)
from pytest_lambda.context import CONTEXT_OPTIONS

# The public attribute set of awslambdaric 4.2.2's LambdaContext.
RUNTIME_ATTRIBUTES = {
    "aws_request_id",
    "log_group_name",
    "log_stream_name",
    "function_name",
    "memory_limit_in_mb",
    "function_version",
    "invoked_function_arn",
    "tenant_id",
    "client_context",
    "identity",
    "get_remaining_time_in_millis",
    "log",
    "w3c",
}


def test_attribute_set_is_the_runtimes() -> None:
    context = make_context()
    public = {name for name in dir(context) if not name.startswith("_")}
    assert public == RUNTIME_ATTRIBUTES


def test_defaults_are_awss() -> None:
    context = make_context()
    assert context.function_name == "test_function"
    assert context.function_version == "$LATEST"
    assert context.memory_limit_in_mb == "128"
    assert type(context.memory_limit_in_mb) is str
    assert context.invoked_function_arn == "arn:aws:lambda:us-east-1:123456789012:function:test_function"
    assert context.log_group_name == "/aws/lambda/test_function"
    assert context.tenant_id is None
    assert context.client_context is None
    assert isinstance(context.identity, CognitoIdentity)
    assert context.identity.cognito_identity_id is None
    assert context.identity.cognito_identity_pool_id is None
    assert context.w3c() == {}


def test_request_id_is_a_fresh_uuid_each_time() -> None:
    first, second = make_context(), make_context()
    assert uuid.UUID(first.aws_request_id).version == 4
    assert first.aws_request_id != second.aws_request_id


def test_log_stream_name_format_and_date_follow_the_clock() -> None:
    with freeze_time("2031-02-03T23:59:59Z"):
        context = make_context(version="7")
    assert re.fullmatch(r"2031/02/03/\[7\][0-9a-f]{32}", context.log_stream_name or "")


def test_log_stream_default_version() -> None:
    assert re.fullmatch(r"\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}", make_context().log_stream_name or "")


@pytest.mark.parametrize(
    ("config", "arn", "version"),
    [
        ({}, "arn:aws:lambda:us-east-1:123456789012:function:f", "$LATEST"),
        ({"version": "4"}, "arn:aws:lambda:us-east-1:123456789012:function:f:4", "4"),
        ({"alias": "live", "version": "4"}, "arn:aws:lambda:us-east-1:123456789012:function:f:live", "4"),
        ({"alias": "dev"}, "arn:aws:lambda:us-east-1:123456789012:function:f:dev", "$LATEST"),
        ({"region": "cn-north-1"}, "arn:aws-cn:lambda:cn-north-1:123456789012:function:f", "$LATEST"),
        ({"region": "us-gov-west-1"}, "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f", "$LATEST"),
        ({"region": "us-iso-east-1"}, "arn:aws-iso:lambda:us-iso-east-1:123456789012:function:f", "$LATEST"),
        ({"region": "us-isob-east-1"}, "arn:aws-iso-b:lambda:us-isob-east-1:123456789012:function:f", "$LATEST"),
        ({"region": "eusc-de-east-1"}, "arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:f", "$LATEST"),
        ({"account_id": "000000000042"}, "arn:aws:lambda:us-east-1:000000000042:function:f", "$LATEST"),
    ],
)
def test_invoked_function_arn_is_qualified_by_alias_or_version(config: dict[str, str], arn: str, version: str) -> None:
    context = make_context(function_name="f", **config)  # type: ignore[arg-type]
    assert context.invoked_function_arn == arn
    assert context.function_version == version
    assert f"[{version}]" in (context.log_stream_name or "")


def test_memory_is_a_string_of_the_configured_size() -> None:
    assert make_context(memory_size=10240).memory_limit_in_mb == "10240"


def test_identity_from_the_runtimes_header_keys_or_attribute_names() -> None:
    wire = make_context(identity={"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"})
    attrs = make_context(identity={"cognito_identity_id": "id-2"})
    assert (wire.identity.cognito_identity_id, wire.identity.cognito_identity_pool_id) == ("id-1", "pool-1")
    assert (attrs.identity.cognito_identity_id, attrs.identity.cognito_identity_pool_id) == ("id-2", None)


def test_client_context_objects() -> None:
    context = make_context(
        client_context={
            "client": {"installation_id": "inst", "app_title": "Shop", "app_package_name": "com.shop"},
            "custom": {"tier": "gold"},
            "env": {"platform": "Android"},
        }
    )
    cc = context.client_context
    assert isinstance(cc, ClientContext)
    assert cc.custom == {"tier": "gold"}
    assert cc.env == {"platform": "Android"}
    assert cc.client is not None
    assert cc.client.installation_id == "inst"
    assert cc.client.app_title == "Shop"
    assert cc.client.app_version_name is None
    assert cc.client.app_package_name == "com.shop"


def test_client_context_without_client_has_client_none() -> None:
    cc = make_context(client_context={"custom": {"a": 1}}).client_context
    assert cc is not None
    assert cc.client is None
    assert cc.env is None


def test_w3c_is_popped_from_client_context_and_filtered() -> None:
    given = {
        "custom": {},
        "w3c": {"traceparent": "00-abc-def-01", "tracestate": 5, "baggage": "k=v", "other": "x"},
    }
    context = make_context(client_context=given)
    assert context.w3c() == {"traceparent": "00-abc-def-01", "baggage": "k=v"}
    assert context.client_context is not None
    assert not hasattr(context.client_context, "w3c")
    # The caller's mapping is not mutated; every context parses its own copy.
    assert "w3c" in given
    assert make_context(client_context=given).w3c() == context.w3c()


def test_client_context_is_a_json_copy() -> None:
    custom = {"ids": (1, 2)}
    context = make_context(client_context={"custom": custom})
    assert context.client_context is not None
    assert context.client_context.custom == {"ids": [1, 2]}
    context.client_context.custom["ids"].append(3)
    assert custom == {"ids": (1, 2)}


def test_repr_matches_the_runtime_format() -> None:
    context = make_context(
        identity={"cognitoIdentityId": "i"},
        client_context={"client": {"app_title": "t"}, "custom": {"k": "v"}, "env": {}},
        tenant_id="acme",
    )
    assert repr(context) == (
        f"LambdaContext([aws_request_id={context.aws_request_id},"
        "log_group_name=/aws/lambda/test_function,"
        f"log_stream_name={context.log_stream_name},"
        "function_name=test_function,memory_limit_in_mb=128,function_version=$LATEST,"
        "invoked_function_arn=arn:aws:lambda:us-east-1:123456789012:function:test_function,"
        "client_context=ClientContext([custom={'k': 'v'},env={},client=Client([installation_id=None,"
        "app_title=t,app_version_name=None,app_version_code=None,app_package_name=None])]),"
        "identity=CognitoIdentity([cognito_identity_id=i,cognito_identity_pool_id=None]),"
        "tenant_id=acme])"
    )


def test_log_writes_str_without_newline(capsys: pytest.CaptureFixture[str]) -> None:
    context = make_context()
    context.log("one")
    context.log(2)
    assert capsys.readouterr().out == "one2"


def test_make_context_keywords_are_the_config_fields_with_the_same_defaults() -> None:
    params = inspect.signature(make_context).parameters
    assert tuple(params) == CONTEXT_OPTIONS
    for f in fields(ContextConfig):
        assert params[f.name].kind is inspect.Parameter.KEYWORD_ONLY
        assert params[f.name].default == f.default


def test_new_context_accepts_fixed_ids_and_time_left() -> None:
    context = ContextConfig().new_context(aws_request_id="req-1", log_stream_name="s", remaining_ms=0)
    assert isinstance(context, LambdaContext)
    assert (context.aws_request_id, context.log_stream_name) == ("req-1", "s")
    assert context.get_remaining_time_in_millis() == 0


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"timeout": 0}, "timeout=0 is out of range: Lambda accepts 1 to 900 seconds"),
        ({"timeout": 901}, "timeout=901 is out of range: Lambda accepts 1 to 900 seconds"),
        ({"timeout": 2.5}, "timeout must be a whole number of seconds between 1 and 900, got 2.5"),
        ({"timeout": True}, "timeout must be a whole number of seconds between 1 and 900, got True"),
        ({"memory_size": 127}, "memory_size=127 is out of range: Lambda accepts 128 to 10240 MB"),
        ({"memory_size": 10241}, "memory_size=10241 is out of range: Lambda accepts 128 to 10240 MB"),
        ({"region": "useast1"}, "region='useast1' is not valid: expected a region name such as 'us-east-1'"),
        ({"region": "US-EAST-1"}, "region='US-EAST-1' is not valid"),
        ({"account_id": "1234"}, "account_id='1234' is not valid: expected 12 digits"),
        ({"function_name": "my function"}, "function_name='my function' is not valid: expected 1-64 letters"),
        ({"function_name": "x" * 65}, "is not valid: expected 1-64 letters"),
        ({"version": "latest"}, "version='latest' is not valid: expected '$LATEST' or a published version"),
        ({"alias": "123"}, "alias='123' is not valid: expected 1-128 letters, digits, '-' or '_', not all digits"),
        ({"tenant_id": ""}, "tenant_id must be a string of 1-256 characters, got ''"),
        ({"identity": "x"}, "identity must be a mapping with keys"),
        ({"identity": {"id": "x"}}, "identity has unknown keys ['id']; valid keys: ['cognitoIdentityId',"),
        ({"client_context": []}, "client_context must be a mapping with keys ['client', 'custom', 'env', 'w3c']"),
        ({"client_context": {"Custom": {}}}, "client_context has unknown keys ['Custom']; valid keys: ['client',"),
        ({"client_context": {"client": 1}}, "client_context['client'] must be a mapping, got 1"),
        ({"client_context": {"client": {"title": "t"}}}, "client_context['client'] has unknown keys ['title']"),
        ({"client_context": {"custom": {1, 2}}}, "client_context must be JSON-serialisable"),
        ({"client_context": {"custom": {"k": "v" * 3000}}}, "Lambda's Invoke accepts at most 3583"),
    ],
)
def test_bad_configuration_names_the_value_and_the_valid_range(config: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        make_context(**config)  # type: ignore[arg-type]
    assert message in str(info.value)
    assert "#configuration" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_client_context_size_limit_edges() -> None:
    # {"custom":{"k":"..."}} is 19 bytes of JSON around the value; base64 of 2685 bytes is 3580,
    # of 2686 bytes 3584.
    make_context(client_context={"custom": {"k": "v" * (2685 - 19)}})
    with pytest.raises(ConfigurationError, match="3584 bytes once base64-encoded"):
        make_context(client_context={"custom": {"k": "v" * (2686 - 19)}})


def test_from_options_rejects_unknown_keywords_listing_the_valid_ones() -> None:
    with pytest.raises(ConfigurationError, match=r"unknown lambda_context option\(s\) \['memory'\]; valid options"):
        ContextConfig.from_options({"memory": 256})


def test_bounds_are_inclusive() -> None:
    assert make_context(timeout=1, memory_size=128).get_remaining_time_in_millis() <= 1000
    assert make_context(timeout=900, memory_size=10240).memory_limit_in_mb == "10240"
