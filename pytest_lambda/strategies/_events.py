"""``events(source, **field_strategies)``: hypothesis strategies drawing valid events through the factories.

Every example is ``make_event(source, seed=<drawn>, **<drawn shorthands>)``: the factory derives the
coherent fields (md5OfBody, base64, gzip, attribute values, multi-value pairs) from the drawn
shorthands, and the drawn seed varies the rest. The defaults below shrink toward a readable event:
one record, ``""`` bodies, no extra headers or query parameters, the first variant, seed 0.

Speed: hypothesis's engine costs each example about 0.5 ms on a slow machine, and every drawn value
more, so the defaults draw few values, flat, and the seed first (``bench/README.md``).
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from pytest_lambda.events._build import build
from pytest_lambda.events._common import split_overrides
from pytest_lambda.events._registry import resolve

# Batches shrink fastest and read best when small: by default at most 10 records (SQS's default
# BatchSize; https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html). A records= strategy may
# ask for more, up to the source's own limit, which the factory enforces.
DEFAULT_MAX_RECORDS = 10
SEEDS = st.integers(0, 2**32 - 1)
# Above this many records a batch's records are left to the factory (drawing each would exceed
# what one hypothesis example can hold); the batch size is still drawn.
LARGE_BATCH = 100


class _Omit:
    """A drawn value meaning "leave this shorthand out": the factory's own default applies."""

    def __repr__(self) -> str:
        return "OMIT"


OMIT: Any = _Omit()

# -- default value strategies -------------------------------------------------------------------------

# The characters SQS accepts in a message: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD |
# #x10000 to #x10FFFF (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
# Every text payload uses it, so a body is valid whichever service carries it.
_MESSAGE_CHARS = st.characters(
    exclude_categories=("Cs", "Cc"), include_characters="\t\n\r", exclude_characters="\ufffe\uffff"
)
_NAME_CHARS = string.ascii_letters + string.digits


def _texts(max_size: int = 24) -> st.SearchStrategy[str]:
    return st.text(_MESSAGE_CHARS, max_size=max_size)


# Every example pays hypothesis per draw (a span, validation, mutation bookkeeping: tens of µs each
# on a slow machine), so the defaults are draw functions called inline: a count or a kind, then that
# many flat draws, instead of nested dictionaries/lists/one_of layers costing several draws per
# value. They shrink the same way: counts and kinds go to 0, text to "".
Draw = Callable[[st.SearchStrategy[Any]], Any]
_NAMES = st.text(_NAME_CHARS, min_size=1, max_size=8)
_SHORT_TEXTS = _texts(12)
_TEXTS = _texts()
_KINDS = {n: st.integers(0, n) for n in range(1, 8)}
_INT32 = st.integers(-(2**31), 2**31)
_BOOLEANS = st.booleans()
_BYTES = st.binary(max_size=32)


def draw_json_object(draw: Draw) -> dict[str, Any]:
    """Up to 2 keys of JSON scalars (text, 32-bit integers, booleans, null): what most payloads carry.

    Random key names rarely match the ones a handler reads, so more keys add cost, not bugs; pass
    ``body=st.fixed_dictionaries({...})`` (or ``st.from_type(MyPayload)``) to fuzz your payload's fields.
    """
    out: dict[str, Any] = {}
    for _ in range(draw(_KINDS[2])):
        name, kind = draw(_NAMES), draw(_KINDS[3])
        out[name] = (
            draw(_SHORT_TEXTS) if kind == 0 else draw(_INT32) if kind == 1 else draw(_BOOLEANS) if kind == 2 else None
        )
    return out


def draw_body(draw: Draw) -> Any:
    """A text body (SQS, SNS and HTTP bodies are text): a string (shrinking to ``""``) or a JSON object.

    Binary bodies are opt-in (``body=st.binary() | st.text()``): a failing example found among bytes
    cannot shrink across to text (hypothesis's choices differ in kind), which left base64 noise where
    a one-character body explains the failure.
    """
    return draw_json_object(draw) if draw(_KINDS[1]) else draw(_TEXTS)


def draw_optional_body(draw: Draw) -> Any:
    """No body (what it shrinks to), or a text or JSON body."""
    kind = draw(_KINDS[2])
    return OMIT if kind == 0 else draw(_TEXTS) if kind == 1 else draw_json_object(draw)


