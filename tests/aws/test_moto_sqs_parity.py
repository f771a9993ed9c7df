"""The moto SQS speed-up changes nothing moto does: the same operations on two worlds, compared.

One world (region us-east-1) runs with the speed-up's index, the other (eu-west-1) with moto's own
functions, both in one process on one fake clock (moto.sqs.models' own time functions replaced).
A hypothesis state machine sends, receives, deletes, changes visibility, purges and moves time
(forwards across every visibility and delay boundary, and sometimes backwards) on a standard and
a FIFO queue with dead-letter queues, and after every step compares the results and the whole
state of every queue (messages in order with their times, receive counts and handles, in-flight
set, deleted handles, counts), and checks the index against a count of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from pytest_lambda.aws import _moto_sqs_speedup as speedup

ACCOUNT = "210987654321"
FAST, MOTO = "us-east-1", "eu-west-1"
QUEUES = ("q", "q-dlq", "f.fifo", "f-dlq.fifo")
START_MS = 1_700_000_000_000.0


class Clock:
    """moto.sqs.models' time, in milliseconds, moved by the state machine only."""

    def __init__(self) -> None:
        self.ms = START_MS

    def millis(self, dt: object = None) -> float:
        return self.ms

    def seconds(self, dt: object = None) -> float:
        return self.ms / 1000


