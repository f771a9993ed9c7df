"""Events that aws-lambda-powertools describes and no other module of this package builds.

Each source cites the AWS page that documents its event:

- ``appsync_events``: an AWS AppSync Events API channel namespace's direct Lambda integration (onPublish,
  onSubscribe). https://docs.aws.amazon.com/appsync/latest/eventapi/direct-lambda-integrations.html and
  https://docs.aws.amazon.com/appsync/latest/eventapi/context-reference.html (identity, request, info, events).
- ``appsync_authorizer``: an AppSync GraphQL API's AWS_LAMBDA authorizer.
  https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#aws-lambda-authorization
- ``bedrock_agent_function``: a Bedrock agent action group defined by function details.
  https://docs.aws.amazon.com/bedrock/latest/userguide/agents-lambda.html
- ``firehose_sqs``: Amazon Data Firehose records whose data is an SQS message (put there by, for example,
  an EventBridge Pipe from a queue to a delivery stream), sent for transformation.
  https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html and
  https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-sqs.html (the message as a pipe reads it).
- ``cloudwatch_dashboard_widget``: a CloudWatch dashboard custom widget.
  https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/add_custom_widget_dashboard_about.html
- ``transfer_family_authorizer``: an AWS Transfer Family server's custom identity provider.
  https://docs.aws.amazon.com/transfer/latest/userguide/custom-lambda-idp.html
- ``s3_object_lambda``: an S3 Object Lambda access point's GetObject, HeadObject, ListObjects or
  ListObjectsV2 request. https://docs.aws.amazon.com/AmazonS3/latest/userguide/olap-event-context.html
- ``iot_custom_authorizer``: an AWS IoT Core custom authorizer.
  https://docs.aws.amazon.com/iot/latest/developerguide/custom-auth-lambda.html and
  https://docs.aws.amazon.com/iot/latest/developerguide/custom-auth.html (what each protocol passes).
- ``iot_registry``: an AWS IoT registry event (things, thing types, thing groups) delivered by a topic rule.
  https://docs.aws.amazon.com/iot/latest/developerguide/registry-events.html
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import struct
import urllib.parse
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Literal, TypedDict

from pytest_lambda.events._common import (
    ALNUM,
    LOWER_ALNUM,
    UPPER_ALNUM,
    URLSAFE,
    Gen,
    b64,
    body_text,
    choice,
    deep_merge,
    flag,
    override_error,
    record_overrides,
    split_overrides,
    strings,
    text,
    trace_header,
)
from pytest_lambda.events._registry import EventSource, register
from pytest_lambda.events.appsync import _identity as _appsync_identity
from pytest_lambda.events.bedrock_agent import BedrockAgentInfo, BedrockAgentProperty, bedrock_properties
from pytest_lambda.events.kinesis import sequence_numbers
from pytest_lambda.events.sqs import SQSMessageAttribute, SQSRecord, queue_name, sqs_record

__all__ = [
    "AppSyncAuthorizerEvent",
    "AppSyncAuthorizerRequestContext",
    "AppSyncEventsChannel",
    "AppSyncEventsEvent",
    "AppSyncEventsIncomingEvent",
    "AppSyncEventsInfo",
    "AppSyncEventsNamespace",
    "AppSyncEventsRequest",
    "BedrockAgentFunctionEvent",
    "CloudWatchWidgetContext",
    "CloudWatchWidgetEvent",
    "CloudWatchWidgetTimeRange",
    "CloudWatchWidgetTimeZone",
    "CloudWatchWidgetZoom",
    "FirehoseSqsEvent",
    "FirehoseSqsMessage",
    "FirehoseSqsRecord",
    "IoTConnectionMetadata",
    "IoTCustomAuthorizerEvent",
    "IoTProtocolData",
    "IoTProtocolDataHttp",
    "IoTProtocolDataMqtt",
    "IoTProtocolDataTls",
    "IoTRegistryEvent",
    "S3ObjectLambdaConfiguration",
    "S3ObjectLambdaEvent",
    "S3ObjectLambdaGetObjectContext",
    "S3ObjectLambdaInputContext",
    "S3ObjectLambdaSessionAttributes",
    "S3ObjectLambdaSessionContext",
    "S3ObjectLambdaSessionIssuer",
    "S3ObjectLambdaUserIdentity",
    "S3ObjectLambdaUserRequest",
    "TransferFamilyAuthorizerEvent",
    "appsync_authorizer_event",
    "appsync_events_event",
    "bedrock_agent_function_event",
    "cloudwatch_dashboard_widget_event",
    "firehose_sqs_event",
    "iot_custom_authorizer_event",
    "iot_registry_event",
    "s3_object_lambda_event",
    "sqs_attributes_md5",
    "transfer_family_authorizer_event",
]


_ENTITIES = ("order", "invoice", "booking", "shipment", "ticket", "device")


# == AppSync Events API ===============================================================================


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


APPSYNC_EVENTS_OPERATIONS = ("PUBLISH", "SUBSCRIBE")
# API_KEY is the Event API's default authorization (the console creates an API key).
APPSYNC_EVENTS_AUTH = ("API_KEY", "AWS_IAM", "AMAZON_COGNITO_USER_POOLS", "OPENID_CONNECT", "AWS_LAMBDA")
# A publish request carries 1 to 5 events (https://docs.aws.amazon.com/appsync/latest/eventapi/publish-http.html).
APPSYNC_EVENTS_LIMIT = 5
APPSYNC_EVENTS_SHORTHANDS = ("operation", "channel", "events", "auth", "headers")
# Namespaces and channel segments: letters, digits and hyphens, 1 to 50 characters; a channel path has
# the namespace and up to four more segments; a subscription may end with the "*" wildcard.
_SEGMENT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?")


def _channel(gen: Gen, shorthands: Mapping[str, Any], operation: str) -> list[str]:
    value = shorthands.get("channel")
    if value is None:
        return ["default", f"{gen.pick('word')}-{gen.random.choice(_ENTITIES)}s"]
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
        "type": f"{gen.random.choice(_ENTITIES)}.{gen.random.choice(('created', 'updated', 'shipped'))}",
        "message": gen.pick("sentence"),
        "sender": gen.pick("email"),
        "sentAt": Gen.iso(gen.ms_ago(2_000)),
    }


def _published(gen: Gen, shorthands: Mapping[str, Any]) -> list[Any]:
    value = shorthands.get("events", 1)
    if isinstance(value, bool) or not isinstance(value, (int, list)):
        raise override_error(f"events must be a count or a list of the published JSON values, got {value!r}")
    payloads = [_default_payload(gen) for _ in range(value)] if isinstance(value, int) else list(value)
    if not 1 <= len(payloads) <= APPSYNC_EVENTS_LIMIT:
        raise override_error(f"a publish carries 1 to {APPSYNC_EVENTS_LIMIT} events, asked for {len(payloads)}")
    for payload in payloads:
        try:
            json.dumps(payload)
        except (TypeError, ValueError):
            raise override_error(f"each published event must be a JSON value, got {payload!r}") from None
    return payloads


def appsync_events_event(gen: Gen, shorthands: dict[str, Any]) -> AppSyncEventsEvent:
    """A channel namespace's handler invoked for a publish (``events``) or a subscribe on ``channel``."""
    operation = choice(shorthands, "operation", APPSYNC_EVENTS_OPERATIONS, "PUBLISH")
    auth = choice(shorthands, "auth", APPSYNC_EVENTS_AUTH, "API_KEY")
    segments = _channel(gen, shorthands, operation)
    if operation == "SUBSCRIBE" and "events" in shorthands:
        raise override_error("events applies to operation='PUBLISH' only (a subscribe carries no events)")
    payloads = _published(gen, shorthands) if operation == "PUBLISH" else []
    extra = strings(shorthands, "headers")
    client_ip = gen.pick("ipv4")
    identity: dict[str, Any] | None
    identity, auth_headers = _appsync_identity(gen, "API_KEY" if auth == "AWS_LAMBDA" else auth, client_ip)
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
        APPSYNC_EVENTS_SHORTHANDS,
        records_limit=APPSYNC_EVENTS_LIMIT,
        docs="https://docs.aws.amazon.com/appsync/latest/eventapi/direct-lambda-integrations.html",
        variants={
            "operation": "PUBLISH (default: events on the channel) | SUBSCRIBE (events is null)",
            "auth": " | ".join(APPSYNC_EVENTS_AUTH) + " (default API_KEY: identity is null)",
        },
    )
)


