"""The Lambda context object and the function configuration it is built from.

Attribute set, types and ``repr`` follow AWS's Python runtime interface client
(awslambdaric 4.2.2, ``awslambdaric/lambda_context.py``).
"""

from __future__ import annotations

import base64
import json
import re
import sys
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any

from pytest_lambda import clock as _clock
from pytest_lambda.clock import (
    REAL_CLOCK,
    ClockToken,
    clock_token,
    generation,
    now_ms,
    same_clock,
    start_countdown,
    started_after,
)
from pytest_lambda.errors import ConfigurationError, with_docs

__all__ = [
    "CONTEXT_OPTIONS",
    "Client",
    "ClientContext",
    "CognitoIdentity",
    "ContextConfig",
    "LambdaContext",
    "make_context",
]

# https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (Timeout, MemorySize)
TIMEOUT_RANGE = (1, 900)
MEMORY_RANGE = (128, 10240)
# Invoke's ClientContext: "Up to 3,583 bytes of base64-encoded data"
# https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
CLIENT_CONTEXT_MAX_BASE64 = 3583

_FUNCTION_NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")
_VERSION = re.compile(r"\$LATEST|[0-9]{1,1024}")
# Alias names may not be all digits (that would be a version): API_CreateAlias.html
_ALIAS = re.compile(r"(?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}")
_ACCOUNT = re.compile(r"[0-9]{12}")
# us-east-1, us-gov-west-1, cn-north-1, us-isob-east-1, eusc-de-east-1, ...
_REGION = re.compile(r"[a-z]{2,4}(-[a-z]+){1,2}-[0-9]{1,2}")
# https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html
_PARTITIONS = (
    ("cn-", "aws-cn"),
    ("us-gov-", "aws-us-gov"),
    ("us-isob-", "aws-iso-b"),
    ("us-isof-", "aws-iso-f"),
    ("eu-isoe-", "aws-iso-e"),
    ("us-iso-", "aws-iso"),
    ("eusc-", "aws-eusc"),
)
_IDENTITY_KEYS = {
    # The runtime reads the Lambda-Runtime-Cognito-Identity header's camelCase keys;
    # the attribute names are accepted too.
    "cognitoIdentityId": "cognito_identity_id",
    "cognitoIdentityPoolId": "cognito_identity_pool_id",
    "cognito_identity_id": "cognito_identity_id",
    "cognito_identity_pool_id": "cognito_identity_pool_id",
}
_CLIENT_CONTEXT_KEYS = ("client", "custom", "env", "w3c")
_W3C_FIELDS = ("traceparent", "tracestate", "baggage")


