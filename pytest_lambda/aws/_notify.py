"""S3 notifications and SNS Lambda subscriptions of live stacks, delivered when moto sees the write.

S3 and SNS invoke a function asynchronously (with-s3.html, with-sns.html). While a ``Stack`` with
a notifying bucket or a Lambda subscription is alive, moto's own dispatch is watched: S3's
``notifications.send_event`` (every event type moto's operations produce) and ``delete_object`` of
a versioned bucket (whose events moto does not send), and SNS's ``Subscription.publish`` for the
``lambda`` protocol (moto would run the function in Docker). A write or publish that concerns a
stack's bucket or subscription -- the very moto object the stack created, so a later test's
resources are never taken for it -- queues an asynchronous invocation. The queue is delivered at
once when the write came from the test, or as soon as the function invocation that made it has
returned (one execution environment runs one invocation at a time: the chain never nests, and a
loop runs as a loop, not as Python recursion).

Recursive loops (``_recursion``): the invocation a write or publish causes is one step further
down the chain than the invocation that made it. With ``RecursiveLoop: Terminate`` the 17th is not
invoked: "For asynchronous invokes, Lambda sends the event to a dead-letter queue or on-failure
destination, if one is configured" (AWS Compute Blog, "Detecting and stopping recursive loops in
AWS Lambda functions"). What that dead letter's ``ErrorCode``/``ErrorMessage`` and that record's
``condition`` are is not documented: see ``_stopped_letters``.
"""

from __future__ import annotations

import json
import weakref
from collections import deque
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Final

from pytest_lambda.aws._recursion import CHAIN, LIMIT, chain
from pytest_lambda.errors import PytestLambdaError, with_docs

if TYPE_CHECKING:
    from pytest_lambda.aws._s3_wiring import S3Target
    from pytest_lambda.runtime import InvokeResult, LambdaFunction
    from pytest_lambda.runtime.results import DeadLetter, DestinationRecord

__all__ = ["CHAIN_LIMIT", "DELIVERY_LIMIT", "NotificationLoopError", "StoppedLoop", "Wiring"]

_ANCHOR: Final = "testing-a-sam-or-cdk-application"
# A chain of S3/SNS deliveries longer than this is a loop Lambda would not stop (RecursiveLoop:
# Allow): in AWS it would run for ever; here it ends with NotificationLoopError.
CHAIN_LIMIT = 1000
# Deliveries one write may lead to (a loop that fans out grows wide before it grows long).
DELIVERY_LIMIT = 10_000


class NotificationLoopError(PytestLambdaError, RuntimeError):
    """S3 notifications or SNS deliveries kept invoking functions: a loop Lambda does not stop."""


@dataclass(frozen=True)
class StoppedLoop:
    """An invocation Lambda's recursive loop detection stopped (invocation-recursion.html).

    ``function`` and ``source`` are logical ids (the function; the bucket, subscription or
    mapping), ``event`` what it was not invoked with (for an SQS mapping, the message's record),
    ``dead_letters``/``destination_records`` where an asynchronous event went instead.
    """

    function: str
    source: str
    event: Any
    dead_letters: tuple[DeadLetter, ...] = ()
    destination_records: tuple[DestinationRecord, ...] = ()


@dataclass(frozen=True)
class _Delivery:
    wiring: Wiring
    source: str
    function: str
    event: dict[str, Any]
    depth: int  # of the invocation that wrote or published (0: the test)
    live: Callable[[], bool]


