"""Amazon Cognito custom authentication challenge triggers: define, create and verify auth challenge.

https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-challenge.html (the flow) and
each trigger's page, cited at its factory.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict, cast

from pytest_lambda.events._common import Gen, override_error
from pytest_lambda.events.cognito._trigger import (
    CognitoRequest,
    CognitoTriggerEvent,
    User,
    register_trigger,
    trigger_event,
    trigger_source_choice,
    user_attributes,
)

__all__ = [
    "CognitoChallengeResult",
    "CognitoCreateAuthChallengeEvent",
    "CognitoCreateAuthChallengeRequest",
    "CognitoCreateAuthChallengeResponse",
    "CognitoDefineAuthChallengeEvent",
    "CognitoDefineAuthChallengeRequest",
    "CognitoDefineAuthChallengeResponse",
    "CognitoVerifyAuthChallengeEvent",
    "CognitoVerifyAuthChallengeRequest",
    "CognitoVerifyAuthChallengeResponse",
    "cognito_create_auth_challenge_event",
    "cognito_define_auth_challenge_event",
    "cognito_verify_auth_challenge_event",
]


class CognitoChallengeResult(TypedDict):
    challengeName: str
    challengeResult: bool
    challengeMetadata: str | None


class CognitoDefineAuthChallengeRequest(CognitoRequest):
    userAttributes: dict[str, str]
    session: list[CognitoChallengeResult]
    userNotFound: bool


class CognitoDefineAuthChallengeResponse(TypedDict):
    challengeName: str | None
    issueTokens: bool | None
    failAuthentication: bool | None


class CognitoDefineAuthChallengeEvent(CognitoTriggerEvent):
    request: CognitoDefineAuthChallengeRequest
    response: CognitoDefineAuthChallengeResponse


class CognitoCreateAuthChallengeRequest(CognitoRequest):
    userAttributes: dict[str, str]
    challengeName: str
    session: list[CognitoChallengeResult]
    userNotFound: bool


class CognitoCreateAuthChallengeResponse(TypedDict):
    publicChallengeParameters: dict[str, str] | None
    privateChallengeParameters: dict[str, str] | None
    challengeMetadata: str | None


class CognitoCreateAuthChallengeEvent(CognitoTriggerEvent):
    request: CognitoCreateAuthChallengeRequest
    response: CognitoCreateAuthChallengeResponse


class CognitoVerifyAuthChallengeRequest(CognitoRequest):
    userAttributes: dict[str, str]
    privateChallengeParameters: dict[str, str]
    challengeAnswer: str
    userNotFound: bool


class CognitoVerifyAuthChallengeResponse(TypedDict):
    answerCorrect: bool


class CognitoVerifyAuthChallengeEvent(CognitoTriggerEvent):
    request: CognitoVerifyAuthChallengeRequest
    response: CognitoVerifyAuthChallengeResponse


DEFINE_AUTH_CHALLENGE_SOURCES = ("DefineAuthChallenge_Authentication",)


CREATE_AUTH_CHALLENGE_SOURCES = ("CreateAuthChallenge_Authentication",)


VERIFY_AUTH_CHALLENGE_SOURCES = ("VerifyAuthChallengeResponse_Authentication",)


# The challenges a custom authentication session can record (user-pool-lambda-define-auth-challenge.html).
CHALLENGE_NAMES = (
    "SRP_A",
    "PASSWORD_VERIFIER",
    "CUSTOM_CHALLENGE",
    "SMS_MFA",
    "EMAIL_OTP",
    "SOFTWARE_TOKEN_MFA",
    "DEVICE_SRP_AUTH",
    "DEVICE_PASSWORD_VERIFIER",
    "ADMIN_NO_SRP_AUTH",
)


def _session(shorthands: dict[str, Any]) -> list[CognitoChallengeResult]:
    """The challenges answered so far; by default SRP then the password, both passed."""
    if "session" not in shorthands:
        return [
            {"challengeName": "SRP_A", "challengeResult": True, "challengeMetadata": None},
            {"challengeName": "PASSWORD_VERIFIER", "challengeResult": True, "challengeMetadata": None},
        ]
    items = shorthands["session"]
    if not isinstance(items, list):
        raise override_error(
            f"session must be a list of challenge names or {{challengeName, ...}} dicts, got {items!r}"
        )
    session: list[CognitoChallengeResult] = []
    for item in items:
        entry = {"challengeName": item} if isinstance(item, str) else item
        if not isinstance(entry, Mapping) or entry.get("challengeName") not in CHALLENGE_NAMES:
            raise override_error(
                f"session entry {item!r} names no challenge; valid challengeName: {', '.join(CHALLENGE_NAMES)}"
            )
        metadata = entry.get("challengeMetadata")
        session.append(
            {
                "challengeName": str(entry["challengeName"]),
                "challengeResult": bool(entry.get("challengeResult", True)),
                "challengeMetadata": None if metadata is None else str(metadata),
            }
        )
    return session


def cognito_define_auth_challenge_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoDefineAuthChallengeEvent:
    """Decide the next challenge from the session so far (user-pool-lambda-define-auth-challenge.html)."""
    source = trigger_source_choice(
        shorthands, "trigger_source", DEFINE_AUTH_CHALLENGE_SOURCES, "cognito_define_auth_challenge"
    )
    user = User(gen)
    request: CognitoDefineAuthChallengeRequest = {
        "userAttributes": user_attributes(user.attributes("CONFIRMED"), shorthands),
        "session": _session(shorthands),
        "userNotFound": False,
    }
    response: CognitoDefineAuthChallengeResponse = {
        "challengeName": None,
        "issueTokens": None,
        "failAuthentication": None,
    }
    return cast(CognitoDefineAuthChallengeEvent, trigger_event(gen, shorthands, source, user.sub, request, response))


def cognito_create_auth_challenge_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoCreateAuthChallengeEvent:
    """Create the custom challenge Define chose (user-pool-lambda-create-auth-challenge.html)."""
    source = trigger_source_choice(
        shorthands, "trigger_source", CREATE_AUTH_CHALLENGE_SOURCES, "cognito_create_auth_challenge"
    )
    user = User(gen)
    request: CognitoCreateAuthChallengeRequest = {
        "userAttributes": user_attributes(user.attributes("CONFIRMED"), shorthands),
        "challengeName": "CUSTOM_CHALLENGE",
        "session": _session(shorthands),
        "userNotFound": False,
    }
    response: CognitoCreateAuthChallengeResponse = {
        "publicChallengeParameters": None,
        "privateChallengeParameters": None,
        "challengeMetadata": None,
    }
    return cast(CognitoCreateAuthChallengeEvent, trigger_event(gen, shorthands, source, user.sub, request, response))


def cognito_verify_auth_challenge_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoVerifyAuthChallengeEvent:
    """Check the user's answer against what Create stored (user-pool-lambda-verify-auth-challenge-response.html).

    By default the answer is right: ``challengeAnswer`` equals ``privateChallengeParameters.answer``.
    """
    source = trigger_source_choice(
        shorthands, "trigger_source", VERIFY_AUTH_CHALLENGE_SOURCES, "cognito_verify_auth_challenge"
    )
    user = User(gen)
    code = gen.digits(6)
    answer = shorthands.get("challenge_answer", code)
    if not isinstance(answer, str):
        raise override_error(f"challenge_answer must be a str (what the user typed), got {answer!r}")
    request: CognitoVerifyAuthChallengeRequest = {
        "userAttributes": user_attributes(user.attributes("CONFIRMED"), shorthands),
        "privateChallengeParameters": {"answer": code},
        "challengeAnswer": answer,
        "userNotFound": False,
    }
    return cast(
        CognitoVerifyAuthChallengeEvent,
        trigger_event(gen, shorthands, source, user.sub, request, {"answerCorrect": False}),
    )


register_trigger(
    "cognito_define_auth_challenge",
    "Amazon Cognito define auth challenge trigger (custom authentication)",
    cognito_define_auth_challenge_event,
    DEFINE_AUTH_CHALLENGE_SOURCES,
    "user-pool-lambda-define-auth-challenge.html",
    ("session",),
)


register_trigger(
    "cognito_create_auth_challenge",
    "Amazon Cognito create auth challenge trigger (custom authentication)",
    cognito_create_auth_challenge_event,
    CREATE_AUTH_CHALLENGE_SOURCES,
    "user-pool-lambda-create-auth-challenge.html",
    ("session",),
)


register_trigger(
    "cognito_verify_auth_challenge",
    "Amazon Cognito verify auth challenge response trigger (custom authentication)",
    cognito_verify_auth_challenge_event,
    VERIFY_AUTH_CHALLENGE_SOURCES,
    "user-pool-lambda-verify-auth-challenge-response.html",
    ("challenge_answer",),
)
