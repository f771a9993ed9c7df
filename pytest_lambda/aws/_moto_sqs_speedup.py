"""An index over moto's SQS queue storage, so that a queue's backlog does not slow every request.

moto 5.2 keeps a queue's messages in one list (``moto/sqs/models.py``). Each ReceiveMessage builds a
new list of every visible message (its source says: "TODO: This can become very inefficient"), and
for each message it returns it checks the retention period through ``get_queue_attributes``, which
counts the queue's visible, delayed and in-flight messages by scanning the list three times, three
times over. SendMessage asks for the same counts, DeleteMessage and ChangeMessageVisibility scan the
list for the receipt handle. Every request therefore costs time in proportion to the queue's length,
and draining N messages costs O(N²): about a minute for 1,000 (bench/README.md, mappings).

While installed, this module keeps beside each queue an index of its messages: by receipt handle,
by deduplication id, the visible ones in the list's order (a heap by arrival), and the in-flight and
delayed ones in heaps by the time they change. Time is read from moto's own clock function, so
freezegun and time-machine move it as they move moto. moto's list stays the record: messages are
appended to and removed from it as moto does, and the index is rebuilt from it whenever it may be
stale (installed anew, the list replaced by PurgeQueue, the clock moved backwards). Only the scans
are replaced; every decision (visibility, delays, FIFO message groups, deduplication, redrive,
receive counts, retention) is moto's own code, copied, evaluated at one instant per request.

It is applied only to a moto whose code it was written against: the source of every moto function
it replaces or whose state it mirrors is compared with the fingerprints below (``incompatibility``);
on any difference nothing is patched and moto runs as it is. tests/aws/test_moto_sqs_speedup.py
fails when the installed moto differs, and when moto no longer scans its queues.
``PYTEST_LAMBDA_MOTO_SQS_SPEEDUP=0`` switches it off.
"""

from __future__ import annotations

import heapq
import os
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from copy import deepcopy
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from pytest_lambda.errors import ConfigurationError, with_docs

if TYPE_CHECKING:
    import ast

__all__ = ["ENV_SWITCH", "active", "applied", "incompatibility", "install", "moto_shape", "uninstall"]

ENV_SWITCH = "PYTEST_LAMBDA_MOTO_SQS_SPEEDUP"
_ON = ("1", "on", "true", "yes")
_OFF = ("0", "off", "false", "no")

