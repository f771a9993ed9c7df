"""``python -m pytest_lambda invoke``: exit statuses, the payload on stdout and the log on stderr.

Every behaviour is checked through a real ``python -m pytest_lambda`` subprocess run from the
handler's directory, and again through ``cli.main`` in this process (which is what coverage
sees, and which proves the current directory is put on ``sys.path`` by the CLI itself).
"""

from __future__ import annotations

import importlib.machinery
import io
import json
import os
import re
import runpy
import subprocess
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pytest_lambda import cli

HANDLERS = """
import os

print("module handlers loaded")


def ok(event, context):
    print("hello from ok")
    return {
        "event": event,
        "function_name": context.function_name,
        "memory": context.memory_limit_in_mb,
        "region": os.environ["AWS_REGION"],
        "greeting": os.environ.get("GREETING"),
        "remaining_ms": context.get_remaining_time_in_millis(),
    }


def fail(event, context):
    raise ValueError("bad order id")


def raw(event, context):
    return b"raw bytes"
"""

REQUEST_ID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
EVENT_FORMS = "a JSON file, '-' for standard input, or inline JSON"


@dataclass(frozen=True)
class Run:
    code: int | str | None
    stdout: str
    stderr: str

    @property
    def payload(self) -> Any:
        return json.loads(self.stdout)

    def request_ids(self, kind: str) -> list[str]:
        """The request ids of the ``START``/``END``/``REPORT`` lines on stderr, in order."""
        return re.findall(rf"^{kind} RequestId: ({REQUEST_ID})", self.stderr, flags=re.MULTILINE)


Cli = Callable[..., Run]


