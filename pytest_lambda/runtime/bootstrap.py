"""The Init phase: the handler string resolved to a callable, its module run afresh, init errors reported.

Handler resolution and its ``Runtime.*`` errors follow awslambdaric 4.2.2 (``bootstrap._get_handler``);
the INIT_START/INIT_REPORT lines lambda-runtime-environment.html.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import sys
import time
from types import ModuleType
from typing import TYPE_CHECKING

from pytest_lambda.runtime import crash, journal, logs, warning_filters
from pytest_lambda.runtime.config import Handler
from pytest_lambda.runtime.event_loops import hide_running_loop, show_running_loop
from pytest_lambda.runtime.faults import (
    BUILT_IN_MODULE_CONFLICT,
    EXIT_ERROR,
    HANDLER_NOT_FOUND,
    IMPORT_MODULE_ERROR,
    MALFORMED_HANDLER_NAME,
    USER_CODE_SYNTAX_ERROR,
    ErrorObject,
    FaultError,
    error_from_exception,
)

if TYPE_CHECKING:
    from pytest_lambda.runtime.config import FunctionSettings
    from pytest_lambda.runtime.environment import ExecutionEnvironment

UNHANDLED_EXCEPTION_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. "
    "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. "
    "For functions using managed runtimes, runtime updates can be triggered by a function change, "
    "or can be applied automatically. To determine if the runtime has been updated, check the runtime "
    "version in the INIT_START log entry. If this error correlates with a change in the runtime version, "
    "you may be able to mitigate this error by temporarily rolling back to the previous runtime version. "
    "For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r"
)


def handler_name(handler: str | Handler) -> str:
    """The ``_HANDLER`` value: the string as given, or ``module.qualname`` of a callable."""
    if isinstance(handler, str):
        return handler
    module = getattr(handler, "__module__", None) or "lambda_function"
    return f"{module}.{getattr(handler, '__qualname__', 'lambda_handler')}"


def load_handler(handler: str) -> tuple[ModuleType, Handler]:
    """Resolve ``"package/module.function"`` as the runtime does, executing the module afresh.

    The module is imported anew (its top-level code runs again, as in a new execution
    environment) but ``sys.modules`` is left as it was, so the test's own imports of it, and
    patches on the modules it imports, are undisturbed.
    """
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as exc:
        raise FaultError(MALFORMED_HANDLER_NAME, f"Bad handler '{handler}': {exc}") from None
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise FaultError(BUILT_IN_MODULE_CONFLICT, f"Cannot use built-in module {module_name} as a handler module")
    try:
        module = _fresh_import(module_name.replace("/", "."))
    except ImportError as exc:
        raise FaultError(IMPORT_MODULE_ERROR, f"Unable to import module '{module_name}': {exc}") from None
    except SyntaxError as exc:
        trace = [f'  File "{exc.filename}" Line {exc.lineno}\n    {exc.text}']
        raise FaultError(USER_CODE_SYNTAX_ERROR, f"Syntax error in module '{module_name}': {exc}", trace) from None
    try:
        return module, getattr(module, function_name)
    except AttributeError:
        raise FaultError(HANDLER_NOT_FOUND, f"Handler '{function_name}' missing on module '{module_name}'") from None


def _fresh_import(name: str) -> ModuleType:
    previous = sys.modules.pop(name, None)
    # Importing ``pkg.app`` also sets the attribute ``app`` of ``pkg``: it is the test's again after.
    parent_name, _, child = name.rpartition(".")
    parent = sys.modules.get(parent_name) if parent_name else None
    missing = object()
    attribute = missing if parent is None else getattr(parent, child, missing)
    try:
        return importlib.import_module(name)
    finally:
        if previous is not None:
            sys.modules[name] = previous
        else:
            sys.modules.pop(name, None)
        parent = sys.modules.get(parent_name) if parent_name else None
        if parent is not None:
            if attribute is missing:
                parent.__dict__.pop(child, None)
            else:
                setattr(parent, child, attribute)


def runtime_version() -> str:
    """``python:3.X.v1``: the managed runtime this interpreter stands for."""
    return f"python:{sys.version_info.major}.{sys.version_info.minor}.v1"


def _runtime_arn(region: str, version: str) -> str:
    # A stable stand-in for the runtime version ARN's digest.
    return f"arn:aws:lambda:{region}::runtime:{hashlib.sha256(version.encode()).hexdigest()}"


def init_phase(env: ExecutionEnvironment, function: FunctionSettings) -> ErrorObject | crash.Crash | None:
    """INIT_START, then the handler's module imported (or the callable taken) into ``env``.

    Returns the error object if init failed (the ``Crash`` if the runtime process ended): the
    environment then stays uninitialised, and the next invoke tries again, as Lambda does.
    """
    version = runtime_version()
    config = function.config
    env.sink.write(
        logs.init_start_line(
            function.log_format,
            version,
            _runtime_arn(config.region, version),
            function.clock.now_ms(),
            initialization_type=function.initialization_type,
            function_name=config.function_name,
            function_version=config.version,
        )
    )
    env.sink.request_id = ""
    started = time.perf_counter()
    crash.intercept_exit()
    warning_filters.install(front=False)
    try:
        with logs.Redirect(env.sink):
            journal.begin(env)
            loop = hide_running_loop()
            try:
                env.module, env.handler = _load(function.handler)
            finally:
                show_running_loop(loop)
                journal.end(env)
    except Exception as exc:
        try:
            error = error_from_exception(exc, None)
        except BaseException as failure:  # str(exc) failed: so does the runtime's process
            return _crashed(env, crash.from_failing_str(failure, during_init=True), started)
        env.init_duration_ms = (time.perf_counter() - started) * 1000
        with logs.Redirect(env.sink):
            logging.getLogger().warning(UNHANDLED_EXCEPTION_WARNING)
        env.sink.write(logs.error_entry(function.log_format, error))
        env.sink.platform_line(logs.init_report_line(env.init_duration_ms, error["errorType"]))
        return error
    except BaseException as exc:
        if not crash.is_fatal(exc):
            raise
        return _crashed(env, crash.from_exit(exc, during_init=True), started)
    env.init_duration_ms = (time.perf_counter() - started) * 1000
    return None


def _crashed(env: ExecutionEnvironment, ended: crash.Crash, started: float) -> crash.Crash:
    """The runtime process ended while importing the module: no [ERROR] entry, as no runtime is left to log it."""
    env.init_duration_ms = (time.perf_counter() - started) * 1000
    env.sink.write(ended.output)
    env.sink.platform_line(logs.init_report_line(env.init_duration_ms, EXIT_ERROR))
    return ended


def _load(handler: str | Handler) -> tuple[ModuleType | None, Handler]:
    if isinstance(handler, str):
        return load_handler(handler)
    return None, handler
