"""``fuzz`` and the documented fuzzing pattern, as users run them."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from textwrap import dedent
from typing import Any

import pytest
from freezegun import freeze_time
from hypothesis import Phase, settings
from hypothesis import strategies as st
from hypothesis.database import InMemoryExampleDatabase

from pytest_lambda import LambdaFunction, make_event
from pytest_lambda._current_test import CURRENT_TEST
from pytest_lambda.events import EventOverrideError
from pytest_lambda.strategies import FuzzUsageError, check_invocation, fuzz


def _ok_rest(event: Any, context: Any) -> Any:
    return {"statusCode": 200, "body": json.dumps({"path": event["path"]})}


def test_a_sound_http_handler_passes() -> None:
    fuzz(_ok_rest, "apigateway_rest", max_examples=30)


def test_a_handler_returning_a_dict_body_would_get_a_502() -> None:
    def handler(event: Any, context: Any) -> Any:
        return {"statusCode": 200, "body": {"path": event["path"]}}

    # Every example fails: no need to shrink one.
    quick = settings(phases=[Phase.generate])
    with pytest.raises(AssertionError, match="API Gateway would answer 502 Internal server error because body is dict"):
        fuzz(handler, "apigateway_rest", max_examples=10, settings=quick)


def test_an_http_handler_that_raises_is_a_5xx_even_if_allowed() -> None:
    def handler(event: Any, context: Any) -> Any:
        return {"statusCode": 200, "body": event.get("body").upper()}  # no body on a GET

    with pytest.raises(AssertionError, match=r"would answer 500 Internal Server Error because the function failed: "):
        fuzz(handler, "apigateway_http", max_examples=30)
    # Allowed errors are the handler's own business: no check of what the client then sees.
    fuzz(handler, "apigateway_http", raises=[AttributeError], max_examples=30)


def test_unexpected_exceptions_fail_and_allowed_ones_pass() -> None:
    def handler(event: Any, context: Any) -> None:
        for record in event["Records"]:
            json.loads(record["body"])

    with pytest.raises(AssertionError, match=r"the handler failed with JSONDecodeError: .* \(allowed: none\)"):
        fuzz(handler, "sqs", max_examples=30)
    fuzz(handler, "sqs", raises=["JSONDecodeError"], max_examples=30)


def test_a_batch_response_naming_other_items_fails() -> None:
    def handler(event: Any, context: Any) -> Any:
        # A classic slip: the receipt handle instead of the message id.
        return {"batchItemFailures": [{"itemIdentifier": r["receiptHandle"]} for r in event["Records"][1:]]}

    with pytest.raises(AssertionError, match="Lambda would treat the whole batch as failed"):
        fuzz(handler, "sqs", max_examples=50)


@pytest.mark.parametrize("source", ["kinesis", "dynamodb"])
def test_stream_handlers_report_sequence_numbers(source: str) -> None:
    key = {"kinesis": ("kinesis", "sequenceNumber"), "dynamodb": ("dynamodb", "SequenceNumber")}[source]

    def handler(event: Any, context: Any) -> Any:
        return {"batchItemFailures": [{"itemIdentifier": r[key[0]][key[1]]} for r in event["Records"][:1]]}

    fuzz(handler, source, max_examples=20)


def test_a_given_function_is_used_as_it_is() -> None:
    with LambdaFunction(_ok_rest, timeout=10) as function:
        fuzz(function, "apigateway_rest", max_examples=5)
        assert function.invoke(make_event("apigateway_rest")).ok  # still held, still usable


def test_check_invocation_on_other_sources_checks_only_errors() -> None:
    event = make_event("s3")
    with LambdaFunction(lambda e, c: {"anything": True}) as function:
        check_invocation("s3", event, function.invoke(event))

    def fails(event: Any, context: Any) -> None:
        raise KeyError("Records")

    with LambdaFunction(fails) as function:
        result = function.invoke(event)
    check_invocation("s3", event, result, raises=[KeyError])
    # On its own (not under fuzz, whose report has the function's log), the message has the stack trace.
    stack_trace_first = r"^the handler failed with KeyError: 'Records' \(allowed: none\)\n  File "
    with pytest.raises(AssertionError, match=stack_trace_first):
        check_invocation("s3", event, result)


# -- as users run it ------------------------------------------------------------------------------------

BUGGY = """
import json

