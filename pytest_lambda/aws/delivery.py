"""Dead letters and destination records of the harness, delivered to moto queues, topics, buses and buckets.

Formats: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html. A dead
letter is the event as the message body with the ``RequestID``, ``ErrorCode`` and ``ErrorMessage``
message attributes (SQS or SNS). A destination record is the message (SQS, SNS); the ``detail`` of
an EventBridge event with source ``lambda`` and detail-type ``Lambda Function Invocation Result -
Success`` / ``- Failure``; or an S3 object under ``aws/lambda/async/<function>/YYYY/MM/DD/``.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

from pytest_lambda.aws._moto import AWSResourceNotFoundError, require_moto
from pytest_lambda.errors import PytestLambdaError, with_docs
from pytest_lambda.runtime.config import default_dead_letter_queue

if TYPE_CHECKING:
    from pytest_lambda.runtime import LambdaFunction
    from pytest_lambda.runtime.results import DeadLetter, DestinationRecord

__all__ = [
    "MOTO",
    "MotoDestination",
    "UnsupportedDestinationError",
    "deliver",
    "moto_active",
    "send_dead_letter",
    "send_destination_record",
]

_ANCHOR: Final = "dead-letters-and-destinations-in-moto"
# Error codes moto (like AWS) answers for a queue, topic, bus or bucket that does not exist.
_MISSING = frozenset(
    {
        "AWS.SimpleQueueService.NonExistentQueue",
        "QueueDoesNotExist",
        "NotFound",
        "NotFoundException",
        "ResourceNotFoundException",
        "NoSuchBucket",
        "404",
    }
)
_CLIENTS: dict[tuple[str, str, str], Any] = {}


class UnsupportedDestinationError(PytestLambdaError, ValueError):
    """A destination this library cannot deliver to moto (a Lambda function)."""


def moto_active() -> bool:
    """Whether moto's ``mock_aws`` is running now (without importing moto if nobody did)."""
    models = sys.modules.get("moto.core.models")
    return models is not None and bool(models.botocore_stubber.enabled)


def _arn_parts(arn: str) -> tuple[str, str, str, str, str]:
    # arn:partition:service:region:account:resource
    _, partition, service, region, account, resource = arn.split(":", 5)
    return partition, service, region, account, resource


def _client(service: str, region: str, account: str) -> Any:
    """A boto3 client acting in ``account`` (moto picks the account from this header) and ``region``."""
    key = (service, region, account)
    client = _CLIENTS.get(key)
    if client is None:
        require_moto()
        import boto3

        client = boto3.session.Session().client(service, region_name=region)

        def add_account(request: Any, **_: Any) -> None:
            request.headers["x-moto-account-id"] = account

        client.meta.events.register("before-sign", add_account)
        _CLIENTS[key] = client
    return client


def _missing(exc: Exception) -> bool:
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", "")) in _MISSING


def _not_found(kind: str, arn: str) -> AWSResourceNotFoundError:
    return AWSResourceNotFoundError(
        with_docs(f"{kind} {arn} does not exist in moto: create it in the test before invoking", _ANCHOR)
    )


def _queue_url(arn: str) -> str:
    _, _, region, account, name = _arn_parts(arn)
    try:
        url: str = _client("sqs", region, account).get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)[
            "QueueUrl"
        ]
    except Exception as exc:
        if _missing(exc):
            raise _not_found("SQS queue", arn) from None
        raise
    return url


def _check_topic(arn: str) -> Any:
    _, _, region, account, _ = _arn_parts(arn)
    client = _client("sns", region, account)
    try:
        client.get_topic_attributes(TopicArn=arn)
    except Exception as exc:
        if _missing(exc):
            raise _not_found("SNS topic", arn) from None
        raise
    return client


def send_dead_letter(letter: DeadLetter, *, missing_ok: bool = False) -> str | None:
    """Send ``letter`` to its SQS queue or SNS topic in moto; return the message id.

    ``missing_ok``: when the target does not exist, return ``None`` instead of failing.
    """
    arn = letter.target_arn
    service = _arn_parts(arn)[1]
    try:
        if service == "sqs":
            url = _queue_url(arn)
            _, _, region, account, _ = _arn_parts(arn)
            sent = _client("sqs", region, account).send_message(
                QueueUrl=url, MessageBody=letter.body, MessageAttributes=letter.message_attributes
            )
        else:
            sent = _check_topic(arn).publish(
                TopicArn=arn, Message=letter.body, MessageAttributes=letter.message_attributes
            )
    except AWSResourceNotFoundError:
        if missing_ok:
            return None
        raise
    return str(sent["MessageId"])


