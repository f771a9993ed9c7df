"""What every event factory draws on: a seeded generator, realistic values, ARNs, encodings, and the
checks of overrides and shorthands (with the error they raise). Imports no other module of ``events``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import string
import urllib.parse
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from random import Random
from typing import Any, TypeVar

from pytest_lambda.clock import now_ms
from pytest_lambda.context import _partition
from pytest_lambda.errors import PytestLambdaError, with_docs


class EventOverrideError(PytestLambdaError, ValueError):
    """An override or shorthand that the event's shape does not allow."""


def override_error(message: str) -> EventOverrideError:
    """The error for a bad override or shorthand, pointing at the README's section on overrides."""
    return EventOverrideError(with_docs(message, "event-overrides"))


# Faker is slow per call and slow to import: it fills pools of realistic values once, from a
# fixed seed, and each event picks from them with its own seeded generator.
_POOL_SEED = 20_240_101
_POOL_SIZE = 64


@functools.cache
def _faker() -> Any:
    from faker import Faker

    fake = Faker("en_US")
    return fake


# How each pool is filled; a pool is made the first time an event asks for it.
_POOL_MAKERS: dict[str, Callable[[Any], str]] = {
    "ipv4": lambda fake: str(fake.ipv4_public()),
    "user_agent": lambda fake: str(fake.user_agent()),
    "first_name": lambda fake: str(fake.first_name()),
    "last_name": lambda fake: str(fake.last_name()),
    "email": lambda fake: str(fake.email()),
    "word": lambda fake: str(fake.word()),
    "sentence": lambda fake: str(fake.sentence()),
    "file_name": lambda fake: str(fake.file_name()),
    "domain": lambda fake: str(fake.domain_name()),
    "phone": lambda fake: str(fake.numerify("+1##########")),
    "company": lambda fake: str(fake.company()),
    "city": lambda fake: str(fake.city()),
}


@functools.cache
def pool(name: str) -> tuple[str, ...]:
    """Realistic values of one kind, made once by faker from a fixed seed (faker imported on first use)."""
    fake = _faker()
    # Each pool has its own seed, so it is the same whichever pools were made before it.
    fake.seed_instance(_POOL_SEED + sum(name.encode()))
    make = _POOL_MAKERS[name]
    return tuple(dict.fromkeys(make(fake) for _ in range(_POOL_SIZE)))


class Gen:
    """A seeded source of values for one event: same seed, same clock -> same event."""

    def __init__(self, seed: int, *, region: str = "us-east-1", account_id: str = "123456789012") -> None:
        self.random = Random(seed)
        self.seed = seed
        self.region = region
        self.account_id = account_id
        self.partition = _partition(region)
        self.now_ms = now_ms()

    # -- basic values ------------------------------------------------------------------------

    def pick(self, name: str) -> str:
        """A realistic value: ``ipv4``, ``user_agent``, ``first_name``, ``word``, ``email``..."""
        values = pool(name)
        return values[self.random.randrange(len(values))]

    def uuid(self) -> str:
        """A version-4 UUID."""
        h = f"{self.random.getrandbits(128) & ~(0xF << 76) & ~(0x3 << 62) | (0x4 << 76) | (0x2 << 62):032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def hex(self, length: int) -> str:
        return f"{self.random.getrandbits(length * 4):0{length}x}"

    def digits(self, length: int) -> str:
        return f"{self.random.randrange(10**length):0{length}d}"

    def alnum(self, length: int, alphabet: str = string.ascii_uppercase + string.digits) -> str:
        return "".join(self.random.choices(alphabet, k=length))

    def integer(self, low: int, high: int) -> int:
        return self.random.randint(low, high)

    def token(self, length: int, table: bytes) -> str:
        """``length`` characters of ``table``'s alphabet (see ``token_table``): seeded like ``alnum``, and faster."""
        return self.random.randbytes(length).translate(table).decode()

    def key(self, depth: int = 2) -> str:
        """An object key such as ``reports/2024/summary final.csv``."""
        parts = [self.pick("word") for _ in range(depth)]
        return "/".join([*parts, self.pick("file_name")])

    # -- time ---------------------------------------------------------------------------------

    def ms_ago(self, max_ms: int = 5_000) -> int:
        """A moment shortly before now (epoch ms), for timestamps that precede the invocation."""
        return self.now_ms - self.random.randint(0, max_ms)

    @staticmethod
    def iso(epoch_ms: int, *, millis: bool = True) -> str:
        """``2024-01-02T03:04:05.678Z`` (or without the milliseconds)."""
        moment = datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc)
        if millis:
            return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}Z"
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    @staticmethod
    def http_date(epoch_ms: int) -> str:
        """API Gateway's ``requestTime`` form: ``09/Apr/2015:12:34:56 +0000``."""
        return datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")

    # -- AWS identifiers ----------------------------------------------------------------------

    @property
    def dns_suffix(self) -> str:
        """The partition's endpoint domain: ``amazonaws.com``, ``amazonaws.com.cn`` in China."""
        return "amazonaws.com.cn" if self.partition == "aws-cn" else "amazonaws.com"

    def arn(self, service: str, resource: str, *, region: str | None = None, account: str | None = None) -> str:
        """``arn:<partition>:<service>:<region>:<account>:<resource>`` in this event's region and account."""
        return f"arn:{self.partition}:{service}:{self.region if region is None else region}:" \
               f"{self.account_id if account is None else account}:{resource}"  # fmt: skip


