"""pytest wiring: options, markers, header, fixtures. The library lives in the other modules."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from pytest_lambda import _conflict
from pytest_lambda._current_test import CURRENT_TEST, CurrentTest
from pytest_lambda._options import (
    SCALAR_OPTIONS,
    event_call,
    event_request,
    merge_marker_kwargs,
    parse_env_lines,
    parse_seed,
    resolve_options,
    seed_for,
)
from pytest_lambda.aws import LambdaAWS, Stack, guard
from pytest_lambda.context import ContextConfig, LambdaContext
from pytest_lambda.errors import ConfigurationError, ConflictingDistributionWarning, PytestLambdaError, with_docs
from pytest_lambda.recording import (
    DEFAULT_MAX_LINES,
    Recorded,
    Recorder,
    RunStats,
    check_logs_mode,
    log_section,
    parse_max_lines,
)
from pytest_lambda.runtime import Handler, LambdaFunction, LambdaFunctionFactory, warning_filters
from pytest_lambda.runtime.variables import (
    DEFAULT_HANDLER,
    INITIALIZATION_TYPES,
    check_initialization_type,
    lambda_environ,
    patched_environ,
    validate_variables,
)
from pytest_lambda.summary import Prices, check_json_path, parse_prices, parse_rate, summary_data, summary_lines

if TYPE_CHECKING:
    from _pytest.terminal import TerminalReporter  # pytest 8.0, the lowest pin, has no pytest.TerminalReporter


@dataclass(frozen=True)
class _Settings:
    """The session's settings from command line and ini, validated at configure time."""

    context: dict[str, Any]
    env: dict[str, str]
    handler: str
    handler_option: str | None
    initialization_type: str
    seed: int | None


@dataclass(frozen=True)
class _Observing:
    """What the run records of its invocations, and what it shows of them (README: failure reports, run summary)."""

    recorder: Recorder
    logs: str
    # Whether passed tests show their logs too (-rP, -rA, --lambda-logs=all): then every phase's
    # log is put together; otherwise only those of a failed test are.
    eager: bool
    max_lines: int
    report: bool
    json_path: str | None
    prices: Prices
    rate: tuple[str, float] | None


_SETTINGS = pytest.StashKey[_Settings]()
_OBSERVING = pytest.StashKey[_Observing]()
_WORKER_STATS = "pytest_lambda_run_stats"
_GUARDED = pytest.StashKey[bool]()

