"""How a handler's fatal behaviour ends an invocation: the runtime process ends, the platform reports it.

BaseExceptions that are not Exceptions, ``sys.exit``, ``os._exit``, an exception whose ``str()``
fails, at import or in the handler; warnings under the runtime's default filters; python3.12's
UTF-8 response checks. The differential test (tests/fidelity) compares the same cases with
awslambdaric byte for byte; these tests pin the behaviour where that comparison is not a clear spec.
"""

from __future__ import annotations

import asyncio
import io
import json
import linecache
import os
import runpy
import sys
import warnings
from collections.abc import Callable
from typing import Any

import pytest

from pytest_lambda import FunctionInitError, InvokeResult, LambdaFunction
from pytest_lambda.runtime import attempt, crash, warning_filters

MakeModule = Callable[[str], str]
BOOTSTRAP = "/var/runtime/awslambdaric/bootstrap.py"


class Stop(BaseException):
    pass


def _exit_message(result: InvokeResult, status: int) -> str:
    if status == 0:
        return f"RequestId: {result.request_id} Error: Runtime exited without providing a reason"
    return f"RequestId: {result.request_id} Error: Runtime exited with error: exit status {status}"


def _assert_crashed(function: LambdaFunction, result: InvokeResult, status: int) -> None:
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.ExitError"
    assert result.payload["errorMessage"] == _exit_message(result, status)
    assert "Status: error\tError Type: Runtime.ExitError" in result.logs
    # No runtime is left to log an [ERROR] entry; the environment is gone.
    assert "[ERROR]" not in result.logs
    assert function.invoke({}).cold_start


def _cancelled(event: Any, context: Any) -> None:
    async def main() -> None:
        asyncio.current_task().cancel()  # type: ignore[union-attr]
        await asyncio.sleep(0)

    asyncio.run(main())


def _generator_exit(event: Any, context: Any) -> None:
    raise GeneratorExit


def _stop(event: Any, context: Any) -> None:
    raise Stop("stopped")


@pytest.mark.parametrize(
    ("handler", "last_line"),
    [
        (_stop, "test_fatal.Stop: stopped"),
        (_generator_exit, "GeneratorExit"),
        (_cancelled, "asyncio.exceptions.CancelledError"),
    ],
)
def test_a_base_exception_ends_the_runtime_with_the_interpreters_traceback(
    handler: Callable[[Any, Any], None], last_line: str
) -> None:
    function = LambdaFunction(handler)
    result = function.invoke({})
    log = result.logs
    # The interpreter's traceback, through the runtime's frames, then the handler's.
    assert "Traceback (most recent call last):\n" in log
    assert f'  File "{BOOTSTRAP}", line 178, in handle_event_request\n' in log
    assert "    response = request_handler(event, lambda_context)\n" in log
    assert f", in {handler.__name__}\n" in log
    assert f"\n{last_line}\n" in log
    assert "pytest_lambda" not in log.split("Traceback")[1].split(last_line)[0]
    _assert_crashed(function, result, 1)


def test_keyboard_interrupt_stops_the_test_run() -> None:
    # In a test run it is the developer's Ctrl-C: it must reach pytest, not become an invoke's error.
    def handler(event: Any, context: Any) -> None:
        raise KeyboardInterrupt

    stdout = sys.stdout
    with pytest.raises(KeyboardInterrupt):
        LambdaFunction(handler).invoke({})
    assert sys.stdout is stdout


@pytest.mark.parametrize(
    ("code", "status", "printed"),
    [
        ("bye", 1, "bye\n"),
        (None, 0, ""),
        (0, 0, ""),
        (True, 1, ""),
        (256, 0, ""),
        (-1, 255, ""),
        (2**70, 255, ""),
        (2.5, 1, "2.5\n"),
    ],
)
def test_sys_exit_ends_with_the_interpreters_status_and_message(code: object, status: int, printed: str) -> None:
    def handler(event: Any, context: Any) -> None:
        print("working")
        sys.exit(code)

    function = LambdaFunction(handler)
    result = function.invoke({})
    assert f"working\n{printed}END RequestId" in result.logs
    _assert_crashed(function, result, status)


