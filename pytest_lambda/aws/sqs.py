"""SQS events from real (moto) queues, and the SQS event source mapping around a function.

https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html (the event, the poller),
services-sqs-errorhandling.html (retries, partial batch responses) and services-sqs-parameters.html
(BatchSize, MaximumBatchingWindowInSeconds). boto3 is imported only when a function here runs.
"""

from __future__ import annotations

import base64
import heapq
import itertools
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pytest_lambda.aws._esm import (
    ANCHOR,
    EventSourceNotFoundError,
    arn_parts,
    aws_client,
    check_range,
    fail,
    is_missing,
    item_failures,
    report_batch_item_failures,
    throttle_reason,
    throttled_invoke,
)
from pytest_lambda.aws._moto_sqs_speedup import applied as moto_sqs_speedup
from pytest_lambda.aws.filtering import EventFilter, sqs_view
from pytest_lambda.clock import clock_token
from pytest_lambda.errors import TooManyRequestsError, with_docs
from pytest_lambda.runtime.encoding import SYNC_PAYLOAD_LIMIT

if TYPE_CHECKING:
    from pytest_lambda.aws._recursion import Lineage
    from pytest_lambda.events.sqs import SQSEvent, SQSRecord
    from pytest_lambda.runtime import InvokeResult, LambdaFunction

__all__ = ["SQSBatch", "SQSDrain", "SQSEventSourceMapping", "sqs_event", "sqs_record"]

BatchOutcome = Literal["success", "partial", "failure", "throttled"]
_URL = re.compile(r"https?://(?:sqs\.)?([a-z0-9-]+)?\.?(?:queue\.)?amazonaws\.com[a-z.]*/([0-9]{12})/([^/?]+)")
# SQS ReceiveMessage returns at most 10 messages per call (API_ReceiveMessage.html).
_RECEIVE_MAX = 10
# Lambda's record lists the system attributes in this order (with-sqs.html example event).
_ATTRIBUTE_ORDER = (
    "ApproximateReceiveCount",
    "SentTimestamp",
    "SenderId",
    "ApproximateFirstReceiveTimestamp",
    "SequenceNumber",
    "MessageGroupId",
    "MessageDeduplicationId",
    "AWSTraceHeader",
    "DeadLetterQueueSourceArn",
)


@dataclass(frozen=True)
class _Queue:
    url: str
    arn: str
    region: str
    visibility_timeout: int
    fifo: bool


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def _lambda_attribute(value: dict[str, Any]) -> dict[str, Any]:
    # Lambda spells message attributes in camelCase and always lists both list fields.
    out: dict[str, Any] = {}
    if "StringValue" in value:
        out["stringValue"] = value["StringValue"]
    if "BinaryValue" in value:
        out["binaryValue"] = _b64(value["BinaryValue"])
    out["stringListValues"] = list(value.get("StringListValues", []))
    out["binaryListValues"] = [_b64(v) for v in value.get("BinaryListValues", [])]
    out["dataType"] = value["DataType"]
    return out


def _send_attribute(value: dict[str, Any]) -> dict[str, Any]:
    """A record's message attribute (Lambda's camelCase) as SendMessage takes it back."""
    out: dict[str, Any] = {"DataType": value["dataType"]}
    if "stringValue" in value:
        out["StringValue"] = value["stringValue"]
    if "binaryValue" in value:
        out["BinaryValue"] = base64.b64decode(value["binaryValue"])
    return out


def sqs_record(message: dict[str, Any], queue_arn: str, region: str) -> SQSRecord:
    """A message as ReceiveMessage returned it (boto3 shape), in the form Lambda delivers it."""
    attributes = message.get("Attributes", {})
    record: dict[str, Any] = {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": {k: attributes[k] for k in _ATTRIBUTE_ORDER if k in attributes},
        "messageAttributes": {k: _lambda_attribute(v) for k, v in message.get("MessageAttributes", {}).items()},
        "md5OfBody": message["MD5OfBody"],
    }
    if "MD5OfMessageAttributes" in message:
        record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"]
    record.update(eventSource="aws:sqs", eventSourceARN=queue_arn, awsRegion=region)
    return record  # type: ignore[return-value]


