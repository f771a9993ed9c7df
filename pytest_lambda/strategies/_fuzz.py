"""``fuzz(handler, source)``: the common property tests of a handler, over many generated events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from hypothesis import given
from hypothesis import settings as Settings

from pytest_lambda.runtime import Handler, InvokeResult, LambdaFunction
from pytest_lambda.strategies._contracts import (
    _ITEM_IDS,
    HTTP_SOURCES,
    assert_batch_item_failures,
    assert_http_response,
)
from pytest_lambda.strategies._events import events


def _error_names(raises: Iterable[type[BaseException] | str]) -> frozenset[str]:
    # The runtime reports an exception by its class name alone (errorType), so that is what is compared.
    return frozenset(item if isinstance(item, str) else item.__name__ for item in raises)


def _reports_items(event: Any) -> bool:
    records = event.get("Records") if isinstance(event, Mapping) else None
    if not isinstance(records, list) or not records or not isinstance(records[0], Mapping):
        return False
    return records[0].get("eventSource") in _ITEM_IDS


def check_invocation(
    source: str, event: Any, result: InvokeResult, *, raises: Iterable[type[BaseException] | str] = ()
) -> None:
    """The checks ``fuzz`` makes on one invocation: no unexpected error, an acceptable HTTP response,
    a partial batch response naming only the batch's items."""
    allowed = _error_names(raises)
    if result.function_error is not None:
        error = result.error or {}
        if error.get("errorType") in allowed:
            return
        if source not in HTTP_SOURCES:
            raise AssertionError(
                f"the handler failed with {error.get('errorType')}: {error.get('errorMessage')} "
                f"(allowed: {sorted(allowed) or 'none'})\n{''.join(error.get('stackTrace') or [])}"
            )
    if source in HTTP_SOURCES:
        assert_http_response(source, result)
    elif _reports_items(event):
        assert_batch_item_failures(event, result)


def fuzz(
    handler: LambdaFunction | Handler | str,
    source: str,
    /,
    *,
    raises: Iterable[type[BaseException] | str] = (),
    max_examples: int | None = None,
    settings: Settings | None = None,
    **field_strategies: Any,
) -> None:
    """Invoke ``handler`` with many generated ``source`` events and check each invocation.

    Fails (with hypothesis's minimal falsifying event) if the handler raises an exception whose type
    is not in ``raises`` (classes, or errorType names such as ``"Sandbox.Timedout"``), if an HTTP
    source's service would not accept the response (API Gateway, function URL, ALB: the client
    would get a 5xx), or if a partial batch response names items that are not in the batch.
    ``handler`` is a ``LambdaFunction`` (used as it is) or what ``LambdaFunction`` takes (a function
    built with the defaults and held open throughout).
    ``settings`` (hypothesis's) default to the active profile's, without a deadline.
    ``field_strategies`` are those of ``events``.
    """
    strategy = events(source, **field_strategies)
    allowed = tuple(raises)
    given_function = isinstance(handler, LambdaFunction)
    function = handler if isinstance(handler, LambdaFunction) else LambdaFunction(handler)
    # The harness's timing varies with the machine; a deadline would make the search flaky.
    options: dict[str, Any] = {"deadline": None}
    if max_examples is not None:
        options["max_examples"] = max_examples

    @Settings(settings, **options)
    @given(event=strategy)
    def invoke_with(event: Any) -> None:
        check_invocation(source, event, function.invoke(event), raises=allowed)

    if given_function:
        invoke_with()  # the caller holds it (or not) as they chose
        return
    with function:
        invoke_with()
