"""The per-invoke shortcuts of the harness behave exactly like the plain ways they replace."""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from typing import Any

import pytest
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from pytest_lambda import LambdaFunction, clock
from pytest_lambda.errors import ConfigurationError
from pytest_lambda.runtime.encoding import unmarshal_request
from pytest_lambda.runtime.faults import FaultError
from pytest_lambda.runtime.ids import REQUEST_IDS, TRACE_TAILS, BytesIdPool, IdPool, trace_id
from pytest_lambda.runtime.ids import new_request_id as _request_id
from pytest_lambda.runtime.variables import EnvironSwap


def _trace_id(now_ms: int) -> str:
    return trace_id(now_ms).decode()


def c_environ(expression: str) -> str:
    """What a child process sees: the C environment, not just os.environ."""
    return subprocess.run(["sh", "-c", f"echo {expression}"], capture_output=True, text=True, check=True).stdout.strip()


TRACE = re.compile(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0")


def test_request_ids_are_distinct_version_4_uuids_across_refills() -> None:
    ids = [_request_id() for _ in range(3 * 512 + 7)]
    assert len(set(ids)) == len(ids)
    for value in ids:
        parsed = uuid.UUID(value)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, value)


def test_every_variant_digit_appears() -> None:
    assert {_request_id()[19] for _ in range(2000)} == set("89ab")


def test_a_pool_lays_out_literals_and_random_columns() -> None:
    pool = IdPool("ab-xx-v", batch=3)
    taken = [pool.take() for _ in range(7)]
    assert all(re.fullmatch(r"ab-[0-9a-f]{2}-[89ab]", value) for value in taken)
    assert REQUEST_IDS.take() != REQUEST_IDS.take()
    assert TRACE_TAILS.take().endswith(b";Sampled=0")
    tails = BytesIdPool("-x", batch=2)
    assert all(re.fullmatch(rb"-[0-9a-f]", tails.take()) for _ in range(5))


def test_trace_ids_follow_the_clock_second_by_second() -> None:
    with freeze_time("2024-01-01T00:00:00Z") as frozen:
        first = _trace_id(clock.now_ms())
        assert first.startswith("Root=1-65920080-")
        assert _trace_id(clock.now_ms()).startswith("Root=1-65920080-")
        frozen.tick(1)
        assert _trace_id(clock.now_ms()).startswith("Root=1-65920081-")
    assert TRACE.fullmatch(first)
    assert _trace_id(0).startswith("Root=1-00000000-")


def test_the_handler_sees_a_fresh_trace_id_each_invoke_and_it_is_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", "host-value")
    seen: list[str] = []

    def handler(event: Any, context: Any) -> None:
        seen.append(os.environ["_X_AMZN_TRACE_ID"])
        seen.append(c_environ("$_X_AMZN_TRACE_ID"))

    with LambdaFunction(handler) as function:
        function.invoke({})
        function.invoke({})
    assert TRACE.fullmatch(seen[0])
    assert TRACE.fullmatch(seen[2])
    assert (seen[1], seen[3]) == (seen[0], seen[2])
    assert seen[2] != seen[0]
    assert os.environ["_X_AMZN_TRACE_ID"] == "host-value"
    assert c_environ("$_X_AMZN_TRACE_ID") == "host-value"


def test_environ_swap_restores_set_unset_and_first_displaced_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PL_SET", "before")
    monkeypatch.delenv("PL_UNSET", raising=False)
    swap = EnvironSwap()
    swap.apply(EnvironSwap.encode({"PL_SET": "lambda", "PL_UNSET": "new", "PL_SAME": "x"}))
    swap.apply(EnvironSwap.encode({"PL_SET": "again"}))
    swap.set(b"PL_SET", b"third")
    swap.set(b"PL_OTHER", b"value")
    assert (os.environ["PL_SET"], os.environ["PL_UNSET"], os.environ["PL_OTHER"]) == ("third", "new", "value")
    assert c_environ("$PL_SET-$PL_UNSET") == "third-new"
    swap.restore()
    assert os.environ["PL_SET"] == "before"
    assert not {"PL_UNSET", "PL_OTHER", "PL_SAME"} & set(os.environ)
    assert c_environ("$PL_SET-$PL_UNSET") == "before-"
    swap.restore()  # nothing left to restore
    assert os.environ["PL_SET"] == "before"


