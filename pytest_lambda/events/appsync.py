"""AWS AppSync events: a GraphQL field resolved by a direct Lambda resolver (one call, or BatchInvoke's
list), an Events API channel namespace's handler, and a GraphQL API's Lambda authorizer.

https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference.html (the context: arguments,
identity per authorization mode, source, request, info, prev, stash),
https://docs.aws.amazon.com/appsync/latest/devguide/direct-lambda-reference.html (direct resolvers send it
as the event; BatchInvoke sends a list of them),
https://docs.aws.amazon.com/appsync/latest/eventapi/direct-lambda-integrations.html and
https://docs.aws.amazon.com/appsync/latest/eventapi/context-reference.html (the Events API's handler) and
https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#aws-lambda-authorization (the
authorizer's request).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import (
    ALNUM,
    BASE64,
    LOWER_ALNUM,
    UPPER_ALNUM,
    URLSAFE,
    Gen,
    b64,
    b64url,
    choice,
    override_error,
    record_overrides,
    strings,
    text,
    trace_header,
)
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "AppSyncAuthorizerEvent",
    "AppSyncAuthorizerRequestContext",
    "AppSyncBatchEvent",
    "AppSyncCognitoIdentity",
    "AppSyncEventsChannel",
    "AppSyncEventsEvent",
    "AppSyncEventsIncomingEvent",
    "AppSyncEventsInfo",
    "AppSyncEventsNamespace",
    "AppSyncEventsRequest",
    "AppSyncIamIdentity",
    "AppSyncInfo",
    "AppSyncLambdaIdentity",
    "AppSyncOidcIdentity",
    "AppSyncRequest",
    "AppSyncResolverEvent",
    "appsync_authorizer_event",
    "appsync_batch_event",
    "appsync_event",
    "appsync_events_event",
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
            "x-amz-security-token": "IQoJb3JpZ2luX2Vj" + b64(gen.random.randbytes(300)),
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


# -- appsync_batch: BatchInvoke, one call for a list of parent items ---------------------------------------

AppSyncBatchEvent = list[AppSyncResolverEvent]
# AppSync's maxBatchSize ranges 0-2000 (CreateResolver API).
MAX_BATCH_SIZE = 2000
BATCH_SHORTHANDS = ("records", *SHORTHANDS)


def appsync_batch_event(gen: Gen, shorthands: dict[str, Any]) -> AppSyncBatchEvent:
    """One context per parent item: the same caller, request and field; each its own ``source``."""
    items = record_overrides(shorthands.get("records", 2), MAX_BATCH_SIZE, "AppSync")
    shared = {key: value for key, value in shorthands.items() if key != "records"}
    # Batching serves a field of a non-root type (Post.author for many posts).
    shared.setdefault("type_name", "Post")
    first = appsync_event(gen, {**shared, **items[0]})
    batch: AppSyncBatchEvent = [first]
    for item in items[1:]:
        event = appsync_event(gen, {**shared, **item})
        # One GraphQL request: the same identity, request headers and selection for every item.
        event["identity"] = copy.deepcopy(first["identity"])
        event["request"] = copy.deepcopy(first["request"])
        batch.append(event)
    return batch


register(
    EventSource(
        "appsync_batch",
        "An AWS AppSync batch invocation: a list of resolver contexts, one per parent item",
        appsync_batch_event,
        BATCH_SHORTHANDS,
        records_limit=MAX_BATCH_SIZE,
        docs="https://docs.aws.amazon.com/appsync/latest/devguide/tutorial-lambda-resolvers.html",
    )
)


# -- appsync_events: an Events API channel namespace's handler ------------------------------------------


class AppSyncEventsChannel(TypedDict):
    path: str  # "/default/orders": the namespace, then the channel's segments
    segments: list[str]


class AppSyncEventsNamespace(TypedDict):
    name: str


class AppSyncEventsInfo(TypedDict):
    channel: AppSyncEventsChannel
    channelNamespace: AppSyncEventsNamespace
    operation: Literal["PUBLISH", "SUBSCRIBE"]


class AppSyncEventsRequest(TypedDict):
    headers: dict[str, str]
    domainName: str | None  # the custom domain used, null on the API's own endpoints


class AppSyncEventsIncomingEvent(TypedDict):
    id: str
    payload: Any  # the published JSON value


class AppSyncEventsEvent(TypedDict):
    identity: dict[str, Any] | None  # null with API_KEY authorization
    result: None
    request: AppSyncEventsRequest
    info: AppSyncEventsInfo
    error: None
    prev: None
    stash: dict[str, Any]
    outErrors: list[Any]
    events: list[AppSyncEventsIncomingEvent] | None  # null for SUBSCRIBE


_EVENT_ENTITIES = ("order", "invoice", "booking", "shipment", "ticket", "device")
EVENTS_OPERATIONS = ("PUBLISH", "SUBSCRIBE")
# API_KEY is the Event API's default authorization (the console creates an API key).
EVENTS_AUTH = ("API_KEY", "AWS_IAM", "AMAZON_COGNITO_USER_POOLS", "OPENID_CONNECT", "AWS_LAMBDA")
# A publish request carries 1 to 5 events (https://docs.aws.amazon.com/appsync/latest/eventapi/publish-http.html).
EVENTS_LIMIT = 5
EVENTS_SHORTHANDS = ("operation", "channel", "events", "auth", "headers")
# Namespaces and channel segments: letters, digits and hyphens, 1 to 50 characters; a channel path has
# the namespace and up to four more segments; a subscription may end with the "*" wildcard.
_SEGMENT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?")


def _channel(gen: Gen, shorthands: Mapping[str, Any], operation: str) -> list[str]:
    value = shorthands.get("channel")
    if value is None:
        return ["default", f"{gen.pick('word')}-{gen.random.choice(_EVENT_ENTITIES)}s"]
    if not isinstance(value, str):
        raise override_error(f"channel must be a str such as '/default/orders', got {value!r}")
    segments = value.strip("/").split("/")
    wildcard = operation == "SUBSCRIBE" and len(segments) > 1 and segments[-1] == "*"
    named = segments[:-1] if wildcard else segments
    if not 2 <= len(segments) <= 5 or not all(_SEGMENT.fullmatch(s) for s in named):
        raise override_error(
            f"channel must be '/<namespace>/<segment>' with 1 to 4 segments of letters, digits and '-'"
            f"{' (a subscription may end with /*)' if operation == 'SUBSCRIBE' else ''}, got {value!r}"
        )
    return segments


def _default_payload(gen: Gen) -> dict[str, Any]:
    return {
        "type": f"{gen.random.choice(_EVENT_ENTITIES)}.{gen.random.choice(('created', 'updated', 'shipped'))}",
        "message": gen.pick("sentence"),
        "sender": gen.pick("email"),
        "sentAt": Gen.iso(gen.ms_ago(2_000)),
    }


def _published(gen: Gen, shorthands: Mapping[str, Any]) -> list[Any]:
    value = shorthands.get("events", 1)
    if isinstance(value, bool) or not isinstance(value, (int, list)):
        raise override_error(f"events must be a count or a list of the published JSON values, got {value!r}")
    if isinstance(value, int) and not 1 <= value <= EVENTS_LIMIT:
        # Checked before drawing: events=10**9 must not build a billion payloads.
        raise override_error(f"a publish carries 1 to {EVENTS_LIMIT} events, asked for {value} (events={value!r})")
    payloads = [_default_payload(gen) for _ in range(value)] if isinstance(value, int) else list(value)
    if not 1 <= len(payloads) <= EVENTS_LIMIT:
        raise override_error(f"a publish carries 1 to {EVENTS_LIMIT} events, asked for {len(payloads)}")
    for payload in payloads:
        try:
            json.dumps(payload)
        except (TypeError, ValueError):
            raise override_error(f"each published event must be a JSON value, got {payload!r}") from None
    return payloads


def appsync_events_event(gen: Gen, shorthands: dict[str, Any]) -> AppSyncEventsEvent:
    """A channel namespace's handler invoked for a publish (``events``) or a subscribe on ``channel``."""
    operation = choice(shorthands, "operation", EVENTS_OPERATIONS, "PUBLISH")
    auth = choice(shorthands, "auth", EVENTS_AUTH, "API_KEY")
    segments = _channel(gen, shorthands, operation)
    if operation == "SUBSCRIBE" and "events" in shorthands:
        raise override_error("events applies to operation='PUBLISH' only (a subscribe carries no events)")
    payloads = _published(gen, shorthands) if operation == "PUBLISH" else []
    extra = strings(shorthands, "headers")
    client_ip = gen.pick("ipv4")
    identity: dict[str, Any] | None
    identity, auth_headers = _identity(gen, "API_KEY" if auth == "AWS_LAMBDA" else auth, client_ip)
    if auth == "AWS_LAMBDA":
        # An Event API's Lambda authorizer returns handlerContext, which handlers see on the identity.
        token = gen.token(32, ALNUM)
        identity = {"handlerContext": {"userId": gen.uuid(), "tenant": gen.pick("word")}}
        auth_headers = {"authorization": token}
    api_id = gen.token(26, LOWER_ALNUM)
    received = gen.ms_ago(200)
    headers: dict[str, str] = {
        "accept": "*/*",
        "accept-encoding": "gzip, deflate, br",
        "user-agent": gen.pick("user_agent"),
        "x-forwarded-for": client_ip,
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
        "x-amzn-trace-id": trace_header(gen, received),
        **auth_headers,
    }
    path = "/" + "/".join(segments)
    if operation == "PUBLISH":
        # Events are published over HTTP (or a WebSocket) as {"channel", "events": [JSON strings]}.
        body = json.dumps({"channel": path, "events": [json.dumps(p) for p in payloads]})
        headers["host"] = f"{api_id}.appsync-api.{gen.region}.{gen.dns_suffix}"
        headers["content-type"] = "application/json"
        headers["content-length"] = str(len(body.encode()))
    else:  # subscriptions are made over the real-time (WebSocket) endpoint
        headers["host"] = f"{api_id}.appsync-realtime-api.{gen.region}.{gen.dns_suffix}"
        headers["sec-websocket-protocol"] = "aws-appsync-event-ws"
    headers.update(extra)
    return {
        "identity": identity,
        "result": None,
        "request": {"headers": headers, "domainName": None},
        "info": {
            "channel": {"path": path, "segments": segments},
            "channelNamespace": {"name": segments[0]},
            "operation": "PUBLISH" if operation == "PUBLISH" else "SUBSCRIBE",
        },
        "error": None,
        "prev": None,
        "stash": {},
        "outErrors": [],
        "events": [{"id": gen.uuid(), "payload": p} for p in payloads] if operation == "PUBLISH" else None,
    }


