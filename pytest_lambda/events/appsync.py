"""AWS AppSync direct Lambda resolver events: a GraphQL field resolved by a Lambda function.

https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference.html (the context: arguments,
identity per authorization mode, source, request, info, prev, stash) and
https://docs.aws.amazon.com/appsync/latest/devguide/direct-lambda-reference.html (direct resolvers send it
as the event).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, TypedDict

from pytest_lambda.events._common import (
    ALNUM,
    BASE64,
    LOWER_ALNUM,
    UPPER_ALNUM,
    URLSAFE,
    Gen,
    b64url,
    override_error,
    trace_header,
)
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "AppSyncCognitoIdentity",
    "AppSyncIamIdentity",
    "AppSyncInfo",
    "AppSyncLambdaIdentity",
    "AppSyncOidcIdentity",
    "AppSyncRequest",
    "AppSyncResolverEvent",
    "appsync_event",
    "selection_set_graphql",
]


class AppSyncCognitoIdentity(TypedDict):
    claims: dict[str, Any]
    defaultAuthStrategy: str
    groups: list[str] | None
    issuer: str
    sourceIp: list[str]
    sub: str
    username: str


class AppSyncIamIdentity(TypedDict):
    accountId: str
    cognitoIdentityAuthProvider: str | None
    cognitoIdentityAuthType: str | None
    cognitoIdentityId: str | None
    cognitoIdentityPoolId: str | None
    sourceIp: list[str]
    userArn: str
    username: str


class AppSyncOidcIdentity(TypedDict):
    claims: dict[str, Any]
    issuer: str
    sub: str


class AppSyncLambdaIdentity(TypedDict):
    resolverContext: dict[str, Any]


class AppSyncRequest(TypedDict):
    headers: dict[str, str]
    domainName: str | None  # null on the API's default endpoint


class AppSyncInfo(TypedDict):
    selectionSetList: list[str]
    selectionSetGraphQL: str
    parentTypeName: str
    fieldName: str
    variables: dict[str, Any]


class AppSyncResolverEvent(TypedDict):
    arguments: dict[str, Any]
    identity: AppSyncCognitoIdentity | AppSyncIamIdentity | AppSyncOidcIdentity | AppSyncLambdaIdentity | None
    source: dict[str, Any] | None  # the parent object; null for Query/Mutation/Subscription fields
    request: AppSyncRequest
    prev: dict[str, Any] | None  # the previous function's result in a pipeline; null for a unit resolver
    info: AppSyncInfo
    stash: dict[str, Any]


AUTH_MODES = ("AMAZON_COGNITO_USER_POOLS", "AWS_IAM", "API_KEY", "OPENID_CONNECT", "AWS_LAMBDA")
SHORTHANDS = ("auth", "type_name", "field_name", "arguments", "source", "selection_set")
VARIANTS = {"auth": " | ".join(AUTH_MODES)}

_ROOT_TYPES = {"Query": "query", "Mutation": "mutation", "Subscription": "subscription"}
_ENTITIES = ("Order", "Post", "Product", "Customer", "Invoice", "Booking")


def _jwt(gen: Gen, claims: dict[str, Any]) -> str:
    """A JWT whose payload is exactly ``claims`` (the signature is random bytes)."""
    header = {"kid": gen.token(43, BASE64) + "=", "alg": "RS256"}
    return ".".join(
        (
            b64url(json.dumps(header, separators=(",", ":")).encode()),
            b64url(json.dumps(claims, separators=(",", ":")).encode()),
            b64url(gen.random.randbytes(256)),
        )
    )


def selection_set_graphql(fields: list[str]) -> str:
    """AppSync's selectionSetGraphQL for a selectionSetList (``author/name`` entries nest, two-space indent)."""
    tree: dict[str, Any] = {}
    for path in fields:
        node = tree
        for part in path.split("/"):
            node = node.setdefault(part, {})

    def render(node: dict[str, Any], depth: int) -> list[str]:
        lines: list[str] = []
        for name, children in node.items():
            pad = "  " * depth
            if children:
                lines += [f"{pad}{name} {{", *render(children, depth + 1), f"{pad}}}"]
            else:
                lines.append(f"{pad}{name}")
        return lines

    return "\n".join(["{", *render(tree, 1), "}"])


def _graphql_type(name: str, value: Any) -> str:
    if name == "id":
        return "ID!"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Int"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, Mapping):
        return f"{name.title()}Input!"
    return "String"