def token_table(alphabet: str) -> bytes:
    """A ``bytes.translate`` table mapping every byte onto ``alphabet``, for ``Gen.token``."""
    return bytes(ord(alphabet[i % len(alphabet)]) for i in range(256))


LOWER_ALNUM = token_table(string.ascii_lowercase + string.digits)
UPPER_ALNUM = token_table(string.ascii_uppercase + string.digits)
ALNUM = token_table(string.ascii_letters + string.digits)
URLSAFE = token_table(string.ascii_letters + string.digits + "-_")
BASE64 = token_table(string.ascii_letters + string.digits + "+/")


def trace_header(gen: Gen, epoch_ms: int) -> str:
    """An X-Ray trace header: ``Root=1-<epoch seconds, 8 hex>-<24 hex>``.

    https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
    """
    return f"Root=1-{epoch_ms // 1000:08x}-{gen.hex(24)}"


# -- encodings ----------------------------------------------------------------------------------


def md5_hex(text: str) -> str:
    """The hex MD5 SQS uses as its body checksum (md5OfBody)."""
    return hashlib.md5(text.encode()).hexdigest()


def b64(data: bytes | str) -> str:
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


def b64url(data: bytes | str) -> str:
    """Base64url without padding, as JWTs carry their parts."""
    return b64(data).rstrip("=").replace("+", "-").replace("/", "_")


def body_text(value: Any, *, field: str = "body") -> tuple[str, bool]:
    """A payload shorthand as AWS carries it: dict/list -> JSON, str as is, bytes -> base64 (flag set)."""
    if isinstance(value, (bytes, bytearray)):
        return b64(bytes(value)), True
    if isinstance(value, str):
        return value, False
    if isinstance(value, (dict, list, int, float, bool)) or value is None:
        return json.dumps(value), False
    raise EventOverrideError(
        with_docs(f"{field} must be a dict or list (sent as JSON), a str or bytes, got {value!r}", "event-overrides")
    )


def s3_key_encode(key: str) -> str:
    """S3 event notifications URL-encode the key, spaces as ``+`` (the form users must unquote_plus)."""
    return urllib.parse.quote_plus(key, safe="/")


# -- overrides ----------------------------------------------------------------------------------


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "str"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list):
        return "list"
    return type(value).__name__


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def deep_merge(base: dict[str, Any], overrides: Mapping[str, Any], path: str = "") -> dict[str, Any]:
    """Merge ``overrides`` into ``base`` (in place): objects merge key by key, anything else replaces.

    Replacing a value by one of another JSON kind (a string where a list was) is refused with the
    field's path; ``None`` on either side is accepted (AWS uses null for absent fields).
    """
    for key, value in overrides.items():
        where = f"{path}.{key}" if path else str(key)
        current = base.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            deep_merge(current, value, where)
            continue
        if current is not None and value is not None and _kind(current) != _kind(value):
            raise EventOverrideError(
                with_docs(
                    f"override {where}={value!r} is {_a(_kind(value))}, but the event has {_a(_kind(current))} there",
                    "event-overrides",
                )
            )
        base[key] = value
    return base


