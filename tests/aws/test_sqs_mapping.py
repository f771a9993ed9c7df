"""SQS events from moto queues and the SQS event source mapping (pytest_lambda.aws.sqs)."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from aws_lambda_powertools.utilities.parser import models
from freezegun import freeze_time

from pytest_lambda import ConfigurationError, LambdaFunction
from pytest_lambda.aws._esm import EventSourceNotFoundError
from pytest_lambda.aws.sqs import SQSEventSourceMapping, sqs_event

from ._moto_helpers import REGION, boto, make_queue, mocked_aws, queue_arn, queue_counts, receive_all


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with mocked_aws(monkeypatch):
        yield


def send(url: str, *bodies: str, **extra: Any) -> list[str]:
    sqs = boto("sqs")
    return [sqs.send_message(QueueUrl=url, MessageBody=body, **extra)["MessageId"] for body in bodies]


def fails_on_poison(event: dict[str, Any], context: object) -> None:
    for record in event["Records"]:
        if record["body"] == "poison":
            raise ValueError("cannot process poison")


def reports_poison(event: dict[str, Any], context: object) -> dict[str, Any]:
    return {
        "batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in event["Records"] if r["body"] == "poison"]
    }


# -- events from real messages ---------------------------------------------------------------------


@pytest.mark.usefixtures("aws")
def test_event_carries_the_received_messages_in_lambdas_form() -> None:
    url = make_queue("orders")
    sent = boto("sqs").send_message(
        QueueUrl=url,
        MessageBody='{"orderId": 7}',
        MessageAttributes={
            "kind": {"DataType": "String", "StringValue": "new"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
            "count": {"DataType": "Number", "StringValue": "3"},
        },
    )
    event = sqs_event(url)
    models.SqsModel.model_validate(event)
    [record] = event["Records"]
    assert record["messageId"] == sent["MessageId"]
    assert record["body"] == '{"orderId": 7}'
    assert record["md5OfBody"] == hashlib.md5(b'{"orderId": 7}').hexdigest()
    assert record["md5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]  # type: ignore[typeddict-item]
    assert list(record["attributes"]) == [
        "ApproximateReceiveCount",
        "SentTimestamp",
        "SenderId",
        "ApproximateFirstReceiveTimestamp",
    ]
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert record["messageAttributes"] == {
        "kind": {"stringValue": "new", "stringListValues": [], "binaryListValues": [], "dataType": "String"},
        "blob": {
            "binaryValue": base64.b64encode(b"\x00\x01").decode(),
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": "Binary",
        },
        "count": {"stringValue": "3", "stringListValues": [], "binaryListValues": [], "dataType": "Number"},
    }
    assert (record["eventSource"], record["eventSourceARN"], record["awsRegion"]) == (
        "aws:sqs",
        f"arn:aws:sqs:{REGION}:123456789012:orders",
        REGION,
    )
    # The receipt handle is the real one: it deletes the message.
    boto("sqs").delete_message(QueueUrl=url, ReceiptHandle=record["receiptHandle"])
    assert queue_counts(url) == (0, 0)


@pytest.mark.usefixtures("aws")
def test_event_receives_in_calls_of_ten_and_leaves_messages_in_flight() -> None:
    url = make_queue("many")
    for start in range(0, 25, 10):
        boto("sqs").send_message_batch(
            QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": f"m{i}"} for i in range(start, min(start + 10, 25))]
        )
    event = sqs_event(url, max_messages=23)
    assert len(event["Records"]) == 23
    assert len({r["messageId"] for r in event["Records"]}) == 23
    assert "md5OfMessageAttributes" not in event["Records"][0]
    assert queue_counts(url) == (2, 23)
    assert len(sqs_event(url, max_messages=10)["Records"]) == 2
    assert sqs_event(url)["Records"] == []


@pytest.mark.usefixtures("aws")
def test_fifo_event_has_the_fifo_attributes() -> None:
    url = make_queue("jobs.fifo", FifoQueue="true", ContentBasedDeduplication="true")
    send(url, "one", MessageGroupId="g1")
    [record] = sqs_event(queue_arn(url))["Records"]
    models.SqsModel.model_validate({"Records": [record]})
    assert record["attributes"]["MessageGroupId"] == "g1"
    assert len(record["attributes"]["MessageDeduplicationId"]) == 64


@pytest.mark.usefixtures("aws")
def test_event_finds_a_queue_by_arn_or_name() -> None:
    url = make_queue("named")
    send(url, "a", "b")
    assert [r["body"] for r in sqs_event("named", max_messages=1)["Records"]] == ["a"]
    assert [r["body"] for r in sqs_event(queue_arn(url))["Records"]] == ["b"]


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize(
    "queue",
    [
        "https://sqs.us-east-1.amazonaws.com/123456789012/missing",
        "arn:aws:sqs:us-east-1:123456789012:missing",
        "missing",
    ],
)
def test_a_queue_that_does_not_exist_is_named(queue: str) -> None:
    with pytest.raises(EventSourceNotFoundError, match=f"SQS queue {queue} does not exist"):
        sqs_event(queue)


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize(
    ("queue", "message"),
    [
        ("", "queue must be a queue URL, ARN or name"),
        ("arn:aws:sns:us-east-1:123456789012:topic", "is not an SQS queue ARN"),
    ],
)
def test_bad_queue_references_are_refused(queue: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        sqs_event(queue)


@pytest.mark.usefixtures("aws")
def test_max_messages_is_checked() -> None:
    with pytest.raises(ConfigurationError, match=r"max_messages=0 is out of range: Lambda accepts 1 to 10000"):
        sqs_event(make_queue("q"), max_messages=0)


# -- the mapping -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("aws")
def test_successful_batches_are_deleted() -> None:
    url = make_queue("ok")
    ids = send(url, *(f"m{i}" for i in range(25)))
    seen: list[str] = []
    mapping = SQSEventSourceMapping(
        LambdaFunction(lambda event, context: seen.extend(r["messageId"] for r in event["Records"])), url
    )
    drain = mapping.drain()
    assert [len(b.message_ids) for b in drain] == [10, 10, 5]
    assert len(drain) == 3
    assert all(b.outcome == "success" and b.result.payload is None for b in drain)
    assert sorted(drain.deleted) == sorted(ids) == sorted(seen)
    assert drain.dead_lettered == ()
    assert not drain.exhausted
    assert queue_counts(url) == (0, 0)
    assert mapping.batches == drain.batches
    assert mapping.poll() is None


@pytest.mark.usefixtures("aws", "still_clock")
def test_poison_message_ends_in_the_redrive_dlq_and_takes_its_batch_with_it() -> None:
    # Without ReportBatchItemFailures the whole batch fails and comes back: a good message that
    # shares the poison's batch every time is dead-lettered with it, as in Lambda.
    dlq = make_queue("orders-dlq")
    url = make_queue("orders", dlq_url=dlq, max_receive_count=3)
    ids = send(url, "ok0", "ok1", "poison", "ok3", "ok4")
    function = LambdaFunction(fails_on_poison)
    drain = SQSEventSourceMapping(function, url, batch_size=2).drain()
    bodies = [[r["body"] for r in b.event["Records"]] for b in drain]
    assert bodies == [["ok0", "ok1"], ["poison", "ok3"], ["ok4"], ["poison", "ok3"], ["poison", "ok3"]]
    assert [b.outcome for b in drain] == ["success", "failure", "success", "failure", "failure"]
    assert drain.batches[1].reason == "ValueError: function error"
    assert drain.batches[1].retried == (ids[2], ids[3])
    # Delivered maxReceiveCount (3) times, then moved by SQS on the next receive.
    poison_batches = (drain.batches[1], *drain.batches[3:])
    assert [b.event["Records"][0]["attributes"]["ApproximateReceiveCount"] for b in poison_batches] == ["1", "2", "3"]
    assert sorted(drain.dead_lettered) == sorted([ids[2], ids[3]])
    assert sorted(drain.deleted) == sorted([ids[0], ids[1], ids[4]])
    assert sorted(m["Body"] for m in receive_all(dlq)) == ["ok3", "poison"]
    assert queue_counts(url) == (0, 0)
    # Three visibility timeouts (30 s and 1 ms each) passed on the virtual clock (the third before
    # SQS's move); nothing slept, and the stopped real clock adds no milliseconds of the test's own.
    assert function.clock.offset_ms == 90_003


@pytest.mark.usefixtures("aws")
def test_with_report_batch_item_failures_only_the_poison_reaches_the_dlq() -> None:
    dlq = make_queue("orders-dlq")
    url = make_queue("orders", dlq_url=dlq, max_receive_count=2)
    ids = send(url, "ok0", "poison", "ok2", "ok3")
    mapping = SQSEventSourceMapping(
        LambdaFunction(reports_poison), url, function_response_types=["ReportBatchItemFailures"]
    )
    drain = mapping.drain()
    assert [b.outcome for b in drain] == ["partial", "failure"]
    assert drain.batches[0].reported_failures == (ids[1],)
    assert drain.batches[0].retried == (ids[1],)
    assert sorted(drain.batches[0].deleted) == sorted([ids[0], ids[2], ids[3]])
    assert drain.dead_lettered == (ids[1],)
    assert [m["Body"] for m in receive_all(dlq)] == ["poison"]
    assert queue_counts(url) == (0, 0)


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize(
    "response",
    [
        None,
        {},
        {"batchItemFailures": []},
        {"batchItemFailures": None},
        {"status": "done"},
    ],
)
def test_partial_responses_meaning_complete_success(response: Any) -> None:
    url = make_queue("q")
    send(url, "a", "b")
    batch = SQSEventSourceMapping(
        LambdaFunction(lambda event, context: response), url, function_response_types=True
    ).poll()
    assert batch is not None
    assert (batch.outcome, batch.reason, len(batch.deleted)) == ("success", None, 2)


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize(
    ("response", "reason"),
    [
        ({"batchItemFailures": [{"itemIdentifier": ""}]}, "itemIdentifier must be a non-empty string, got ''"),
        ({"batchItemFailures": [{"itemIdentifier": None}]}, "itemIdentifier must be a non-empty string, got None"),
        ({"batchItemFailures": [{"itemId": "x"}]}, "exactly the key 'itemIdentifier'"),
        ({"batchItemFailures": ["x"]}, "exactly the key 'itemIdentifier'"),
        ({"batchItemFailures": [{"itemIdentifier": "nope"}]}, "itemIdentifier 'nope' is not in the batch"),
        ({"batchItemFailures": "x"}, "batchItemFailures is not a list"),
        ("ok", "the response is not a JSON object"),
    ],
)
def test_invalid_partial_responses_fail_the_whole_batch(response: Any, reason: str) -> None:
    url = make_queue("q")
    send(url, "a", "b")
    batch = SQSEventSourceMapping(
        LambdaFunction(lambda event, context: response), url, function_response_types=True
    ).poll()
    assert batch is not None
    assert batch.outcome == "failure"
    assert reason in (batch.reason or "")
    assert batch.deleted == ()
    assert queue_counts(url) == (0, 2)


@pytest.mark.usefixtures("aws")
def test_duplicate_identifiers_count_once() -> None:
    url = make_queue("q")
    send(url, "a", "b")

    def handler(event: dict[str, Any], context: object) -> dict[str, Any]:
        first = event["Records"][0]["messageId"]
        return {"batchItemFailures": [{"itemIdentifier": first}, {"itemIdentifier": first}]}

    batch = SQSEventSourceMapping(LambdaFunction(handler), url, function_response_types=True).poll()
    assert batch is not None
    assert (batch.outcome, len(batch.reported_failures), len(batch.deleted)) == ("partial", 1, 1)


@pytest.mark.usefixtures("aws")
def test_partial_responses_are_ignored_without_report_batch_item_failures() -> None:
    url = make_queue("q")
    send(url, "poison", "ok")
    batch = SQSEventSourceMapping(LambdaFunction(reports_poison), url).poll()
    assert batch is not None
    assert (batch.outcome, batch.reported_failures, len(batch.deleted)) == ("success", (), 2)
    assert queue_counts(url) == (0, 0)


@pytest.mark.usefixtures("aws")
def test_a_failed_batch_stays_hidden_for_the_visibility_timeout() -> None:
    # On a frozen clock the timing is exact: SQS shows the message again once 40 s have passed.
    with freeze_time("2024-05-01T12:00:00Z"):
        url = make_queue("q", VisibilityTimeout="40")
        send(url, "poison")
        function = LambdaFunction(fails_on_poison)
        mapping = SQSEventSourceMapping(function, url)
        assert mapping.poll() is not None
        assert mapping.poll() is None
        function.clock.advance(40)
        assert mapping.poll() is None
        function.clock.advance(0.001)
        batch = mapping.poll()
        assert batch is not None
        assert batch.event["Records"][0]["attributes"]["ApproximateReceiveCount"] == "2"


@pytest.mark.usefixtures("aws")
def test_on_the_real_clock_the_mapping_makes_failed_messages_visible_again() -> None:
    url = make_queue("q", VisibilityTimeout="40")
    send(url, "poison")
    function = LambdaFunction(fails_on_poison)
    mapping = SQSEventSourceMapping(function, url)
    assert mapping.poll() is not None
    assert mapping.poll() is None
    function.clock.advance(41)
    batch = mapping.poll()
    assert batch is not None
    assert batch.event["Records"][0]["attributes"]["ApproximateReceiveCount"] == "2"


@pytest.mark.usefixtures("aws")
def test_draining_under_freezegun_moves_moto_on_the_same_clock() -> None:
    dlq = make_queue("dlq")
    with freeze_time("2024-05-01T12:00:00Z"):
        url = make_queue("q", dlq_url=dlq, max_receive_count=2)
        ids = send(url, "poison", "ok")
        function = LambdaFunction(reports_poison)
        drain = SQSEventSourceMapping(function, url, function_response_types=True).drain()
        assert drain.dead_lettered == (ids[0],)
        assert function.clock.offset_ms == 0
        assert [b.event["Records"][0]["attributes"]["SentTimestamp"] for b in drain] == ["1714564800000"] * 2


@pytest.mark.usefixtures("aws")
def test_draining_under_time_machine() -> None:
    dlq = make_queue("dlq")
    with time_machine.travel("2024-05-01T12:00:00Z", tick=False):
        url = make_queue("q", dlq_url=dlq, max_receive_count=2)
        ids = send(url, "poison", "ok")
        drain = SQSEventSourceMapping(LambdaFunction(reports_poison), url, function_response_types=True).drain()
        assert [b.outcome for b in drain] == ["partial", "failure"]
        assert drain.dead_lettered == (ids[0],)


@pytest.mark.usefixtures("aws")
def test_the_batching_window_waits_for_a_fuller_batch_on_the_virtual_clock() -> None:
    url = make_queue("q")
    send(url, "a", "b", "c")
    function = LambdaFunction(lambda event, context: None)
    mapping = SQSEventSourceMapping(function, url, batch_size=50, maximum_batching_window=5)
    batch = mapping.poll()
    assert batch is not None
    assert len(batch.message_ids) == 3
    assert function.clock.offset_ms == 5000
    # An empty queue invokes nothing and waits for nothing.
    assert mapping.poll() is None
    assert function.clock.offset_ms == 5000


@pytest.mark.usefixtures("aws")
def test_a_batch_stops_at_the_six_mb_payload_limit() -> None:
    url = make_queue("big")
    body = "x" * 1_000_000
    ids = send(url, *[body] * 8)
    drain = SQSEventSourceMapping(LambdaFunction(lambda event, context: None), url).drain()
    assert [len(b.message_ids) for b in drain] == [6, 2]
    assert all(len(json.dumps(b.event)) <= 6 * 1024 * 1024 for b in drain)
    assert sorted(drain.deleted) == sorted(ids)


@pytest.mark.usefixtures("aws")
def test_fifo_queue_delivers_a_group_in_order() -> None:
    url = make_queue("q.fifo", FifoQueue="true", ContentBasedDeduplication="true")
    send(url, "1", "2", "3", MessageGroupId="g")
    bodies: list[str] = []
    SQSEventSourceMapping(
        LambdaFunction(lambda event, context: bodies.extend(r["body"] for r in event["Records"])), url
    ).drain()
    assert bodies == ["1", "2", "3"]


@pytest.mark.usefixtures("aws")
def test_without_a_redrive_policy_drain_stops_after_max_batches() -> None:
    url = make_queue("q")
    send(url, "poison")
    drain = SQSEventSourceMapping(LambdaFunction(fails_on_poison), url).drain(max_batches=4)
    assert (len(drain), drain.exhausted, drain.dead_lettered) == (4, True, ())
    assert all(b.outcome == "failure" for b in drain)


@pytest.mark.usefixtures("aws")
def test_max_batches_with_visible_messages_left_is_exhausted() -> None:
    url = make_queue("q")
    send(url, "a", "b")
    mapping = SQSEventSourceMapping(LambdaFunction(lambda event, context: None), url, batch_size=1)
    assert mapping.drain(max_batches=1).exhausted
    assert not mapping.drain(max_batches=1).exhausted


@pytest.mark.usefixtures("aws")
def test_a_failed_message_deleted_meanwhile_is_not_revived() -> None:
    url = make_queue("q")
    send(url, "poison")
    mapping = SQSEventSourceMapping(LambdaFunction(fails_on_poison), url)
    batch = mapping.poll()
    assert batch is not None
    boto("sqs").delete_message(QueueUrl=url, ReceiptHandle=batch.event["Records"][0]["receiptHandle"])
    drain = mapping.drain()
    assert len(drain) == 0
    assert drain.dead_lettered == batch.message_ids  # came back never: gone from the queue


class _FailingVisibility:
    """A client whose ChangeMessageVisibility fails for another reason than a stale handle."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def change_message_visibility(self, **kwargs: Any) -> None:
        from botocore.exceptions import ClientError

        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "ChangeMessageVisibility")


