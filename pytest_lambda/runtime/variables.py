"""The environment variables Lambda's Python runtime sets, AWS's rules on the user's own, and applying them.

Reserved names and values: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pytest_lambda.clock import now_ms
from pytest_lambda.context import LambdaContext
from pytest_lambda.errors import ArgumentTypeError, EnvironmentVariablesError, with_docs
from pytest_lambda.runtime import xray
from pytest_lambda.runtime.cslot import EnvironSlot

__all__ = [
    "DEFAULT_HANDLER",
    "INITIALIZATION_TYPES",
    "POSIX_ENVIRON",
    "RESERVED_VARIABLES",
    "EnvironSwap",
    "check_initialization_type",
    "hidden_from_function",
    "lambda_environ",
    "patched_environ",
    "put",
    "validate_variables",
]

# The console's default handler for a new Python function.
DEFAULT_HANDLER = "lambda_function.lambda_handler"
INITIALIZATION_TYPES = ("on-demand", "provisioned-concurrency", "snap-start", "lambda-managed-instances")
# "Lambda reserves ... you can't set these" (configuration-envvars.html#configuration-envvars-runtime).
RESERVED_VARIABLES = frozenset(
    {
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_LAMBDA_MAX_CONCURRENCY",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    }
)
# API_Environment.html: keys match [a-zA-Z]([a-zA-Z0-9_])+
_KEY = re.compile(r"[a-zA-Z][a-zA-Z0-9_]+")
_KEY_PATTERN = "[a-zA-Z]([a-zA-Z0-9_])+"
# "4 KB, for all environment variables associated with the function, in aggregate"
# (gettingstarted-limits.html); AWS measures the JSON of the map and quotes it in the error.
MAX_VARIABLES_BYTES = 4096


def validate_variables(variables: object) -> dict[str, str]:
    """Check user variables as Lambda's API does and return them; errors quote AWS's wording."""
    if not isinstance(variables, Mapping):
        raise ArgumentTypeError(
            with_docs(
                f"environment must be a mapping of names to str values, like {{'TABLE': 'orders'}}; got {variables!r}",
                "environment-variables",
            )
        )
    for key, value in variables.items():
        if not _is_valid_key(key):
            raise EnvironmentVariablesError(
                with_docs(
                    "1 validation error detected: Value at 'environment.variables' failed to satisfy "
                    "constraint: Map keys must satisfy constraint: [Member must satisfy regular "
                    f"expression pattern: {_KEY_PATTERN}] (got {key!r})",
                    "environment-variables",
                )
            )
        if not isinstance(value, str):
            raise EnvironmentVariablesError(
                with_docs(f"environment variable {key} must be a str, got {value!r}", "environment-variables")
            )
        check_value(key, value)
    reserved = sorted(set(variables) & RESERVED_VARIABLES)
    if reserved:
        raise EnvironmentVariablesError(
            with_docs(
                "Lambda was unable to configure your environment variables because the environment "
                "variables you have provided contains reserved keys that are currently not supported "
                f"for modification. Reserved keys used in this request: {', '.join(reserved)}",
                "environment-variables",
            )
        )
    measured = json.dumps(dict(variables), separators=(",", ":"), ensure_ascii=False)
    if len(measured.encode()) > MAX_VARIABLES_BYTES:
        raise EnvironmentVariablesError(
            with_docs(
                "Lambda was unable to configure your environment variables because the environment "
                f"variables you have provided exceeded the 4KB limit. String measured: {measured}",
                "environment-variables",
            )
        )
    return dict(variables)


def check_value(key: str, value: str) -> None:
    """Refuse a value the process environment cannot hold (a NUL byte) or that is not UTF-8 text (a lone
    surrogate): Lambda's API takes the variables as JSON in UTF-8 (API_Environment.html)."""
    problem = ""
    if "\0" in value:
        problem = "contains a NUL byte (\\x00), which no process environment can hold"
    else:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            problem = f"contains a lone surrogate ({value[exc.start]!r}), which is not UTF-8 text"
    if problem:
        raise EnvironmentVariablesError(
            with_docs(
                f"environment variable {key}={value!r} {problem}; values must be UTF-8 strings without NUL",
                "environment-variables",
            )
        )


def check_initialization_type(value: str) -> str:
    """Return ``value`` if it is an ``AWS_LAMBDA_INITIALIZATION_TYPE`` Lambda uses."""
    if value not in INITIALIZATION_TYPES:
        raise EnvironmentVariablesError(
            with_docs(
                f"initialization_type {value!r} is not one Lambda uses; valid values: {list(INITIALIZATION_TYPES)}",
                "environment-variables",
            )
        )
    return value


def _is_valid_key(key: object) -> bool:
    return isinstance(key, str) and _KEY.fullmatch(key) is not None


def _region_of(context: LambdaContext) -> str:
    # arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]
    return context.invoked_function_arn.split(":")[3]


def _trace_id() -> str:
    # X-Ray header format: https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
    return f"Root=1-{now_ms() // 1000:08x}-{secrets.token_hex(12)};Parent={secrets.token_hex(8)};Sampled=0"