_HELP = {
    "function_name": "function name (default: test_function)",
    "timeout": "function timeout in seconds, 1-900 (default: 3)",
    "memory_size": "memory in MB, 128-10240 (default: 128)",
    "region": "AWS region (default: us-east-1)",
    "account_id": "12-digit account id (default: 123456789012)",
    "version": "function version, $LATEST or a number (default: $LATEST)",
    "alias": "alias the function is invoked through (default: none)",
    "tenant_id": "tenant id of a tenant-isolated function (default: none)",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("aws_lambda", "AWS Lambda (pytest-aws-lambda)")
    for name, text in _HELP.items():
        group.addoption(f"--lambda-{name.replace('_', '-')}", dest=f"lambda_{name}", default=None, help=text)
        parser.addini(f"lambda_{name}", text, default="")
    group.addoption("--lambda-handler", dest="lambda_handler", default=None, help="_HANDLER value of lambda_env")
    parser.addini("lambda_handler", f"_HANDLER value of lambda_env (default: {DEFAULT_HANDLER})", default="")
    parser.addini("lambda_env", "environment variables of the function, KEY=VALUE per line", type="linelist")
    group.addoption(
        "--lambda-seed",
        dest="lambda_seed",
        default=None,
        help="seed of every lambda_event (default: one per test, derived from its id)",
    )
    init_help = f"AWS_LAMBDA_INITIALIZATION_TYPE of lambda_env, one of {', '.join(INITIALIZATION_TYPES)}"
    group.addoption("--lambda-initialization-type", dest="lambda_initialization_type", default=None, help=init_help)
    parser.addini("lambda_initialization_type", f"{init_help} (default: on-demand)", default="")
    allow_help = "let boto3/botocore requests reach real AWS (by default they are refused)"
    group.addoption("--lambda-allow-aws", dest="lambda_allow_aws", action="store_true", default=False, help=allow_help)
    parser.addini("lambda_allow_aws", allow_help, type="bool", default=False)
    _add_observing_options(parser, group)


_OBSERVING_HELP = {
    "logs": "which tests' reports show the function's logs: failed (and passed ones with -rP), all, no "
    "(default: failed)",
    "logs_max_lines": "cut a test's Lambda logs to this many lines, head and tail; 0 shows all "
    f"(default: {DEFAULT_MAX_LINES})",
    "report_json": "write the run summary of the Lambda invocations as JSON to this path",
    "report_rate": "request rate of the run summary's monthly cost: N/month, N/day, N/hour or N/second",
    "report_prices": "USD prices of the run summary: request=...,x86_64=...,arm64=... per GB-second "
    "(default: us-east-1)",
}


def _add_observing_options(parser: pytest.Parser, group: pytest.OptionGroup) -> None:
    metavars = {"logs": "failed|all|no", "logs_max_lines": "N", "report_json": "PATH", "report_rate": "N/UNIT",
                "report_prices": "NAME=USD,..."}  # fmt: skip
    for name, text in _OBSERVING_HELP.items():
        option = f"--lambda-{name.replace('_', '-')}"
        group.addoption(option, dest=f"lambda_{name}", default=None, metavar=metavars[name], help=text)
        parser.addini(f"lambda_{name}", text, default="")
    report_help = "after the tests, summarise the Lambda invocations per function: counts, errors, durations, cost"
    group.addoption("--lambda-report", dest="lambda_report", action="store_true", default=False, help=report_help)
    parser.addini("lambda_report", report_help, type="bool", default=False)


def pytest_plugin_registered(plugin: object, plugin_name: str, manager: pytest.PytestPluginManager) -> None:
    # With pytest-lambda installed too, this module may be reached through both entry points;
    # registering it twice would make pytest crash before any hook could explain why.
    if plugin is sys.modules[__name__] and plugin_name in _conflict.OTHER_ENTRY_POINT:
        manager.set_blocked(_conflict.OTHER_ENTRY_POINT[plugin_name])


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "lambda_context(**config): configure the lambda_context fixture with the keywords of "
        "pytest_lambda.make_context (function_name, timeout, memory_size, region, account_id, "
        "version, alias, tenant_id, client_context, identity)",
    )
    config.addinivalue_line(
        "markers", "lambda_env(**variables): add the function's own environment variables to lambda_env"
    )
    config.addinivalue_line(
        "markers",
        "lambda_event(source, /, **overrides): build the lambda_event fixture with pytest_lambda.make_event "
        "(shorthands such as body=, records=, and AWS field names)",
    )
    config.addinivalue_line(
        "markers",
        "lambda_function(**options): default keywords of pytest_lambda.LambdaFunction for the lambda_function "
        "fixture (handler, max_retry_attempts, dead_letter_queue, log_format, tracing, ...)",
    )
    config.addinivalue_line(
        "markers",
        "lambda_stack(template, /, **options): the template (relative to the test file) that the lambda_stack "
        "fixture deploys to moto, with pytest_lambda.aws.Stack.from_template's keywords (parameters, imports, ...)",
    )
    version = _conflict.conflicting_version()
    if version is not None:
        config.issue_config_time_warning(ConflictingDistributionWarning(_conflict.conflict_message(version)), 2)
    try:
        options = resolve_options(
            {name: config.getoption(f"lambda_{name}") for name in SCALAR_OPTIONS},
            {name: config.getini(f"lambda_{name}") for name in SCALAR_OPTIONS},
        )
        env = validate_variables(parse_env_lines(config.getini("lambda_env")))
        init = config.getoption("lambda_initialization_type") or config.getini("lambda_initialization_type")
        initialization_type = check_initialization_type(init or "on-demand")
        seed = parse_seed(config.getoption("lambda_seed"))
        observing = _observing(config)
    except PytestLambdaError as exc:
        raise pytest.UsageError(str(exc)) from None
    handler = config.getoption("lambda_handler") or config.getini("lambda_handler") or None
    # Refuse real AWS traffic from here on, unless allowed; botocore is patched only once imported.
    guard.protect(not (config.getoption("lambda_allow_aws") or config.getini("lambda_allow_aws")))
    config.stash[_GUARDED] = True
    if observing is not None:
        config.stash[_OBSERVING] = observing
        observing.recorder.install()
    config.stash[_SETTINGS] = _Settings(
        context=options,
        env=env,
        handler=handler or DEFAULT_HANDLER,
        handler_option=handler,
        initialization_type=initialization_type,
        seed=seed,
    )