@pytest.mark.usefixtures("aws")
def test_other_errors_making_a_message_visible_propagate() -> None:
    from botocore.exceptions import ClientError

    url = make_queue("q")
    send(url, "poison")
    mapping = SQSEventSourceMapping(LambdaFunction(fails_on_poison), url, client=_FailingVisibility(boto("sqs")))
    with pytest.raises(ClientError, match="AccessDenied"):
        mapping.drain()


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize(
    ("queue_attributes", "options", "message"),
    [
        ({}, {"batch_size": 0}, r"batch_size=0 is out of range: Lambda accepts 1 to 10000 messages"),
        ({}, {"batch_size": 10_001, "maximum_batching_window": 1}, "batch_size=10001 is out of range"),
        ({}, {"batch_size": True}, "batch_size=True is out of range"),
        ({}, {"batch_size": 11}, "batch_size=11 needs maximum_batching_window of at least 1 second"),
        ({}, {"maximum_batching_window": 301}, r"maximum_batching_window=301 is out of range: .* 0 to 300 seconds"),
        ({"FifoQueue": "true"}, {"batch_size": 11}, r"batch_size=11 is out of range: Lambda accepts 1 to 10 "),
        ({"FifoQueue": "true"}, {"maximum_batching_window": 2}, "not supported for FIFO queues"),
        ({}, {"function_response_types": ["Partial"]}, r"function_response_types=\['Partial'\] is not valid"),
        ({}, {"function_response_types": "ReportBatchItemFailures"}, "function_response_types='Report"),
        (
            {"VisibilityTimeout": "2"},
            {},
            "Queue visibility timeout: 2 seconds is less than Function timeout: 3 seconds",
        ),
    ],
)
def test_mapping_parameters_are_checked(queue_attributes: dict[str, str], options: Any, message: str) -> None:
    name = "q.fifo" if queue_attributes.get("FifoQueue") else "q"
    url = make_queue(name, **queue_attributes)
    with pytest.raises(ConfigurationError, match=message):
        SQSEventSourceMapping(LambdaFunction(fails_on_poison), url, **options)


