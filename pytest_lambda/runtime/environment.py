"""One execution environment: its variables, log sink and loaded handler; entering it and leaving it.

Entering puts the environment's variables (and each invoke's trace id) into the process and the
handler's module into ``sys.modules``; leaving puts the host's back. One environment's variables
are in the process at a time, as one process is one environment (lambda-runtime-environment.html).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

from pytest_lambda.context import LambdaContext
from pytest_lambda.runtime import inflight, journal
from pytest_lambda.runtime.config import Handler
from pytest_lambda.runtime.logs import LogSink
from pytest_lambda.runtime.variables import DEFAULT_HANDLER, POSIX_ENVIRON, TRACE_SLOT, EnvironSwap, lambda_environ

if TYPE_CHECKING:
    from pytest_lambda.runtime.config import FunctionSettings

# The trace id is set per invoke, not per environment.
_NOT_SET = ("_X_AMZN_TRACE_ID",)
_TRACE_ID = b"_X_AMZN_TRACE_ID"
# Lambda has no shared config file: the developer's ~/.aws/config (a [default] profile with an
# endpoint_url, a ca_bundle...) must not reach the function's SDK either. (The credentials file needs
# nothing: the SDKs take the role's credentials from the variables first, and no profile is set.)
_NO_AWS_FILES = {"AWS_CONFIG_FILE": os.devnull}
# What time.tzset() leaves in the time module for a UTC zone (TZ=:UTC, or a host already on UTC).
_UTC_ZONE = (("UTC", "UTC"), 0, 0, 0)
_TZSET = getattr(time, "tzset", None)  # absent on Windows only
_MISSING = object()


def _zone() -> tuple[tuple[str, str], int, int, int]:
    return (time.tzname, time.timezone, time.altzone, time.daylight)


class ExecutionEnvironment:
    """One execution environment: the handler its init loaded, its log sink and its variables."""

    __slots__ = ("encoded", "ended", "handler", "init_duration_ms", "log_stream_name", "module", "names", "own",
                 "sink", "variables")  # fmt: skip

    def __init__(self, log_stream_name: str, sink: LogSink, variables: dict[str, str]) -> None:
        self.log_stream_name = log_stream_name
        self.sink = sink
        self.variables = variables
        # The variables as the process environment takes them, encoded once.
        self.encoded = EnvironSwap.encode(variables)
        self.names = frozenset(key for key, _ in self.encoded)
        # The variables the function's own code set (bytes) or deleted (None): see ``journal``.
        self.own: dict[bytes, bytes | None] = {}
        self.handler: Handler | None = None
        self.module: ModuleType | None = None
        self.init_duration_ms: float | None = None
        # Set after a timeout, a crash or a failed init: Lambda then resets the environment.
        self.ended = False

    @property
    def initialized(self) -> bool:
        return self.handler is not None

    def stop_code(self) -> None:
        """The function's code stopped running: its changes to the variables are kept, the test's restored."""
        journal.end(self)


def variables_for(function: FunctionSettings, log_stream_name: str) -> dict[str, str]:
    """The variables Lambda sets for ``function`` in an environment writing to ``log_stream_name``."""
    config = function.config
    context = LambdaContext(
        aws_request_id="",
        function_name=config.function_name,
        function_version=config.version,
        invoked_function_arn=config.invoked_function_arn,
        memory_limit_in_mb=str(config.memory_size),
        log_group_name=config.log_group_name,
        log_stream_name=log_stream_name,
        remaining_ms=config.timeout * 1000,
    )
    variables = lambda_environ(
        context,
        handler=function.handler_name if isinstance(function.handler, str) else DEFAULT_HANDLER,
        variables=function.environment,
        initialization_type=function.initialization_type,
    )
    for key in _NOT_SET:
        variables.pop(key, None)
    for key, value in _NO_AWS_FILES.items():
        variables.setdefault(key, value)
    if function.log_format == "JSON":
        variables["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
    if function.log_level is not None:
        variables["AWS_LAMBDA_LOG_LEVEL"] = function.log_level
    return variables


def new_environment(function: FunctionSettings) -> ExecutionEnvironment:
    """A fresh environment for ``function``: a new log stream, and the variables Lambda would set."""
    log_stream = function.config.new_log_stream_name()
    sink = LogSink(function.log_format, function.log_level)
    return ExecutionEnvironment(log_stream, sink, variables_for(function, log_stream))


# Whose variables are in the process now: one function's at a time.
_IN_PROCESS: dict[str, ProcessVariables] = {}


class ProcessVariables:
    """A function's variables in the process environment: ``enter`` applies them, ``leave`` restores the host's.

    Applying another environment's variables, or entering after another function did, first puts
    back what the previous one displaced. The C library reads ``TZ`` only when ``time.tzset()``
    runs, so entering and leaving call it when the zone changes: the handler's module and its
    invokes see Lambda's UTC (``TZ=:UTC``, configuration-envvars.html), the host its own zone after.
    """

    __slots__ = ("_applied", "_enclosing", "_hidden", "_hidden_for", "_host_seen", "_host_zone", "_left", "_swap")

    def __init__(self) -> None:
        self._swap = EnvironSwap()
        # The host's variables hidden from the function, found in the host as last seen, for these names.
        self._hidden: list[bytes] = []
        self._host_seen: Mapping[Any, Any] = {}
        self._hidden_for: frozenset[bytes] | None = None
        # (name, the function's value, the host's) of each variable the last remembering leave restored.
        self._left: list[tuple[bytes, bytes | None, bytes | None]] = []
        self._applied: ExecutionEnvironment | None = None
        # The function whose invoke this one's runs inside (a handler invoking another), if any.
        self._enclosing: ProcessVariables | None = None
        # The time module's zone before the first enter; None while nothing is entered.
        self._host_zone: tuple[tuple[str, str], int, int, int] | None = None

    def sweep(self) -> None:
        """Restore the host's value of each variable found at the function's value again since ``leave``."""
        left, self._left = self._left, []
        EnvironSwap.put_back(left)

    def enter(self, env: ExecutionEnvironment, trace_id: bytes | None) -> None:
        """``env``'s variables in the process, with this invoke's ``_X_AMZN_TRACE_ID`` (``None``: unset,
        as during init: the runtime sets it per invoke from the Lambda-Runtime-Trace-Id header,
        awslambdaric 4.2.2 ``bootstrap.update_xray_env_variable``)."""
        if self._applied is not env or _IN_PROCESS.get("owner") is not self:
            owner = _IN_PROCESS.get("owner")
            if owner is not None and owner is not self:
                if inflight.STATE.depth > 1:
                    # Invoked by the owner's handler: ours go on top of its variables, which ``leave`` puts back.
                    self._enclosing = owner
                else:
                    owner.leave()
            if self._host_zone is None:
                self._host_zone = _zone()
            swap = self._swap
            # The shell's AWS settings (a profile, real keys, an endpoint...) do not reach the function.
            # Looking for them costs a pass over every name: done again only when the host changed.
            host = os.environ if POSIX_ENVIRON is None else POSIX_ENVIRON
            if env.names is not self._hidden_for or host != self._host_seen:
                self._hidden = swap.hidden_names(env.names)
                self._host_seen = dict(host)
                self._hidden_for = env.names
            swap.apply(env.encoded)
            for name in self._hidden:
                swap.unset(name)
            self._applied = env
            _IN_PROCESS["owner"] = self
            # A host already on UTC needs no tzset (it costs ~10 us each way), unless TZ names another zone.
            if _TZSET is not None and (self._host_zone != _UTC_ZONE or env.variables.get("TZ") != ":UTC"):
                _TZSET()
        if trace_id is None:
            self._swap.unset(_TRACE_ID)
        else:
            self._swap.set_slot(TRACE_SLOT, trace_id)

    def leave(self, remember: bool = False) -> None:
        """Restore every variable the function's environments displaced, and the host's zone; with
        ``remember``, keep what was restored for ``sweep``."""
        applied = self._applied
        if remember and applied is not None:
            self._left = self._swap.displaced(dict(applied.encoded))
        self._swap.restore()
        self._applied = None
        if _IN_PROCESS.get("owner") is self:
            if self._enclosing is None:
                del _IN_PROCESS["owner"]
            else:
                _IN_PROCESS["owner"] = self._enclosing
        self._enclosing = None
        host_zone, self._host_zone = self._host_zone, None
        # Also when the handler itself changed the zone (set TZ and called tzset).
        if _TZSET is not None and host_zone is not None and (host_zone != _UTC_ZONE or _zone() != host_zone):
            _TZSET()


def enter_module(env: ExecutionEnvironment) -> Callable[[], None]:
    """Put the handler's module in ``sys.modules`` and the function's own variables in the process
    (``journal``); returns what undoes both.

    (The root logger's level, set from ``AWS_LAMBDA_LOG_LEVEL``, is the log sink's: ``logs.redirect``
    applies it during init and every invoke.)
    """
    journal.begin(env)
    module = env.module
    if module is None:
        return env.stop_code
    # Classes defined in the handler's module must be found under its name (pickle, typing), and
    # ``pkg.app`` reached through its package is the function's copy too, while the handler runs.
    name = module.__name__
    modules = sys.modules
    displaced = _swap_in(modules, name, module)
    parent_name, _, child = name.rpartition(".")
    parent = modules.get(parent_name) if parent_name else None
    namespace = None if parent is None else parent.__dict__
    attribute = _MISSING if namespace is None else _swap_in(namespace, child, module)

    def restore() -> None:
        _put_back(modules, name, displaced)
        if namespace is not None:
            _put_back(namespace, child, attribute)
        journal.end(env)

    return restore


def _swap_in(mapping: dict[str, Any], key: str, value: Any) -> Any:
    """Set ``mapping[key]``; return what it held (``_MISSING`` if nothing) for ``_put_back``."""
    previous = mapping.get(key, _MISSING)
    mapping[key] = value
    return previous


def _put_back(mapping: dict[str, Any], key: str, previous: Any) -> None:
    if previous is _MISSING:
        mapping.pop(key, None)
    else:
        mapping[key] = previous
