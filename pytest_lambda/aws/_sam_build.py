"""What ``sam build`` makes of a SAM function or layer with ``Metadata.BuildMethod``, as far as it can run here.

building-layers.html: a layer with a ``BuildMethod`` (a Lambda runtime identifier, or ``makefile``)
is built; without one, its ``ContentUri`` folder is copied as it is (a ``python/`` folder inside).
For a Python runtime the built artifact's ``python/`` holds the source folder's files and the
packages of its ``requirements.txt`` (aws-sam-cli ``samcli/lib/build/workflow_config.py``
``get_layer_subfolder``: ``python3.X`` -> ``python``, ``makefile`` -> the Makefile lays it out), so
the source folder is what ``/opt/python`` holds: its requirements must be installed where the tests
run, as a function's are. ``sam build`` keeps the ``Metadata`` in ``.aws-sam/build/template.yaml``
and only points ``ContentUri`` at the built folder (``samcli/lib/build/app_builder.py``
``update_template``): a folder that holds nothing but ``python/`` is such a built layer.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pytest_lambda.aws.intrinsics import TemplateError
from pytest_lambda.errors import with_docs

# A note for stack.not_simulated: (what, reason).
Note = tuple[str, str]
_PYTHON = re.compile(r"python3\.[0-9]+")
# The other runtime families sam build builds layers for (get_layer_subfolder): their folders are
# not on Python's import path.
_OTHER = re.compile(r"(nodejs|ruby|java|dotnet)[0-9]+(\.[0-9a-z]+)*")
_MAKEFILE = "makefile"
_BUILT_ELSEWHERE = "test what `sam build` made with .aws-sam/build/template.yaml"


def _build_method(metadata: object) -> object:
    return metadata.get("BuildMethod") if isinstance(metadata, dict) else None


def _built(folder: Path) -> bool:
    """A folder ``sam build`` wrote for a layer: only ``python/`` in it, no module or requirements of its own."""
    entries = list(folder.iterdir())
    return (folder / "python").is_dir() and not any(
        entry.suffix == ".py" or entry.name == "requirements.txt" for entry in entries
    )


def layer_build(logical_id: str, folder: Path, metadata: Any) -> tuple[Path | None, bool, Note | None]:
    """The layer's folder (``None``: nothing of it can be put on the path), whether that folder is
    ``/opt/python`` itself, and what is not simulated about its build."""
    method = _build_method(metadata)
    if method is None:
        return folder, False, None
    if isinstance(method, str) and _PYTHON.fullmatch(method):
        return folder, not _built(folder), None
    if method == _MAKEFILE:
        reason = (
            "its Makefile is not run, so what the layer holds is unknown: install its packages where the tests "
            f"run, or {_BUILT_ELSEWHERE}"
        )
        return None, False, (f"Metadata.BuildMethod {method}", reason)
    if isinstance(method, str) and _OTHER.fullmatch(method):
        return (
            None,
            False,
            (f"Metadata.BuildMethod {method}", f"a layer built for {method}: nothing of it is on Python's path"),
        )
    raise TemplateError(
        with_docs(
            f"{logical_id}: Metadata.BuildMethod {method!r} is not one sam build builds a layer with: a Lambda "
            "runtime identifier (python3.12, nodejs20.x, ...) or makefile",
            "code-folders-and-layers",
        )
    )


def function_build(metadata: Any) -> Note | None:
    """What is not simulated about building a function: a ``makefile`` build (a Python runtime's build
    installs its requirements, expected installed where the tests run)."""
    method = _build_method(metadata)
    if method != _MAKEFILE:
        return None
    reason = f"its Makefile is not run: the CodeUri folder is taken as the function's code as it is; {_BUILT_ELSEWHERE}"
    return f"Metadata.BuildMethod {method}", reason
