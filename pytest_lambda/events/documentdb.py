"""Amazon DocumentDB events: a batch of change stream events (MongoDB change events, relaxed Extended JSON).

https://docs.aws.amazon.com/lambda/latest/dg/with-documentdb.html (example event) and
https://docs.aws.amazon.com/documentdb/latest/developerguide/change_streams.html (the change events).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import (
    Gen,
    batch_overrides,
    deep_merge,
    one_of,
    override_error,
    split_overrides,
)
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "DocumentDBChangeEvent",
    "DocumentDBClusterTime",
    "DocumentDBEvent",
    "DocumentDBEventRecord",
    "DocumentDBNamespace",
    "DocumentDBResumeToken",
    "DocumentDBTimestamp",
    "DocumentDBUpdateDescription",
    "change_event",
    "documentdb_event",
]

OperationType = Literal["insert", "update", "replace", "delete"]


class DocumentDBTimestamp(TypedDict):
    t: int
    i: int


# "$timestamp" is no identifier: the functional form names the key.
DocumentDBClusterTime = TypedDict("DocumentDBClusterTime", {"$timestamp": DocumentDBTimestamp})


class DocumentDBResumeToken(TypedDict):
    _data: str


class DocumentDBNamespace(TypedDict):
    db: str
    coll: str


class DocumentDBUpdateDescription(TypedDict):
    updatedFields: dict[str, Any]
    removedFields: list[str]


class _DocumentDBChangeEventBase(TypedDict):
    _id: DocumentDBResumeToken
    clusterTime: DocumentDBClusterTime
    documentKey: dict[str, Any]
    ns: DocumentDBNamespace
    operationType: OperationType


class DocumentDBChangeEvent(_DocumentDBChangeEventBase, total=False):
    # insert and replace events carry the document; update events only with FullDocument=UpdateLookup.
    fullDocument: dict[str, Any]
    # update events only.
    updateDescription: DocumentDBUpdateDescription


class DocumentDBEventRecord(TypedDict):
    event: DocumentDBChangeEvent


class DocumentDBEvent(TypedDict):
    eventSourceArn: str
    events: list[DocumentDBEventRecord]
    eventSource: Literal["aws:docdb"]


OPERATION_TYPES: tuple[OperationType, ...] = ("insert", "update", "replace", "delete")
# The event source mapping's FullDocument setting (DocumentDBEventSourceConfig).
FULL_DOCUMENT = ("Default", "UpdateLookup")
# The event source mapping's BatchSize for DocumentDB goes up to 10,000 events.
RECORDS_LIMIT = 10_000
RECORD_SHORTHANDS = ("document", "operation_type", "updated_fields")
SHORTHANDS = ("records", "database", "collection", "cluster", "full_document", *RECORD_SHORTHANDS)


def object_id(gen: Gen, epoch_s: int) -> str:
    """A 24-hex ObjectId: 4 bytes of creation time (seconds), then 8 random bytes."""
    return f"{epoch_s & 0xFFFFFFFF:08x}{gen.hex(16)}"


def _default_document(gen: Gen, created_ms: int) -> dict[str, Any]:
    """An order document in relaxed Extended JSON: ObjectId as $oid, date as $date, numbers plain."""
    return {
        "_id": {"$oid": object_id(gen, created_ms // 1000)},
        "customer": {"name": f"{gen.pick('first_name')} {gen.pick('last_name')}", "email": gen.pick("email")},
        "status": "created",
        "total": gen.integer(100, 500_000) / 100,
        "items": [{"sku": gen.alnum(8), "quantity": gen.integer(1, 5)} for _ in range(gen.integer(1, 3))],
        "createdAt": {"$date": Gen.iso(created_ms)},
    }


def change_event(
    gen: Gen,
    overrides: dict[str, Any] | None = None,
    *,
    namespace: DocumentDBNamespace,
    cluster_time: DocumentDBTimestamp,
    full_document: str,
) -> DocumentDBEventRecord:
    """One change event; ``overrides`` may use ``document``, ``operation_type`` and ``updated_fields``."""
    short, fields = split_overrides(_EVENT_KEYS, overrides or {}, RECORD_SHORTHANDS, "DocumentDB event")
    operation: OperationType = one_of(short, "operation_type", OPERATION_TYPES)
    created_ms = cluster_time["t"] * 1000 - (0 if operation == "insert" else gen.integer(60_000, 86_400_000))
    if "document" in short:
        given = short["document"]
        if not isinstance(given, Mapping):
            raise override_error(f"document must be a dict (the document in relaxed Extended JSON), got {given!r}")
        document = {str(k): v for k, v in given.items()}
        document.setdefault("_id", {"$oid": object_id(gen, created_ms // 1000)})
        document = {"_id": document.pop("_id"), **document}
    else:
        document = _default_document(gen, created_ms)
    updated = short.get("updated_fields")
    if updated is not None and operation != "update":
        raise override_error("updated_fields describes an update event (operation_type='update')")
    if operation == "update" and updated is None:
        updated = {"status": gen.pick("word")}
    if updated is not None:
        if not isinstance(updated, Mapping) or not updated or "_id" in updated:
            raise override_error(f"updated_fields must be a non-empty dict of fields other than _id, got {updated!r}")
        # The document after the update holds the updated values.
        document.update({str(k): v for k, v in updated.items()})
    t, i = cluster_time["t"], cluster_time["i"]
    event: DocumentDBChangeEvent = {
        # The resume token begins with the event's cluster time (seconds, increment), as DocumentDB's do.
        "_id": {"_data": f"01{t:08x}{i:08x}01{gen.hex(16)}"},
        "clusterTime": {"$timestamp": {"t": t, "i": i}},
        "documentKey": {"_id": document["_id"]},
    }  # type: ignore[typeddict-item]
    if operation in ("insert", "replace") or (operation == "update" and full_document == "UpdateLookup"):
        event["fullDocument"] = document
    if operation == "update":
        assert updated is not None
        event["updateDescription"] = {"updatedFields": {str(k): v for k, v in updated.items()}, "removedFields": []}
    event["ns"] = namespace
    event["operationType"] = operation
    record: DocumentDBEventRecord = {"event": event}
    deep_merge(record["event"], fields, "events[].event")  # type: ignore[arg-type]
    return record


_EVENT_KEYS = frozenset({*_DocumentDBChangeEventBase.__annotations__, "fullDocument", "updateDescription"})


def documentdb_event(gen: Gen, shorthands: dict[str, Any]) -> DocumentDBEvent:
    """A batch of one collection's changes in cluster-time order: every (t, i) and resume token unique."""
    full_document = one_of(shorthands, "full_document", FULL_DOCUMENT)
    items = batch_overrides(shorthands, RECORD_SHORTHANDS, RECORDS_LIMIT, "DocumentDB")
    cluster = str(shorthands.get("cluster", f"{gen.pick('word')}-docdb"))
    database = str(shorthands.get("database", gen.pick("word")))
    collection = str(shorthands.get("collection", "orders"))  # the default documents are orders
    # Cluster times: seconds plus an increment that orders the operations within one second.
    seconds = gen.ms_ago(60_000) // 1000
    first = gen.integer(1, 50)
    events = [
        change_event(
            gen,
            item,
            namespace={"db": database, "coll": collection},
            cluster_time={"t": seconds, "i": first + n},
            full_document=full_document,
        )
        for n, item in enumerate(items)
    ]
    return {"eventSourceArn": gen.arn("rds", f"cluster:{cluster}"), "events": events, "eventSource": "aws:docdb"}


register(
    EventSource(
        "documentdb",
        "Amazon DocumentDB change stream events from an event source mapping",
        documentdb_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("docdb",),
        records_limit=RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/lambda/latest/dg/with-documentdb.html",
        variants={"operation_type": " | ".join(OPERATION_TYPES), "full_document": " | ".join(FULL_DOCUMENT)},
    )
)
