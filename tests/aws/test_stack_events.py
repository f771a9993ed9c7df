"""Event-pattern rules: events put on moto's buses through boto3 invoke the template's functions."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest

from pytest_lambda.aws import EventLoopError, LambdaAWS, Stack, TemplateError
from pytest_lambda.aws._event_bus import CHAIN_LIMIT

from ._templates import HERE, TEMPLATES

EVENTBUS = TEMPLATES / "eventbus" / "template.yaml"


def entry(source: str, detail: dict[str, Any], bus: str | None = None, **more: Any) -> dict[str, Any]:
    put = {"Source": source, "DetailType": more.pop("detail_type", "Order Placed"), "Detail": json.dumps(detail)}
    return put | ({"EventBusName": bus} if bus else {}) | more


def test_an_event_the_test_puts_invokes_the_matching_rules(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(EVENTBUS, parameters=HERE)
    events = lambda_aws.client("events")
    bus_arn = f"arn:aws:events:us-east-1:123456789012:event-bus/{stack.physical_id('Orders')}"
    answer = events.put_events(
        Entries=[
            entry("com.example.orders", {"amount": 150}, "orders", Resources=["arn:aws:s3:::a"]),
            entry("com.example.orders", {"amount": 50}, "orders"),  # under the numeric bound
            entry("com.example.orders", {"amount": 500}),  # the default bus: the rule is on "orders"
            entry("com.example.orders", {"amount": 700}, bus_arn),  # the bus by its ARN
            entry("ping", {"n": 1}, detail_type="Ping"),
            {"Source": "ping", "DetailType": "Ping", "Detail": "not JSON"},  # refused by moto: not delivered
        ]
    )
    assert answer["FailedEntryCount"] == 1
    delivered = [(d.rule, d.function) for d in stack.deliveries]
    assert delivered == [
        ("RecordFunctionBigOrder", "RecordFunction"),
        ("RecordFunctionBigOrder", "RecordFunction"),
        ("RecordFunctionPing", "RecordFunction"),
    ]
    first = stack.deliveries[0]
    assert first.event == {
        "version": "0",
        "id": answer["Entries"][0]["EventId"],
        "detail-type": "Order Placed",
        "source": "com.example.orders",
        "account": "123456789012",
        "time": first.event["time"],
        "region": "us-east-1",
        "resources": ["arn:aws:s3:::a"],
        "detail": {"amount": 150},
    }
    assert (first.result.status_code, first.result.payload) == (202, None)  # invoked asynchronously
    assert stack.deliveries[1].event["detail"] == {"amount": 700}
    assert stack.deliveries[2].event == {"n": 1}  # the target's InputPath $.detail
    assert "  created Orders (AWS::Events::EventBus): orders" in stack.summary()
    assert not [item for item in stack.not_simulated if item.what == "AWS::Events::Rule"]


def test_the_time_of_the_entry_is_the_events(lambda_aws: LambdaAWS) -> None:
    from datetime import datetime, timezone

    stack = Stack.from_template(EVENTBUS, parameters=HERE)
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    lambda_aws.client("events").put_events(Entries=[entry("ping", {}, detail_type="Ping", Time=at)])
    assert [d.event for d in stack.deliveries] == [{}]
    stack.deliveries.clear()  # a copy: the stack's record is untouched
    assert len(stack.deliveries) == 1


def test_an_event_a_function_puts_is_delivered_too(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(EVENTBUS, parameters=HERE)
    lambda_aws.client("events").put_events(Entries=[entry("relay", {"amount": 500})])
    assert [(d.rule, d.event["detail"]) for d in stack.deliveries] == [
        ("RelayFunctionRelay", {"amount": 500}),
        ("RecordFunctionBigOrder", {"amount": 500, "via": "relay"}),
    ]


def test_a_loop_through_the_bus_ends_with_an_error(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(EVENTBUS, parameters=HERE)
    events = lambda_aws.client("events")
    with pytest.raises(
        EventLoopError, match=f"LoopFunctionLoop -> LoopFunction: the event .* is number {CHAIN_LIMIT + 1} "
    ):
        events.put_events(Entries=[entry("loop", {"n": 1})])
    assert len(stack.deliveries) == CHAIN_LIMIT
    stack.advance(seconds=1)  # nothing left over
    # Started by a function the test invokes: its PutEvents fails, and stack.advance says why.
    result = stack.function("LoopFunction").invoke({"detail": {}})
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "EventLoopError"
    with pytest.raises(EventLoopError, match="EventBridge does not stop such a loop"):
        stack.advance(seconds=1)
    stack.advance(seconds=1)


def test_a_fan_out_ends_with_an_error(tmp_path: Path, lambda_aws: LambdaAWS, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pytest_lambda.aws._event_bus.DELIVERY_LIMIT", 20)  # 500 by default: a slow test
    shutil.copytree(EVENTBUS.parent, tmp_path, dirs_exist_ok=True)
    template = tmp_path / "template.yaml"
    # Two rules on one source: each event is delivered twice, and each delivery puts one.
    text = template.read_text().replace(
        "        Loop:\n", "        Twice:\n          Type: EventBridgeRule\n          Properties:\n"
        "            Pattern:\n              source: [loop]\n        Loop:\n"
    )  # fmt: skip
    template.write_text(text)
    stack = Stack.from_template(template, parameters=HERE)
    with pytest.raises(EventLoopError, match="20 deliveries from one PutEvents"):
        lambda_aws.client("events").put_events(Entries=[entry("loop", {})])
    assert len(stack.deliveries) == 20


def test_a_bad_pattern_names_the_rule(tmp_path: Path, lambda_aws: LambdaAWS) -> None:
    shutil.copytree(EVENTBUS.parent, tmp_path, dirs_exist_ok=True)
    template = tmp_path / "template.yaml"
    template.write_text(template.read_text().replace("source: [loop]", "source: loop"))
    with pytest.raises(TemplateError, match=r"LoopFunctionLoop.EventPattern: .*source: 'loop' must be a list"):
        Stack.from_template(template, parameters=HERE)


def test_a_second_stack_of_the_template_needs_another_bus(lambda_aws: LambdaAWS) -> None:
    Stack.from_template(EVENTBUS, parameters=HERE)
    with pytest.raises(TemplateError, match="Orders: moto refused it"):
        Stack.from_template(EVENTBUS, parameters=HERE, stack_name="again")


def test_a_rule_without_pattern_or_schedule_names_the_fix(tmp_path: Path, lambda_aws: LambdaAWS) -> None:
    (tmp_path / "template.yaml").write_text(
        "Resources:\n  Empty:\n    Type: AWS::Events::Rule\n    Properties:\n      Name: !Sub '${AWS::StackName}-x'\n"
    )
    with pytest.raises(TemplateError, match="Empty: a rule needs a ScheduleExpression or an EventPattern"):
        Stack.from_template(tmp_path / "template.yaml")


def test_no_stack_no_hook(lambda_aws: LambdaAWS) -> None:
    from moto.events.models import events_backends

    lambda_aws.client("events").put_events(Entries=[entry("ping", {}, detail_type="Ping")])
    assert "put_events" not in vars(events_backends["123456789012"]["us-east-1"])


def test_rules_deliver_within_their_test_only(pytester: pytest.Pytester) -> None:
    shutil.copytree(EVENTBUS.parent, pytester.path / "tests" / "app")
    running = f"python{sys.version_info.major}.{sys.version_info.minor}"
    (pytester.path / "tests" / "test_app.py").write_text(
        dedent(
            f"""
            import json
            import pytest
            from moto.events.models import events_backends

            PING = {{"Source": "ping", "DetailType": "Ping", "Detail": json.dumps({{"n": 1}})}}

            @pytest.mark.lambda_stack("app/template.yaml", parameters={{"PythonRuntime": "{running}"}})
            def test_delivered(lambda_stack, lambda_aws):
                lambda_aws.client("events").put_events(Entries=[PING])
                assert [d.event for d in lambda_stack.deliveries] == [{{"n": 1}}]

            def test_later_nothing_is_hooked(lambda_aws):
                lambda_aws.client("events").put_events(Entries=[PING])
                backend = events_backends[lambda_aws.account_id][lambda_aws.region]
                assert "put_events" not in vars(backend)

            @pytest.mark.lambda_stack("app/template.yaml", parameters={{"PythonRuntime": "{running}"}})
            def test_the_report_shows_the_rules(lambda_stack):
                assert False
            """
        )
    )
    result = pytester.runpytest("tests", "-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*- lambda_stack -*",
            "  created Orders (AWS::Events::EventBus): orders",
            "  routed RecordFunctionBigOrder (AWS::Events::Rule): app-RecordFunctionBigOrder",
        ]
    )