@pytest.mark.usefixtures("aws")
def test_mapping_on_a_missing_queue_names_it() -> None:
    arn = "arn:aws:sqs:us-east-1:123456789012:ghost"
    with pytest.raises(EventSourceNotFoundError, match=f"SQS queue {arn} does not exist"):
        SQSEventSourceMapping(LambdaFunction(fails_on_poison), arn)


@pytest.mark.usefixtures("aws")
def test_drain_checks_max_batches_and_reprs_are_short() -> None:
    url = make_queue("q")
    send(url, "a")
    mapping = SQSEventSourceMapping(LambdaFunction(lambda event, context: None), url)
    with pytest.raises(ConfigurationError, match="max_batches=0 is out of range"):
        mapping.drain(max_batches=0)
    assert repr(mapping) == (
        "SQSEventSourceMapping(queue='arn:aws:sqs:us-east-1:123456789012:q', batch_size=10, "
        "maximum_batching_window=0, report_batch_item_failures=False)"
    )
    batch = mapping.poll()
    assert repr(batch) == "SQSBatch(outcome='success', messages=1, deleted=1, retried=0, reason=None)"


@pytest.mark.usefixtures("aws")
def test_a_message_received_twice_while_a_batch_gathers_is_delivered_once() -> None:
    with freeze_time("2024-05-01T12:00:00Z"):
        url = make_queue("q", VisibilityTimeout="1")
        ids = send(url, "a", "b")
        function = LambdaFunction(lambda event, context: None, timeout=1)
        mapping = SQSEventSourceMapping(function, url, batch_size=20, maximum_batching_window=5)
        batch = mapping.poll()
        assert batch is not None
        # The window outlasted the visibility timeout, so SQS handed both messages out again.
        assert batch.message_ids == tuple(ids)
        assert [r["attributes"]["ApproximateReceiveCount"] for r in batch.event["Records"]] == ["2", "2"]
        assert queue_counts(url) == (0, 0)