def draw_data(draw: Draw) -> Any:
    """A record's data (Kinesis, Firehose, Kafka, MQ carry bytes, base64 in the event): text, JSON or bytes."""
    kind = draw(_KINDS[2])
    return draw(_TEXTS) if kind == 0 else draw_json_object(draw) if kind == 1 else draw(_BYTES)


# Header names are RFC 9110 tokens; values are visible characters, inner spaces allowed.
_HEADER_VALUES = st.text(string.ascii_letters + string.digits + string.punctuation + " ", max_size=16)


def draw_headers(draw: Draw) -> dict[str, str]:
    """No or one custom request header: an ``X-`` name (so it never replaces the service's own)."""
    return {f"X-{draw(_NAMES)}": draw(_HEADER_VALUES).strip() for _ in range(draw(_KINDS[1]))}


def draw_queries(draw: Draw) -> dict[str, Any]:
    """No or one query parameter: one value or 1-2 repeated values, any text (the factory percent-encodes)."""
    out: dict[str, Any] = {}
    for _ in range(draw(_KINDS[1])):
        name, repeats = draw(_NAMES), draw(_KINDS[2])
        out[name] = draw(_SHORT_TEXTS) if repeats == 0 else [draw(_SHORT_TEXTS) for _ in range(repeats)]
    return out


_KEY_STRINGS = st.text(_NAME_CHARS, min_size=1, max_size=12)
_KEY_NUMBERS = st.integers(0, 10**12)
_NUMBERS = st.integers(-(10**15), 10**15)
_BINARY = st.binary(min_size=1, max_size=8)


def _draw_attribute(draw: Draw, nested: bool) -> Any:
    """One attribute value of any DynamoDB type (S, N, BOOL, NULL, B, SS; L and M one level deep)."""
    kind = draw(_KINDS[7 if nested else 5])
    if kind == 0:
        return draw(_SHORT_TEXTS)
    if kind == 1:
        return draw(_NUMBERS)
    if kind == 2:
        return draw(_BOOLEANS)
    if kind == 3:
        return None
    if kind == 4:
        return draw(_BINARY)
    if kind == 5:
        return frozenset(draw(_NAMES) for _ in range(1 + draw(_KINDS[2])))
    if kind == 6:
        return [_draw_attribute(draw, False) for _ in range(draw(_KINDS[2]))]
    return {draw(_NAMES): _draw_attribute(draw, False) for _ in range(draw(_KINDS[2]))}


def draw_item(draw: Draw) -> dict[str, Any]:
    """A DynamoDB item as plain values: a key attribute ``id`` first, then up to 2 attributes of every type.

    Key attributes are non-empty strings or numbers (DynamoDB refuses empty key strings:
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html);
    numbers stay within DynamoDB's 38 digits of precision.
    """
    item: dict[str, Any] = {"id": draw(_KEY_NUMBERS) if draw(_BOOLEANS) else draw(_KEY_STRINGS)}
    for _ in range(draw(_KINDS[2])):
        # setdefault: an attribute drawn as "id" leaves the key alone.
        item.setdefault(draw(_NAMES), _draw_attribute(draw, True))
    return item


def bodies() -> st.SearchStrategy[Any]:
    """The default body of a batch's first record, for every record: ``sqs_events(body=bodies())``."""
    return st.composite(draw_body)()


def json_objects() -> st.SearchStrategy[dict[str, Any]]:
    """Small JSON objects: up to 2 keys of text, 32-bit integers, booleans or null."""
    return st.composite(draw_json_object)()


def dynamodb_items() -> st.SearchStrategy[dict[str, Any]]:
    """DynamoDB items as plain values (what ``new_image=`` takes): a key ``id`` and up to 2 attributes of every type."""
    return st.composite(draw_item)()


# -- per-source plans ---------------------------------------------------------------------------------

# A field's default: a strategy, or a draw function called inline (one draw less per field).
Field = st.SearchStrategy[Any] | Callable[[Draw], Any]
Make = Callable[[], Field]


@dataclass(frozen=True)
class Spec:
    """What is drawn for one source besides the seed.

    ``fields`` and ``record_fields`` are default strategies (top level, and per record for batch
    sources); ``variants`` and ``record_variants`` the shapes to pick among (first = the factory's
    default, which is what shrinking reaches); ``record_shorthands`` the shorthands a batch takes
    per record (so a user's strategy for one is drawn per record); ``excludes`` maps a variant value
    to the shorthands that cannot go with it.
    """

    fields: Mapping[str, Make] = field(default_factory=dict)
    record_fields: Mapping[str, Make] = field(default_factory=dict)
    variants: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    record_variants: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    record_shorthands: tuple[str, ...] = ()
    excludes: Mapping[tuple[str, Any], frozenset[str]] = field(default_factory=dict)


