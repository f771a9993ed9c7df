"""Three request/response triggers: the Client VPN connection handler, the IoT pre-provisioning hook and
the Cognito inbound federation trigger.

https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-authorization.html (the connection
handler's request schema), https://docs.aws.amazon.com/iot/latest/developerguide/pre-provisioning-hook.html
(the hook's input) and https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-inbound-federation.html
(the federation trigger's request and response).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import Gen, b64, b64url, override_error
from pytest_lambda.events._registry import EventSource, register
from pytest_lambda.events.cognito import SDK_VERSION, CognitoCallerContext

__all__ = [
    "ClientVpnConnectionHandlerEvent",
    "CognitoInboundFederationAttributes",
    "CognitoInboundFederationEvent",
    "CognitoInboundFederationRequest",
    "CognitoInboundFederationResponse",
    "IoTPreProvisionHookEvent",
    "clientvpn_connection_handler_event",
    "cognito_inbound_federation_event",
    "iot_preprovision_hook_event",
]


def _string(shorthands: Mapping[str, Any], name: str, default: str) -> str:
    value = shorthands.get(name, default)
    if not isinstance(value, str):
        raise override_error(f"{name} must be a str, got {value!r}")
    return value


def _string_map(value: Any, name: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise override_error(f"{name} must be a dict of str to str, got {value!r}")
    return {str(k): v if isinstance(v, str) else str(v) for k, v in value.items()}


# -- Client VPN connection handler ----------------------------------------------------------------

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
VPN_SHORTHANDS = ("username", "common_name", "public_ip", "platform")


def clientvpn_connection_handler_event(gen: Gen, shorthands: dict[str, Any]) -> ClientVpnConnectionHandlerEvent:
    """A new connection to a Client VPN endpoint, after authentication and before authorization rules."""
    names = tuple(name for name, _ in _PLATFORMS)
    platform = shorthands.get("platform", names[gen.integer(0, len(names) - 1)])
    if platform not in names:
        raise override_error(f"platform must be one of {', '.join(names)}, got {platform!r}")
    first, last = gen.pick("first_name").lower(), gen.pick("last_name").lower()
    username = _string(shorthands, "username", f"{first}.{last}")
    return {
        # Client VPN ids: cvpn-connection-/cvpn-endpoint- then 17 hex digits.
        "connection-id": f"cvpn-connection-{gen.hex(17)}",
        "endpoint-id": f"cvpn-endpoint-{gen.hex(17)}",
        # The client certificate's common name (mutual authentication), the user name otherwise.
        "common-name": _string(shorthands, "common_name", username),
        "username": username,
        "platform": platform,
        "platform-version": dict(_PLATFORMS)[platform],
        "public-ip": _string(shorthands, "public_ip", gen.pick("ipv4")),
        "client-openvpn-version": "2.6.8",
        "schema-version": "v1",
    }


# -- IoT fleet provisioning pre-provisioning hook -------------------------------------------------


class IoTPreProvisionHookEvent(TypedDict):
    claimCertificateId: str
    certificateId: str
    certificatePem: str
    templateArn: str
    clientId: str
    parameters: dict[str, str]


IOT_SHORTHANDS = ("parameters", "template", "client_id")


def _certificate_pem(gen: Gen) -> str:
    """A PEM-armoured certificate body (random DER-sized bytes, 64-character lines)."""
    body = b64(b"\x30\x82\x03\x5a" + gen.random.randbytes(858))
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


def iot_preprovision_hook_event(gen: Gen, shorthands: dict[str, Any]) -> IoTPreProvisionHookEvent:
    """A device asking to be provisioned from a fleet template; ``parameters`` are the device's RegisterThing ones."""
    serial = f"{gen.pick('word')}-{gen.digits(6)}"
    parameters = _string_map(shorthands.get("parameters", {"SerialNumber": serial, "DeviceLocation": gen.pick("city")}),
                             "parameters")  # fmt: skip
    template = _string(shorthands, "template", f"{gen.pick('word').capitalize()}FleetTemplate")
    return {
        # Certificate ids are 64 hex digits (the certificate's SHA-256).
        "claimCertificateId": gen.hex(64),
        "certificateId": gen.hex(64),
        "certificatePem": _certificate_pem(gen),
        "templateArn": gen.arn("iot", f"provisioningtemplate/{template}"),
        "clientId": _string(shorthands, "client_id", gen.uuid()),
        "parameters": parameters,
    }


# -- Cognito inbound federation ---------------------------------------------------------------------

ProviderType = Literal["OIDC", "SAML"]
PROVIDER_TYPES: tuple[ProviderType, ...] = ("OIDC", "SAML")
# SAML attribute claims as identity providers name them (the WS-Federation claim URIs).
_SAML_CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/"


