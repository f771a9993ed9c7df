"""Amazon WorkMail: the event of a Run Lambda email flow rule (inbound or outbound mail).

https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html (the Run Lambda event data)
"""

from __future__ import annotations

import re
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import Gen, choice, override_error, pool
from pytest_lambda.events._registry import EventSource, register, register_preset

__all__ = [
    "WorkMailAddress",
    "WorkMailEnvelope",
    "WorkMailEvent",
    "workmail_event",
]


class WorkMailAddress(TypedDict):
    address: str


class WorkMailEnvelope(TypedDict):
    mailFrom: WorkMailAddress  # the SMTP MAIL FROM
    recipients: list[WorkMailAddress]  # the SMTP RCPT TO


class WorkMailEvent(TypedDict):
    summaryVersion: str
    envelope: WorkMailEnvelope
    sender: WorkMailAddress  # the From header
    subject: str  # the first 256 characters
    messageId: str  # for workmailmessageflow GetRawMessageContent
    invocationId: str  # the same on a retry of the invocation
    flowDirection: Literal["INBOUND", "OUTBOUND"]
    truncated: bool  # whether a field was cut to its size limit


FLOW_DIRECTIONS = ("INBOUND", "OUTBOUND")
SHORTHANDS = ("flow_direction", "mail_from", "sender", "recipients", "subject")
SUBJECT_LIMIT = 256
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _address(value: Any, name: str) -> str:
    if not isinstance(value, str) or not _EMAIL.fullmatch(value):
        raise override_error(f"{name} must be an email address, got {value!r}")
    return value


def workmail_event(gen: Gen, shorthands: dict[str, Any]) -> WorkMailEvent:
    """An email matching a Run Lambda flow rule: inbound mail comes from outside the organization to its
    members, outbound mail from a member to outside addresses."""
    direction = choice(shorthands, "flow_direction", FLOW_DIRECTIONS, "INBOUND")
    organization = gen.pick("domain")

    def member() -> str:
        return f"{gen.pick('first_name').lower()}.{gen.pick('last_name').lower()}@{organization}"

    outsiders = [address for address in pool("email") if not address.endswith("@" + organization)]

    def outsider() -> str:
        return outsiders[gen.random.randrange(len(outsiders))]

    sender = member() if direction == "OUTBOUND" else outsider()
    # The envelope sender and the From header agree unless one is set apart from the other.
    if "sender" in shorthands:
        sender = _address(shorthands["sender"], "sender")
    mail_from = _address(shorthands.get("mail_from", sender), "mail_from")
    if "sender" not in shorthands and "mail_from" in shorthands:
        sender = mail_from
    if "recipients" in shorthands:
        given = shorthands["recipients"]
        if not isinstance(given, list) or not given:
            raise override_error(f"recipients must be a non-empty list of email addresses, got {given!r}")
        recipients = [_address(r, "each recipient") for r in given]
    else:
        draw = member if direction == "INBOUND" else outsider
        # One RCPT TO per address: a name drawn twice is one recipient.
        recipients = list(dict.fromkeys(draw() for _ in range(gen.integer(1, 3))))
    subject = shorthands.get("subject", gen.pick("sentence").rstrip("."))
    if not isinstance(subject, str):
        raise override_error(f"subject must be a str, got {subject!r}")
    return {
        "summaryVersion": "2019-07-28",
        "envelope": {"mailFrom": {"address": mail_from}, "recipients": [{"address": r} for r in recipients]},
        "sender": {"address": sender},
        "subject": subject[:SUBJECT_LIMIT],
        "messageId": gen.uuid(),
        "invocationId": gen.hex(32),
        "flowDirection": direction,  # type: ignore[typeddict-item]
        "truncated": len(subject) > SUBJECT_LIMIT,
    }


register(
    EventSource(
        "workmail",
        "An Amazon WorkMail Run Lambda email flow rule's event",
        workmail_event,  # type: ignore[arg-type]
        SHORTHANDS,
        docs="https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html",
        variants={"flow_direction": " | ".join(FLOW_DIRECTIONS)},
    )
)


# `sam local generate-event workmail email`.
register_preset("workmail:email", "workmail", "Amazon WorkMail: an inbound email", flow_direction="INBOUND")
