"""``python -m pytest_lambda invoke`` and ``event``: exit statuses, what goes to stdout and stderr.

Every behaviour is checked through a real ``python -m pytest_lambda`` subprocess run from the
handler's directory, and again through ``cli.main`` in this process (which is what coverage
sees, and which proves the current directory is put on ``sys.path`` by the CLI itself).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import runpy
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import SqsModel

from pytest_lambda import cli
from pytest_lambda.events._registry import presets, sources

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
EVENT_FORMS = "a JSON file, '-' for standard input, inline JSON, or an event source name"


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


# The still_clock fixture for a child process, which this process's monkeypatch cannot reach.
STILL_CLOCK_SITE = "import time\n_now = float(int(time.time()))\ntime.time = lambda: _now\n"


def _subprocess_runner(cwd: Path, env: dict[str, str] | None = None) -> Cli:
    def run(*args: str, stdin: str = "") -> Run:
        done = subprocess.run(
            [sys.executable, "-m", "pytest_lambda", *args],
            cwd=cwd,
            env=env,
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
        if "still_clock" not in request.fixturenames:
            return _subprocess_runner(handlers_dir)
        site = handlers_dir / "still_clock_site"
        site.mkdir()
        (site / "sitecustomize.py").write_text(STILL_CLOCK_SITE)
        path = os.pathsep.join([str(site), *filter(None, [os.environ.get("PYTHONPATH")])])
        return _subprocess_runner(handlers_dir, {**os.environ, "PYTHONPATH": path})
    return _in_process_runner(handlers_dir, monkeypatch, capsys)


# -- synchronous invocation -------------------------------------------------------------------


@pytest.mark.usefixtures("still_clock")  # remaining_ms does not depend on the run's speed
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


@pytest.mark.usefixtures("still_clock")  # remaining_ms does not depend on the run's speed
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
    assert "event" in run.stdout


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
    # Nor the event factories and faker: --help stays fast.
    assert not {name for name in imported if name.startswith("pytest_lambda.events") or name.split(".")[0] == "faker"}


# -- invoke --event SOURCE ------------------------------------------------------------------


def test_an_event_source_name_gives_its_event_to_the_handler(run_cli: Cli) -> None:
    run = run_cli("invoke", "handlers.ok", "--event", "sqs", "--region", "eu-west-1")

    assert run.code == 0, run.stderr
    event = SqsModel.model_validate(run.payload["event"])
    (record,) = event.Records
    assert record.eventSource == "aws:sqs"
    # The event comes from the function's region, as a trigger's would.
    assert record.awsRegion == "eu-west-1"
    assert record.eventSourceARN.startswith("arn:aws:sqs:eu-west-1:123456789012:")


def test_an_unknown_event_source_is_a_usage_error_suggesting_the_closest(run_cli: Cli) -> None:
    run = run_cli("invoke", "handlers.ok", "--event", "sqss")

    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("error: --event 'sqss': unknown event source 'sqss'. Did you mean 'sqs'?")
    assert "Known sources: " in run.stderr
    assert EVENT_FORMS in run.stderr
    assert "START RequestId" not in run.stderr


# -- event: print an event ---------------------------------------------------------------------

NOW = "2024-01-02T03:04:05Z"


def test_event_list_prints_every_source_with_its_description_aligned(run_cli: Cli) -> None:
    run = run_cli("event", "--list")

    assert run.code == 0, run.stderr
    # The sources come first; the named kinds (presets) follow after a blank line and a heading.
    lines = run.stdout.split("\n\n")[0].splitlines()
    names = [line.split()[0] for line in lines]
    # (Compared with this process's registry by name only: a subprocess may see newer modules.)
    assert names == sorted(names)
    assert {"sqs", *sources} <= set(names)
    assert re.search(rf"^sqs +{re.escape(sources['sqs'].description)}$", run.stdout, flags=re.MULTILINE)
    # The descriptions start in one column, two spaces after the longest name (presets included).
    width = max(map(len, [*names, *presets]))
    for line, name in zip(lines, names, strict=True):
        assert line.startswith(f"{name:<{width}}  ")
        assert line[width + 2 :].strip() == line[width + 2 :] != ""
        if name in sources:
            assert line == f"{name:<{width}}  {sources[name].description}"


def test_event_prints_an_sqs_event_as_indented_json(run_cli: Cli) -> None:
    run = run_cli("event", "sqs")

    assert run.code == 0, run.stderr
    assert run.stdout.startswith('{\n  "Records": [\n')
    assert run.stdout.endswith("}\n")
    event = SqsModel.model_validate_json(run.stdout)
    assert len(event.Records) == 1
    assert event.Records[0].awsRegion == "us-east-1"
    assert run.stderr == ""


def test_event_is_reproducible_with_the_default_seed(run_cli: Cli) -> None:
    first = run_cli("event", "sqs", "--now", NOW)
    again = run_cli("event", "sqs", "--now", NOW)
    seeded = run_cli("event", "sqs", "--now", NOW, "--seed", "0")
    epoch_ms = run_cli("event", "sqs", "--now", "1704164645000")

    assert first.code == again.code == seeded.code == epoch_ms.code == 0, first.stderr
    assert first.stdout == again.stdout == seeded.stdout == epoch_ms.stdout
    # Timestamps lead up to --now.
    (record,) = first.payload["Records"]
    assert 1704164640000 <= int(record["attributes"]["SentTimestamp"]) <= 1704164645000


def test_event_without_now_differs_only_in_its_timestamps(run_cli: Cli) -> None:
    first, again = run_cli("event", "sqs").payload, run_cli("event", "sqs").payload

    for event in (first, again):
        attributes = event["Records"][0]["attributes"]
        del attributes["SentTimestamp"], attributes["ApproximateFirstReceiveTimestamp"]
    assert first == again


def test_another_seed_gives_another_event(run_cli: Cli) -> None:
    zero = run_cli("event", "sqs", "--now", NOW, "--seed", "0").payload
    seven = run_cli("event", "sqs", "--now", NOW, "--seed", "7").payload

    assert zero != seven
    assert zero["Records"][0]["messageId"] != seven["Records"][0]["messageId"]
    assert run_cli("event", "sqs", "--now", NOW, "--seed", "7").payload == seven


def test_event_records(run_cli: Cli) -> None:
    run = run_cli("event", "sqs", "--records", "3")

    assert run.code == 0, run.stderr
    event = SqsModel.model_validate_json(run.stdout)
    assert len(event.Records) == 3
    assert len({record.messageId for record in event.Records}) == 3
    # One event source mapping reads one queue.
    assert len({record.eventSourceARN for record in event.Records}) == 1


def test_event_region_and_account(run_cli: Cli) -> None:
    run = run_cli("event", "sqs", "--region", "cn-north-1", "--account-id", "210987654321")

    assert run.code == 0, run.stderr
    (record,) = SqsModel.model_validate_json(run.stdout).Records
    assert record.awsRegion == "cn-north-1"
    assert record.eventSourceARN.startswith("arn:aws-cn:sqs:cn-north-1:210987654321:")


def test_set_a_nested_path(run_cli: Cli) -> None:
    attribute = {"stringValue": "acme", "dataType": "String", "stringListValues": [], "binaryListValues": []}
    run = run_cli(
        "event",
        "sqs",
        "--records",
        "2",
        "--set",
        "Records.1.body=hello",
        "--set",
        "Records.0.attributes.ApproximateReceiveCount=3",
        "--set",
        f"Records.1.messageAttributes={json.dumps({'tenant': attribute})}",
    )

    assert run.code == 0, run.stderr
    first, second = run.payload["Records"]
    assert second["body"] == "hello"
    # A string field keeps the value as text: 3 stays "3", as AWS sends it.
    assert first["attributes"]["ApproximateReceiveCount"] == "3"
    # Anything else is parsed as JSON when it parses.
    assert second["messageAttributes"] == {"tenant": attribute}
    SqsModel.model_validate(run.payload)


def test_set_a_shorthand_goes_to_the_factory(run_cli: Cli) -> None:
    run = run_cli(
        "event", "sqs", "--records", "2", "--set", 'body={"orderId": 7}', "--set", "fifo=true", "--set", "queue=orders"
    )

    assert run.code == 0, run.stderr
    event = SqsModel.model_validate_json(run.stdout)
    for record in event.Records:
        assert record.body == '{"orderId": 7}'
        # The factory keeps the derived fields consistent with the body.
        assert record.md5OfBody == hashlib.md5(record.body.encode()).hexdigest()
        assert record.eventSourceARN.endswith(":orders.fifo")
        assert record.attributes.MessageGroupId is not None


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("Records.0.bodyy=x", "error: --set 'Records.0.bodyy': the event has no Records.0.bodyy (keys there: "),
        ("Records.1.body=x", "error: --set 'Records.1.body': the event has no Records.1 (a list of 1: "),
        ("Records.first.body=x", "error: --set 'Records.first.body': the event has no Records.first "),
        ("Records.0.body.text=x", "error: --set 'Records.0.body.text': the event has no Records.0.body.text "),
        ("detail.orderId=7", "error: --set 'detail.orderId': the event has no detail (keys there: Records)"),
        ("no-equals-sign", "error: --set 'no-equals-sign' is not PATH=VALUE"),
    ],
)
def test_set_a_path_the_event_does_not_have_is_a_usage_error(run_cli: Cli, path: str, message: str) -> None:
    run = run_cli("event", "sqs", "--set", path)

    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith(message)


def test_event_of_an_unknown_source_suggests_the_closest(run_cli: Cli) -> None:
    run = run_cli("event", "sqss")

    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("error: unknown event source 'sqss'. Did you mean 'sqs'? Known sources: ")
    assert "sqs" in run.stderr.splitlines()[0].split("Known sources: ")[1].split(", ")


def test_records_out_of_the_batch_limit_is_a_usage_error(run_cli: Cli) -> None:
    run = run_cli("event", "sqs", "--records", "0")

    assert run.code == 2
    assert run.stderr.startswith("error: SQS batches hold 1 to 10000 records, asked for 0")


def test_records_for_a_source_that_is_not_a_batch_is_a_usage_error(run_cli: Cli) -> None:
    single = sorted(name for name, source in sources.items() if source.records_limit is None)
    if not single:
        pytest.skip("every registered source is a batch source")

    run = run_cli("event", single[0], "--records", "2")

    assert run.code == 2
    assert run.stderr.startswith(f"error: --records: {single[0]} events are not batches")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "moon"], "error: region='moon' is not valid"),
        (["--account-id", "12"], "error: account_id='12' is not valid"),
        (["--now", "yesterday"], "error: --now 'yesterday' is neither epoch milliseconds nor an ISO 8601 time"),
        (["--records", "2", "--set", "records=3"], "error: --records and --set records=... both give the records"),
    ],
)
def test_bad_event_options_are_usage_errors(run_cli: Cli, args: list[str], message: str) -> None:
    run = run_cli("event", "sqs", *args)

    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith(message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["event"], "error: give an event SOURCE (see --list), or --list"),
        (["event", "sqs", "--list"], "error: --list takes no SOURCE"),
        (["event", "sqs", "--seed", "x"], "error: argument --seed: invalid int value: 'x'"),
    ],
)
def test_malformed_event_commands_are_argparse_usage_errors(run_cli: Cli, args: list[str], message: str) -> None:
    run = run_cli(*args)

    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("usage: python -m pytest_lambda event")
    assert message in run.stderr


def test_event_help(run_cli: Cli) -> None:
    run = run_cli("event", "--help")

    assert run.code == 0
    assert run.stdout.startswith("usage: python -m pytest_lambda event")
    for option in ("--list", "--set", "--records", "--seed", "--now", "--region", "--account-id"):
        assert option in run.stdout
    assert "The seed defaults to 0, so the output is reproducible" in run.stdout


def test_parse_now_accepts_offsets_and_naive_times_as_utc() -> None:
    assert cli.parse_now("2024-01-02T04:04:05+01:00") == cli.parse_now(NOW) == 1704164645000
    assert cli.parse_now("2024-01-02T03:04:05.250") == 1704164645250


def test_a_factory_that_fails_on_a_shorthand_value_is_a_usage_error(
    handlers_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pytest_lambda.events

    def broken(source: str, /, **options: Any) -> Any:
        raise TypeError("'int' object is not iterable")

    monkeypatch.setattr(pytest_lambda.events, "make_event", broken)
    run = _in_process_runner(handlers_dir, monkeypatch, capsys)("event", "sqs")
    assert run.code == 2
    assert run.stderr == "error: sqs: 'int' object is not iterable\n"


def test_a_named_kind_resolves_with_its_preset(run_cli: Cli) -> None:
    run = run_cli("event", "sqs:receive-message", "--seed", "4")
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["Records"][0]["eventSource"] == "aws:sqs"
    listing = run_cli("event", "--list")
    assert "Named kinds (`sam local generate-event`'s), each a source with preset overrides:" in listing.stdout
    assert any(line.startswith("sqs:receive-message ") for line in listing.stdout.splitlines())
