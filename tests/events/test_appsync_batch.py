"""AppSync batch invocations: a JSON list of resolver contexts."""

from __future__ import annotations

import json

import pytest
from aws_lambda_powertools.utilities.data_classes import AppSyncResolverEvent
from aws_lambda_powertools.utilities.parser import models
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_lambda.events import EventOverrideError, make_event

from .shapes import SAMPLES

SAMPLE = SAMPLES / "powertools" / "appSyncBatchEvent.json"


def test_each_item_is_a_resolver_context_of_one_request() -> None:
    batch = make_event("appsync_batch", records=3, field_name="author")
    assert isinstance(batch, list)
    assert len(batch) == 3
    for item in batch:
        models.AppSyncResolverEventModel.model_validate(item)
        assert AppSyncResolverEvent(item).field_name == "author"
        assert item["info"]["parentTypeName"] == "Post"
    assert len({json.dumps(item["identity"], sort_keys=True) for item in batch}) == 1
    assert len({json.dumps(item["request"], sort_keys=True) for item in batch}) == 1
    assert len({json.dumps(item["source"], sort_keys=True) for item in batch}) == 3


def test_per_item_sources() -> None:
    batch = make_event("appsync_batch", records=[{"source": {"id": "p1"}}, {"source": {"id": "p2"}}])
    assert [item["source"] for item in batch] == [{"id": "p1"}, {"id": "p2"}]


def test_the_published_batch_keys_are_all_there() -> None:
    sample = json.loads(SAMPLE.read_text())
    ours = make_event("appsync_batch")
    assert set(sample[0]) <= set(ours[0])
    assert set(sample[0]["info"]) <= set(ours[0]["info"])


def test_list_events_take_no_field_overrides() -> None:
    with pytest.raises(EventOverrideError, match="appsync_batch events are JSON lists, so 'stash' has nowhere to go"):
        make_event("appsync_batch", stash={})
    with pytest.raises(EventOverrideError, match="AppSync batches hold 1 to 2000 records, asked for 2001"):
        make_event("appsync_batch", records=2001)


@settings(max_examples=25)
@given(seed=st.integers(0, 2**32), size=st.integers(1, 5))
def test_any_seed_validates_and_is_deterministic(seed: int, size: int) -> None:
    with freeze_time("2025-01-01"):
        batch = make_event("appsync_batch", seed=seed, records=size)
        assert batch == make_event("appsync_batch", seed=seed, records=size)
    assert json.loads(json.dumps(batch)) == batch
    for item in batch:
        models.AppSyncResolverEventModel.model_validate(item)