def _query_text(operation: str, field: str, arguments: Mapping[str, Any], selection: str) -> str:
    """The client's GraphQL document for this field, its arguments passed as variables."""
    declared = ", ".join(f"${name}: {_graphql_type(name, value)}" for name, value in arguments.items())
    passed = ", ".join(f"{name}: ${name}" for name in arguments)
    name = field[0].upper() + field[1:]
    head = f"{operation} {name}({declared})" if declared else f"{operation} {name}"
    call = f"{field}({passed})" if passed else field
    body = selection.replace("\n", "\n  ")
    return f"{head} {{\n  {call} {body}\n}}"


def _identity(gen: Gen, auth: str, client_ip: str) -> tuple[Any, dict[str, str]]:
    """The caller's identity for the authorization mode, and the request headers that carry it."""
    now_s = gen.now_ms // 1000
    if auth == "API_KEY":
        return None, {"x-api-key": "da2-" + gen.token(26, LOWER_ALNUM)}  # API key callers have no identity
    if auth == "AWS_IAM":
        role, session = f"{gen.pick('word')}-app-role", gen.pick("first_name").lower()
        stamp = datetime.fromtimestamp(now_s, tz=timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        key = "ASIA" + gen.token(16, UPPER_ALNUM)
        iam: AppSyncIamIdentity = {
            "accountId": gen.account_id,
            "cognitoIdentityAuthProvider": None,
            "cognitoIdentityAuthType": None,
            "cognitoIdentityId": None,
            "cognitoIdentityPoolId": None,
            "sourceIp": [client_ip],
            "userArn": gen.arn("sts", f"assumed-role/{role}/{session}", region=""),
            "username": f"AROA{gen.token(17, UPPER_ALNUM)}:{session}",
        }
        headers = {
            "authorization": f"AWS4-HMAC-SHA256 Credential={key}/{stamp[:8]}/{gen.region}/appsync/aws4_request, "
            f"SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature={gen.hex(64)}",
            "x-amz-date": stamp,
            "x-amz-security-token": "IQoJb3JpZ2luX2Vj" + base64.b64encode(gen.random.randbytes(300)).decode(),
        }
        return iam, headers
    if auth == "AWS_LAMBDA":
        token = gen.token(32, ALNUM)
        context = {"userId": gen.uuid(), "tenant": gen.pick("word")}
        return {"resolverContext": context}, {"authorization": token}
    sub = gen.uuid()
    user = f"{gen.pick('first_name').lower()}.{gen.pick('last_name').lower()}"
    email = f"{user}@{gen.pick('domain')}"
    auth_time = now_s - gen.integer(60, 3_000)
    if auth == "OPENID_CONNECT":
        issuer = f"https://auth.{gen.pick('domain')}/"
        claims: dict[str, Any] = {
            "sub": sub,
            "iss": issuer,
            "aud": gen.token(32, LOWER_ALNUM),
            "iat": auth_time,
            "exp": auth_time + 3_600,
            "email": email,
        }
        return {"claims": claims, "issuer": issuer, "sub": sub}, {"authorization": _jwt(gen, claims)}
    pool = f"{gen.region}_{gen.token(9, ALNUM)}"
    issuer = f"https://cognito-idp.{gen.region}.amazonaws.com/{pool}"
    claims = {
        "sub": sub,
        "email_verified": True,
        "iss": issuer,
        "cognito:username": user,
        "origin_jti": gen.uuid(),
        "aud": gen.token(26, LOWER_ALNUM),
        "event_id": gen.uuid(),
        "token_use": "id",
        "auth_time": auth_time,
        "exp": auth_time + 3_600,
        "iat": auth_time,
        "jti": gen.uuid(),
        "email": email,
    }
    cognito: AppSyncCognitoIdentity = {
        "claims": claims,
        "defaultAuthStrategy": "ALLOW",
        "groups": None,  # null unless the user is in user pool groups
        "issuer": issuer,
        "sourceIp": [client_ip],
        "sub": sub,
        "username": user,
    }
    return cognito, {"authorization": _jwt(gen, claims)}


def appsync_event(gen: Gen, shorthands: dict[str, Any]) -> AppSyncResolverEvent:
    """One field (``type_name``.``field_name``) resolved for a caller authorized by ``auth``."""
    auth = shorthands.get("auth", "AMAZON_COGNITO_USER_POOLS")
    if auth not in AUTH_MODES:
        raise override_error(f"auth={auth!r} is not valid; choose one of: {', '.join(map(repr, AUTH_MODES))}")
    entity = gen.random.choice(_ENTITIES)
    type_name = shorthands.get("type_name", "Query")
    if not isinstance(type_name, str) or not type_name[:1].isupper():
        raise override_error(f"type_name must be a GraphQL type name such as 'Query' or 'Post', got {type_name!r}")
    root = type_name in _ROOT_TYPES
    default_field = {"Query": f"get{entity}", "Mutation": f"create{entity}", "Subscription": f"on{entity}Created"}
    field = shorthands.get("field_name", default_field.get(type_name, "items"))
    if not isinstance(field, str) or not field.isidentifier():
        raise override_error(f"field_name must be a GraphQL field name, got {field!r}")
    if "arguments" in shorthands:
        arguments = shorthands["arguments"]
        if not isinstance(arguments, Mapping):
            raise override_error(f"arguments must be a dict of the field's arguments, got {arguments!r}")
        arguments = dict(arguments)
    elif type_name == "Mutation":
        arguments = {"input": {"name": gen.pick("sentence").rstrip("."), "ownerEmail": gen.pick("email")}}
    elif root:
        arguments = {"id": gen.uuid()}
    else:
        arguments = {"limit": 20}
    if "source" in shorthands:
        source = shorthands["source"]
        if source is not None and not isinstance(source, Mapping):
            raise override_error(f"source must be the parent object (a dict) or None, got {source!r}")
        source = None if source is None else dict(source)
    else:
        source = None if root else {"id": gen.uuid(), "name": gen.pick("sentence").rstrip(".")}
    selection = shorthands.get("selection_set", ["id", "name", "createdAt", "updatedAt"])
    if not isinstance(selection, list) or not selection or not all(isinstance(f, str) and f for f in selection):
        raise override_error(
            f"selection_set must be a non-empty list of field names ('author/name' nests), got {selection!r}"
        )
    selection_text = selection_set_graphql(selection)

    client_ip = gen.pick("ipv4")
    edge_ip = f"{gen.integer(13, 130)}.{gen.integer(0, 255)}.{gen.integer(0, 255)}.{gen.integer(1, 254)}"
    identity, auth_headers = _identity(gen, str(auth), client_ip)
    operation = _ROOT_TYPES.get(type_name, "query")
    if root:
        document = _query_text(operation, field, arguments, selection_text)
    else:  # a nested field is resolved within its parent's query
        nested = "{\n  " + field + " " + selection_text.replace("\n", "\n  ") + "\n}"
        document = _query_text(operation, f"get{type_name}", {"id": source["id"]} if source else {}, nested)
    body = json.dumps({"query": document, "variables": arguments if root else {}})
    app = f"https://app.{gen.pick('domain')}"
    headers = {
        "x-forwarded-for": f"{client_ip}, {edge_ip}",
        "cloudfront-viewer-country": "US",
        "cloudfront-is-tablet-viewer": "false",
        "via": f"2.0 {gen.hex(32)}.cloudfront.net (CloudFront)",
        "cloudfront-forwarded-proto": "https",
        "origin": app,
        "content-length": str(len(body.encode())),  # the GraphQL request's JSON body
        "accept-language": "en-US,en;q=0.9",
        "host": f"{gen.token(26, LOWER_ALNUM)}.appsync-api.{gen.region}.amazonaws.com",
        "x-forwarded-proto": "https",
        "user-agent": gen.pick("user_agent"),
        "accept": "application/json, text/plain, */*",
        "cloudfront-is-mobile-viewer": "false",
        "cloudfront-is-smarttv-viewer": "false",
        "accept-encoding": "gzip, deflate, br",
        "referer": f"{app}/",
        "content-type": "application/json",
        "sec-fetch-mode": "cors",
        "x-amz-cf-id": gen.token(54, URLSAFE) + "==",
        "x-amzn-trace-id": trace_header(gen, gen.now_ms),
        "sec-fetch-dest": "empty",
        "cloudfront-is-desktop-viewer": "true",
        "sec-fetch-site": "cross-site",
        "x-forwarded-port": "443",
        **auth_headers,
    }
    return {
        "arguments": arguments,
        "identity": identity,
        "source": source,
        "request": {"headers": headers, "domainName": None},
        "prev": None,
        "info": {
            "selectionSetList": list(selection),
            "selectionSetGraphQL": selection_text,
            "parentTypeName": type_name,
            "fieldName": field,
            "variables": dict(arguments) if root else {},
        },
        "stash": {},
    }


register(
    EventSource(
        "appsync",
        "An AWS AppSync direct Lambda resolver (one GraphQL field)",
        appsync_event,  # type: ignore[arg-type]
        SHORTHANDS,
        aliases=("appsync_resolver",),
        docs="https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference.html",
        variants=VARIANTS,
    )
)
