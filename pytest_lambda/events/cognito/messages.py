"""Amazon Cognito messaging triggers: custom message, and the custom email and SMS senders.

https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-message.html,
https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-email-sender.html and
https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-sms-sender.html
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict, cast

from pytest_lambda.events._common import Gen, b64
from pytest_lambda.events.cognito._trigger import (
    CognitoRequest,
    CognitoTriggerEvent,
    User,
    envelope,
    register_trigger,
    trigger_event,
    trigger_source_choice,
    user_attributes,
    username_shorthand,
    with_metadata,
)

__all__ = [
    "CognitoCustomEmailSenderEvent",
    "CognitoCustomMessageEvent",
    "CognitoCustomMessageRequest",
    "CognitoCustomMessageResponse",
    "CognitoCustomSMSSenderEvent",
    "CognitoCustomSenderRequest",
    "cognito_custom_email_sender_event",
    "cognito_custom_message_event",
    "cognito_custom_sms_sender_event",
]


class CognitoCustomMessageRequest(CognitoRequest):
    userAttributes: dict[str, str]
    codeParameter: str
    linkParameter: str | None
    usernameParameter: str | None


class CognitoCustomMessageResponse(TypedDict):
    smsMessage: str | None
    emailMessage: str | None
    emailSubject: str | None


class CognitoCustomMessageEvent(CognitoTriggerEvent):
    request: CognitoCustomMessageRequest
    response: CognitoCustomMessageResponse


class _CustomSenderRequestRequired(CognitoRequest):
    type: Literal["customEmailSenderRequestV1", "customSMSSenderRequestV1"]
    code: str


class CognitoCustomSenderRequest(_CustomSenderRequestRequired, total=False):
    userAttributes: dict[str, str]


class CognitoCustomEmailSenderEvent(CognitoTriggerEvent):
    request: CognitoCustomSenderRequest


class CognitoCustomSMSSenderEvent(CognitoTriggerEvent):
    request: CognitoCustomSenderRequest


CUSTOM_MESSAGE_SOURCES = (
    "CustomMessage_SignUp",
    "CustomMessage_AdminCreateUser",
    "CustomMessage_ResendCode",
    "CustomMessage_ForgotPassword",
    "CustomMessage_UpdateUserAttribute",
    "CustomMessage_VerifyUserAttribute",
    "CustomMessage_Authentication",
)


CUSTOM_EMAIL_SENDER_SOURCES = (
    "CustomEmailSender_SignUp",
    "CustomEmailSender_ResendCode",
    "CustomEmailSender_ForgotPassword",
    "CustomEmailSender_UpdateUserAttribute",
    "CustomEmailSender_VerifyUserAttribute",
    "CustomEmailSender_AdminCreateUser",
    "CustomEmailSender_Authentication",
)


CUSTOM_SMS_SENDER_SOURCES = (
    "CustomSMSSender_SignUp",
    "CustomSMSSender_ResendCode",
    "CustomSMSSender_ForgotPassword",
    "CustomSMSSender_UpdateUserAttribute",
    "CustomSMSSender_VerifyUserAttribute",
    "CustomSMSSender_AdminCreateUser",
    "CustomSMSSender_Authentication",
)


def _message_attributes(user: User, source: str, *, phone: bool = False) -> dict[str, str]:
    """The user's attributes at the moment Cognito sends the message that ``source`` names."""
    flow = source.split("_", 1)[1]
    if flow in ("SignUp", "ResendCode"):  # the code confirms a registration still pending
        return user.attributes("UNCONFIRMED", email_verified=False, phone=phone)
    if flow == "AdminCreateUser":  # the invitation carries a temporary password
        return user.attributes("FORCE_CHANGE_PASSWORD", phone=phone)
    if flow in ("UpdateUserAttribute", "VerifyUserAttribute"):  # the new address is not verified yet
        return user.attributes("CONFIRMED", email_verified=False, phone=phone)
    return user.attributes("CONFIRMED", phone=phone)


