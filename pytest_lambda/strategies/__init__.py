"""Hypothesis strategies for Lambda events and contexts, and helpers for fuzzing handlers.

``events("sqs", body=st.binary())`` (or ``sqs_events(body=st.binary())``: one ``<source>_events``
per source) draws valid events; ``lambda_contexts()`` draws contexts; ``fuzz(handler, "sqs")`` runs
the common property tests; ``assert_http_response`` and ``assert_batch_item_failures`` check one
invocation inside your own ``@given`` test.
"""

from __future__ import annotations

from pytest_lambda.strategies import _sources
from pytest_lambda.strategies._contexts import lambda_contexts
from pytest_lambda.strategies._contracts import (
    ContractUsageError,
    assert_batch_item_failures,
    assert_http_response,
    batch_item_failures_problem,
    http_response_problem,
)
from pytest_lambda.strategies._events import DEFAULT_MAX_RECORDS, bodies, dynamodb_items, events, json_objects
from pytest_lambda.strategies._from_type import register_event_types
from pytest_lambda.strategies._fuzz import FuzzUsageError, check_invocation, fuzz
from pytest_lambda.strategies._sources import *  # noqa: F403

__all__ = [
    "DEFAULT_MAX_RECORDS",
    "ContractUsageError",
    "FuzzUsageError",
    "assert_batch_item_failures",
    "assert_http_response",
    "batch_item_failures_problem",
    "bodies",
    "check_invocation",
    "dynamodb_items",
    "events",
    "fuzz",
    "http_response_problem",
    "json_objects",
    "lambda_contexts",
]
__all__ += _sources.__all__

# st.from_type(SQSEvent) and every other event payload type.
register_event_types()