class Wiring:
    """One stack's notifying buckets and Lambda subscriptions, and what they delivered."""

    def __init__(
        self,
        function: Callable[[str], LambdaFunction],
        terminates: Callable[[str], bool],
        account_id: str,
        region: str,
    ) -> None:
        self._function = function
        self._terminates = terminates
        self.account_id = account_id
        self.region = region
        # bucket name -> (logical id, moto's bucket, targets); subscription ARN -> (logical id, moto's, function)
        self.buckets: dict[str, tuple[str, weakref.ref[Any], list[S3Target]]] = {}
        self.subscriptions: dict[str, tuple[str, weakref.ref[Any], str]] = {}
        self.delivered: dict[str, list[InvokeResult]] = {}
        self.stopped: list[StoppedLoop] = []
        self._events = 0

    def watch_bucket(self, logical: str, name: str, targets: list[S3Target]) -> None:
        from moto.s3.models import s3_backends

        bucket = s3_backends[self.account_id]["global"].buckets[name]
        self.buckets[name] = (logical, weakref.ref(bucket), targets)
        self.delivered[logical] = []
        _install()
        _LIVE.add(self)

    def watch_subscription(self, logical: str, arn: str, function: str) -> None:
        from moto.sns.models import sns_backends

        subscription = sns_backends[self.account_id][self.region].subscriptions[arn]
        self.subscriptions[arn] = (logical, weakref.ref(subscription), function)
        self.delivered.setdefault(logical, [])
        _install()
        _LIVE.add(self)

    def take_delivered(self) -> dict[str, list[InvokeResult]]:
        """The results delivered since the last call, by bucket or subscription logical id."""
        taken = self.delivered
        self.delivered = {logical: [] for logical in taken}
        return taken

    def seed(self) -> int:
        self._events += 1
        return self._events

    # -- delivering ---------------------------------------------------------------------------

    def deliver(self, delivery: _Delivery) -> None:
        function = self._function(delivery.function)
        if delivery.depth >= LIMIT and self._terminates(delivery.function):
            self.stopped.append(_stop(function, delivery))
            return
        if delivery.depth >= CHAIN_LIMIT:
            _PENDING.clear()
            raise NotificationLoopError(
                with_docs(
                    f"{delivery.source} -> {delivery.function}: {CHAIN_LIMIT} invocations in one chain of S3 "
                    "notifications and SNS deliveries. Lambda does not stop this loop (RecursiveLoop: Allow), so "
                    "in AWS it would run for ever; end it in the function, or set RecursiveLoop: Terminate",
                    _ANCHOR,
                )
            )
        with chain(delivery.depth + 1):
            # S3 and SNS invoke the function asynchronously (with-s3.html, with-sns.html).
            result = function.invoke(delivery.event, invocation_type="Event")
        self.delivered[delivery.source].append(result)


def _stop(function: LambdaFunction, delivery: _Delivery) -> StoppedLoop:
    dead, records = _stopped_letters(function, delivery.event)
    if dead or records:
        from pytest_lambda.aws.delivery import deliver

        function.dead_letters.extend(dead)
        function.destination_records.extend(records)
        deliver(function, dead, records)
    return StoppedLoop(delivery.function, delivery.source, delivery.event, dead, records)


def _stopped_letters(
    function: LambdaFunction, event: dict[str, Any]
) -> tuple[tuple[DeadLetter, ...], tuple[DestinationRecord, ...]]:
    """The dead letter and on-failure record of a stopped asynchronous event.

    Lambda sends the event to the DLQ or on-failure destination "if one is configured"; the
    contents are not documented for this case. The dead letter is the event with the usual three
    attributes (invocation-async-retain-records.html), ``ErrorCode`` 400 and ``ErrorMessage`` the
    ``RecursiveInvocationException`` (the error and status Invoke returns for a stopped loop,
    API_Invoke.html); the record's ``condition`` is ``RecursiveInvocationException`` with no attempt:
    both unverified.
    """
    from pytest_lambda.runtime.ids import new_request_id
    from pytest_lambda.runtime.logs import iso_ms
    from pytest_lambda.runtime.results import DeadLetter, DestinationRecord

    request_id = new_request_id()
    body = json.dumps(event)
    message = "Lambda has detected your function being invoked in a recursive loop and stopped its invocation."
    dead: tuple[DeadLetter, ...] = ()
    records: tuple[DestinationRecord, ...] = ()
    if function.dead_letter_queue is not None:
        attributes = {
            "RequestID": {"DataType": "String", "StringValue": request_id},
            "ErrorCode": {"DataType": "Number", "StringValue": "400"},
            "ErrorMessage": {"DataType": "String", "StringValue": message},
        }
        dead = (DeadLetter(function.dead_letter_queue, body, attributes),)
    if function.on_failure is not None:
        record = {
            "version": "1.0",
            "timestamp": iso_ms(function.clock.now_ms()),
            "requestContext": {
                "requestId": request_id,
                "functionArn": function.qualified_arn,
                "condition": "RecursiveInvocationException",
                "approximateInvokeCount": 0,
            },
            "requestPayload": event,
            "responseContext": {"statusCode": 400, "executedVersion": function.config.version},
            "responsePayload": {"errorType": "RecursiveInvocationException", "errorMessage": message},
        }
        records = (DestinationRecord(function.on_failure, record),)
    return dead, records


# -- the queue of deliveries ----------------------------------------------------------------------

_LIVE: weakref.WeakSet[Wiring] = weakref.WeakSet()
_PENDING: deque[_Delivery] = deque()
_DISPATCHING: list[bool] = []
# The event types moto's own send_event is not believed for, in an operation whose events are ours.
# moto's PutObject sets the tags it was given with put_object_tagging, which notifies ObjectTagging:Put:
# that event is believed only from PutObjectTagging itself (S3 sends it for that API).
_TAGGING: Final = frozenset({"ObjectTagging:Put"})
_IGNORED: ContextVar[frozenset[str]] = ContextVar("pytest_lambda_ignored_s3_events", default=_TAGGING)
_ORIGINALS: dict[str, Any] = {}