def handler(event, context):
    failures = []
    for record in event["Records"]:
        # The bug: a message body that is not a JSON object crashes the whole batch.
        order = json.loads(record["body"])
        if order.get("quantity", 1) <= 0:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
"""


def test_fuzzing_finds_a_real_bug_and_prints_a_minimal_event(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(orders=BUGGY)
    pytester.makepyfile(
        dedent(
            """
            from pytest_lambda.strategies import fuzz

            def test_orders():
                fuzz("orders.handler", "sqs", max_examples=100)
            """
        )
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*AssertionError: the handler failed with JSONDecodeError: Expecting value: line 1 column 1 (char 0)*"]
    )
    # hypothesis's report (its heading differs between versions) holds the minimal event: one
    # record whose body is empty.
    result.stdout.re_match_lines([r".*(Falsifying example|Failing test case): fuzz\("])
    report = re.split(r"Falsifying example|Failing test case", result.stdout.str())[1]
    assert "'body': ''," in report
    assert report.count("'messageId'") == 1


def test_the_documented_given_pattern_with_the_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(orders=BUGGY)
    pytester.makepyfile(
        dedent(
            """
            from hypothesis import given, settings, strategies as st
            from pytest_lambda.strategies import assert_batch_item_failures, sqs_events

            ORDERS = st.fixed_dictionaries({"quantity": st.integers(-3, 3)})

            def test_orders(lambda_function):
                function = lambda_function("orders.handler")

                @settings(max_examples=40)
                @given(sqs_events(body=ORDERS))
                def check(event):
                    result = function.invoke(event)
                    assert result.function_error is None
                    assert_batch_item_failures(event, result)

                check()

            def test_orders_find_the_bug(lambda_function):
                function = lambda_function("orders.handler")

                @settings(max_examples=200)
                @given(sqs_events())
                def check(event):
                    assert function.invoke(event).function_error is None, event["Records"][0]["body"]

                check()
            """
        )
    )
    result = pytester.runpytest("-p", "no:randomly", "-W", "error")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.re_match_lines([r".*(Falsifying example|Failing test case): check\(", r".*'body': '',"])
    assert "function_scoped_fixture" not in result.stdout.str()


def test_sources_without_records_and_the_profiles_example_count() -> None:
    seen: list[Any] = []

    def handler(event: Any, context: Any) -> None:
        seen.append(event)

    fuzz(handler, "schedule")
    # No max_examples: the active profile's count (dev 100, ci 300), fewer if the space is small.
    assert len(seen) > 10


# -- timeouts: reported at once, unshrunk ----------------------------------------------------------


def test_a_timeout_fails_at_once_with_the_event_that_timed_out() -> None:
    seen: list[Any] = []
    with freeze_time("2024-01-01") as frozen:

        def handler(event: Any, context: Any) -> None:
            seen.append(event)
            if len(event["Records"]) > 1:
                frozen.tick(4)  # past the 3 s timeout, in no time

        with pytest.raises(AssertionError) as failure:
            fuzz(handler, "sqs", max_examples=100, settings=settings(database=None))
    message = str(failure.value)
    first_line = message.splitlines()[0]
    assert first_line.startswith("the handler timed out (Sandbox.Timedout: RequestId: ")
    assert first_line.endswith("Error: Task timed out after 3.00 seconds) on the event below.")
    assert 'to allow timeouts, pass raises=["Sandbox.Timedout"]' in message
    # One invocation timed out, the last: no shrink step ran the handler again.
    assert [len(event["Records"]) > 1 for event in seen].count(True) == 1
    assert len(seen[-1]["Records"]) > 1
    # The report holds that very event, as JSON, and the log of its invocation.
    event_json = message.split("The event:\n", 1)[1].split("\nThe function's log for this event:\n", 1)[0]
    assert json.loads(event_json) == seen[-1]
    assert re.search(r"\n  START RequestId: .*\n  .* Task timed out after 3\.00 seconds\n  END RequestId: ", message)


@pytest.fixture
def example_database_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hypothesis's example database even under ``--hypothesis-seed``, which turns it off (its
    pytest plugin sets this global): these tests are about what it saves and where."""
    import hypothesis.core

    monkeypatch.setattr(hypothesis.core, "global_force_seed", None)


