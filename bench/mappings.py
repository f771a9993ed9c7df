"""Cost of draining a backlog through the event source mappings under moto, by backlog size.

    .venv/bin/python bench/mappings.py [--sizes 100,1000,10000] [--kinds sqs,fifo,ddb] [--rounds 1]
                                       [--speedup on|off] [--variants] [--instructions] [--check]

Each case starts the plugin's mock (``pytest_lambda.aws.mocked_aws()``, as the ``lambda_aws``
fixture does), fills a source with ``--sizes`` messages or records (timed apart: the fill), then
times the drain of a trivial handler:

- ``sqs``: a standard queue filled with SendMessageBatch, drained by ``SQSEventSourceMapping``
  (BatchSize 10);
- ``fifo``: a FIFO queue (content-based deduplication, 10 message groups), the same mapping;
- ``ddb``: a table with a stream (NEW_AND_OLD_IMAGES) filled with PutItem, drained by
  ``DynamoDBStreamEventSourceMapping`` (BatchSize 100).

For SQS it also times moto's floor, a bare boto3 ReceiveMessage (10) + DeleteMessageBatch loop with
no handler (``sqs bare``). ``--variants`` adds two SQS set-ups: ReportBatchItemFailures with a handler
that reports nothing, and BatchSize 100 with a 1-second batching window (virtual time).

``--speedup off`` runs with the plugin's moto SQS speed-up switched off (``PYTEST_LAMBDA_MOTO_SQS_SPEEDUP=0``:
moto's own queue storage); ``on`` (the default) as the plugin runs. Every figure is reported as
wall-clock seconds and as the process's CPU seconds (``time.process_time``): on a shared machine
the CPU figure is the steadier one.
``--instructions`` also counts the drain's instructions with valgrind's cachegrind (a run that fills
and drains, minus a run that only fills), which hardly changes with the machine's load; it is slow
(about 50 times the drain), so keep it to the smaller sizes.

``--check`` exits 1 when a 10,000-message SQS or FIFO drain (``sqs`` or ``fifo`` with 10000 in
``--sizes``) takes more than 10 s of CPU time, or when the cost per message at the largest size is
more than twice the cost at the smallest size of at least 1,000 (a drain that is not linear).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

DRAIN_TARGET_S = 10.0
LINEAR_FACTOR = 2.0
FIFO_GROUPS = 10
VALGRIND = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null")
KINDS = ("sqs", "fifo", "ddb")
# pytest_lambda.aws._moto_sqs_speedup.ENV_SWITCH (not imported here: the script also measures older checkouts).
SWITCH = "PYTEST_LAMBDA_MOTO_SQS_SPEEDUP"


@dataclass(frozen=True)
class Sample:
    fill_wall: float
    fill_cpu: float
    wall: float
    cpu: float


@contextmanager
def _mock(speedup: bool) -> Iterator[Any]:
    from pytest_lambda.aws import mocked_aws

    saved = os.environ.get(SWITCH)
    os.environ[SWITCH] = "1" if speedup else "0"
    try:
        with mocked_aws() as aws:
            yield aws
    finally:
        if saved is None:
            del os.environ[SWITCH]
        else:
            os.environ[SWITCH] = saved


def _fill_sqs(aws: Any, messages: int, *, fifo: bool) -> str:
    sqs = aws.client("sqs")
    attributes = {"FifoQueue": "true", "ContentBasedDeduplication": "true"} if fifo else {}
    url: str = sqs.create_queue(QueueName="bench.fifo" if fifo else "bench", Attributes=attributes)["QueueUrl"]
    for start in range(0, messages, 10):
        entries: list[dict[str, Any]] = [
            {"Id": str(i), "MessageBody": f'{{"n": {i}}}'} for i in range(start, min(start + 10, messages))
        ]
        if fifo:
            for entry in entries:
                entry["MessageGroupId"] = f"g{int(entry['Id']) % FIFO_GROUPS}"
        sqs.send_message_batch(QueueUrl=url, Entries=entries)
    return url


def _fill_ddb(aws: Any, records: int) -> str:
    ddb = aws.client("dynamodb")
    table = ddb.create_table(
        TableName="bench",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    for i in range(records):
        ddb.put_item(TableName="bench", Item={"pk": {"S": f"k{i}"}, "n": {"N": str(i)}})
    return str(table["TableDescription"]["LatestStreamArn"])


def _handler(event: dict[str, Any], context: object) -> None:
    return None


def _partial(event: dict[str, Any], context: object) -> dict[str, Any]:
    return {"batchItemFailures": []}


def _sqs_drain(options: dict[str, Any], handler: Callable[..., Any]) -> Callable[[str], int]:
    def run(url: str) -> int:
        from pytest_lambda import LambdaFunction
        from pytest_lambda.aws.sqs import SQSEventSourceMapping

        with LambdaFunction(handler) as function:
            drained = SQSEventSourceMapping(function, url, **options).drain(max_batches=10**6)
        return len(drained.deleted)

    return run


def _ddb_drain(arn: str) -> int:
    from pytest_lambda import LambdaFunction
    from pytest_lambda.aws.streams import DynamoDBStreamEventSourceMapping

    with LambdaFunction(_handler) as function:
        drained = DynamoDBStreamEventSourceMapping(function, arn).drain(max_batches=10**6)
    return sum(len(b.sequence_numbers) for b in drained)


def _bare(url: str) -> int:
    import boto3

    sqs = boto3.client("sqs")
    done = 0
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"])
        messages = got.get("Messages", [])
        if not messages:
            return done
        entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
        sqs.delete_message_batch(QueueUrl=url, Entries=entries)
        done += len(messages)


# name -> (kind of source, drain)
CASES: dict[str, tuple[str, Callable[[str], int]]] = {
    "sqs bare": ("sqs", _bare),
    "sqs": ("sqs", _sqs_drain({}, _handler)),
    "sqs partial": ("sqs", _sqs_drain({"function_response_types": True}, _partial)),
    "sqs batch 100, window 1": ("sqs", _sqs_drain({"batch_size": 100, "maximum_batching_window": 1}, _handler)),
    "fifo": ("fifo", _sqs_drain({}, _handler)),
    "ddb": ("ddb", _ddb_drain),
}


def _fill(aws: Any, kind: str, size: int) -> str:
    return _fill_ddb(aws, size) if kind == "ddb" else _fill_sqs(aws, size, fifo=kind == "fifo")


def measure(case: str, size: int, *, speedup: bool, drain: bool = True) -> Sample:
    kind, run = CASES[case]
    with _mock(speedup) as aws:
        wall, cpu = time.perf_counter(), time.process_time()
        source = _fill(aws, kind, size)
        fill_wall, fill_cpu = time.perf_counter() - wall, time.process_time() - cpu
        if not drain:
            return Sample(fill_wall, fill_cpu, 0.0, 0.0)
        wall, cpu = time.perf_counter(), time.process_time()
        done = run(source)
        sample = Sample(fill_wall, fill_cpu, time.perf_counter() - wall, time.process_time() - cpu)
    if done != size:
        raise SystemExit(f"{case}: processed {done} of {size}")
    return sample


def _instructions(case: str, size: int, speedup: bool, drain: bool) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    code = (
        f"import sys; sys.path.insert(0, {here!r}); import mappings; mappings._environment(); "
        f"mappings.measure('sqs', 20, speedup={speedup}); "
        f"mappings.measure({case!r}, {size}, speedup={speedup}, drain={drain})"
    )
    result = subprocess.run([*VALGRIND, sys.executable, "-c", code], capture_output=True, text=True, check=False)
    counts = re.findall(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if result.returncode or not counts:
        raise SystemExit(f"valgrind run failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return int(counts[0].replace(",", ""))


def instructions(case: str, size: int, speedup: bool) -> int:
    """Instructions of the drain alone: a fill-and-drain run minus a fill-only run."""
    return _instructions(case, size, speedup, True) - _instructions(case, size, speedup, False)


def _environment() -> None:
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
        os.environ.pop(name, None)


def _load() -> str:
    try:
        return " / ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        return "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated backlog sizes")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of {', '.join(KINDS)}")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--speedup", choices=("on", "off"), default="on")
    parser.add_argument("--bare", action="store_true", help="also time moto's floor for SQS (bare boto3 loop)")
    parser.add_argument("--variants", action="store_true", help="also the partial-response and batch-100 SQS set-ups")
    parser.add_argument("--instructions", action="store_true", help="also count the drain's instructions (valgrind)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = args.kinds.split(",")
    if unknown := set(kinds) - set(KINDS):
        parser.error(f"unknown kinds {sorted(unknown)}; valid: {', '.join(KINDS)}")
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind on PATH")
    speedup = args.speedup == "on"
    cases = [c for c, (kind, _) in CASES.items() if kind in kinds]
    if not args.bare:
        cases.remove("sqs bare") if "sqs bare" in cases else None
    if not args.variants:
        cases = [c for c in cases if c not in ("sqs partial", "sqs batch 100, window 1")]
    _environment()
    measure("sqs", 20, speedup=speedup)  # warm-up: imports, botocore's service models

    import moto

    print(
        f"python {platform.python_version()}, moto {moto.__version__}, speed-up {args.speedup}, "
        f"{args.rounds} round(s), load average {_load()}"
    )
    print(
        f"{'case':26} {'size':>6} {'fill s':>8} {'drain s':>8} {'drain cpu s':>11} {'ms/msg':>7} {'cpu ms/msg':>10}"
        + (f" {'instr/msg':>10}" if args.instructions else "")
    )
    per_message: dict[tuple[str, int], float] = {}
    cpu_total: dict[tuple[str, int], float] = {}
    for case in cases:
        for size in sizes:
            samples = [measure(case, size, speedup=speedup) for _ in range(args.rounds)]
            wall = statistics.median(s.wall for s in samples)
            cpu = statistics.median(s.cpu for s in samples)
            fill = statistics.median(s.fill_wall for s in samples)
            per_message[case, size] = cpu / size * 1000
            cpu_total[case, size] = cpu
            line = (
                f"{case:26} {size:6} {fill:8.2f} {wall:8.2f} {cpu:11.2f} {wall / size * 1000:7.3f} "
                f"{cpu / size * 1000:10.3f}"
            )
            if args.instructions:
                line += f" {instructions(case, size, speedup) / size:10,.0f}"
            print(line, flush=True)
    print(f"load average after: {_load()}")
    failures = []
    for case in cases:
        if (
            CASES[case][0] in ("sqs", "fifo")
            and (case, 10_000) in cpu_total
            and cpu_total[case, 10_000] > DRAIN_TARGET_S
        ):
            failures.append(f"{case}: 10,000 messages took {cpu_total[case, 10_000]:.1f} s of CPU (> {DRAIN_TARGET_S})")
        measured = sorted(size for c, size in per_message if c == case and size >= 1000)
        if len(measured) >= 2:
            small, large = per_message[case, measured[0]], per_message[case, measured[-1]]
            if large > LINEAR_FACTOR * small:
                failures.append(
                    f"{case}: {large:.3f} ms/message at {measured[-1]} vs {small:.3f} at {measured[0]} (not linear)"
                )
    for failure in failures:
        print("over target:", failure)
    return 1 if args.check and failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