# == AppSync GraphQL Lambda authorizer ==================================================================


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


APPSYNC_AUTHORIZER_SHORTHANDS = ("token", "query", "operation_name", "variables", "headers")
_OPERATION = re.compile(r"\b(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


def _graphql_document(gen: Gen) -> tuple[str, str, dict[str, Any]]:
    entity = gen.random.choice(_ENTITIES)
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
        APPSYNC_AUTHORIZER_SHORTHANDS,
        docs="https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#aws-lambda-authorization",
    )
)


# == Bedrock agent function details =====================================================================


class BedrockAgentFunctionEvent(TypedDict):
    messageVersion: str
    agent: BedrockAgentInfo
    inputText: str
    sessionId: str
    actionGroup: str
    function: str
    parameters: list[BedrockAgentProperty]
    sessionAttributes: dict[str, str]
    promptSessionAttributes: dict[str, str]


BEDROCK_FUNCTION_SHORTHANDS = (
    "function",
    "parameters",
    "input_text",
    "action_group",
    "session_attributes",
    "prompt_session_attributes",
)
# Function names: letters, digits, '_' and '-', up to 64 (the agent's FunctionSchema).
_FUNCTION_NAME = re.compile(r"[0-9a-zA-Z][_0-9a-zA-Z-]{0,63}")