def _enqueue(delivery: _Delivery) -> None:
    _PENDING.append(delivery)
    _dispatch()


def _dispatch() -> None:
    """Deliver what is queued, unless a function's invocation is running (it runs after it returns)."""
    from pytest_lambda.runtime import inflight
    from pytest_lambda.runtime.observers import OBSERVERS

    if _DISPATCHING:
        return
    if inflight.STATE.depth:
        if _after_invoke not in OBSERVERS:
            OBSERVERS.append(_after_invoke)
        return
    _DISPATCHING.append(True)
    try:
        for _ in range(DELIVERY_LIMIT):
            if not _PENDING:
                return
            delivery = _PENDING.popleft()
            if delivery.live():
                delivery.wiring.deliver(delivery)
        raise NotificationLoopError(
            with_docs(
                f"{DELIVERY_LIMIT} S3 notifications and SNS deliveries followed one write or publish and more were "
                "queued: functions that write or publish more than once per invocation, in a loop Lambda does not "
                "stop (RecursiveLoop: Allow), would run for ever in AWS",
                _ANCHOR,
            )
        )
    except BaseException:
        _PENDING.clear()
        raise
    finally:
        _DISPATCHING.clear()
        if _after_invoke in OBSERVERS:
            OBSERVERS.remove(_after_invoke)


def _after_invoke(facts: Any, result: Any) -> None:
    _dispatch()


def flush() -> None:
    """Deliver what is queued now (``stack.drain()``): a write from a function's Init, say."""
    _dispatch()


# -- moto's S3 ----------------------------------------------------------------------------------


def _install() -> None:
    """Wrap moto's S3 and SNS dispatch (once a process; a wrapper passes on what is no stack's)."""
    if _ORIGINALS:
        return
    from moto.s3 import notifications
    from moto.s3.models import S3Backend
    from moto.s3.responses import S3Response
    from moto.sns.models import Subscription

    from pytest_lambda.aws._recursion import watch_sqs

    watch_sqs()
    _ORIGINALS.update(
        send_event=notifications.send_event,
        delete_object=S3Backend.delete_object,
        complete_multipart_upload=S3Backend.complete_multipart_upload,
        publish=Subscription.publish,
        tagging=S3Response.put_object_tagging,
    )
    S3Response.put_object_tagging = _put_object_tagging  # type: ignore[method-assign]
    notifications.send_event = _send_event
    S3Backend.delete_object = _delete_object  # type: ignore[method-assign]
    S3Backend.complete_multipart_upload = _complete_multipart_upload  # type: ignore[method-assign]
    Subscription.publish = _publish  # type: ignore[method-assign]


def _send_event(account_id: str, event_name: Any, bucket: Any, key: Any) -> None:
    name = str(getattr(event_name, "value", event_name)).removeprefix("s3:")
    if name not in _IGNORED.get():
        _s3_event(name, bucket, key.name, key=key)
    _ORIGINALS["send_event"](account_id, event_name, bucket, key)


def _delete_object(
    self: Any, bucket_name: str, key_name: str, version_id: str | None = None, bypass: bool = False
) -> Any:
    original = _ORIGINALS["delete_object"]
    bucket = self.buckets.get(bucket_name)
    if bucket is None or not bucket.is_versioned:
        return original(self, bucket_name, key_name, version_id=version_id, bypass=bypass)
    # notification-how-to-event-types-and-destinations.html: in a versioning-enabled bucket a delete
    # without a version id adds a delete marker (ObjectRemoved:DeleteMarkerCreated); deleting a
    # version removes it for good (ObjectRemoved:Delete). moto notifies neither (only the last version).
    before = [str(item.version_id) for item in bucket.keys.getlist(key_name, [])]
    token = _IGNORED.set(_TAGGING | {"ObjectRemoved:Delete"})
    try:
        result = original(self, bucket_name, key_name, version_id=version_id, bypass=bypass)
    finally:
        _IGNORED.reset(token)
    after = [str(item.version_id) for item in bucket.keys.getlist(key_name, [])]
    if version_id is None and result[0]:
        _s3_event("ObjectRemoved:DeleteMarkerCreated", bucket, key_name, version_id=str(result[1]["version-id"]))
    elif version_id is not None and str(version_id) in before and str(version_id) not in after:
        _s3_event("ObjectRemoved:Delete", bucket, key_name, version_id=str(version_id))
    return result


def _put_object_tagging(self: Any, *args: Any, **kwargs: Any) -> Any:
    token = _IGNORED.set(frozenset())
    try:
        return _ORIGINALS["tagging"](self, *args, **kwargs)
    finally:
        _IGNORED.reset(token)


