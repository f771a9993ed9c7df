"""Event source mappings around a throttled function: the batch stays where it was (with-sqs.html,
kinesis-on-failure-destination.html)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pytest_lambda import LambdaFunction
from pytest_lambda.aws.sqs import SQSEventSourceMapping
from pytest_lambda.aws.streams import DynamoDBStreamEventSourceMapping, KinesisEventSourceMapping

from ._moto_helpers import boto, make_queue, make_stream, make_table, mocked_aws, queue_arn, queue_counts, receive_all


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with mocked_aws(monkeypatch):
        yield


def put(stream: str, *values: int) -> list[str]:
    kinesis = boto("kinesis")
    return [
        kinesis.put_record(StreamName=stream, Data=str(value).encode(), PartitionKey="p")["SequenceNumber"]
        for value in values
    ]


@pytest.mark.usefixtures("aws", "still_clock")
def test_a_throttled_sqs_batch_comes_back_after_the_visibility_timeout_and_counts_as_a_receive() -> None:
    dlq = make_queue("orders-dlq")
    url = make_queue("orders", dlq_url=dlq, max_receive_count=3)
    (message_id,) = [boto("sqs").send_message(QueueUrl=url, MessageBody="order")["MessageId"]]
    calls: list[Any] = []
    function = LambdaFunction(lambda event, context: calls.append(event), reserved_concurrency=0)
    mapping = SQSEventSourceMapping(function, url)
    before = function.clock.offset_ms
    drain = mapping.drain()
    assert calls == []
    assert [batch.outcome for batch in drain] == ["throttled"] * 3
    batch = drain.batches[0]
    assert (batch.retried, batch.deleted, batch.reason) == (
        (message_id,),
        (),
        "TooManyRequestsException: throttled, reserved_concurrency=0",
    )
    assert (batch.result.status_code, batch.result.ok, batch.result.attempts) == (429, False, ())
    receives = [b.event["Records"][0]["attributes"]["ApproximateReceiveCount"] for b in drain]
    assert receives == ["1", "2", "3"]
    # Hidden for the visibility timeout (30 s) after each receive, then moved by SQS's redrive policy.
    assert function.clock.offset_ms - before >= 2 * 30_000
    assert drain.dead_lettered == (message_id,)
    assert [m["Body"] for m in receive_all(dlq)] == ["order"]
    assert queue_counts(url) == (0, 0)


@pytest.mark.usefixtures("aws", "still_clock")
def test_an_sqs_batch_runs_once_the_function_is_switched_back_on() -> None:
    url = make_queue("orders")
    boto("sqs").send_message(QueueUrl=url, MessageBody="order")
    calls: list[Any] = []
    function = LambdaFunction(lambda event, context: calls.append(event), reserved_concurrency=0)
    mapping = SQSEventSourceMapping(function, url)
    batch = mapping.poll()
    assert batch is not None
    assert batch.outcome == "throttled"
    function.reserved_concurrency = 10
    drain = mapping.drain()
    assert [b.outcome for b in drain] == ["success"]
    assert [record["body"] for record in calls[0]["Records"]] == ["order"]
    assert queue_counts(url) == (0, 0)


@pytest.mark.usefixtures("aws")
def test_a_throttled_stream_batch_stays_pending_without_spending_a_retry() -> None:
    make_stream("s")
    sequences = put("s", 1, 2)
    calls: list[Any] = []
    function = LambdaFunction(lambda event, context: calls.append(event), reserved_concurrency=0)
    mapping = KinesisEventSourceMapping(function, "s", maximum_retry_attempts=0)
    drain = mapping.drain()
    assert (drain.throttled, drain.exhausted, len(drain)) == (True, False, 1)
    (batch,) = drain
    assert (batch.outcome, batch.attempt, batch.checkpoint, batch.retried) == ("throttled", 0, None, tuple(sequences))
    assert batch.result is not None
    assert batch.result.status_code == 429
    assert calls == []
    function.reserved_concurrency = None
    drain = mapping.drain()
    # The first invocation of the batch, though maximum_retry_attempts is 0: throttles are no retries.
    assert [(b.outcome, b.attempt) for b in drain] == [("success", 1)]
    assert not drain.throttled
    assert len(calls) == 1


@pytest.mark.usefixtures("aws")
def test_a_throttled_stream_batch_is_discarded_once_its_records_are_too_old() -> None:
    make_table("t")
    boto("dynamodb").put_item(TableName="t", Item={"pk": {"S": "a"}})
    dest = make_queue("old")
    function = LambdaFunction(lambda event, context: None, reserved_concurrency=0)
    mapping = DynamoDBStreamEventSourceMapping(
        function, "t", maximum_record_age_in_seconds=60, destination_config=queue_arn(dest)
    )
    assert mapping.drain().throttled
    function.clock.advance(61)
    drain = mapping.drain()
    assert [b.outcome for b in drain] == ["discarded"]
    [record] = drain.destination_records
    assert (record["requestContext"]["condition"], record["requestContext"]["approximateInvokeCount"]) == (
        "RecordAgeExceeded",
        0,
    )
