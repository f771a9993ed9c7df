"""The hypothesis entry point and the events package's half of the registration, in process."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import pytest

from pytest_lambda import _hypothesis_entry


def test_the_hook_registers_when_the_events_are_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(_hypothesis_entry, "register_event_types", lambda: calls.append("registered"))
    import pytest_lambda.events  # noqa: F401

    _hypothesis_entry._hypothesis_setup_hook()
    assert calls == ["registered"]
    monkeypatch.delitem(sys.modules, "pytest_lambda.events")
    _hypothesis_entry._hypothesis_setup_hook()
    assert calls == ["registered"]


def test_the_events_package_registers_only_if_hypothesis_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytest_lambda.events as events

    calls: list[Any] = []
    monkeypatch.setattr(_hypothesis_entry, "register_event_types", lambda: calls.append(True))
    monkeypatch.delitem(sys.modules, "hypothesis")
    importlib.reload(events)
    assert calls == []
    monkeypatch.undo()
    monkeypatch.setattr(_hypothesis_entry, "register_event_types", lambda: calls.append(True))
    importlib.reload(events)
    assert calls == [True]
