"""``lambda_contexts()``: contexts within Lambda's limits, shrinking to the defaults."""

from __future__ import annotations

import re

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from pytest_lambda import ConfigurationError, LambdaContext
from pytest_lambda.strategies import lambda_contexts


@settings(max_examples=60, deadline=None)
@given(lambda_contexts())
def test_contexts_stay_within_lambdas_limits(context: LambdaContext) -> None:
    assert 128 <= int(context.memory_limit_in_mb) <= 10_240
    assert re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", context.function_name)
    assert re.fullmatch(r"\$LATEST|[0-9]+", context.function_version)
    qualifier = context.invoked_function_arn.split(":")[7:]
    assert qualifier in ([], [context.function_version]) or not qualifier[0].isdigit()
    assert 0 <= context.get_remaining_time_in_millis() <= 900_000


@pytest.mark.usefixtures("still_clock")
def test_remaining_time_varies_up_to_the_timeout() -> None:
    seen: list[int] = []

    @settings(max_examples=100, deadline=None, database=None)
    @given(lambda_contexts(timeout=10))
    def remaining(context: LambdaContext) -> None:
        seen.append(context.get_remaining_time_in_millis())

    remaining()
    assert min(seen) < 5_000 < 9_000 < max(seen) <= 10_000


@pytest.mark.usefixtures("still_clock")
def test_shrinks_to_the_default_context() -> None:
    context = find(lambda_contexts(), lambda c: True, settings=settings(database=None))
    assert (context.function_name, context.memory_limit_in_mb, context.function_version) == (
        "test_function",
        "128",
        "$LATEST",
    )
    assert context.invoked_function_arn == "arn:aws:lambda:us-east-1:123456789012:function:test_function"
    assert 2_900 < context.get_remaining_time_in_millis() <= 3_000


@settings(max_examples=20, deadline=None)
@given(lambda_contexts(alias=st.sampled_from(["live", "beta"]), memory_size=1024, remaining_ms=st.integers(1, 50)))
def test_options_fix_or_draw_a_setting(context: LambdaContext) -> None:
    assert context.invoked_function_arn.rsplit(":", 1)[1] in ("live", "beta")
    assert context.memory_limit_in_mb == "1024"
    assert context.get_remaining_time_in_millis() <= 50


def test_an_unknown_option_is_refused_at_construction() -> None:
    with pytest.raises(ConfigurationError, match=r"unknown lambda_contexts option\(s\) \['memory'\]; valid options"):
        lambda_contexts(memory=256)