# The state the index mirrors: a function of moto/sqs/models.py that reads or writes any of these
# belongs to the fingerprint, so a new one (say, a message move task) makes the shape differ.
WATCHED = frozenset(
    {
        "_messages",
        "_pending_messages",
        "pending_messages",
        "deleted_messages",
        "visible_at",
        "delayed_until",
        "receipt_handle",
        "_old_receipt_handles",
        "deduplication_id",
        "sent_timestamp",
        "approximate_receive_count",
        "dead_letter_queue",
        "redrive_policy",
        "message_retention_period",
    }
)
# Functions the replacements call or copy that touch none of the above.
DEPENDENCIES = frozenset(
    {
        "Message.had_receipt_handle",
        "Queue.approximate_number_of_messages",
        "Queue.attributes",
        "Queue.messages",
        "Queue.pending_message_groups",
        "Queue.wait_for_messages",
        "Queue._set_attributes",
        "SQSBackend.get_queue",
        "SQSBackend.get_queue_attributes",
        "SQSBackend.delete_message",
        "SQSBackend.delete_message_batch",
        "SQSBackend.change_message_visibility_batch",
        "_filter_message_attributes",
    }
)
# moto/core/utils.py: cached while installed (attributes are named through it a dozen times a call).
UTILS = frozenset({"camelcase_to_underscores"})
# sha256 (first 16 hex digits) of each function's source, as in moto 5.2.5 and 5.2.6 (5.2.0 differs in
# Queue.__init__ and purge_queue, 5.1 and older in most of them: there moto runs as it is).
KNOWN_SHAPE: dict[str, str] = {
    "Message.__init__": "7487f44f5d4215e6",
    "Message.all_receipt_handles": "b1ce894eacd2a956",
    "Message.change_visibility": "fa80e6ee073262a2",
    "Message.delay": "868df6158a9a8cad",
    "Message.delayed": "3403e22230f2272b",
    "Message.had_receipt_handle": "2e88cce730d37d16",
    "Message.mark_received": "b9762a9ac38245d5",
    "Message.mark_sent": "87f638df9bf42cc8",
    "Message.visible": "abe34eec4e2e6a47",
    "Queue.__init__": "30c8a590ef3792aa",
    "Queue._set_attributes": "c17f550f78282aca",
    "Queue._setup_dlq": "3a315f72aae19df9",
    "Queue.add_message": "234542ab69baf60c",
    "Queue.approximate_number_of_messages": "f7af3a40a7d3df4f",
    "Queue.approximate_number_of_messages_delayed": "3d62d803c87c2503",
    "Queue.approximate_number_of_messages_not_visible": "49bc338b873fd810",
    "Queue.attributes": "cd028422d82136c9",
    "Queue.delete_message": "d4164cbe3236ac98",
    "Queue.messages": "dde5f905d6c839fd",
    "Queue.pending_message_groups": "aee01f22d52d4ec4",
    "Queue.pending_messages": "3ec8b8bc7ea56e14",
    "Queue.wait_for_messages": "0f2cdbaee9125958",
    "SQSBackend.change_message_visibility": "1736293b29abae63",
    "SQSBackend.change_message_visibility_batch": "3e5e5652b7448163",
    "SQSBackend.delete_message": "86da6ff793581a2c",
    "SQSBackend.delete_message_batch": "289ca285a641a3f6",
    "SQSBackend.get_queue": "392fd8e0fac11897",
    "SQSBackend.get_queue_attributes": "4f8e8b2d2fadcaf2",
    "SQSBackend.is_message_valid_based_on_retention_period": "7dcebd256a169f23",
    "SQSBackend.list_dead_letter_source_queues": "8e12fa6ffaace3d1",
    "SQSBackend.purge_queue": "ab1be15f07866522",
    "SQSBackend.receive_message": "6f1452a688e67933",
    "SQSBackend.send_message": "7ed4c1bf657daf34",
    "_filter_message_attributes": "99160e5aa91297f6",
    "moto.core.utils.camelcase_to_underscores": "aac132104ee9c10d",
}


# -- is the installed moto the one this was written against? -----------------------------------------


def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef]]:
    import ast

    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    yield f"{node.name}.{item.name}", item


def _touches(node: ast.FunctionDef) -> bool:
    import ast

    return any(isinstance(n, ast.Attribute) and n.attr in WATCHED for n in ast.walk(node))


def _digests(source: str, keep: Callable[[str, ast.FunctionDef], bool], prefix: str = "") -> dict[str, str]:
    # A property's getter and setter share a name: their sources are hashed together.
    # ast and hashlib are imported here, once: importing the plugin must stay cheap.
    import ast
    import hashlib

    lines = source.splitlines()
    texts: dict[str, list[str]] = {}
    for name, node in _functions(ast.parse(source)):
        if keep(name, node):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            texts.setdefault(prefix + name, []).append("\n".join(lines[start - 1 : node.end_lineno]))
    return {name: hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16] for name, parts in sorted(texts.items())}


def shape_of(models_source: str, utils_source: str) -> dict[str, str]:
    """The fingerprint of a ``moto/sqs/models.py`` (and ``moto/core/utils.py``): qualified name -> digest
    of the source of every function the speed-up replaces, copies, calls or mirrors the state of.
    """
    shape = _digests(models_source, lambda name, node: name in DEPENDENCIES or _touches(node))
    utils = _digests(utils_source, lambda name, node: name in UTILS, "moto.core.utils.")
    return shape | utils


def moto_shape() -> dict[str, str]:
    """The fingerprint of the installed moto (read from its source files)."""
    from moto.core import utils

    sources = []
    for module in (_models(), utils):
        with open(str(module.__file__), encoding="utf-8") as file:
            sources.append(file.read())
    return shape_of(*sources)


