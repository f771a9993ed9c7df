"""Amazon Cognito Sync (identity pools): the sync trigger, a dataset synchronized by a device.

https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-events.html
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import Gen, override_error, text
from pytest_lambda.events._registry import EventSource, register, register_preset

__all__ = [
    "CognitoSyncDatasetRecord",
    "CognitoSyncTriggerEvent",
    "cognito_sync_trigger_event",
]


class CognitoSyncDatasetRecord(TypedDict):
    oldValue: str | None  # null for a key the dataset did not hold
    newValue: str | None  # null when the key is removed
    op: Literal["replace", "remove"]


class CognitoSyncTriggerEvent(TypedDict):
    version: int
    eventType: Literal["SyncTrigger"]
    region: str
    identityPoolId: str
    identityId: str
    datasetName: str
    datasetRecords: dict[str, CognitoSyncDatasetRecord]


COGNITO_SYNC_SHORTHANDS = ("dataset", "dataset_records")
# Dataset names: 1 to 128 characters of [a-zA-Z0-9_.:-].
_DATASET = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_DATASETS = {"gameState": ("level", "score"), "preferences": ("theme", "language"), "profile": ("nickname", "city")}


def _dataset_value(gen: Gen, key: str) -> str:
    """A realistic value for one of the sample datasets' keys (every value in a dataset is a string)."""
    if key == "level":
        return str(gen.integer(1, 60))
    if key == "score":
        return str(gen.integer(0, 99_999))
    if key == "theme":
        return gen.random.choice(("dark", "light", "system"))
    if key == "language":
        return gen.random.choice(("en-US", "fr-FR", "de-DE", "es-ES"))
    if key == "nickname":
        return gen.pick("first_name")
    return gen.pick("city")


def cognito_sync_trigger_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoSyncTriggerEvent:
    """A dataset synchronized by a device: each changed key with its old and new value.

    ``dataset_records`` maps keys to their new value, None for a removed key.
    """
    name = gen.random.choice(tuple(_DATASETS))
    dataset = text(shorthands, "dataset", name, _DATASET, "1 to 128 letters, digits or _.:-")
    records: dict[str, CognitoSyncDatasetRecord] = {}
    if "dataset_records" in shorthands:
        changes = shorthands["dataset_records"]
        if not isinstance(changes, Mapping) or not changes:
            raise override_error(
                f"dataset_records must be a non-empty dict of key to new value (None: removed), got {changes!r}"
            )
        for key, new in changes.items():
            if not isinstance(key, str) or (new is not None and not isinstance(new, str)):
                raise override_error(
                    f"dataset record {key!r} must map a str key to a str (or None: removed), got {new!r}"
                )
            records[key] = {
                "oldValue": gen.pick("word"),
                "newValue": new,
                "op": "remove" if new is None else "replace",
            }
    else:
        for key in _DATASETS.get(dataset, _DATASETS[name]):
            old = new_value = _dataset_value(gen, key)
            while new_value == old:  # a record in the trigger is one that changed
                new_value = _dataset_value(gen, key)
            records[key] = {"oldValue": old, "newValue": new_value, "op": "replace"}
    # Identity ids and pool ids are "<region>:<uuid>".
    return {
        "version": 2,
        "eventType": "SyncTrigger",
        "region": gen.region,
        "identityPoolId": f"{gen.region}:{gen.uuid()}",
        "identityId": f"{gen.region}:{gen.uuid()}",
        "datasetName": dataset,
        "datasetRecords": records,
    }


register(
    EventSource(
        "cognito_sync_trigger",
        "An Amazon Cognito Sync trigger: a dataset synchronized",
        cognito_sync_trigger_event,  # type: ignore[arg-type]
        COGNITO_SYNC_SHORTHANDS,
        docs="https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-events.html",
    )
)

# `sam local generate-event cognito sync-trigger`.
register_preset("cognito:sync-trigger", "cognito_sync_trigger", "Amazon Cognito Sync: a dataset synchronized")