def _resolve(queue: object, sqs: Any) -> _Queue:
    """Find a queue by URL, ARN or name; a missing one is an error naming it."""
    if not isinstance(queue, str) or not queue:
        raise fail(f"queue must be a queue URL, ARN or name, got {queue!r}")
    parts = arn_parts(queue)
    try:
        if parts is not None:
            if parts[0] != "sqs":
                raise fail(f"{queue} is not an SQS queue ARN")
            url = sqs.get_queue_url(QueueName=parts[3], QueueOwnerAWSAccountId=parts[2])["QueueUrl"]
        elif "/" in queue:
            url = queue
        else:
            url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    except Exception as exc:
        if is_missing(exc, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"):
            raise EventSourceNotFoundError(with_docs(f"SQS queue {queue} does not exist", ANCHOR)) from None
        raise
    arn = attributes["QueueArn"]
    return _Queue(
        url=url,
        arn=arn,
        region=arn.split(":")[3],
        visibility_timeout=int(attributes.get("VisibilityTimeout", 30)),
        fifo=attributes.get("FifoQueue") == "true",
    )


def _region_hint(queue: object) -> str | None:
    parts = arn_parts(queue) if isinstance(queue, str) else None
    if parts is not None:
        return parts[1] or None
    match = _URL.match(queue) if isinstance(queue, str) else None
    return match[1] if match is not None and match[1] else None


def _receive(sqs: Any, url: str, count: int, visibility_timeout: int | None = None) -> list[dict[str, Any]]:
    """Up to ``count`` visible messages, in calls of at most 10, with every attribute."""
    messages: list[dict[str, Any]] = []
    extra = {} if visibility_timeout is None else {"VisibilityTimeout": visibility_timeout}
    while len(messages) < count:
        got = sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=min(_RECEIVE_MAX, count - len(messages)),
            MessageSystemAttributeNames=["All"],
            MessageAttributeNames=["All"],
            WaitTimeSeconds=0,
            **extra,
        ).get("Messages", [])
        if not got:
            break
        messages.extend(got)
    return messages


def sqs_event(
    queue: str, max_messages: int = 10, *, visibility_timeout: int | None = None, client: Any = None
) -> SQSEvent:
    """Receive up to ``max_messages`` from a (moto) queue and return them as Lambda's SQS event.

    The messages are in flight afterwards, as after Lambda's poller received them: delete them
    (``receiptHandle``) or let them reappear after the visibility timeout.
    """
    check_range("max_messages", max_messages, 1, 10_000, "messages")
    sqs = aws_client("sqs", _region_hint(queue), client)
    info = _resolve(queue, sqs)
    with moto_sqs_speedup():
        messages = _receive(sqs, info.url, max_messages, visibility_timeout)
    return {"Records": [sqs_record(m, info.arn, info.region) for m in messages]}


@dataclass(frozen=True)
class SQSBatch:
    """One invocation of the function by the mapping, and what the mapping did after it."""

    message_ids: tuple[str, ...]
    event: dict[str, Any]
    result: InvokeResult
    outcome: BatchOutcome
    reported_failures: tuple[str, ...]
    deleted: tuple[str, ...]
    retried: tuple[str, ...]
    reason: str | None = None

    def __repr__(self) -> str:
        return (
            f"SQSBatch(outcome={self.outcome!r}, messages={len(self.message_ids)}, deleted={len(self.deleted)}, "
            f"retried={len(self.retried)}, reason={self.reason!r})"
        )


@dataclass(frozen=True)
class SQSDrain:
    """What ``drain()`` did: every batch, and how it stopped."""

    batches: list[SQSBatch] = field(default_factory=list)
    # Messages that came back after a failure and were never received again: SQS moved them to
    # the queue's dead-letter queue (maxReceiveCount) or they expired.
    dead_lettered: tuple[str, ...] = ()
    exhausted: bool = False

    @property
    def deleted(self) -> list[str]:
        """Every message id the mapping deleted (processed successfully), in order."""
        return [m for batch in self.batches for m in batch.deleted]

    def __iter__(self) -> Iterator[SQSBatch]:
        return iter(self.batches)

    def __len__(self) -> int:
        return len(self.batches)


