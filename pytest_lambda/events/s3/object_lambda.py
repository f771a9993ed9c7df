"""Amazon S3 Object Lambda: an access point's GetObject, HeadObject, ListObjects or ListObjectsV2 request,
for the function to transform.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/olap-event-context.html (the event context)
"""

from __future__ import annotations

import hashlib
import urllib.parse
from datetime import datetime, timezone
from typing import Any, TypedDict

from pytest_lambda.events._common import UPPER_ALNUM, Gen, b64, body_text, choice, override_error, strings, text
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "S3ObjectLambdaConfiguration",
    "S3ObjectLambdaEvent",
    "S3ObjectLambdaGetObjectContext",
    "S3ObjectLambdaInputContext",
    "S3ObjectLambdaSessionAttributes",
    "S3ObjectLambdaSessionContext",
    "S3ObjectLambdaSessionIssuer",
    "S3ObjectLambdaUserIdentity",
    "S3ObjectLambdaUserRequest",
    "s3_object_lambda_event",
]


class S3ObjectLambdaGetObjectContext(TypedDict):
    inputS3Url: str  # a presigned URL to the object through the supporting access point
    outputRoute: str  # WriteGetObjectResponse's RequestRoute
    outputToken: str  # WriteGetObjectResponse's RequestToken


class S3ObjectLambdaInputContext(TypedDict):
    inputS3Url: str


class S3ObjectLambdaConfiguration(TypedDict):
    accessPointArn: str
    supportingAccessPointArn: str
    payload: str  # the access point configuration's opaque payload


class S3ObjectLambdaUserRequest(TypedDict):
    url: str
    headers: dict[str, str]


class S3ObjectLambdaSessionAttributes(TypedDict):
    creationDate: str
    mfaAuthenticated: str  # "true" or "false"


class S3ObjectLambdaSessionIssuer(TypedDict):
    type: str
    principalId: str
    arn: str
    accountId: str
    userName: str


class S3ObjectLambdaSessionContext(TypedDict):
    attributes: S3ObjectLambdaSessionAttributes
    sessionIssuer: S3ObjectLambdaSessionIssuer


class _S3ObjectLambdaUserIdentityBase(TypedDict):
    type: str  # CloudTrail's userIdentity type: IAMUser, AssumedRole...
    principalId: str
    arn: str
    accountId: str
    accessKeyId: str


class S3ObjectLambdaUserIdentity(_S3ObjectLambdaUserIdentityBase, total=False):
    userName: str  # IAM users
    sessionContext: S3ObjectLambdaSessionContext  # temporary credentials


class _S3ObjectLambdaEventBase(TypedDict):
    xAmzRequestId: str
    configuration: S3ObjectLambdaConfiguration
    userRequest: S3ObjectLambdaUserRequest
    userIdentity: S3ObjectLambdaUserIdentity
    protocolVersion: str


class S3ObjectLambdaEvent(_S3ObjectLambdaEventBase, total=False):
    # Exactly one, after the operation.
    getObjectContext: S3ObjectLambdaGetObjectContext
    headObjectContext: S3ObjectLambdaInputContext
    listObjectsContext: S3ObjectLambdaInputContext
    listObjectsV2Context: S3ObjectLambdaInputContext


OLAP_OPERATIONS = ("GetObject", "HeadObject", "ListObjects", "ListObjectsV2")
OLAP_IDENTITIES = ("IAMUser", "AssumedRole")
OLAP_SHORTHANDS = ("operation", "key", "prefix", "payload", "identity", "headers")
_OLAP_CONTEXTS = {
    "GetObject": "getObjectContext",
    "HeadObject": "headObjectContext",
    "ListObjects": "listObjectsContext",
    "ListObjectsV2": "listObjectsV2Context",
}
# GetObject events carry protocol 1.00; HeadObject and the List operations came with 1.01.
_OLAP_PROTOCOLS = {"GetObject": "1.00", "HeadObject": "1.01", "ListObjects": "1.01", "ListObjectsV2": "1.01"}
_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_QUERY_ESCAPES = str.maketrans({"+": "%2B", "/": "%2F", "=": "%3D"})  # the payload hash of a request without a body


def _region_code(region: str) -> str:
    """``us-east-1`` -> ``use1``: the short region code in Object Lambda's output routes."""
    parts = region.split("-")  # make_event has checked the region's form: at least three parts
    return parts[0] + "".join(_DIRECTIONS.get(p, p[0]) for p in parts[1:-1]) + parts[-1]


_DIRECTIONS = {"northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw"}


def _s3_path(key: str) -> str:
    return urllib.parse.quote(key, safe="/~")


def _olap_identity(gen: Gen, kind: str, moment_ms: int) -> S3ObjectLambdaUserIdentity:
    if kind == "IAMUser":
        user = f"{gen.pick('first_name').lower()}.{gen.pick('last_name').lower()}"
        return {
            "type": "IAMUser",
            "principalId": "AIDA" + gen.token(17, UPPER_ALNUM),
            "arn": gen.arn("iam", f"user/{user}", region=""),  # IAM ARNs carry no region
            "accountId": gen.account_id,
            "accessKeyId": "AKIA" + gen.token(16, UPPER_ALNUM),
            "userName": user,
        }
    role = f"{gen.pick('word').title()}{gen.random.choice(('Reader', 'Admin', 'Processor'))}Role"
    session = gen.pick("first_name").lower()
    role_id = "AROA" + gen.token(17, UPPER_ALNUM)
    created = datetime.fromtimestamp((moment_ms - gen.integer(60_000, 3_000_000)) / 1000, tz=timezone.utc)
    return {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{session}",
        "arn": gen.arn("sts", f"assumed-role/{role}/{session}", region=""),
        "accountId": gen.account_id,
        "accessKeyId": "ASIA" + gen.token(16, UPPER_ALNUM),
        "sessionContext": {
            # The session's creation time, as Java's Date prints it.
            "attributes": {"mfaAuthenticated": "false", "creationDate": created.strftime("%a %b %d %H:%M:%S UTC %Y")},
            "sessionIssuer": {
                "type": "Role",
                "principalId": role_id,
                "arn": gen.arn("iam", f"role/{role}", region=""),
                "accountId": gen.account_id,
                "userName": role,
            },
        },
    }


