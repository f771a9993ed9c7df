"""``make_event``'s overloads (``pytest_lambda/events/_typed.py``) match the registered sources.

Regenerate the module after adding a source: ``python tests/test_typed_events.py``.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

TYPED = Path(__file__).resolve().parents[1] / "pytest_lambda" / "events" / "_typed.py"
SIGNATURE = (
    '/,\n    *,\n    seed: int | None = None,\n    region: str = "us-east-1",\n'
    '    account_id: str = "123456789012",\n    **overrides: Any,\n)'
)


def render() -> str:
    """The module's text, from each source factory's return annotation."""
    from pytest_lambda.events._registry import presets, sources

    modules: set[str] = set()
    by_type: dict[str, list[str]] = defaultdict(list)
    for name, source in sorted(sources.items()):
        returned = source.factory.__annotations__.get("return", "Any")
        module = source.factory.__module__
        found = importlib.import_module(module)
        payload_type = getattr(found, returned, None) if returned.isidentifier() else None
        if payload_type is not None:
            # Qualified by the defining module: several modules define a payload type of the same name.
            owner = getattr(payload_type, "__module__", module)
            # The service's module (or package) under pytest_lambda.events.
            short = (owner if owner.startswith("pytest_lambda.events.") else module).split(".")[2]
            modules.add(short)
            returned = f"{short}.{returned}"
        elif not returned.startswith("dict["):
            returned = "Any"
        by_type[returned].append(name)
    kind_of = {name: returned for returned, names in by_type.items() for name in names}
    for name, (source_name, _, _) in sorted(presets.items()):
        by_type[kind_of[source_name]].append(name)
    lines = [
        '"""Typed signatures of ``make_event``: one overload per payload type. Generated: do not edit.',
        "",
        "Made by ``python tests/test_typed_events.py`` from each source factory's return annotation.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import TYPE_CHECKING, Any, Literal, overload",
        "",
        "from pytest_lambda.events._build import build",
        "",
        "if TYPE_CHECKING:",
    ]
    lines.append(f"    from pytest_lambda.events import {', '.join(sorted(modules))}")
    for returned, names in sorted(by_type.items()):
        literal = ", ".join(f'"{name}"' for name in sorted(names))
        lines += [
            "",
            "",
            "@overload",
            f"def make_event(\n    source: Literal[{literal}],\n    {SIGNATURE} -> {returned}: ...",
        ]
    lines += ["", "", "@overload", f"def make_event(\n    source: str,\n    {SIGNATURE} -> Any: ..."]
    lines += [
        "",
        "",
        f"def make_event(\n    source: str,\n    {SIGNATURE} -> Any:",
        '    """Build ``source``\'s event: shorthands (``body=``, ``records=``...) and AWS field names override it.',
        "",
        "    The same ``seed`` (and clock) gives the same event; region and account appear in its ARNs.",
        '    """',
        "    return build(source, seed=seed, region=region, account_id=account_id, **overrides)",
        "",
    ]
    # As ruff formats it, so the generated file passes the project's format check.
    formatted = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(TYPED), "-"],
        input="\n".join(lines),
        capture_output=True,
        text=True,
        check=True,
    )
    return formatted.stdout


def test_the_overloads_are_current() -> None:
    assert TYPED.read_text() == render(), "regenerate with: python tests/test_typed_events.py"


def test_a_literal_source_gets_its_payload_type() -> None:
    # Checked by mypy too (tests are type-checked); at run time the overload is the one function.
    from pytest_lambda.events import make_event

    event = make_event("sqs", body="x")
    assert event["Records"][0]["body"] == "x"


if __name__ == "__main__":
    sys.path.insert(0, str(TYPED.parents[2]))
    TYPED.write_text(render())
    print(f"wrote {TYPED}")


def test_mypy_sees_each_sources_payload_type(tmp_path: Path) -> None:
    from mypy import api

    sample = tmp_path / "typed_sample.py"
    sample.write_text(
        "from typing import Any\n"
        "from typing_extensions import assert_type\n"
        "import pytest_lambda\n"
        "from pytest_lambda.events import make_event\n"
        "from pytest_lambda.events.sqs import SQSEvent\n"
        "from pytest_lambda.events.s3 import S3Event\n"
        "assert_type(make_event('sqs'), SQSEvent)\n"
        "assert_type(pytest_lambda.make_event('sqs', records=2), SQSEvent)\n"
        "assert_type(make_event('s3:delete'), S3Event)\n"
        "name: str = 'sqs'\n"
        "assert_type(make_event(name), Any)\n"
    )
    out, err, status = api.run(["--strict", "--no-incremental", str(sample)])
    assert status == 0, out + err