def _complete_multipart_upload(self: Any, *args: Any, **kwargs: Any) -> Any:
    # moto stores the assembled object with put_object, which notifies ObjectCreated:Put before
    # CompleteMultipartUpload; S3 sends the latter only (notification-how-to-event-types-and-destinations.html).
    token = _IGNORED.set(_TAGGING | {"ObjectCreated:Put"})
    try:
        return _ORIGINALS["complete_multipart_upload"](self, *args, **kwargs)
    finally:
        _IGNORED.reset(token)


def _s3_event(event_name: str, bucket: Any, key_name: str, *, key: Any = None, version_id: str | None = None) -> None:
    name = str(bucket.name)
    for wiring in list(_LIVE):
        watched = wiring.buckets.get(name)
        if watched is None or watched[1]() is not bucket:
            continue
        logical, ref, targets = watched
        wanted = [target for target in targets if target.wants(event_name, key_name)]
        if not wanted:
            continue
        event = _s3_notification(wiring, event_name, bucket, key_name, key, version_id)
        depth = CHAIN.get()
        for target in wanted:
            live = _bucket_live(wiring.account_id, name, ref)
            _enqueue(_Delivery(wiring, logical, target.function, event, depth, live))


def _bucket_live(account_id: str, name: str, ref: weakref.ref[Any]) -> Callable[[], bool]:
    def live() -> bool:
        from moto.s3.models import s3_backends

        return s3_backends[account_id]["global"].buckets.get(name) is ref()

    return live


def _s3_notification(
    wiring: Wiring, event_name: str, bucket: Any, key_name: str, key: Any, version_id: str | None
) -> dict[str, Any]:
    """The event S3 sends for ``event_name`` on ``key_name``, from moto's object (``s3_object_event``'s form)."""
    from pytest_lambda.aws.s3 import build_event
    from pytest_lambda.events.s3 import EVENT_NAMES

    kind = EVENT_NAMES[event_name]
    now = datetime.now(timezone.utc)
    obj: dict[str, Any] = {}
    size: int | None = None
    written = now
    if key is not None and kind.size:
        size = int(key.size)
        obj["eTag"] = str(key.etag).strip('"')
        if not kind.fresh:
            # moto keeps a naive UTC datetime (moto.core.utils.utcnow).
            written = key.last_modified.replace(tzinfo=timezone.utc)
    if bucket.is_versioned:
        obj["versionId"] = version_id if version_id is not None else str(key.version_id)
    event: Any = build_event(
        bucket.name,
        key_name,
        event_name=event_name,
        obj=obj,
        size=size,
        written=written,
        event_time=now,
        region=bucket.region_name,
        account_id=wiring.account_id,
        seed=wiring.seed(),
    )
    return dict(event)


# -- moto's SNS ---------------------------------------------------------------------------------


def _publish(
    self: Any,
    message: str,
    message_id: str,
    subject: str | None = None,
    message_attributes: dict[str, Any] | None = None,
    group_id: str | None = None,
    deduplication_id: str | None = None,
    message_structure: str | None = None,
) -> None:
    watched = _subscription(self) if self.protocol == "lambda" else None
    if watched is None:
        _ORIGINALS["publish"](
            self, message, message_id, subject=subject, message_attributes=message_attributes,
            group_id=group_id, deduplication_id=deduplication_id, message_structure=message_structure,
        )  # fmt: skip
        return
    wiring, logical, ref, function = watched
    # sns-subscription-filter-policies.html: a subscription with a filter policy gets only the
    # messages it matches (on the attributes, or the body with FilterPolicyScope MessageBody): moto's matcher.
    matcher = self._filter_policy_matcher
    if matcher is not None and not matcher.matches(message_attributes, message):
        return
    if message_structure == "json":
        # API_Publish.html (MessageStructure json): the protocol's own key ("lambda"), else "default".
        message = self._parse_message_structure(message, "lambda")
    from pytest_lambda.aws._sns_event import lambda_event

    event = lambda_event(self, message, message_id, subject, message_attributes)
    region = self.topic.sns_backend.region_name
    live = _subscription_live(wiring.account_id, region, self.arn, ref)
    _enqueue(_Delivery(wiring, logical, function, event, CHAIN.get(), live))


def _subscription(subscription: Any) -> tuple[Wiring, str, weakref.ref[Any], str] | None:
    for wiring in list(_LIVE):
        watched = wiring.subscriptions.get(subscription.arn)
        if watched is not None and watched[1]() is subscription:
            return wiring, *watched
    return None


def _subscription_live(account_id: str, region: str, arn: str, ref: weakref.ref[Any]) -> Callable[[], bool]:
    def live() -> bool:
        from moto.sns.models import sns_backends

        return sns_backends[account_id][region].subscriptions.get(arn) is ref()

    return live
