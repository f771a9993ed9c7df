"""The differential test of issue 14: every case run by AWS's own Python runtime and by ``LambdaFunction``.

Each case (``_cases.py``, handlers in ``handlers/``) runs twice: once through awslambdaric, the
runtime interface client of Lambda's managed Python runtimes and container base images, as Lambda
runs it (``_runtime_api.py``: a subprocess against a fake Runtime API), and once in process through
``pytest_lambda.LambdaFunction``. What the caller receives and what the function logs are compared
field by field, after normalising only what must differ: request ids, trace ids, log stream names,
timestamps, absolute paths, and line numbers of frames outside the handler files.

A case where the harness differs today is marked ``xfail(strict=True)`` with the difference; the
list of those marks is the work list of issue 14. Differences that come from running in the test's
own process are in ``KNOWN_DIFFERENCES`` below and normalised away.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip(
    "awslambdaric",
    reason="awslambdaric is not installed: it is a Linux-only test dependency (pip install -e '.[test]' on Linux)",
)

from pytest_lambda import InvokeResult, LambdaFunction

from ._cases import CASES, Case
from ._runtime_api import Exchange, Frame, Invocation, RuntimeRun, run_runtime

HANDLERS = Path(__file__).parent / "handlers"
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
# The host's zone while the harness runs: not UTC, so a handler that sees the host's zone shows it.
HOST_TZ = "EST+05"
LOG_STREAM = "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef"

# awslambdaric's telemetry frame types (lambda_runtime_log_utils.py): 0xa55a00TT, TT = format and level.
_FRAME_LEVELS = {
    0x02: ("JSON", None),
    0x0A: ("JSON", "DEBUG"),
    0x0E: ("JSON", "INFO"),
    0x12: ("JSON", "WARNING"),
    0x16: ("JSON", "ERROR"),
    0x1A: ("JSON", "CRITICAL"),
    0x03: ("Text", None),
    0x0B: ("Text", "DEBUG"),
    0x0F: ("Text", "INFO"),
    0x13: ("Text", "WARNING"),
    0x17: ("Text", "ERROR"),
    0x1B: ("Text", "CRITICAL"),
}
_ERROR_FRAMES = {0xA55A0016, 0xA55A0017}


# -- what the two sides report, reduced to comparable fields ---------------------------------------


@dataclass
class Known:
    """A difference that running in the test's own process makes unavoidable, and how it is normalised."""

    case: str
    why: str
    normalise: Callable[[dict[str, Any]], None]


def _drop_log_line(marker: str) -> Callable[[dict[str, Any]], None]:
    def normalise(view: dict[str, Any]) -> None:
        for key, value in view.items():
            if key.endswith("log") and isinstance(value, str):
                view[key] = "".join(line for line in value.splitlines(True) if marker not in line)

    return normalise


def _blank_json_key(name: str) -> Callable[[dict[str, Any]], None]:
    pattern = re.compile(rf'("{name}": )("(?:[^"\\]|\\.)*"|[^,}}\]]+)')

    def normalise(view: dict[str, Any]) -> None:
        for key, value in view.items():
            if key.endswith(("body", "payload")) and isinstance(value, str):
                view[key] = pattern.sub(r"\1<in process>", value)
            if key.endswith("payload") and isinstance(value, str):
                view[key] = re.sub(rf"('{name}': )('[^']*'|[^,}}\]]+)", r"\1<in process>", view[key])

    return normalise


KNOWN_DIFFERENCES = [
    Known(
        "os_write_fd1",
        "os.write(1, ...) writes to the process's file descriptor 1: the runtime's stdout pipe in Lambda, "
        "the test process's own stdout (pytest's capture) in process; only sys.stdout can be redirected",
        _drop_log_line("written to fd 1"),
    ),
    Known(
        "print_dunder_stdout",
        "print(file=sys.__stdout__) writes to the interpreter's original stdout, which in process is the "
        "test process's, not the function's log",
        _drop_log_line("to sys.__stdout__"),
    ),
    Known(
        "stdout_properties",
        "sys.stdout.fileno() is the runtime's pipe (1) in Lambda; in process stdout is a buffer with no "
        "file descriptor, as the process's descriptor 1 is the test's",
        _blank_json_key("fileno"),
    ),
]
_KNOWN = {known.case: known for known in KNOWN_DIFFERENCES}


