"""The Init phase runs inside the execution environment: its variables and its zone (UTC), then the host's again."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

import pytest

from pytest_lambda import FunctionInitError, LambdaFunction

MakeModule = Callable[[str], str]
HOST_ZONE = "EST+05"


@pytest.fixture
def host_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A host whose zone is not UTC (the suite's own conftest runs on UTC)."""
    monkeypatch.setenv("TZ", HOST_ZONE)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


READS_AT_IMPORT = """
    import os
    import time

    TABLE = os.environ["TABLE"]
    REGION = os.environ["AWS_REGION"]
    TRACE = os.environ.get("_X_AMZN_TRACE_ID")
    ZONE = time.strftime("%z", time.localtime())

    def handler(event, context):
        return {"table": TABLE, "region": REGION, "trace": TRACE, "zone": ZONE,
                "now_zone": time.strftime("%z", time.localtime()), "tzname": list(time.tzname)}
"""


def _host_state() -> tuple[object, ...]:
    return (os.environ.get("TABLE"), os.environ.get("AWS_REGION"), os.environ.get("TZ"), time.tzname, time.timezone)


@pytest.mark.usefixtures("host_zone")
def test_module_level_code_sees_the_environment_and_utc_and_the_host_gets_its_own_back(
    module: MakeModule, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", "the host's")
    host = _host_state()
    assert time.timezone == 5 * 3600
    result = LambdaFunction(f"{module(READS_AT_IMPORT)}.handler", region="eu-west-1", environment={"TABLE": "orders"})
    payload = result.invoke({}).payload
    # The runtime sets _X_AMZN_TRACE_ID per invoke only (awslambdaric bootstrap.update_xray_env_variable).
    assert payload == {
        "table": "orders",
        "region": "eu-west-1",
        "trace": None,
        "zone": "+0000",
        "now_zone": "+0000",
        "tzname": ["UTC", "UTC"],
    }
    assert _host_state() == host
    assert time.strftime("%z", time.localtime()) == "-0500"
    assert os.environ["_X_AMZN_TRACE_ID"] == "the host's"


@pytest.mark.usefixtures("host_zone")
def test_initialize_runs_init_in_the_environment_and_restores_the_host(module: MakeModule) -> None:
    host = _host_state()
    function = LambdaFunction(f"{module(READS_AT_IMPORT)}.handler", environment={"TABLE": "orders"})
    assert function.initialize().module is not None
    assert _host_state() == host
    assert function.module.TABLE == "orders"  # type: ignore[union-attr]
    assert function.module.ZONE == "+0000"  # type: ignore[union-attr]
    assert function.invoke({}).payload["now_zone"] == "+0000"
    assert _host_state() == host


@pytest.mark.usefixtures("host_zone")
def test_held_initialize_keeps_the_environment_until_close(module: MakeModule) -> None:
    host = _host_state()
    with LambdaFunction(f"{module(READS_AT_IMPORT)}.handler", environment={"TABLE": "orders"}) as function:
        function.initialize()
        assert os.environ["TABLE"] == "orders"
        assert time.strftime("%z", time.localtime()) == "+0000"
        assert function.invoke({}).payload["table"] == "orders"
    assert _host_state() == host


@pytest.mark.usefixtures("host_zone")
def test_the_host_is_restored_after_an_init_error(module: MakeModule) -> None:
    host = _host_state()
    name = module("""
        import os
        raise ValueError(os.environ["TABLE"] + " " + os.environ["TZ"])
    """)
    function = LambdaFunction(f"{name}.handler", environment={"TABLE": "orders"})
    result = function.invoke({})
    assert result.error is not None
    assert result.error["errorMessage"] == "orders :UTC"
    assert _host_state() == host
    with pytest.raises(FunctionInitError, match="orders :UTC"):
        function.initialize()
    assert _host_state() == host
    with function, pytest.raises(FunctionInitError):
        function.initialize()
    assert _host_state() == host


def test_a_host_on_utc_keeps_utc_and_a_zone_of_the_functions_own_is_applied_and_undone(module: MakeModule) -> None:
    # The suite runs on TZ=UTC (tests/conftest.py): entering needs no tzset; a TZ the function sets does.
    assert time.tzname == ("UTC", "UTC")
    name = module("""
        import time

        def handler(event, context):
            return time.strftime("%z", time.localtime())
    """)
    assert LambdaFunction(f"{name}.handler").invoke({}).payload == "+0000"
    assert LambdaFunction(f"{name}.handler", environment={"TZ": "EST+05"}).invoke({}).payload == "-0500"
    assert time.tzname == ("UTC", "UTC")
    assert time.strftime("%z", time.localtime()) == "+0000"


def test_a_zone_the_handler_changes_itself_is_undone_on_leave(monkeypatch: pytest.MonkeyPatch) -> None:
    def handler(event: object, context: object) -> str:
        os.environ["TZ"] = "EST+05"
        time.tzset()
        return time.strftime("%z", time.localtime())

    with LambdaFunction(handler) as function:
        assert function.invoke({}).payload == "-0500"
        # Held: the environment (and its changed zone) lives on between invokes, as in Lambda.
        assert time.strftime("%z", time.localtime()) == "-0500"
    assert os.environ["TZ"] == "UTC"
    assert time.tzname == ("UTC", "UTC")
    assert time.strftime("%z", time.localtime()) == "+0000"
