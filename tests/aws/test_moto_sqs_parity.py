"""The moto SQS speed-up changes nothing moto does: random sequences of operations on two worlds.

A hypothesis state machine sends (delays, FIFO groups, deduplication ids, message attributes),
receives (counts, visibility timeouts, attribute filters), deletes and changes visibility (one by
one and in batches, with current, old and other queues' receipt handles), purges, changes a queue's
visibility timeout and moves time (forwards across every visibility and delay boundary, sometimes
backwards) on a standard and a FIFO queue with dead-letter queues. After every step the two worlds
(tests/aws/_sqs_worlds.py) must hold the same messages in the same order with the same times,
receive counts and handles, the same in-flight set, deleted handles and counts, and the index must
say what a scan of moto's list says. Hypothesis shrinks a difference to the shortest sequence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
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

from ._sqs_worlds import FAST, MOTO, Worlds, two_worlds

QUEUES = ("q", "q-dlq", "f.fifo", "f-dlq.fifo")
PICKS = st.integers(0, 10**6)


@pytest.fixture
def worlds() -> Iterator[Worlds]:
    with two_worlds() as both:
        yield both


class Parity(RuleBasedStateMachine):
    worlds: Worlds

    def __init__(self) -> None:
        super().__init__()
        self.worlds.reset()

    @initialize(
        visibility=st.sampled_from([1, 2, 30]),
        delay=st.sampled_from([0, 0, 2]),
        redrive=st.sampled_from([None, 1, 2, 3]),
        content_dedup=st.booleans(),
        fifo_redrive=st.sampled_from([None, 1, 2]),
        retention=st.sampled_from([60, 345_600]),
    )
    def create_queues(
        self,
        visibility: int,
        delay: int,
        redrive: int | None,
        content_dedup: bool,
        fifo_redrive: int | None,
        retention: int,
    ) -> None:
        both = self.worlds
        both.create("q-dlq")
        both.create("f-dlq.fifo", FifoQueue="true")
        for world in (FAST, MOTO):
            backend = both.backends[world]
            attributes = {"VisibilityTimeout": visibility, "DelaySeconds": delay, "MessageRetentionPeriod": retention}
            if redrive is not None:
                policy = {"deadLetterTargetArn": both.arn("q-dlq", world), "maxReceiveCount": redrive}
                attributes["RedrivePolicy"] = json.dumps(policy)
            backend.create_queue("q", **attributes)
            fifo = {"FifoQueue": "true", "VisibilityTimeout": visibility}
            fifo["ContentBasedDeduplication"] = str(content_dedup).lower()
            if fifo_redrive is not None:
                policy = {"deadLetterTargetArn": both.arn("f-dlq.fifo", world), "maxReceiveCount": fifo_redrive}
                fifo["RedrivePolicy"] = json.dumps(policy)
            backend.create_queue("f.fifo", **fifo)

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
        self.worlds.send(
            queue,
            body,
            message_attributes={"kind": {"DataType": "String", "StringValue": body}} if attributes else None,
            delay_seconds=None if fifo else delay,
            deduplication_id=dedup if fifo else None,
            group_id=group if fifo else None,
        )

    @rule(
        queue=st.sampled_from(QUEUES),
        count=st.integers(1, 10),
        visibility=st.sampled_from([None, None, 0, 1, 3]),
        names=st.sampled_from([("All",), (), ("kind",)]),
    )
    def receive(self, queue: str, count: int, visibility: int | None, names: tuple[str, ...]) -> None:
        self.worlds.receive(queue, count, visibility, names)

    @precondition(lambda self: self.worlds.handles[FAST])
    @rule(queue=st.sampled_from(QUEUES), pick=PICKS)
    def delete(self, queue: str, pick: int) -> None:
        self.worlds.delete(queue, pick)

    @precondition(lambda self: self.worlds.handles[FAST])
    @rule(queue=st.sampled_from(QUEUES), picks=st.lists(PICKS, min_size=1, max_size=4))
    def delete_batch(self, queue: str, picks: list[int]) -> None:
        self.worlds.delete_batch(queue, picks)

    @precondition(lambda self: self.worlds.handles[FAST])
    @rule(queue=st.sampled_from(QUEUES), pick=PICKS, timeout=st.sampled_from([0, 0, 1, 2, 43200]))
    def change_visibility(self, queue: str, pick: int, timeout: int) -> None:
        self.worlds.change_visibility(queue, pick, timeout)

    @precondition(lambda self: self.worlds.handles[FAST])
    @rule(queue=st.sampled_from(QUEUES), picks=st.lists(PICKS, min_size=1, max_size=3))
    def change_visibility_batch(self, queue: str, picks: list[int]) -> None:
        self.worlds.change_visibility_batch(queue, picks)

    @rule(queue=st.sampled_from(QUEUES))
    def purge(self, queue: str) -> None:
        self.worlds.purge(queue)

    @rule(delta=st.sampled_from([0, 1, 500, 999, 1000, 1001, 2000, 3000, 30_000, 30_001, 400_000, -1, -2500]))
    def tick(self, delta: int) -> None:
        self.worlds.tick(delta)

    @rule(queue=st.sampled_from(QUEUES), timeout=st.sampled_from([1, 2, 30]))
    def set_visibility_timeout(self, queue: str, timeout: int) -> None:
        self.worlds.set_attributes(queue, VisibilityTimeout=timeout)

    @invariant()
    def same_state(self) -> None:
        self.worlds.check()


def test_the_speed_up_does_what_moto_does(worlds: Worlds) -> None:
    Parity.worlds = worlds
    run_state_machine_as_test(
        Parity,
        settings=settings(
            max_examples=150, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
        ),
    )


# -- the mapping, with and without the speed-up ------------------------------------------------------------


def _drain(plan: dict[str, Any]) -> Any:
    """Drain a queue as ``plan`` says under a frozen clock; what came out, with bodies for message ids."""
    from freezegun import freeze_time

    from pytest_lambda import LambdaFunction
    from pytest_lambda.aws.sqs import SQSEventSourceMapping

    from ._moto_helpers import boto, make_queue, queue_counts, receive_all

    fifo = plan["fifo"]
    suffix = ".fifo" if fifo else ""
    extra = {"FifoQueue": "true", "ContentBasedDeduplication": "true"} if fifo else {}
    sqs = boto("sqs")
    with freeze_time("2024-05-01T12:00:00Z"):
        dlq = make_queue(f"dlq{suffix}", **extra)
        url = make_queue(f"q{suffix}", dlq_url=dlq, max_receive_count=plan["max_receive_count"], **extra)
        names = {}
        for i, poison in enumerate(plan["poison"]):
            body = f"{'poison' if poison else 'ok'} {i}"
            group = {"MessageGroupId": f"g{i % plan['groups']}"} if fifo else {}
            names[sqs.send_message(QueueUrl=url, MessageBody=body, **group)["MessageId"]] = body

        def handler(event: dict[str, Any], context: object) -> Any:
            failed = [r["messageId"] for r in event["Records"] if r["body"].startswith("poison")]
            if plan["report"]:
                return {"batchItemFailures": [{"itemIdentifier": m} for m in failed]}
            if failed:
                raise ValueError("poison")
            return None

        function = LambdaFunction(handler)
        mapping = SQSEventSourceMapping(
            function, url, batch_size=plan["batch_size"], function_response_types=plan["report"]
        )
        drain = mapping.drain(max_batches=200)
        batches = [
            (
                [r["body"] for r in b.event["Records"]],
                [r["attributes"]["ApproximateReceiveCount"] for r in b.event["Records"]],
                b.outcome,
                [names[m] for m in b.deleted],
                [names[m] for m in b.retried],
                [names[m] for m in b.reported_failures],
            )
            for b in drain
        ]
        dead = [names[m] for m in drain.dead_lettered]
        return (
            batches,
            dead,
            drain.exhausted,
            [m["Body"] for m in receive_all(dlq)],
            queue_counts(url),
            function.clock.now_ms(),
        )


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    plan=st.fixed_dictionaries(
        {
            "fifo": st.booleans(),
            "poison": st.lists(st.booleans(), min_size=1, max_size=25),
            "groups": st.integers(1, 3),
            "batch_size": st.integers(1, 10),
            "report": st.booleans(),
            "max_receive_count": st.integers(1, 3),
        }
    )
)
def test_the_mapping_drains_the_same_with_and_without_the_speed_up(
    monkeypatch: pytest.MonkeyPatch, plan: dict[str, Any]
) -> None:
    from ._moto_helpers import mocked_aws

    outcomes = []
    for switch in ("1", "0"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(speedup.ENV_SWITCH, switch)
            with mocked_aws(patch):
                outcomes.append(_drain(plan))
    assert outcomes[0] == outcomes[1]
