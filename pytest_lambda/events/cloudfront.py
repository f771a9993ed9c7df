"""Lambda@Edge events: CloudFront's viewer-request, origin-request, origin-response and viewer-response triggers.

https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html (example events
and the meaning of every field) and
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
(headers a function never sees, the include-body truncation, status codes). A Lambda@Edge event always holds
exactly one record.
"""

from __future__ import annotations

import base64
import mimetypes
import string
import urllib.parse
from collections.abc import Mapping
from email.utils import formatdate
from http import HTTPStatus
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import Gen, b64, override_error
from pytest_lambda.events._registry import EventSource, register, register_preset
from pytest_lambda.events.kinesis import data_bytes

__all__ = [
    "CloudFrontConfig",
    "CloudFrontCustomOrigin",
    "CloudFrontEvent",
    "CloudFrontHeader",
    "CloudFrontOrigin",
    "CloudFrontRecord",
    "CloudFrontRecordData",
    "CloudFrontRequest",
    "CloudFrontRequestBody",
    "CloudFrontResponse",
    "CloudFrontS3Origin",
    "cloudfront_origin_request_event",
    "cloudfront_origin_response_event",
    "cloudfront_viewer_request_event",
    "cloudfront_viewer_response_event",
    "edge_headers",
]

EventType = Literal["viewer-request", "origin-request", "origin-response", "viewer-response"]
OriginKind = Literal["custom", "s3"]


class CloudFrontHeader(TypedDict):
    key: str
    value: str


class CloudFrontConfig(TypedDict):
    distributionDomainName: str
    distributionId: str
    eventType: EventType
    requestId: str


class CloudFrontCustomOrigin(TypedDict):
    customHeaders: dict[str, list[CloudFrontHeader]]
    domainName: str
    keepaliveTimeout: int
    path: str
    port: int
    protocol: Literal["http", "https"]
    readTimeout: int
    sslProtocols: list[str]


class CloudFrontS3Origin(TypedDict):
    authMethod: Literal["origin-access-identity", "none"]
    customHeaders: dict[str, list[CloudFrontHeader]]
    domainName: str
    path: str
    region: str


class CloudFrontOrigin(TypedDict, total=False):
    # Exactly one of the two: "either a custom origin or an Amazon S3 origin, but not both".
    custom: CloudFrontCustomOrigin
    s3: CloudFrontS3Origin


class CloudFrontRequestBody(TypedDict):
    inputTruncated: bool
    action: Literal["read-only", "replace"]
    encoding: Literal["base64", "text"]
    data: str


class _CloudFrontRequestRequired(TypedDict):
    clientIp: str
    headers: dict[str, list[CloudFrontHeader]]
    method: str
    querystring: str
    uri: str


class CloudFrontRequest(_CloudFrontRequestRequired, total=False):
    # Only in origin events: the origin the request goes (went) to.
    origin: CloudFrontOrigin
    # Only in request events of a trigger with the "Include body" option.
    body: CloudFrontRequestBody


class CloudFrontResponse(TypedDict):
    headers: dict[str, list[CloudFrontHeader]]
    status: str
    statusDescription: str


class _CloudFrontRecordDataRequired(TypedDict):
    config: CloudFrontConfig
    request: CloudFrontRequest


class CloudFrontRecordData(_CloudFrontRecordDataRequired, total=False):
    # Only in response events.
    response: CloudFrontResponse


class CloudFrontRecord(TypedDict):
    cf: CloudFrontRecordData


class CloudFrontEvent(TypedDict):
    Records: list[CloudFrontRecord]