@pytest.fixture
def two_worlds(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    """The speed-up installed for us-east-1's queues only, moto's own code for eu-west-1's."""
    from moto.sqs import models

    clock = Clock()
    monkeypatch.setattr(models, "unix_time_millis", clock.millis)
    monkeypatch.setattr(models, "unix_time", clock.seconds)
    # The dispatchers go before the speed-up is uninstalled: a MonkeyPatch of this block's own.
    with speedup.applied() as on, pytest.MonkeyPatch.context() as patch:
        assert on
        for owner, name, fast in speedup._replacements():
            if not isinstance(owner, type):
                continue  # the cache of a pure function, the same for both worlds
            original = speedup._ORIGINAL[f"{owner.__name__}.{name}"]
            patch.setattr(owner, name, _dispatch(owner is models.Queue, fast, original))
        yield clock
    for region in (FAST, MOTO):
        models.sqs_backends[ACCOUNT][region].reset()


def _dispatch(on_queue: bool, fast: Any, original: Any) -> Any:
    def region(obj: Any) -> str:
        return str(obj.region if on_queue else obj.region_name)

    if isinstance(fast, property):
        return property(lambda self: (fast if region(self) == FAST else original).fget(self))
    return lambda self, *args, **kwargs: (fast if region(self) == FAST else original)(self, *args, **kwargs)


def _outcome(call: Any) -> tuple[str, Any]:
    try:
        return "ok", call()
    except Exception as exc:
        return type(exc).__name__, str(exc)


class Parity(RuleBasedStateMachine):
    clock: Clock

    def __init__(self) -> None:
        super().__init__()
        from moto.sqs import models

        self.backends = {w: models.sqs_backends[ACCOUNT][w] for w in (FAST, MOTO)}
        for backend in self.backends.values():
            backend.reset()
        # Per world: message id -> the number of the send that made it; receipt handles in order received.
        self.ids: dict[str, dict[str, int]] = {FAST: {}, MOTO: {}}
        self.handles: dict[str, list[str]] = {FAST: [], MOTO: []}
        self.sent = 0

    def both(self, action: Any) -> tuple[Any, Any]:
        return action(self.backends[FAST], FAST), action(self.backends[MOTO], MOTO)

    def same(self, action: Any) -> Any:
        fast, moto = self.both(action)
        assert fast == moto
        return fast

    # -- set-up

    @initialize(
        visibility=st.sampled_from([1, 2, 30]),
        delay=st.sampled_from([0, 0, 2]),
        redrive=st.sampled_from([None, 1, 2, 3]),
        content_dedup=st.booleans(),
        fifo_redrive=st.sampled_from([None, 1, 2]),
    )
    def create_queues(
        self, visibility: int, delay: int, redrive: int | None, content_dedup: bool, fifo_redrive: int | None
    ) -> None:
        def create(backend: Any, world: str) -> None:
            backend.create_queue("q-dlq")
            backend.create_queue("f-dlq.fifo", FifoQueue="true")
            attributes: dict[str, Any] = {"VisibilityTimeout": visibility, "DelaySeconds": delay}
            if redrive is not None:
                arn = backend.get_queue("q-dlq").queue_arn
                attributes["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": redrive})
            backend.create_queue("q", **attributes)
            fifo: dict[str, Any] = {"FifoQueue": "true", "VisibilityTimeout": visibility}
            fifo["ContentBasedDeduplication"] = str(content_dedup).lower()
            if fifo_redrive is not None:
                arn = backend.get_queue("f-dlq.fifo").queue_arn
                fifo["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": fifo_redrive})
            backend.create_queue("f.fifo", **fifo)

        self.both(create)

    # -- operations, the same on both worlds

    @rule(
        queue=st.sampled_from(["q", "q", "f.fifo", "f.fifo", "q-dlq"]),
        body=st.sampled_from(["a", "b", "c"]),
        delay=st.sampled_from([None, None, 0, 1, 3]),
        group=st.sampled_from(["g1", "g2", "g3", None]),
        dedup=st.sampled_from([None, None, "d1", "d2"]),
        attributes=st.booleans(),
    )
    def send(
        self, queue: str, body: str, delay: int | None, group: str | None, dedup: str | None, attributes: bool
    ) -> None:
        fifo = queue.endswith(".fifo")
        number = self.sent
        self.sent += 1

        def send(backend: Any, world: str) -> Any:
            outcome = _outcome(
                lambda: backend.send_message(
                    queue,
                    f"{body}",
                    message_attributes={"kind": {"DataType": "String", "StringValue": body}} if attributes else None,
                    delay_seconds=None if fifo else delay,
                    deduplication_id=dedup if fifo else None,
                    group_id=group if fifo else None,
                )
            )
            if outcome[0] != "ok":
                return outcome
            self.ids[world][outcome[1].id] = number
            return "ok"

        self.same(send)

    @rule(
        queue=st.sampled_from(QUEUES),
        count=st.integers(1, 10),
        visibility=st.sampled_from([None, None, 0, 1, 3]),
        attribute_names=st.sampled_from([["All"], [], ["kind"]]),
    )
    def receive(self, queue: str, count: int, visibility: int | None, attribute_names: list[str]) -> None:
        def receive(backend: Any, world: str) -> Any:
            timeout = backend.get_queue(queue).visibility_timeout if visibility is None else visibility
            outcome = _outcome(lambda: backend.receive_message(queue, count, 0, timeout, attribute_names))
            if outcome[0] != "ok":
                return outcome
            got = []
            for message in outcome[1]:
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

        self.same(receive)

    @precondition(lambda self: self.handles[FAST])
    @rule(queue=st.sampled_from(QUEUES), pick=st.integers(0, 10**6))
    def delete(self, queue: str, pick: int) -> None:
        self.same(lambda b, w: _outcome(lambda: b.delete_message(queue, self._handle(w, pick))))

    @precondition(lambda self: self.handles[FAST])
    @rule(queue=st.sampled_from(QUEUES), picks=st.lists(st.integers(0, 10**6), min_size=1, max_size=4))
    def delete_batch(self, queue: str, picks: list[int]) -> None:
        def delete(backend: Any, world: str) -> Any:
            entries = [{"Id": str(i), "ReceiptHandle": self._handle(world, p)} for i, p in enumerate(picks)]
            done, failed = backend.delete_message_batch(queue, entries)
            return done, [(f["Id"], f["Code"]) for f in failed]

        self.same(delete)

    @precondition(lambda self: self.handles[FAST])
    @rule(queue=st.sampled_from(QUEUES), pick=st.integers(0, 10**6), timeout=st.sampled_from([0, 0, 1, 2, 43200]))
    def change_visibility(self, queue: str, pick: int, timeout: int) -> None:
        self.same(lambda b, w: _outcome(lambda: b.change_message_visibility(queue, self._handle(w, pick), timeout)))

    @precondition(lambda self: self.handles[FAST])
    @rule(queue=st.sampled_from(QUEUES), picks=st.lists(st.integers(0, 10**6), min_size=1, max_size=3))
    def change_visibility_batch(self, queue: str, picks: list[int]) -> None:
        def change(backend: Any, world: str) -> Any:
            entries = [
                {"Id": str(i), "ReceiptHandle": self._handle(world, p), "VisibilityTimeout": i % 2}
                for i, p in enumerate(picks)
            ]
            done, failed = backend.change_message_visibility_batch(queue, entries)
            return done, [(f["Id"], f["Code"]) for f in failed]

        self.same(change)

    @rule(queue=st.sampled_from(QUEUES))
    def purge(self, queue: str) -> None:
        self.same(lambda b, w: _outcome(lambda: b.purge_queue(queue)))

    @rule(delta=st.sampled_from([0, 1, 500, 999, 1000, 1001, 2000, 3000, 30_000, 30_001, 400_000, -1, -2500]))
    def tick(self, delta: int) -> None:
        self.clock.ms += delta

    @rule(queue=st.sampled_from(QUEUES), timeout=st.sampled_from([1, 2, 30]))
    def set_visibility_timeout(self, queue: str, timeout: int) -> None:
        self.same(lambda b, w: _outcome(lambda: b.set_queue_attributes(queue, {"VisibilityTimeout": timeout}).name))

    def _handle(self, world: str, pick: int) -> str:
        handles = self.handles[world]
        return handles[pick % len(handles)]

    # -- the two worlds agree, and the index agrees with itself

    @invariant()
    def same_state(self) -> None:
        for queue in QUEUES:
            self.same(lambda b, w, name=queue: self._state(b, w, name))

    def _state(self, backend: Any, world: str, name: str) -> Any:
        if name not in backend.queues:
            return None
        queue = backend.get_queue(name)
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
            self._check_index(queue)
        return messages, sorted(ids.get(m.id, -1) for m in queue.pending_messages), len(queue.deleted_messages), counts

    def _check_index(self, queue: Any) -> None:
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


def test_the_speed_up_does_what_moto_does(two_worlds: Clock) -> None:
    Parity.clock = two_worlds
    run_state_machine_as_test(
        Parity,
        settings=settings(
            max_examples=150,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