@pytest.mark.usefixtures("example_database_on")
def test_the_next_run_tries_the_event_that_timed_out_first() -> None:
    database = InMemoryExampleDatabase()
    runs: list[list[Any]] = [[], []]
    with freeze_time("2024-01-01") as frozen:
        for seen in runs:  # one call site, run twice

            def handler(event: Any, context: Any, seen: list[Any] = seen) -> None:
                seen.append(event)
                if len(event["Records"]) > 1:
                    frozen.tick(4)

            with pytest.raises(AssertionError, match="the handler timed out"):
                fuzz(handler, "sqs", max_examples=100, settings=settings(database=database))
    # The same event (its timestamps aside: the frozen clock moved on).
    replayed, timed_out = runs[1], runs[0][-1]
    assert [[(r["messageId"], r["body"]) for r in event["Records"]] for event in replayed] == [
        [(r["messageId"], r["body"]) for r in timed_out["Records"]]
    ]


def test_allowed_timeouts_do_not_stop_the_run() -> None:
    timeouts = 0
    with freeze_time("2024-01-01") as frozen:

        def handler(event: Any, context: Any) -> None:
            nonlocal timeouts
            if len(event["Records"]) > 1:
                timeouts += 1
                frozen.tick(4)

        fuzz(handler, "sqs", raises=["Sandbox.Timedout"], max_examples=30, settings=settings(database=None))
    assert timeouts > 1


class _KeyRecorder(InMemoryExampleDatabase):
    """An example database that remembers the keys hypothesis asks it for."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[bytes] = []

    def fetch(self, key: bytes) -> Iterable[bytes]:
        self.keys.append(key)
        return super().fetch(key)

    @property
    def primary_key(self) -> bytes:
        return min(self.keys, key=len)  # the others are it plus a suffix (".secondary"...)


def _key_of_this_call_site() -> bytes:
    recorder = _KeyRecorder()
    fuzz(_ok_rest, "apigateway_rest", max_examples=1, settings=settings(database=recorder))
    return recorder.primary_key


@pytest.mark.usefixtures("example_database_on")
def test_each_call_site_has_its_own_database_key() -> None:
    first, second = _KeyRecorder(), _KeyRecorder()
    fuzz(_ok_rest, "apigateway_rest", max_examples=1, settings=settings(database=first))
    fuzz(_ok_rest, "apigateway_rest", max_examples=1, settings=settings(database=second))
    assert first.primary_key != second.primary_key
    # One call site, called again, keeps its key.
    assert _key_of_this_call_site() == _key_of_this_call_site()


def test_a_saved_failure_replays_at_its_own_call_site_only(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        dedent(
            """
            import os
            from hypothesis import Phase, settings
            from hypothesis.database import DirectoryBasedExampleDatabase
            from pytest_lambda.strategies import fuzz

            # The second run only replays what the first saved.
            PHASES = [Phase.reuse] if os.environ.get("REPLAY_ONLY") else list(Phase)
            SETTINGS = settings(database=DirectoryBasedExampleDatabase("examples"), phases=PHASES)

            def always_fails(event, context):
                raise ValueError("no")

            def test_first():
                fuzz(always_fails, "sqs", max_examples=5, settings=SETTINGS)

            def test_second():
                fuzz(always_fails, "sqs", max_examples=5, settings=SETTINGS)
            """
        )
    )
    pytester.runpytest_subprocess("-p", "no:randomly", "-k", "test_first").assert_outcomes(failed=1)
    pytester._monkeypatch.setenv("REPLAY_ONLY", "1")
    # In a new process (its own hash seed): test_first's key is the same, and test_second, the same
    # handler and source, does not replay test_first's failure.
    replay = pytester.runpytest_subprocess("-p", "no:randomly")
    # (Hypothesis passes or skips a test that had nothing to replay, depending on its version.)
    assert replay.parseoutcomes()["failed"] == 1
    replay.stdout.fnmatch_lines(["FAILED *::test_first*"])
    replay.stdout.no_fnmatch_line("FAILED *::test_second*")


# -- the report: the user's line, the event, the failing invocation's log ---------------------------

LOGGING = """
import json
import logging

