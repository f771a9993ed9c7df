"""AWS AppSync batch invocation: one Lambda call resolving a field for a list of parent items.

With ``BatchInvoke`` the resolver sends a JSON *list* of resolver contexts, one per parent item,
and expects a list of results in the same order (AppSync's ``maxBatchSize``, 0-2000).
https://docs.aws.amazon.com/appsync/latest/devguide/tutorial-lambda-resolvers.html#advanced-use-case-batching
"""

from __future__ import annotations

import copy
from typing import Any

from pytest_lambda.events._common import Gen, record_overrides
from pytest_lambda.events._registry import EventSource, register
from pytest_lambda.events.appsync import SHORTHANDS as ITEM_SHORTHANDS
from pytest_lambda.events.appsync import AppSyncResolverEvent, appsync_event

__all__ = ["AppSyncBatchEvent", "appsync_batch_event"]

AppSyncBatchEvent = list[AppSyncResolverEvent]
# AppSync's maxBatchSize ranges 0-2000 (CreateResolver API).
MAX_BATCH_SIZE = 2000
SHORTHANDS = ("records", *ITEM_SHORTHANDS)


def appsync_batch_event(gen: Gen, shorthands: dict[str, Any]) -> AppSyncBatchEvent:
    """One context per parent item: the same caller, request and field; each its own ``source``."""
    items = record_overrides(shorthands.get("records", 2), MAX_BATCH_SIZE, "AppSync")
    shared = {key: value for key, value in shorthands.items() if key != "records"}
    # Batching serves a field of a non-root type (Post.author for many posts).
    shared.setdefault("type_name", "Post")
    first = appsync_event(gen, {**shared, **items[0]})
    batch: AppSyncBatchEvent = [first]
    for item in items[1:]:
        event = appsync_event(gen, {**shared, **item})
        # One GraphQL request: the same identity, request headers and selection for every item.
        event["identity"] = copy.deepcopy(first["identity"])
        event["request"] = copy.deepcopy(first["request"])
        batch.append(event)
    return batch


register(
    EventSource(
        "appsync_batch",
        "An AWS AppSync batch invocation: a list of resolver contexts, one per parent item",
        appsync_batch_event,
        SHORTHANDS,
        records_limit=MAX_BATCH_SIZE,
        docs="https://docs.aws.amazon.com/appsync/latest/devguide/tutorial-lambda-resolvers.html",
    )
)
