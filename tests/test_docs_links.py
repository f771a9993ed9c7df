"""Every README link the package prints, and every link inside the README, lands."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import pytest_lambda
from pytest_lambda.errors import DOCS, DOCS_ANCHORS, with_docs

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()
PACKAGE = Path(pytest_lambda.__file__).parent


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def readme_anchors(text: str) -> set[str]:
    outside_code = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    headings = re.findall(r"^#{1,6} (.+)$", outside_code, flags=re.MULTILINE)
    slugs = [github_slug(heading) for heading in headings]
    explicit = re.findall(r'<a id="([^"]+)"></a>', outside_code)
    return {*slugs, *explicit}


def linked_anchors() -> list[tuple[str, str]]:
    """(module, anchor) for every ``with_docs`` call in the package, its anchor argument resolved, and every
    ``override_error`` call (the event factories' ``with_docs(message, "event-overrides")``)."""
    found: list[tuple[str, str]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text())
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "override_error":
                found.append((name, "event-overrides"))
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "with_docs":
                argument = node.args[1] if len(node.args) > 1 else node.keywords[0].value
                if isinstance(argument, ast.Constant):
                    found.append((name, argument.value))
                else:
                    assert isinstance(argument, ast.Name), f"{name}: with_docs anchor is {ast.dump(argument)}"
                    found.append((name, getattr(importlib.import_module(name), argument.id)))
    return found


def test_github_slugs() -> None:
    assert github_slug("Events from real resources: S3") == "events-from-real-resources-s3"
    assert github_slug("The `lambda_aws` fixture") == "the-lambda_aws-fixture"


def test_the_scan_finds_the_package_links() -> None:
    anchors = {anchor for _, anchor in linked_anchors()}
    # Tens of errors link to the docs; the scan must see them, or the next test proves nothing.
    assert len(linked_anchors()) > 60
    assert {"event-overrides", "event-source-mappings", "harness"} <= anchors


@pytest.mark.parametrize("anchor", DOCS_ANCHORS)
def test_every_docs_anchor_is_in_the_readme(anchor: str) -> None:
    assert anchor in readme_anchors(README)


def test_every_with_docs_call_uses_a_known_anchor() -> None:
    unknown = [(module, anchor) for module, anchor in linked_anchors() if anchor not in DOCS_ANCHORS]
    assert unknown == []


def test_every_known_anchor_is_used() -> None:
    assert sorted({anchor for _, anchor in linked_anchors()}) == sorted(DOCS_ANCHORS)


def test_with_docs_points_at_the_readme() -> None:
    assert with_docs("bad", "harness").endswith(f"\nSee {DOCS}harness")
    assert DOCS.startswith("https://github.com/pytest-aws-lambda/pytest-aws-lambda")


def test_readme_internal_links_land() -> None:
    targets = re.findall(r"\]\(#([^)]+)\)", README)
    assert targets
    assert [target for target in targets if target not in readme_anchors(README)] == []


def test_readme_links_are_absolute() -> None:
    # PyPI renders the README without the repository around it: a relative link breaks there.
    outside_code = re.sub(r"```.*?```", "", README, flags=re.DOTALL)
    targets = re.findall(r"\]\(([^)]+)\)", outside_code)
    relative = [t for t in targets if not t.startswith(("https://", "http://", "#")) and not t.startswith("[")]
    assert relative == []


def test_no_duplicate_anchors() -> None:
    # GitHub appends -1, -2 to repeated slugs: a repeated one would not land where meant.
    outside_code = re.sub(r"```.*?```", "", README, flags=re.DOTALL)
    headings = [github_slug(h) for h in re.findall(r"^#{1,6} (.+)$", outside_code, flags=re.MULTILINE)]
    explicit = re.findall(r'<a id="([^"]+)"></a>', outside_code)
    everything = headings + explicit
    assert len(everything) == len(set(everything))
