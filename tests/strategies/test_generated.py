"""The per-source strategies (``pytest_lambda/strategies/_sources.py``) match the registered sources.

Regenerate the module after adding a source: ``python tests/strategies/test_generated.py``.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
from pathlib import Path

GENERATED = Path(__file__).resolve().parents[2] / "pytest_lambda" / "strategies" / "_sources.py"


def _payload_type(source: object) -> tuple[str, str | None]:
    """(annotation, defining module's short name) of a source's payload, as ``_typed.py`` names it."""
    factory = source.factory  # type: ignore[attr-defined]
    returned = factory.__annotations__.get("return", "Any")
    module = factory.__module__
    payload_type = getattr(importlib.import_module(module), returned, None) if returned.isidentifier() else None
    if payload_type is None:
        return ("Any" if not returned.startswith("dict[") else returned), None
    owner = getattr(payload_type, "__module__", module)
    # The service's module (or package) under pytest_lambda.events.
    short = (owner if owner.startswith("pytest_lambda.events.") else module).split(".")[2]
    return f"{short}.{returned}", short


def _docstring(text: str) -> str:
    wrapped = textwrap.fill(text, width=113, initial_indent="    ", subsequent_indent="    ", break_on_hyphens=False)
    return f'    """{wrapped.strip()}"""' if "\n" not in wrapped else f'    """{wrapped.strip()}\n    """'


def render() -> str:
    """The module's text: one ``<source>_events`` function per source, typed with its payload."""
    from pytest_lambda.events._registry import sources

    modules: set[str] = set()
    functions: list[str] = []
    for name, source in sorted(sources.items()):
        returned, short = _payload_type(source)
        if short:
            modules.add(short)
        functions += [
            "",
            "",
            f"def {name}_events(**field_strategies: Any) -> st.SearchStrategy[{returned}]:",
            _docstring(f'{source.description}: ``events("{name}", **field_strategies)``.'),
            f'    return events("{name}", **field_strategies)',
        ]
    lines = [
        '"""One strategy per event source, typed with its payload. Generated: do not edit.',
        "",
        "Made by ``python tests/strategies/test_generated.py`` from the registered sources.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import TYPE_CHECKING, Any",
        "",
        "from hypothesis import strategies as st",
        "",
        "from pytest_lambda.strategies._events import events",
        "",
        "if TYPE_CHECKING:",
        f"    from pytest_lambda.events import {', '.join(sorted(modules))}",
        "",
        f"__all__ = [{', '.join(repr(name) for name in sorted(f'{source}_events' for source in sources))}]",
        *functions,
        "",
    ]
    formatted = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(GENERATED), "-"],
        input="\n".join(lines),
        capture_output=True,
        text=True,
        check=True,
    )
    return formatted.stdout


def test_the_per_source_strategies_are_current() -> None:
    assert GENERATED.read_text() == render(), "regenerate with: python tests/strategies/test_generated.py"


def test_every_source_has_its_strategy() -> None:
    from pytest_lambda import strategies
    from pytest_lambda.events import event_sources

    for name in event_sources():
        assert f"{name}_events" in strategies.__all__
        assert callable(getattr(strategies, f"{name}_events"))


if __name__ == "__main__":
    sys.path.insert(0, str(GENERATED.parents[2]))
    GENERATED.write_text(render())
    print(f"wrote {GENERATED}")


def test_each_per_source_strategy_is_events_of_its_source() -> None:
    from hypothesis import strategies as st

    from pytest_lambda import strategies
    from pytest_lambda.events import event_sources

    for name in event_sources():
        strategy = getattr(strategies, f"{name}_events")()
        assert isinstance(strategy, st.SearchStrategy)
        assert f"source='{name}'" in repr(strategy)