def _observing(config: pytest.Config) -> _Observing | None:
    """The settings of the logs and the summary; ``None`` if nothing asks for a recorder."""

    def setting(name: str) -> tuple[str, str]:
        value = config.getoption(f"lambda_{name}")
        if value is not None:
            return value, f"--lambda-{name.replace('_', '-')}"
        return config.getini(f"lambda_{name}"), f"lambda_{name}"

    logs_text, max_lines_text, rate_text = setting("logs"), setting("logs_max_lines"), setting("report_rate")
    logs = check_logs_mode(*logs_text) if logs_text[0] else "failed"
    max_lines = parse_max_lines(*max_lines_text) if max_lines_text[0] else DEFAULT_MAX_LINES
    report = bool(config.getoption("lambda_report") or config.getini("lambda_report"))
    json_text = setting("report_json")
    json_path = check_json_path(*json_text) if json_text[0] else None
    prices = parse_prices(*setting("report_prices"))
    rate = (rate_text[0], parse_rate(*rate_text)) if rate_text[0] else None
    summarize = report or json_path is not None
    if logs == "no" and not summarize:
        return None
    recorder = Recorder(RunStats() if summarize else None)
    chars = getattr(config.option, "reportchars", None) or ""  # none with -p no:terminal
    eager = logs == "all" or (logs != "no" and ("P" in chars or "A" in chars))
    return _Observing(recorder, logs, eager, max_lines, report, json_path, prices, rate)


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.stash.get(_GUARDED, False):
        guard.release()
    observing = config.stash.get(_OBSERVING, None)
    if observing is not None:
        observing.recorder.uninstall()


def pytest_sessionfinish(session: pytest.Session) -> None:
    observing = session.config.stash.get(_OBSERVING, None)
    if observing is None or observing.recorder.stats is None:
        return
    observing.recorder.take()
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        # An xdist worker: the controller merges every worker's numbers (pytest_testnodedown).
        workeroutput[_WORKER_STATS] = observing.recorder.stats.to_data()
    elif observing.json_path is not None:
        data = summary_data(observing.recorder.stats, observing.prices, observing.rate)
        with open(observing.json_path, "w", encoding="utf-8") as file:
            json.dump(data, file, indent=2)
            file.write("\n")


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    observing = node.config.stash.get(_OBSERVING, None)
    if observing is not None and observing.recorder.stats is not None:
        observing.recorder.stats.merge(node.workeroutput.get(_WORKER_STATS, []))


def pytest_terminal_summary(terminalreporter: TerminalReporter, config: pytest.Config) -> None:
    observing = config.stash.get(_OBSERVING, None)
    if observing is None:
        return
    if observing.logs == "all" and "P" not in terminalreporter.reportchars:
        _passed_logs(terminalreporter)
    if observing.report and observing.recorder.stats is not None:
        observing.recorder.take()
        terminalreporter.write_sep("=", "Lambda invocations")
        for line, markup in summary_lines(summary_data(observing.recorder.stats, observing.prices, observing.rate)):
            terminalreporter.write_line(line, **markup)


