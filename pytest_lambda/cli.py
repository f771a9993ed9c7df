"""The command line: ``python -m pytest_lambda invoke app.handler --event event.json``.

``invoke`` is ``sam local invoke`` without a container: the handler runs once in this process
through ``pytest_lambda.function.LambdaFunction``, the function's log (START, END, REPORT, what
the handler printed or logged) goes to stderr and the response payload, as JSON, to stdout. The
exit status is 0 when the function succeeded, 1 when it failed (``FunctionError``) and 2 for a
usage error: a bad option, event or function setting.

Every command is a function taking the parsed arguments and returning the exit status, set as
the ``command`` default of its sub-parser; add one with another ``_add_<name>`` beside
``_add_invoke``. The harness is imported inside the command so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from pytest_lambda.errors import PytestLambdaError

__all__ = ["EXIT_FUNCTION_ERROR", "EXIT_OK", "EXIT_USAGE", "build_parser", "main", "parse_env", "read_event"]

PROG = "python -m pytest_lambda"
EXIT_OK = 0
EXIT_FUNCTION_ERROR = 1
EXIT_USAGE = 2
EVENT_FORMS = "a JSON file, '-' for standard input, or inline JSON"
# Event factories (``make_event(source)``) live here once they exist; the CLI uses them if present.
EVENTS_MODULE = "pytest_lambda.events"

Command = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """A bad argument the parser cannot see: reported as ``error: <message>``, exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    args = build_parser().parse_args(argv)
    command: Command = args.command
    try:
        return command(args)
    except (UsageError, PytestLambdaError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Run AWS Lambda handlers in process, with Lambda's semantics around them.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    _add_invoke(commands)
    return parser


# -- invoke -------------------------------------------------------------------------------------


def _add_invoke(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "invoke",
        help="invoke a handler once, like `sam local invoke` without a container",
        description=(
            "Invoke a handler once in this process. The function's log (START, END, REPORT and what "
            "the handler printed) goes to stderr, the response payload as JSON to stdout. Exit status: "
            "0 on success, 1 when the function failed, 2 on a usage error. The current directory is "
            "importable, as the function's code directory is in Lambda."
        ),
    )
    parser.add_argument(
        "handler",
        help="the handler setting, as in Lambda: 'module.function' or 'path/module.function', e.g. app.handler",
    )
    parser.add_argument(
        "-e",
        "--event",
        metavar="EVENT",
        help=f"the event: {EVENT_FORMS} (default: {{}})",
    )
    parser.add_argument(
        "--async",
        dest="asynchronous",
        action="store_true",
        help="invoke asynchronously (InvocationType Event): retries and their delays, no payload on stdout",
    )
    parser.add_argument("--timeout", type=int, metavar="SECONDS", help="function timeout, 1-900 (default: 3)")
    parser.add_argument("--memory", type=int, metavar="MB", help="memory size, 128-10240 (default: 128)")
    parser.add_argument(
        "--env",
        action="append",
        metavar="KEY=VALUE",
        help="a function environment variable; repeat for more",
    )
    parser.add_argument("--function-name", metavar="NAME", help="function name (default: test_function)")
    parser.add_argument("--region", metavar="REGION", help="region (default: us-east-1)")
    parser.add_argument("--log-format", choices=("Text", "JSON"), help="log format (default: Text)")
    parser.set_defaults(command=_invoke)


def _invoke(args: argparse.Namespace) -> int:
    from pytest_lambda.function import LambdaFunction

    settings: dict[str, Any] = {
        key: value
        for key, value in (
            ("timeout", args.timeout),
            ("memory_size", args.memory),
            ("function_name", args.function_name),
            ("region", args.region),
            ("log_format", args.log_format),
        )
        if value is not None
    }
    environment = parse_env(args.env or ())
    # The runtime imports the handler from the code directory (LAMBDA_TASK_ROOT, first on the path).
    sys.path.insert(0, os.getcwd())
    # close() restores the environment variables the invocation set.
    with LambdaFunction(args.handler, environment=environment, **settings) as function:
        event = read_event(args.event, sys.stdin)
        result = function.invoke(event, invocation_type="Event" if args.asynchronous else "RequestResponse")
    write_logs(result.logs, sys.stderr)
    if not args.asynchronous:
        write_payload(result.payload, sys.stdout)
    return EXIT_OK if result.ok else EXIT_FUNCTION_ERROR


def parse_env(pairs: Sequence[str]) -> dict[str, str]:
    """``KEY=VALUE`` strings as a mapping; the value may be empty or contain ``=``."""
    environment: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key:
            raise UsageError(f"--env {pair!r} is not KEY=VALUE")
        environment[key] = value
    return environment


def read_event(value: str | None, stdin: TextIO) -> Any:
    """The event named by ``--event``: ``{}`` when absent, else a file, stdin, inline JSON or a factory's."""
    if value is None:
        return {}
    if value == "-":
        try:
            return json.loads(stdin.read())
        except ValueError as exc:
            raise UsageError(f"the event on standard input is not valid JSON: {exc}") from None
    if os.path.isfile(value):
        try:
            return json.loads(Path(value).read_bytes())
        except (OSError, ValueError) as exc:  # ValueError: JSONDecodeError, UnicodeDecodeError
            raise UsageError(f"the event file {value!r} is not readable JSON: {exc}") from None
    try:
        return json.loads(value)
    except ValueError:
        pass
    make_event = _event_factory()
    if make_event is None:
        raise UsageError(f"--event {value!r} is neither an existing file nor valid JSON; give {EVENT_FORMS}")
    try:
        return make_event(value)
    except (PytestLambdaError, ValueError, LookupError) as exc:
        raise UsageError(f"--event {value!r}: {exc}\n(accepted: {EVENT_FORMS}, or an event name)") from None


def _event_factory() -> Callable[[str], Any] | None:
    """``pytest_lambda.events.make_event`` if that module exists (event factories come later)."""
    if importlib.util.find_spec(EVENTS_MODULE) is None:
        return None
    factory: Callable[[str], Any] | None = getattr(importlib.import_module(EVENTS_MODULE), "make_event", None)
    return factory if callable(factory) else None


def write_logs(text: str, stream: TextIO) -> None:
    """The function's log. Lambda joins a multi-line entry with ``\\r``; a terminal shows it on lines."""
    stream.write(text.replace("\r\n", "\n").replace("\r", "\n"))
    stream.flush()


def write_payload(payload: Any, stream: TextIO) -> None:
    """The response: bytes as the handler returned them, anything else as one line of JSON."""
    if isinstance(payload, bytes):
        stream.flush()
        stream.buffer.write(payload)
        stream.buffer.flush()
    else:
        stream.write(json.dumps(payload) + "\n")
        stream.flush()
