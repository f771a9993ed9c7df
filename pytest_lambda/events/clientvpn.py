"""AWS Client VPN: the client connect handler's request, after authentication and before authorization rules.

https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-authorization.html (the request schema)
"""

from __future__ import annotations

from typing import Any, TypedDict

from pytest_lambda.events._common import Gen, override_error, text
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "ClientVpnConnectionHandlerEvent",
    "clientvpn_connection_handler_event",
]


# The connection handler's request uses hyphenated keys, so the TypedDict uses the functional form.
ClientVpnConnectionHandlerEvent = TypedDict(
    "ClientVpnConnectionHandlerEvent",
    {
        "connection-id": str,
        "endpoint-id": str,
        "common-name": str,
        "username": str,
        "platform": str,
        "platform-version": str,
        "public-ip": str,
        "client-openvpn-version": str,
        "schema-version": str,
    },
)

# The platforms the AWS-provided client reports, with a version each.
_PLATFORMS = (("win", "10.0.19045"), ("mac", "14.4.1"), ("linux", "6.5.0-1016-aws"))
SHORTHANDS = ("username", "common_name", "public_ip", "platform")


def clientvpn_connection_handler_event(gen: Gen, shorthands: dict[str, Any]) -> ClientVpnConnectionHandlerEvent:
    """A new connection to a Client VPN endpoint, after authentication and before authorization rules."""
    names = tuple(name for name, _ in _PLATFORMS)
    platform = shorthands.get("platform", names[gen.integer(0, len(names) - 1)])
    if platform not in names:
        raise override_error(f"platform must be one of {', '.join(names)}, got {platform!r}")
    first, last = gen.pick("first_name").lower(), gen.pick("last_name").lower()
    username = text(shorthands, "username", f"{first}.{last}", empty=True)
    return {
        # Client VPN ids: cvpn-connection-/cvpn-endpoint- then 17 hex digits.
        "connection-id": f"cvpn-connection-{gen.hex(17)}",
        "endpoint-id": f"cvpn-endpoint-{gen.hex(17)}",
        # The client certificate's common name (mutual authentication), the user name otherwise.
        "common-name": text(shorthands, "common_name", username, empty=True),
        "username": username,
        "platform": platform,
        "platform-version": dict(_PLATFORMS)[platform],
        "public-ip": text(shorthands, "public_ip", gen.pick("ipv4"), empty=True),
        "client-openvpn-version": "2.6.8",
        "schema-version": "v1",
    }


register(
    EventSource(
        "clientvpn_connection_handler",
        "AWS Client VPN client connect handler request",
        clientvpn_connection_handler_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("clientvpn",),
        docs="https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-authorization.html",
        variants={"platform": " | ".join(name for name, _ in _PLATFORMS)},
    )
)