@cache
def incompatibility() -> str | None:
    """Why the speed-up cannot apply to the installed moto, or ``None`` when it can."""
    try:
        import moto

        shape = moto_shape()
    except (ImportError, OSError, SyntaxError) as exc:
        return f"moto's SQS source cannot be read ({exc!r})"
    if shape == KNOWN_SHAPE:
        return None
    changed = sorted(k for k in shape.keys() & KNOWN_SHAPE.keys() if shape[k] != KNOWN_SHAPE[k])
    added = sorted(shape.keys() - KNOWN_SHAPE.keys())
    gone = sorted(KNOWN_SHAPE.keys() - shape.keys())
    parts = [f"{label}: {', '.join(names)}" for label, names in (("changed", changed), ("new", added), ("gone", gone))]
    what = "; ".join(p for p in parts if not p.endswith(": "))
    return (
        f"moto {getattr(moto, '__version__', '?')} differs from the moto the SQS speed-up was written against "
        f"(5.2.5-5.2.6) in moto/sqs/models.py or moto/core/utils.py ({what})"
    )


def _switched_on() -> bool:
    raw = os.environ.get(ENV_SWITCH, "")
    value = raw.strip().lower()
    if value in ("", *_ON):
        return True
    if value in _OFF:
        return False
    raise ConfigurationError(
        with_docs(f"{ENV_SWITCH}={raw!r} is not valid; valid values: {', '.join(_ON + _OFF)}", "event-source-mappings")
    )


# -- the index ----------------------------------------------------------------------------------------


def _models() -> Any:
    """``moto.sqs.models``, untyped: the replacements use its private names as moto's own code does."""
    from moto.sqs import models

    return models


class _Unindexable(Exception):
    """A queue whose list the index cannot mirror (a message twice, a receipt handle shared)."""


class _Entry:
    __slots__ = (
        "alive",
        "delayed",
        "in_delay_heap",
        "in_ready_heap",
        "invisible",
        "invisible_key",
        "message",
        "ready",
        "seq",
    )

    def __init__(self, message: Any, seq: int) -> None:
        self.message = message
        self.seq = seq
        self.alive = True
        self.invisible = self.delayed = self.ready = False
        self.in_ready_heap = self.in_delay_heap = False
        self.invisible_key: float | None = None


class _QueueIndex:
    """One queue's messages, classified at ``now``: invisible (in flight), delayed, or ready.

    A message is visible when ``now > visible_at`` and not delayed when ``now >= delayed_until``, as
    moto's ``Message.visible`` and ``Message.delayed`` say. Heaps carry stale items (a message since
    deleted, received again, or made visible); each is checked against the message when it comes up.
    """

    def __init__(self, queue: Any, now: float) -> None:
        self.messages: list[Any] = queue._messages
        self.now = now
        self.entries: dict[Any, _Entry] = {}
        self.by_handle: dict[str, Any] = {}
        self.by_dedup: dict[Any, list[Any]] = {}
        self.ready: list[tuple[int, _Entry]] = []
        self.invisible: list[tuple[float, int, _Entry]] = []
        self.filed = 0  # a message may be filed twice under one time: items never tie
        self.delayed: list[tuple[float, int, _Entry]] = []
        self.n_ready = self.n_invisible = self.n_delayed = 0
        self.next_seq = 0
        for message in self.messages:
            self.check_new(message)
            self.add(message)

    # -- membership

    def check_new(self, message: Any) -> None:
        if message in self.entries:
            raise _Unindexable
        for handle in message.all_receipt_handles:
            if handle is not None and handle in self.by_handle:
                raise _Unindexable

    def add(self, message: Any) -> None:
        entry = _Entry(message, self.next_seq)
        self.next_seq += 1
        self.entries[message] = entry
        for handle in message.all_receipt_handles:
            if handle is not None:
                self.by_handle[handle] = message
        self.by_dedup.setdefault(message.deduplication_id, []).append(message)
        self.classify(entry)

    def remove(self, message: Any) -> None:
        entry = self.entries.pop(message)
        entry.alive = False
        self.n_invisible -= entry.invisible
        self.n_delayed -= entry.delayed
        self.n_ready -= entry.ready
        for handle in message.all_receipt_handles:
            if handle is not None:
                del self.by_handle[handle]
        same = self.by_dedup[message.deduplication_id]
        same.remove(message)
        if not same:
            del self.by_dedup[message.deduplication_id]

    # -- time

    def classify(self, entry: _Entry) -> None:
        """File ``entry`` by its message's times at ``now`` (after they changed, or their time came)."""
        message, now = entry.message, self.now
        invisible = not now > message.visible_at
        delayed = now < message.delayed_until
        self.n_invisible += invisible - entry.invisible
        self.n_delayed += delayed - entry.delayed
        entry.invisible, entry.delayed = invisible, delayed
        if invisible and entry.invisible_key != message.visible_at:
            entry.invisible_key = message.visible_at
            self.filed += 1
            heapq.heappush(self.invisible, (message.visible_at, self.filed, entry))
        if delayed and not entry.in_delay_heap:
            entry.in_delay_heap = True
            heapq.heappush(self.delayed, (message.delayed_until, entry.seq, entry))
        ready = not invisible and not delayed
        self.n_ready += ready - entry.ready
        entry.ready = ready
        if ready and not entry.in_ready_heap:
            entry.in_ready_heap = True
            heapq.heappush(self.ready, (entry.seq, entry))

    def advance(self, now: float) -> None:
        """Move the index on to ``now`` (not before its own): messages whose time came are filed again."""
        self.now = now
        for entry in list(self._due(now)):
            if entry.alive:
                self.classify(entry)

    def _due(self, now: float) -> Iterator[_Entry]:
        # Visible once now > visible_at; no longer delayed once now >= delayed_until (moto's Message).
        heap = self.invisible
        while heap and heap[0][0] < now:
            key, _, entry = heapq.heappop(heap)
            if entry.invisible_key == key:
                entry.invisible_key = None
            yield entry
        heap = self.delayed
        while heap and heap[0][0] <= now:
            entry = heapq.heappop(heap)[2]
            entry.in_delay_heap = False
            yield entry

    def ready_in_order(self, taken: list[_Entry]) -> Iterator[Any]:
        """The ready messages in the list's order, each taken off the heap (and put in ``taken``)."""
        heap = self.ready
        while heap:
            _, entry = heapq.heappop(heap)
            entry.in_ready_heap = False
            if entry.alive and entry.ready:
                taken.append(entry)
                yield entry.message


