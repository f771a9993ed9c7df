"""Destinations: the runtime hands dead letters and records to what is registered, and knows no AWS service."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import pytest

from pytest_lambda import DeadLetter, DestinationRecord, LambdaFunction
from pytest_lambda.aws import delivery
from pytest_lambda.runtime import destinations


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[list[DeadLetter], list[DestinationRecord], dict[str, str]]] = []

    def deliver(
        self,
        dead_letters: Sequence[DeadLetter],
        records: Sequence[DestinationRecord],
        *,
        function_arn: str,
        default_dead_letter_queue: str,
    ) -> None:
        where = {"function_arn": function_arn, "default_dead_letter_queue": default_dead_letter_queue}
        self.calls.append((list(dead_letters), list(records), where))


def fail(event: Any, context: Any) -> Any:
    raise RuntimeError("down")


def test_a_registered_destination_gets_each_async_invocation_s_letters_and_records_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(destinations, "_DESTINATIONS", [])
    recorder = Recorder()
    destinations.register_destination(recorder)
    destinations.register_destination(recorder)  # registered twice, delivered to once
    target = "arn:aws:sqs:us-east-1:123456789012:failures"
    fn = LambdaFunction(fail, function_name="pay", alias="live", on_failure=target, max_retry_attempts=0)
    result = fn.invoke({"order": 1}, invocation_type="Event")
    ((letters, records, where),) = recorder.calls
    assert letters == list(result.dead_letters) == fn.dead_letters
    assert records == list(result.destination_records) == fn.destination_records
    assert [record.destination_arn for record in records] == [target]
    assert where == {
        "function_arn": "arn:aws:lambda:us-east-1:123456789012:function:pay:live",
        "default_dead_letter_queue": "arn:aws:sqs:us-east-1:123456789012:pay-dlq",
    }
    LambdaFunction(lambda e, c: 1).invoke({}, invocation_type="Event")  # nothing to deliver
    fn.invoke({}, invocation_type="RequestResponse")  # synchronous: no letters, no records
    assert len(recorder.calls) == 1


def test_the_moto_destination_is_asked_only_once_moto_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder()
    monkeypatch.setattr(delivery, "MOTO", recorder)
    monkeypatch.delitem(sys.modules, "moto", raising=False)
    LambdaFunction(fail, max_retry_attempts=0).invoke({}, invocation_type="Event")
    assert recorder.calls == []
    monkeypatch.setitem(sys.modules, "moto", sys.modules.get("moto") or object())
    result = LambdaFunction(fail, max_retry_attempts=0).invoke({}, invocation_type="Event")
    ((letters, records, _),) = recorder.calls
    assert (letters, records) == (list(result.dead_letters), [])
