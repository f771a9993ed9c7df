"""AWS Transfer Family: a server's custom identity provider asked about a user signing in.

https://docs.aws.amazon.com/transfer/latest/userguide/custom-lambda-idp.html
"""

from __future__ import annotations

import re
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import ALNUM, Gen, choice, override_error, text
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "TransferFamilyAuthorizerEvent",
    "transfer_family_authorizer_event",
]


class TransferFamilyAuthorizerEvent(TypedDict):
    username: str
    password: str  # empty when the user authenticates with an SSH key
    protocol: Literal["SFTP", "FTP", "FTPS"]
    serverId: str
    sourceIp: str


PROTOCOLS = ("SFTP", "FTP", "FTPS")
AUTH_METHODS = ("password", "public_key")
SHORTHANDS = ("username", "password", "protocol", "auth", "server_id", "source_ip")
_SERVER_ID = re.compile(r"s-[0-9a-f]{17}")


def transfer_family_authorizer_event(gen: Gen, shorthands: dict[str, Any]) -> TransferFamilyAuthorizerEvent:
    """A user signing in to a Transfer Family server with a password or (SFTP only) an SSH key."""
    protocol = choice(shorthands, "protocol", PROTOCOLS, "SFTP")
    auth = choice(shorthands, "auth", AUTH_METHODS, "password")
    if auth == "public_key" and protocol != "SFTP":
        raise override_error(
            f"auth='public_key' applies to protocol='SFTP' only; {protocol} users sign in with a password"
        )
    if auth == "public_key" and "password" in shorthands:
        raise override_error("password applies to auth='password' (an SSH key sign-in sends an empty password)")
    if auth == "password":
        password = text(shorthands, "password", gen.token(16, ALNUM) + gen.random.choice("!#%&*+-=?@^_"))
    else:
        password = ""
    server_id = text(shorthands, "server_id", f"s-{gen.hex(17)}")
    if not _SERVER_ID.fullmatch(server_id):
        raise override_error(
            f"server_id must be a Transfer Family server id such as 's-01234567890abcdef', got {server_id!r}"
        )
    source_ip = text(shorthands, "source_ip", gen.pick("ipv4"))
    user = f"{gen.pick('first_name').lower()}.{gen.pick('last_name').lower()}"
    return {
        "username": text(shorthands, "username", user),
        "password": password,
        "protocol": "SFTP" if protocol == "SFTP" else "FTP" if protocol == "FTP" else "FTPS",
        "serverId": server_id,
        "sourceIp": source_ip,
    }


register(
    EventSource(
        "transfer_family_authorizer",
        "An AWS Transfer Family server's custom identity provider (a user signing in)",
        transfer_family_authorizer_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("transfer_family_idp",),
        docs="https://docs.aws.amazon.com/transfer/latest/userguide/custom-lambda-idp.html",
        variants={
            "protocol": " | ".join(PROTOCOLS),
            "auth": "password (default) | public_key (SFTP only: an SSH key sign-in, password is '')",
        },
    )
)