# Indexes of the queues touched since the speed-up was installed; dropped when it is uninstalled.
_INDEXES: weakref.WeakKeyDictionary[Any, _QueueIndex] = weakref.WeakKeyDictionary()
# One lock for every index: moto's in-process requests may come from several threads (server mode).
_LOCK = threading.RLock()


def _index(queue: Any) -> _QueueIndex | None:
    """The queue's index, brought up to now; ``None`` when the queue cannot be indexed."""
    models = _models()

    now = models.unix_time_millis()
    index = _INDEXES.get(queue)
    if index is None or index.messages is not queue._messages or len(index.entries) != len(index.messages):
        index = None
    elif now < index.now:
        index = None  # the clock went back (freezegun, time-machine): classify everything again
    else:
        index.advance(now)
        return index
    try:
        index = _QueueIndex(queue, now)
    except _Unindexable:
        _INDEXES.pop(queue, None)
        return None
    _INDEXES[queue] = index
    return index


def _drop(queue: Any) -> None:
    _INDEXES.pop(queue, None)


# -- the replacements ---------------------------------------------------------------------------------
# Each is moto 5.2.6's function with the scan replaced by a lookup in the index; the rest is copied.

_ORIGINAL: dict[str, Any] = {}


def _approximate_number_of_messages(self: Any) -> int:
    with _LOCK:
        index = _index(self)
        return _ORIGINAL["Queue.approximate_number_of_messages"].fget(self) if index is None else index.n_ready


def _approximate_number_of_messages_delayed(self: Any) -> int:
    with _LOCK:
        index = _index(self)
        return (
            _ORIGINAL["Queue.approximate_number_of_messages_delayed"].fget(self) if index is None else index.n_delayed
        )


def _approximate_number_of_messages_not_visible(self: Any) -> int:
    with _LOCK:
        index = _index(self)
        original = _ORIGINAL["Queue.approximate_number_of_messages_not_visible"]
        return original.fget(self) if index is None else index.n_invisible


