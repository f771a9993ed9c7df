"""``events()`` and the per-source strategies: valid events, coherent derived fields, readable shrinking."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from pytest_lambda import strategies
from pytest_lambda.events import EventOverrideError, UnknownEventSourceError, event_sources, make_event
from pytest_lambda.events.sqs import SQSEvent
from pytest_lambda.strategies import events, sqs_events
from tests.strategies.oracle import check, has_model

# Few examples per source (83 sources), many for the three the issue names.
EVERY_SOURCE = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=100, deadline=None)
NO_DB = settings(database=None, max_examples=300)


@pytest.mark.parametrize("source", event_sources())
def test_every_source_draws_valid_events(source: str) -> None:
    @EVERY_SOURCE
    @given(events(source))
    def valid(event: Any) -> None:
        check(source, event)

    valid()


@pytest.mark.parametrize("source", ["sqs", "apigateway_rest", "dynamodb"])
def test_many_examples_are_valid(source: str) -> None:
    @MANY
    @given(getattr(strategies, f"{source}_events")())
    def valid(event: Any) -> None:
        check(source, event)

    valid()


def test_most_sources_are_held_against_powertools_models() -> None:
    assert sum(has_model(name) for name in event_sources()) >= 45


def test_presets_keep_their_own_keys() -> None:
    @settings(max_examples=20, deadline=None)
    @given(events("s3:delete"), events("dynamodb:update"))
    def kept(s3: Any, ddb: Any) -> None:
        assert all(r["eventName"] == "ObjectRemoved:Delete" for r in s3["Records"])
        assert all(r["eventName"] == "MODIFY" for r in ddb["Records"])

    kept()


# -- field strategies -----------------------------------------------------------------------------------


def test_field_strategies_draw_the_parts_given_and_derive_the_rest() -> None:
    @settings(max_examples=60, deadline=None)
    @given(sqs_events(body=st.binary(max_size=8), records=st.integers(2, 4)))
    def binary_bodies(event: SQSEvent) -> None:
        assert 2 <= len(event["Records"]) <= 4
        check("sqs", event)

    binary_bodies()


def test_per_record_strategies_are_drawn_per_record() -> None:
    event = find(
        sqs_events(body=st.text(max_size=3), records=3),
        lambda e: len({r["body"] for r in e["Records"]}) == 3,
        settings=NO_DB,
    )
    # A shared body would never give three different ones.
    assert len({r["md5OfBody"] for r in event["Records"]}) == 3


def test_fixed_values_and_http_shorthands() -> None:
    @settings(max_examples=40, deadline=None)
    @given(
        events(
            "apigateway_rest",
            method="POST",
            headers=st.fixed_dictionaries({"X-Tenant": st.sampled_from(["a", "b"])}),
            query=st.fixed_dictionaries({"tag": st.lists(st.sampled_from("xy"), min_size=2, max_size=2)}),
        )
    )
    def http(event: Any) -> None:
        assert event["httpMethod"] == "POST"
        assert event["headers"]["X-Tenant"] in ("a", "b")
        assert event["multiValueQueryStringParameters"]["tag"] == event["multiValueQueryStringParameters"]["tag"][:2]
        assert event["queryStringParameters"]["tag"] == event["multiValueQueryStringParameters"]["tag"][-1]
        check("apigateway_rest", event)

    http()


def test_new_image_strategy_keeps_dynamodb_records_coherent() -> None:
    images = st.builds(lambda pk, n: {"pk": pk, "n": n}, st.text("ab", min_size=1, max_size=3), st.integers(0, 9))

    @settings(max_examples=60, deadline=None)
    @given(events("dynamodb", new_image=images))
    def coherent(event: Any) -> None:
        # No REMOVE records: they have no new image, so a new_image strategy rules them out.
        assert {r["eventName"] for r in event["Records"]} <= {"INSERT", "MODIFY"}
        for record in event["Records"]:
            # The image's first attribute is the key; which images appear depends on the view type.
            assert list(record["dynamodb"]["Keys"]) == ["pk"]
            if "NewImage" in record["dynamodb"]:
                assert record["dynamodb"]["Keys"]["pk"] == record["dynamodb"]["NewImage"]["pk"]
        check("dynamodb", event)

    coherent()


def test_a_batchs_first_record_draws_the_full_default_and_later_records_text() -> None:
    first: set[type] = set()
    later: set[type] = set()

    @settings(max_examples=150, deadline=None, database=None, derandomize=True)
    @given(sqs_events())
    def bodies_seen(event: SQSEvent) -> None:
        decoded = [_json_or_text(r["body"]) for r in event["Records"]]
        first.add(type(decoded[0]))
        later.update(type(body) for body in decoded[1:])

    bodies_seen()
    assert first == {dict, str}
    assert later == {str}


def _json_or_text(body: str) -> Any:
    try:
        value = json.loads(body)
    except ValueError:
        return body
    return value if isinstance(value, dict) else body


def test_full_defaults_for_every_record_on_request() -> None:
    kinds: set[tuple[type, ...]] = set()

    @settings(max_examples=150, deadline=None, database=None, derandomize=True)
    @given(sqs_events(body=strategies.bodies(), records=3))
    def every_record(event: SQSEvent) -> None:
        kinds.add(tuple(type(_json_or_text(r["body"])) for r in event["Records"]))
        check("sqs", event)

    every_record()
    assert any(kind[1:] != (str, str) for kind in kinds)


def test_later_dynamodb_records_draw_their_event_names() -> None:
    later: set[str] = set()

    @settings(max_examples=100, deadline=None, database=None, derandomize=True)
    @given(events("dynamodb", records=4))
    def names(event: Any) -> None:
        later.update(r["eventName"] for r in event["Records"][1:])
        check("dynamodb", event)

    names()
    assert later == {"INSERT", "MODIFY", "REMOVE"}


def test_item_and_json_object_strategies() -> None:
    @settings(max_examples=50, deadline=None)
    @given(events("dynamodb", new_image=strategies.dynamodb_items(), records=2), strategies.json_objects())
    def drawn(event: Any, obj: dict[str, Any]) -> None:
        assert all(r["eventName"] != "REMOVE" for r in event["Records"])
        assert len(obj) <= 2
        check("dynamodb", event)

    drawn()


def _kinds(value: Any) -> set[str]:
    """The DynamoDB types in a plain item, nested ones included."""
    if isinstance(value, dict):
        return {"M"}.union(*(_kinds(v) for v in value.values()))
    if isinstance(value, list):
        return {"L"}.union(*(_kinds(v) for v in value))
    kind = {str: "S", int: "N", bool: "BOOL", bytes: "B", frozenset: "SS", type(None): "NULL"}[type(value)]
    return {kind}


def test_the_default_draws_reach_every_kind() -> None:
    seen: dict[str, set[Any]] = {"item": set(), "json": set(), "data": set(), "body": set(), "query": set()}

    @settings(max_examples=300, deadline=None, database=None, derandomize=True)
    @given(
        strategies.dynamodb_items(),
        strategies.json_objects(),
        events("kinesis", records=1),
        events("apigateway_rest"),
    )
    def every_kind(item: dict[str, Any], obj: dict[str, Any], kinesis: Any, rest: Any) -> None:
        seen["item"].update(*(_kinds(v) for k, v in item.items() if k != "id"))
        seen["json"].update(type(v) for v in obj.values())
        data = base64.b64decode(kinesis["Records"][0]["kinesis"]["data"])
        seen["data"].add("json" if data.startswith(b"{") else "text" if data.isascii() else "other")
        seen["body"].add(type(_json_or_text(rest["body"])) if rest["body"] is not None else None)
        seen["query"].add(len((rest["multiValueQueryStringParameters"] or {"": []}).popitem()[1]))

    every_kind()
    assert seen["item"] == {"S", "N", "BOOL", "NULL", "B", "SS", "L", "M"}
    assert seen["json"] == {str, int, bool, type(None)}
    assert seen["data"] >= {"json", "text", "other"}
    assert seen["body"] == {None, str, dict}
    assert seen["query"] == {0, 1, 2}


def test_per_record_overrides_from_the_user_are_completed() -> None:
    @settings(max_examples=20, deadline=None)
    @given(events("sqs", records=st.just([{"body": "fixed"}, {}])))
    def completed(event: Any) -> None:
        assert event["Records"][0]["body"] == "fixed"
        check("sqs", event)

    completed()


def test_region_account_and_seed_can_be_drawn() -> None:
    @settings(max_examples=20, deadline=None)
    @given(events("sns", region=st.sampled_from(["eu-west-1", "cn-north-1"]), account_id="210987654321", seed=7))
    def placed(event: Any) -> None:
        arn = event["Records"][0]["Sns"]["TopicArn"]
        assert arn.split(":")[3] in ("eu-west-1", "cn-north-1")
        assert arn.split(":")[4] == "210987654321"
        assert arn.startswith("arn:aws-cn:" if "cn-north-1" in arn else "arn:aws:")

    placed()


def test_a_batch_stays_within_the_default_size() -> None:
    sizes: set[int] = set()

    @settings(max_examples=100, deadline=None, database=None)
    @given(events("kinesis"))
    def sized(event: Any) -> None:
        sizes.add(len(event["Records"]))

    sized()
    assert min(sizes) == 1
    assert max(sizes) <= strategies.DEFAULT_MAX_RECORDS


# -- shrinking ------------------------------------------------------------------------------------------


def test_shrinking_reaches_a_one_record_event_with_the_minimal_body() -> None:
    event = find(sqs_events(), lambda e: any("x" in r["body"] for r in e["Records"]), settings=NO_DB)
    assert [r["body"] for r in event["Records"]] == ["x"]
    # The rest is the factory's event for seed 0.
    expected = make_event("sqs", records=[{"body": "x"}], seed=0)
    assert event["Records"][0]["messageId"] == expected["Records"][0]["messageId"]


def test_shrinking_a_trigger_in_a_later_record_keeps_two_records() -> None:
    event = find(
        sqs_events(), lambda e: any(r["body"] for r in e["Records"][1:]), settings=settings(NO_DB, derandomize=True)
    )
    first, second = (r["body"] for r in event["Records"])
    assert first == ""
    assert len(second) == 1


def test_shrinking_an_http_event_drops_extras() -> None:
    event = find(events("apigateway_rest"), lambda e: e["httpMethod"] == "DELETE", settings=NO_DB)
    plain = make_event("apigateway_rest", seed=0, method="DELETE")
    assert (set(event["headers"]), event["queryStringParameters"], event["body"]) == (set(plain["headers"]), None, None)


# -- bad input ------------------------------------------------------------------------------------------


def test_an_unknown_source_fails_at_construction() -> None:
    with pytest.raises(UnknownEventSourceError, match=r"unknown event source 'sqss'\. Did you mean 'sqs'"):
        events("sqss")


def test_a_field_the_source_does_not_have_fails_at_construction() -> None:
    expected = r"sqs events have no field or shorthand 'bdy'\. Shorthands: records, body"
    with pytest.raises(EventOverrideError, match=expected):
        sqs_events(bdy=st.text())
    with pytest.raises(EventOverrideError, match="appsync_batch events have no field or shorthand 'info'"):
        events("appsync_batch", info=st.just({}))


def test_a_bad_drawn_value_is_the_factorys_error() -> None:
    @settings(max_examples=5, deadline=None)
    @given(events("sqs", records=st.just(10_001)))
    def too_many(event: Any) -> None:
        raise AssertionError("not reached")

    with pytest.raises(EventOverrideError, match="SQS batches hold 1 to 10000 records, asked for 10001"):
        too_many()


def test_a_large_batch_is_filled_by_the_factory() -> None:
    @settings(max_examples=3, deadline=None)
    @given(events("sqs", records=st.just(500)))
    def large(event: Any) -> None:
        assert len(event["Records"]) == 500
        check("sqs", event)

    large()


# -- from_type ------------------------------------------------------------------------------------------


def test_from_type_draws_valid_events() -> None:
    from pytest_lambda.events.apigateway import APIGatewayProxyEvent
    from pytest_lambda.events.cloudfront import CloudFrontEvent

    @settings(max_examples=20, deadline=None)
    @given(st.from_type(SQSEvent), st.from_type(APIGatewayProxyEvent), st.from_type(CloudFrontEvent))
    def typed(sqs: Any, rest: Any, cloudfront: Any) -> None:
        check((sqs["Records"][0]["eventSource"] == "aws:sqs" and "sqs") or "sqs", sqs)
        check("apigateway_rest", rest)
        assert cloudfront["Records"][0]["cf"]["config"]["eventType"]

    typed()


def test_from_type_prefers_the_types_own_source() -> None:
    from pytest_lambda.events._registry import payload_types as payload_sources
    from pytest_lambda.events.eventbridge import EventBridgeEvent

    types = payload_sources()
    # Shrinking goes to the first: plain SQS messages, not S3 or SNS notifications in them.
    assert types[SQSEvent] == ("sqs", "s3_sqs", "sns_sqs")
    assert types[EventBridgeEvent] == ("eventbridge", "schedule")
    assert len(types) >= 70


def _run(code: str) -> Any:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_import_hypothesis_loads_no_events_and_no_faker() -> None:
    loaded = _run(
        "import json, sys, hypothesis\n"
        "print(json.dumps([m in sys.modules for m in ('pytest_lambda.events', 'faker', 'pytest_lambda.strategies')]))"
    )
    assert loaded == [False, False, False]


@pytest.mark.parametrize("first", ["hypothesis", "pytest_lambda.events"])
def test_from_type_works_whichever_is_imported_first(first: str) -> None:
    second = "pytest_lambda.events" if first == "hypothesis" else "hypothesis"
    drawn = _run(
        f"import json, {first}, {second}\n"
        "from hypothesis import find, settings, strategies as st\n"
        "from pytest_lambda.events.sqs import SQSEvent\n"
        "from hypothesis import given, Phase\n"
        "out = []\n"
        "@settings(database=None, max_examples=1, phases=[Phase.generate])\n"
        "@given(st.from_type(SQSEvent))\n"
        "def draw(e): out.append(sorted(e['Records'][0]))\n"
        "draw()\n"
        "print(json.dumps(out[0]))"
    )
    assert "md5OfBody" in drawn


def test_user_records_keep_their_variants_and_non_dict_items_are_the_factorys_error() -> None:
    from pytest_lambda.strategies._events import OMIT

    assert repr(OMIT) == "OMIT"

    @settings(max_examples=10, deadline=None)
    @given(events("dynamodb", records=st.just([{"event_name": "REMOVE"}, {}])))
    def kept(event: Any) -> None:
        assert event["Records"][0]["eventName"] == "REMOVE"
        assert "NewImage" not in event["Records"][0]["dynamodb"]

    kept()

    @settings(max_examples=2, deadline=None)
    @given(events("sqs", records=st.just(["not a dict"])))
    def refused(event: Any) -> None:
        raise AssertionError("not reached")

    with pytest.raises(EventOverrideError, match="each per-record override must be a dict, got 'not a dict'"):
        refused()