def cognito_custom_message_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoCustomMessageEvent:
    """Customize a verification, invitation or MFA message (user-pool-lambda-custom-message.html).

    ``codeParameter`` (and ``usernameParameter`` for invitations) are placeholders Cognito replaces.
    """
    source = trigger_source_choice(shorthands, "trigger_source", CUSTOM_MESSAGE_SOURCES, "cognito_custom_message")
    user = User(gen)
    request: CognitoCustomMessageRequest = {
        "userAttributes": user_attributes(
            _message_attributes(user, source, phone=source == "CustomMessage_Authentication"), shorthands
        ),
        "codeParameter": "{####}",
        "linkParameter": "{##Click Here##}",
        "usernameParameter": "{username}" if source == "CustomMessage_AdminCreateUser" else None,
    }
    response: CognitoCustomMessageResponse = {"smsMessage": None, "emailMessage": None, "emailSubject": None}
    return cast(CognitoCustomMessageEvent, trigger_event(gen, shorthands, source, user.sub, request, response))


def _encrypted_code(gen: Gen) -> str:
    """The code as the AWS Encryption SDK encrypts it with the pool's KMS key, base64 (starts ``AYAD``)."""
    # Message format version 1, type 0x80, algorithm suite 0x0378, then the message id and the rest.
    return b64(bytes((0x01, 0x80, 0x03, 0x78)) + gen.random.randbytes(16 + 380))


def _custom_sender_event(
    gen: Gen,
    shorthands: dict[str, Any],
    sources: tuple[str, ...],
    kind: Literal["customEmailSenderRequestV1", "customSMSSenderRequestV1"],
    name: str,
) -> dict[str, Any]:
    source = trigger_source_choice(shorthands, "trigger_source", sources, name)
    user = User(gen)
    phone = kind == "customSMSSenderRequestV1"
    request: CognitoCustomSenderRequest = {"type": kind, "code": _encrypted_code(gen)}
    with_metadata(request, shorthands)
    request["userAttributes"] = user_attributes(_message_attributes(user, source, phone=phone), shorthands)
    username = username_shorthand(shorthands, user.sub)
    return envelope(gen, source, username, request, None)  # custom senders get no response object


def cognito_custom_email_sender_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoCustomEmailSenderEvent:
    """Send Cognito's email yourself; ``request.code`` is KMS-encrypted (user-pool-lambda-custom-email-sender.html)."""
    return cast(
        CognitoCustomEmailSenderEvent,
        _custom_sender_event(
            gen, shorthands, CUSTOM_EMAIL_SENDER_SOURCES, "customEmailSenderRequestV1", "cognito_custom_email_sender"
        ),
    )


def cognito_custom_sms_sender_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoCustomSMSSenderEvent:
    """Send Cognito's SMS yourself; ``request.code`` is KMS-encrypted (user-pool-lambda-custom-sms-sender.html)."""
    return cast(
        CognitoCustomSMSSenderEvent,
        _custom_sender_event(
            gen, shorthands, CUSTOM_SMS_SENDER_SOURCES, "customSMSSenderRequestV1", "cognito_custom_sms_sender"
        ),
    )


register_trigger(
    "cognito_custom_message",
    "Amazon Cognito custom message trigger",
    cognito_custom_message_event,
    CUSTOM_MESSAGE_SOURCES,
    "user-pool-lambda-custom-message.html",
)


register_trigger(
    "cognito_custom_email_sender",
    "Amazon Cognito custom email sender trigger",
    cognito_custom_email_sender_event,
    CUSTOM_EMAIL_SENDER_SOURCES,
    "user-pool-lambda-custom-email-sender.html",
)


register_trigger(
    "cognito_custom_sms_sender",
    "Amazon Cognito custom SMS sender trigger",
    cognito_custom_sms_sender_event,
    CUSTOM_SMS_SENDER_SOURCES,
    "user-pool-lambda-custom-sms-sender.html",
)
