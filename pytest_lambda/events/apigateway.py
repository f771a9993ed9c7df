"""Amazon API Gateway events: REST proxy (payload 1.0), HTTP API (payload 2.0), WebSocket and Lambda authorizers.

- REST proxy input: https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
- HTTP API payload 2.0: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
- WebSocket routes: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html
  and https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-integrations.html
- REST authorizer input: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
- HTTP API authorizer input: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html

The public helpers ``http_request`` / ``HttpRequest`` (the HTTP shorthands, normalised once) and
``single_value`` / ``multi_value`` / ``comma_joined`` serve every HTTP source (ALB, function URLs, VPC Lattice).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
import string
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal, TypedDict

from pytest_lambda.errors import with_docs
from pytest_lambda.events._common import EventOverrideError, Gen, b64, body_text, trace_header
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "HTTP_SHORTHANDS",
    "METHODS",
    "APIGatewayAuthorizerEventV2",
    "APIGatewayAuthorizerRequestEvent",
    "APIGatewayAuthorizerTokenEvent",
    "APIGatewayHttpContext",
    "APIGatewayIdentity",
    "APIGatewayProxyEvent",
    "APIGatewayProxyEventV2",
    "APIGatewayRequestContext",
    "APIGatewayRequestContextV2",
    "APIGatewayWebSocketEvent",
    "APIGatewayWebSocketIdentity",
    "APIGatewayWebSocketRequestContext",
    "HttpRequest",
    "Pairs",
    "apigateway_authorizer_request_event",
    "apigateway_authorizer_token_event",
    "apigateway_http_authorizer_event",
    "apigateway_http_event",
    "apigateway_rest_event",
    "apigateway_websocket_event",
    "bearer_token",
    "client_ip",
    "comma_joined",
    "execute_api_arn",
    "execute_api_domain",
    "header_value",
    "http_request",
    "multi_value",
    "request_context_v2",
    "request_id",
    "single_value",
]

# The methods a Lambda proxy integration receives (ANY routes expand to these).
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# ``path_parameters`` fills a templated path (``/orders/{id}``) everywhere; API Gateway also reports them.
HTTP_SHORTHANDS = ("method", "path", "path_parameters", "query", "headers", "body", "cookies")
Pairs = list[tuple[str, str]]

_DOCS: Final = "event-overrides"
_PARAM = re.compile(r"\{([A-Za-z0-9._-]+)(\+?)\}")
_ID_ALPHABET = string.ascii_lowercase + string.digits
_REQUEST_ID_ALPHABET = string.ascii_letters + string.digits
_ACCEPT = ("*/*", "application/json", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
_JWT_HEADER = base64.urlsafe_b64encode(b'{"alg":"RS256","typ":"JWT"}').rstrip(b"=").decode()


def _error(message: str) -> EventOverrideError:
    return EventOverrideError(with_docs(message, _DOCS))


# -- the HTTP request every HTTP source starts from ------------------------------------------------


@dataclass(frozen=True)
class HttpRequest:
    """The HTTP shorthands normalised: what the client sent, before a service shapes it into its event.

    ``query`` holds decoded (name, value) pairs in request order and ``raw_query`` the query string as
    sent (percent-encoded); ``headers`` the caller's own headers, a ``Cookie`` header moved to ``cookies``.
    """

    method: str
    path: str
    resource: str
    path_parameters: dict[str, str] | None
    query: Pairs
    raw_query: str
    headers: Pairs
    cookies: list[str]
    body: str | None
    is_base64_encoded: bool
    body_length: int
    content_type: str  # what the body's kind implies ("" without a body)

    @property
    def raw_query_pairs(self) -> Pairs:
        """The query's (name, value) pairs still percent-encoded, as ALB passes them."""
        return [(name, value) for name, _, value in (p.partition("=") for p in self.raw_query.split("&") if p)]

    def header_pairs(self, defaults: Pairs, *, lower: bool = False, cookie_header: bool = True) -> Pairs:
        """``defaults`` (the service's own headers) with the caller's headers over them, plus the body's.

        The caller's headers replace defaults of the same name (case-insensitively); a body adds
        Content-Type and Content-Length unless given; cookies become one ``Cookie`` header unless the
        format carries them apart (payload 2.0). ``lower`` lower-cases every name, as HTTP APIs do.
        """
        own = {name.lower() for name, _ in self.headers}
        pairs = [(name, value) for name, value in defaults if name.lower() not in own]
        pairs += self.headers
        if self.body is not None:
            if "content-type" not in own:
                pairs.append(("Content-Type", self.content_type))
            if "content-length" not in own:
                pairs.append(("Content-Length", str(self.body_length)))
        if cookie_header and self.cookies:
            pairs.append(("Cookie", "; ".join(self.cookies)))
        return [(name.lower(), value) for name, value in pairs] if lower else pairs