def test_environ_swap_round_trips_non_ascii_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PL_TEXT", "héllo")
    swap = EnvironSwap()
    swap.apply(EnvironSwap.encode({"PL_TEXT": "wörld ✓"}))
    assert os.environ["PL_TEXT"] == "wörld ✓"
    swap.restore()
    assert os.environ["PL_TEXT"] == "héllo"


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)
    )
)
def test_unmarshal_matches_json_loads_with_any_padding(value: Any) -> None:
    import json

    body = json.dumps(value)
    for padded in (body, f" {body}", f"{body}\n", f"\t{body} "):
        assert unmarshal_request(padded) == json.loads(padded)


@pytest.mark.parametrize("body", ["", "  ", "{", '{"a": 1} x', "[1,]", '"\\x"'])
def test_unmarshal_errors_carry_json_s_own_message(body: str) -> None:
    import json

    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(body)
    with pytest.raises(FaultError) as raised:
        unmarshal_request(body)
    assert raised.value.message == f"Unable to unmarshal input: {expected.value}"


def test_fake_clock_active_follows_freezegun() -> None:
    assert not clock.fake_clock_active()
    with freeze_time("2024-01-01"):
        assert clock.fake_clock_active()
    assert not clock.fake_clock_active()


@pytest.mark.usefixtures("still_clock")
def test_without_freezegun_or_time_machine_loaded_the_clock_is_real(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.delitem(sys.modules, "freezegun.api", raising=False)
    monkeypatch.delitem(sys.modules, "time_machine", raising=False)
    token, now, _ = clock.start_countdown()
    assert token == (None, None)
    assert abs(now - clock.now_ms()) < 1000
    assert not clock.fake_clock_active()


def test_restoring_a_variable_someone_else_already_removed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PL_GONE", raising=False)
    swap = EnvironSwap()
    swap.apply(EnvironSwap.encode({"PL_GONE": "set"}))
    del os.environ["PL_GONE"]
    swap.restore()
    assert "PL_GONE" not in os.environ


def test_a_circular_event_or_response_fails_as_json_says_despite_the_unchecked_encoder() -> None:
    import json

    loop: dict[str, Any] = {}
    loop["self"] = loop
    with pytest.raises(ValueError, match="Circular reference detected") as expected:
        json.dumps(loop)
    with pytest.raises(ConfigurationError, match=re.escape(str(expected.value))):
        LambdaFunction(lambda event, context: None).invoke(loop)
    result = LambdaFunction(lambda event, context: loop).invoke({})
    assert result.error is not None
    assert result.error["errorType"] == "Runtime.MarshalError"
    assert result.error["errorMessage"] == f"Unable to marshal response: {expected.value}"


def test_a_shared_but_acyclic_value_encodes_twice() -> None:
    shared = {"x": [1, 2]}
    result = LambdaFunction(lambda event, context: [event, event]).invoke({"a": shared, "b": shared})
    assert result.payload == [{"a": {"x": [1, 2]}, "b": {"x": [1, 2]}}] * 2


def test_a_sync_result_makes_its_attempt_once_from_what_the_invoke_captured() -> None:
    with LambdaFunction(lambda event, context: print("hi")) as function:
        result = function.invoke({})
        function.invoke({})  # a later invoke changes nothing in the first result
    (attempt,) = result.attempts
    assert result.attempts[0] is attempt
    assert (attempt.number, attempt.outcome, attempt.error, attempt.cold_start) == (1, "success", None, True)
    assert attempt.report is attempt.report
    assert attempt.report.request_id == result.request_id
    assert f"START RequestId: {result.request_id} Version: $LATEST\nhi\nEND RequestId: " in result.logs
    for name in type(result).__slots__:
        getattr(result, name)  # every slot is set


@pytest.mark.usefixtures("still_clock")
def test_without_freezegun_or_time_machine_loaded_an_invoke_counts_down_on_the_real_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys
    import time

    monkeypatch.delitem(sys.modules, "freezegun.api", raising=False)
    monkeypatch.delitem(sys.modules, "time_machine", raising=False)
    seen: list[Any] = []

    def handler(event: Any, context: Any) -> None:
        seen.append((context.get_remaining_time_in_millis(), context._clock, int(time.time() * 1000)))

    with LambdaFunction(handler, timeout=5) as function:
        result = function.invoke({})
    ((remaining, token, now),) = seen
    assert 4000 < remaining <= 5000
    assert token == clock.REAL_CLOCK
    assert abs(result.attempts[0].timestamp_ms - now) < 1000