register(
    EventSource(
        "appsync_events",
        "An AWS AppSync Events API channel namespace's Lambda handler (publish or subscribe)",
        appsync_events_event,  # type: ignore[arg-type]
        EVENTS_SHORTHANDS,
        records_limit=EVENTS_LIMIT,
        docs="https://docs.aws.amazon.com/appsync/latest/eventapi/direct-lambda-integrations.html",
        variants={
            "operation": "PUBLISH (default: events on the channel) | SUBSCRIBE (events is null)",
            "auth": " | ".join(EVENTS_AUTH) + " (default API_KEY: identity is null)",
        },
    )
)


# -- appsync_authorizer: a GraphQL API's Lambda authorizer ----------------------------------------------


class _AppSyncAuthorizerRequestContextBase(TypedDict):
    apiId: str
    accountId: str
    requestId: str
    queryString: str
    variables: dict[str, Any]


class AppSyncAuthorizerRequestContext(_AppSyncAuthorizerRequestContextBase, total=False):
    operationName: str  # the operation the client asked to run, when it names one


class AppSyncAuthorizerEvent(TypedDict):
    authorizationToken: str
    requestContext: AppSyncAuthorizerRequestContext
    requestHeaders: dict[str, str]  # the client's request headers (since April 2024)


AUTHORIZER_SHORTHANDS = ("token", "query", "operation_name", "variables", "headers")
_OPERATION = re.compile(r"\b(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


def _graphql_document(gen: Gen) -> tuple[str, str, dict[str, Any]]:
    entity = gen.random.choice(_EVENT_ENTITIES)
    title = entity.title()
    if gen.random.random() < 0.5:
        name = f"Get{title}"
        query = f"query {name}($id: ID!) {{\n  get{title}(id: $id) {{\n    id\n    status\n    updatedAt\n  }}\n}}\n"
        return query, name, {"id": gen.uuid()}
    name = f"Create{title}"
    query = f"mutation {name}($input: Create{title}Input!) {{\n  create{title}(input: $input) {{\n    id\n  }}\n}}\n"
    return query, name, {"input": {"description": gen.pick("sentence"), "owner": gen.pick("email")}}


def appsync_authorizer_event(gen: Gen, shorthands: dict[str, Any]) -> AppSyncAuthorizerEvent:
    """AppSync asking the authorizer about ``token`` for one GraphQL request (``query``, ``variables``)."""
    if "query" in shorthands:
        query = text(shorthands, "query", "")
        operations = [m.group(2) for m in _OPERATION.finditer(query)]
        operation: str | None = operations[-1] if operations else None
        variables: Any = shorthands.get("variables", {})
    else:
        query, operation, variables = _graphql_document(gen)
        variables = shorthands.get("variables", variables)
    if not isinstance(variables, Mapping):
        raise override_error(f"variables must be a dict of the GraphQL variables, got {variables!r}")
    if "operation_name" in shorthands:
        operation = text(shorthands, "operation_name", "")
        if "query" in shorthands and not re.search(rf"\b{re.escape(operation)}\b", query):
            raise override_error(f"operation_name={operation!r} is not an operation of the query")
    token = text(shorthands, "token", gen.token(40, URLSAFE))
    context: AppSyncAuthorizerRequestContext = {
        "apiId": gen.token(26, LOWER_ALNUM),
        "accountId": gen.account_id,
        "requestId": gen.uuid(),
        "queryString": query,
        "variables": dict(variables),
    }
    request: dict[str, Any] = {"query": query, "variables": dict(variables)}
    if operation is not None:
        context["operationName"] = operation
        request["operationName"] = operation
    body = json.dumps(request)
    client_ip = gen.pick("ipv4")
    headers = {
        "accept": "application/json, text/plain, */*",
        "accept-encoding": "gzip, deflate, br",
        "authorization": token,  # the header AppSync passes as authorizationToken
        "content-length": str(len(body.encode())),
        "content-type": "application/json",
        "host": f"{context['apiId']}.appsync-api.{gen.region}.{gen.dns_suffix}",
        "user-agent": gen.pick("user_agent"),
        "x-amzn-trace-id": trace_header(gen, gen.ms_ago(200)),
        "x-forwarded-for": client_ip,
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
        **strings(shorthands, "headers"),
    }
    headers["authorization"] = token
    return {"authorizationToken": token, "requestContext": context, "requestHeaders": headers}


register(
    EventSource(
        "appsync_authorizer",
        "An AWS AppSync GraphQL API's Lambda authorizer (AWS_LAMBDA authorization)",
        appsync_authorizer_event,  # type: ignore[arg-type]
        AUTHORIZER_SHORTHANDS,
        docs="https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#aws-lambda-authorization",
    )
)
