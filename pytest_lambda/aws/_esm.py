"""What the SQS and stream event source mappings share: parameter checks, partial batch responses,
AWS clients, and the on-failure destination hand-off.

Parameter ranges follow the CreateEventSourceMapping API reference
(https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html).
boto3 is imported inside functions only: importing this module costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Final

from pytest_lambda.aws._moto import AWSResourceNotFoundError, client_config
from pytest_lambda.errors import ConfigurationError, TooManyRequestsError, with_docs
from pytest_lambda.runtime.concurrency import THROTTLE_ERROR
from pytest_lambda.runtime.ids import new_request_id
from pytest_lambda.runtime.results import throttled_result

if TYPE_CHECKING:
    from pytest_lambda.runtime import InvokeResult, LambdaFunction

__all__ = [
    "REPORT_BATCH_ITEM_FAILURES",
    "EventSourceNotFoundError",
    "aws_client",
    "check_range",
    "iso",
    "item_failures",
    "not_found",
    "report_batch_item_failures",
    "send_record",
    "throttle_reason",
    "throttled_invoke",
]

REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures"
# S3 bucket ARNs have neither region nor account.
_ARN = re.compile(r"arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):([0-9]{12}|):(.+)")
ANCHOR: Final = "event-source-mappings"


class EventSourceNotFoundError(AWSResourceNotFoundError):
    """The queue, stream or table an event or mapping names does not exist (in moto)."""


def fail(message: str) -> ConfigurationError:
    return ConfigurationError(with_docs(message, ANCHOR))


def check_range(name: str, value: object, low: int, high: int, unit: str, *, infinite: bool = False) -> int:
    """``value`` as an int within ``low..high`` (or -1 when ``infinite``), else a clear error."""
    ok = isinstance(value, int) and not isinstance(value, bool) and (low <= value <= high or (infinite and value == -1))
    if not ok:
        extra = " or -1 (infinite)" if infinite else ""
        raise fail(f"{name}={value!r} is out of range: Lambda accepts {low} to {high} {unit}{extra}")
    return value  # type: ignore[return-value]


def report_batch_item_failures(value: object) -> bool:
    """``function_response_types`` as a flag: a bool, or a list holding only ``"ReportBatchItemFailures"``."""
    if isinstance(value, bool):
        return value
    listed = isinstance(value, Sequence) and not isinstance(value, str)
    if listed and all(v == REPORT_BATCH_ITEM_FAILURES for v in value):  # type: ignore[attr-defined]
        return bool(value)
    raise fail(f"function_response_types={value!r} is not valid; valid values: [{REPORT_BATCH_ITEM_FAILURES!r}]")


def item_failures(payload: Any, identifiers: Collection[str]) -> tuple[list[str], str | None]:
    """The items a partial batch response reports failed, or why the whole batch counts as failed.

    https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html and
    services-ddb-batchfailurereporting.html ("Success and failure conditions"): an empty or null
    ``batchItemFailures`` and an empty or null response are complete successes; an empty or null
    ``itemIdentifier``, a bad key name, an identifier not in the batch, or a response that is not
    a JSON object fail the whole batch.
    """
    if payload is None:
        return [], None
    if not isinstance(payload, dict):
        return [], f"the response is not a JSON object: {payload!r}"
    failures = payload.get("batchItemFailures")
    if failures is None:
        return [], None
    if not isinstance(failures, list):
        return [], f"batchItemFailures is not a list: {failures!r}"
    failed: list[str] = []
    for item in failures:
        if not isinstance(item, dict) or set(item) != {"itemIdentifier"}:
            return [], f"a batch item failure needs exactly the key 'itemIdentifier', got {item!r}"
        identifier = item["itemIdentifier"]
        if not isinstance(identifier, str) or not identifier:
            return [], f"itemIdentifier must be a non-empty string, got {identifier!r}"
        if identifier not in identifiers:
            return [], f"itemIdentifier {identifier!r} is not in the batch"
        if identifier not in failed:
            failed.append(identifier)
    return failed, None


def iso(epoch_ms: float) -> str:
    """ISO-8601 UTC with milliseconds, as invocation records write times (``2019-11-14T00:38:06.021Z``)."""
    return datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def arn_parts(arn: str) -> tuple[str, str, str, str] | None:
    """(service, region, account, resource) of an ARN, or None when it is not one."""
    match = _ARN.fullmatch(arn)
    return None if match is None else (match[1], match[2], match[3], match[4])


def aws_client(service: str, region: str | None, given: Any = None) -> Any:
    """A boto3 client for ``service`` (``given`` if the caller passed one)."""
    if given is not None:
        return given
    import boto3

    return boto3.client(service, region_name=region, config=client_config(service))


def is_missing(exc: Exception, *codes: str) -> bool:
    """Whether a botocore ClientError says the resource does not exist."""
    code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
    return code in codes or code.endswith("NonExistentQueue")


@contextmanager
def not_found(message: str, *codes: str) -> Iterator[None]:
    """Turn a botocore "does not exist" error into an ``EventSourceNotFoundError`` saying ``message``."""
    try:
        yield
    except Exception as exc:
        if not is_missing(exc, *codes):
            raise
        raise EventSourceNotFoundError(with_docs(message, ANCHOR)) from None


def send_record(destination_arn: str, record: dict[str, Any]) -> None:
    """Deliver an on-failure record to an SQS queue or SNS topic in moto (S3 and Kafka targets stay in memory)."""
    if destination_arn.split(":")[2] in ("sqs", "sns"):
        from pytest_lambda.aws.delivery import send_destination_record
        from pytest_lambda.runtime.results import DestinationRecord

        send_destination_record(DestinationRecord(destination_arn, record))


def throttled_invoke(function: LambdaFunction) -> InvokeResult:
    """The result of a mapping's synchronous invoke that Lambda throttled (429): the handler did not run."""
    return throttled_result(
        function.config.function_name, "RequestResponse", TooManyRequestsError.status_code, dict(THROTTLE_ERROR),
        new_request_id(), function.config.version,
    )  # fmt: skip


def throttle_reason(error: TooManyRequestsError) -> str:
    """A throttled batch's ``reason``."""
    return f"{error.error_type}: throttled, reserved_concurrency={error.reserved_concurrency}"