def bedrock_agent_function_event(gen: Gen, shorthands: dict[str, Any]) -> BedrockAgentFunctionEvent:
    """The agent calling one function of an action group with ``parameters`` (plain values)."""
    entity = gen.random.choice(_ENTITIES)
    reference = gen.digits(6)
    function = text(shorthands, "function", f"get{entity.title()}Status")
    if not _FUNCTION_NAME.fullmatch(function):
        raise override_error(f"function must be a function name (letters, digits, '_', '-'), got {function!r}")
    parameters: Any = shorthands.get("parameters", {f"{entity}Id": reference} if "function" not in shorthands else {})
    if not isinstance(parameters, Mapping):
        raise override_error(f"parameters must be a dict of parameter names to values, got {parameters!r}")
    default_text = (
        f"What is the status of {entity} {reference}?" if "function" not in shorthands else f"Please run {function}"
    )
    input_text = text(shorthands, "input_text", default_text)
    action_group = text(shorthands, "action_group", f"{entity.title()}ActionGroup")
    return {
        "messageVersion": "1.0",
        # The console's test alias (TSTALIASID) runs the working draft.
        "agent": {"name": f"{entity}-assistant", "id": gen.alnum(10), "alias": "TSTALIASID", "version": "DRAFT"},
        "inputText": input_text,
        "sessionId": gen.digits(15),
        "actionGroup": action_group,
        "function": function,
        "parameters": bedrock_properties(parameters),
        "sessionAttributes": strings(shorthands, "session_attributes"),
        "promptSessionAttributes": strings(shorthands, "prompt_session_attributes"),
    }


register(
    EventSource(
        "bedrock_agent_function",
        "An Amazon Bedrock agent's action group (function details) calling the function",
        bedrock_agent_function_event,  # type: ignore[arg-type]
        BEDROCK_FUNCTION_SHORTHANDS,
        docs="https://docs.aws.amazon.com/bedrock/latest/userguide/agents-lambda.html",
    )
)


# == Firehose records holding SQS messages ==============================================================


class FirehoseSqsMessage(SQSRecord, total=False):
    # The MD5 of the message attributes (null without attributes), as the queue reports it.
    md5OfMessageAttributes: str | None


class FirehoseSqsRecord(TypedDict):
    recordId: str
    approximateArrivalTimestamp: int  # epoch milliseconds
    data: str  # base64 of the SQS message's JSON


class FirehoseSqsEvent(TypedDict):
    invocationId: str
    deliveryStreamArn: str
    region: str
    records: list[FirehoseSqsRecord]


# Firehose documents no record count per invocation: its Lambda buffer (up to 3 MB) bounds it.
FIREHOSE_SQS_LIMIT = 10_000
FIREHOSE_SQS_RECORD_SHORTHANDS = ("body", "message_attributes")
FIREHOSE_SQS_SHORTHANDS = ("records", "delivery_stream", "queue", *FIREHOSE_SQS_RECORD_SHORTHANDS)
_FIREHOSE_RECORD_KEYS = frozenset(FirehoseSqsRecord.__annotations__)


