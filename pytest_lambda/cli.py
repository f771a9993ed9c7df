"""The command line: ``python -m pytest_lambda invoke app.handler --event event.json``.

``invoke`` is ``sam local invoke`` without a container: the handler runs once in this process
through ``pytest_lambda.LambdaFunction``, the function's log (START, END, REPORT, what
the handler printed or logged) goes to stderr and the response payload, as JSON, to stdout. The
exit status is 0 when the function succeeded, 1 when it failed (``FunctionError``) and 2 for a
usage error: a bad option, event or function setting.

``event`` is ``sam local generate-event`` offline: ``event sqs --set body=hello`` prints an event
of ``pytest_lambda.events`` as indented JSON; ``event --list`` lists the sources.

Every command is a function taking the parsed arguments and returning the exit status, set as
the ``command`` default of its sub-parser; add one with another ``_add_<name>`` beside
``_add_invoke``. The harness and the event factories (faker) are imported inside the commands
so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from pytest_lambda.errors import PytestLambdaError

__all__ = [
    "EXIT_FUNCTION_ERROR",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "main",
    "parse_assignments",
    "parse_env",
    "parse_now",
    "read_event",
    "set_path",
]

PROG = "python -m pytest_lambda"
EXIT_OK = 0
EXIT_FUNCTION_ERROR = 1
EXIT_USAGE = 2
EVENT_FORMS = f"a JSON file, '-' for standard input, inline JSON, or an event source name (`{PROG} event --list`)"

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
    _add_event(commands)
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
        help=f"the event: {EVENT_FORMS}, made with seed 0 (default: {{}})",
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
    from pytest_lambda.runtime import LambdaFunction

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
        # A generated event comes from the function's region and account, as a trigger's would.
        event = read_event(args.event, sys.stdin, region=function.config.region, account_id=function.config.account_id)
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


def read_event(value: str | None, stdin: TextIO, *, region: str = "us-east-1", account_id: str = "123456789012") -> Any:
    """The event named by ``--event``: ``{}`` when absent, else a file, stdin, inline JSON or a source's.

    A name that is none of those is an event source of ``pytest_lambda.events``: its event with
    seed 0, in ``region`` and ``account_id``.
    """
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
    if "/" in value or os.sep in value or value.lower().endswith(".json"):
        # A path, not a name: say so rather than "unknown event source 'events/order.json'".
        raise UsageError(f"--event {value!r} is neither an existing file nor valid JSON; give {EVENT_FORMS}")
    from pytest_lambda.events import make_event

    try:
        return make_event(value, region=region, account_id=account_id)
    except (PytestLambdaError, ValueError, LookupError) as exc:
        raise UsageError(f"--event {value!r}: {exc}\n(accepted: {EVENT_FORMS})") from None


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


# -- event --------------------------------------------------------------------------------------


def _add_event(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "event",
        help="print a sample event of a source as JSON, like `sam local generate-event` offline",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Print an event of SOURCE as indented JSON on stdout, made by pytest_lambda.events.make_event\n"
            "(`--list` lists the sources). The seed defaults to 0, so the output is reproducible: the same\n"
            "seed gives the same ids, names and bodies. Timestamps lead up to the current time unless --now\n"
            "fixes it; with --now as well, the output is the same byte for byte."
        ),
        epilog=(
            "examples:\n"
            f"  {PROG} event --list\n"
            f"  {PROG} event sqs --records 3 --set body='{{\"orderId\": 7}}'\n"
            f"  {PROG} event sqs --set Records.0.body=hello --seed 4\n"
            f"  {PROG} event sqs --now 2024-01-02T03:04:05Z > tests/events/sqs.json"
        ),
    )
    parser.add_argument("source", nargs="?", metavar="SOURCE", help="the event source, e.g. sqs (see --list)")
    parser.add_argument("--list", action="store_true", help="list the event sources with a description, and exit")
    parser.add_argument(
        "--set",
        dest="assignments",
        action="append",
        metavar="PATH=VALUE",
        help=(
            "set a value: PATH is dotted into the event (Records.0.body, detail.orderId) and must exist "
            "in it; a top-level shorthand of the source (body, message...) goes to the factory instead, "
            "which keeps derived fields (checksums, sizes) consistent. VALUE is JSON if it parses "
            "(7, true, {...}), else text; a field that holds a string keeps VALUE as text. Repeat for more"
        ),
    )
    parser.add_argument("--records", type=int, metavar="N", help="records in the batch (batch sources only)")
    parser.add_argument(
        "--seed", type=int, default=0, metavar="N", help="seed of the generated values (default: 0, reproducible)"
    )
    parser.add_argument(
        "--now",
        metavar="TIME",
        help="the time the event's timestamps lead up to: epoch milliseconds or ISO 8601 "
        "(2024-01-02T03:04:05Z; default: the current time)",
    )
    parser.add_argument("--region", metavar="REGION", help="region of the event's ARNs (default: us-east-1)")
    parser.add_argument("--account-id", metavar="ID", help="account of the event's ARNs (default: 123456789012)")
    parser.set_defaults(command=_event, event_parser=parser)


def _event(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.event_parser
    if args.list:
        if args.source is not None:
            parser.error("--list takes no SOURCE")
        from pytest_lambda.events._registry import presets, sources

        width = max((len(name) for name in [*sources, *presets]), default=0)
        for name in sorted(sources):
            print(f"{name:<{width}}  {sources[name].description}")
        print("\nNamed kinds (`sam local generate-event`'s), each a source with preset overrides:")
        for name in sorted(presets):
            target, _, description = presets[name]
            print(f"{name:<{width}}  {description} ({target})")
        return EXIT_OK
    if args.source is None:
        parser.error("give an event SOURCE (see --list), or --list")

    from pytest_lambda.context import ContextConfig
    from pytest_lambda.events import make_event
    from pytest_lambda.events._registry import resolve

    source, _ = resolve(args.source)  # an unknown name lists the sources and suggests the closest
    settings = {key: value for key, value in (("region", args.region), ("account_id", args.account_id)) if value}
    ContextConfig(**settings)  # validates them as the function settings are validated
    shorthands, assignments = parse_assignments(args.assignments or (), source.shorthands)
    if args.records is not None:
        if source.records_limit is None:
            raise UsageError(
                f"--records: {source.name} events are not batches; its shorthands: "
                f"{', '.join(source.shorthands) or '(none)'}"
            )
        if "records" in shorthands:
            raise UsageError("--records and --set records=... both give the records: give one")
        shorthands["records"] = args.records
    now = None if args.now is None else parse_now(args.now)
    try:
        with _clock_at(now):
            event = make_event(args.source, seed=args.seed, **settings, **shorthands)
    except PytestLambdaError:
        raise
    except (ValueError, LookupError, TypeError) as exc:  # a shorthand value the factory cannot take
        raise UsageError(f"{source.name}: {exc}") from None
    for path, text in assignments:
        set_path(event, path, text)
    sys.stdout.write(json.dumps(event, indent=2) + "\n")
    sys.stdout.flush()
    return EXIT_OK


def parse_assignments(pairs: Sequence[str], shorthands: Sequence[str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """``--set PATH=VALUE`` strings: ``{shorthand: value}`` for the factory, and ``(path, text)`` to set after."""
    factory: dict[str, Any] = {}
    paths: list[tuple[str, str]] = []
    for pair in pairs:
        path, equals, text = pair.partition("=")
        if not equals or not path:
            raise UsageError(f"--set {pair!r} is not PATH=VALUE")
        if path in shorthands:
            factory[path] = _json_or_text(text)
        else:
            paths.append((path, text))
    return factory, paths


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


_INDEX = re.compile(r"[0-9]+")


def set_path(event: Any, path: str, text: str) -> None:
    """Set ``event[a][b]...`` for ``path`` ``a.b...`` (list items by index) to ``text``, parsed as for ``--set``.

    Every step must exist in the event. A string field keeps ``text`` as text (``7`` stays ``"7"``):
    AWS never puts a number or an object where its events have a string.
    """
    parts = path.split(".")
    container = event
    for depth, part in enumerate(parts):
        here = ".".join(parts[: depth + 1])
        if isinstance(container, dict):
            if part not in container:
                keys = ", ".join(sorted(container)) or "none"
                raise UsageError(f"--set {path!r}: the event has no {here} (keys there: {keys})")
            key: Any = part
        elif isinstance(container, list):
            if not _INDEX.fullmatch(part) or int(part) >= len(container):
                raise UsageError(
                    f"--set {path!r}: the event has no {here} (a list of {len(container)}: indexes 0 to "
                    f"{len(container) - 1})"
                )
            key = int(part)
        else:
            raise UsageError(f"--set {path!r}: the event has no {here} ({'.'.join(parts[:depth])} is not an object)")
        if depth == len(parts) - 1:
            value = _json_or_text(text)
            container[key] = text if isinstance(container[key], str) else value
        else:
            container = container[key]


def parse_now(value: str) -> int:
    """``--now``: epoch milliseconds, or an ISO 8601 time (UTC unless it says otherwise), as epoch ms."""
    if _INDEX.fullmatch(value):
        return int(value)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise UsageError(f"--now {value!r} is neither epoch milliseconds nor an ISO 8601 time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return round(moment.timestamp() * 1000)


@contextlib.contextmanager
def _clock_at(epoch_ms: int | None) -> Iterator[None]:
    """Stop the clock at ``epoch_ms`` while the factory runs: ``pytest_lambda.clock`` reads ``time.time``."""
    if epoch_ms is None:
        yield
        return
    real = time.time
    time.time = lambda: epoch_ms / 1000
    try:
        yield
    finally:
        time.time = real