class Normaliser:
    """Replaces what must differ between the two runs with placeholders."""

    _TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z")
    _TRACE = re.compile(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=[01]")
    _STREAM = re.compile(r"\d{4}/\d\d/\d\d/\[[^\]]+\][0-9a-f]{32}")
    _UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    # A frame as format_list writes it, raw or inside JSON (quotes escaped).
    _FRAME = re.compile(r'File (?P<q>\\?")(?P<path>[^"\\]+)(?P=q), line (?P<line>\d+)')

    def __init__(self, task_root: str) -> None:
        self.task_root = task_root

    def __call__(self, text: str) -> str:
        text = self._TIME.sub("<TIME>", text)
        text = self._TRACE.sub("<TRACE_ID>", text)
        text = self._STREAM.sub("<LOG_STREAM>", text)
        # Request ids are the only UUIDs in the cases' output.
        text = self._UUID.sub("<REQUEST_ID>", text)
        text = self._FRAME.sub(self._frame, text)
        text = text.replace(self.task_root, "<TASK_ROOT>").replace("/var/task", "<TASK_ROOT>")
        return text

    def _frame(self, match: re.Match[str]) -> str:
        path, quote = match["path"], match["q"]
        if path.startswith(self.task_root):
            return match[0]
        # Outside the handler files: where the interpreter or the runtime lives, and their line numbers.
        name = path if path.startswith("<") else "<...>/" + os.path.basename(path)
        return f"File {quote}{name}{quote}, line <N>"

    def value(self, value: Any) -> Any:
        """``value`` (parsed JSON) with every string normalised."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {self(key): self.value(item) for key, item in value.items()}
        return value


def _decode(body: bytes | str | None) -> str | None:
    if body is None:
        return None
    return body if isinstance(body, str) else body.decode("utf-8", "backslashreplace")


def _payload(body: bytes | str | None, content_type: str | None) -> str:
    """What a caller parsing the response gets, as its repr (NaN compares equal as text)."""
    if body is None:
        return "None"
    if content_type != "application/json":
        return repr(body)
    try:
        return repr(json.loads(body))
    except ValueError as exc:
        return f"unparsable: {exc}"


def _render_frames(frames: list[Frame]) -> str:
    """The frames' messages as one text, in the stdout sink's form.

    The telemetry sink writes the ``[ERROR]`` entry as one frame with its lines joined by ``\\n``;
    the stdout sink joins them with ``\\r`` and ends the entry with ``\\n`` (bootstrap.py,
    ``FramedTelemetryLogSink.log_error`` and ``StandardLogSink.log_error``). The harness writes one
    text stream, the stdout sink's, so the error frames are rendered that way.
    """
    parts = []
    for frame in frames:
        # Records from logging end with the formatter's newline; the [ERROR] entry, which shares
        # the ERROR frame type, is written without one.
        if frame.frame_type in _ERROR_FRAMES and not frame.message.endswith("\n"):
            parts.append(frame.message.replace("\n", "\r") + "\n")
        else:
            parts.append(frame.message)
    return "".join(parts)


def _end_last_line(text: str) -> str:
    """The log as its stream shows it: the platform ends the phase's output, and an unfinished last
    line (``print(x, end="")``) is a log event of its own before the platform's END line."""
    return text + "\n" if text and not text.endswith("\n") else text


def _frame_levels(frames: list[Frame]) -> list[str]:
    levels = []
    for frame in frames:
        fmt, level = _FRAME_LEVELS.get(frame.frame_type & 0xFF, ("?", None))
        levels.append(f"{fmt}:{level}")
    return levels


def runtime_views(run: RuntimeRun, case: Case, telemetry: bool, norm: Normaliser) -> list[dict[str, Any]]:
    """One dict of fields per invocation, from what awslambdaric did."""

    def log_of(output: bytes, frames: list[Frame]) -> str:
        text = output.decode("utf-8", "backslashreplace")
        if telemetry and frames:
            if text:
                raise AssertionError(
                    f"case {case.id} writes both to stdout and to the log sink: their order is lost with the "
                    f"telemetry sink, so it cannot run with telemetry=True"
                )
            text = _render_frames(frames)
        return norm(_end_last_line(text))

    views = []
    for number, _ in enumerate(case.events):
        view: dict[str, Any] = {}
        if number == 0:
            view["init_log"] = log_of(run.init_output, run.init_frames)
        exchange: Exchange | None = run.exchanges[number] if number < len(run.exchanges) else None
        if exchange is None and run.init_error is not None and number == 0:
            view["outcome"] = "init_error"
            view["function_error"] = "Unhandled"
            view["error_type_header"] = run.init_error_headers.get("lambda-runtime-function-error-type")
            view["body"] = norm(_decode(run.init_error) or "")
            view["error"] = norm.value(json.loads(run.init_error))
            view["log"] = ""
        elif exchange is None or exchange.kind is None:
            # The process ended during init or during this invocation without answering: the
            # platform reports Runtime.ExitError with the exit status (the runtime posts nothing,
            # so there is no body or header of its own to compare).
            if run.exit_status is None:
                raise AssertionError(f"case {case.id}: invocation {number} was never handed out")
            view["outcome"] = f"exit {run.exit_status}"
            view["function_error"] = "Unhandled"
            view["log"] = "" if exchange is None else log_of(exchange.output, exchange.frames)
        else:
            content_type = exchange.headers.get("content-type")
            view["outcome"] = exchange.kind
            view["function_error"] = "Unhandled" if exchange.kind == "error" else None
            view["error_type_header"] = exchange.headers.get("lambda-runtime-function-error-type")
            view["content_type"] = content_type
            view["body"] = norm(_decode(exchange.body) or "")
            view["payload"] = norm(_payload(exchange.body, content_type))
            if exchange.kind == "error":
                view["error"] = norm.value(json.loads(exchange.body))
            view["log"] = log_of(exchange.output, exchange.frames)
        view["platform_lines_start_lines"] = True
        if telemetry and case.log_format == "JSON":
            frames = (run.init_frames if number == 0 else []) + (exchange.frames if exchange else [])
            view["levels"] = _frame_levels(frames)
        views.append(view)
    return views


# The platform's lines in the harness's logs (START/END/REPORT and their JSON records), found
# anywhere: one glued to the end of an unfinished line is a difference to report, not to miss.
_PLATFORM = re.compile(
    r"INIT_START Runtime Version: [^\n]*\n|INIT_REPORT [^\n]*\n|START RequestId: \S+ Version: \S+\n"
    r"|END RequestId: \S+\n|REPORT RequestId: [^\n]*\n"
    r'|\{"time": "[^"]*", "type": "platform\.\w+", "record": [^\n]*\}\n'
)


def _split_logs(logs: str) -> tuple[str, str, bool, str | None]:
    """(init text, invoke text, whether every platform line starts a line, INIT_REPORT's error type)."""
    init, invoke = [], []
    target = init
    position = 0
    own_lines = True
    error_type = None
    for match in _PLATFORM.finditer(logs):
        target.append(logs[position : match.start()])
        line = match[0]
        if match.start() > 0 and logs[match.start() - 1] != "\n":
            own_lines = False
        if line.startswith("START ") or '"type": "platform.start"' in line:
            target = invoke
        if line.startswith("INIT_REPORT") and "Status: error" in line:
            found = re.search(r"Error Type: (\S+)", line)
            error_type = found[1] if found else "?"
        position = match.end()
    target.append(logs[position:])
    return "".join(init), "".join(invoke), own_lines, error_type


@dataclass
class OursOutcome:
    result: InvokeResult | None
    escaped: BaseException | None


def ours_views(outcomes: list[OursOutcome], case: Case, telemetry: bool, norm: Normaliser) -> list[dict[str, Any]]:
    """One dict of fields per invocation, from what ``LambdaFunction`` returned."""
    views = []
    for number, outcome in enumerate(outcomes):
        view: dict[str, Any] = {}
        result = outcome.result
        if result is None:
            escaped = outcome.escaped
            if number == 0:
                view["init_log"] = "<nothing: an exception escaped invoke()>"
            view["outcome"] = f"escaped {type(escaped).__name__}: {escaped}"
            views.append(view)
            continue
        init_text, invoke_text, own_lines, init_error_type = _split_logs(result.logs)
        if number == 0:
            view["init_log"] = norm(init_text)
        raw = result._raw  # the response as sent: InvokeResult has no public name for it
        error = result.error
        if error is not None and error.get("errorType") == "Runtime.ExitError":
            # Status 0 is "Runtime exited without providing a reason" (crash.py cites the platform's source).
            status = re.search(r"exit status (\S+)|(without providing a reason)", error.get("errorMessage", ""))
            view["outcome"] = f"exit {'?' if status is None else status[1] or 0}"
            view["function_error"] = result.function_error
        elif init_error_type is not None:
            view["outcome"] = "init_error"
            view["function_error"] = result.function_error
            view["error_type_header"] = init_error_type
            view["body"] = norm(_decode(raw) or "")
            view["error"] = norm.value(error)
        else:
            content_type = "application/unknown" if isinstance(raw, bytes) else "application/json"
            view["outcome"] = "response" if error is None else "error"
            view["function_error"] = result.function_error
            view["error_type_header"] = None
            view["content_type"] = content_type
            view["body"] = norm(_decode(raw) or "")
            view["payload"] = norm(repr(result.payload))
            if error is not None:
                view["error"] = norm.value(error)
        view["log"] = norm(invoke_text)
        view["platform_lines_start_lines"] = own_lines
        if telemetry and case.log_format == "JSON":
            view["levels"] = _json_levels(init_text if number == 0 else "") + _json_levels(invoke_text)
        views.append(view)
    return views


def _json_levels(text: str) -> list[str]:
    levels = []
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            levels.append("JSON:not JSON")
            continue
        levels.append(f"JSON:{record.get('level') if isinstance(record, dict) else None}")
    return levels


# -- running both sides ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def task_root(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The handlers, copied where both sides import them from (LAMBDA_TASK_ROOT), plus generated files."""
    root = tmp_path_factory.mktemp("fidelity") / "task"
    shutil.copytree(HANDLERS, root, ignore=shutil.ignore_patterns("__pycache__"))
    for case in CASES:
        for name, source in case.files.items():
            (root / name).write_text(source)
    return str(root)


def _function(case: Case) -> LambdaFunction:
    return LambdaFunction(
        case.handler,
        # Long enough that a loaded machine never times a case out; the cases take milliseconds.
        timeout=30,
        environment=case.environment,
        log_format=case.log_format,  # type: ignore[arg-type]
        log_level=case.log_level,
    )


def runtime_environ(case: Case, function: LambdaFunction, task_root: str) -> dict[str, str]:
    """What Lambda puts in the runtime process's environment (configuration-envvars.html)."""
    config = function.config
    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "_HANDLER": case.handler,
        "LAMBDA_TASK_ROOT": task_root,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_python{PYTHON}",
        "AWS_LAMBDA_FUNCTION_NAME": config.function_name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(config.memory_size),
        "AWS_LAMBDA_FUNCTION_VERSION": config.version,
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_LAMBDA_LOG_GROUP_NAME": config.log_group_name,
        "AWS_LAMBDA_LOG_STREAM_NAME": LOG_STREAM,
        "AWS_REGION": config.region,
        "AWS_DEFAULT_REGION": config.region,
        **case.environment,
    }
    if case.log_format == "JSON":
        environ["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
    if case.log_level is not None:
        environ["AWS_LAMBDA_LOG_LEVEL"] = case.log_level
    return environ


def _start_theirs(pool: ThreadPoolExecutor, case: Case, task_root: str, telemetry: bool) -> Future[RuntimeRun]:
    """Start the case's runtime run in ``pool``; the function's settings are read here, in the test's thread."""
    function = _function(case)
    config = function.config
    invocations = [
        Invocation(
            event,
            function_arn=config.invoked_function_arn,
            timeout_ms=config.timeout * 1000,
            client_context=case.client_context,
            identity=case.identity,
        )
        for event in case.events
    ]
    environ = runtime_environ(case, function, task_root)
    return pool.submit(
        run_runtime, case.handler, invocations, task_root=task_root, environ=environ, telemetry=telemetry
    )


class RuntimeRuns:
    """The awslambdaric side of every selected test, run ahead in worker threads.

    Each run is a subprocess and a server thread that mostly wait, so they overlap with each
    other and with the in-process side; the test then takes its run's result.
    """

    def __init__(self, task_root: str, wanted: list[tuple[Case, bool]]) -> None:
        self.task_root = task_root
        self.pool = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1), thread_name_prefix="awslambdaric")
        self.futures = {
            (case.id, telemetry): _start_theirs(self.pool, case, task_root, telemetry) for case, telemetry in wanted
        }

    def get(self, case: Case, telemetry: bool) -> RuntimeRun:
        future = self.futures.pop((case.id, telemetry), None)
        if future is None:
            future = _start_theirs(self.pool, case, self.task_root, telemetry)
        return future.result()


