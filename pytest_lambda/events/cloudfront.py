"""Lambda@Edge events: CloudFront's viewer-request and origin-response triggers.

https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html (example events
and the meaning of every field). A Lambda@Edge event always holds exactly one record.
"""

from __future__ import annotations

import base64
import string
import urllib.parse
from collections.abc import Mapping
from email.utils import formatdate
from http import HTTPStatus
from typing import Any, Literal, TypedDict

from pytest_lambda.errors import with_docs
from pytest_lambda.events._common import Gen
from pytest_lambda.events._registry import EventOverrideError, EventSource, register

__all__ = [
    "CloudFrontConfig",
    "CloudFrontCustomOrigin",
    "CloudFrontEvent",
    "CloudFrontHeader",
    "CloudFrontOrigin",
    "CloudFrontRecord",
    "CloudFrontRecordData",
    "CloudFrontRequest",
    "CloudFrontResponse",
    "cloudfront_origin_response_event",
    "cloudfront_viewer_request_event",
    "edge_headers",
]


class CloudFrontHeader(TypedDict):
    key: str
    value: str


class CloudFrontConfig(TypedDict):
    distributionDomainName: str
    distributionId: str
    eventType: Literal["viewer-request", "origin-request", "origin-response", "viewer-response"]
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


class CloudFrontOrigin(TypedDict, total=False):
    custom: CloudFrontCustomOrigin


class _CloudFrontRequestRequired(TypedDict):
    clientIp: str
    headers: dict[str, list[CloudFrontHeader]]
    method: str
    querystring: str
    uri: str


class CloudFrontRequest(_CloudFrontRequestRequired, total=False):
    # Only in origin events: the origin the request goes (went) to.
    origin: CloudFrontOrigin


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
REQUEST_SHORTHANDS = ("method", "uri", "querystring", "headers")
VIEWER_REQUEST_SHORTHANDS = REQUEST_SHORTHANDS
ORIGIN_RESPONSE_SHORTHANDS = (*REQUEST_SHORTHANDS, "status", "response_headers")

_LOWER_ALNUM = string.ascii_lowercase + string.digits


def _bad(message: str) -> EventOverrideError:
    return EventOverrideError(with_docs(message, "event-overrides"))


def edge_headers(pairs: Mapping[Any, Any], *, field: str = "headers") -> dict[str, list[CloudFrontHeader]]:
    """``{"User-Agent": "x", "Set-Cookie": ["a=1", "b=2"]}`` in Lambda@Edge's form.

    The key is the lowercase header name, the value one ``{key, value}`` per occurrence with the name
    as it appeared on the wire (lambda-event-structure.html, "headers").
    """
    if not isinstance(pairs, Mapping):
        raise _bad(f"{field} must be a dict of header name -> value (or list of values), got {pairs!r}")
    headers: dict[str, list[CloudFrontHeader]] = {}
    for name, value in pairs.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        if not isinstance(name, str) or not name or not all(isinstance(v, (str, int)) for v in values):
            raise _bad(f"{field}[{name!r}] must be a str (or list of str) under a header name, got {value!r}")
        headers.setdefault(name.lower(), []).extend({"key": name, "value": str(v)} for v in values)
    return headers


def _merge_headers(
    base: dict[str, list[CloudFrontHeader]], pairs: Any, field: str
) -> dict[str, list[CloudFrontHeader]]:
    """The generated headers with the shorthand's replacing those of the same name; ``None`` removes one."""
    if not isinstance(pairs, Mapping):
        raise _bad(f"{field} must be a dict of header name -> value (or list of values), got {pairs!r}")
    for name in [n for n, v in pairs.items() if v is None]:
        base.pop(str(name).lower(), None)
    base.update(edge_headers({k: v for k, v in pairs.items() if v is not None}, field=field))
    return base