# The methods a CloudFront cache behavior can allow (GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE).
METHODS = ("GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE")
ORIGIN_KINDS: tuple[OriginKind, ...] = ("custom", "s3")
REQUEST_SHORTHANDS = ("method", "uri", "querystring", "headers")
VIEWER_REQUEST_SHORTHANDS = (*REQUEST_SHORTHANDS, "body")
ORIGIN_REQUEST_SHORTHANDS = (*REQUEST_SHORTHANDS, "origin", "body")
ORIGIN_RESPONSE_SHORTHANDS = (*REQUEST_SHORTHANDS, "status", "response_headers", "origin")
VIEWER_RESPONSE_SHORTHANDS = (*REQUEST_SHORTHANDS, "status", "response_headers")
# "Include body" exposes at most 40 KB of a viewer request's body and 1 MB of an origin request's,
# truncating the rest (lambda-at-edge-function-restrictions.html, "Restrictions on the request body").
BODY_LIMITS: dict[EventType, int] = {"viewer-request": 40 * 1024, "origin-request": 1024 * 1024}

_LOWER_ALNUM = string.ascii_lowercase + string.digits
_ORIGIN_SERVERS = ("nginx", "Apache", "Microsoft-IIS/10.0", "gunicorn", "Caddy")
# Python's built-in extension table only (no system mime.types): the same answer on every machine.
_MIME_TYPES = mimetypes.MimeTypes()


def edge_headers(pairs: Mapping[Any, Any], *, field: str = "headers") -> dict[str, list[CloudFrontHeader]]:
    """``{"User-Agent": "x", "Set-Cookie": ["a=1", "b=2"]}`` in Lambda@Edge's form.

    The key is the lowercase header name, the value one ``{key, value}`` per occurrence with the name
    as it appeared on the wire (lambda-event-structure.html, "headers").
    """
    if not isinstance(pairs, Mapping):
        raise override_error(f"{field} must be a dict of header name -> value (or list of values), got {pairs!r}")
    headers: dict[str, list[CloudFrontHeader]] = {}
    for name, value in pairs.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        if not isinstance(name, str) or not name or not all(isinstance(v, (str, int)) for v in values):
            raise override_error(f"{field}[{name!r}] must be a str (or list of str) under a header name, got {value!r}")
        headers.setdefault(name.lower(), []).extend({"key": name, "value": str(v)} for v in values)
    return headers


def _merge_headers(
    base: dict[str, list[CloudFrontHeader]], pairs: Any, field: str
) -> dict[str, list[CloudFrontHeader]]:
    """The generated headers with the shorthand's replacing those of the same name; ``None`` removes one."""
    if not isinstance(pairs, Mapping):
        raise override_error(f"{field} must be a dict of header name -> value (or list of values), got {pairs!r}")
    for name in [n for n, v in pairs.items() if v is None]:
        base.pop(str(name).lower(), None)
    base.update(edge_headers({k: v for k, v in pairs.items() if v is not None}, field=field))
    return base


