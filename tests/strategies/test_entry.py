"""The hypothesis entry point waits for the events to load, and events never import the strategies."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import find, settings
from hypothesis import strategies as st

from pytest_lambda import _hypothesis_entry, _when_loaded


def test_a_callback_runs_at_once_when_the_module_has_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_when_loaded, "_loaded", {"pkg.done"})
    calls: list[str] = []
    _when_loaded.when_loaded("pkg.done", lambda: calls.append("now"))
    assert calls == ["now"]


def test_a_callback_waits_for_the_module_and_runs_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_when_loaded, "_loaded", set())
    monkeypatch.setattr(_when_loaded, "_waiting", {})
    calls: list[str] = []
    _when_loaded.when_loaded("pkg.later", lambda: calls.append("first"))
    _when_loaded.when_loaded("pkg.later", lambda: calls.append("second"))
    assert calls == []
    _when_loaded.loaded("pkg.later")
    assert calls == ["first", "second"]
    _when_loaded.loaded("pkg.later")
    assert calls == ["first", "second"]


def test_the_hook_waits_for_the_events(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, Any]] = []
    monkeypatch.setattr(_hypothesis_entry, "when_loaded", lambda module, callback: asked.append((module, callback)))
    _hypothesis_entry._hypothesis_setup_hook()
    assert asked == [("pytest_lambda.events", _hypothesis_entry._register_event_types)]


def test_registering_imports_the_strategies_which_register_the_event_types() -> None:
    from pytest_lambda.events.sqs import SQSEvent

    _hypothesis_entry._register_event_types()
    assert "pytest_lambda.strategies" in sys.modules
    # The registered strategy, not hypothesis's own for a TypedDict: a real SQS event, even shrunk.
    event = find(st.from_type(SQSEvent), lambda _: True, settings=settings(database=None))
    assert event["Records"][0]["eventSource"] == "aws:sqs"


def _loaded_after(code: str, modules: tuple[str, ...]) -> list[bool]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m in sys.modules for m in {modules!r}]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return list(json.loads(out))


def test_importing_the_events_imports_neither_the_strategies_nor_hypothesis() -> None:
    modules = ("pytest_lambda.strategies", "pytest_lambda._hypothesis_entry", "hypothesis")
    assert _loaded_after("import pytest_lambda.events", modules) == [False, False, False]