def send_destination_record(record: DestinationRecord, *, function_arn: str | None = None) -> str:
    """Send an invocation record to its SQS, SNS, EventBridge or S3 destination in moto.

    Returns the message id, the EventBridge event id or the S3 object key. ``function_arn`` (the
    qualified ARN) goes into an EventBridge event's ``resources``; it defaults to the record's.
    """
    arn = record.destination_arn
    partition, service, region, account, resource = _arn_parts(arn)
    body = json.dumps(record.record)
    function_arn = function_arn or str(record.record["requestContext"]["functionArn"])
    if service == "sqs":
        url = _queue_url(arn)
        return str(_client("sqs", region, account).send_message(QueueUrl=url, MessageBody=body)["MessageId"])
    if service == "sns":
        return str(_check_topic(arn).publish(TopicArn=arn, Message=body)["MessageId"])
    if service == "events":
        return _put_event(arn, region, account, resource, record, function_arn)
    if service == "s3":
        return _put_object(arn, partition, record, function_arn)
    raise UnsupportedDestinationError(
        with_docs(
            f"cannot deliver the invocation record to {arn} in moto: moto runs Lambda functions only in "
            "Docker. The record is in the function's destination_records; invoke the destination "
            "function with it yourself (LambdaFunction(...).invoke(record.record, invocation_type='Event'))",
            _ANCHOR,
        )
    )


def _put_event(arn: str, region: str, account: str, resource: str, record: DestinationRecord, function_arn: str) -> str:
    client = _client("events", region, account)
    name = resource.split("/", 1)[1] if "/" in resource else resource
    try:
        client.describe_event_bus(Name=name)
    except Exception as exc:
        if _missing(exc):
            raise _not_found("EventBridge event bus", arn) from None
        raise
    outcome = "Success" if record.condition == "Success" else "Failure"
    # source "lambda" and resources [bus, function], as Lambda puts these events on a destination bus.
    entry = {
        "Source": "lambda",
        "DetailType": f"Lambda Function Invocation Result - {outcome}",
        "Detail": json.dumps(record.record),
        "Resources": [arn, function_arn],
        "EventBusName": arn,
    }
    answer = client.put_events(Entries=[entry])
    first = answer["Entries"][0]
    if answer.get("FailedEntryCount"):
        raise PytestLambdaError(f"moto refused the event for {arn}: {first}")
    return str(first["EventId"])


def _put_object(arn: str, partition: str, record: DestinationRecord, function_arn: str) -> str:
    # arn:aws:s3:::bucket; the object key: aws/lambda/async/<function-name>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>
    _, _, _, region, account, _, name, *_ = function_arn.split(":")
    bucket = arn.split(":", 5)[5]
    stamp = str(record.record["timestamp"])
    day, clock = stamp[:10], stamp[11:19]
    key = f"aws/lambda/async/{name}/{day.replace('-', '/')}/{day}T{clock.replace(':', '.')}-{uuid.uuid4()}"
    client = _client("s3", region, account)
    try:
        client.put_object(Bucket=bucket, Key=key, Body=json.dumps(record.record).encode())
    except Exception as exc:
        if _missing(exc):
            raise _not_found("S3 bucket", arn) from None
        raise
    return key


class MotoDestination:
    """The harness's destination (``pytest_lambda.runtime.destinations``) for moto: delivers while its mock runs.

    An explicit target must exist in moto. The default dead-letter queue (``<function>-dlq``, kept in
    memory) is delivered only when a queue of that name exists in moto.
    """

    def deliver(
        self,
        dead_letters: Sequence[DeadLetter],
        records: Sequence[DestinationRecord],
        *,
        function_arn: str,
        default_dead_letter_queue: str,
    ) -> None:
        if not moto_active():
            return
        for letter in dead_letters:
            send_dead_letter(letter, missing_ok=letter.target_arn == default_dead_letter_queue)
        for record in records:
            send_destination_record(record, function_arn=function_arn)


MOTO = MotoDestination()


def deliver(function: LambdaFunction, dead_letters: Iterable[DeadLetter], records: Iterable[DestinationRecord]) -> None:
    """Deliver ``function``'s dead letters and records to moto if it is running (``MOTO.deliver``)."""
    MOTO.deliver(
        list(dead_letters),
        list(records),
        function_arn=function.qualified_arn,
        default_dead_letter_queue=default_dead_letter_queue(function.config),
    )