class FailingStr(Exception):
    def __str__(self) -> str:
        raise RuntimeError("__str__ failed")


class FailingStrFromNone(Exception):
    def __str__(self) -> str:
        raise RuntimeError("__str__ failed") from None


def test_an_exception_whose_str_fails_crashes_the_runtime_building_its_error() -> None:
    def handler(event: Any, context: Any) -> None:
        raise FailingStr

    function = LambdaFunction(handler)
    result = function.invoke({})
    log = result.logs
    # The runtime calls str() in handle_event_request's except block: that error escapes, chained.
    assert "test_fatal.FailingStr: <exception str() failed>\n" in log
    assert "\nDuring handling of the above exception, another exception occurred:\n" in log
    assert f'  File "{BOOTSTRAP}", line 199, in handle_event_request\n' in log
    assert "make_xray_fault(etype.__name__, str(value), os.getcwd(), tb_tuples)" in log
    assert log.index("line 178, in handle_event_request") < log.index("line 199, in handle_event_request")
    assert "\nRuntimeError: __str__ failed\n" in log
    _assert_crashed(function, result, 1)


def test_a_str_failing_from_none_shows_only_its_own_traceback() -> None:
    def handler(event: Any, context: Any) -> None:
        raise FailingStrFromNone

    result = LambdaFunction(handler).invoke({})
    assert "During handling" not in result.logs
    assert "\nRuntimeError: __str__ failed\n" in result.logs
    assert result.payload["errorType"] == "Runtime.ExitError"


def test_a_str_raising_keyboard_interrupt_still_stops_the_run() -> None:
    class Interrupting(Exception):
        def __str__(self) -> str:
            raise KeyboardInterrupt

    def handler(event: Any, context: Any) -> None:
        raise Interrupting

    with pytest.raises(KeyboardInterrupt):
        LambdaFunction(handler).invoke({})


# -- os._exit -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "reported"), [(0, 0), (3, 3), (-1, 255), (256, 0)])
def test_os_exit_in_a_handler_ends_the_invocation_not_the_test_run(status: int, reported: int) -> None:
    def handler(event: Any, context: Any) -> None:
        print("about to exit")
        os._exit(status)

    function = LambdaFunction(handler)
    result = function.invoke({})
    assert "about to exit\nEND RequestId" in result.logs
    _assert_crashed(function, result, reported)


def test_os_exit_refuses_what_the_real_one_refuses() -> None:
    def handler(event: Any, context: Any) -> None:
        os._exit(2**40)

    result = LambdaFunction(handler).invoke({})
    assert result.payload["errorType"] == "OverflowError"


def test_os_exit_outside_a_functions_code_is_the_real_one(monkeypatch: pytest.MonkeyPatch) -> None:
    LambdaFunction("json.dumps").initialize()  # any init installs the stand-in
    assert os._exit is crash._exit
    calls: list[int] = []
    monkeypatch.setattr(crash, "_REAL_EXIT", calls.append)
    with pytest.raises(crash.ProcessExit):  # the recorder returns, where the real one never does
        os._exit(5)
    assert calls == [5]