@pytest.fixture(scope="session")
def runtime_runs(request: pytest.FixtureRequest, task_root: str) -> Iterator[RuntimeRuns]:
    wanted = [
        (item.callspec.params["case"], item.callspec.params["telemetry"])
        for item in request.session.items
        if isinstance(item, pytest.Function) and item.originalname == "test_same_as_awslambdaric"
    ]
    runs = RuntimeRuns(task_root, wanted)
    yield runs
    runs.pool.shutdown(cancel_futures=True)


@pytest.fixture
def host_process(monkeypatch: pytest.MonkeyPatch, task_root: str) -> Iterator[None]:
    """The test process as a host: the task root importable, a zone that is not UTC, logging restored after."""
    monkeypatch.syspath_prepend(task_root)
    monkeypatch.setenv("TZ", HOST_TZ)
    time.tzset()
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    formatters = {handler: handler.formatter for handler in handlers}
    try:
        yield
    finally:
        # Handlers reconfigure the root logger as users do in Lambda; here it is the test process's.
        root.setLevel(level)
        root.handlers[:] = handlers
        for handler, formatter in formatters.items():
            handler.setFormatter(formatter)
        monkeypatch.undo()
        time.tzset()


def run_ours(case: Case) -> list[OursOutcome]:
    outcomes = []
    function = _function(case)
    with function:
        for event in case.events:
            try:
                result = function.invoke(event, client_context=case.client_context, identity=case.identity)
            except BaseException as exc:  # what escapes invoke() is itself the observation
                outcomes.append(OursOutcome(None, exc))
                break
            outcomes.append(OursOutcome(result, None))
    return outcomes


