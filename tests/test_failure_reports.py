"""The function's logs in pytest's reports (``Captured Lambda logs <when>``), ``raise_for_error`` and the repr."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_lambda import InvocationFailed, LambdaFunction
from pytest_lambda.errors import PytestLambdaError
from pytest_lambda.recording import Recorder, cut_lines
from pytest_lambda.runtime import observers

HANDLERS = """
import logging

def fails(event, context):
    print("looking up", event["item"])
    logging.getLogger().warning("no price for %s", event["item"])
    return event["price"]

def works(event, context):
    print("all fine")
    return {"ok": True}

def chatty(event, context):
    for number in range(event["lines"]):
        print(f"line {number}")
    return None

def flaky(event, context):
    raise ValueError("always")
"""


@pytest.fixture
def handlers(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(handlers=HANDLERS)
    pytester.syspathinsert()
    return pytester


FAILING = """
from handlers import fails, works

def test_fails(lambda_function):
    result = lambda_function(fails, function_name="prices").invoke({"item": "book"})
    assert result.ok

def test_passes(lambda_function):
    assert lambda_function(works, function_name="greeter").invoke({}).ok
"""

REQUEST = r"request [0-9a-f-]{36}"


def test_a_failed_test_shows_the_log_of_each_invocation(handlers: pytest.Pytester) -> None:
    handlers.makepyfile(test_it=FAILING)
    result = handlers.runpytest()
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.re_match_lines(
        [
            r"-+ Captured Lambda logs call -+$",
            rf"--- prices: RequestResponse, {REQUEST}, cold start: error KeyError$",
            r"INIT_START Runtime Version: .*",
            r"START RequestId: [0-9a-f-]{36} Version: \$LATEST$",
            r"looking up book$",
            r"\[WARNING\]\t\S+Z\t[0-9a-f-]{36}\tno price for book$",
            # The runtime's error entry: its lines joined with carriage returns, which split lines here.
            r"\[ERROR\] KeyError: 'price'$",
            r"Traceback \(most recent call last\):$",
            r'\s+File ".*handlers.py", line 6, in fails$',
            r'\s+return event\["price"\]$',
            r"END RequestId: [0-9a-f-]{36}$",
            r"REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms.*",
        ],
        consecutive=True,
    )
    # The passing test's log is not shown by default, as pytest's captured output is not.
    assert "greeter" not in result.stdout.str()
    # The repr pytest prints for `assert result.ok` names the error.
    result.stdout.re_match_lines([r"E\s+\+\s+where False = InvokeResult\(.*error=KeyError: 'price', request_id=.*"])


def test_the_log_is_exactly_what_the_stream_holds(handlers: pytest.Pytester) -> None:
    handlers.makepyfile(
        test_it="""
        from pathlib import Path
        from handlers import fails

        def test_fails(lambda_function):
            result = lambda_function(fails, log_format="JSON").invoke({"item": "pen"})
            Path("logs.txt").write_text(result.logs)
            assert False
        """
    )
    reprec = handlers.inline_run()
    (report,) = [r for r in reprec.getreports("pytest_runtest_logreport") if r.when == "call"]
    (text,) = [content for name, content in report.sections if name == "Captured Lambda logs call"]
    header, _, logs = text.partition("\n")
    assert re.fullmatch(rf"--- test_function: RequestResponse, {REQUEST}, cold start: error KeyError", header)
    assert logs == (handlers.path / "logs.txt").read_text()
    assert logs.splitlines()[-1].startswith('{"time"')  # JSON lines when the format is JSON


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        ((), False),
        (("-rP",), True),
        (("-rP", "--show-capture=no"), False),
        (("-rP", "-p", "no:logging"), True),
        (("-rP", "--lambda-logs=no"), False),
    ],
)
def test_passed_tests_follow_pytests_captured_output_switches(
    handlers: pytest.Pytester, args: tuple[str, ...], shown: bool
) -> None:
    handlers.makepyfile(test_it=FAILING)
    result = handlers.runpytest(*args)
    result.assert_outcomes(failed=1, passed=1)
    assert ("--- greeter: RequestResponse" in result.stdout.str()) is shown


@pytest.mark.parametrize("args", [("--show-capture=no",), ("--lambda-logs=no",), ("-o", "lambda_logs=no")])
def test_the_section_can_be_hidden(handlers: pytest.Pytester, args: tuple[str, ...]) -> None:
    handlers.makepyfile(test_it=FAILING)
    result = handlers.runpytest(*args)
    result.assert_outcomes(failed=1, passed=1)
    assert "Captured Lambda logs" not in result.stdout.str()
    assert "KeyError" in result.stdout.str()


def test_all_shows_the_logs_of_passed_tests_too(handlers: pytest.Pytester) -> None:
    handlers.makepyfile(test_it=FAILING)
    result = handlers.runpytest("--lambda-logs=all")
    result.stdout.re_match_lines(
        [
            r"=+ Lambda logs of passed tests =+$",
            r"_+ test_passes _+$",
            r"-+ Captured Lambda logs call -+$",
            rf"--- greeter: RequestResponse, {REQUEST}, cold start: success$",
        ],
        consecutive=True,
    )
    # With -rP pytest shows them already: once is enough.
    twice = handlers.runpytest("--lambda-logs=all", "-rP").stdout.str()
    assert "Lambda logs of passed tests" not in twice
    assert twice.count("--- greeter: RequestResponse") == 1
    hidden = handlers.runpytest("--lambda-logs=all", "--show-capture=no").stdout.str()
    assert "Lambda logs of passed tests" not in hidden


def test_all_shows_only_the_lambda_logs_of_passed_tests(handlers: pytest.Pytester) -> None:
    handlers.makepyfile(
        test_it="""
        from handlers import works

        def test_passes(lambda_function):
            print("the test's own output")
            lambda_function(works).invoke({})
        """
    )
    output = handlers.runpytest("--lambda-logs=all").stdout.str()
    assert "--- test_function: RequestResponse" in output
    assert "the test's own output" not in output


def test_all_without_passed_invocations_adds_nothing(handlers: pytest.Pytester) -> None:
    handlers.makepyfile(test_it="def test_nothing():\n    pass\n")
    result = handlers.runpytest("-o", "lambda_logs=all")
    result.assert_outcomes(passed=1)
    assert "Lambda logs" not in result.stdout.str()


def test_setup_and_teardown_invocations_have_their_own_sections(handlers: pytest.Pytester) -> None:
    handlers.makepyfile(
        test_it="""
        import pytest
        from handlers import works

        @pytest.fixture
        def warmed(lambda_function):
            function = lambda_function(works, function_name="setup-fn")
            function.invoke({})
            yield function
            function.invoke({"bye": True})

        def test_it(warmed):
            warmed.invoke({})
            assert False
        """
    )
    result = handlers.runpytest()
    result.stdout.re_match_lines(
        [
            r"-+ Captured Lambda logs setup -+$",
            rf"--- setup-fn: RequestResponse, {REQUEST}, cold start: success$",
            r".*",
            r".*",
            r".*",
            r".*",
            r".*",
            r"-+ Captured Lambda logs call -+$",
            rf"--- setup-fn: RequestResponse, {REQUEST}: success$",
        ],
        consecutive=True,
    )
    # A teardown's section shows with the failure, as pytest shows teardown output.
    result.stdout.re_match_lines([r"-+ Captured Lambda logs teardown -+$"])


def test_async_retries_name_their_attempt(handlers: pytest.Pytester) -> None:
    handlers.makepyfile(
        test_it="""
        from handlers import flaky

        def test_it(lambda_function):
            lambda_function(flaky, function_name="retrier").invoke({}, invocation_type="Event")
            assert False
        """
    )
    result = handlers.runpytest()
    output = result.stdout.str()
    for number in (1, 2, 3):
        assert re.search(rf"--- retrier: Event attempt {number} of 3, {REQUEST}.*: error ValueError$", output, re.M)
    assert output.count("cold start") == 1


def test_fuzz_shows_its_own_log_not_the_sections(handlers: pytest.Pytester) -> None:
    # fuzz reports the falsifying event's log itself; its hundred examples would bury it here.
    handlers.makepyfile(
        test_it="""
        from handlers import works
        from pytest_lambda.strategies import fuzz

        def test_it(lambda_function):
            fuzz(works, "sqs", max_examples=3)
            lambda_function(works, function_name="after-fuzz").invoke({})
            assert False
        """
    )
    output = handlers.runpytest().stdout.str()
    assert "--- after-fuzz: RequestResponse" in output
    assert "--- test_function" not in output
    assert "Captured Lambda logs call" in output


def test_a_phase_of_fuzz_only_has_no_section(handlers: pytest.Pytester) -> None:
    handlers.makepyfile(
        test_it="""
        from handlers import works
        from pytest_lambda.strategies import fuzz

        def test_passes():
            fuzz(works, "sqs", max_examples=3)

        def test_fails():
            fuzz(works, "sqs", max_examples=3)
            assert False
        """
    )
    for args in ((), ("-rP",)):
        result = handlers.runpytest(*args)
        result.assert_outcomes(passed=1, failed=1)
        assert "Lambda logs" not in result.stdout.str()


def test_long_logs_are_cut_to_head_and_tail(handlers: pytest.Pytester) -> None:
    handlers.makepyfile(
        test_it="""
        from handlers import chatty

        def test_it(lambda_function):
            lambda_function(chatty).invoke({"lines": 1000})
            assert False
        """
    )
    result = handlers.runpytest()
    output = result.stdout.str()
    # 1000 prints and 6 lines around them (header, INIT_START, START, END, REPORT): 200 kept.
    assert "line 0\n" in output
    assert "line 999\n" in output
    assert "line 500\n" not in output
    assert (
        "... 805 of 1005 lines cut here: --lambda-logs-max-lines=0 (ini lambda_logs_max_lines) shows them all ..."
        in output
    )
    assert "line 500\n" in handlers.runpytest("--lambda-logs-max-lines=0").stdout.str()
    tight = handlers.runpytest("-o", "lambda_logs_max_lines=10").stdout.str()
    assert "... 995 of 1005 lines cut here" in tight


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--lambda-logs=some",), "--lambda-logs='some' is not one of failed, all, no"),
        (("-o", "lambda_logs=yes"), "lambda_logs='yes' is not one of failed, all, no"),
        (("--lambda-logs-max-lines=-1",), "--lambda-logs-max-lines='-1' is not a whole number >= 0"),
        (("-o", "lambda_logs_max_lines=many"), "lambda_logs_max_lines='many' is not a whole number >= 0"),
    ],
)
def test_bad_settings_are_usage_errors(pytester: pytest.Pytester, args: tuple[str, ...], message: str) -> None:
    result = pytester.runpytest(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{message}*", "*#lambda-logs-in-failure-reports"])


def test_the_section_travels_with_xdist_reports(handlers: pytest.Pytester) -> None:
    handlers.makepyfile(test_it=FAILING)
    result = handlers.runpytest("-n", "2", "-rP")
    result.assert_outcomes(failed=1, passed=1)
    output = result.stdout.str()
    assert "--- prices: RequestResponse" in output
    assert "--- greeter: RequestResponse" in output


def test_raise_for_error_reports_the_handlers_trace_and_log(handlers: pytest.Pytester) -> None:
    handlers.makepyfile(
        test_it="""
        from handlers import fails

        def test_it(lambda_function):
            lambda_function(fails, function_name="prices").invoke({"item": "cup"}).raise_for_error()
        """
    )
    result = handlers.runpytest("--lambda-logs=no")
    result.assert_outcomes(failed=1)
    result.stdout.re_match_lines(
        [
            r"E\s+pytest_lambda.errors.InvocationFailed: prices invocation [0-9a-f-]{36} failed: KeyError: 'price'$",
            r"E\s+Traceback of the handler \(most recent call last\):$",
            r'E\s+File ".*handlers.py", line 6, in fails$',
            r'E\s+return event\["price"\]$',
            r"E\s+Log of the invocation:$",
        ],
        consecutive=True,
    )
    result.stdout.re_match_lines([r"E\s+looking up cup$", r"E\s+See https://\S+#failed-invocations$"])
    # __tracebackhide__: the test's frame is shown, not the harness's.
    assert "results.py" not in result.stdout.str()


def boom(event: Any, context: Any) -> Any:
    raise KeyError("price")


def fine(event: Any, context: Any) -> Any:
    return {"ok": True}


def test_raise_for_error_returns_the_result_when_ok() -> None:
    result = LambdaFunction(fine).invoke({})
    assert result.raise_for_error() is result
    (attempt,) = result.attempts
    assert attempt.raise_for_error() is attempt
    assert ", error=" not in repr(result)
    dry = LambdaFunction(fine).invoke({}, invocation_type="DryRun")
    assert dry.raise_for_error() is dry


def test_invocation_failed_carries_the_error() -> None:
    function = LambdaFunction(boom, function_name="prices")
    result = function.invoke({"item": "x"})
    with pytest.raises(InvocationFailed) as caught:
        result.raise_for_error()
    error = caught.value
    assert isinstance(error, AssertionError)
    assert isinstance(error, PytestLambdaError)
    assert error.function_name == "prices"
    assert error.request_id == result.request_id
    assert error.error_type == "KeyError"
    assert error.error_message == "'price'"
    assert error.stack_trace == result.error["stackTrace"] if result.error else False
    assert 'raise KeyError("price")' in "".join(error.stack_trace)
    assert error.logs == result.logs
    assert str(error).startswith(f"prices invocation {result.request_id} failed: KeyError: 'price'\n")
    (attempt,) = result.attempts
    with pytest.raises(InvocationFailed, match=r"prices invocation .* failed: KeyError: 'price'") as single:
        attempt.raise_for_error()
    assert single.value.logs == attempt.logs


def test_async_raise_for_error_follows_the_last_attempt() -> None:
    calls: list[int] = []

    def second_time_lucky(event: Any, context: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("first")
        return None

    result = LambdaFunction(second_time_lucky).invoke({}, invocation_type="Event")
    assert result.raise_for_error() is result
    with pytest.raises(InvocationFailed, match="ValueError: first"):
        result.attempts[0].raise_for_error()


def test_an_error_without_trace_or_log() -> None:
    error = InvocationFailed("f", "id", {"errorType": "Sandbox.Timedout", "errorMessage": "late"}, "")
    assert str(error) == "f invocation id failed: Sandbox.Timedout: late\nSee " + str(error).split("See ")[1]
    assert error.stack_trace == []


def test_the_repr_cuts_a_long_error_message() -> None:
    def long_error(event: Any, context: Any) -> Any:
        raise ValueError("x" * 500 + "\nsecond line")

    text = repr(LambdaFunction(long_error).invoke({}))
    assert re.search(r"error=ValueError: x{188}\.\.\., request_id=", text)


def test_observers_hear_invocations_but_not_dry_runs() -> None:
    heard: list[tuple[str, str]] = []

    def observer(facts: Any, result: Any) -> None:
        heard.append((facts.function_name, result.invocation_type))

    # The plugin's recorder may listen too: this one is added beside it, and removed.
    observers.OBSERVERS.append(observer)
    try:
        function = LambdaFunction(fine, function_name="heard")
        function.invoke({})
        function.invoke({}, invocation_type="Event")
        function.invoke({}, invocation_type="DryRun")
    finally:
        observers.OBSERVERS.remove(observer)
    assert heard == [("heard", "RequestResponse"), ("heard", "Event")]


def test_outside_pytest_no_one_listens() -> None:
    code = "from pytest_lambda import invoke; from pytest_lambda.runtime import observers; print(observers.OBSERVERS)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_an_uninstalled_recorder_hears_nothing() -> None:
    recorder = Recorder(None).install()
    function = LambdaFunction(fine, function_name="heard")
    function.invoke({})
    # This run's own recorder listens too; with the list empty (as outside pytest) no one does.
    listening = observers.OBSERVERS[:]
    observers.OBSERVERS.clear()
    try:
        function.invoke({})
    finally:
        observers.OBSERVERS[:] = listening
    recorder.uninstall()
    function.invoke({})
    assert [(facts.function_name, shown_elsewhere) for facts, _, shown_elsewhere in recorder.take()] == [
        ("heard", False)
    ]


@given(st.lists(st.text(alphabet="ab", max_size=3), max_size=60), st.integers(0, 40), st.booleans())
def test_cut_lines_keeps_head_and_tail(lines: list[str], max_lines: int, final_newline: bool) -> None:
    text = "\n".join(lines) + ("\n" if final_newline and lines else "")
    cut = cut_lines(text, max_lines)
    original = text.splitlines(keepends=True)
    if max_lines == 0 or len(original) <= max_lines:
        assert cut == text
        return
    kept = cut.splitlines(keepends=True)
    assert len(kept) == max_lines + 1
    head = max_lines // 2
    assert kept[:head] == original[:head]
    assert kept[head].startswith(f"... {len(original) - max_lines} of {len(original)} lines cut here")
    assert kept[head + 1 :] == original[len(original) - (max_lines - head) :]
