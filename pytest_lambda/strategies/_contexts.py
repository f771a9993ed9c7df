"""``lambda_contexts()``: contexts within Lambda's limits, with varied remaining time, memory and qualifiers."""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from hypothesis import strategies as st

from pytest_lambda.context import MEMORY_RANGE, TIMEOUT_RANGE, ContextConfig, LambdaContext
from pytest_lambda.errors import ConfigurationError, with_docs

_OPTIONS = (*(f.name for f in fields(ContextConfig)), "remaining_ms")
_NAME = string.ascii_letters + string.digits + "-_"
# A few regions of each partition, so partition-dependent ARNs get exercised.
_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1")


def _default_first(default: Any, others: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``default`` (what shrinking reaches) or any of ``others``."""
    return st.one_of(st.just(default), others)


def _defaults() -> dict[str, st.SearchStrategy[Any]]:
    # Bounds are Lambda's (CreateFunction's Timeout 1-900 s, MemorySize 128-10240 MB; function names
    # 1-64 characters, aliases 1-128 and not all digits): https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
    alias = st.text(_NAME, min_size=1, max_size=16).filter(lambda name: not name.isdigit())
    return {
        "function_name": _default_first("test_function", st.text(_NAME, min_size=1, max_size=64)),
        "timeout": _default_first(3, st.integers(*TIMEOUT_RANGE)),
        "memory_size": _default_first(128, st.integers(*MEMORY_RANGE)),
        "region": _default_first("us-east-1", st.sampled_from(_REGIONS)),
        "version": _default_first("$LATEST", st.integers(1, 10**6).map(str)),
        "alias": _default_first(None, alias),
    }


def lambda_contexts(**options: Any) -> st.SearchStrategy[LambdaContext]:
    """Contexts as ``make_context`` builds them, with the function's settings drawn within Lambda's limits.

    ``options`` fix or draw any ``make_context`` keyword (a value or a strategy); ``remaining_ms``
    draws the time left when the handler starts (by default anywhere up to the whole timeout,
    shrinking to the whole timeout). The countdown starts when the example is drawn.
    """
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise ConfigurationError(
            with_docs(f"unknown lambda_contexts option(s) {unknown}; valid options: {list(_OPTIONS)}", "strategies")
        )
    drawn = {**_defaults(), **{k: v if isinstance(v, st.SearchStrategy) else st.just(v) for k, v in options.items()}}
    remaining = drawn.pop("remaining_ms", None)

    @st.composite
    def contexts(draw: Callable[[st.SearchStrategy[Any]], Any]) -> LambdaContext:
        config = ContextConfig(**{name: draw(strategy) for name, strategy in drawn.items()})
        full = config.timeout * 1000
        # Time already gone when the handler starts (init, queueing): none, shrinking to a full timeout.
        left = full - draw(st.integers(0, full - 1)) if remaining is None else draw(remaining)
        return config.new_context(remaining_ms=left)

    return contexts()
