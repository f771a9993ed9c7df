"""``result.trace``: the function's ``tracing`` setting, the trace header it gets, and the X-Ray sink.

The real aws-xray-sdk and Powertools ``Tracer`` run in a pytester subprocess: both decide once per
process whether they are in Lambda (from ``LAMBDA_TASK_ROOT`` at first import, or when the first
``Tracer`` is built), so a process of their own keeps that decision from leaking between tests.
"""

from __future__ import annotations

import json
import os
import socket
from textwrap import dedent
from typing import Any

import pytest

from pytest_lambda import ConfigurationError, LambdaFunction
from pytest_lambda.runtime import xray

HEADER = b'{"format":"json","version":1}\n'


def _environ(event: Any, context: Any) -> dict[str, str]:
    return {key: os.environ[key] for key in ("_X_AMZN_TRACE_ID", "AWS_XRAY_DAEMON_ADDRESS")}


def test_tracing_is_active_or_passthrough() -> None:
    with pytest.raises(ConfigurationError, match=r"tracing='active' is not valid; valid values: \['Active', 'Pass"):
        LambdaFunction(_environ, tracing="active")


def test_active_tracing_samples_every_invocation_and_passthrough_none() -> None:
    active = LambdaFunction(_environ, tracing="Active").invoke({}).payload
    passthrough = LambdaFunction(_environ, tracing="PassThrough").invoke({}).payload
    default = LambdaFunction(_environ).invoke({}).payload

    assert active["_X_AMZN_TRACE_ID"].endswith(";Sampled=1")
    assert passthrough["_X_AMZN_TRACE_ID"].endswith(";Sampled=0")
    assert default["_X_AMZN_TRACE_ID"].endswith(";Sampled=0")
    assert active["_X_AMZN_TRACE_ID"].startswith("Root=1-")


def test_every_function_sends_to_the_one_sink_on_localhost() -> None:
    first = LambdaFunction(_environ).invoke({}).payload["AWS_XRAY_DAEMON_ADDRESS"]
    second = LambdaFunction(_environ, function_name="other").invoke({}).payload["AWS_XRAY_DAEMON_ADDRESS"]

    host, port = first.split(":")
    assert first == second == xray.daemon_address()
    assert host == "127.0.0.1"
    assert int(port) != 2000


def _send(documents: list[Any], raw: tuple[bytes, ...] = ()) -> None:
    host, port = xray.daemon_address().split(":")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        for document in documents:
            udp.sendto(HEADER + json.dumps(document).encode(), (host, int(port)))
        for datagram in raw:
            udp.sendto(datagram, (host, int(port)))


def _root(event: Any, context: Any) -> str:
    return os.environ["_X_AMZN_TRACE_ID"].split(";")[0].removeprefix("Root=")


def test_the_trace_holds_the_documents_sent_with_the_invocations_trace_id() -> None:
    def handler(event: Any, context: Any) -> str:
        root = _root(event, context)
        _send(
            [
                {"trace_id": root, "name": "first", "type": "subsegment"},
                {"trace_id": "1-00000000-000000000000000000000000", "name": "another trace"},
                ["not", "a", "document"],
                {"trace_id": root, "name": "second", "type": "subsegment"},
            ],
            raw=(b"no header, no json",),
        )
        return root

    with LambdaFunction(handler, tracing="Active") as function:
        result = function.invoke({})
        again = function.invoke({})

    assert [document["name"] for document in result.trace] == ["first", "second"]
    assert {document["trace_id"] for document in result.trace} == {result.payload}
    assert result.trace is not again.trace
    assert result.attempts[0].trace == result.trace  # kept once claimed
    assert [document["name"] for document in again.trace] == ["first", "second"]


def test_a_passthrough_invocation_has_no_trace() -> None:
    def handler(event: Any, context: Any) -> None:
        _send([{"trace_id": _root(event, context), "name": "unsampled"}])

    assert LambdaFunction(handler).invoke({}).trace == []


def test_documents_sent_after_the_invocation_are_found_when_the_trace_is_read() -> None:
    result = LambdaFunction(_root, tracing="Active").invoke({})
    _send([{"trace_id": result.payload, "name": "late"}])

    assert [document["name"] for document in result.trace] == ["late"]