def _length_prefixed(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def sqs_attributes_md5(attributes: Mapping[str, SQSMessageAttribute]) -> str | None:
    """SQS's MD5OfMessageAttributes: for each attribute by name, the length-prefixed name, data type,
    a transport byte (1 string, 2 binary) and the length-prefixed value; None without attributes.

    https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
    """
    if not attributes:
        return None
    digest = hashlib.md5()
    for name in sorted(attributes):
        attribute = attributes[name]
        digest.update(_length_prefixed(name.encode()) + _length_prefixed(attribute["dataType"].encode()))
        if "binaryValue" in attribute:
            digest.update(b"\x02" + _length_prefixed(base64.b64decode(attribute["binaryValue"])))
        else:
            digest.update(b"\x01" + _length_prefixed(attribute.get("stringValue", "").encode()))
    return digest.hexdigest()


def _firehose_sqs_record(
    gen: Gen, overrides: dict[str, Any], *, queue: str, record_id: str, sent_ms: int
) -> FirehoseSqsRecord:
    short, fields = split_overrides(
        _FIREHOSE_RECORD_KEYS, overrides, FIREHOSE_SQS_RECORD_SHORTHANDS, "Firehose SQS record"
    )
    if "body" in short:
        body_text(short["body"])  # the same rules as the sqs source's body
    record = sqs_record(gen, {"queue": queue, **short}, sent_ms=sent_ms)
    message: FirehoseSqsMessage = {**record, "md5OfMessageAttributes": sqs_attributes_md5(record["messageAttributes"])}
    received = int(record["attributes"]["ApproximateFirstReceiveTimestamp"])
    firehose: FirehoseSqsRecord = {
        "recordId": record_id,
        # The pipe reads the message, then puts it to the delivery stream.
        "approximateArrivalTimestamp": min(received + gen.integer(5, 400), gen.now_ms),
        "data": b64(json.dumps(message, separators=(",", ":"))),
    }
    deep_merge(firehose, fields, "records[]")  # type: ignore[arg-type]
    return firehose


def firehose_sqs_event(gen: Gen, shorthands: dict[str, Any]) -> FirehoseSqsEvent:
    """A transformation batch whose records are SQS messages (``body``, ``message_attributes``) of one queue."""
    per_record = {k: v for k, v in shorthands.items() if k in FIREHOSE_SQS_RECORD_SHORTHANDS}
    items = record_overrides(shorthands.get("records", 1), FIREHOSE_SQS_LIMIT, "Firehose SQS")
    queue = queue_name(gen, {k: v for k, v in shorthands.items() if k == "queue"})
    stream = text(shorthands, "delivery_stream", f"{gen.pick('word')}-sqs-delivery-stream")
    record_ids = sequence_numbers(gen, len(items))
    sent = gen.ms_ago(60_000)
    return {
        "invocationId": gen.uuid(),
        "deliveryStreamArn": gen.arn("firehose", f"deliverystream/{stream}"),
        "region": gen.region,
        "records": [
            _firehose_sqs_record(
                gen, {**per_record, **item}, queue=queue, record_id=record_ids[i], sent_ms=sent + 7 * i
            )
            for i, item in enumerate(items)
        ],
    }


register(
    EventSource(
        "firehose_sqs",
        "Amazon Data Firehose records holding SQS messages, sent to a Lambda for transformation",
        firehose_sqs_event,  # type: ignore[arg-type]
        FIREHOSE_SQS_SHORTHANDS,
        records_limit=FIREHOSE_SQS_LIMIT,
        docs="https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html",
    )
)


# == CloudWatch dashboard custom widget =================================================================


class CloudWatchWidgetTimeZone(TypedDict):
    label: str  # "UTC" or "Local"
    offsetISO: str  # "+00:00"
    offsetInMinutes: int


class CloudWatchWidgetZoom(TypedDict):
    start: int
    end: int


class _CloudWatchWidgetTimeRangeBase(TypedDict):
    mode: Literal["relative", "absolute"]
    start: int  # epoch milliseconds
    end: int
    zoom: CloudWatchWidgetZoom


class CloudWatchWidgetTimeRange(_CloudWatchWidgetTimeRangeBase, total=False):
    relativeStart: int  # for a relative range: how far back it starts, in milliseconds


class CloudWatchWidgetContext(TypedDict):
    dashboardName: str
    widgetId: str
    domain: str
    accountId: str
    locale: str
    timezone: CloudWatchWidgetTimeZone
    period: int
    isAutoPeriod: bool
    timeRange: CloudWatchWidgetTimeRange
    theme: Literal["light", "dark"]
    linkCharts: bool
    title: str
    forms: dict[str, dict[str, Any]]  # {"all": the widget's form fields}
    params: dict[str, Any]
    width: int
    height: int


class CloudWatchWidgetEvent(TypedDict, total=False):
    """The event: the widget's ``params`` at the top level too, beside ``widgetContext``."""

    describe: bool  # set when the console asks the function to document itself
    widgetContext: CloudWatchWidgetContext


WIDGET_TIME_RANGES = ("relative", "absolute")
WIDGET_THEMES = ("light", "dark")
WIDGET_SHORTHANDS = ("params", "dashboard", "title", "forms", "time_range", "theme", "describe")
_HOUR_MS = 3_600_000
_RELATIVE_RANGES_MS = (_HOUR_MS, 3 * _HOUR_MS, 12 * _HOUR_MS, 24 * _HOUR_MS, 7 * 24 * _HOUR_MS)


def cloudwatch_dashboard_widget_event(gen: Gen, shorthands: dict[str, Any]) -> dict[str, Any]:
    """A dashboard rendering a custom widget: its ``params`` (top level and in widgetContext) and context."""
    params = shorthands.get("params", {"metric": gen.random.choice(("Errors", "Latency", "Invocations"))})
    if not isinstance(params, Mapping) or not all(isinstance(k, str) for k in params):
        raise override_error(f"params must be a dict of the widget's parameters, got {params!r}")
    reserved = sorted({"widgetContext", "describe"} & set(params))
    if reserved:
        raise override_error(f"params cannot use the name {reserved[0]!r}: CloudWatch puts its own field there")
    forms = shorthands.get("forms", {})
    if not isinstance(forms, Mapping):
        raise override_error(f"forms must be a dict of the widget's form fields, got {forms!r}")
    mode = choice(shorthands, "time_range", WIDGET_TIME_RANGES, "relative")
    theme = choice(shorthands, "theme", WIDGET_THEMES, "light")
    describe = flag(shorthands, "describe", False)
    end = gen.now_ms - gen.integer(0, 1_000)
    length = gen.random.choice(_RELATIVE_RANGES_MS)
    start = end - length
    # A zoom narrows the range to a window inside it.
    zoom_start = start + gen.integer(0, length // 2)
    zoom_end = min(end, zoom_start + gen.integer(length // 10, length // 2))
    time_range: CloudWatchWidgetTimeRange = {
        "mode": "relative" if mode == "relative" else "absolute",
        "start": start,
        "end": end,
        "zoom": {"start": zoom_start, "end": zoom_end},
    }
    if mode == "relative":
        time_range["relativeStart"] = length
    context: CloudWatchWidgetContext = {
        "dashboardName": text(shorthands, "dashboard", f"{gen.pick('word')}-{gen.pick('word')}-dashboard"),
        "widgetId": f"widget-{gen.integer(1, 40)}",
        "domain": f"https://{gen.region}.console.aws.amazon.com",
        "accountId": gen.account_id,
        "locale": "en",
        "timezone": {"label": "UTC", "offsetISO": "+00:00", "offsetInMinutes": 0},
        "period": 300,  # seconds; the auto period of a short range
        "isAutoPeriod": True,
        "timeRange": time_range,
        "theme": "light" if theme == "light" else "dark",
        "linkCharts": True,
        "title": text(shorthands, "title", f"{gen.pick('word').title()} {gen.pick('word')} report"),
        "forms": {"all": dict(forms)},
        "params": copy.deepcopy(dict(params)),  # its own copy: the top-level params are another
        "width": gen.integer(300, 1_200),
        "height": gen.integer(200, 800),
    }
    event: dict[str, Any] = dict(params)
    if describe:
        event["describe"] = True
    event["widgetContext"] = context
    return event


register(
    EventSource(
        "cloudwatch_dashboard_widget",
        "A CloudWatch dashboard custom widget rendered by a Lambda function",
        cloudwatch_dashboard_widget_event,
        WIDGET_SHORTHANDS,
        aliases=("cloudwatch_custom_widget",),
        docs="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/add_custom_widget_dashboard_about.html",
        variants={"time_range": " | ".join(WIDGET_TIME_RANGES), "theme": " | ".join(WIDGET_THEMES)},
    )
)


# == Transfer Family custom identity provider ===========================================================


class TransferFamilyAuthorizerEvent(TypedDict):
    username: str
    password: str  # empty when the user authenticates with an SSH key
    protocol: Literal["SFTP", "FTP", "FTPS"]
    serverId: str
    sourceIp: str


TRANSFER_PROTOCOLS = ("SFTP", "FTP", "FTPS")
TRANSFER_AUTH = ("password", "public_key")
TRANSFER_SHORTHANDS = ("username", "password", "protocol", "auth", "server_id", "source_ip")
_SERVER_ID = re.compile(r"s-[0-9a-f]{17}")


def transfer_family_authorizer_event(gen: Gen, shorthands: dict[str, Any]) -> TransferFamilyAuthorizerEvent:
    """A user signing in to a Transfer Family server with a password or (SFTP only) an SSH key."""
    protocol = choice(shorthands, "protocol", TRANSFER_PROTOCOLS, "SFTP")
    auth = choice(shorthands, "auth", TRANSFER_AUTH, "password")
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
        TRANSFER_SHORTHANDS,
        aliases=("transfer_family_idp",),
        docs="https://docs.aws.amazon.com/transfer/latest/userguide/custom-lambda-idp.html",
        variants={
            "protocol": " | ".join(TRANSFER_PROTOCOLS),
            "auth": "password (default) | public_key (SFTP only: an SSH key sign-in, password is '')",
        },
    )
)


# == S3 Object Lambda ===================================================================================


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


# == IoT Core custom authorizer =========================================================================


class IoTProtocolDataTls(TypedDict):
    serverName: str  # the TLS SNI host name


class IoTProtocolDataHttp(TypedDict):
    headers: dict[str, str]
    queryString: str  # "?name=value", as the request carried it


class IoTProtocolDataMqtt(TypedDict, total=False):
    username: str
    password: str  # base64
    clientId: str  # only when the device sends one


class IoTProtocolData(TypedDict, total=False):
    tls: IoTProtocolDataTls
    http: IoTProtocolDataHttp
    mqtt: IoTProtocolDataMqtt


class IoTConnectionMetadata(TypedDict):
    id: str


class _IoTCustomAuthorizerEventBase(TypedDict):
    signatureVerified: bool
    protocols: list[str]
    protocolData: IoTProtocolData
    connectionMetadata: IoTConnectionMetadata


class IoTCustomAuthorizerEvent(_IoTCustomAuthorizerEventBase, total=False):
    token: str  # when the device passed a token under the authorizer's token key name


# How the device connects: MQTT (TLS), HTTPS publish, or MQTT over a WebSocket (an HTTP upgrade).
IOT_PROTOCOLS = ("mqtt", "https", "mqtt_wss")
IOT_AUTHORIZER_SHORTHANDS = (
    "protocol",
    "token",
    "signature_verified",
    "username",
    "password",
    "client_id",
    "headers",
    "authorizer",
)
_TOKEN_KEY = "x-token"  # the authorizer's TokenKeyName


def iot_custom_authorizer_event(gen: Gen, shorthands: dict[str, Any]) -> IoTCustomAuthorizerEvent:
    """A device connecting with custom authentication: its ``token`` or MQTT ``username``/``password``."""
    protocol = choice(shorthands, "protocol", IOT_PROTOCOLS, "mqtt")
    verified = flag(shorthands, "signature_verified", False)
    authorizer = text(shorthands, "authorizer", f"{gen.pick('word')}-authorizer")
    if protocol == "https" and any(k in shorthands for k in ("username", "password", "client_id")):
        raise override_error("username, password and client_id apply to protocol='mqtt' or 'mqtt_wss' (MQTT CONNECT)")
    if protocol == "mqtt" and "headers" in shorthands:
        raise override_error("headers apply to protocol='https' or 'mqtt_wss' (an HTTP request)")
    # HTTP requests carry the token in a header; an MQTT device sends one only if it chooses to.
    token: str | None = None
    if "token" in shorthands or protocol != "mqtt":
        token = text(shorthands, "token", gen.token(40, URLSAFE))
    endpoint = f"{gen.token(14, LOWER_ALNUM)}-ats.iot.{gen.region}.{gen.dns_suffix}"
    signature = b64(gen.random.randbytes(256)) if verified else None
    data: IoTProtocolData = {"tls": {"serverName": endpoint}}
    protocols = ["tls"]
    if protocol != "mqtt":
        headers = {
            "host": endpoint,
            "user-agent": gen.pick("user_agent"),
            "x-amz-customauthorizer-name": authorizer,
            _TOKEN_KEY: token or "",
        }
        if signature is not None:
            headers["x-amz-customauthorizer-signature"] = signature
        if protocol == "mqtt_wss":
            headers |= {"connection": "Upgrade", "upgrade": "websocket", "sec-websocket-protocol": "mqtt"}
        headers.update(strings(shorthands, "headers"))
        query = "?qos=1" if protocol == "https" else ""  # HTTPS publish: POST /topics/<topic>?qos=1
        data["http"] = {"headers": headers, "queryString": query}
        protocols.append("http")
    if protocol != "https":
        mqtt: IoTProtocolDataMqtt = {}
        if "username" in shorthands or protocol == "mqtt":
            user = text(shorthands, "username", f"{gen.pick('word')}-device-{gen.digits(4)}")
            if protocol == "mqtt":
                # Over MQTT, the authorizer name (and a token) ride in the username's query string.
                extra = {"x-amz-customauthorizer-name": authorizer}
                if token is not None:
                    extra[_TOKEN_KEY] = token
                if signature is not None:
                    extra["x-amz-customauthorizer-signature"] = signature
                user = f"{user}?{urllib.parse.urlencode(extra)}"
            mqtt["username"] = user
        if "password" in shorthands or protocol == "mqtt":
            raw = shorthands.get("password", gen.token(24, ALNUM))
            if not isinstance(raw, (str, bytes, bytearray)):
                raise override_error(f"password must be a str or bytes (sent base64-encoded), got {raw!r}")
            mqtt["password"] = b64(bytes(raw) if isinstance(raw, (bytes, bytearray)) else raw)
        client_id = shorthands.get("client_id", f"{gen.pick('word')}-{gen.hex(8)}")
        if client_id is not None:
            if not isinstance(client_id, str) or not client_id:
                raise override_error(
                    f"client_id must be a non-empty str, or None when the device sends none, got {client_id!r}"
                )
            mqtt["clientId"] = client_id
        data["mqtt"] = mqtt
        protocols.append("mqtt")
    event: IoTCustomAuthorizerEvent = {
        "signatureVerified": verified,
        "protocols": protocols,
        "protocolData": data,
        "connectionMetadata": {"id": gen.uuid()},
    }
    if token is not None:
        event = {"token": token, **event}
    return event


register(
    EventSource(
        "iot_custom_authorizer",
        "An AWS IoT Core custom authorizer (a device connecting with custom authentication)",
        iot_custom_authorizer_event,  # type: ignore[arg-type]
        IOT_AUTHORIZER_SHORTHANDS,
        docs="https://docs.aws.amazon.com/iot/latest/developerguide/custom-auth-lambda.html",
        variants={
            "protocol": "mqtt (default: tls+mqtt) | https (tls+http: HTTPS publish) | mqtt_wss (tls+http+mqtt)",
            "signature_verified": "False (default) | True (token signing on: the gateway checked the signature)",
        },
    )
)


# == IoT registry events ================================================================================

IoTRegistryEvent = dict[str, Any]  # one of the six registry messages, by eventType

IOT_REGISTRY_TYPES = (
    "THING_EVENT",
    "THING_TYPE_EVENT",
    "THING_TYPE_ASSOCIATION_EVENT",
    "THING_GROUP_EVENT",
    "THING_GROUP_MEMBERSHIP_EVENT",
    "THING_GROUP_HIERARCHY_EVENT",
)
_CRUD = ("CREATED", "UPDATED", "DELETED")
_ADD_REMOVE = ("ADDED", "REMOVED")
_OPERATIONS = {
    "THING_EVENT": _CRUD,
    "THING_TYPE_EVENT": _CRUD,
    "THING_TYPE_ASSOCIATION_EVENT": _ADD_REMOVE,
    "THING_GROUP_EVENT": _CRUD,
    "THING_GROUP_MEMBERSHIP_EVENT": _ADD_REMOVE,
    "THING_GROUP_HIERARCHY_EVENT": _ADD_REMOVE,
}
IOT_REGISTRY_SHORTHANDS = ("event_type", "operation", "thing_name", "thing_type", "group", "attributes")
_THING_NAME = re.compile(r"[a-zA-Z0-9:_-]{1,128}")


def _attributes(gen: Gen, shorthands: Mapping[str, Any]) -> dict[str, str]:
    if "attributes" not in shorthands:
        return {
            "model": f"{gen.pick('word')}-{gen.integer(1, 9)}",
            "firmware": f"{gen.integer(1, 4)}.{gen.integer(0, 20)}",
        }
    return strings(shorthands, "attributes")


def _registry_name(shorthands: Mapping[str, Any], name: str, default: str) -> str:
    value = text(shorthands, name, default)
    if not _THING_NAME.fullmatch(value):
        raise override_error(f"{name} must be 1 to 128 letters, digits, ':', '_' or '-', got {value!r}")
    return value


def iot_registry_event(gen: Gen, shorthands: dict[str, Any]) -> IoTRegistryEvent:
    """A registry message (``event_type``, ``operation``) about a thing, thing type or thing group."""
    event_type = choice(shorthands, "event_type", IOT_REGISTRY_TYPES, "THING_EVENT")
    valid = _OPERATIONS[event_type]
    operation = choice(shorthands, "operation", valid, valid[0])
    for name, applies in (
        ("thing_name", ("THING_EVENT", "THING_TYPE_ASSOCIATION_EVENT", "THING_GROUP_MEMBERSHIP_EVENT")),
        ("thing_type", ("THING_EVENT", "THING_TYPE_EVENT", "THING_TYPE_ASSOCIATION_EVENT")),
        ("group", ("THING_GROUP_EVENT", "THING_GROUP_MEMBERSHIP_EVENT", "THING_GROUP_HIERARCHY_EVENT")),
        ("attributes", ("THING_EVENT", "THING_GROUP_EVENT")),
    ):
        if name in shorthands and event_type not in applies:
            raise override_error(f"{name} applies to event_type {', '.join(map(repr, applies))}, not {event_type!r}")
    word = gen.pick("word")
    thing = _registry_name(shorthands, "thing_name", f"{word}-sensor-{gen.digits(4)}")
    thing_type = _registry_name(shorthands, "thing_type", f"{word.title()}Sensor")
    group = _registry_name(shorthands, "group", f"{gen.pick('city').replace(' ', '')}-{word}s")
    # Registry messages carry epoch milliseconds (https://docs.aws.amazon.com/iot/latest/developerguide/registry-events.html).
    head: dict[str, Any] = {
        "eventType": event_type,
        "eventId": gen.uuid(),
        "timestamp": gen.ms_ago(1_000),
        "operation": operation,
    }
    version = 1 if operation == "CREATED" else gen.integer(2, 12)
    if event_type == "THING_EVENT":
        thing_type_name = shorthands.get("thing_type", thing_type if gen.random.random() < 0.5 else None)
        return {
            **head,
            "accountId": gen.account_id,
            "thingId": gen.uuid(),
            "thingName": thing,
            "versionNumber": version,
            "thingTypeName": thing_type_name,
            "attributes": _attributes(gen, shorthands),
        }
    if event_type == "THING_TYPE_EVENT":
        return {
            **head,
            "accountId": gen.account_id,
            "thingTypeId": gen.uuid(),
            "thingTypeName": thing_type,
            "isDeprecated": False,
            "deprecationDate": None,
            "searchableAttributes": ["model", "firmware"],
            "propagatingAttributes": [
                {"userPropertyKey": "model", "thingAttribute": "model"},
                {"userPropertyKey": "clientId", "connectionAttribute": "iot:ClientId"},
            ],
            "description": f"{thing_type} devices",
        }
    if event_type == "THING_TYPE_ASSOCIATION_EVENT":
        return {**head, "thingId": gen.uuid(), "thingName": thing, "thingTypeName": thing_type}
    group_id = gen.uuid()
    if event_type == "THING_GROUP_EVENT":
        # A nested group names its parent; rootToParentThingGroups runs from the root down to that parent.
        depth = gen.integer(0, 2)
        ancestors = [
            (f"{gen.pick('word')}-fleet" if i == 0 else f"{gen.pick('word')}-zone-{i}", gen.uuid())
            for i in range(depth)
        ]
        return {
            **head,
            "accountId": gen.account_id,
            "thingGroupId": group_id,
            "thingGroupName": group,
            "versionNumber": version,
            "parentGroupName": ancestors[-1][0] if ancestors else None,
            "parentGroupId": ancestors[-1][1] if ancestors else None,
            "description": f"Devices of {group}",
            "rootToParentThingGroups": [
                {"groupArn": gen.arn("iot", f"thinggroup/{name}"), "groupId": ident} for name, ident in ancestors
            ],
            "attributes": _attributes(gen, shorthands),
            "dynamicGroupMappingId": None,
        }
    if event_type == "THING_GROUP_MEMBERSHIP_EVENT":
        return {
            **head,
            "accountId": gen.account_id,
            "groupArn": gen.arn("iot", f"thinggroup/{group}"),
            "groupId": group_id,
            "thingArn": gen.arn("iot", f"thing/{thing}"),
            "thingId": gen.uuid(),
            "membershipId": gen.uuid(),
        }
    return {
        **head,
        "accountId": gen.account_id,
        "thingGroupId": group_id,
        "thingGroupName": group,
        "childGroupId": gen.uuid(),
        "childGroupName": f"{group}-{gen.pick('word')}",
    }


register(
    EventSource(
        "iot_registry",
        "An AWS IoT registry event (thing, thing type or thing group change) from a topic rule",
        iot_registry_event,
        IOT_REGISTRY_SHORTHANDS,
        aliases=("iot_registry_events",),
        docs="https://docs.aws.amazon.com/iot/latest/developerguide/registry-events.html",
        variants={
            "event_type": " | ".join(IOT_REGISTRY_TYPES) + " (default THING_EVENT)",
            "operation": "CREATED | UPDATED | DELETED (thing, thing type, thing group); "
            "ADDED | REMOVED (type association, group membership, group hierarchy)",
        },
    )
)