def _http_date(epoch_ms: int) -> str:
    """The HTTP ``Date`` form: ``Mon, 13 Jan 2020 20:12:38 GMT``."""
    return formatdate(epoch_ms // 1000, usegmt=True)


def _method(shorthands: dict[str, Any]) -> str:
    method = shorthands.get("method", "GET")
    if not isinstance(method, str) or method.upper() not in METHODS:
        raise _bad(f"method={method!r} is not one CloudFront forwards; valid methods: {', '.join(METHODS)}")
    return method.upper()


def _uri(gen: Gen, shorthands: dict[str, Any]) -> str:
    if "uri" not in shorthands:
        return f"/{gen.pick('word')}/{gen.pick('file_name')}"
    uri = shorthands["uri"]
    # "The new uri value must begin with a forward slash" (lambda-event-structure.html, "uri").
    if not isinstance(uri, str) or not uri.startswith("/"):
        raise _bad(f"uri must be a path starting with '/', such as '/index.html', got {uri!r}")
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
        raise _bad(f"querystring must be a str such as 'size=large' or a dict of parameters, got {value!r}")
    return value.removeprefix("?")


def _config(gen: Gen, event_type: Literal["viewer-request", "origin-response"]) -> CloudFrontConfig:
    # The domain CloudFront assigns ("d111111abcdef8.cloudfront.net"; cloudfront.cn in China).
    suffix = "cloudfront.cn" if gen.partition == "aws-cn" else "cloudfront.net"
    return {
        "distributionDomainName": f"d{gen.alnum(13, _LOWER_ALNUM)}.{suffix}",
        "distributionId": "E" + gen.alnum(13),
        "eventType": event_type,
        # The x-edge-request-id of the access logs: 40 random bytes, URL-safe base64 (56 characters).
        "requestId": base64.urlsafe_b64encode(gen.random.randbytes(40)).decode(),
    }


def cloudfront_viewer_request_event(gen: Gen, shorthands: dict[str, Any]) -> CloudFrontEvent:
    """A viewer request as the edge received it: the browser's headers, ``host`` the distribution's domain."""
    config = _config(gen, "viewer-request")
    client_ip = gen.pick("ipv4")
    headers = edge_headers(
        {
            "Host": config["distributionDomainName"],
            "User-Agent": gen.pick("user_agent"),
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Encoding": "gzip, deflate, br",
            "Accept-Language": "en-US,en;q=0.9",
        }
    )
    request: CloudFrontRequest = {
        "clientIp": client_ip,
        "headers": _merge_headers(headers, shorthands["headers"], "headers") if "headers" in shorthands else headers,
        "method": _method(shorthands),
        "querystring": _querystring(shorthands),
        "uri": _uri(gen, shorthands),
    }
    return {"Records": [{"cf": {"config": config, "request": request}}]}


def _status(shorthands: dict[str, Any]) -> tuple[str, str]:
    value = shorthands.get("status", 200)
    code = int(value) if isinstance(value, str) and value.isdigit() else value
    if isinstance(code, bool) or not isinstance(code, int) or not 100 <= code <= 599:
        raise _bad(f"status must be an HTTP status code from 100 to 599 (int or str), got {value!r}")
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = ""  # a code without a standard reason phrase: CloudFront passes the origin's (none here)
    return str(code), phrase


def cloudfront_origin_response_event(gen: Gen, shorthands: dict[str, Any]) -> CloudFrontEvent:
    """An origin's response as CloudFront received it, with the request CloudFront had forwarded to the origin.

    The forwarded request carries CloudFront's own ``via``, ``x-forwarded-for`` (the viewer's IP) and
    ``user-agent: Amazon CloudFront``, ``host`` the origin's domain, and the ``origin`` object.
    """
    config = _config(gen, "origin-response")
    client_ip = gen.pick("ipv4")
    origin_domain = f"origin.{gen.pick('domain')}"
    request_headers = edge_headers(
        {
            "X-Forwarded-For": client_ip,
            "User-Agent": "Amazon CloudFront",
            "Via": f"2.0 {gen.hex(32)}.cloudfront.net (CloudFront)",
            "Host": origin_domain,
            "Accept-Encoding": "gzip",
        }
    )
    if "headers" in shorthands:
        _merge_headers(request_headers, shorthands["headers"], "headers")
    request: CloudFrontRequest = {
        "clientIp": client_ip,
        "headers": request_headers,
        "method": _method(shorthands),
        "origin": {
            "custom": {
                "customHeaders": {},
                "domainName": origin_domain,
                "keepaliveTimeout": 5,
                "path": "",
                "port": 443,
                "protocol": "https",
                "readTimeout": 30,
                "sslProtocols": ["TLSv1.2"],
            }
        },
        "querystring": _querystring(shorthands),
        "uri": _uri(gen, shorthands),
    }
    status, description = _status(shorthands)
    modified = gen.ms_ago(30 * 86_400_000)
    response_headers = edge_headers(
        {
            "Date": _http_date(gen.now_ms),
            "Server": "nginx",
            "Content-Type": "text/html; charset=utf-8",
            "Content-Length": str(gen.integer(512, 65_536)),
            "Last-Modified": _http_date(modified),
            "ETag": f'"{gen.hex(32)}"',
            "Cache-Control": "max-age=300",
        }
    )
    if "response_headers" in shorthands:
        _merge_headers(response_headers, shorthands["response_headers"], "response_headers")
    response: CloudFrontResponse = {"headers": response_headers, "status": status, "statusDescription": description}
    return {"Records": [{"cf": {"config": config, "request": request, "response": response}}]}


_DOCS = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html"

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
        "cloudfront_origin_response",
        "Lambda@Edge origin-response trigger: the origin's response before CloudFront caches it",
        cloudfront_origin_response_event,  # type: ignore[arg-type]
        ORIGIN_RESPONSE_SHORTHANDS,
        aliases=("lambda_edge_origin_response",),
        docs=_DOCS,
    )
)