def _add_message(self: Any, message: Any) -> None:
    models = _models()

    with _LOCK:
        index = _index(self)
        if index is not None:
            try:
                index.check_new(message)
            except _Unindexable:
                index = None
        if index is None or self.lambda_event_source_mappings:
            # moto's own Lambda mappings poll the queue from inside add_message: left to moto.
            _drop(self)
            try:
                _ORIGINAL["Queue.add_message"](self, message)
            finally:
                _drop(self)
            return
        if self.fifo_queue and (self.attributes.get("ContentBasedDeduplication") == "true" or message.deduplication_id):
            # moto scans every message for the same deduplication id; these are they, in order.
            for m in index.by_dedup.get(message.deduplication_id, ()):
                diff = message.sent_timestamp - m.sent_timestamp
                if diff / 1000 < models.DEDUPLICATION_TIME_IN_SECONDS:
                    return
        with self._messages_lock:
            self._messages.append(message)
            index.add(message)
            self._messages_lock.notify_all()


def _delete_message(self: Any, receipt_handle: Any) -> None:
    models = _models()

    if receipt_handle in self.deleted_messages:
        return
    with _LOCK:
        index = _index(self) if isinstance(receipt_handle, str) else None
        if index is None:
            _drop(self)
            try:
                _ORIGINAL["Queue.delete_message"](self, receipt_handle)
            finally:
                _drop(self)
            return
        message = index.by_handle.get(receipt_handle)
        if message is None:
            raise models.ReceiptHandleIsInvalid()
        self.pending_messages.discard(message)
        self.deleted_messages.update(message.all_receipt_handles)
        index.remove(message)
        self._messages.remove(message)


def _change_message_visibility(self: Any, queue_name: str, receipt_handle: Any, visibility_timeout: int) -> None:
    models = _models()

    queue = self.get_queue(queue_name)
    with _LOCK:
        index = _index(queue) if isinstance(receipt_handle, str) else None
        if index is None:
            _drop(queue)
            try:
                _ORIGINAL["SQSBackend.change_message_visibility"](self, queue_name, receipt_handle, visibility_timeout)
            finally:
                _drop(queue)
            return
        message = index.by_handle.get(receipt_handle)
        if message is None:
            raise models.ReceiptHandleIsInvalid
        visibility_timeout_msec = int(visibility_timeout) * 1000
        given_visibility_timeout = models.unix_time_millis() + visibility_timeout_msec
        if given_visibility_timeout - message.sent_timestamp > 43200 * 1000:
            raise models.InvalidParameterValue(
                f"Value {visibility_timeout} for parameter VisibilityTimeout is invalid. Reason: Total "
                "VisibilityTimeout for the message is beyond the limit [43200 seconds]"
            )

        message.change_visibility(visibility_timeout)
        index.classify(index.entries[message])
        if message.visible and message in queue.pending_messages:
            queue.pending_messages.remove(message)


def _receive_message(
    self: Any,
    queue_name: str,
    count: int,
    wait_seconds_timeout: int,
    visibility_timeout: int,
    message_attribute_names: list[str] | None = None,
) -> list[Any]:
    models = _models()

    if message_attribute_names is None:
        message_attribute_names = []
    queue = self.get_queue(queue_name)
    result: list[Any] = []
    previous_result_count = len(result)

    polling_end = models.unix_time() + wait_seconds_timeout
    # Only FIFO queues look at the groups (in _receive_once); moto computes them for every queue.
    currently_pending_groups = deepcopy(queue.pending_message_groups) if queue.fifo_queue else set()

    while True:
        if result or (wait_seconds_timeout and models.unix_time() > polling_end):
            break

        with _LOCK:
            index = _index(queue)
            try:
                currently_pending_groups = _receive_once(
                    queue, index, count, visibility_timeout, message_attribute_names, result, currently_pending_groups
                )
            except BaseException:
                _drop(queue)  # rebuilt from moto's list, whatever the pass had done
                raise

        if previous_result_count == len(result):
            if wait_seconds_timeout == 0:
                break

            queue.wait_for_messages(1)
            continue

        previous_result_count = len(result)

    return result