def split_overrides(
    event_keys: Any, overrides: Mapping[str, Any], shorthands: tuple[str, ...], source: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Separate shorthands from AWS-field overrides; a key that is neither is an error naming both."""
    short: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for key, value in overrides.items():
        if key in shorthands:
            short[key] = value
        elif key in event_keys:
            fields[key] = value
        else:
            raise EventOverrideError(
                with_docs(
                    f"{source} events have no field or shorthand {key!r}. Shorthands: "
                    f"{', '.join(shorthands) or '(none)'}; top-level fields: {', '.join(sorted(event_keys))}",
                    "event-overrides",
                )
            )
    return short, fields


def record_overrides(value: Any, limit: int, source: str) -> list[dict[str, Any]]:
    """``records=N`` or ``records=[{...}, ...]`` as a list of per-record overrides."""
    if isinstance(value, bool) or not isinstance(value, (int, list)):
        raise EventOverrideError(
            with_docs(f"records must be a count or a list of per-record overrides, got {value!r}", "event-overrides")
        )
    # A count is checked before the list is made: records=10**9 must not allocate a billion dicts.
    if isinstance(value, int) and not 1 <= value <= limit:
        raise EventOverrideError(
            with_docs(
                f"{source} batches hold 1 to {limit} records, asked for {value} (records={value!r})", "event-overrides"
            )
        )
    items = [{} for _ in range(value)] if isinstance(value, int) else list(value)
    if not 1 <= len(items) <= limit:
        raise EventOverrideError(
            with_docs(f"{source} batches hold 1 to {limit} records, asked for {len(items)}", "event-overrides")
        )
    for item in items:
        if not isinstance(item, Mapping):
            raise EventOverrideError(
                with_docs(f"each per-record override must be a dict, got {item!r}", "event-overrides")
            )
    return [dict(item) for item in items]


def batch_overrides(
    shorthands: Mapping[str, Any], record_shorthands: tuple[str, ...], limit: int, source: str
) -> list[dict[str, Any]]:
    """Each record's overrides: ``records=`` (a count or per-record overrides) under the record shorthands
    given for the whole batch (``body="x"`` sets every record's body; a record's own ``body`` wins)."""
    shared = {k: v for k, v in shorthands.items() if k in record_shorthands}
    return [{**shared, **item} for item in record_overrides(shorthands.get("records", 1), limit, source)]


# -- shorthands ---------------------------------------------------------------------------------

Choice = TypeVar("Choice", bound=str)


def choice(shorthands: Mapping[str, Any], name: str, valid: tuple[Choice, ...], default: str) -> Choice:
    """The shorthand ``name`` (``default`` when absent): one of ``valid``, else an error listing them."""
    value = shorthands.get(name, default)
    for option in valid:
        if value == option:
            return option
    raise override_error(f"{name}={value!r} is not valid; choose one of: {', '.join(map(repr, valid))}")


def one_of(shorthands: Mapping[str, Any], name: str, choices: tuple[Choice, ...]) -> Choice:
    """The shorthand ``name``, one of ``choices`` (the first when absent)."""
    value = shorthands.get(name, choices[0])
    for option in choices:
        if value == option:
            return option
    raise override_error(f"{name} must be one of {', '.join(choices)}, got {value!r}")


def text(
    shorthands: Mapping[str, Any],
    name: str,
    default: str,
    pattern: re.Pattern[str] | None = None,
    rule: str = "",
    *,
    empty: bool = False,
) -> str:
    """The shorthand ``name``: a str, non-empty unless ``empty``, that ``pattern`` matches whole (``rule`` says how)."""
    value = shorthands.get(name, default)
    if not isinstance(value, str) or not (empty or value) or (pattern is not None and not pattern.fullmatch(value)):
        raise override_error(f"{name} must be {rule or ('a str' if empty else 'a non-empty str')}, got {value!r}")
    return value


def flag(shorthands: Mapping[str, Any], name: str, default: bool) -> bool:
    """The shorthand ``name``: True or False."""
    value = shorthands.get(name, default)
    if not isinstance(value, bool):
        raise override_error(f"{name} must be True or False, got {value!r}")
    return value


def strings(shorthands: Mapping[str, Any], name: str) -> dict[str, str]:
    """The shorthand ``name`` (``{}`` when absent): a dict of str to str."""
    value = shorthands.get(name, {})
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise override_error(f"{name} must be a dict of str to str, got {value!r}")
    return dict(value)


def text_map(value: Any, name: str) -> dict[str, str]:
    """A dict of names to values sent as text (``str()`` of any value that is not a str)."""
    if not isinstance(value, Mapping):
        raise override_error(f"{name} must be a dict of str to str, got {value!r}")
    return {str(k): v if isinstance(v, str) else str(v) for k, v in value.items()}