def _fake_credentials() -> dict[str, str]:
    # Lambda hands the function temporary credentials (ASIA... keys with a session token).
    key_id = "ASIA" + secrets.token_hex(8).upper()
    return {
        "AWS_ACCESS_KEY": key_id,
        "AWS_ACCESS_KEY_ID": key_id,
        "AWS_SECRET_ACCESS_KEY": secrets.token_urlsafe(30)[:40],
        "AWS_SESSION_TOKEN": "FwoGZXIvYXdzE" + secrets.token_urlsafe(48),
    }


def lambda_environ(
    context: LambdaContext,
    *,
    handler: str = DEFAULT_HANDLER,
    variables: Mapping[str, str] | None = None,
    initialization_type: str = "on-demand",
) -> dict[str, str]:
    """The variables a function sees in Lambda, consistent with ``context``, plus the user's own."""
    check_initialization_type(initialization_type)
    user = validate_variables(variables or {})
    region = _region_of(context)
    environ = {
        "_HANDLER": handler,
        "_X_AMZN_TRACE_ID": _trace_id(),
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_python{sys.version_info.major}.{sys.version_info.minor}",
        "AWS_LAMBDA_FUNCTION_NAME": context.function_name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": context.memory_limit_in_mb,
        "AWS_LAMBDA_FUNCTION_VERSION": context.function_version,
        "AWS_LAMBDA_INITIALIZATION_TYPE": initialization_type,
        "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001",
        "LAMBDA_TASK_ROOT": "/var/task",
        "LAMBDA_RUNTIME_DIR": "/var/runtime",
        "TZ": ":UTC",
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
        # Lambda's daemon listens on 169.254.79.129:2000; here the plugin's sink does, one address per process.
        "AWS_XRAY_DAEMON_ADDRESS": xray.daemon_address(),
        **_fake_credentials(),
    }
    # SnapStart functions get no log group/stream variables (configuration-envvars.html).
    if initialization_type != "snap-start":
        environ["AWS_LAMBDA_LOG_GROUP_NAME"] = context.log_group_name or ""
        environ["AWS_LAMBDA_LOG_STREAM_NAME"] = context.log_stream_name or ""
    environ.update(user)
    return environ


# The host's variables a function never sees (lambda_env, LambdaFunction, the CLI): every AWS_* one
# it does not set itself (a profile, real keys, AWS_CA_BUNDLE, AWS_ENDPOINT_URL*, AWS_CONFIG_FILE,
# AWS_SHARED_CREDENTIALS_FILE...). Lambda has none of them (configuration-envvars.html), and a
# test must not reach a real account.
HIDDEN_PREFIX = "AWS_"


_HIDDEN_NAME = re.compile(b"\0(" + re.escape(HIDDEN_PREFIX.encode()) + b"[^\0]*)")


def hidden_from_function(name: str) -> bool:
    """Whether the host's variable ``name`` is hidden from a function (unless the function sets it)."""
    return name.startswith(HIDDEN_PREFIX)


def _check_settable(environ: Mapping[Any, Any]) -> None:
    """Every name and value checked before anything is set: a failure leaves os.environ as it was."""
    for key, value in environ.items():
        if not isinstance(key, str) or not key or "=" in key or "\0" in key:
            raise EnvironmentVariablesError(
                with_docs(f"{key!r} is not an environment variable name", "environment-variables")
            )
        if not isinstance(value, str):
            raise EnvironmentVariablesError(
                with_docs(f"environment variable {key} must be a str, got {value!r}", "environment-variables")
            )
        check_value(key, value)


@contextmanager
def patched_environ(environ: Mapping[str, str]) -> Iterator[dict[str, str]]:
    """Set ``environ`` in ``os.environ`` and restore every variable afterwards.

    Other ``AWS_*`` variables of the host (a profile, an endpoint URL, real keys) are removed
    for the duration: Lambda has none of them, and a test must not reach a real account.
    """
    _check_settable(environ)
    touched = set(environ) | {k for k in os.environ if hidden_from_function(k)}
    saved = {key: os.environ.get(key) for key in touched}
    for key in touched - set(environ):
        del os.environ[key]
    os.environ.update(environ)
    _tzset()
    try:
        yield dict(environ)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _tzset()


def _tzset() -> None:
    if hasattr(time, "tzset"):  # pragma: no branch - absent on Windows only
        time.tzset()


# On POSIX os.environ keeps bytes in ``_data`` beside the C environment (putenv). Writing both
# directly skips two Python-level encoders per variable; the harness writes some on every invoke.
POSIX_ENVIRON: dict[bytes, bytes] | None = getattr(os.environ, "_data", None) if os.name == "posix" else None
if not isinstance(POSIX_ENVIRON, dict):  # pragma: no cover - not CPython's POSIX os.environ
    POSIX_ENVIRON = None


# The trace id, set on every invoke: a Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=0 header fits.
TRACE_SLOT = EnvironSlot(b"_X_AMZN_TRACE_ID", 128)