def _subprocess_runner(cwd: Path) -> Cli:
    def run(*args: str, stdin: str = "") -> Run:
        done = subprocess.run(
            [sys.executable, "-m", "pytest_lambda", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run


def _in_process_runner(cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    def run(*args: str, stdin: str = "") -> Run:
        monkeypatch.chdir(cwd)
        monkeypatch.setattr(sys, "path", list(sys.path))
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        environ = dict(os.environ)
        try:
            code: int | str | None = cli.main(list(args))
        except SystemExit as exc:  # argparse: --help, usage errors
            code = exc.code
        out, err = capsys.readouterr()
        # The function's variables (AWS_REGION, _HANDLER, ...) do not outlive the command.
        assert dict(os.environ) == environ
        return Run(code, out, err)

    return run


@pytest.fixture
def handlers_dir(tmp_path: Path) -> Path:
    (tmp_path / "handlers.py").write_text(HANDLERS)
    return tmp_path


@pytest.fixture(params=["subprocess", "in-process"])
def run_cli(
    request: pytest.FixtureRequest,
    handlers_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    """Run ``python -m pytest_lambda ARGS`` from the directory of ``handlers.py``, both ways."""
    if request.param == "subprocess":
        return _subprocess_runner(handlers_dir)
    return _in_process_runner(handlers_dir, monkeypatch, capsys)


@pytest.fixture
def run_in_process(handlers_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """The CLI in this process only: for a fake ``pytest_lambda.events`` module."""
    return _in_process_runner(handlers_dir, monkeypatch, capsys)


# -- synchronous invocation -------------------------------------------------------------------


def test_success_prints_the_payload_on_stdout_and_the_log_on_stderr(run_cli: Cli) -> None:
    run = run_cli("invoke", "handlers.ok")

    assert run.code == 0, run.stderr
    payload = run.payload
    assert 2000 < payload.pop("remaining_ms") <= 3000
    assert payload == {
        "event": {},
        "function_name": "test_function",
        "memory": "128",
        "region": "us-east-1",
        "greeting": None,
    }
    (request_id,) = run.request_ids("START")
    assert run.request_ids("END") == run.request_ids("REPORT") == [request_id]
    lines = run.stderr.splitlines()
    assert lines[0].startswith("INIT_START Runtime Version: python:")
    # The handler's print is in the log, between START and END, and not in the payload.
    assert lines.index(f"START RequestId: {request_id} Version: $LATEST") < lines.index("hello from ok")
    assert lines.index("hello from ok") < lines.index(f"END RequestId: {request_id}")
    assert "module handlers loaded" in lines
    assert "hello" not in run.stdout


def test_a_failing_handler_exits_1_with_the_error_as_payload(run_cli: Cli) -> None:
    run = run_cli("invoke", "handlers.fail")

    assert run.code == 1
    payload = run.payload
    assert (payload["errorType"], payload["errorMessage"]) == ("ValueError", "bad order id")
    (request_id,) = run.request_ids("START")
    assert payload["requestId"] == request_id
    assert run.request_ids("END") == run.request_ids("REPORT") == [request_id]
    lines = run.stderr.splitlines()
    assert "[ERROR] ValueError: bad order id" in lines
    # The runtime joins the entry's lines with \r; the CLI shows them as lines.
    assert "\r" not in run.stderr
    assert lines[lines.index("[ERROR] ValueError: bad order id") + 1] == "Traceback (most recent call last):"


@pytest.mark.parametrize(
    ("handler", "error_type", "message"),
    [
        ("missing_module.handler", "Runtime.ImportModuleError", "Unable to import module 'missing_module'"),
        ("handlers.absent", "Runtime.HandlerNotFound", "Handler 'absent' missing on module 'handlers'"),
        ("handlers", "Runtime.MalformedHandlerName", "Bad handler 'handlers'"),
    ],
)
def test_a_handler_that_cannot_be_loaded_exits_1(run_cli: Cli, handler: str, error_type: str, message: str) -> None:
    run = run_cli("invoke", handler)

    assert run.code == 1
    assert run.payload["errorType"] == error_type
    assert run.payload["errorMessage"].startswith(message)
    assert f"[ERROR] {error_type}: {message}" in run.stderr
    assert "INIT_REPORT Init Duration: " in run.stderr
    assert len(run.request_ids("START")) == len(run.request_ids("REPORT")) == 1


def test_a_bytes_response_is_written_as_is(run_cli: Cli) -> None:
    run = run_cli("invoke", "handlers.raw")

    assert run.code == 0
    assert run.stdout == "raw bytes"


def test_a_handler_in_a_subdirectory_is_found_from_the_current_directory(run_cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "orders.py").write_text("def handler(event, context):\n    return 'from src'\n")

    run = run_cli("invoke", "src/orders.handler")

    assert run.code == 0, run.stderr
    assert run.payload == "from src"


# -- the event --------------------------------------------------------------------------------


EVENT = {"orderId": "o-1", "lines": [1, 2.5, None], "text": "caf\u00e9"}


def test_no_event_is_an_empty_object(run_cli: Cli) -> None:
    assert run_cli("invoke", "handlers.ok").payload["event"] == {}


def test_event_from_a_file(run_cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "order.json").write_text(json.dumps(EVENT, ensure_ascii=False), encoding="utf-8")

    run = run_cli("invoke", "handlers.ok", "--event", "events/order.json")

    assert run.code == 0, run.stderr
    assert run.payload["event"] == EVENT


def test_event_from_stdin(run_cli: Cli) -> None:
    run = run_cli("invoke", "handlers.ok", "--event", "-", stdin=json.dumps(EVENT))

    assert run.code == 0, run.stderr
    assert run.payload["event"] == EVENT


@pytest.mark.parametrize("inline", [json.dumps(EVENT), "[1, 2]", "42", '"text"', "null"])
def test_event_inline(run_cli: Cli, inline: str) -> None:
    run = run_cli("invoke", "handlers.ok", "-e", inline)

    assert run.code == 0, run.stderr
    assert run.payload["event"] == json.loads(inline)


def test_an_event_that_is_no_file_and_no_json_is_a_usage_error(run_cli: Cli) -> None:
    run = run_cli("invoke", "handlers.ok", "--event", "events/missing.json")

    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("error: --event 'events/missing.json' ")
    assert EVENT_FORMS in run.stderr
    assert "START RequestId" not in run.stderr


def test_an_event_file_with_bad_json_is_a_usage_error(run_cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"orderId": ')

    run = run_cli("invoke", "handlers.ok", "--event", "broken.json")

    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("error: the event file 'broken.json' is not readable JSON: ")


def test_bad_json_on_stdin_is_a_usage_error(run_cli: Cli) -> None:
    run = run_cli("invoke", "handlers.ok", "--event", "-", stdin="not json")

    assert run.code == 2
    assert run.stderr.startswith("error: the event on standard input is not valid JSON: ")


# -- function settings ------------------------------------------------------------------------


def test_env_variables_reach_the_handler(run_cli: Cli) -> None:
    run = run_cli("invoke", "handlers.ok", "--env", "GREETING=a=b", "--env", "OTHER=")

    assert run.code == 0, run.stderr
    assert run.payload["greeting"] == "a=b"


def test_settings_reach_the_context_and_environment(run_cli: Cli) -> None:
    settings = ["--function-name", "orders", "--memory", "256", "--region", "eu-west-1", "--timeout", "9"]
    run = run_cli("invoke", "handlers.ok", *settings)

    assert run.code == 0, run.stderr
    payload = run.payload
    assert (payload["function_name"], payload["memory"], payload["region"]) == ("orders", "256", "eu-west-1")
    assert 8000 < payload["remaining_ms"] <= 9000
    assert "\tMemory Size: 256 MB\t" in run.stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--env", "NOEQUALS", "error: --env 'NOEQUALS' is not KEY=VALUE"),
        ("--env", "=value", "error: --env '=value' is not KEY=VALUE"),
        ("--env", "AWS_REGION=moon", "error: Lambda was unable to configure your environment variables"),
        ("--timeout", "0", "error: timeout=0 is out of range: Lambda accepts 1 to 900 seconds"),
        ("--timeout", "901", "error: timeout=901 is out of range: Lambda accepts 1 to 900 seconds"),
        ("--memory", "64", "error: memory_size=64 is out of range: Lambda accepts 128 to 10240 MB"),
        ("--region", "moon", "error: region='moon' is not valid"),
        ("--function-name", "bad name", "error: function_name='bad name' is not valid"),
    ],
)
def test_bad_settings_are_usage_errors(run_cli: Cli, option: str, value: str, message: str) -> None:
    run = run_cli("invoke", "handlers.ok", option, value)

    assert run.code == 2
    assert run.stderr.startswith(message)
    assert run.stdout == ""
    assert "START RequestId" not in run.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["invoke", "handlers.ok", "--timeout", "1.5"], "argument --timeout: invalid int value: '1.5'"),
        (["invoke", "handlers.ok", "--log-format", "XML"], "argument --log-format: invalid choice: 'XML'"),
        (["invoke"], "the following arguments are required: handler"),
        ([], "the following arguments are required: COMMAND"),
        (["deploy"], "invalid choice: 'deploy'"),
    ],
)
def test_malformed_options_are_argparse_usage_errors(run_cli: Cli, args: list[str], message: str) -> None:
    run = run_cli(*args)

    assert run.code == 2
    assert run.stderr.startswith("usage: python -m pytest_lambda")
    assert message in run.stderr


def test_json_log_format(run_cli: Cli) -> None:
    run = run_cli("invoke", "handlers.ok", "--log-format", "JSON")

    assert run.code == 0, run.stderr
    records = [json.loads(line) for line in run.stderr.splitlines() if line.startswith("{")]
    assert [record["type"] for record in records] == ["platform.initStart", "platform.start", "platform.report"]
    assert records[1]["record"]["requestId"] == records[2]["record"]["requestId"]
    assert "START RequestId" not in run.stderr


# -- asynchronous invocation ------------------------------------------------------------------


def test_async_success_prints_nothing_on_stdout(run_cli: Cli) -> None:
    run = run_cli("invoke", "handlers.ok", "--async")

    assert run.code == 0, run.stderr
    assert run.stdout == ""
    assert len(run.request_ids("START")) == len(run.request_ids("REPORT")) == 1
    assert "hello from ok" in run.stderr


def test_async_failure_is_tried_three_times_then_exits_1(run_cli: Cli) -> None:
    run = run_cli("invoke", "handlers.fail", "--async", "--event", '{"orderId": "o-1"}')

    assert run.code == 1
    assert run.stdout == ""
    starts = run.request_ids("START")
    # One request, attempted three times (retries keep the request id).
    assert len(starts) == 3
    assert len(set(starts)) == 1
    assert run.request_ids("REPORT") == starts
    assert run.stderr.splitlines().count("[ERROR] ValueError: bad order id") == 3


# -- help, and what the CLI imports ------------------------------------------------------------


def test_help(run_cli: Cli) -> None:
    run = run_cli("--help")

    assert run.code == 0
    assert run.stdout.startswith("usage: python -m pytest_lambda")
    assert "invoke" in run.stdout


def test_invoke_help_lists_the_options(run_cli: Cli) -> None:
    run = run_cli("invoke", "--help")

    assert run.code == 0
    for option in ("--event", "--async", "--timeout", "--memory", "--env", "--function-name", "--region"):
        assert option in run.stdout


def test_dash_m_runs_main_with_the_command_line_and_exits_with_its_status(
    handlers_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(handlers_dir)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(sys, "argv", ["pytest_lambda", "invoke", "handlers.fail"])

    with pytest.raises(SystemExit) as exited:
        # run_path, as pytest's import hook (the package is a plugin) cannot serve run_module.
        runpy.run_path(str(Path(cli.__file__).with_name("__main__.py")), run_name="__main__")

    assert exited.value.code == 1
    assert json.loads(capsys.readouterr().out)["errorType"] == "ValueError"


def test_the_command_line_does_not_import_pytest(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pytest_lambda", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    # -X importtime writes one "import time: self | cumulative | module" line per imported module.
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}

    assert "pytest_lambda.cli" in imported
    assert not {name for name in imported if name.split(".")[0] in ("pytest", "_pytest")}


# -- event factories (pytest_lambda.events, when it exists) -----------------------------------


def _fake_events_module(monkeypatch: pytest.MonkeyPatch, make_event: Callable[[str], Any] | None) -> None:
    module = types.ModuleType(cli.EVENTS_MODULE)
    module.__spec__ = importlib.machinery.ModuleSpec(cli.EVENTS_MODULE, None)
    if make_event is not None:
        module.make_event = make_event  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, cli.EVENTS_MODULE, module)


def _make_event(source: str) -> Any:
    if source != "sqs":
        raise ValueError(f"unknown event source {source!r}")
    return {"Records": [{"eventSource": "aws:sqs"}]}


def test_an_event_name_goes_to_make_event_when_it_exists(run_in_process: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    run_cli = run_in_process
    _fake_events_module(monkeypatch, _make_event)

    run = run_cli("invoke", "handlers.ok", "--event", "sqs")
    assert run.code == 0, run.stderr
    assert run.payload["event"] == {"Records": [{"eventSource": "aws:sqs"}]}

    run = run_cli("invoke", "handlers.ok", "--event", "kafka")
    assert run.code == 2
    assert run.stderr.startswith("error: --event 'kafka': unknown event source 'kafka'")
    assert EVENT_FORMS in run.stderr


def test_an_events_module_without_make_event_is_not_used(run_in_process: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    run_cli = run_in_process
    _fake_events_module(monkeypatch, None)

    run = run_cli("invoke", "handlers.ok", "--event", "sqs")

    assert run.code == 2
    assert run.stderr.startswith("error: --event 'sqs' is neither an existing file nor valid JSON")
