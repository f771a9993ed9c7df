from __future__ import annotations

import sys
import types

import pytest

from pytest_lambda import clock


def test_watching_touches_only_libraries_already_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "freezegun.api", raising=False)
    monkeypatch.delitem(sys.modules, "time_machine", raising=False)
    clock.watch_fake_clocks()
    assert "freezegun.api" not in sys.modules
    assert "time_machine" not in sys.modules
    assert clock.clock_token() == (None, None)


def test_watching_tolerates_other_versions_of_the_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    class FrozenDateTimeFactory:
        def __init__(self, time_to_freeze: object) -> None:
            self.time_to_freeze = time_to_freeze

    fake = types.ModuleType("freezegun.api")
    fake.FrozenDateTimeFactory = FrozenDateTimeFactory  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "freezegun.api", fake)
    monkeypatch.setitem(sys.modules, "time_machine", types.ModuleType("time_machine"))
    clock.watch_fake_clocks()
    clock.watch_fake_clocks()  # idempotent
    assert getattr(FrozenDateTimeFactory.__init__, "_pytest_lambda_watch", False)
    assert clock.clock_token() == (None, None)
