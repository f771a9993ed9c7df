"""Two moto SQS worlds in one process: one with the speed-up's index, one with moto's own code.

The fast world's queues live in us-east-1, moto's in eu-west-1, in one account of moto's backends
(driven directly, without HTTP: the speed-up replaces backend and queue functions). While
``two_worlds()`` runs, every replaced function dispatches on the queue's region, so the moto world
runs exactly moto's functions; both read one fake clock that replaces moto.sqs.models' own time
functions (milliseconds, moved only by the test, forwards or back). ``Worlds`` applies an operation
to both, with the same arguments, and compares the results and the whole state of every queue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from pytest_lambda.aws import _moto_sqs_speedup as speedup

ACCOUNT = "210987654321"
FAST, MOTO = "us-east-1", "eu-west-1"
START_MS = 1_700_000_000_000.0


class Clock:
    """moto.sqs.models' time, in milliseconds."""

    def __init__(self) -> None:
        self.ms = START_MS

    def millis(self, dt: object = None) -> float:
        return self.ms

    def seconds(self, dt: object = None) -> float:
        return self.ms / 1000


def outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    """("ok", result) or (exception class, message): what a caller of moto sees."""
    try:
        return "ok", call()
    except Exception as exc:
        return type(exc).__name__, str(exc)


def _dispatch(on_queue: bool, fast: Any, original: Any) -> Any:
    def pick(obj: Any) -> Any:
        return fast if (obj.region if on_queue else obj.region_name) == FAST else original

    if isinstance(fast, property):
        return property(lambda self: pick(self).fget(self))
    return lambda self, *args, **kwargs: pick(self)(self, *args, **kwargs)


@contextmanager
def two_worlds() -> Iterator[Worlds]:
    """The speed-up for us-east-1's queues, moto's own code for eu-west-1's, on one fake clock."""
    from moto.sqs import models

    clock = Clock()
    with pytest.MonkeyPatch.context() as time, speedup.applied() as on, pytest.MonkeyPatch.context() as patch:
        assert on, speedup.incompatibility()
        time.setattr(models, "unix_time_millis", clock.millis)
        time.setattr(models, "unix_time", clock.seconds)
        for owner, name, fast in speedup._replacements():
            if isinstance(owner, type):  # not the cache of a pure function, the same for both worlds
                original = speedup._ORIGINAL[f"{owner.__name__}.{name}"]
                patch.setattr(owner, name, _dispatch(owner is models.Queue, fast, original))
        worlds = Worlds(clock)
        try:
            yield worlds
        finally:
            worlds.reset()