def _passed_logs(terminalreporter: TerminalReporter) -> None:
    """``--lambda-logs=all``: the Lambda logs of passed tests, as ``-rP`` shows their captured output."""
    if terminalreporter.config.option.showcapture == "no":
        return
    reports = [r for r in terminalreporter.getreports("passed") if any("Lambda logs" in n for n, _ in r.sections)]
    if reports:
        terminalreporter.write_sep("=", "Lambda logs of passed tests")
    for report in reports:
        terminalreporter.write_sep("_", report.head_line or report.nodeid)
        for name, content in report.sections:
            if "Lambda logs" in name:
                terminalreporter.write_sep("-", name)
                terminalreporter.write_line(content.removesuffix("\n"))


def pytest_report_header(config: pytest.Config) -> str:
    settings = config.stash[_SETTINGS]
    options = ContextConfig.from_options(settings.context)
    seed = "per test" if settings.seed is None else settings.seed
    return (
        f"aws_lambda: function_name={options.function_name}, timeout={options.timeout}s, "
        f"memory_size={options.memory_size}MB, region={options.region}, version={options.version}, "
        f"event seed={seed}"
    )


_EVENT_REPORT = pytest.StashKey[str]()
_STACK_REPORT = pytest.StashKey[str]()
# The functions the lambda_function fixture made for the test.
_HELD = pytest.StashKey[list[LambdaFunction]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    observing = item.config.stash.get(_OBSERVING, None)
    taken = observing.recorder.take() if observing is not None else []
    if taken and observing is not None and observing.eager:
        # This phase's invocations, in its report's sections as pytest's captured output is.
        text = log_section(taken, observing.max_lines)
        if text:
            item.add_report_section(call.when, "Lambda logs", text)
    report = yield
    if observing is not None and observing.logs != "no" and not observing.eager:
        _logs_if_failed(item, call.when, taken, report, observing.max_lines)
    event = item.stash.get(_EVENT_REPORT, None)
    if event is not None and report.failed:
        report.sections.append(("aws_lambda", event))
    stack = item.stash.get(_STACK_REPORT, None)
    if stack is not None and report.failed:
        report.sections.append(("lambda_stack", stack))
    return report


_HELD_LOGS = pytest.StashKey[list[tuple[str, list[Recorded]]]]()
_TEST_FAILED = pytest.StashKey[bool]()


def _logs_if_failed(
    item: pytest.Item, when: str, taken: list[Recorded], report: pytest.TestReport, max_lines: int
) -> None:
    """The Lambda logs of a test's phases so far, in the report of its failing phase and the phases after.

    Only a failed test shows them, so only a failed test's are put together; the rest are dropped at teardown.
    """
    held = item.stash.setdefault(_HELD_LOGS, [])
    if taken:
        held.append((when, taken))
    if report.failed:
        item.stash[_TEST_FAILED] = True
    if item.stash.get(_TEST_FAILED, False):
        for phase, recorded in held:
            text = log_section(recorded, max_lines)
            if text:
                report.sections.append((f"Captured Lambda logs {phase}", text))
        held.clear()
    if when == "teardown":
        del item.stash[_HELD_LOGS]


@contextmanager
def _as_setup_failure() -> Iterator[None]:
    # A configuration mistake is the user's, not a crash: show the message, not our traceback.
    __tracebackhide__ = True
    try:
        yield
    except PytestLambdaError as exc:
        raise pytest.fail.Exception(str(exc), pytrace=False) from None


def _marker_kwargs(node: pytest.Item, name: str) -> dict[str, Any]:
    return merge_marker_kwargs((m.name, m.args, m.kwargs) for m in node.iter_markers(name))


def _context_options(node: pytest.Item) -> dict[str, Any]:
    return {**node.config.stash[_SETTINGS].context, **_marker_kwargs(node, "lambda_context")}


def _function_defaults(node: pytest.Item) -> dict[str, Any]:
    """``LambdaFunction`` keywords from the test's settings; the ``lambda_function`` marker's may include ``handler``.

    The marker's keywords win over the context settings (marker, command line, ini) and ``lambda_env`` variables.
    """
    settings = node.config.stash[_SETTINGS]
    context = ContextConfig.from_options(_context_options(node))
    return {
        "function_name": context.function_name,
        "timeout": context.timeout,
        "memory_size": context.memory_size,
        "region": context.region,
        "account_id": context.account_id,
        "version": context.version,
        "alias": context.alias,
        "environment": {**settings.env, **_marker_kwargs(node, "lambda_env")},
        "initialization_type": settings.initialization_type,
        **_beside_test(node, _marker_kwargs(node, "lambda_function")),
    }


def _beside_test(node: pytest.Item, options: dict[str, Any]) -> dict[str, Any]:
    """A marker's relative ``code_root`` and ``layers`` are the test file's folder's, not the cwd's."""
    folder = node.path.parent
    if isinstance(options.get("code_root"), str | os.PathLike):
        options["code_root"] = folder / options["code_root"]
    if isinstance(options.get("layers"), list | tuple):
        options["layers"] = [
            folder / layer if isinstance(layer, str | os.PathLike) else layer for layer in options["layers"]
        ]
    return options


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    # Library code that builds a function for the running test (fuzz with a bare handler) reads
    # the test's settings from here, as the lambda_function fixture reads them from the request.
    def function_defaults() -> dict[str, Any]:
        defaults = _function_defaults(item)
        defaults.pop("handler", None)
        return defaults

    token = CURRENT_TEST.set(CurrentTest(item.nodeid, function_defaults))
    # pytest's warning capture gave this test its filters: a function's code keeps the runtime's.
    warning_filters.install()
    try:
        return (yield)
    finally:
        CURRENT_TEST.reset(token)
        # Every fixture is torn down: a monkeypatch undone after lambda_function closed may have set
        # a function's variable again.
        for function in item.stash.get(_HELD, ()):
            function._restore_lingering()


@pytest.fixture(name="lambda_context")
def lambda_context_fixture(request: pytest.FixtureRequest) -> LambdaContext:
    """A Lambda context whose countdown starts at setup from the configured timeout."""
    with _as_setup_failure():
        return ContextConfig.from_options(_context_options(request.node)).new_context()


@pytest.fixture(name="lambda_env")
def lambda_env_fixture(request: pytest.FixtureRequest, lambda_context: LambdaContext) -> Iterator[dict[str, str]]:
    """The function's environment variables, set in ``os.environ`` for the test and restored after."""
    settings = request.config.stash[_SETTINGS]
    with _as_setup_failure():
        variables = {**settings.env, **_marker_kwargs(request.node, "lambda_env")}
        environ = lambda_environ(
            lambda_context,
            handler=settings.handler,
            variables=variables,
            initialization_type=settings.initialization_type,
        )
    with patched_environ(environ) as applied:
        yield applied


@pytest.fixture(name="lambda_function")
def lambda_function_fixture(request: pytest.FixtureRequest) -> LambdaFunctionFactory:
    """Build ``LambdaFunction``s configured like the test's ``lambda_context`` and ``lambda_env``.

    Keywords given to the factory win over the ``lambda_function`` marker's, which win over the
    context settings (marker, command line, ini) and ``lambda_env`` variables of the test.
    """
    # A held function restores at its close the variables its first invoke displaced: the fixtures
    # that set variables are set up before it, so that they are torn down after it, whatever the
    # order the test names them in.
    for name in ("lambda_env", "lambda_aws"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
    settings = request.config.stash[_SETTINGS]
    with _as_setup_failure():
        defaults = _function_defaults(request.node)
    default_handler = defaults.pop("handler", None) or settings.handler_option

    def factory(handler: str | Handler | None = None, **options: Any) -> LambdaFunction:
        __tracebackhide__ = True
        chosen = handler if handler is not None else default_handler
        if chosen is None:
            raise ConfigurationError(
                with_docs(
                    "lambda_function needs a handler: pass one, or set it with "
                    "@pytest.mark.lambda_function(handler=...), --lambda-handler or the lambda_handler ini option",
                    "the-lambda_function-fixture",
                )
            )
        function = LambdaFunction(chosen, **{**defaults, **options})
        # Held open for the test: its variables stay set between invokes and are restored at teardown.
        function.__enter__()
        request.addfinalizer(function.close)
        request.node.stash.setdefault(_HELD, []).append(function)
        return function

    return factory


@pytest.fixture(name="lambda_event")
def lambda_event_fixture(request: pytest.FixtureRequest) -> Any:
    """The event of the test's ``lambda_event`` marker (or ``indirect`` parameter), seeded per test."""
    settings = request.config.stash[_SETTINGS]
    param = getattr(request, "param", None)
    with _as_setup_failure():
        source, overrides = event_request(
            param,
            [(m.args, m.kwargs) for m in request.node.iter_markers("lambda_event")],
        )
        context = ContextConfig.from_options(_context_options(request.node))
        seed = settings.seed if settings.seed is not None else seed_for(request.node.nodeid)
        place: dict[str, Any] = {"seed": seed, "region": context.region, "account_id": context.account_id}
        # The marker's own seed=, region= or account_id= wins over the test's.
        place.update({name: overrides.pop(name) for name in list(place) if name in overrides})
        rerun = f"lambda_event seed {seed}: rerun with --lambda-seed {seed}" if place["seed"] == seed else ""
        request.node.stash[_EVENT_REPORT] = "\n".join(filter(None, [rerun, event_call(source, overrides, **place)]))
        from pytest_lambda.events import make_event

        return make_event(source, **place, **overrides)


@pytest.fixture(name="lambda_aws")
def lambda_aws_fixture(request: pytest.FixtureRequest) -> Iterator[LambdaAWS]:
    """moto's ``mock_aws`` for the test, with fake credentials and the ``lambda_context`` region and account."""
    if "lambda_env" in request.fixturenames:
        # lambda_env hides every AWS_* variable it does not set itself: it goes first, so moto's settings win.
        request.getfixturevalue("lambda_env")
    with _as_setup_failure():
        context = ContextConfig.from_options(_context_options(request.node))
        aws = LambdaAWS(region=context.region, account_id=context.account_id).start()
    try:
        yield aws
    finally:
        aws.stop()


_STACK_OPTIONS = frozenset({"parameters", "region", "account_id", "stack_name", "imports", "strict"})


@pytest.fixture(name="lambda_stack")
def lambda_stack_fixture(request: pytest.FixtureRequest, lambda_aws: LambdaAWS) -> Stack:
    """The template of the test's ``lambda_stack`` marker deployed to the test's moto (``lambda_aws``)."""
    marker = request.node.get_closest_marker("lambda_stack")
    with _as_setup_failure():
        if marker is None or len(marker.args) != 1:
            raise ConfigurationError(
                with_docs(
                    "lambda_stack needs the template: @pytest.mark.lambda_stack('template.yaml', parameters={...})",
                    "testing-a-sam-or-cdk-application",
                )
            )
        unknown = sorted(set(marker.kwargs) - _STACK_OPTIONS)
        if unknown:
            raise ConfigurationError(
                with_docs(
                    f"lambda_stack got unknown keywords {unknown}; valid: {sorted(_STACK_OPTIONS)}",
                    "testing-a-sam-or-cdk-application",
                )
            )
        # A relative template path is the test file's folder's, as the marker is written beside it.
        path = request.node.path.parent / marker.args[0]
        stack = Stack.from_template(
            path, **{"region": lambda_aws.region, "account_id": lambda_aws.account_id, **marker.kwargs}
        )
    request.node.stash[_STACK_REPORT] = stack.summary()
    return stack
