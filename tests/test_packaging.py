"""The project's packaging promises: tox's `lowest` pins every declared lower bound; vendored data keeps its licence."""

from __future__ import annotations

import configparser
import re
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.events.shapes import SAMPLES

if sys.version_info >= (3, 11):
    import tomllib
else:  # coverage[toml] and mypy install tomli on 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def declared_lower_bounds() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    # What tox's lowest installs: the dependencies and the moto, test and templates extras (bench is for bench/ only).
    extras = [project["optional-dependencies"][name] for name in ("moto", "test", "templates")]
    requirements = [*project["dependencies"], *(text for extra in extras for text in extra)]
    bounds = {}
    for text in requirements:
        requirement = Requirement(text)
        for spec in requirement.specifier:
            if spec.operator == ">=":
                bounds[canonicalize_name(requirement.name)] = spec.version
    return bounds


def lowest_pins() -> dict[str, str]:
    tox = configparser.ConfigParser(interpolation=None)
    tox.read_string((ROOT / "tox.ini").read_text())
    pins = {}
    for line in tox["testenv:lowest"]["deps"].strip().splitlines():
        requirement = Requirement(line)
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"{line}: lowest pins exact versions"
        pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def test_lowest_pins_exactly_the_declared_lower_bounds() -> None:
    def padded(version: str) -> tuple[int, ...]:
        parts = tuple(int(part) for part in version.split("."))
        return parts + (0,) * (3 - len(parts))

    bounds = declared_lower_bounds()
    assert {"pytest", "faker", "hypothesis", "moto", "boto3", "aws-lambda-powertools"} <= set(bounds)
    pins = lowest_pins()
    assert set(pins) == set(bounds)
    assert {name: padded(version) for name, version in pins.items()} == {
        name: padded(version) for name, version in bounds.items()
    }


def test_every_vendored_sample_folder_names_its_origin_and_carries_its_licence() -> None:
    folders = sorted(path for path in SAMPLES.iterdir() if path.is_dir())
    assert [folder.name for folder in folders] == ["aws-lambda-go", "aws-sam-cli", "powertools"]
    overview = (SAMPLES / "README.md").read_text()
    for folder in folders:
        assert f"`{folder.name}/`" in overview
        readme = (folder / "README.md").read_text()
        assert re.search(r"https://github\.com/[\w-]+/[\w-]+", readme), folder
        assert re.search(r"commit [0-9a-f]{40}|aws-sam-cli \d+\.\d+\.\d+", readme), folder
        assert (folder / "LICENSE").read_text().strip(), folder
    # Apache 2.0, section 4(d): a NOTICE the work ships with goes along with it.
    assert "AWS SAM CLI" in (SAMPLES / "aws-sam-cli" / "NOTICE").read_text()