def _receive_once(
    queue: Any,
    index: _QueueIndex | None,
    count: int,
    visibility_timeout: int,
    message_attribute_names: list[str],
    result: list[Any],
    currently_pending_groups: set[str],
) -> set[str]:
    """One pass of moto's receive loop over the visible messages, in order: the index's, or moto's own list."""
    models = _models()
    taken: list[_Entry] = []
    candidates = queue.messages if index is None else index.ready_in_order(taken)
    messages_to_dlq: list[Any] = []

    for message in candidates:
        if not message.visible:
            continue

        if message in queue.pending_messages:
            # The message is pending but is visible again, so the consumer must have timed out.
            queue.pending_messages.remove(message)
            if queue.fifo_queue:
                currently_pending_groups = deepcopy(queue.pending_message_groups)

        if message.group_id and queue.fifo_queue and message.group_id in currently_pending_groups:
            # A previous call is still processing messages in this group.
            continue

        if (
            queue.dead_letter_queue is not None
            and queue.redrive_policy
            and message.approximate_receive_count >= queue.redrive_policy["maxReceiveCount"]
        ):
            messages_to_dlq.append(message)
            continue

        queue.pending_messages.add(message)
        message.mark_received(visibility_timeout=visibility_timeout)
        if index is not None:
            index.by_handle[message.receipt_handle] = message
        message_copy = deepcopy(message)
        models._filter_message_attributes(message_copy, message_attribute_names)
        # moto's is_message_valid_based_on_retention_period, without counting the queue's messages
        # three times over to read one attribute.
        if queue.message_retention_period + message.sent_timestamp / 1000 <= models.unix_time():
            break
        result.append(message_copy)
        if len(result) >= count:
            break

    if index is not None:
        for entry in taken:
            index.classify(entry)
    for message in messages_to_dlq:
        if index is not None:
            index.remove(message)
        queue._messages.remove(message)
        queue.dead_letter_queue.add_message(message)
    return currently_pending_groups


# -- installing ---------------------------------------------------------------------------------------

_INSTALL_LOCK = threading.Lock()
_installed = 0


def _replacements() -> list[tuple[Any, str, Any]]:
    models = _models()
    camelcase = _ORIGINAL.get("moto.sqs.models.camelcase_to_underscores", models.camelcase_to_underscores)
    return [
        # A pure function of an attribute name (fingerprinted): cached, it is a lookup.
        (models, "camelcase_to_underscores", lru_cache(maxsize=1024)(camelcase)),
        (models.Queue, "approximate_number_of_messages", property(_approximate_number_of_messages)),
        (models.Queue, "approximate_number_of_messages_delayed", property(_approximate_number_of_messages_delayed)),
        (
            models.Queue,
            "approximate_number_of_messages_not_visible",
            property(_approximate_number_of_messages_not_visible),
        ),
        (models.Queue, "add_message", _add_message),
        (models.Queue, "delete_message", _delete_message),
        (models.SQSBackend, "change_message_visibility", _change_message_visibility),
        (models.SQSBackend, "receive_message", _receive_message),
    ]


def install() -> bool:
    """Install the speed-up (counted: each ``install`` that returns True needs one ``uninstall``).

    Returns whether it is in force: not when switched off, moto is missing, or moto differs.
    """
    global _installed
    if not _switched_on() or incompatibility() is not None:
        return False
    with _INSTALL_LOCK:
        if not _installed:
            for owner, name, replacement in _replacements():
                _ORIGINAL[f"{owner.__name__}.{name}"] = owner.__dict__[name]
                setattr(owner, name, replacement)
        _installed += 1
    return True


def uninstall() -> None:
    """Undo one ``install``; the last one puts moto's functions back and forgets every index."""
    global _installed
    with _INSTALL_LOCK:
        if not _installed:
            return
        _installed -= 1
        if _installed:
            return
        for owner, name, _ in _replacements():
            setattr(owner, name, _ORIGINAL.pop(f"{owner.__name__}.{name}"))
        with _LOCK:
            _INDEXES.clear()


def active() -> bool:
    """Whether the speed-up is installed."""
    return _installed > 0


@contextmanager
def applied() -> Iterator[bool]:
    """The speed-up in force for the ``with`` block, if it can be; yields whether it is."""
    on = install()
    try:
        yield on
    finally:
        if on:
            uninstall()