def put(data: dict[bytes, bytes], key: bytes, value: bytes | None) -> None:
    """Set one variable in ``os.environ``'s data and the C environment; ``None`` unsets it."""
    if value is None:
        if key in data:
            os.unsetenv(key)
            del data[key]
    else:
        os.putenv(key, value)
        data[key] = value


class EnvironSwap:
    """Variables applied to the process environment; ``restore`` puts back what they displaced.

    ``encode`` turns names and values into the form ``apply`` and ``set`` take (bytes on POSIX),
    once, so that applying the same variables again is cheap.
    """

    __slots__ = ("_saved",)

    def __init__(self) -> None:
        self._saved: dict[bytes, bytes | None] = {}

    @staticmethod
    def encode(environ: Mapping[str, str]) -> tuple[tuple[bytes, bytes], ...]:
        return tuple((os.fsencode(key), os.fsencode(value)) for key, value in environ.items())

    def apply(self, pairs: tuple[tuple[bytes, bytes], ...]) -> None:
        """Set every pair, remembering the first value each name displaced."""
        data, saved = POSIX_ENVIRON, self._saved
        if data is None:  # pragma: no cover - not POSIX
            for key, value in pairs:
                self.set(key, value)
            return
        putenv = os.putenv
        for key, value in pairs:
            current = data.get(key)
            if key not in saved:
                saved[key] = current
            if current != value:
                putenv(key, value)
                data[key] = value

    def set(self, key: bytes, value: bytes) -> None:
        """Set one variable, remembering the first value it displaced."""
        data = POSIX_ENVIRON
        if data is None:  # pragma: no cover - not POSIX
            name = os.fsdecode(key)
            if key not in self._saved:
                previous = os.environ.get(name)
                self._saved[key] = None if previous is None else os.fsencode(previous)
            os.environ[name] = os.fsdecode(value)
            return
        if key not in self._saved:
            self._saved[key] = data.get(key)
        os.putenv(key, value)
        data[key] = value

    def set_slot(self, slot: EnvironSlot, value: bytes) -> None:
        """Set ``slot``'s variable, in the C environment through the slot's own buffer (see ``cslot``):
        a value that changes on every call (the trace id) then allocates nothing."""
        data = POSIX_ENVIRON
        key = slot.name
        if data is None:  # pragma: no cover - not POSIX
            self.set(key, value)
            return
        if key not in self._saved:
            self._saved[key] = data.get(key)
        if not slot.write(value):
            os.putenv(key, value)
        data[key] = value

    def hidden_names(self, keep: frozenset[bytes]) -> list[bytes]:
        """The names in the process environment hidden from a function (``hidden_from_function``), but for ``keep``."""
        data = POSIX_ENVIRON
        if data is None:  # pragma: no cover - not POSIX
            return [os.fsencode(k) for k in os.environ if hidden_from_function(k) and os.fsencode(k) not in keep]
        # One regex over the names joined, rather than a Python-level test of each name.
        return [name for name in _HIDDEN_NAME.findall(b"\0" + b"\0".join(data)) if name not in keep]

    def unset(self, key: bytes) -> None:
        """Remove one variable, remembering the value it had."""
        data = POSIX_ENVIRON
        if data is None:  # pragma: no cover - not POSIX
            name = os.fsdecode(key)
            if key not in self._saved:
                previous = os.environ.get(name)
                self._saved[key] = None if previous is None else os.fsencode(previous)
            os.environ.pop(name, None)
            return
        if key not in self._saved:
            self._saved[key] = data.get(key)
        if key in data:
            os.unsetenv(key)
            del data[key]
        if key == TRACE_SLOT.name:
            TRACE_SLOT.installed = False

    def displaced(self, applied: Mapping[bytes, bytes]) -> list[tuple[bytes, bytes | None, bytes | None]]:
        """``(name, its value in applied, the value restore puts back)`` for every variable ``restore`` restores."""
        return [(key, applied.get(key), value) for key, value in self._saved.items()]

    @staticmethod
    def put_back(displaced: list[tuple[bytes, bytes | None, bytes | None]]) -> None:
        """Restore each variable of ``displaced`` found at its function's value again (a value set, not the host's)."""
        data = POSIX_ENVIRON
        if data is None:  # pragma: no cover - not POSIX
            return
        for key, value, host in displaced:
            if value is not None and value != host and data.get(key) == value:
                put(data, key, host)

    def restore(self) -> None:
        """Put back every displaced value (unset what was unset) and forget them."""
        data, saved = POSIX_ENVIRON, self._saved
        putenv, unsetenv = os.putenv, os.unsetenv
        for key, value in saved.items():
            if data is None:  # pragma: no cover - not POSIX
                if value is None:
                    os.environ.pop(os.fsdecode(key), None)
                else:
                    os.environ[os.fsdecode(key)] = os.fsdecode(value)
            elif value is None:
                if key in data:
                    unsetenv(key)
                    del data[key]
            else:
                putenv(key, value)
                data[key] = value
        if TRACE_SLOT.name in saved:
            TRACE_SLOT.installed = False
        saved.clear()