@pytest.mark.usefixtures("aws")
def test_a_message_shown_again_before_it_was_due_keeps_its_place() -> None:
    # The queue's visibility timeout shortened after the mapping read it: SQS hands a failed message
    # out again before the mapping expects it. Failed again, it keeps its place among the hidden
    # ones, so messages that then never come back are reported in the order they first failed.
    with freeze_time("2024-05-01T12:00:00Z"):
        url = make_queue("q", VisibilityTimeout="30")
        first, second = send(url, "poison", "poison")
        function = LambdaFunction(fails_on_poison)
        mapping = SQSEventSourceMapping(function, url, batch_size=1)
        boto("sqs").set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "5"})
        assert mapping.poll().message_ids == (first,)  # type: ignore[union-attr]
        function.clock.advance(1)
        assert mapping.poll().message_ids == (second,)  # type: ignore[union-attr]
        function.clock.advance(5)
        again = mapping.poll()
        assert again is not None
        assert again.message_ids == (first,)
        # Both deleted by someone else, then both due at once: neither comes back.
        for batch in (again, mapping.batches[1]):
            boto("sqs").delete_message(QueueUrl=url, ReceiptHandle=batch.event["Records"][0]["receiptHandle"])
        function.clock.advance(100)
        drain = mapping.drain()
        assert len(drain) == 0
        assert drain.dead_lettered == (first, second)