class CognitoInboundFederationAttributes(TypedDict, total=False):
    # OIDC (and social) providers: the token endpoint's response, the ID token's claims and userInfo.
    tokenResponse: dict[str, str]
    idToken: dict[str, str]
    userInfo: dict[str, str]
    # SAML providers: the assertion's attributes.
    samlResponse: dict[str, str]


class CognitoInboundFederationRequest(TypedDict):
    providerName: str
    providerType: ProviderType
    attributes: CognitoInboundFederationAttributes


class CognitoInboundFederationResponse(TypedDict):
    userAttributesToMap: dict[str, str]


class CognitoInboundFederationEvent(TypedDict):
    version: str
    triggerSource: Literal["InboundFederation_ExternalProvider"]
    region: str
    userPoolId: str
    userName: str
    callerContext: CognitoCallerContext
    request: CognitoInboundFederationRequest
    response: CognitoInboundFederationResponse


FEDERATION_SHORTHANDS = ("provider_type", "provider_name", "email", "user_attributes")
_POOL_ALPHABET = string.ascii_letters + string.digits
_CLIENT_ALPHABET = string.ascii_lowercase + string.digits


def _jwt_like(gen: Gen) -> str:
    # An opaque access token: three base64url parts, as the provider issued it.
    return ".".join(b64url(gen.random.randbytes(n)) for n in (36, 180, 256))


def cognito_inbound_federation_event(gen: Gen, shorthands: dict[str, Any]) -> CognitoInboundFederationEvent:
    """A user signing in through an external OIDC or SAML provider; the response pre-holds the mapped attributes."""
    provider_type = shorthands.get("provider_type", "OIDC")
    if provider_type not in PROVIDER_TYPES:
        raise override_error(f"provider_type must be one of {', '.join(PROVIDER_TYPES)}, got {provider_type!r}")
    first, last = gen.pick("first_name"), gen.pick("last_name")
    email = _string(shorthands, "email", gen.pick("email"))
    provider = _string(shorthands, "provider_name", f"{gen.pick('company').split()[0].strip(',')}{provider_type}")
    subject = gen.uuid()
    attributes: CognitoInboundFederationAttributes
    if provider_type == "OIDC":
        # Cognito passes every value as a string ("expires_in": "3600", "email_verified": "true").
        attributes = {
            "tokenResponse": {"access_token": _jwt_like(gen), "token_type": "Bearer", "expires_in": "3600"},
            "idToken": {"sub": subject, "email": email, "email_verified": "true"},
            "userInfo": {"email": email, "given_name": first, "family_name": last},
        }
    else:
        attributes = {
            "samlResponse": {
                f"{_SAML_CLAIMS}emailaddress": email,
                f"{_SAML_CLAIMS}givenname": first,
                f"{_SAML_CLAIMS}surname": last,
            }
        }
    mapped = {"email": email, "given_name": first, "family_name": last}
    if "user_attributes" in shorthands:
        mapped = _string_map(shorthands["user_attributes"], "user_attributes")
    return {
        "version": "1",
        "triggerSource": "InboundFederation_ExternalProvider",
        "region": gen.region,
        "userPoolId": f"{gen.region}_{gen.alnum(9, _POOL_ALPHABET)}",
        # Cognito names federated users "<provider name>_<subject at the provider>".
        "userName": f"{provider}_{subject if provider_type == 'OIDC' else email}",
        "callerContext": {"awsSdkVersion": SDK_VERSION, "clientId": gen.alnum(26, _CLIENT_ALPHABET)},
        "request": {"providerName": provider, "providerType": provider_type, "attributes": attributes},
        "response": {"userAttributesToMap": mapped},
    }


register(
    EventSource(
        "clientvpn_connection_handler",
        "AWS Client VPN client connect handler request",
        clientvpn_connection_handler_event,  # type: ignore[arg-type]
        VPN_SHORTHANDS,
        aliases=("clientvpn",),
        docs="https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-authorization.html",
        variants={"platform": " | ".join(name for name, _ in _PLATFORMS)},
    )
)

register(
    EventSource(
        "iot_preprovision_hook",
        "AWS IoT fleet provisioning pre-provisioning hook",
        iot_preprovision_hook_event,  # type: ignore[arg-type]
        IOT_SHORTHANDS,
        docs="https://docs.aws.amazon.com/iot/latest/developerguide/pre-provisioning-hook.html",
    )
)

register(
    EventSource(
        "cognito_inbound_federation",
        "Amazon Cognito user pool inbound federation trigger (OIDC or SAML sign-in)",
        cognito_inbound_federation_event,  # type: ignore[arg-type]
        FEDERATION_SHORTHANDS,
        docs="https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-inbound-federation.html",
        variants={"provider_type": " | ".join(PROVIDER_TYPES)},
    )
)