def single_value(pairs: Pairs) -> dict[str, str]:
    """One value per name, the last one sent (API Gateway REST and ALB single-value fields)."""
    return dict(pairs)


def multi_value(pairs: Pairs) -> dict[str, list[str]]:
    """Every value per name, in order (the ``multiValue*`` fields)."""
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        values.setdefault(name, []).append(value)
    return values


def comma_joined(pairs: Pairs) -> dict[str, str]:
    """Repeated names joined with commas (payload format 2.0 headers and query parameters)."""
    return {name: ",".join(values) for name, values in multi_value(pairs).items()}


def header_value(pairs: Pairs, name: str) -> str | None:
    """The last value of header ``name`` (case-insensitive), or None."""
    wanted = name.lower()
    found = None
    for key, value in pairs:
        if key.lower() == wanted:
            found = value
    return found


def client_ip(pairs: Pairs, default: str) -> str:
    """The caller's address as the service sees it: the last X-Forwarded-For hop, else ``default``."""
    forwarded = header_value(pairs, "x-forwarded-for")
    if forwarded:
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last == default:
            return default
        try:
            ipaddress.ip_address(last)
        except ValueError:
            return default
        return last
    return default


def _text_pairs(value: Any, field: str) -> Pairs:
    if not isinstance(value, Mapping):
        raise _error(f"{field} must be a dict of str (or list of str) values, got {value!r}")
    pairs: Pairs = []
    for name, item in value.items():
        items = list(item) if isinstance(item, (list, tuple)) else [item]
        if not isinstance(name, str) or not items or not all(isinstance(v, str) for v in items):
            raise _error(f"{field}[{name!r}] must be a str or a non-empty list of str, got {item!r}")
        pairs += [(name, v) for v in items]
    return pairs


def _query(value: Any, path_query: str) -> tuple[Pairs, str]:
    """(decoded pairs, raw query string) from the ``query`` shorthand and any ``?...`` in the path."""
    raws = [path_query] if path_query else []
    if isinstance(value, str):
        raws.append(value.removeprefix("?"))
    elif value is not None:
        pairs = _text_pairs(value, "query")
        raws.append("&".join(f"{urllib.parse.quote(k, safe='')}={urllib.parse.quote(v, safe='')}" for k, v in pairs))
    raw = "&".join(r for r in raws if r)
    return urllib.parse.parse_qsl(raw, keep_blank_values=True), raw


def _cookies(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, Mapping):
        items = [f"{k}={v}" for k, v in value.items() if isinstance(k, str) and isinstance(v, str)]
        if len(items) == len(value):
            return items
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) and "=" in v for v in value):
        return list(value)
    raise _error(f"cookies must be a dict of str or a list of 'name=value' strings, got {value!r}")


def _path_parameters(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, (str, int)) and not isinstance(v, bool) and str(v)
        for k, v in value.items()
    ):
        return {k: str(v) for k, v in value.items()}
    raise _error(f"path_parameters must be a dict of non-empty str values, got {value!r}")


def _route(gen: Gen, path: str | None, params: dict[str, str]) -> tuple[str, str, dict[str, str] | None]:
    """(path, resource, pathParameters), which always agree: ``/orders/42``, ``/orders/{id}``, ``{"id": "42"}``.

    ``path`` may be a template (``/orders/{id}``, ``/files/{proxy+}``) filled from ``params`` (or
    generated values), or a concrete path whose segments equal the ``params`` values.
    """
    if path is None:
        names = list(params) or ["id"]
        path = f"/{gen.pick('word')}s/" + "/".join(f"{{{name}}}" for name in names)
    if "{" in path:
        template = path
        names = [m.group(1) for m in _PARAM.finditer(template)]
        unknown = sorted(set(params) - set(names))
        if unknown:
            raise _error(f"path_parameters {unknown} are not in the path template {template!r} ({names})")

        def fill(match: re.Match[str]) -> str:
            name, greedy = match.group(1), bool(match.group(2))
            if name not in params:
                params[name] = f"{gen.pick('word')}/{gen.pick('file_name')}" if greedy else gen.digits(4)
            if "/" in params[name] and not greedy:
                raise _error(f"path parameter {name}={params[name]!r} holds a '/': use a greedy {{{name}+}}")
            return params[name]

        concrete = _PARAM.sub(fill, template)
        return concrete, template, {name: params[name] for name in names}
    if not params:
        return path, path, None
    segments = path.split("/")
    for name, value in params.items():
        if value in segments:
            segments[segments.index(value)] = f"{{{name}}}"
        elif "/".join(segments).endswith("/" + value):
            head = "/".join(segments)[: -len(value)]
            segments = [*head.split("/")[:-1], f"{{{name}+}}"]
        else:
            raise _error(
                f"path parameter {name}={value!r} does not appear in path {path!r}; "
                f"write the path as a template such as '/orders/{{{name}}}'"
            )
    return path, "/".join(segments), dict(params)