class SQSEventSourceMapping:
    """Lambda's SQS poller around ``function``, driven on the function's virtual clock.

    Receives batches from the (moto) queue, invokes the function synchronously, deletes what was
    processed, and leaves failed messages in flight until the queue's visibility timeout has passed
    on the virtual clock; the queue's own redrive policy (in moto, applied on receive as in SQS)
    moves a message to its dead-letter queue after ``maxReceiveCount`` receives.
    """

    def __init__(
        self,
        function: LambdaFunction,
        queue: str,
        *,
        batch_size: int = 10,
        maximum_batching_window: int = 0,
        function_response_types: Sequence[str] | bool = (),
        client: Any = None,
        filter_criteria: Sequence[str | Mapping[str, Any]] = (),
    ) -> None:
        self.function = function
        # invocation-eventfiltering.html: messages matching no filter are deleted, never invoked with.
        self.filter = EventFilter(filter_criteria) if filter_criteria else None
        self.clock = function.clock
        self._sqs = aws_client("sqs", _region_hint(queue) or function.config.region, client)
        self.queue = _resolve(queue, self._sqs)
        fifo = self.queue.fifo
        # services-sqs-parameters.html: BatchSize up to 10,000 (standard) or 10 (FIFO); window 0-300 s,
        # not supported on FIFO queues; with-sqs.html: a BatchSize over 10 needs a window of at least 1 s.
        self.batch_size = check_range("batch_size", batch_size, 1, 10 if fifo else 10_000, "messages")
        self.maximum_batching_window = check_range(
            "maximum_batching_window", maximum_batching_window, 0, 300, "seconds"
        )
        if fifo and maximum_batching_window:
            raise fail("maximum_batching_window is not supported for FIFO queues: use 0")
        if batch_size > 10 and maximum_batching_window < 1:
            raise fail(f"batch_size={batch_size} needs maximum_batching_window of at least 1 second, as in Lambda")
        self.report_batch_item_failures = report_batch_item_failures(function_response_types)
        # CreateEventSourceMapping refuses a queue that would hide a message for less than one invocation.
        timeout = function.config.timeout
        if self.queue.visibility_timeout < timeout:
            raise fail(
                f"InvalidParameterValueException: Queue visibility timeout: {self.queue.visibility_timeout} "
                f"seconds is less than Function timeout: {timeout} seconds"
            )
        self.batches: list[SQSBatch] = []
        # Set by a Stack: the chains its mappings' invocations form, to stop recursive loops as Lambda does.
        self.lineage: Lineage | None = None
        # The messages a recursive loop brought that were not invoked with (RecursiveLoop: Terminate).
        self.stopped_loops: list[str] = []
        # Failed (or released) messages still in flight: message id -> (receipt handle, visible again at
        # (ms), order of hiding), and the same by due time (a heap; items replaced since are skipped).
        self._hidden: dict[str, tuple[str, int, int]] = {}
        self._by_due: list[tuple[int, int, str]] = []
        self._orders = itertools.count()
        # Messages whose visibility timeout passed but that no receive has returned since.
        self._awaiting: dict[str, None] = {}

    # -- visibility on the virtual clock ----------------------------------------------------------

    def _hide(self, message_id: str, receipt_handle: str, due_ms: int) -> None:
        # Hidden again before it was due (SQS showed it early), a message keeps its place, as a dict key does.
        kept = self._hidden.get(message_id)
        order = next(self._orders) if kept is None else kept[2]
        self._hidden[message_id] = (receipt_handle, due_ms, order)
        heapq.heappush(self._by_due, (due_ms, order, message_id))

    def _next_due(self) -> int | None:
        """When the first hidden message is due (ms), or None when none is hidden."""
        heap = self._by_due
        while heap:
            due, order, message_id = heap[0]
            if self._hidden.get(message_id, (None,))[1:] == (due, order):
                return due
            heapq.heappop(heap)
        return None

    def _take_due(self, now: int) -> list[tuple[str, str]]:
        """(message id, receipt handle) of the hidden messages due by ``now``, in the order they were hidden."""
        due: dict[str, tuple[int, str]] = {}
        while (first := self._next_due()) is not None and first <= now:
            _, order, message_id = heapq.heappop(self._by_due)
            due[message_id] = (order, self._hidden.pop(message_id)[0])
        return [(message_id, handle) for message_id, (_, handle) in sorted(due.items(), key=lambda kv: kv[1][0])]

    def _reveal(self) -> None:
        """Messages whose visibility timeout has passed on the virtual clock become visible in moto.

        Under freezegun or time-machine moto reads the same fake clock, so they already are; on the
        real clock the virtual offset is invisible to moto, so the mapping makes them visible.
        """
        now = self.clock.now_ms()
        real = clock_token() == (None, None)
        for message_id, handle in self._take_due(now):
            self._awaiting[message_id] = None
            if real:
                try:
                    self._sqs.change_message_visibility(
                        QueueUrl=self.queue.url, ReceiptHandle=handle, VisibilityTimeout=0
                    )
                except Exception as exc:
                    # Deleted meanwhile by someone else: nothing to make visible.
                    if not is_missing(exc, "ReceiptHandleIsInvalid", "InvalidParameterValue"):
                        raise

    def _due(self, received_ms: int) -> int:
        # moto shows a message again strictly after visible_at (received + timeout): one ms later.
        return received_ms + self.queue.visibility_timeout * 1000 + 1

    # -- one batch --------------------------------------------------------------------------------

    def _collect(self) -> list[dict[str, Any]]:
        messages = _receive(self._sqs, self.queue.url, self.batch_size)
        if messages and len(messages) < self.batch_size and self.maximum_batching_window:
            # with-sqs.html: Lambda waits up to the batching window for a full batch.
            self.clock.advance(self.maximum_batching_window)
            self._reveal()
            messages += _receive(self._sqs, self.queue.url, self.batch_size - len(messages))
        # A message whose visibility timeout ran out while the batch was gathered is received again
        # (SQS delivers at least once): keep it once, with its latest receipt handle.
        latest = {m["MessageId"]: m for m in messages}
        return list(latest.values())

    def _fit(self, records: list[dict[str, Any]], received_ms: int) -> list[dict[str, Any]]:
        """The records that fit Lambda's 6 MB synchronous payload; the rest go back to the queue."""
        size, kept, rest = len('{"Records": []}'), list[dict[str, Any]](), list[dict[str, Any]]()
        for record in records:
            size += len(json.dumps(record).encode()) + 2
            (rest if size > SYNC_PAYLOAD_LIMIT and kept else kept).append(record)
        for start in range(0, len(rest), _RECEIVE_MAX):
            chunk = rest[start : start + _RECEIVE_MAX]
            entries = [
                {"Id": str(i), "ReceiptHandle": r["receiptHandle"], "VisibilityTimeout": 0} for i, r in enumerate(chunk)
            ]
            self._sqs.change_message_visibility_batch(QueueUrl=self.queue.url, Entries=entries)
        for record in rest:
            self._hide(record["messageId"], record["receiptHandle"], received_ms + 1)
        return kept

    def poll(self) -> SQSBatch | None:
        """Receive one batch and invoke the function with it; ``None`` when no message is visible."""
        with moto_sqs_speedup():
            return self._poll()

    def _poll(self) -> SQSBatch | None:
        records: list[dict[str, Any]] = []
        while not records:
            self._reveal()
            received_ms = self.clock.now_ms()
            messages = self._collect()
            if not messages:
                return None
            records = [dict(sqs_record(m, self.queue.arn, self.queue.region)) for m in messages]
            if self.filter is not None:
                records = self._filtered(records, self.filter)
            if self.lineage is not None and self.lineage.terminates(self.function):
                records = self._stop_loops(records, self.lineage)
        records = self._fit(records, received_ms)
        ids = tuple(r["messageId"] for r in records)
        for message_id in ids:
            self._awaiting.pop(message_id, None)
        event = {"Records": records}
        throttle: TooManyRequestsError | None = None
        try:
            if self.lineage is None:
                result = self.function.invoke(event, invocation_type="RequestResponse")
            else:
                with self.lineage.running(records):
                    result = self.function.invoke(event, invocation_type="RequestResponse")
        except TooManyRequestsError as exc:
            # with-sqs.html: if the function is throttled, the messages become visible again after the
            # visibility timeout, as after an error; each receive counts toward the redrive policy.
            throttle, result = exc, throttled_invoke(self.function)
        failed: list[str]
        reported: list[str] = []
        reason: str | None = None
        if throttle is not None:
            failed = list(ids)
            reason = throttle_reason(throttle)
        elif result.function_error is not None:
            failed = list(ids)
            reason = f"{(result.error or {}).get('errorType', 'Unhandled')}: function error"
        elif self.report_batch_item_failures:
            reported, reason = item_failures(result.payload, ids)
            failed = list(ids) if reason is not None else reported
        else:
            # Without ReportBatchItemFailures a returned list of failures is ignored (§5.1).
            failed = []
        handles = {r["messageId"]: r["receiptHandle"] for r in records}
        failed_ids = set(failed)
        done = [m for m in ids if m not in failed_ids]
        self._delete([(m, handles[m]) for m in done])
        for message_id in failed:
            self._hide(message_id, handles[message_id], self._due(received_ms))
        outcome: BatchOutcome = "failure" if len(failed) == len(ids) else "partial" if failed else "success"
        if throttle is not None:
            outcome = "throttled"
        batch = SQSBatch(ids, event, result, outcome, tuple(reported), tuple(done), tuple(failed), reason)
        self.batches.append(batch)
        return batch

    def _filtered(self, records: list[dict[str, Any]], event_filter: EventFilter) -> list[dict[str, Any]]:
        """The records matching a filter; the others deleted from the queue."""
        kept = [record for record in records if event_filter.matches(sqs_view(record))]
        kept_ids = {record["messageId"] for record in kept}
        dropped = [(r["messageId"], r["receiptHandle"]) for r in records if r["messageId"] not in kept_ids]
        self._delete(dropped)
        for message_id, _ in dropped:
            self._awaiting.pop(message_id, None)
        return kept

    def _stop_loops(self, records: list[dict[str, Any]], lineage: Lineage) -> list[dict[str, Any]]:
        """The records, without those a recursive loop brought: to the dead-letter queue, or dropped."""
        stopped = lineage.looping(records)
        if not stopped:
            return records
        # invocation-recursion.html: the message goes to the queue's dead-letter queue, if it has one.
        attributes = self._sqs.get_queue_attributes(QueueUrl=self.queue.url, AttributeNames=["RedrivePolicy"])
        redrive = attributes.get("Attributes", {}).get("RedrivePolicy")
        if redrive:
            target = str(json.loads(redrive)["deadLetterTargetArn"]).rsplit(":", 1)[1]
            dead_letters = self._sqs.get_queue_url(QueueName=target)["QueueUrl"]
            for record in stopped:
                # SQS's redrive moves the message with its attributes (sqs-dead-letter-queues.html).
                attributes = {name: _send_attribute(value) for name, value in record["messageAttributes"].items()}
                self._sqs.send_message(QueueUrl=dead_letters, MessageBody=record["body"], MessageAttributes=attributes)
        self._delete([(record["messageId"], record["receiptHandle"]) for record in stopped])
        ids = [record["messageId"] for record in stopped]
        self.stopped_loops += ids
        lineage.stopped += [(self, record) for record in stopped]
        return [record for record in records if record["messageId"] not in ids]

    def _delete(self, items: list[tuple[str, str]]) -> None:
        for start in range(0, len(items), _RECEIVE_MAX):
            chunk = items[start : start + _RECEIVE_MAX]
            entries = [{"Id": str(i), "ReceiptHandle": handle} for i, (_, handle) in enumerate(chunk)]
            self._sqs.delete_message_batch(QueueUrl=self.queue.url, Entries=entries)

    def drain(self, *, max_batches: int = 1000) -> SQSDrain:
        """Poll until the queue is empty (or only dead letters remain), letting visibility timeouts pass.

        Stops after ``max_batches`` invocations (``exhausted``): a message that always fails and has
        no redrive policy would otherwise come back for ever, as it does in SQS.
        """
        check_range("max_batches", max_batches, 1, 10**9, "batches")
        batches: list[SQSBatch] = []
        with moto_sqs_speedup():
            while len(batches) < max_batches:
                batch = self._poll()
                if batch is not None:
                    batches.append(batch)
                    continue
                due = self._next_due()
                if due is None:
                    break
                # Nothing visible: let time pass until the next failed message comes back.
                self.clock.advance(max(due - self.clock.now_ms(), 0) / 1000)
            exhausted = len(batches) >= max_batches and (bool(self._hidden) or self._has_visible())
        dead = () if exhausted else tuple(self._awaiting)
        if not exhausted:
            self._awaiting.clear()
        return SQSDrain(batches, dead, exhausted)

    def _has_visible(self) -> bool:
        attributes = self._sqs.get_queue_attributes(
            QueueUrl=self.queue.url, AttributeNames=["ApproximateNumberOfMessages"]
        )["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"]) > 0

    def __repr__(self) -> str:
        return (
            f"SQSEventSourceMapping(queue={self.queue.arn!r}, batch_size={self.batch_size}, "
            f"maximum_batching_window={self.maximum_batching_window}, "
            f"report_batch_item_failures={self.report_batch_item_failures})"
        )