class CognitoIdentity:
    """``context.identity``: always present; both ids are ``None`` unless Cognito authorised the call."""

    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")

    def __init__(self, cognito_identity_id: str | None = None, cognito_identity_pool_id: str | None = None) -> None:
        self.cognito_identity_id = cognito_identity_id
        self.cognito_identity_pool_id = cognito_identity_pool_id

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(["
            f"cognito_identity_id={self.cognito_identity_id},"
            f"cognito_identity_pool_id={self.cognito_identity_pool_id}"
            "])"
        )


_new_identity = object.__new__
# The W3C fields of a context made without a client context: never changed (``w3c()`` copies).
_NO_W3C: dict[str, str] = {}


class Client:
    """``context.client_context.client``: the mobile app that made the call."""

    # In the runtime's order, which its repr follows.
    FIELDS = ("installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name")
    __slots__ = ("app_package_name", "app_title", "app_version_code", "app_version_name", "installation_id")

    def __init__(self, values: Mapping[str, Any]) -> None:
        for name in self.FIELDS:
            setattr(self, name, values.get(name))

    def __repr__(self) -> str:
        inner = ",".join(f"{name}={getattr(self, name)}" for name in self.FIELDS)
        return f"{type(self).__name__}([{inner}])"


class ClientContext:
    """``context.client_context``: only present when the caller passed one on a synchronous invoke."""

    __slots__ = ("client", "custom", "env")

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.custom: Any = values.get("custom")
        self.env: Any = values.get("env")
        client = values.get("client")
        self.client: Client | None = None if client is None else Client(client)

    def __repr__(self) -> str:
        return f"{type(self).__name__}([custom={self.custom},env={self.env},client={self.client}])"


def _partition(region: str) -> str:
    for prefix, partition in _PARTITIONS:
        if region.startswith(prefix):
            return partition
    return "aws"


def _fail(message: str) -> ConfigurationError:
    return ConfigurationError(with_docs(message, "configuration"))


def _check_int(name: str, value: object, bounds: tuple[int, int], unit: str) -> None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(f"{name} must be a whole number of {unit} between {low} and {high}, got {value!r}")
    if not low <= value <= high:
        raise _fail(f"{name}={value} is out of range: Lambda accepts {low} to {high} {unit}")


def _check_pattern(name: str, value: object, pattern: re.Pattern[str], expected: str) -> None:
    if not isinstance(value, str) or pattern.fullmatch(value) is None:
        raise _fail(f"{name}={value!r} is not valid: expected {expected}")


def _to_json(name: str, value: object) -> str:
    try:
        return json.dumps(value, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise _fail(f"{name} must be JSON-serialisable (Lambda passes it as JSON): {exc}") from None


def check_region_and_account(region: object, account_id: object) -> None:
    """Refuse a region or account id that is not of AWS's form, as ``ContextConfig`` does."""
    _check_pattern("region", region, _REGION, "a region name such as 'us-east-1' or 'eu-west-2'")
    _check_pattern("account_id", account_id, _ACCOUNT, "12 digits such as '123456789012'")


def _check_tenant(value: object) -> None:
    # Invoke's TenantId: 1-256 characters (API_Invoke.html).
    if not isinstance(value, str) or not 1 <= len(value) <= 256:
        raise _fail(f"tenant_id must be a string of 1-256 characters, got {value!r}")


def _check_client_context(value: object) -> None:
    if not isinstance(value, Mapping):
        raise _fail(f"client_context must be a mapping with keys {list(_CLIENT_CONTEXT_KEYS)}, got {value!r}")
    unknown = sorted(set(value) - set(_CLIENT_CONTEXT_KEYS))
    if unknown:
        raise _fail(f"client_context has unknown keys {unknown}; valid keys: {list(_CLIENT_CONTEXT_KEYS)}")
    client = value.get("client")
    if client is not None:
        if not isinstance(client, Mapping):
            raise _fail(f"client_context['client'] must be a mapping, got {client!r}")
        unknown = sorted(set(client) - set(Client.FIELDS))
        if unknown:
            raise _fail(f"client_context['client'] has unknown keys {unknown}; valid keys: {list(Client.FIELDS)}")
    size = len(base64.b64encode(_to_json("client_context", value).encode()))
    if size > CLIENT_CONTEXT_MAX_BASE64:
        raise _fail(
            f"client_context is {size} bytes once base64-encoded; "
            f"Lambda's Invoke accepts at most {CLIENT_CONTEXT_MAX_BASE64}"
        )


def _check_identity(value: object) -> None:
    if not isinstance(value, Mapping):
        raise _fail(f"identity must be a mapping with keys {sorted(_IDENTITY_KEYS)}, got {value!r}")
    unknown = sorted(set(value) - set(_IDENTITY_KEYS))
    if unknown:
        raise _fail(f"identity has unknown keys {unknown}; valid keys: {sorted(_IDENTITY_KEYS)}")


@dataclass(frozen=True, kw_only=True)
class ContextConfig:
    """A validated function configuration; ``make_context`` and the fixtures build contexts from it.

    Defaults are AWS's where AWS has one (timeout 3 s, memory 128 MB, version ``$LATEST``);
    ``test_function`` is the name AWS's runtime interface emulator uses.
    """

    function_name: str = "test_function"
    timeout: int = 3
    memory_size: int = 128
    region: str = "us-east-1"
    account_id: str = "123456789012"
    version: str = "$LATEST"
    alias: str | None = None
    tenant_id: str | None = None
    client_context: Mapping[str, Any] | None = field(default=None, hash=False)
    identity: Mapping[str, Any] | None = field(default=None, hash=False)

    def __post_init__(self) -> None:
        _check_pattern("function_name", self.function_name, _FUNCTION_NAME, "1-64 letters, digits, '-' or '_'")
        _check_int("timeout", self.timeout, TIMEOUT_RANGE, "seconds")
        _check_int("memory_size", self.memory_size, MEMORY_RANGE, "MB")
        check_region_and_account(self.region, self.account_id)
        _check_pattern("version", self.version, _VERSION, "'$LATEST' or a published version number such as '3'")
        if self.alias is not None:
            _check_pattern("alias", self.alias, _ALIAS, "1-128 letters, digits, '-' or '_', not all digits")
        if self.tenant_id is not None:
            _check_tenant(self.tenant_id)
        if self.client_context is not None:
            _check_client_context(self.client_context)
        if self.identity is not None:
            _check_identity(self.identity)

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> ContextConfig:
        """Build from keyword options, naming an unknown keyword and listing the valid ones."""
        unknown = sorted(set(options) - set(CONTEXT_OPTIONS))
        if unknown:
            raise _fail(f"unknown lambda_context option(s) {unknown}; valid options: {list(CONTEXT_OPTIONS)}")
        return cls(**options)

    @property
    def partition(self) -> str:
        """The ARN partition of the region (``aws``, ``aws-cn``, ``aws-us-gov``, ...)."""
        return _partition(self.region)

    @property
    def function_arn(self) -> str:
        """The unqualified function ARN."""
        return f"arn:{self.partition}:lambda:{self.region}:{self.account_id}:function:{self.function_name}"

    @property
    def invoked_function_arn(self) -> str:
        """The ARN the caller used: qualified by the alias, else by a published version."""
        if self.alias is not None:
            return f"{self.function_arn}:{self.alias}"
        if self.version != "$LATEST":
            return f"{self.function_arn}:{self.version}"
        return self.function_arn

    @property
    def log_group_name(self) -> str:
        """Lambda's default log group: https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html"""
        return f"/aws/lambda/{self.function_name}"

    def new_log_stream_name(self) -> str:
        """``YYYY/MM/DD/[<version>]<32 hex>``, dated by the current (possibly frozen) clock in UTC."""
        day = datetime.fromtimestamp(now_ms() / 1000, tz=timezone.utc)
        return f"{day:%Y/%m/%d}/[{self.version}]{uuid.uuid4().hex}"

    def new_context(
        self,
        *,
        aws_request_id: str | None = None,
        log_stream_name: str | None = None,
        remaining_ms: int | None = None,
    ) -> LambdaContext:
        """A context for one invocation; its countdown starts now from the timeout unless given."""
        return LambdaContext(
            aws_request_id=aws_request_id or str(uuid.uuid4()),
            function_name=self.function_name,
            function_version=self.version,
            invoked_function_arn=self.invoked_function_arn,
            memory_limit_in_mb=str(self.memory_size),
            log_group_name=self.log_group_name,
            log_stream_name=log_stream_name or self.new_log_stream_name(),
            remaining_ms=self.timeout * 1000 if remaining_ms is None else remaining_ms,
            client_context=self.client_context,
            identity=self.identity,
            tenant_id=self.tenant_id,
        )


CONTEXT_OPTIONS: tuple[str, ...] = tuple(f.name for f in fields(ContextConfig))


class LambdaContext:
    """The context object a Python handler receives, with the attributes of AWS's runtime."""

    def __init__(
        self,
        *,
        aws_request_id: str,
        function_name: str,
        function_version: str,
        invoked_function_arn: str,
        memory_limit_in_mb: str,
        log_group_name: str | None,
        log_stream_name: str | None,
        remaining_ms: int,
        client_context: Mapping[str, Any] | None = None,
        identity: Mapping[str, Any] | None = None,
        tenant_id: str | None = None,
    ) -> None:
        self.aws_request_id = aws_request_id
        self.log_group_name = log_group_name
        self.log_stream_name = log_stream_name
        self.function_name = function_name
        # The runtime reads it from AWS_LAMBDA_FUNCTION_MEMORY_SIZE, so it is a str.
        self.memory_limit_in_mb = memory_limit_in_mb
        self.function_version = function_version
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        if client_context is None:
            self._w3c_fields: dict[str, str] = {}
            self.client_context = None
        else:
            # The runtime parses the client-context header afresh per invoke and pops ``w3c`` out of it.
            parsed = json.loads(json.dumps(client_context))
            raw_w3c = parsed.pop("w3c", None)
            self._w3c_fields = {
                key: raw_w3c[key]
                for key in _W3C_FIELDS
                if isinstance(raw_w3c, dict) and isinstance(raw_w3c.get(key), str)
            }
            self.client_context = ClientContext(parsed)
        self.identity = CognitoIdentity()
        if identity:
            # The runtime reads its two keys and ignores any other (awslambdaric 4.2.2 lambda_context.py).
            for key, value in identity.items():
                name = _IDENTITY_KEYS.get(key)
                if name is not None:
                    setattr(self.identity, name, value)
        self._start(remaining_ms)

    @classmethod
    def _for_invoke(
        cls,
        aws_request_id: str,
        function_name: str,
        function_version: str,
        invoked_function_arn: str,
        memory_limit_in_mb: str,
        log_group_name: str,
        log_stream_name: str,
        remaining_ms: int,
        tenant_id: str | None,
        real_now_ms: int | None,
    ) -> LambdaContext:
        """The harness's constructor, run on every invoke: no client context or identity to parse.

        ``real_now_ms`` is the time the caller read when neither freezegun nor time-machine is
        loaded, so no fake clock can be in force; ``None`` to ask ``start_countdown()`` (whose
        reading of a fake clock must stay as deep in the stack as freezegun's caller check saw it).
        """
        self = cls.__new__(cls)
        self.aws_request_id = aws_request_id
        self.log_group_name = log_group_name
        self.log_stream_name = log_stream_name
        self.function_name = function_name
        self.memory_limit_in_mb = memory_limit_in_mb
        self.function_version = function_version
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        self._w3c_fields = _NO_W3C
        self.client_context = None
        # CognitoIdentity() without its __init__ frame: this runs on every invoke.
        self.identity = identity = _new_identity(CognitoIdentity)
        identity.cognito_identity_id = identity.cognito_identity_pool_id = None
        # _start's work, inlined.
        if real_now_ms is None:
            token, now, born = start_countdown()
        else:
            token, now, born = REAL_CLOCK, real_now_ms, _clock._generation
        self._epoch_deadline_time_in_ms = now + remaining_ms
        self._clock = token
        self._last_read = {token: now}
        self._generation = born
        self._last_remaining_ms = remaining_ms if remaining_ms > 0 else 0
        return self

    def _start(self, remaining_ms: int) -> None:
        # The deadline is fixed here, on the clock in force: now + the time the invocation has.
        token, now, born = start_countdown()
        self._epoch_deadline_time_in_ms = now + remaining_ms
        self._clock: ClockToken = token
        # The reading of every clock this context was last read on, to resume it there.
        self._last_read: dict[ClockToken, int] = {token: now}
        self._generation = born
        self._last_remaining_ms = max(remaining_ms, 0)

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before the function times out, read from the clock in force now.

        As in the runtime this is ``max(deadline_ms - int(time.time() * 1000), 0)``. When the
        context is read under another clock than the one it was made on (a fixture built on the
        real clock, read inside ``freeze_time``), the deadline moves onto that clock keeping the
        time that was left, instead of reporting 0 or years: time counts on whichever clock is
        in force, from where that clock started or was last read.
        """
        token = clock_token()
        now = now_ms()
        if not same_clock(token, self._clock):
            resume = self._last_read.get(token)
            if resume is None:
                resume = started_after(token, self._generation)
            self._epoch_deadline_time_in_ms = (now if resume is None else resume) + self._last_remaining_ms
            self._clock = token
            self._generation = generation()
        remaining = max(self._epoch_deadline_time_in_ms - now, 0)
        self._last_read[token] = now
        self._last_remaining_ms = remaining
        return remaining

    def w3c(self) -> dict[str, str]:
        """The W3C trace context the caller put in ``clientContext.w3c`` (awslambdaric >= 4.2)."""
        return dict(self._w3c_fields)

    def log(self, msg: object) -> None:
        """Write ``str(msg)`` to the function's log, which is stdout here, without a newline."""
        sys.stdout.write(str(msg))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(["
            f"aws_request_id={self.aws_request_id},"
            f"log_group_name={self.log_group_name},"
            f"log_stream_name={self.log_stream_name},"
            f"function_name={self.function_name},"
            f"memory_limit_in_mb={self.memory_limit_in_mb},"
            f"function_version={self.function_version},"
            f"invoked_function_arn={self.invoked_function_arn},"
            f"client_context={self.client_context},"
            f"identity={self.identity},"
            f"tenant_id={self.tenant_id}"
            "])"
        )


def make_context(
    *,
    function_name: str = "test_function",
    timeout: int = 3,
    memory_size: int = 128,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    version: str = "$LATEST",
    alias: str | None = None,
    tenant_id: str | None = None,
    client_context: Mapping[str, Any] | None = None,
    identity: Mapping[str, Any] | None = None,
) -> LambdaContext:
    """Build a context outside pytest; its countdown starts now from ``timeout`` seconds."""
    return ContextConfig(
        function_name=function_name,
        timeout=timeout,
        memory_size=memory_size,
        region=region,
        account_id=account_id,
        version=version,
        alias=alias,
        tenant_id=tenant_id,
        client_context=client_context,
        identity=identity,
    ).new_context()
