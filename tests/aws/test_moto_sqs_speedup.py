"""The moto SQS speed-up (pytest_lambda.aws._moto_sqs_speedup): where it applies, to which moto, at what cost.

Each scenario below runs on the two worlds of tests/aws/_sqs_worlds.py (the speed-up's index and
moto's own code, one fake clock) and must come out the same in both; test_moto_sqs_parity.py runs
random sequences of the same operations.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from pytest_lambda import ConfigurationError, LambdaFunction
from pytest_lambda.aws import _moto_sqs_speedup as speedup
from pytest_lambda.aws import mocked_aws as plugin_aws
from pytest_lambda.aws.sqs import SQSEventSourceMapping, sqs_event

from ._moto_helpers import boto, make_queue, mocked_aws
from ._sqs_worlds import FAST, MOTO, Worlds, two_worlds

REPLACED = (
    ("Queue", "add_message"),
    ("Queue", "delete_message"),
    ("Queue", "approximate_number_of_messages"),
    ("SQSBackend", "receive_message"),
    ("SQSBackend", "change_message_visibility"),
)


def moto_functions() -> dict[tuple[str, str], Any]:
    from moto.sqs import models

    return {(owner, name): getattr(models, owner).__dict__[name] for owner, name in REPLACED} | {
        ("models", "camelcase_to_underscores"): models.camelcase_to_underscores
    }


@pytest.fixture
def worlds() -> Iterator[Worlds]:
    with two_worlds() as both:
        yield both


@pytest.fixture
def unknown_moto(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """moto as if Queue.add_message had changed, a function touching the messages appeared and one went."""
    shape = dict(speedup.KNOWN_SHAPE)
    shape["Queue.add_message"] = "0" * 16
    shape["SQSBackend.start_message_move_task"] = "1" * 16
    del shape["Queue.messages"]
    monkeypatch.setattr(speedup, "moto_shape", lambda: shape)
    speedup.incompatibility.cache_clear()
    yield
    speedup.incompatibility.cache_clear()


# -- which moto ------------------------------------------------------------------------------------------


def test_the_installed_moto_is_the_one_the_speed_up_was_written_against() -> None:
    reason = speedup.incompatibility()
    assert reason is None, (
        f"{reason}. The SQS speed-up is not applied to this moto, so every SQS request costs time in "
        "proportion to the queue's length again. Read what changed in moto/sqs/models.py; if moto no "
        "longer scans its queues (test_moto_still_scans_every_message_on_each_receive), remove "
        "pytest_lambda/aws/_moto_sqs_speedup.py; otherwise port the replacements and set KNOWN_SHAPE "
        "to speedup.moto_shape()."
    )


def test_moto_still_scans_every_message_on_each_receive(monkeypatch: pytest.MonkeyPatch) -> None:
    # The reason the speed-up exists: without it, one ReceiveMessage of one message reads the clock
    # for every message of the queue (twice for the visible list, and the counts three more times).
    from moto.sqs import models

    assert not speedup.active()
    backend = models.sqs_backends["210987654321"]["ap-south-1"]
    try:
        backend.create_queue("scanned")
        for i in range(300):
            backend.send_message("scanned", f"m{i}")
        calls = []
        real = models.unix_time_millis
        monkeypatch.setattr(models, "unix_time_millis", lambda dt=None: calls.append(1) or real(dt))
        assert len(backend.receive_message("scanned", 1, 0, 30, [])) == 1
    finally:
        backend.reset()
    assert len(calls) >= 300, (
        f"moto {__import__('moto').__version__} no longer scans a queue's every message on each receive "
        f"({len(calls)} clock reads for 300 messages): the SQS speed-up may have become unneeded. Compare "
        "bench/mappings.py --speedup on and off, and remove pytest_lambda/aws/_moto_sqs_speedup.py if moto is linear."
    )


def test_with_the_speed_up_a_receive_costs_the_same_on_any_backlog(worlds: Worlds) -> None:
    from moto.sqs import models

    fast, reads = worlds.backends[FAST], []
    for size in (20, 2000):
        name = f"q{size}"
        fast.create_queue(name)
        for i in range(size):
            fast.send_message(name, f"m{i}")
        fast.receive_message(name, 10, 0, 30, [])  # the index exists from here on
        calls: list[int] = []
        clock = models.unix_time_millis

        def counted(dt: object = None, calls: list[int] = calls, clock: Any = clock) -> float:
            calls.append(1)
            return float(clock(dt))

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(models, "unix_time_millis", counted)
            got = fast.receive_message(name, 10, 0, 30, ["All"])
            fast.get_queue_attributes(name, ["All"])
            fast.delete_message(name, got[0].receipt_handle)
            fast.change_message_visibility(name, got[1].receipt_handle, 0)
        reads.append(len(calls))
    assert reads[0] == reads[1] < 60


def test_a_changed_moto_is_named_and_left_as_it_is(unknown_moto: None) -> None:
    reason = speedup.incompatibility()
    assert reason is not None
    assert "differs from the moto the SQS speed-up was written against (5.2.5-5.2.6)" in reason
    assert "changed: Queue.add_message; new: SQSBackend.start_message_move_task; gone: Queue.messages" in reason
    before = moto_functions()
    assert speedup.install() is False
    assert moto_functions() == before
    assert not speedup.active()
    with plugin_aws():
        assert not speedup.active()


def test_the_fingerprint_covers_what_touches_the_messages() -> None:
    from moto.core import utils
    from moto.sqs import models

    with open(str(models.__file__)) as file:
        source = file.read()
    with open(str(utils.__file__)) as file:
        utils_source = file.read()
    shape = speedup.shape_of(source, utils_source)
    assert shape == speedup.KNOWN_SHAPE
    # A new function that reads or writes the queue's messages joins it; an unrelated one does not.
    mover = "\n\ndef move(queue, other):\n    other._messages.extend(queue._messages)\n"
    unrelated = "\n\ndef tags(queue):\n    return queue.tags\n"
    assert speedup.shape_of(source + mover + unrelated, utils_source).keys() - shape.keys() == {"move"}
    # A change inside a fingerprinted function changes its digest.
    edited = source.replace("if current_time > self.visible_at:", "if current_time >= self.visible_at:")
    changed = speedup.shape_of(edited, utils_source)
    assert [k for k in shape if shape[k] != changed[k]] == ["Message.visible"]


def test_an_unreadable_moto_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreadable() -> dict[str, str]:
        raise OSError("no source")

    monkeypatch.setattr(speedup, "moto_shape", unreadable)
    speedup.incompatibility.cache_clear()
    try:
        assert speedup.incompatibility() == "moto's SQS source cannot be read (OSError('no source'))"
        assert speedup.install() is False
    finally:
        speedup.incompatibility.cache_clear()


# -- when it is in force --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "1", "on", "TRUE", "yes"])
def test_the_switch_on(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(speedup.ENV_SWITCH, value)
    with speedup.applied() as on:
        assert on
        assert speedup.active()
    assert not speedup.active()


@pytest.mark.parametrize("value", ["0", "off", "False", " no "])
def test_the_switch_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(speedup.ENV_SWITCH, value)
    before = moto_functions()
    with speedup.applied() as on, plugin_aws():
        assert not on
        assert not speedup.active()
        assert moto_functions() == before


def test_a_bad_switch_value_is_named_with_the_valid_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(speedup.ENV_SWITCH, "fast")
    with pytest.raises(
        ConfigurationError, match=r"PYTEST_LAMBDA_MOTO_SQS_SPEEDUP='fast' is not valid; valid values: 1, on"
    ):
        speedup.install()
    with pytest.raises(ConfigurationError, match="PYTEST_LAMBDA_MOTO_SQS_SPEEDUP='fast'"):
        plugin_aws().start()
    assert not speedup.active()


def test_installs_are_counted_and_the_last_uninstall_restores_moto() -> None:
    from moto.sqs import models

    before = moto_functions()
    assert speedup.install()
    assert speedup.install()
    patched = moto_functions()
    assert all(patched[k] is not before[k] for k in before)
    queue = models.Queue("counted", "us-east-1", "210987654321")
    assert queue.approximate_number_of_messages == 0
    assert queue in speedup._INDEXES
    speedup.uninstall()
    assert speedup.active()
    assert moto_functions() == patched
    speedup.uninstall()
    assert not speedup.active()
    assert moto_functions() == before
    assert queue not in speedup._INDEXES
    speedup.uninstall()  # one too many: nothing to undo
    assert moto_functions() == before


def test_the_plugins_mock_runs_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    before = moto_functions()
    with plugin_aws() as aws:
        assert speedup.active()
        with plugin_aws(region="eu-west-1"):
            assert speedup.active()
        assert speedup.active()
        aws.client("sqs").create_queue(QueueName="q")
    assert not speedup.active()
    assert moto_functions() == before


def test_under_your_own_mock_aws_the_mapping_runs_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def handler(event: dict[str, Any], context: object) -> None:
        seen.append(speedup.active())

    with mocked_aws(monkeypatch):
        url = make_queue("q")
        for body in ("a", "b", "c"):
            boto("sqs").send_message(QueueUrl=url, MessageBody=body)
        assert not speedup.active()
        mapping = SQSEventSourceMapping(LambdaFunction(handler), url, batch_size=1)
        assert mapping.poll() is not None
        assert not speedup.active()
        assert len(mapping.drain()) == 2
        assert not speedup.active()
        boto("sqs").send_message(QueueUrl=url, MessageBody="d")
        assert len(sqs_event(url)["Records"]) == 1
    assert seen == [True, True, True]
    assert not speedup.active()


# -- moto's semantics, kept --------------------------------------------------------------------------------


def test_visibility_timeouts_end_strictly_after_their_time(worlds: Worlds) -> None:
    worlds.create("q", VisibilityTimeout=2)
    worlds.send("q", "a")
    assert [m[0] for m in worlds.receive("q")] == [0]
    worlds.tick(2000)
    assert worlds.receive("q") == []  # visible once now > visible_at, not at it
    worlds.tick(1)
    assert [m[2] for m in worlds.receive("q", visibility=0)] == [2]
    # Received with a visibility timeout of 0, it stays visible; moto's own Lambda mappings receive
    # without naming message attributes.
    assert worlds.same(lambda b, w: [m.approximate_receive_count for m in b.receive_message("q", 1, 0, 0)]) == [3]
    assert [m[2] for m in worlds.receive("q")] == [4]
    worlds.check()


def test_delays_end_at_their_time(worlds: Worlds) -> None:
    worlds.create("q", DelaySeconds=3)
    worlds.send("q", "late")
    worlds.send("q", "now", delay_seconds=0)
    assert [m[1] for m in worlds.receive("q")] == ["now"]
    worlds.tick(2999)
    assert worlds.receive("q") == []
    worlds.tick(1)
    assert [m[1] for m in worlds.receive("q")] == ["late"]
    worlds.check()


def test_a_message_deleted_in_flight_or_delayed_is_gone_when_its_time_comes(worlds: Worlds) -> None:
    worlds.create("q", VisibilityTimeout=5)
    worlds.send("q", "delayed", delay_seconds=2)
    worlds.send("q", "in flight")
    worlds.receive("q")
    worlds.delete("q", -1)
    worlds.purge("q")  # moto replaces its list: the index is rebuilt from the new one
    worlds.send("q", "after purge")
    worlds.tick(10_000)
    assert [m[1] for m in worlds.receive("q", visibility=0)] == ["after purge"]
    worlds.delete("q", -1)  # a visible message deleted: its place among the visible ones is stale
    assert worlds.receive("q") == []
    worlds.check()


def test_changed_visibility_moves_a_message_both_ways(worlds: Worlds) -> None:
    worlds.create("q", VisibilityTimeout=30)
    worlds.send("q", "a")
    worlds.send("q", "b")
    worlds.receive("q", count=1)
    worlds.change_visibility("q", 0, 0)
    assert [(m[0], m[2]) for m in worlds.receive("q")] == [(1, 1)]  # visible again only once time moves
    worlds.tick(1)
    assert [m[0] for m in worlds.receive("q", visibility=2)] == [0]
    worlds.change_visibility("q", -1, 5)
    worlds.change_visibility("q", -1, 2)  # moved back: its earlier time no longer counts
    worlds.tick(2001)
    assert [m[0] for m in worlds.receive("q")] == [0]
    assert worlds.change_visibility("q", -1, 43200)[0] == "InvalidParameterValue"
    assert worlds.change_visibility("q", 0, 1)[0] == "ok"  # an old handle of the message still counts
    worlds.delete("q", 0)
    assert worlds.change_visibility("q", 0, 1)[0] == "ReceiptHandleIsInvalid"
    assert worlds.delete("q", 0) == ("ok", None)  # deleting twice is fine, as in moto
    worlds.check()


def test_the_clock_going_back_makes_messages_invisible_again(worlds: Worlds) -> None:
    worlds.create("q", VisibilityTimeout=1)
    worlds.send("q", "a")
    worlds.receive("q")
    worlds.tick(1001)
    worlds.check()
    worlds.tick(-5)
    assert worlds.receive("q") == []
    worlds.check()


def test_redrive_moves_a_message_after_max_receive_count(worlds: Worlds) -> None:
    worlds.create("dlq")
    for world in (FAST, MOTO):
        policy = json.dumps({"deadLetterTargetArn": worlds.arn("dlq", world), "maxReceiveCount": 2})
        worlds.backends[world].create_queue("q", VisibilityTimeout=1, RedrivePolicy=policy)
    worlds.send("q", "poison")
    worlds.send("q", "fine")
    for _ in range(2):
        assert [m[2] for m in worlds.receive("q", count=1)] == [_ + 1]
        worlds.tick(1001)
    assert [m[1] for m in worlds.receive("q", count=1)] == ["fine"]
    assert [(m[1], m[2]) for m in worlds.receive("dlq")] == [("poison", 3)]
    assert worlds.delete("q", 0)[0] == "ReceiptHandleIsInvalid"  # moved: gone from the source queue
    assert worlds.delete("dlq", 0) == ("ok", None)  # its handles went with it
    worlds.check()


def test_a_queue_that_is_its_own_dead_letter_queue(worlds: Worlds) -> None:
    for world in (FAST, MOTO):
        backend = worlds.backends[world]
        backend.create_queue("loop", VisibilityTimeout=1)
        policy = json.dumps({"deadLetterTargetArn": worlds.arn("loop", world), "maxReceiveCount": 1})
        backend.set_queue_attributes("loop", {"RedrivePolicy": policy})
    worlds.send("loop", "a")
    worlds.send("loop", "b")
    worlds.receive("loop")
    worlds.tick(1001)
    assert worlds.receive("loop") == []
    assert [m[1] for m in worlds.receive("loop")] == []
    worlds.check()


def test_fifo_groups_deduplication_and_retention(worlds: Worlds) -> None:
    worlds.create("f.fifo", FifoQueue="true", VisibilityTimeout=5, MessageRetentionPeriod=60)
    for body, group, dedup in [("1", "g1", "d1"), ("2", "g1", "d2"), ("1 again", "g1", "d1"), ("3", "g2", "d3")]:
        worlds.send("f.fifo", body, group_id=group, deduplication_id=dedup)
    assert [m[1] for m in worlds.receive("f.fifo", count=1)] == ["1"]
    assert [m[1] for m in worlds.receive("f.fifo")] == ["3"]  # g1 is in flight
    worlds.tick(5001)
    assert [m[1] for m in worlds.receive("f.fifo")] == ["1", "2", "3"]  # the in-flight ones timed out
    worlds.tick(300_000)
    worlds.send("f.fifo", "1 later", group_id="g1", deduplication_id="d1")  # past the 5-minute window
    # Past the retention period: moto marks the first message received, returns nothing and stops.
    assert worlds.receive("f.fifo") == []
    worlds.check()


def test_waiting_for_messages(worlds: Worlds, monkeypatch: pytest.MonkeyPatch) -> None:
    # Waiting lets time pass (here 1.5 s a wait) until a message comes or the wait time is over.
    from moto.sqs import models

    worlds.create("q")
    start, seen = worlds.clock.ms, {}
    for world in (FAST, MOTO):
        worlds.clock.ms = start
        waits: list[str] = []

        def wait(self: Any, timeout: int, waits: list[str] = waits) -> None:
            waits.append(self.name)
            worlds.tick(1500)
            if len(waits) == 3:
                late = models.Message("late", "late")
                late.mark_sent()
                self.add_message(late)

        monkeypatch.setattr(models.Queue, "wait_for_messages", wait)
        backend = worlds.backends[world]
        nothing = backend.receive_message("q", 10, 2, 30, [])
        late = backend.receive_message("q", 10, 5, 30, [])
        seen[world] = (nothing, [m.body for m in late], len(waits), worlds.clock.ms - start)
    assert seen[FAST] == seen[MOTO] == ([], ["late"], 3, 4500)


def test_queues_the_index_cannot_mirror_run_as_moto(worlds: Worlds) -> None:
    worlds.create("dlq")
    for world in (FAST, MOTO):
        policy = json.dumps({"deadLetterTargetArn": worlds.arn("dlq", world), "maxReceiveCount": 1})
        worlds.backends[world].create_queue("q", VisibilityTimeout=1, RedrivePolicy=policy)
    worlds.send("q", "a")
    worlds.send("q", "b")
    worlds.receive("q", count=1)
    for world in (FAST, MOTO):  # one message twice in moto's list (nothing in moto does this)
        queue = worlds.queue(world, "q")
        queue._messages.append(queue._messages[1])
    worlds.check()
    worlds.send("q", "c")
    worlds.tick(1001)
    assert [m[1] for m in worlds.receive("q")] == ["b", "c"]  # b once: received, it is no longer visible
    worlds.change_visibility("q", 0, 0)
    worlds.delete("q", -1)
    assert speedup._INDEXES.get(worlds.queue(FAST, "q")) is None
    worlds.check()


def test_a_receipt_handle_on_two_messages_cannot_be_indexed(worlds: Worlds) -> None:
    worlds.create("q")
    worlds.send("q", "a")
    worlds.send("q", "b")
    worlds.receive("q")
    for world in (FAST, MOTO):  # (moto's handles are random: nothing in moto does this)
        first, second = worlds.queue(world, "q")._messages
        second._old_receipt_handles.append(first.receipt_handle)
    worlds.tick(-1)  # the index is built again, and finds the handle twice
    worlds.send("q", "c")
    assert speedup._INDEXES.get(worlds.queue(FAST, "q")) is None
    assert worlds.delete("q", 0) == ("ok", None)  # moto deletes every message that had the handle
    assert [m.body for m in worlds.queue(FAST, "q")._messages] == ["c"]
    worlds.check()


def test_adding_a_message_already_there_runs_as_moto(worlds: Worlds) -> None:
    worlds.create("q")
    worlds.send("q", "a")
    worlds.check()
    worlds.same(lambda b, w: b.get_queue("q").add_message(b.get_queue("q")._messages[0]))
    assert speedup._INDEXES.get(worlds.queue(FAST, "q")) is None
    worlds.check()


def test_a_list_changed_behind_the_index_is_read_again(worlds: Worlds) -> None:
    worlds.create("q")
    worlds.send("q", "a")
    worlds.check()
    for world in (FAST, MOTO):
        queue = worlds.queue(world, "q")
        queue._messages.append(queue._messages.pop())  # moto's list edited directly
        queue._messages.pop()
    worlds.check()
    assert worlds.receive("q") == []


def test_none_receipt_handles_run_as_moto(worlds: Worlds) -> None:
    # moto records None as the handle a message had before its first receive, so None "matches" it.
    worlds.create("q")
    worlds.send("q", "a")
    worlds.send("q", "b")
    worlds.receive("q", count=1)
    assert worlds.change_visibility("q", -1, 0) == ("ok", None)
    worlds.handles[FAST].append(None)  # type: ignore[arg-type]
    worlds.handles[MOTO].append(None)  # type: ignore[arg-type]
    assert worlds.change_visibility("q", -1, 3) == ("ok", None)
    assert worlds.delete("q", -1) == ("ok", None)
    worlds.check()


def test_moto_lambda_mappings_on_a_queue_are_left_to_moto(worlds: Worlds, monkeypatch: pytest.MonkeyPatch) -> None:
    class Disabled:
        enabled = False

    worlds.create("q")
    worlds.send("q", "a")
    for world in (FAST, MOTO):
        worlds.queue(world, "q").lambda_event_source_mappings["arn:aws:lambda:x"] = Disabled()
    worlds.send("q", "b")
    assert [m[1] for m in worlds.receive("q")] == ["a", "b"]
    worlds.check()


def test_a_failure_inside_a_receive_leaves_the_index_to_be_rebuilt(
    worlds: Worlds, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moto.sqs import models

    worlds.create("q")
    worlds.send("q", "a")

    def broken(message: Any, names: list[str]) -> None:
        raise RuntimeError("attribute filter failed")

    monkeypatch.setattr(models, "_filter_message_attributes", broken)
    assert worlds.receive("q") == ("RuntimeError", "attribute filter failed")
    assert speedup._INDEXES.get(worlds.queue(FAST, "q")) is None
    monkeypatch.undo()
    worlds.check()
