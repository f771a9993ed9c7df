"""Cost of draining SQS messages through a handler with ``SQSEventSourceMapping`` under moto.

    .venv/bin/python bench/mappings.py [--messages 1000] [--rounds 1] [--all] [--check]

Each round starts moto (``mock_aws``, fake credentials), creates a queue, sends ``--messages``
messages with SendMessageBatch (outside the timing), then times ``mapping.drain()`` of a trivial
handler (``batch 10``; with ``--all`` also the two other set-ups):

- ``batch 10``: the default mapping (BatchSize 10, no batching window);
- ``batch 10, partial``: with ``ReportBatchItemFailures``, the handler reporting no failures;
- ``batch 100, window 1``: BatchSize 100 with a 1-second batching window (virtual time).

moto's SQS scans every message of the queue on each receive, so a drain costs time quadratic in
the queue's length: at 1,000 messages moto's own floor is tens of seconds, hence one round by default.
It reports the median and minimum wall-clock time of a drain and the cost per message, and, for
comparison, the cost of the same number of bare boto3 ReceiveMessage + DeleteMessageBatch calls
against moto (batches of 10) without any handler: the floor that moto itself sets.

``--check`` exits 1 when the default mapping adds 0.5 ms per message or more to moto's floor (the
bare receive + delete loop).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

TARGET_MS_PER_MESSAGE = 0.5


def _environment() -> None:
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
        os.environ.pop(name, None)
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1")


def _filled_queue(messages: int) -> str:
    import boto3

    sqs = boto3.client("sqs", region_name="us-east-1")
    url: str = sqs.create_queue(QueueName="bench")["QueueUrl"]
    for start in range(0, messages, 10):
        entries = [{"Id": str(i), "MessageBody": f'{{"n": {i}}}'} for i in range(start, min(start + 10, messages))]
        sqs.send_message_batch(QueueUrl=url, Entries=entries)
    return url


def _handler(event: dict[str, Any], context: object) -> None:
    return None


def _partial(event: dict[str, Any], context: object) -> dict[str, Any]:
    return {"batchItemFailures": []}


def _drain(options: dict[str, Any], handler: Callable[..., Any]) -> Callable[[str], int]:
    def run(url: str) -> int:
        from pytest_lambda import LambdaFunction
        from pytest_lambda.aws.sqs import SQSEventSourceMapping

        with LambdaFunction(handler) as function:
            drained = SQSEventSourceMapping(function, url, **options).drain(max_batches=10**6)
        return len(drained.deleted)

    return run


def _bare(url: str) -> int:
    import boto3

    sqs = boto3.client("sqs", region_name="us-east-1")
    done = 0
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"])
        messages = got.get("Messages", [])
        if not messages:
            return done
        entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
        sqs.delete_message_batch(QueueUrl=url, Entries=entries)
        done += len(messages)


VARIANTS: dict[str, Callable[[str], int]] = {
    "bare boto3 receive + delete": _bare,
    "batch 10": _drain({}, _handler),
    "batch 10, partial": _drain({"function_response_types": True}, _partial),
    "batch 100, window 1": _drain({"batch_size": 100, "maximum_batching_window": 1}, _handler),
}


def _time(variant: Callable[[str], int], messages: int) -> float:
    from moto import mock_aws

    with mock_aws():
        url = _filled_queue(messages)
        started = time.perf_counter()
        done = variant(url)
        elapsed = time.perf_counter() - started
    if done != messages:
        raise SystemExit(f"processed {done} of {messages} messages")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--all", action="store_true", help="also time the partial-response and batch-100 set-ups")
    parser.add_argument("--check", action="store_true", help="exit 1 when the default drain misses its target")
    args = parser.parse_args(argv)
    _environment()
    _time(VARIANTS["batch 10"], 20)  # warm-up: imports, botocore's service models
    print(f"python {sys.version.split()[0]}, {args.messages} messages, {args.rounds} rounds")
    print(f"{'variant':30} {'median s':>9} {'min s':>8} {'ms/message':>11}")
    medians: dict[str, float] = {}
    names = list(VARIANTS) if args.all else ["bare boto3 receive + delete", "batch 10"]
    for name in names:
        variant = VARIANTS[name]
        times = [_time(variant, args.messages) for _ in range(args.rounds)]
        medians[name] = statistics.median(times)
        per = medians[name] / args.messages * 1000
        print(f"{name:30} {medians[name]:9.3f} {min(times):8.3f} {per:11.3f}")
    per_message = medians["batch 10"] / args.messages * 1000
    floor = medians["bare boto3 receive + delete"] / args.messages * 1000
    over = per_message - floor >= TARGET_MS_PER_MESSAGE
    print(
        f"default drain: {per_message:.3f} ms/message, moto's floor {floor:.3f}, added "
        f"{per_message - floor:.3f} (target < {TARGET_MS_PER_MESSAGE}): {'over' if over else 'ok'}"
    )
    return 1 if args.check and over else 0


if __name__ == "__main__":
    raise SystemExit(main())