def s3_object_lambda_event(gen: Gen, shorthands: dict[str, Any]) -> S3ObjectLambdaEvent:
    """A request through an Object Lambda access point: ``operation`` on ``key`` (or a list by ``prefix``)."""
    operation = choice(shorthands, "operation", OLAP_OPERATIONS, "GetObject")
    kind = choice(shorthands, "identity", OLAP_IDENTITIES, "IAMUser")
    listing = operation.startswith("List")
    if listing and "key" in shorthands:
        raise override_error(f"key applies to GetObject and HeadObject; {operation} takes prefix=")
    if not listing and "prefix" in shorthands:
        raise override_error(f"prefix applies to ListObjects and ListObjectsV2; {operation} takes key=")
    payload_value = shorthands.get("payload", {})
    payload = payload_value if isinstance(payload_value, str) else body_text(payload_value, field="payload")[0]
    now = gen.now_ms
    base = gen.pick("word")
    olap, supporting = f"{base}-object-lambda-ap", f"{base}-ap"
    suffix = gen.dns_suffix
    olap_host = f"{olap}-{gen.account_id}.s3-object-lambda.{gen.region}.{suffix}"
    ap_host = f"{supporting}-{gen.account_id}.s3-accesspoint.{gen.region}.{suffix}"
    identity = _olap_identity(gen, kind, now)
    if listing:
        prefix = shorthands.get("prefix", f"{gen.pick('word')}/")
        if not isinstance(prefix, str):
            raise override_error(f"prefix must be a str, got {prefix!r}")
        query = {"list-type": "2"} if operation == "ListObjectsV2" else {}
        if prefix:
            query["prefix"] = prefix
        path, request_query = "/", urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
    else:
        key = text(shorthands, "key", gen.key())
        path, request_query = "/" + _s3_path(key), ""
    # The input URL is presigned (SigV4 query parameters) for the supporting access point, valid 61 seconds.
    stamp = datetime.fromtimestamp(now // 1000, tz=timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    credential = f"ASIA{gen.token(16, UPPER_ALNUM)}/{stamp[:8]}/{gen.region}/s3/aws4_request"
    # Base64 and the credential scope only need '+', '/' and '=' escaped (urlencode is slow on long tokens).
    token = ("IQoJb3JpZ2luX2Vj" + b64(gen.random.randbytes(240))).translate(_QUERY_ESCAPES)
    presign = (
        f"X-Amz-Security-Token={token}&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={stamp}"
        f"&X-Amz-SignedHeaders=host&X-Amz-Expires=61&X-Amz-Credential={credential.translate(_QUERY_ESCAPES)}"
        f"&X-Amz-Signature={gen.hex(64)}"
    )
    input_url = f"https://{ap_host}{path}?{request_query + '&' if request_query else ''}{presign}"
    headers = {"Host": olap_host, "Accept-Encoding": "identity", "X-Amz-Content-SHA256": _EMPTY_SHA256}
    headers.update(strings(shorthands, "headers"))
    request_id = gen.uuid()
    # The operation's context comes second, as S3 sends it.
    event: S3ObjectLambdaEvent
    if operation == "GetObject":
        event = {
            "xAmzRequestId": request_id,
            "getObjectContext": {
                "inputS3Url": input_url,
                "outputRoute": f"io-{_region_code(gen.region)}-{gen.integer(1, 12):03d}",
                "outputToken": b64(gen.random.randbytes(96)),
            },
        }  # type: ignore[typeddict-item]
    elif operation == "HeadObject":
        event = {"xAmzRequestId": request_id, "headObjectContext": {"inputS3Url": input_url}}  # type: ignore[typeddict-item]
    elif operation == "ListObjects":
        event = {"xAmzRequestId": request_id, "listObjectsContext": {"inputS3Url": input_url}}  # type: ignore[typeddict-item]
    else:
        event = {"xAmzRequestId": request_id, "listObjectsV2Context": {"inputS3Url": input_url}}  # type: ignore[typeddict-item]
    event["configuration"] = {
        "accessPointArn": gen.arn("s3-object-lambda", f"accesspoint/{olap}"),
        "supportingAccessPointArn": gen.arn("s3", f"accesspoint/{supporting}"),
        "payload": payload,
    }
    event["userRequest"] = {
        "url": f"https://{olap_host}{path}{'?' + request_query if request_query else ''}",
        "headers": headers,
    }
    event["userIdentity"] = identity
    event["protocolVersion"] = _OLAP_PROTOCOLS[operation]
    return event


register(
    EventSource(
        "s3_object_lambda",
        "An Amazon S3 Object Lambda access point transforming a GetObject, HeadObject or List request",
        s3_object_lambda_event,  # type: ignore[arg-type]
        OLAP_SHORTHANDS,
        docs="https://docs.aws.amazon.com/AmazonS3/latest/userguide/olap-event-context.html",
        variants={
            "operation": " | ".join(OLAP_OPERATIONS) + " (default GetObject)",
            "identity": "IAMUser (default) | AssumedRole (temporary credentials: sessionContext)",
        },
    )
)