def _http(methods: tuple[str, ...] = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")) -> dict[str, Make]:
    return {
        "method": lambda: st.sampled_from(methods),
        "headers": lambda: draw_headers,
        "query": lambda: draw_queries,
        "body": lambda: draw_optional_body,
    }


_HTTP_NO_BODY = {k: v for k, v in _http().items() if k != "body"}
_SQS_RECORD = ("body", "message_attributes", "queue", "fifo", "group_id")
_DYNAMODB_RECORD = ("new_image", "old_image", "keys", "event_name", "ttl_expired")
_DYNAMODB_EXCLUDES = {
    ("event_name", "REMOVE"): frozenset({"new_image"}),
    ("event_name", "INSERT"): frozenset({"old_image"}),
}
_DYNAMODB = Spec(
    record_fields={"new_image": lambda: draw_item},
    variants={"stream_view_type": ("NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY")},
    record_variants={"event_name": ("INSERT", "MODIFY", "REMOVE")},
    record_shorthands=_DYNAMODB_RECORD,
    excludes=_DYNAMODB_EXCLUDES,
)
_KINESIS = Spec(record_fields={"data": lambda: draw_data}, record_shorthands=("data", "partition_key"))
_KAFKA = Spec(
    record_fields={"value": lambda: draw_data}, record_shorthands=("value", "key", "headers", "topic", "partition")
)
_S3_RECORD = ("bucket", "key", "size", "event_name", "versioned")
_COGNITO_TRIGGERS = {
    "cognito_custom_message": "CustomMessage_SignUp CustomMessage_AdminCreateUser CustomMessage_ResendCode "
    "CustomMessage_ForgotPassword CustomMessage_UpdateUserAttribute CustomMessage_VerifyUserAttribute "
    "CustomMessage_Authentication",
    "cognito_post_confirmation": "PostConfirmation_ConfirmSignUp PostConfirmation_ConfirmForgotPassword",
    "cognito_pre_signup": "PreSignUp_SignUp PreSignUp_AdminCreateUser PreSignUp_ExternalProvider",
    "cognito_pre_token_generation": "TokenGeneration_Authentication TokenGeneration_HostedAuth "
    "TokenGeneration_NewPasswordChallenge TokenGeneration_AuthenticateDevice TokenGeneration_RefreshTokens",
    "cognito_user_migration": "UserMigration_Authentication UserMigration_ForgotPassword",
}

SPECS: dict[str, Spec] = {
    "alb": Spec(fields=_http(), variants={"multi_value_headers": (False, True)}),
    "alexa_skills_kit": Spec(variants={"request_type": ("IntentRequest", "LaunchRequest", "SessionEndedRequest")}),
    "alexa_smart_home": Spec(variants={"directive_name": ("Discover", "TurnOn", "TurnOff")}),
    "apigateway_authorizer_request": Spec(fields=_HTTP_NO_BODY),
    "apigateway_http": Spec(fields=_http()),
    "apigateway_http_authorizer": Spec(fields=_HTTP_NO_BODY),
    "apigateway_rest": Spec(fields=_http()),
    "apigateway_websocket": Spec(
        fields={"body": lambda: draw_body, "headers": lambda: draw_headers, "query": lambda: draw_queries},
        variants={"route": ("message", "$connect", "$disconnect")},
        # Only $connect carries the client's headers and query string; only a message has a body.
        excludes={
            ("route", "message"): frozenset({"headers", "query"}),
            ("route", "$connect"): frozenset({"body"}),
            ("route", "$disconnect"): frozenset({"body", "headers", "query"}),
        },
    ),
    "appsync": Spec(
        variants={"auth": ("AMAZON_COGNITO_USER_POOLS", "AWS_IAM", "API_KEY", "OPENID_CONNECT", "AWS_LAMBDA")}
    ),
    "appsync_batch": Spec(record_shorthands=("auth", "type_name", "field_name", "arguments", "source")),
    "appsync_events": Spec(
        variants={
            "operation": ("PUBLISH", "SUBSCRIBE"),
            "auth": ("API_KEY", "AWS_IAM", "AMAZON_COGNITO_USER_POOLS", "OPENID_CONNECT", "AWS_LAMBDA"),
        },
        excludes={("operation", "SUBSCRIBE"): frozenset({"events"})},
    ),
    "bedrock_agent": Spec(variants={"method": ("GET", "POST", "PUT", "PATCH", "DELETE")}),
    "clientvpn_connection_handler": Spec(variants={"platform": ("win", "mac", "linux")}),
    "cloudformation_custom_resource": Spec(variants={"request_type": ("Create", "Update", "Delete")}),
    "cloudfront_origin_request": Spec(variants={"origin": ("custom", "s3")}),
    "cloudfront_origin_response": Spec(variants={"origin": ("custom", "s3")}),
    "cloudwatch_alarm": Spec(
        variants={
            "alarm_type": ("metric", "metric_math", "composite"),
            "state": ("ALARM", "OK", "INSUFFICIENT_DATA"),
            "previous_state": ("OK", "ALARM", "INSUFFICIENT_DATA"),
        }
    ),
    "cloudwatch_dashboard_widget": Spec(variants={"time_range": ("relative", "absolute"), "theme": ("light", "dark")}),
    "cloudwatch_logs": Spec(fields={"messages": lambda: st.lists(_texts(40), min_size=1, max_size=5)}),
    "codecommit": Spec(
        variants={"change": ("update", "create"), "event_name": ("ReferenceChanges", "TriggerEventTest")}
    ),
    "cognito_inbound_federation": Spec(variants={"provider_type": ("OIDC", "SAML")}),
    **{name: Spec(variants={"trigger_source": tuple(kinds.split())}) for name, kinds in _COGNITO_TRIGGERS.items()},
    "config": Spec(
        variants={
            "message_type": (
                "ConfigurationItemChangeNotification",
                "ScheduledNotification",
                "OversizedConfigurationItemChangeNotification",
            )
        }
    ),
    "connect": Spec(
        variants={
            "channel": ("VOICE", "CHAT"),
            "initiation_method": ("INBOUND", "OUTBOUND", "TRANSFER", "CALLBACK", "API"),
        }
    ),
    "documentdb": Spec(
        record_fields={"document": lambda: draw_json_object},
        variants={"full_document": ("Default", "UpdateLookup")},
        record_variants={"operation_type": ("insert", "update", "replace", "delete")},
        record_shorthands=("document", "operation_type", "updated_fields"),
    ),
    "dynamodb": _DYNAMODB,
    "dynamodb_window": _DYNAMODB,
    "eventbridge": Spec(fields={"detail": lambda: draw_json_object}),
    "firehose": Spec(
        record_fields={"data": lambda: draw_data},
        variants={"delivery_stream_type": ("DirectPut", "KinesisStreamAsSource")},
        record_shorthands=("data",),
    ),
    "firehose_sqs": Spec(record_fields={"body": lambda: draw_body}, record_shorthands=("body", "message_attributes")),
    "function_url": Spec(fields=_http(), variants={"auth_type": ("NONE", "AWS_IAM")}),
    "iot": Spec(
        variants={"device": ("sensor", "button"), "click_type": ("SINGLE", "DOUBLE", "LONG")},
        excludes={("device", "sensor"): frozenset({"click_type"})},
    ),
    "iot_custom_authorizer": Spec(
        variants={"protocol": ("mqtt", "https", "mqtt_wss"), "signature_verified": (False, True)}
    ),
    "kafka": _KAFKA,
    "kinesis": _KINESIS,
    "kinesis_analytics": Spec(
        record_fields={"data": lambda: draw_data},
        variants={"invocation": ("stream-preprocessing", "firehose-preprocessing", "output-delivery")},
        record_shorthands=("data", "partition_key"),
    ),
    "kinesis_window": _KINESIS,
    "lex_v1": Spec(
        variants={
            "invocation_source": ("FulfillmentCodeHook", "DialogCodeHook"),
            "output_dialog_mode": ("Text", "Voice"),
        }
    ),
    "lex_v2": Spec(
        variants={
            "invocation_source": ("FulfillmentCodeHook", "DialogCodeHook"),
            "input_mode": ("Text", "Speech", "DTMF"),
        }
    ),
    "mq_activemq": Spec(record_fields={"data": lambda: draw_data}, record_shorthands=("data", "properties")),
    "mq_rabbitmq": Spec(record_fields={"data": lambda: draw_data}, record_shorthands=("data", "headers")),
    "msk": _KAFKA,
    "s3": Spec(record_shorthands=_S3_RECORD),
    "s3_sqs": Spec(record_shorthands=_S3_RECORD),
    "secretsmanager_rotation": Spec(variants={"step": ("createSecret", "setSecret", "testSecret", "finishSecret")}),
    "ses": Spec(variants={"verdict": ("PASS", "FAIL", "GRAY", "PROCESSING_FAILED")}),
    "sns": Spec(
        record_fields={"message": lambda: draw_body}, record_shorthands=("message", "subject", "message_attributes")
    ),
    "sns_sqs": Spec(
        record_fields={"message": lambda: draw_body},
        variants={"fifo": (False, True)},
        record_shorthands=("message", "subject", "message_attributes", "group_id"),
    ),
    "sqs": Spec(record_fields={"body": lambda: draw_body}, record_shorthands=_SQS_RECORD),
    "transfer_family_authorizer": Spec(variants={"protocol": ("SFTP", "FTP", "FTPS")}),
    "vpc_lattice": Spec(fields=_http()),
    "vpc_lattice_v2": Spec(fields=_http()),
    "workmail": Spec(variants={"flow_direction": ("INBOUND", "OUTBOUND")}),
}


# -- construction -------------------------------------------------------------------------------------


@functools.cache
def _event_keys(source: str) -> frozenset[str]:
    """The top-level field names of ``source``'s events (none for JSON-list events)."""
    sample = build(source, seed=0)
    return frozenset(sample) if isinstance(sample, dict) else frozenset()


def _as_strategy(value: Any) -> st.SearchStrategy[Any]:
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


@dataclass(frozen=True)
class _Plan:
    source: str
    region: str | st.SearchStrategy[str]
    account_id: str | st.SearchStrategy[str]
    fields: dict[str, Field]
    record_fields: dict[str, Field]
    variants: dict[str, st.SearchStrategy[Any]]
    record_variants: dict[str, st.SearchStrategy[Any]]
    batch: bool
    later_record_fields: dict[str, Field]
    records: st.SearchStrategy[Any]
    excludes: Mapping[tuple[str, Any], frozenset[str]]
    given: frozenset[str]


def _plan(source: str, region: Any, account_id: Any, field_strategies: Mapping[str, Any]) -> _Plan:
    event_source, preset = resolve(source)
    shorthands = event_source.shorthands
    given = {name: _as_strategy(value) for name, value in field_strategies.items()}
    for name, value in given.items():
        # The factories' own check, so the message is the one make_event gives.
        split_overrides(_event_keys(source), {name: value}, shorthands, source)
    spec = SPECS.get(event_source.name, Spec())
    batch = event_source.records_limit is not None and "records" in shorthands
    per_record = set(spec.record_shorthands) if batch else set()
    # A preset's own keys stay as the preset sets them, unless a strategy is given for them.
    fixed = set(preset) | set(given)

    def defaults(makers: Mapping[str, Make]) -> dict[str, Field]:
        return {name: make() for name, make in makers.items() if name not in fixed and name in shorthands}

    def choices(table: Mapping[str, tuple[Any, ...]]) -> dict[str, st.SearchStrategy[Any]]:
        out = {}
        for name, values in table.items():
            if name in fixed:
                continue
            # A variant that cannot go with a field the user draws is not drawn.
            allowed = [v for v in values if not spec.excludes.get((name, v), frozenset()) & set(given)]
            out[name] = st.sampled_from(allowed)
        return out

    user_top = {k: v for k, v in given.items() if k not in per_record and k != "records"}
    user_record: dict[str, Field] = {k: v for k, v in given.items() if k in per_record}
    return _Plan(
        source=source,
        region=region,
        account_id=account_id,
        fields={**defaults(spec.fields), **user_top},
        record_fields={**defaults(spec.record_fields), **user_record} if batch else {},
        variants=choices(spec.variants),
        record_variants=choices(spec.record_variants) if batch else {},
        batch=batch,
        later_record_fields={**_later(defaults(spec.record_fields)), **user_record} if batch else {},
        records=given.get("records", st.integers(1, min(event_source.records_limit or 1, DEFAULT_MAX_RECORDS))),
        excludes=spec.excludes,
        given=frozenset(given),
    )


# Records after the first draw a body or data as plain text (one draw each), and leave images and
# documents to the factory: each record's full default would cost the example several draws
# (a batch's first record is where a payload's shape is fuzzed; see events()).
_LIGHT: dict[Callable[[Draw], Any], st.SearchStrategy[Any]] = {draw_body: _TEXTS, draw_data: _TEXTS}


def _later(defaults: Mapping[str, Field]) -> dict[str, Field]:
    return {name: _LIGHT[value] for name, value in defaults.items() if value in _LIGHT}


def _fill(
    draw: Draw,
    target: dict[str, Any],
    variants: Mapping[str, st.SearchStrategy[Any]],
    fields: Mapping[str, Field],
    plan: _Plan,
) -> None:
    """Draw ``variants`` then ``fields`` into ``target`` (keys already there stay), skipping excluded fields."""
    excluded: set[str] = set()
    for name, strategy in variants.items():
        if name not in target:
            if name in excluded:
                continue
            target[name] = draw(strategy)
        excluded |= plan.excludes.get((name, target[name]), frozenset())
    for name, value_field in fields.items():
        if name in target or (name in excluded and name not in plan.given):
            continue
        value = draw(value_field) if isinstance(value_field, st.SearchStrategy) else value_field(draw)
        if value is not OMIT:
            target[name] = value


def _record(draw: Draw, plan: _Plan, first: bool, item: dict[str, Any] | None = None) -> dict[str, Any]:
    """One record's overrides (added to ``item``): the first record draws every default, the others
    their variants, the user's strategies and light defaults (see ``_later``)."""
    item = {} if item is None else item
    _fill(draw, item, plan.record_variants, plan.record_fields if first else plan.later_record_fields, plan)
    return item


@st.composite
def _draw_event(draw: Draw, plan: _Plan, seeds: st.SearchStrategy[int]) -> Any:
    # The seed first: a random 32-bit first choice makes almost every example novel at once, where
    # small counts and kinds first would send hypothesis's engine looking for an unseen prefix
    # (10-13% more CPU instructions per example, measured).
    seed = draw(seeds)
    overrides: dict[str, Any] = {}
    records: Any
    _fill(draw, overrides, plan.variants, plan.fields, plan)
    if plan.batch:
        wanted = draw(plan.records)
        if isinstance(wanted, int) and not isinstance(wanted, bool):
            # Records past LARGE_BATCH are the factory's (which also checks the source's limit).
            records = [_record(draw, plan, i == 0) for i in range(min(wanted, LARGE_BATCH))]
            records += [{}] * (wanted - len(records))
        else:
            # Per-record overrides given by the user: fill in what they leave to us.
            records = [dict(item) if isinstance(item, Mapping) else item for item in wanted]
            for i, item in enumerate(records):
                if isinstance(item, dict):
                    _record(draw, plan, i == 0, item)
        overrides["records"] = records
    # Fixed values are not drawn: every draw costs the example time.
    region = draw(plan.region) if isinstance(plan.region, st.SearchStrategy) else plan.region
    account_id = draw(plan.account_id) if isinstance(plan.account_id, st.SearchStrategy) else plan.account_id
    return build(plan.source, seed=seed, region=region, account_id=account_id, **overrides)


def events(
    source: str,
    /,
    *,
    region: str | st.SearchStrategy[str] = "us-east-1",
    account_id: str | st.SearchStrategy[str] = "123456789012",
    **field_strategies: Any,
) -> st.SearchStrategy[Any]:
    """Valid ``source`` events; ``field_strategies`` (a strategy or a fixed value per shorthand or AWS field) draw
    the parts you care about, and everything else is generated.

    ``records=`` draws the batch size (or per-record overrides); a strategy you give for a per-record
    shorthand (``body``, ``data``, ``new_image``...) is drawn once per record. By default a batch's first
    record draws the full defaults (a text or JSON body, a DynamoDB image...) and later records a text
    body or data and their variants (event names), leaving images to the factory: each drawn value costs
    every example time. ``body=bodies()`` or ``new_image=dynamodb_items()`` draws the full default for
    every record. An unknown source or field name is an error now, naming the valid ones.
    """
    seeds = field_strategies.pop("seed", SEEDS)
    plan = _plan(source, region, account_id, field_strategies)
    return _draw_event(plan, _as_strategy(seeds))