# -- the test ------------------------------------------------------------------------------------


class ExpectedDifference(AssertionError):
    """The harness differs where the case's ``differs`` say, and only there: the strict xfail's failure."""


def _params() -> Iterator[Any]:
    for case in CASES:
        for telemetry in (False, True) if case.telemetry else (False,):
            marks = []
            differences = [d for d in case.differs if d.when]
            if differences:
                reason = "; ".join(d.reason() for d in differences)
                marks.append(pytest.mark.xfail(strict=True, raises=ExpectedDifference, reason=reason))
            name = f"{case.id}-{'telemetry' if telemetry else 'stdout'}" if case.telemetry else case.id
            yield pytest.param(case, telemetry, id=name, marks=marks)


_ABSENT = "<absent>"


@pytest.mark.parametrize(("case", "telemetry"), list(_params()))
@pytest.mark.usefixtures("host_process")
def test_same_as_awslambdaric(
    case: Case, telemetry: bool, task_root: str, runtime_runs: RuntimeRuns, fidelity_tally: list[tuple[int, bool]]
) -> None:
    norm = Normaliser(task_root)
    theirs = runtime_views(runtime_runs.get(case, telemetry), case, telemetry, norm)
    ours = ours_views(run_ours(case), case, telemetry, norm)
    known = _KNOWN.get(case.id)
    if known is not None:
        for view in (*theirs, *ours):
            known.normalise(view)
    flat_theirs = {f"{n}.{key}": value for n, view in enumerate(theirs) for key, value in view.items()}
    flat_ours = {f"{n}.{key}": value for n, view in enumerate(ours) for key, value in view.items()}
    fidelity_tally.append((len(flat_theirs), flat_ours == flat_theirs))
    allowed = {name for d in case.differs if d.when for name in d.fields.split()}
    if not allowed:
        assert flat_ours == flat_theirs
        return
    differing = {
        key: (flat_theirs.get(key, _ABSENT), flat_ours.get(key, _ABSENT))
        for key in flat_theirs.keys() | flat_ours.keys()
        if flat_theirs.get(key, _ABSENT) != flat_ours.get(key, _ABSENT)
    }
    # A listed difference must not hide another: fields it does not name still have to agree.
    unlisted = sorted(key for key in differing if "*" not in allowed and key.split(".", 1)[1] not in allowed)
    assert unlisted == [], "\n".join(
        f"{key}:\n  awslambdaric: {differing[key][0]!r}\n  ours: {differing[key][1]!r}" for key in unlisted
    )
    if differing:
        raise ExpectedDifference(
            "\n".join(
                f"{key}:\n  awslambdaric: {theirs!r}\n  ours: {ours!r}"
                for key, (theirs, ours) in sorted(differing.items())
            )
        )


def test_case_table() -> None:
    """Every case has its own id and a handler module that exists (or is meant not to)."""
    ids = [case.id for case in CASES]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    files = {path.relative_to(HANDLERS).as_posix() for path in HANDLERS.rglob("*.py")}
    files |= {name for case in CASES for name in case.files}
    # Malformed on purpose (no function part), not deployed, or a built-in module.
    unresolved = {"values", "module_not_deployed.handler", "sys.handler"}
    missing = [
        case.id
        for case in CASES
        if case.handler not in unresolved and case.handler.rsplit(".", 1)[0].replace(".", "/") + ".py" not in files
    ]
    assert missing == []
    assert [known.case for known in KNOWN_DIFFERENCES if known.case not in ids] == []
