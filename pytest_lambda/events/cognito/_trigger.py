"""What every Amazon Cognito user pool trigger shares: the envelope (version, triggerSource, region,
userPoolId, userName, callerContext), the user it is about, and the shorthands that name them.

https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-identity-pools-working-with-aws-lambda-triggers.html
(the shared envelope and the trigger sources). Cognito sends every user attribute as a string
(``"email_verified": "true"``).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any, TypedDict

from pytest_lambda.events._common import Gen, override_error
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "CognitoCallerContext",
    "CognitoRequest",
    "CognitoTriggerEvent",
]


DEV_GUIDE = "https://docs.aws.amazon.com/cognito/latest/developerguide/"


class CognitoCallerContext(TypedDict):
    awsSdkVersion: str
    clientId: str


class CognitoRequest(TypedDict, total=False):
    """What every trigger's request may carry: ``clientMetadata``, only when the API call passed ClientMetadata."""

    clientMetadata: dict[str, str]


class CognitoTriggerEvent(TypedDict):
    """The fields every user pool trigger event has (request and response are the trigger's own)."""

    version: str
    triggerSource: str
    region: str
    userPoolId: str
    userName: str
    callerContext: CognitoCallerContext


COMMON_SHORTHANDS = ("trigger_source", "username", "user_attributes", "client_metadata")


# Cognito cannot tell the SDK of most callers (hosted UI, plain HTTPS): this is what real events carry.
SDK_VERSION = "aws-sdk-unknown-unknown"


# AdminCreateUser is an admin API call made without an app client.
NO_CLIENT_ID = "CLIENT_ID_NOT_APPLICABLE"


POOL_ALPHABET = string.ascii_letters + string.digits


CLIENT_ALPHABET = string.ascii_lowercase + string.digits


def trigger_source_choice(shorthands: dict[str, Any], keyword: str, choices: tuple[str, ...], source: str) -> str:
    value = shorthands.get(keyword, choices[0])
    if not isinstance(value, str) or value not in choices:
        raise override_error(f"{source}: {keyword}={value!r} is not one AWS sends; valid values: {', '.join(choices)}")
    return value


def attribute_text(value: Any, field: str) -> str:
    # Cognito carries attribute and metadata values as strings, booleans as "true"/"false".
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise override_error(f"{field} values must be str, bool or numbers (Cognito sends strings), got {value!r}")


def string_map(value: Any, field: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise override_error(f"{field} must be a dict of name -> value, got {value!r}")
    return {str(k): attribute_text(v, field) for k, v in value.items()}


class User:
    """One user's identity, drawn once so every field that names the user agrees."""

    def __init__(self, gen: Gen) -> None:
        self.sub = gen.uuid()
        self.given_name = gen.pick("first_name")
        self.family_name = gen.pick("last_name")
        domain = gen.pick("domain")
        self.email = f"{self.given_name}.{self.family_name}@{domain}".lower()
        self.phone = gen.pick("phone")
        self.password = f"{gen.pick('word').capitalize()}-{gen.pick('word')}-{gen.digits(3)}!"

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def attributes(self, status: str, *, email_verified: bool = True, phone: bool = False) -> dict[str, str]:
        """A user's attributes as stored in the pool: ``sub`` and ``cognito:user_status`` included."""
        attributes = {"sub": self.sub, "email_verified": "true" if email_verified else "false"}
        if phone:
            attributes["phone_number_verified"] = "true"
        attributes["cognito:user_status"] = status
        attributes["name"] = self.name
        if phone:
            attributes["phone_number"] = self.phone
        attributes["email"] = self.email
        return attributes


def user_attributes(generated: dict[str, str], shorthands: dict[str, Any]) -> dict[str, str]:
    """The generated attributes with ``user_attributes`` merged over them (``None`` removes one)."""
    extra = shorthands.get("user_attributes")
    if extra is None:
        return generated
    if not isinstance(extra, Mapping):
        raise override_error(f"user_attributes must be a dict of attribute name -> value, got {extra!r}")
    for key, value in extra.items():
        if value is None:
            generated.pop(str(key), None)
        else:
            generated[str(key)] = attribute_text(value, "user_attributes")
    return generated


def username_shorthand(shorthands: dict[str, Any], default: str) -> str:
    username = shorthands.get("username", default)
    if not isinstance(username, str) or not username:
        raise override_error(f"username must be a non-empty str, got {username!r}")
    return username


def with_metadata(request: Any, shorthands: dict[str, Any]) -> Any:
    # clientMetadata is present only when the API call passed ClientMetadata.
    if "client_metadata" in shorthands:
        request["clientMetadata"] = string_map(shorthands["client_metadata"], "client_metadata")
    return request


def envelope(
    gen: Gen, trigger_source: str, username: str, request: Any, response: Any, *, version: str = "1"
) -> dict[str, Any]:
    """The shared envelope in AWS's key order; ``response`` None means the trigger has none (custom senders)."""
    pool_id = f"{gen.region}_{gen.alnum(9, POOL_ALPHABET)}"
    client_id = gen.alnum(26, CLIENT_ALPHABET)
    event: dict[str, Any] = {
        "version": version,
        "triggerSource": trigger_source,
        "region": gen.region,
        "userPoolId": pool_id,
        "userName": username,
        "callerContext": {
            "awsSdkVersion": SDK_VERSION,
            "clientId": NO_CLIENT_ID if trigger_source.endswith("_AdminCreateUser") else client_id,
        },
        "request": request,
    }
    if response is not None:
        event["response"] = response
    return event


def trigger_event(
    gen: Gen,
    shorthands: dict[str, Any],
    source: str,
    default_username: str,
    request: Any,
    response: Any,
    *,
    version: str = "1",
) -> Any:
    """The trigger's event: ``request`` (with ``client_metadata``) and ``response`` in the shared envelope."""
    username = username_shorthand(shorthands, default_username)
    return envelope(gen, source, username, with_metadata(request, shorthands), response, version=version)


def register_trigger(
    name: str,
    description: str,
    factory: Any,
    sources: tuple[str, ...],
    page: str,
    extra: tuple[str, ...] = (),
    variants: dict[str, str] | None = None,
) -> None:
    """Register a user pool trigger: the shorthands every trigger has, then its own; its page in the guide."""
    register(
        EventSource(
            name,
            description,
            factory,
            (*COMMON_SHORTHANDS, *extra),
            docs=DEV_GUIDE + page,
            variants={"trigger_source": ", ".join(sources), **(variants or {})},
        )
    )
