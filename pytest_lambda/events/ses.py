"""Amazon SES email receiving: a receipt rule's Lambda action, invoked for an incoming message.

https://docs.aws.amazon.com/ses/latest/dg/receiving-email-action-lambda-event.html (the event and its
fields), https://docs.aws.amazon.com/ses/latest/dg/receiving-email-notifications-contents.html (mail and
receipt objects, verdicts, dmarcPolicy).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import (
    Gen,
    b64,
    batch_overrides,
    deep_merge,
    override_error,
    split_overrides,
)
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "SESAction",
    "SESCommonHeaders",
    "SESEvent",
    "SESHeader",
    "SESMail",
    "SESMessage",
    "SESReceipt",
    "SESRecord",
    "SESVerdict",
    "ses_event",
    "ses_record",
]


class SESHeader(TypedDict):
    name: str
    value: str


SESCommonHeaders = TypedDict(
    "SESCommonHeaders",
    {"returnPath": str, "from": list[str], "date": str, "to": list[str], "messageId": str, "subject": str},
)


class SESMail(TypedDict):
    timestamp: str
    source: str
    messageId: str
    destination: list[str]
    headersTruncated: bool
    headers: list[SESHeader]
    commonHeaders: SESCommonHeaders


class SESVerdict(TypedDict):
    status: str


class SESAction(TypedDict):
    type: Literal["Lambda"]
    functionArn: str
    invocationType: str


class _SESReceiptBase(TypedDict):
    timestamp: str
    processingTimeMillis: int
    recipients: list[str]
    spamVerdict: SESVerdict
    virusVerdict: SESVerdict
    spfVerdict: SESVerdict
    dkimVerdict: SESVerdict
    dmarcVerdict: SESVerdict
    action: SESAction


class SESReceipt(_SESReceiptBase, total=False):
    # "This field only appears if the message fails DMARC authentication": none, quarantine or reject.
    dmarcPolicy: str


class SESMessage(TypedDict):
    mail: SESMail
    receipt: SESReceipt


class SESRecord(TypedDict):
    eventSource: Literal["aws:ses"]
    eventVersion: str
    ses: SESMessage


class SESEvent(TypedDict):
    Records: list[SESRecord]


# Verdict statuses; the verdict shorthand sets all five, or some of them by name.
STATUSES = ("PASS", "FAIL", "GRAY", "PROCESSING_FAILED")
VERDICTS = ("spam", "virus", "spf", "dkim", "dmarc")
# The receipt rule's Lambda action: "Event" (asynchronous, the default) or "RequestResponse" (the
# function may return a disposition that stops the rule set).
INVOCATION_TYPES = ("Event", "RequestResponse")
RECORD_SHORTHANDS = ("sender", "recipients", "subject", "verdict", "invocation_type")
SHORTHANDS = ("records", *RECORD_SHORTHANDS)
# SES invokes the function once per received message.
RECORDS_LIMIT = 1


_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+")


def _address(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _ADDRESS.fullmatch(value):
        raise override_error(f"{what} must be an email address such as 'jane@example.com', got {value!r}")
    return value


def _verdicts(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        value = dict.fromkeys(VERDICTS, value)
    if not isinstance(value, Mapping) or not set(value) <= set(VERDICTS):
        raise override_error(f"verdict must be a status or a dict with keys among {', '.join(VERDICTS)}; got {value!r}")
    statuses = dict.fromkeys(VERDICTS, "PASS")
    for name, status in value.items():
        if status not in STATUSES:
            raise override_error(f"verdict {name} must be one of {', '.join(STATUSES)}; got {status!r}")
        statuses[name] = status
    return statuses


def _rfc2822(epoch_ms: int) -> str:
    # The Date header: "Mon, 05 Dec 2016 18:40:08 +0000".
    return format_datetime(datetime.fromtimestamp(epoch_ms // 1000, tz=timezone.utc))


def ses_record(gen: Gen, overrides: dict[str, Any] | None = None, *, received_ms: int | None = None) -> SESRecord:
    """One received message as the Lambda action delivers it (no body: that takes an S3 or SNS action)."""
    short, fields = split_overrides(_RECORD_KEYS, overrides or {}, RECORD_SHORTHANDS, "SES record")
    first, last = gen.pick("first_name"), gen.pick("last_name")
    sender = _address(short.get("sender", gen.pick("email")), "sender")
    domain = gen.pick("domain")
    recipients = short.get("recipients", [f"{gen.pick('first_name').lower()}@{domain}"])
    if isinstance(recipients, str):
        recipients = [recipients]
    if not isinstance(recipients, (list, tuple)) or not recipients:
        raise override_error(f"recipients must be an address or a non-empty list of addresses, got {recipients!r}")
    recipients = [_address(r, "each recipient") for r in recipients]
    subject = short.get("subject", gen.pick("sentence").rstrip("."))
    if not isinstance(subject, str):
        raise override_error(f"subject must be a str, got {subject!r}")
    verdicts = _verdicts(short.get("verdict", "PASS"))
    invocation = short.get("invocation_type", "Event")
    if invocation not in INVOCATION_TYPES:
        raise override_error(f"invocation_type must be one of {', '.join(INVOCATION_TYPES)}; got {invocation!r}")
    received = gen.ms_ago() if received_ms is None else received_ms
    sent = received - gen.integer(300, 20_000)
    sender_domain = sender.rsplit("@", 1)[1]
    mail_host = f"mail-{gen.alnum(6).lower()}.{sender_domain}"
    # Inbound SES message ids: 40 lower-case letters and digits, also the S3 object name of the mail.
    message_id = gen.alnum(40, "abcdefghijklmnopqrstuvwxyz0123456789")
    header_message_id = f"<{gen.uuid()}@{mail_host}>"
    from_header = f"{first} {last} <{sender}>"
    to_header = ", ".join(recipients)
    date = _rfc2822(sent)
    selector = gen.pick("word")
    headers: list[SESHeader] = [
        {"name": "Return-Path", "value": f"<{sender}>"},
        {
            "name": "Received",
            "value": f"from {mail_host} ({mail_host} [{gen.pick('ipv4')}]) by inbound-smtp.{gen.region}.amazonaws.com "
            f"with SMTP id {message_id} for {recipients[0]}; {_rfc2822(received)} (UTC)",
        },
        {"name": "X-SES-Spam-Verdict", "value": verdicts["spam"]},
        {"name": "X-SES-Virus-Verdict", "value": verdicts["virus"]},
        {
            "name": "DKIM-Signature",
            "value": f"v=1; a=rsa-sha256; c=relaxed/relaxed; d={sender_domain}; s={selector}; "
            f"h=mime-version:from:date:message-id:subject:to; bh={b64(gen.random.randbytes(32))}; "
            f"b={b64(gen.random.randbytes(128))}",
        },
        {"name": "MIME-Version", "value": "1.0"},
        {"name": "From", "value": from_header},
        {"name": "Date", "value": date},
        {"name": "Message-ID", "value": header_message_id},
        {"name": "Subject", "value": subject},
        {"name": "To", "value": to_header},
        {"name": "Content-Type", "value": f'multipart/alternative; boundary="{gen.hex(28)}"'},
    ]
    receipt: SESReceipt = {
        "timestamp": Gen.iso(received),
        "processingTimeMillis": gen.integer(150, 1_500),
        "recipients": list(recipients),
        "spamVerdict": {"status": verdicts["spam"]},
        "virusVerdict": {"status": verdicts["virus"]},
        "spfVerdict": {"status": verdicts["spf"]},
        "dkimVerdict": {"status": verdicts["dkim"]},
        "dmarcVerdict": {"status": verdicts["dmarc"]},
        "action": {
            "type": "Lambda",
            "functionArn": gen.arn("lambda", f"function:{gen.pick('word')}-{gen.pick('word')}-inbound"),
            "invocationType": invocation,
        },
    }
    if verdicts["dmarc"] == "FAIL":
        receipt["dmarcPolicy"] = gen.random.choice(("none", "quarantine", "reject"))
    record: SESRecord = {
        "eventSource": "aws:ses",
        "eventVersion": "1.0",
        "ses": {
            "mail": {
                "timestamp": Gen.iso(received),
                "source": sender,
                "messageId": message_id,
                "destination": list(recipients),
                "headersTruncated": False,
                "headers": headers,
                "commonHeaders": {
                    "returnPath": sender,
                    "from": [from_header],
                    "date": date,
                    "to": list(recipients),
                    "messageId": header_message_id,
                    "subject": subject,
                },
            },
            "receipt": receipt,
        },
    }
    deep_merge(record, fields, "Records[]")  # type: ignore[arg-type]
    return record


_RECORD_KEYS = frozenset(SESRecord.__annotations__)


def ses_event(gen: Gen, shorthands: dict[str, Any]) -> SESEvent:
    """The event a receipt rule's Lambda action sends: one record for one received message."""
    items = batch_overrides(shorthands, RECORD_SHORTHANDS, RECORDS_LIMIT, "SES")
    return {"Records": [ses_record(gen, item) for item in items]}


register(
    EventSource(
        "ses",
        "An Amazon SES receipt rule's Lambda action for an incoming email",
        ses_event,  # type: ignore[arg-type]
        SHORTHANDS,
        records_limit=RECORDS_LIMIT,
        docs="https://docs.aws.amazon.com/ses/latest/dg/receiving-email-action-lambda-event.html",
        variants={
            "invocation_type": "Event (default) or RequestResponse",
            "verdict": "PASS (default), FAIL, GRAY or PROCESSING_FAILED, for all verdicts or a dict by name",
        },
    )
)