def test_os_exit_in_a_forked_child_is_the_real_one(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(crash, "_REAL_EXIT", calls.append)

    def handler(event: Any, context: Any) -> str:
        # As in a child of os.fork (multiprocessing's, whose child ends with os._exit).
        monkeypatch.setattr(crash, "_OWNER_PID", [os.getpid() + 1])
        try:
            os._exit(7)
        except crash.ProcessExit:  # the recorder returns, where the real one never does
            return "child exited"

    assert LambdaFunction(handler).invoke({}).payload == "child exited"
    assert calls == [7]


def test_os_exit_in_a_handler_leaves_the_pytest_run_its_summary_and_status(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import os
        from pytest_lambda import LambdaFunction

        def exits(event, context):
            os._exit(0)

        def test_exits():
            result = LambdaFunction(exits).invoke({})
            assert result.payload["errorType"] == "Runtime.ExitError"

        def test_exit_is_reported_as_a_failure():
            assert LambdaFunction(exits).invoke({}).function_error is None

        def test_after():
            assert True
        """
    )
    # A subprocess: had os._exit escaped, it would end that run, not this one.
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=2, failed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*1 failed, 2 passed*"])


# -- at import ------------------------------------------------------------------------------------


def test_sys_exit_at_import_is_an_exit_error_and_init_runs_again(module: MakeModule) -> None:
    name = module(
        """
        import sys
        print("exiting at import")
        sys.exit(2)

        def handler(event, context):
            return None
        """
    )
    function = LambdaFunction(f"{name}.handler")
    result = function.invoke({})
    assert result.payload["errorMessage"] == _exit_message(result, 2)
    init = result.logs.split("START RequestId")[0]
    assert "exiting at import\nINIT_REPORT Init Duration: " in init
    assert "Status: error\tError Type: Runtime.ExitError\n" in init
    assert "LAMBDA_WARNING" not in result.logs
    assert "[ERROR]" not in result.logs
    second = function.invoke({})
    assert second.cold_start
    assert "exiting at import" in second.logs


def test_a_base_exception_at_import_shows_the_runtimes_import_frames(module: MakeModule) -> None:
    name = module(
        """
        class Halt(BaseException):
            pass

        raise Halt("halted at import")
        """
    )
    result = LambdaFunction(f"{name}.handler").invoke({})
    init = result.logs.split("START RequestId")[0]
    assert f'  File "{BOOTSTRAP}", line 519, in run\n    request_handler = _get_handler(handler)\n' in init
    assert f'  File "{BOOTSTRAP}", line 53, in _get_handler\n' in init
    assert f', line 5, in <module>\n    raise Halt("halted at import")\n{name}.Halt: halted at import\n' in init
    assert result.payload["errorMessage"] == _exit_message(result, 1)


def test_os_exit_at_import(module: MakeModule) -> None:
    name = module("import os\nos._exit(4)\n")
    result = LambdaFunction(f"{name}.handler").invoke({})
    assert result.payload["errorMessage"] == _exit_message(result, 4)


def test_an_import_error_whose_str_fails_crashes_in_build_fault_result(module: MakeModule) -> None:
    name = module(
        """
        class Odd(Exception):
            def __str__(self):
                raise RuntimeError("no text")

        raise Odd()
        """
    )
    result = LambdaFunction(f"{name}.handler").invoke({})
    init = result.logs.split("START RequestId")[0]
    assert f"{name}.Odd: <exception str() failed>\n" in init
    assert f'  File "{BOOTSTRAP}", line 261, in build_fault_result\n    msg if msg else str(value),\n' in init
    assert "\nRuntimeError: no text\n" in init
    assert result.payload["errorMessage"] == _exit_message(result, 1)


def test_initialize_reports_a_crash_without_a_request(module: MakeModule) -> None:
    name = module("import sys\nsys.exit(2)\n")
    function = LambdaFunction(f"{name}.handler")
    with pytest.raises(FunctionInitError) as raised:
        function.initialize()
    assert str(raised.value) == "Runtime.ExitError: Error: Runtime exited with error: exit status 2"
    assert function.module is None


# -- asynchronous: retried and dead-lettered like any function error -------------------------------


def test_async_crashes_are_retried_and_dead_lettered() -> None:
    function = LambdaFunction(_stop, on_failure="arn:aws:sqs:us-east-1:123456789012:failures")
    result = function.invoke({"order": 1}, invocation_type="Event")
    assert [a.outcome for a in result.attempts] == ["error"] * 3
    assert all(a.cold_start for a in result.attempts)
    letter = result.dead_letters[0]
    assert letter.body == '{"order": 1}'
    assert letter.error_message == _exit_message(result, 1)
    record = result.destination_records[0].record
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["responsePayload"]["errorType"] == "Runtime.ExitError"


# -- warnings -------------------------------------------------------------------------------------


def _warns(event: Any, context: Any) -> str:
    warnings.warn("deprecated call", DeprecationWarning, stacklevel=1)
    warnings.warn("pending", PendingDeprecationWarning, stacklevel=1)
    for _ in range(2):
        warnings.warn("user warning", stacklevel=1)  # the default action shows it once per location
    return "warned"


def test_the_function_sees_the_runtimes_default_warning_filters() -> None:
    # This project runs with filterwarnings=error: the function's code does not.
    result = LambdaFunction(_warns).invoke({})
    assert result.payload == "warned"
    line = _warns.__code__.co_firstlineno + 4
    assert f"{__file__}:{line}: UserWarning: user warning\n" in result.logs
    assert result.logs.count("UserWarning") == 1
    assert "Deprecation" not in result.logs
    assert "pending" not in result.logs


def test_outside_the_invoke_the_tests_filters_apply() -> None:
    LambdaFunction(_warns).invoke({})
    with pytest.raises(DeprecationWarning):
        warnings.warn("the test's own", DeprecationWarning, stacklevel=1)


def test_a_warning_outside_the_functions_code_reaches_the_tests_capture() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warning_filters.install()
        warnings.warn("outside", UserWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["outside"]


def test_a_warning_to_an_explicit_file_goes_there() -> None:
    target = io.StringIO()

    def handler(event: Any, context: Any) -> None:
        warnings.showwarning("to a file", UserWarning, "app.py", 3, file=target)

    LambdaFunction(handler).invoke({})
    assert target.getvalue() == "app.py:3: UserWarning: to a file\n"


def test_pytests_capture_still_reports_the_tests_warnings(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import warnings
        from pytest_lambda import LambdaFunction

        def handler(event, context):
            warnings.warn("from the function", stacklevel=1)
            return "ok"

        def test_one():
            assert LambdaFunction(handler).invoke({}).payload == "ok"
            warnings.warn("from the test", stacklevel=1)

        def test_two():
            warnings.warn("from the second test", stacklevel=1)
        """
    )
    result = pytester.runpytest("-W", "default")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*UserWarning: from the test", "*UserWarning: from the second test"])
    result.stdout.no_fnmatch_line("*from the function*")


# -- python3.12+ responses: UTF-8 on the wire -----------------------------------------------------


# Below python3.12 the runtime's JSON escapes non-ASCII text: only the forced encoder applies.
@pytest.fixture(params=["python3.12 encoder", *(["interpreter"] if sys.version_info >= (3, 12) else [])])
def unescaped(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The runtime's encoder as from python3.12 (non-ASCII text kept): this interpreter's, or forced."""
    if request.param == "interpreter":
        return
    monkeypatch.setattr(attempt, "ENSURE_ASCII", False)
    monkeypatch.setattr(attempt, "marshal_response", lambda value: json.dumps(value, ensure_ascii=False))


@pytest.mark.usefixtures("unescaped")
def test_the_response_limit_counts_utf8_bytes() -> None:
    # 3.5 million characters, 7 million bytes: over the 6 MB limit.
    result = LambdaFunction(lambda event, context: "é" * 3_500_000).invoke({})
    assert result.payload["errorType"] == "Function.ResponseSizeTooLarge"


@pytest.mark.usefixtures("unescaped")
def test_a_response_under_the_limit_in_bytes_is_returned() -> None:
    assert LambdaFunction(lambda event, context: {"text": "é✓"}).invoke({}).payload == {"text": "é✓"}


@pytest.mark.usefixtures("unescaped")
def test_a_lone_surrogate_in_the_response_crashes_the_runtime_posting_it() -> None:
    function = LambdaFunction(lambda event, context: {"text": "\ud800"})
    result = function.invoke({})
    assert '  File "/var/runtime/awslambdaric/lambda_runtime_client.py", line 211, in handle_exception\n' in result.logs
    assert "UnicodeEncodeError: 'utf-8' codec can't encode character '\\ud800'" in result.logs
    _assert_crashed(function, result, 1)


# -- stdout and stderr encode as the runtime's ------------------------------------------------------


def test_printing_a_lone_surrogate_to_stdout_fails_the_handler() -> None:
    def handler(event: Any, context: Any) -> None:
        print("\ud800")

    result = LambdaFunction(handler).invoke({})
    assert result.payload["errorType"] == "UnicodeEncodeError"
    # The frame is the runtime's Unbuffered.write, as in awslambdaric's trace.
    assert result.payload["stackTrace"][-1].endswith(", in write\n    self.stream.write(msg)\n")


def test_stderr_escapes_a_lone_surrogate() -> None:
    def handler(event: Any, context: Any) -> None:
        print("a\ud800b", file=sys.stderr)

    assert "a\\ud800b\n" in LambdaFunction(handler).invoke({}).logs


# -- the traceback's own machinery ------------------------------------------------------------------


def test_runpys_frames_from_its_source_when_it_is_not_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    # python3.10's runpy is a file (-m runs it from source); from 3.11 it is frozen.
    monkeypatch.setattr(runpy.__spec__, "origin", runpy.__file__)
    frames = crash._runpy_frames()
    assert [(frame[0], frame[2]) for frame in frames] == [
        (runpy.__file__, "_run_module_as_main"),
        (runpy.__file__, "_run_code"),
    ]
    lines = [linecache.getline(runpy.__file__, frame[1]) for frame in frames]
    assert "_run_code(" in lines[0]
    assert "exec(" in lines[1]


def test_a_runtime_file_already_in_linecache_is_left_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = (10, None, ["line\n"] * 40, crash._MAIN)
    monkeypatch.setitem(linecache.cache, crash._MAIN, entry)
    output = crash.from_exit(Stop("x"), during_init=False).output
    assert f'File "{crash._MAIN}", line 35, in <module>\n    line\n' in output
    assert linecache.cache[crash._MAIN] is entry
    assert BOOTSTRAP not in linecache.cache


def test_pytest_warns_around_an_invoke_records_the_functions_warnings() -> None:
    def handler(event: Any, context: Any) -> str:
        warnings.warn("user warning", stacklevel=1)
        return "warned"

    # Its "always" filter comes before the runtime's: the test asked for the warning.
    with pytest.warns(UserWarning, match="user warning"):
        result = LambdaFunction(handler).invoke({})
    assert result.payload == "warned"
    assert "UserWarning" not in result.logs


def test_a_function_that_resets_the_filters_still_logs_its_warnings() -> None:
    def handler(event: Any, context: Any) -> None:
        warnings.resetwarnings()
        warnings.warn("after a reset", stacklevel=1)

    assert "UserWarning: after a reset\n" in LambdaFunction(handler).invoke({}).logs


def test_keyboard_interrupt_at_import_stops_the_test_run(module: MakeModule) -> None:
    name = module("raise KeyboardInterrupt\n")
    with pytest.raises(KeyboardInterrupt):
        LambdaFunction(f"{name}.handler").invoke({})


def test_a_filter_the_test_put_first_that_does_not_match_leaves_the_runtimes_decision() -> None:
    def handler(event: Any, context: Any) -> None:
        warnings.warn("user warning", stacklevel=1)

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="unrelated")
        result = LambdaFunction(handler).invoke({})
    assert "UserWarning: user warning\n" in result.logs