def test_draining_before_any_sink_exists_is_a_no_op(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xray, "_socket", None)
    monkeypatch.setattr(xray, "_pending", {})

    xray.drain()
    assert xray.documents("1-00000000-000000000000000000000000") == []
    assert xray._pending == {}


def test_a_new_process_binds_its_sink_on_first_use(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        dedent(
            """
            from pytest_lambda.runtime import xray

            def test_bind():
                assert xray._socket is None
                address = xray.daemon_address()
                assert xray._socket is not None
                assert xray.daemon_address() == address
            """
        )
    )
    pytester.runpytest_subprocess("-p", "no:randomly").assert_outcomes(passed=1)


HANDLER = """
from aws_lambda_powertools import Tracer

tracer = Tracer(service="orders")


@tracer.capture_method
def charge(amount):
    tracer.put_annotation(key="amount", value=amount)
    tracer.put_metadata(key="currency", value="EUR")
    if amount < 0:
        raise ValueError("negative amount")
    return "charged"


@tracer.capture_lambda_handler
def handler(event, context):
    try:
        charge(event["amount"])
    except ValueError:
        return "refused"
    return "ok"
"""

XRAY_HANDLER = """
from aws_xray_sdk.core import xray_recorder


def handler(event, context):
    with xray_recorder.in_subsegment("outer") as outer:
        outer.put_annotation("step", "outer")
        with xray_recorder.in_subsegment("inner"):
            pass
    return "done"
"""


def test_powertools_tracer_and_the_xray_sdk_in_a_process_of_their_own(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(orders=HANDLER, plain=XRAY_HANDLER)
    pytester.makepyfile(
        dedent(
            """
            import pytest
            from pytest_lambda import LambdaFunction


            @pytest.mark.lambda_function(handler="orders.handler", tracing="Active")
            def test_tracer_subsegments(lambda_function):
                function = lambda_function()
                result = function.invoke({"amount": 12})
                root = result.attempts[0]._trace_id

                charge, handler = result.trace
                # Streamed one by one as they end, flat: the method's first, then the handler's.
                assert (charge["name"], handler["name"]) == ("## orders.charge", "## handler")
                assert charge["parent_id"] == handler["id"]
                assert {charge["trace_id"], handler["trace_id"]} == {root}
                assert charge["type"] == handler["type"] == "subsegment"
                assert charge["annotations"] == {"amount": 12}
                assert charge["metadata"]["orders"]["currency"] == "EUR"
                assert handler["annotations"] == {"ColdStart": True, "Service": "orders"}
                assert handler["metadata"]["orders"]["handler response"] == "ok"
                assert handler["start_time"] <= charge["start_time"] <= charge["end_time"] <= handler["end_time"]
                # Lambda's own segment (the SDK's facade) is never sent.
                assert handler["parent_id"] not in {document["id"] for document in result.trace}

                refused = function.invoke({"amount": -1})
                charge, handler = refused.trace
                assert charge["fault"] is True
                [exception] = charge["cause"]["exceptions"]
                assert (exception["type"], exception["message"]) == ("ValueError", "negative amount")
                assert handler["annotations"]["ColdStart"] is False
                assert "fault" not in handler


            def test_passthrough_sends_nothing(lambda_function):
                result = lambda_function("orders.handler").invoke({"amount": 1})
                assert result.payload == "ok"
                assert result.trace == []


            def test_the_xray_sdk_in_another_function(lambda_function):
                result = lambda_function("plain.handler", tracing="Active").invoke({})
                inner, outer = result.trace
                assert (inner["name"], outer["name"]) == ("inner", "outer")
                assert inner["parent_id"] == outer["id"]
                assert outer["annotations"] == {"step": "outer"}
            """
        )
    )
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_the_lambda_function_marker_passes_tracing_through(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        dedent(
            """
            import os
            import pytest


            def handler(event, context):
                return os.environ["_X_AMZN_TRACE_ID"]


            @pytest.mark.lambda_function(handler=handler, tracing="Active")
            def test_active(lambda_function):
                assert lambda_function().invoke({}).payload.endswith("Sampled=1")


            @pytest.mark.lambda_function(handler=handler, tracing="Passive")
            def test_bad(lambda_function):
                lambda_function()
            """
        )
    )
    result = pytester.runpytest()

    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*ConfigurationError: tracing='Passive' is not valid; valid values: [[]'Active', 'PassThrough'[]]*"]
    )