def handler(event, context):
    logging.getLogger().warning("orders in this batch: %d", len(event["Records"]))
    for record in event["Records"]:
        json.loads(record["body"])
"""


def test_the_report_shows_the_event_and_its_log_without_our_frames(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(orders=LOGGING)
    pytester.makepyfile(
        dedent(
            """
            from pytest_lambda.strategies import fuzz

            def test_orders():
                fuzz("orders.handler", "sqs", max_examples=100)
            """
        )
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "    def test_orders():",
            '>       fuzz("orders.handler", "sqs", max_examples=100)',
            "E       AssertionError: the handler failed with JSONDecodeError: "
            "Expecting value: line 1 column 1 (char 0) (allowed: none)",
        ],
        consecutive=True,
    )
    result.stdout.re_match_lines([r"E       (Falsifying example|Failing test case): fuzz\($", r"E           event=\{"])
    result.stdout.fnmatch_lines(
        [
            "E       The function's log for this event:",
            "E         START RequestId: * Version: $LATEST",
            "E         [[]WARNING[]]\t*Z\t*\torders in this batch: 1",
            "E         [[]ERROR[]] JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
            "E         Traceback (most recent call last):",
        ],
        consecutive=True,
    )
    result.stdout.fnmatch_lines(
        ["E         END RequestId: *", "E         REPORT RequestId: *", "", "test_*.py:4: AssertionError"]
    )
    output = result.stdout.str()
    # Not our frames, not hypothesis's name for the case, and the log line once: the failing
    # invocation's, none from the other events tried. (Under CI, pytest's short summary repeats
    # the whole message: counted in the failure's section.)
    for absent in ("_fuzz.py", "_contracts.py", "check_invocation", "invoke_with", "def example", "Captured log"):
        assert absent not in output
    report = output.split("short test summary info")[0]
    assert report.count("orders in this batch") == 1
    # The handler's stack trace is in the log, not twice.
    assert report.count('json.loads(record["body"])') == 1


def test_an_http_contract_failure_shows_the_event_and_the_log() -> None:
    def handler(event: Any, context: Any) -> Any:
        print("answering", event["httpMethod"])
        return {"statusCode": 200, "body": {"path": event["path"]}}

    with pytest.raises(AssertionError) as failure:
        fuzz(handler, "apigateway_rest", max_examples=5, settings=settings(database=None))
    assert str(failure.value).startswith("API Gateway would answer 502 Internal server error because body is dict")
    notes = "\n".join(getattr(failure.value, "__notes__", []))
    assert re.search(r"fuzz\(\n    event=\{", notes)
    assert re.search(r"The function's log for this event:\n  START RequestId: .*\n  answering [A-Z]+\n  END ", notes)
    # Raised from the caller's frame: nothing of fuzz's or hypothesis's to look through.
    assert failure.traceback[-1].frame.code.name == "fuzz"


# -- the test's settings, and LambdaFunction options ----------------------------------------------


def _context_facts(seen: list[Any]) -> Any:
    def handler(event: Any, context: Any) -> None:
        seen.append(
            (
                context.function_name,
                context.memory_limit_in_mb,
                context.invoked_function_arn,
                context.get_remaining_time_in_millis(),
                os.environ.get("TABLE"),
                event["Records"][0]["awsRegion"],
            )
        )

    return handler


@pytest.mark.lambda_context(function_name="orders", timeout=7, region="eu-west-1")
@pytest.mark.lambda_env(TABLE="orders-table")
@pytest.mark.lambda_function(handler="elsewhere.handler", memory_size=256)
def test_a_bare_handler_gets_the_tests_settings() -> None:
    bare: list[Any] = []
    given: list[Any] = []
    with freeze_time("2024-01-01"):
        fuzz(_context_facts(bare), "sqs", max_examples=5)
        # A function passed in is used as it is.
        fuzz(LambdaFunction(_context_facts(given)), "sqs", max_examples=5)
    arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders"
    assert set(bare) == {("orders", "256", arn, 7000, "orders-table", "eu-west-1")}
    arn = "arn:aws:lambda:us-east-1:123456789012:function:test_function"
    assert set(given) == {("test_function", "128", arn, 3000, None, "us-east-1")}


def test_the_plugin_sets_the_running_test_for_its_duration(
    request: pytest.FixtureRequest, pytester: pytest.Pytester
) -> None:
    current = CURRENT_TEST.get()
    assert current is not None
    assert current.nodeid == request.node.nodeid
    pytester.makepyfile(
        dedent(
            """
            from pytest_lambda._current_test import CURRENT_TEST

            def test_inner():
                assert CURRENT_TEST.get().nodeid.endswith(".py::test_inner")
            """
        )
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=1)
    assert CURRENT_TEST.get() is current  # the inner session's test came and went


@pytest.mark.lambda_context(function_name="orders")
def test_outside_a_test_a_bare_handler_gets_the_defaults() -> None:
    seen: list[Any] = []
    token = CURRENT_TEST.set(None)  # as without the plugin, or outside pytest
    try:
        with freeze_time("2024-01-01"):
            fuzz(_context_facts(seen), "sqs", max_examples=3)
    finally:
        CURRENT_TEST.reset(token)
    assert {facts[0] for facts in seen} == {"test_function"}


def test_events_take_the_functions_region_unless_given() -> None:
    regions: list[str] = []

    def handler(event: Any, context: Any) -> None:
        regions.append(event["Records"][0]["awsRegion"])

    with LambdaFunction(handler, region="ap-south-1") as function:
        fuzz(function, "sqs", max_examples=3)
        fuzz(function, "sqs", max_examples=3, region="sa-east-1")
    assert set(regions) == {"ap-south-1", "sa-east-1"}


def test_function_options_are_refused_with_how_to_pass_them() -> None:
    message = (
        "fuzz() takes event field strategies, and watchdog_seconds is a LambdaFunction option, not a field of sqs "
        "events: pass the function configured, fuzz(LambdaFunction(handler, watchdog_seconds=...), 'sqs') or, in "
        "a test, fuzz(lambda_function(handler, watchdog_seconds=...), 'sqs'); or set it for the test with "
        "@pytest.mark.lambda_function(watchdog_seconds=...), which fuzz(handler, ...) applies\nSee "
    )
    with pytest.raises(FuzzUsageError, match=re.escape(message)):
        fuzz(_ok_rest, "sqs", watchdog_seconds=0.05)
    with pytest.raises(FuzzUsageError, match="and timeout, watchdog_seconds are LambdaFunction options, not a field"):
        fuzz(_ok_rest, "sqs", watchdog_seconds=0.05, timeout=1, body=st.text())
    # A TypeError, as for any keyword a function does not take.
    assert issubclass(FuzzUsageError, TypeError)
    # Other unknown names are the event's business.
    with pytest.raises(EventOverrideError, match="sqs events have no field or shorthand 'bdy'"):
        fuzz(_ok_rest, "sqs", bdy=st.text())


def test_an_option_name_that_is_a_field_of_the_source_is_the_events() -> None:
    versions: list[str] = []

    def handler(event: Any, context: Any) -> None:
        versions.append(event["version"])

    fuzz(handler, "eventbridge", max_examples=3, version="1")
    assert set(versions) == {"1"}
