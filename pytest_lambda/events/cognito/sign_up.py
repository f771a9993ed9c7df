"""Amazon Cognito sign-up triggers: pre sign-up, post confirmation and migrate user.

https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html,
https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html and
https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-migrate-user.html
"""

from __future__ import annotations

from typing import Any, TypedDict, cast

from pytest_lambda.events._common import Gen, override_error
from pytest_lambda.events.cognito._trigger import (
    CognitoRequest,
    CognitoTriggerEvent,
    User,
    register_trigger,
    string_map,
    trigger_event,
    trigger_source_choice,
    user_attributes,
)

__all__ = [
    "CognitoPostConfirmationEvent",
    "CognitoPostConfirmationRequest",
    "CognitoPreSignupEvent",
    "CognitoPreSignupRequest",
    "CognitoPreSignupResponse",
    "CognitoUserMigrationEvent",
    "CognitoUserMigrationRequest",
    "CognitoUserMigrationResponse",
    "cognito_post_confirmation_event",
    "cognito_pre_signup_event",
    "cognito_user_migration_event",
]


class CognitoPreSignupRequest(CognitoRequest):
    userAttributes: dict[str, str]
    validationData: dict[str, str] | None


class CognitoPreSignupResponse(TypedDict):
    autoConfirmUser: bool
    autoVerifyEmail: bool
    autoVerifyPhone: bool


class CognitoPreSignupEvent(CognitoTriggerEvent):
    request: CognitoPreSignupRequest
    response: CognitoPreSignupResponse


class CognitoPostConfirmationRequest(CognitoRequest):
    userAttributes: dict[str, str]


class CognitoPostConfirmationEvent(CognitoTriggerEvent):
    request: CognitoPostConfirmationRequest
    response: dict[str, Any]


class _UserMigrationRequestRequired(CognitoRequest):
    validationData: dict[str, str] | None


class CognitoUserMigrationRequest(_UserMigrationRequestRequired, total=False):
    password: str  # not sent in the forgot-password flow


class CognitoUserMigrationResponse(TypedDict):
    userAttributes: dict[str, str] | None
    finalUserStatus: str | None
    messageAction: str | None
    desiredDeliveryMediums: list[str] | None
    forceAliasCreation: bool | None
    enableSMSMFA: bool | None


class CognitoUserMigrationEvent(CognitoTriggerEvent):
    request: CognitoUserMigrationRequest
    response: CognitoUserMigrationResponse


PRE_SIGNUP_SOURCES = ("PreSignUp_SignUp", "PreSignUp_AdminCreateUser", "PreSignUp_ExternalProvider")


POST_CONFIRMATION_SOURCES = ("PostConfirmation_ConfirmSignUp", "PostConfirmation_ConfirmForgotPassword")


USER_MIGRATION_SOURCES = ("UserMigration_Authentication", "UserMigration_ForgotPassword")


def cognito_pre_signup_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoPreSignupEvent:
    """Before a user is registered (user-pool-lambda-pre-sign-up.html); ``trigger_source`` picks the path.

    The attributes are those the user submitted (no ``sub`` yet). In a pool that signs users in by email,
    the username is a UUID; a federated user's is ``<provider>_<id>``.
    """
    source = trigger_source_choice(shorthands, "trigger_source", PRE_SIGNUP_SOURCES, "cognito_pre_signup")
    user = User(gen)
    external_id = gen.digits(21)
    default_username = f"google_{external_id}" if source == "PreSignUp_ExternalProvider" else user.sub
    attributes = {"name": user.name, "email": user.email}
    if source == "PreSignUp_ExternalProvider":  # mapped from the identity provider's claims
        attributes = {"given_name": user.given_name, "family_name": user.family_name, "email": user.email}
    validation = shorthands.get("validation_data")
    request: CognitoPreSignupRequest = {
        "userAttributes": user_attributes(attributes, shorthands),
        "validationData": None if validation is None else string_map(validation, "validation_data"),
    }
    response: CognitoPreSignupResponse = {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False}
    return cast(CognitoPreSignupEvent, trigger_event(gen, shorthands, source, default_username, request, response))


def cognito_post_confirmation_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoPostConfirmationEvent:
    """After a user confirms sign-up or a forgotten password (user-pool-lambda-post-confirmation.html)."""
    source = trigger_source_choice(shorthands, "trigger_source", POST_CONFIRMATION_SOURCES, "cognito_post_confirmation")
    user = User(gen)
    request: CognitoPostConfirmationRequest = {
        "userAttributes": user_attributes(user.attributes("CONFIRMED"), shorthands)
    }
    return cast(CognitoPostConfirmationEvent, trigger_event(gen, shorthands, source, user.sub, request, {}))


def cognito_user_migration_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoUserMigrationEvent:
    """A user unknown to the pool signs in or resets a password (user-pool-lambda-migrate-user.html).

    ``userName`` is what the user typed (their email); the forgot-password flow sends no password.
    """
    source = trigger_source_choice(shorthands, "trigger_source", USER_MIGRATION_SOURCES, "cognito_user_migration")
    user = User(gen)
    validation = shorthands.get("validation_data")
    request: CognitoUserMigrationRequest = {
        "validationData": None if validation is None else string_map(validation, "validation_data")
    }
    if source == "UserMigration_Authentication":
        password = shorthands.get("password", user.password)
        if not isinstance(password, str):
            raise override_error(f"password must be a str, got {password!r}")
        request = {"password": password, **request}
    elif "password" in shorthands:
        raise override_error("UserMigration_ForgotPassword events carry no password (the user is resetting it)")
    response: CognitoUserMigrationResponse = {
        "userAttributes": None,
        "finalUserStatus": None,
        "messageAction": None,
        "desiredDeliveryMediums": None,
        "forceAliasCreation": None,
        "enableSMSMFA": None,
    }
    return cast(CognitoUserMigrationEvent, trigger_event(gen, shorthands, source, user.email, request, response))


register_trigger(
    "cognito_pre_signup",
    "Amazon Cognito pre sign-up trigger",
    cognito_pre_signup_event,
    PRE_SIGNUP_SOURCES,
    "user-pool-lambda-pre-sign-up.html",
    ("validation_data",),
)


register_trigger(
    "cognito_post_confirmation",
    "Amazon Cognito post confirmation trigger",
    cognito_post_confirmation_event,
    POST_CONFIRMATION_SOURCES,
    "user-pool-lambda-post-confirmation.html",
)


register_trigger(
    "cognito_user_migration",
    "Amazon Cognito migrate user trigger",
    cognito_user_migration_event,
    USER_MIGRATION_SOURCES,
    "user-pool-lambda-migrate-user.html",
    ("password", "validation_data"),
)