def _http_date(epoch_ms: int) -> str:
    """The HTTP ``Date`` form: ``Mon, 13 Jan 2020 20:12:38 GMT``."""
    return formatdate(epoch_ms // 1000, usegmt=True)


def _method(shorthands: dict[str, Any], default: str = "GET") -> str:
    method = shorthands.get("method", default)
    if not isinstance(method, str) or method.upper() not in METHODS:
        raise override_error(f"method={method!r} is not one CloudFront forwards; valid methods: {', '.join(METHODS)}")
    return method.upper()


def _uri(gen: Gen, shorthands: dict[str, Any]) -> str:
    if "uri" not in shorthands:
        return f"/{gen.pick('word')}/{gen.pick('file_name')}"
    uri = shorthands["uri"]
    # "The new uri value must begin with a forward slash" (lambda-event-structure.html, "uri").
    if not isinstance(uri, str) or not uri.startswith("/"):
        raise override_error(f"uri must be a path starting with '/', such as '/index.html', got {uri!r}")
    return uri


def _querystring(shorthands: dict[str, Any]) -> str:
    """The query string without its ``?``: "" when there is none (the field is always present)."""
    value = shorthands.get("querystring", "")
    if isinstance(value, Mapping):
        return urllib.parse.urlencode(
            {str(k): [str(x) for x in v] if isinstance(v, (list, tuple)) else str(v) for k, v in value.items()},
            doseq=True,
        )
    if not isinstance(value, str):
        raise override_error(f"querystring must be a str such as 'size=large' or a dict of parameters, got {value!r}")
    return value.removeprefix("?")


def _origin_kind(shorthands: dict[str, Any]) -> OriginKind:
    value = shorthands.get("origin", "custom")
    for kind in ORIGIN_KINDS:
        if value == kind:
            return kind
    raise override_error(f"origin must be one of {', '.join(ORIGIN_KINDS)}, got {value!r}")


def _config(gen: Gen, event_type: EventType) -> CloudFrontConfig:
    # The domain CloudFront assigns ("d111111abcdef8.cloudfront.net"; cloudfront.cn in China).
    suffix = "cloudfront.cn" if gen.partition == "aws-cn" else "cloudfront.net"
    return {
        "distributionDomainName": f"d{gen.alnum(13, _LOWER_ALNUM)}.{suffix}",
        "distributionId": "E" + gen.alnum(13),
        "eventType": event_type,
        # The x-edge-request-id of the access logs: 40 random bytes, URL-safe base64 (56 characters).
        "requestId": base64.urlsafe_b64encode(gen.random.randbytes(40)).decode(),
    }


def _body(shorthands: dict[str, Any], event_type: EventType) -> tuple[CloudFrontRequestBody, dict[str, str]] | None:
    """The ``body`` shorthand as "Include body" exposes it, and the Content-* headers the viewer sent with it.

    The body is always base64-encoded and truncated past the trigger's limit, ``inputTruncated`` saying so;
    ``action`` is "read-only" until a function replaces the body (lambda-event-structure.html, "body").
    """
    if "body" not in shorthands:
        return None
    value = shorthands["body"]
    raw = data_bytes(value, field="body")
    limit = BODY_LIMITS[event_type]
    if isinstance(value, (bytes, bytearray)):
        content_type = "application/octet-stream"
    elif isinstance(value, str):
        content_type = "text/plain; charset=UTF-8"
    else:
        content_type = "application/json"
    body: CloudFrontRequestBody = {
        "inputTruncated": len(raw) > limit,
        "action": "read-only",
        "encoding": "base64",
        "data": b64(raw[:limit]),
    }
    return body, {"Content-Type": content_type, "Content-Length": str(len(raw))}


def _viewer_request(gen: Gen, shorthands: dict[str, Any], config: CloudFrontConfig) -> CloudFrontRequest:
    """The request as the viewer sent it: the browser's headers, ``host`` the distribution's domain."""
    body = _body(shorthands, "viewer-request") if config["eventType"] == "viewer-request" else None
    headers = edge_headers(
        {
            "Host": config["distributionDomainName"],
            "User-Agent": gen.pick("user_agent"),
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Encoding": "gzip, deflate, br",
            "Accept-Language": "en-US,en;q=0.9",
            **(body[1] if body else {}),
        }
    )
    request: CloudFrontRequest = {
        "clientIp": gen.pick("ipv4"),
        "headers": _merge_headers(headers, shorthands["headers"], "headers") if "headers" in shorthands else headers,
        # A request with a body is a write: POST unless the method says otherwise.
        "method": _method(shorthands, "POST" if body else "GET"),
        "querystring": _querystring(shorthands),
        "uri": _uri(gen, shorthands),
    }
    if body:
        request["body"] = body[0]
    return request


def _origin(gen: Gen, kind: OriginKind) -> tuple[CloudFrontOrigin, str]:
    """The origin of the cache behavior and its domain (the ``host`` CloudFront sends it)."""
    if kind == "s3":
        bucket = f"{gen.pick('word')}-{gen.pick('word')}-{gen.digits(4)}".lower()
        # S3 origins are named by the bucket's global endpoint ("my-bucket.s3.amazonaws.com"); China has
        # only regional endpoints.
        domain = (
            f"{bucket}.s3.{gen.region}.amazonaws.com.cn" if gen.partition == "aws-cn" else f"{bucket}.s3.amazonaws.com"
        )
        s3: CloudFrontS3Origin = {
            "authMethod": "origin-access-identity",
            "customHeaders": {},
            "domainName": domain,
            "path": "",
            # The bucket's region: required with an origin access identity.
            "region": gen.region,
        }
        return {"s3": s3}, domain
    domain = f"origin.{gen.pick('domain')}"
    custom: CloudFrontCustomOrigin = {
        "customHeaders": {},
        "domainName": domain,
        # The distribution defaults: keep-alive 5 s (1-60), read timeout 30 s (4-60), HTTPS on 443.
        "keepaliveTimeout": 5,
        "path": "",
        "port": 443,
        "protocol": "https",
        "readTimeout": 30,
        "sslProtocols": ["TLSv1.2"],
    }
    return {"custom": custom}, domain


def _origin_request(
    gen: Gen, shorthands: dict[str, Any], config: CloudFrontConfig, kind: OriginKind
) -> tuple[CloudFrontRequest, str]:
    """The request CloudFront forwards to the origin, and the origin's domain.

    It carries CloudFront's own ``via``, ``x-forwarded-for`` (the viewer's IP) and ``user-agent: Amazon
    CloudFront``, ``host`` the origin's domain, and the ``origin`` object (lambda-event-structure.html).
    """
    body = _body(shorthands, "origin-request") if config["eventType"] == "origin-request" else None
    client_ip = gen.pick("ipv4")
    origin, domain = _origin(gen, kind)
    headers = edge_headers(
        {
            "X-Forwarded-For": client_ip,
            "User-Agent": "Amazon CloudFront",
            "Via": f"2.0 {gen.hex(32)}.cloudfront.net (CloudFront)",
            "Host": domain,
            "Accept-Encoding": "gzip",
            **(body[1] if body else {}),
        }
    )
    if "headers" in shorthands:
        _merge_headers(headers, shorthands["headers"], "headers")
    request: CloudFrontRequest = {
        "clientIp": client_ip,
        "headers": headers,
        "method": _method(shorthands, "POST" if body else "GET"),
        "origin": origin,
        "querystring": _querystring(shorthands),
        "uri": _uri(gen, shorthands),
    }
    if body:
        request["body"] = body[0]
    return request, domain


def _status(shorthands: dict[str, Any], *, below: int = 600) -> tuple[str, str]:
    value = shorthands.get("status", 200)
    code = int(value) if isinstance(value, str) and value.isdigit() else value
    if isinstance(code, bool) or not isinstance(code, int) or not 100 <= code < below:
        raise override_error(f"status must be an HTTP status code from 100 to {below - 1} (int or str), got {value!r}")
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = ""  # a code without a standard reason phrase: CloudFront passes the origin's (none here)
    return str(code), phrase


def _content_type(uri: str) -> str:
    """The type an origin serves the object at ``uri`` as: by its extension, HTML for a bare path."""
    guessed, _ = _MIME_TYPES.guess_type(uri, strict=False)
    if guessed is None:
        return "text/html; charset=utf-8" if "." not in uri.rsplit("/", 1)[-1] else "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def _origin_response_headers(gen: Gen, kind: OriginKind, uri: str) -> dict[str, Any]:
    """What the origin answered for ``uri``: an S3 bucket's own headers, or a web server's."""
    modified = gen.ms_ago(30 * 86_400_000)
    headers: dict[str, Any] = {
        "Date": _http_date(gen.now_ms),
        "Content-Type": _content_type(uri),
        "Content-Length": str(gen.integer(512, 65_536)),
        "Last-Modified": _http_date(modified),
        "ETag": f'"{gen.hex(32)}"',
    }
    if kind == "s3":
        # S3 names itself and adds its request ids (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonResponseHeaders.html).
        headers["Server"] = "AmazonS3"
        headers["Accept-Ranges"] = "bytes"
        headers["x-amz-request-id"] = gen.alnum(16)
        headers["x-amz-id-2"] = b64(gen.random.randbytes(57))
    else:
        headers["Server"] = _ORIGIN_SERVERS[gen.integer(0, len(_ORIGIN_SERVERS) - 1)]
        headers["Cache-Control"] = "max-age=300"
    return headers


def cloudfront_viewer_request_event(gen: Gen, shorthands: dict[str, Any]) -> CloudFrontEvent:
    """A viewer request as the edge received it, before the cache: the browser's headers."""
    config = _config(gen, "viewer-request")
    return {"Records": [{"cf": {"config": config, "request": _viewer_request(gen, shorthands, config)}}]}


def cloudfront_origin_request_event(gen: Gen, shorthands: dict[str, Any]) -> CloudFrontEvent:
    """A cache miss forwarded to the origin: CloudFront's forwarding headers and the ``origin`` object."""
    config = _config(gen, "origin-request")
    request, _ = _origin_request(gen, shorthands, config, _origin_kind(shorthands))
    return {"Records": [{"cf": {"config": config, "request": request}}]}


def cloudfront_origin_response_event(gen: Gen, shorthands: dict[str, Any]) -> CloudFrontEvent:
    """An origin's response as CloudFront received it, with the request CloudFront had forwarded to the origin.

    Origin-response triggers also run for 4xx and 5xx responses (any status from 100 to 599).
    """
    config = _config(gen, "origin-response")
    kind = _origin_kind(shorthands)
    request, _ = _origin_request(gen, shorthands, config, kind)
    status, description = _status(shorthands)
    response_headers = edge_headers(_origin_response_headers(gen, kind, request["uri"]))
    if "response_headers" in shorthands:
        _merge_headers(response_headers, shorthands["response_headers"], "response_headers")
    response: CloudFrontResponse = {"headers": response_headers, "status": status, "statusDescription": description}
    return {"Records": [{"cf": {"config": config, "request": request, "response": response}}]}


def cloudfront_viewer_response_event(gen: Gen, shorthands: dict[str, Any]) -> CloudFrontEvent:
    """The response CloudFront is about to return to the viewer, with the viewer's request.

    CloudFront's ``via`` (HTTP/1.1 to the viewer) is on it, and ``age`` when it came from the cache; X-Cache
    and X-Amz-Cf-* are never exposed to functions. Viewer-response triggers do not run when the origin
    returned 400 or higher (lambda-at-edge-function-restrictions.html, "HTTP status codes").
    """
    config = _config(gen, "viewer-response")
    request = _viewer_request(gen, shorthands, config)
    status, description = _status(shorthands, below=400)
    headers = _origin_response_headers(gen, "custom", request["uri"])
    headers["Via"] = f"1.1 {gen.hex(32)}.cloudfront.net (CloudFront)"
    if gen.random.random() < 0.5:  # a cache hit: how long the object has been in the edge cache
        headers["Age"] = str(gen.integer(1, 300))
    response_headers = edge_headers(headers)
    if "response_headers" in shorthands:
        _merge_headers(response_headers, shorthands["response_headers"], "response_headers")
    response: CloudFrontResponse = {"headers": response_headers, "status": status, "statusDescription": description}
    return {"Records": [{"cf": {"config": config, "request": request, "response": response}}]}


_DOCS = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html"
_ORIGIN_VARIANTS = {"origin": " | ".join(ORIGIN_KINDS)}

register(
    EventSource(
        "cloudfront_viewer_request",
        "Lambda@Edge viewer-request trigger: a CloudFront viewer's request before the cache",
        cloudfront_viewer_request_event,  # type: ignore[arg-type]
        VIEWER_REQUEST_SHORTHANDS,
        aliases=("lambda_edge_viewer_request",),
        docs=_DOCS,
    )
)
register(
    EventSource(
        "cloudfront_origin_request",
        "Lambda@Edge origin-request trigger: a cache miss about to be forwarded to the origin",
        cloudfront_origin_request_event,  # type: ignore[arg-type]
        ORIGIN_REQUEST_SHORTHANDS,
        aliases=("lambda_edge_origin_request",),
        docs=_DOCS,
        variants=_ORIGIN_VARIANTS,
    )
)
register(
    EventSource(
        "cloudfront_origin_response",
        "Lambda@Edge origin-response trigger: the origin's response before CloudFront caches it",
        cloudfront_origin_response_event,  # type: ignore[arg-type]
        ORIGIN_RESPONSE_SHORTHANDS,
        aliases=("lambda_edge_origin_response",),
        docs=_DOCS,
        variants=_ORIGIN_VARIANTS,
    )
)
register(
    EventSource(
        "cloudfront_viewer_response",
        "Lambda@Edge viewer-response trigger: the response about to be returned to the viewer",
        cloudfront_viewer_response_event,  # type: ignore[arg-type]
        VIEWER_RESPONSE_SHORTHANDS,
        aliases=("lambda_edge_viewer_response",),
        docs=_DOCS,
    )
)

# -- `sam local generate-event cloudfront <kind>`: each blueprint's scenario on the trigger it runs on ------
# CloudFront adds CloudFront-Viewer-Country and CloudFront-Is-*-Viewer only after the viewer request (and
# never exposes CloudFront-Viewer-Country to viewer events), so the scenarios reading them are origin requests.
register_preset(
    "cloudfront:ab-test",
    "cloudfront_viewer_request",
    "A/B test: a viewer request carrying the experiment-group cookie",
    uri="/experiment-pixel.jpg",
    headers={"Cookie": "session-id=7f3a9c; theme=dark; X-Experiment-Name=B"},
)
register_preset(
    "cloudfront:access-request-in-response",
    "cloudfront_viewer_response",
    "A viewer response whose function reads a header of the viewer's request",
    headers={"User-Name": "CloudFront"},
)
register_preset(
    "cloudfront:http-redirect",
    "cloudfront_viewer_request",
    "A viewer request that the function answers with an HTTP redirect",
    uri="/old-page.html",
)
register_preset(
    "cloudfront:modify-querystring",
    "cloudfront_viewer_request",
    "A viewer request whose query string the function rewrites",
    uri="/catalog",
    querystring="auth=f81d4fae&category=shoes",
)
register_preset(
    "cloudfront:modify-response-header",
    "cloudfront_origin_response",
    "An S3 origin response whose object metadata header the function copies into Last-Modified",
    origin="s3",
    response_headers={"Vary": "*", "X-Amz-Meta-Last-Modified": "Thu, 01 Jan 2015 00:00:00 GMT"},
)
register_preset(
    "cloudfront:multiple-remote-calls-aggregate-response",
    "cloudfront_viewer_request",
    "A viewer request that the function answers by aggregating several remote calls",
    uri="/forecast/Seattle:NewYork:Chicago:SanFrancisco",
)
register_preset(
    "cloudfront:normalize-querystring-to-improve-cache-hit",
    "cloudfront_viewer_request",
    "A viewer request with mixed-case, unsorted query parameters to normalize",
    uri="/products/shirt.jpg",
    querystring="size=LARGE&Color=Red",
)
register_preset(
    "cloudfront:redirect-on-viewer-country",
    "cloudfront_origin_request",
    "An origin request carrying the viewer's country (CloudFront-Viewer-Country) to redirect on",
    uri="/",
    headers={"CloudFront-Viewer-Country": "TW"},
)
register_preset(
    "cloudfront:redirect-unauthenticated-users",
    "cloudfront_viewer_request",
    "A viewer request for a private page without a session cookie",
    uri="/account/settings",
    querystring="tab=billing",
)
register_preset(
    "cloudfront:response-generation",
    "cloudfront_viewer_request",
    "A viewer request that the function answers with a generated response",
    uri="/",
)
register_preset(
    "cloudfront:serve-object-on-viewer-device",
    "cloudfront_origin_request",
    "An origin request carrying CloudFront's device-type headers (a desktop viewer)",
    headers={
        "CloudFront-Is-Desktop-Viewer": "true",
        "CloudFront-Is-Mobile-Viewer": "false",
        "CloudFront-Is-SmartTV-Viewer": "false",
        "CloudFront-Is-Tablet-Viewer": "false",
    },
)
register_preset(
    "cloudfront:simple-remote-call",
    "cloudfront_viewer_request",
    "A viewer request whose function makes a remote call before answering",
    uri="/status",
)