def _content_type(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return "application/octet-stream"
    return "text/plain; charset=utf-8" if isinstance(value, str) else "application/json"


def http_request(gen: Gen, shorthands: Mapping[str, Any], *, default_body: Any = None) -> HttpRequest:
    """Normalise the HTTP shorthands (method, path, path_parameters, query, headers, cookies, body).

    Bad values raise ``EventOverrideError``; an unknown method lists the valid ones.
    """
    path = shorthands.get("path")
    if path is not None and (not isinstance(path, str) or not path.startswith("/")):
        raise _error(f"path must be a str starting with '/', got {path!r}")
    path_query = ""
    if path is not None and "?" in path:
        path, _, path_query = path.partition("?")
    concrete, resource, path_parameters = _route(gen, path, _path_parameters(shorthands.get("path_parameters")))
    query, raw_query = _query(shorthands.get("query"), path_query)
    headers: Pairs = []
    cookies: list[str] = []
    for name, value in _text_pairs(shorthands.get("headers", {}), "headers"):
        if name.lower() == "cookie":  # kept apart, so that each format can place them its own way
            cookies += [c.strip() for c in value.split(";") if c.strip()]
        else:
            headers.append((name, value))
    cookies += _cookies(shorthands.get("cookies"))
    raw_body = shorthands.get("body", default_body)
    body: str | None = None
    encoded = False
    length = 0
    if raw_body is not None:
        body, encoded = body_text(raw_body)
        length = len(base64.b64decode(body)) if encoded else len(body.encode())
    method = shorthands.get("method", "GET" if raw_body is None else "POST")
    if not isinstance(method, str) or method.upper() not in METHODS:
        raise _error(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    return HttpRequest(
        method=method.upper(),
        path=concrete,
        resource=resource,
        path_parameters=path_parameters,
        query=query,
        raw_query=raw_query,
        headers=headers,
        cookies=cookies,
        body=body,
        is_base64_encoded=encoded,
        body_length=length,
        content_type="" if raw_body is None else _content_type(raw_body),
    )


# -- identifiers ------------------------------------------------------------------------------------


def request_id(gen: Gen) -> str:
    """API Gateway's short ids (extendedRequestId, HTTP API requestId, WebSocket connection/message ids)."""
    return gen.alnum(15, _REQUEST_ID_ALPHABET) + "="


def execute_api_domain(gen: Gen, api_id: str) -> str:
    """``<api-id>.execute-api.<region>.amazonaws.com`` (``.com.cn`` in the China partition)."""
    return f"{api_id}.execute-api.{gen.region}.{gen.dns_suffix}"


def execute_api_arn(gen: Gen, api_id: str, stage: str, method: str, path: str) -> str:
    """A methodArn/routeArn: ``arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/<path>``.

    https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
    """
    return gen.arn("execute-api", f"{api_id}/{stage}/{method}/{path.lstrip('/')}")


def bearer_token(gen: Gen) -> str:
    """A JWT-shaped bearer token (header.payload.signature, base64url without padding)."""
    issued = gen.now_ms // 1000
    claims = json.dumps({"sub": gen.uuid(), "iat": issued, "exp": issued + 3600}, separators=(",", ":"))
    payload = base64.urlsafe_b64encode(claims.encode()).rstrip(b"=").decode()
    signature = base64.urlsafe_b64encode(gen.random.randbytes(32)).rstrip(b"=").decode()
    return f"Bearer {_JWT_HEADER}.{payload}.{signature}"


def _api_id(gen: Gen) -> str:
    return gen.alnum(10, _ID_ALPHABET)


def _stage(shorthands: Mapping[str, Any], default: str) -> str:
    stage = shorthands.get("stage", default)
    if not isinstance(stage, str) or not stage or "/" in stage:
        raise _error(f"stage must be a non-empty str without '/', got {stage!r}")
    return stage


def _stage_variables(shorthands: Mapping[str, Any]) -> dict[str, str] | None:
    value = shorthands.get("stage_variables")
    if value is None:
        return None
    if isinstance(value, Mapping) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return dict(value)
    raise _error(f"stage_variables must be a dict of str, got {value!r}")


def _token(shorthands: Mapping[str, Any], gen: Gen) -> str:
    token = shorthands.get("token")
    if token is None:
        return bearer_token(gen)
    if not isinstance(token, str) or not token:
        raise _error(f"token must be a non-empty str, got {token!r}")
    return token


def _client(gen: Gen) -> tuple[str, str]:
    """(IP address, user agent) of a generated client."""
    return gen.pick("ipv4"), gen.pick("user_agent")


def _default_headers(gen: Gen, host: str, ip: str, agent: str, received: int) -> Pairs:
    """The headers an edge adds or a client sends to API Gateway (regional endpoint)."""
    return [
        ("Accept", gen.random.choice(_ACCEPT)),
        ("Accept-Encoding", "gzip, deflate, br"),
        ("Host", host),
        ("User-Agent", agent),
        ("X-Amzn-Trace-Id", trace_header(gen, received)),
        ("X-Forwarded-For", ip),
        ("X-Forwarded-Port", "443"),
        ("X-Forwarded-Proto", "https"),
    ]


# -- REST API proxy integration (payload 1.0) -------------------------------------------------------


class APIGatewayIdentity(TypedDict):
    cognitoIdentityPoolId: str | None
    accountId: str | None
    cognitoIdentityId: str | None
    caller: str | None
    sourceIp: str
    principalOrgId: str | None
    accessKey: str | None
    cognitoAuthenticationType: str | None
    cognitoAuthenticationProvider: str | None
    userArn: str | None
    userAgent: str | None
    user: str | None


class APIGatewayRequestContext(TypedDict):
    resourceId: str
    resourcePath: str
    httpMethod: str
    extendedRequestId: str
    requestTime: str
    path: str
    accountId: str
    protocol: str
    stage: str
    domainPrefix: str
    requestTimeEpoch: int
    requestId: str
    identity: APIGatewayIdentity
    domainName: str
    deploymentId: str
    apiId: str


class APIGatewayProxyEvent(TypedDict):
    resource: str
    path: str
    httpMethod: str
    headers: dict[str, str]
    multiValueHeaders: dict[str, list[str]]
    queryStringParameters: dict[str, str] | None
    multiValueQueryStringParameters: dict[str, list[str]] | None
    pathParameters: dict[str, str] | None
    stageVariables: dict[str, str] | None
    requestContext: APIGatewayRequestContext
    body: str | None
    isBase64Encoded: bool


REST_SHORTHANDS = (*HTTP_SHORTHANDS, "stage", "stage_variables")


@dataclass(frozen=True)
class _RestCall:
    request: HttpRequest
    headers: Pairs
    context: APIGatewayRequestContext
    api_id: str
    stage: str


def _rest_call(gen: Gen, shorthands: Mapping[str, Any], extra_headers: Sequence[tuple[str, str]] = ()) -> _RestCall:
    request = http_request(gen, shorthands)
    stage = _stage(shorthands, "prod")
    api_id = _api_id(gen)
    domain = execute_api_domain(gen, api_id)
    received = gen.ms_ago(50)
    ip, agent = _client(gen)
    # The request's own headers win over the generated ones, and the identity follows them.
    defaults = [*_default_headers(gen, domain, ip, agent, received), *extra_headers]
    headers = request.header_pairs(defaults)
    context: APIGatewayRequestContext = {
        "resourceId": gen.alnum(6, _ID_ALPHABET),
        "resourcePath": request.resource,
        "httpMethod": request.method,
        "extendedRequestId": request_id(gen),
        "requestTime": Gen.http_date(received),
        # On the execute-api domain the context's path starts with the stage.
        "path": f"/{stage}{request.path}",
        "accountId": gen.account_id,
        "protocol": "HTTP/1.1",
        "stage": stage,
        "domainPrefix": api_id,
        "requestTimeEpoch": received,
        "requestId": gen.uuid(),
        "identity": {
            "cognitoIdentityPoolId": None,
            "accountId": None,
            "cognitoIdentityId": None,
            "caller": None,
            "sourceIp": client_ip(headers, ip),
            "principalOrgId": None,
            "accessKey": None,
            "cognitoAuthenticationType": None,
            "cognitoAuthenticationProvider": None,
            "userArn": None,
            "userAgent": header_value(headers, "user-agent"),
            "user": None,
        },
        "domainName": domain,
        "deploymentId": gen.alnum(6, _ID_ALPHABET),
        "apiId": api_id,
    }
    return _RestCall(request, headers, context, api_id, stage)


def apigateway_rest_event(gen: Gen, shorthands: dict[str, Any]) -> APIGatewayProxyEvent:
    """A REST API Lambda proxy request: resource, path and pathParameters agree.

    A repeated header or query parameter keeps its last value in the single-value field and all of
    them in the multi-value one; fields with nothing to hold are null (REST proxy input format).
    """
    call = _rest_call(gen, shorthands)
    request = call.request
    return {
        "resource": request.resource,
        "path": request.path,
        "httpMethod": request.method,
        "headers": single_value(call.headers),
        "multiValueHeaders": multi_value(call.headers),
        "queryStringParameters": single_value(request.query) if request.query else None,
        "multiValueQueryStringParameters": multi_value(request.query) if request.query else None,
        "pathParameters": request.path_parameters,
        "stageVariables": _stage_variables(shorthands),
        "requestContext": call.context,
        "body": request.body,
        "isBase64Encoded": request.is_base64_encoded,
    }


# -- HTTP API (payload 2.0) -------------------------------------------------------------------------


class APIGatewayHttpContext(TypedDict):
    method: str
    path: str
    protocol: str
    sourceIp: str
    userAgent: str


class APIGatewayRequestContextV2(TypedDict):
    accountId: str
    apiId: str
    domainName: str
    domainPrefix: str
    http: APIGatewayHttpContext
    requestId: str
    routeKey: str
    stage: str
    time: str
    timeEpoch: int


class _APIGatewayProxyEventV2(TypedDict):
    version: Literal["2.0"]
    routeKey: str
    rawPath: str
    rawQueryString: str
    headers: dict[str, str]
    requestContext: APIGatewayRequestContextV2
    isBase64Encoded: bool


class APIGatewayProxyEventV2(_APIGatewayProxyEventV2, total=False):
    # Absent, not null, when the request has none (payload format 2.0).
    cookies: list[str]
    queryStringParameters: dict[str, str]
    body: str
    pathParameters: dict[str, str]
    stageVariables: dict[str, str]


HTTP_API_SHORTHANDS = REST_SHORTHANDS


def request_context_v2(
    request: HttpRequest,
    headers: Pairs,
    *,
    account_id: str,
    api_id: str,
    domain: str,
    path: str,
    ip: str,
    request_id: str,
    route_key: str,
    stage: str,
    received: int,
) -> APIGatewayRequestContextV2:
    """Payload format 2.0's ``requestContext``: HTTP API routes and authorizers, and function URLs, whose
    request payload is the same (https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads)."""
    return {
        "accountId": account_id,
        "apiId": api_id,
        "domainName": domain,
        "domainPrefix": api_id,
        "http": {
            "method": request.method,
            "path": path,
            "protocol": "HTTP/1.1",
            "sourceIp": client_ip(headers, ip),
            "userAgent": header_value(headers, "user-agent") or "",
        },
        "requestId": request_id,
        "routeKey": route_key,
        "stage": stage,
        "time": Gen.http_date(received),
        "timeEpoch": received,
    }


@dataclass(frozen=True)
class _HttpApiCall:
    request: HttpRequest
    headers: Pairs
    event: dict[str, Any]
    api_id: str
    stage: str


def _http_api_call(
    gen: Gen, shorthands: Mapping[str, Any], extra_headers: Sequence[tuple[str, str]] = ()
) -> _HttpApiCall:
    """The payload 2.0 fields an HTTP API route and its authorizer share."""
    request = http_request(gen, shorthands)
    stage = _stage(shorthands, "$default")
    api_id = _api_id(gen)
    domain = execute_api_domain(gen, api_id)
    received = gen.ms_ago(50)
    ip, agent = _client(gen)
    defaults = [*_default_headers(gen, domain, ip, agent, received), *extra_headers]
    # 2.0: header names lower-cased, repeats joined with commas, cookies moved to `cookies`.
    headers = request.header_pairs(defaults, lower=True, cookie_header=False)
    # A named stage (not $default) prefixes the raw path.
    raw_path = request.path if stage == "$default" else f"/{stage}{request.path}"
    route_key = f"{request.method} {request.resource}"
    event: dict[str, Any] = {"version": "2.0", "routeKey": route_key, "rawPath": raw_path}
    event["rawQueryString"] = request.raw_query
    if request.cookies:
        event["cookies"] = list(request.cookies)
    event["headers"] = comma_joined(headers)
    if request.query:
        event["queryStringParameters"] = comma_joined(request.query)
    event["requestContext"] = request_context_v2(
        request,
        headers,
        account_id=gen.account_id,
        api_id=api_id,
        domain=domain,
        path=raw_path,
        ip=ip,
        request_id=request_id(gen),
        route_key=route_key,
        stage=stage,
        received=received,
    )
    if request.path_parameters:
        event["pathParameters"] = dict(request.path_parameters)
    stage_variables = _stage_variables(shorthands)
    if stage_variables is not None:
        event["stageVariables"] = stage_variables
    return _HttpApiCall(request, headers, event, api_id, stage)


def apigateway_http_event(gen: Gen, shorthands: dict[str, Any]) -> APIGatewayProxyEventV2:
    """An HTTP API request, payload format 2.0: routeKey ``METHOD /resource``, raw path and query agree."""
    call = _http_api_call(gen, shorthands)
    event = call.event
    if call.request.body is not None:
        event["body"] = call.request.body
    event["isBase64Encoded"] = call.request.is_base64_encoded
    return event  # type: ignore[return-value]


# -- WebSocket API ----------------------------------------------------------------------------------


class APIGatewayWebSocketIdentity(TypedDict):
    userAgent: str
    sourceIp: str


class _APIGatewayWebSocketRequestContext(TypedDict):
    routeKey: str
    eventType: Literal["CONNECT", "DISCONNECT", "MESSAGE"]
    extendedRequestId: str
    requestTime: str
    messageDirection: Literal["IN"]
    stage: str
    connectedAt: int
    requestTimeEpoch: int
    identity: APIGatewayWebSocketIdentity
    requestId: str
    domainName: str
    connectionId: str
    apiId: str


class APIGatewayWebSocketRequestContext(_APIGatewayWebSocketRequestContext, total=False):
    messageId: str  # MESSAGE only
    disconnectStatusCode: int  # DISCONNECT only
    disconnectReason: str  # DISCONNECT only


class _APIGatewayWebSocketEvent(TypedDict):
    requestContext: APIGatewayWebSocketRequestContext
    isBase64Encoded: bool


class APIGatewayWebSocketEvent(_APIGatewayWebSocketEvent, total=False):
    headers: dict[str, str]  # $connect and $disconnect
    multiValueHeaders: dict[str, list[str]]
    queryStringParameters: dict[str, str]  # $connect with a query string
    multiValueQueryStringParameters: dict[str, list[str]]
    body: str  # messages


ROUTES: dict[str, Literal["CONNECT", "DISCONNECT", "MESSAGE"]] = {
    "$connect": "CONNECT",
    "$disconnect": "DISCONNECT",
    "message": "MESSAGE",
    "$default": "MESSAGE",
}
WEBSOCKET_SHORTHANDS = ("route", "body", "headers", "query", "stage", "connection_id")
# WebSocket close codes a client or the service sends: https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1
_CLOSE_CODES = (1000, 1001, 1005, 1006)


def apigateway_websocket_event(gen: Gen, shorthands: dict[str, Any]) -> APIGatewayWebSocketEvent:
    """A WebSocket API route: ``$connect`` (the upgrade's headers), ``$disconnect`` or a message.

    Only ``$connect`` carries the client's headers and query string; ``$disconnect`` carries the
    service's own few headers; a message carries a body and no headers.
    """
    route = shorthands.get("route", "message")
    if route not in ROUTES:
        raise _error(f"route must be one of {', '.join(map(repr, ROUTES))}, got {route!r}")
    event_type = ROUTES[route]
    misplaced: list[str] = [k for k in ("headers", "query") if k in shorthands and event_type != "CONNECT"]
    if "body" in shorthands and event_type != "MESSAGE":
        misplaced.append("body")
    if misplaced:
        raise _error(f"{', '.join(misplaced)} do not apply to a {route!r} event (route={route!r})")
    stage = _stage(shorthands, "prod")
    connection_id = shorthands.get("connection_id")
    if connection_id is not None and (not isinstance(connection_id, str) or not connection_id):
        raise _error(f"connection_id must be a non-empty str, got {connection_id!r}")
    default_body = {"action": "sendmessage", "message": gen.pick("sentence")} if event_type == "MESSAGE" else None
    own = {k: v for k, v in shorthands.items() if k in ("body", "headers", "query")}
    request = http_request(gen, own, default_body=default_body)
    api_id = _api_id(gen)
    domain = execute_api_domain(gen, api_id)
    received = gen.ms_ago(50)
    # A connection's later events report when it was opened.
    connected = received if event_type == "CONNECT" else received - gen.integer(1_000, 600_000)
    ip, agent = _client(gen)
    rid = request_id(gen)  # a WebSocket event's requestId and extendedRequestId are the same id
    context: APIGatewayWebSocketRequestContext = {
        "routeKey": "$default" if route == "message" else route,
        "eventType": event_type,
        "extendedRequestId": rid,
        "requestTime": Gen.http_date(received),
        "messageDirection": "IN",
        "stage": stage,
        "connectedAt": connected,
        "requestTimeEpoch": received,
        "identity": {"userAgent": agent, "sourceIp": ip},
        "requestId": rid,
        "domainName": domain,
        "connectionId": connection_id or request_id(gen),
        "apiId": api_id,
    }
    event: APIGatewayWebSocketEvent = {"requestContext": context, "isBase64Encoded": request.is_base64_encoded}
    if event_type == "CONNECT":
        defaults: Pairs = [
            ("Host", domain),
            ("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"),
            ("Sec-WebSocket-Key", b64(gen.random.randbytes(16))),  # RFC 6455: 16 random bytes, base64
            ("Sec-WebSocket-Version", "13"),
            ("User-Agent", agent),
            ("X-Amzn-Trace-Id", trace_header(gen, received)),
            ("X-Forwarded-For", ip),
            ("X-Forwarded-Port", "443"),
            ("X-Forwarded-Proto", "https"),
        ]
        headers = request.header_pairs(defaults)
        context["identity"] = {
            "userAgent": header_value(headers, "user-agent") or "",
            "sourceIp": client_ip(headers, ip),
        }
        event["headers"] = single_value(headers)
        event["multiValueHeaders"] = multi_value(headers)
        if request.query:
            event["queryStringParameters"] = single_value(request.query)
            event["multiValueQueryStringParameters"] = multi_value(request.query)
    elif event_type == "DISCONNECT":
        # What API Gateway sends on $disconnect: its own headers, mostly empty.
        headers = [("Host", domain), ("x-api-key", ""), ("X-Forwarded-For", ""), ("x-restapi", "")]
        event["headers"] = single_value(headers)
        event["multiValueHeaders"] = multi_value(headers)
        context["disconnectStatusCode"] = gen.random.choice(_CLOSE_CODES)
        context["disconnectReason"] = ""
    else:
        context["messageId"] = request_id(gen)
        event["body"] = request.body or ""
    return event


# -- Lambda authorizers -----------------------------------------------------------------------------


class APIGatewayAuthorizerTokenEvent(TypedDict):
    type: Literal["TOKEN"]
    authorizationToken: str
    methodArn: str


TOKEN_SHORTHANDS = ("token", "method", "path", "stage")


def apigateway_authorizer_token_event(gen: Gen, shorthands: dict[str, Any]) -> APIGatewayAuthorizerTokenEvent:
    """A REST API TOKEN authorizer's input: the token (the identity source header) and the methodArn."""
    request = http_request(gen, {k: v for k, v in shorthands.items() if k in ("method", "path")})
    stage = _stage(shorthands, "prod")
    token = _token(shorthands, gen)
    return {
        "type": "TOKEN",
        "authorizationToken": token,
        "methodArn": execute_api_arn(gen, _api_id(gen), stage, request.method, request.path),
    }


class APIGatewayAuthorizerRequestEvent(TypedDict):
    type: Literal["REQUEST"]
    methodArn: str
    resource: str
    path: str
    httpMethod: str
    headers: dict[str, str]
    multiValueHeaders: dict[str, list[str]]
    queryStringParameters: dict[str, str]
    multiValueQueryStringParameters: dict[str, list[str]]
    pathParameters: dict[str, str]
    stageVariables: dict[str, str]
    requestContext: APIGatewayRequestContext


# Authorizers never see the request body: no body shorthand.
AUTHORIZER_SHORTHANDS = tuple(s for s in (*REST_SHORTHANDS, "token") if s != "body")


def apigateway_authorizer_request_event(gen: Gen, shorthands: dict[str, Any]) -> APIGatewayAuthorizerRequestEvent:
    """A REST API REQUEST authorizer's input: the request (no body) and its methodArn.

    ``token`` sets the Authorization header (a generated bearer token by default).
    """
    token = _token(shorthands, gen)
    call = _rest_call(gen, shorthands, [("Authorization", token)])
    request = call.request
    return {
        "type": "REQUEST",
        "methodArn": execute_api_arn(gen, call.api_id, call.stage, request.method, request.path),
        "resource": request.resource,
        "path": request.path,
        "httpMethod": request.method,
        "headers": single_value(call.headers),
        "multiValueHeaders": multi_value(call.headers),
        # Authorizer input holds empty maps where the proxy event has nulls.
        "queryStringParameters": single_value(request.query),
        "multiValueQueryStringParameters": multi_value(request.query),
        "pathParameters": request.path_parameters or {},
        "stageVariables": _stage_variables(shorthands) or {},
        "requestContext": call.context,
    }


class _APIGatewayAuthorizerEventV2(TypedDict):
    version: Literal["2.0"]
    type: Literal["REQUEST"]
    routeArn: str
    identitySource: list[str]
    routeKey: str
    rawPath: str
    rawQueryString: str
    headers: dict[str, str]
    requestContext: APIGatewayRequestContextV2


class APIGatewayAuthorizerEventV2(_APIGatewayAuthorizerEventV2, total=False):
    cookies: list[str]
    queryStringParameters: dict[str, str]
    pathParameters: dict[str, str]
    stageVariables: dict[str, str]


def apigateway_http_authorizer_event(gen: Gen, shorthands: dict[str, Any]) -> APIGatewayAuthorizerEventV2:
    """An HTTP API Lambda authorizer's input, payload 2.0: the request (no body), routeArn, identitySource.

    The identity source is the default ``$request.header.Authorization``: ``token`` sets that header.
    """
    token = _token(shorthands, gen)
    call = _http_api_call(gen, shorthands, [("authorization", token)])
    request = call.request
    identity = header_value(call.headers, "authorization")
    event: dict[str, Any] = {
        "version": "2.0",
        "type": "REQUEST",
        "routeArn": execute_api_arn(gen, call.api_id, call.stage, request.method, request.path),
        "identitySource": [] if identity is None else [identity],
    }
    event.update((k, v) for k, v in call.event.items() if k != "version")
    return event  # type: ignore[return-value]


register(
    EventSource(
        "apigateway_rest",
        "Amazon API Gateway REST API request (Lambda proxy integration, payload 1.0)",
        apigateway_rest_event,  # type: ignore[arg-type]
        REST_SHORTHANDS,
        aliases=("apigateway", "api_gateway"),
        docs="https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html",
    )
)
register(
    EventSource(
        "apigateway_http",
        "Amazon API Gateway HTTP API request (payload format 2.0)",
        apigateway_http_event,  # type: ignore[arg-type]
        HTTP_API_SHORTHANDS,
        aliases=("http_api",),
        docs="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html",
    )
)
register(
    EventSource(
        "apigateway_websocket",
        "Amazon API Gateway WebSocket API route ($connect, $disconnect or a message)",
        apigateway_websocket_event,  # type: ignore[arg-type]
        WEBSOCKET_SHORTHANDS,
        aliases=("websocket",),
        docs="https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-integrations.html",
        variants={"route": "$connect | $disconnect | message (default: a message on the $default route)"},
    )
)
register(
    EventSource(
        "apigateway_authorizer_token",
        "Amazon API Gateway REST API Lambda authorizer, TOKEN type",
        apigateway_authorizer_token_event,  # type: ignore[arg-type]
        TOKEN_SHORTHANDS,
        docs="https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html",
    )
)
register(
    EventSource(
        "apigateway_authorizer_request",
        "Amazon API Gateway REST API Lambda authorizer, REQUEST type",
        apigateway_authorizer_request_event,  # type: ignore[arg-type]
        AUTHORIZER_SHORTHANDS,
        docs="https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html",
    )
)
register(
    EventSource(
        "apigateway_http_authorizer",
        "Amazon API Gateway HTTP API Lambda authorizer (payload format 2.0)",
        apigateway_http_authorizer_event,  # type: ignore[arg-type]
        AUTHORIZER_SHORTHANDS,
        docs="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html",
    )
)