class Worlds:
    """Both worlds: the same operations, canonical results (message numbers instead of random ids)."""

    def __init__(self, clock: Clock) -> None:
        from moto.sqs import models

        self.clock = clock
        self.backends = {w: models.sqs_backends[ACCOUNT][w] for w in (FAST, MOTO)}
        self.reset()

    def reset(self) -> None:
        for backend in self.backends.values():
            backend.reset()
        # Per world: message id -> the number of the send that made it; receipt handles in order received.
        self.ids: dict[str, dict[str, int]] = {FAST: {}, MOTO: {}}
        self.handles: dict[str, list[str]] = {FAST: [], MOTO: []}
        self.sent = 0

    def same(self, action: Callable[[Any, str], Any]) -> Any:
        """``action(backend, world)`` on both worlds; their results must be equal."""
        fast, moto = action(self.backends[FAST], FAST), action(self.backends[MOTO], MOTO)
        assert fast == moto
        return fast

    def queue(self, world: str, name: str) -> Any:
        return self.backends[world].get_queue(name)

    def tick(self, ms: float) -> None:
        self.clock.ms += ms

    # -- operations

    def create(self, name: str, **attributes: Any) -> None:
        self.same(lambda b, w: outcome(lambda: b.create_queue(name, **attributes).name))

    def arn(self, name: str, world: str) -> str:
        return str(self.queue(world, name).queue_arn)

    def send(self, queue: str, body: str = "m", **options: Any) -> Any:
        number = self.sent
        self.sent += 1

        def send(backend: Any, world: str) -> Any:
            result = outcome(lambda: backend.send_message(queue, body, **options))
            if result[0] != "ok":
                return result
            self.ids[world][result[1].id] = number
            return "ok"

        return self.same(send)

    def receive(
        self,
        queue: str,
        count: int = 10,
        visibility: int | None = None,
        names: tuple[str, ...] = ("All",),
        wait: int = 0,
    ) -> Any:
        def receive(backend: Any, world: str) -> Any:
            timeout = backend.get_queue(queue).visibility_timeout if visibility is None else visibility
            result = outcome(lambda: backend.receive_message(queue, count, wait, timeout, list(names)))
            if result[0] != "ok":
                return result
            got = []
            for message in result[1]:
                self.handles[world].append(message.receipt_handle)
                got.append(
                    (
                        self.ids[world].get(message.id),
                        message.body,
                        message.approximate_receive_count,
                        message.approximate_first_receive_timestamp,
                        message.sent_timestamp,
                        message.group_id,
                        message.deduplication_id,
                        message.message_attributes,
                    )
                )
            return got

        return self.same(receive)

    def handle(self, world: str, pick: int | None) -> Any:
        """The ``pick``-th receipt handle received (modulo their number; ``None`` for None)."""
        handles = self.handles[world]
        return None if pick is None else handles[pick % len(handles)]

    def delete(self, queue: str, pick: int | None = -1) -> Any:
        return self.same(lambda b, w: outcome(lambda: b.delete_message(queue, self.handle(w, pick))))

    def delete_batch(self, queue: str, picks: list[int]) -> Any:
        def delete(backend: Any, world: str) -> Any:
            entries = [{"Id": str(i), "ReceiptHandle": self.handle(world, p)} for i, p in enumerate(picks)]
            done, failed = backend.delete_message_batch(queue, entries)
            return done, [(f["Id"], f["Code"]) for f in failed]

        return self.same(delete)

    def change_visibility(self, queue: str, pick: int | None, timeout: int) -> Any:
        return self.same(
            lambda b, w: outcome(lambda: b.change_message_visibility(queue, self.handle(w, pick), timeout))
        )

    def change_visibility_batch(self, queue: str, picks: list[int]) -> Any:
        def change(backend: Any, world: str) -> Any:
            entries = [
                {"Id": str(i), "ReceiptHandle": self.handle(world, p), "VisibilityTimeout": i % 2}
                for i, p in enumerate(picks)
            ]
            done, failed = backend.change_message_visibility_batch(queue, entries)
            return done, [(f["Id"], f["Code"]) for f in failed]

        return self.same(change)

    def purge(self, queue: str) -> Any:
        return self.same(lambda b, w: outcome(lambda: b.purge_queue(queue)))

    def set_attributes(self, queue: str, **attributes: Any) -> Any:
        return self.same(lambda b, w: outcome(lambda: b.set_queue_attributes(queue, attributes).name))

    # -- the whole state

    def check(self) -> None:
        """Every queue the same in both worlds, and the fast world's indexes true to their queues."""
        names = self.same(lambda b, w: sorted(b.queues))
        for name in names:
            self.same(lambda b, w, name=name: self.state(w, name))

    def state(self, world: str, name: str) -> Any:
        queue = self.queue(world, name)
        ids = self.ids[world]
        messages = [
            (
                ids.get(m.id),
                m.visible_at,
                m.delayed_until,
                m.approximate_receive_count,
                m.approximate_first_receive_timestamp,
                len(m.all_receipt_handles),
                m.group_id,
                m.deduplication_id,
            )
            for m in queue._messages
        ]
        counts = (
            queue.approximate_number_of_messages,
            queue.approximate_number_of_messages_not_visible,
            queue.approximate_number_of_messages_delayed,
        )
        if world == FAST:
            check_index(queue)
        pending = sorted(ids.get(m.id, -1) for m in queue.pending_messages)
        return messages, pending, len(queue.deleted_messages), counts


def check_index(queue: Any) -> None:
    """The queue's index (if it has a current one) says what a scan of moto's list says."""
    index = speedup._INDEXES.get(queue)
    if index is None or index.messages is not queue._messages:
        return
    now = index.now
    entries = list(index.entries.values())
    assert [e.message for e in sorted(entries, key=lambda e: e.seq)] == queue._messages
    assert index.n_invisible == sum(not now > e.message.visible_at for e in entries)
    assert index.n_delayed == sum(now < e.message.delayed_until for e in entries)
    assert index.n_ready == sum(e.ready for e in entries) == sum(not e.invisible and not e.delayed for e in entries)
    handles = {h: m for m in queue._messages for h in m.all_receipt_handles if h is not None}
    assert index.by_handle == handles
