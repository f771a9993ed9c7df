"""Check the built wheel and sdist: both carry the licence, the wheel its py.typed, the sdist what the README names.

Usage: python .ci/check_dist.py DIST_DIR (the output of ``python -m build``, one wheel and one sdist).
"""

from __future__ import annotations

import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "pytest_lambda"
# The sdist is the source plus the tests and their vendored data (about 0.5 MB when this was written);
# more than this means something unintended got in (a virtualenv, build output, a cache).
SDIST_LIMIT = 2_000_000


def check_wheel(path: Path, licence: bytes) -> list[str]:
    problems = []
    with zipfile.ZipFile(path) as wheel:
        names = set(wheel.namelist())
        dist_info = {name.split("/", 1)[0] for name in names if name.split("/", 1)[0].endswith(".dist-info")}
        if len(dist_info) != 1:
            return [f"{path.name}: expected one .dist-info folder, found {sorted(dist_info)}"]
        (info,) = dist_info
        if f"{PACKAGE}/py.typed" not in names:
            problems.append(f"{path.name}: {PACKAGE}/py.typed is missing (type checkers would ignore our hints)")
        licence_path = f"{info}/licenses/LICENSE"
        if licence_path not in names:
            problems.append(f"{path.name}: {licence_path} is missing")
        elif wheel.read(licence_path) != licence:
            problems.append(f"{path.name}: {licence_path} differs from LICENSE")
        metadata = Parser().parsestr(wheel.read(f"{info}/METADATA").decode())
        if metadata["License-Expression"] != "MIT":
            problems.append(f"{path.name}: License-Expression is {metadata['License-Expression']!r}, not 'MIT'")
        if "LICENSE" not in (metadata.get_all("License-File") or []):
            problems.append(f"{path.name}: METADATA has no License-File: LICENSE")
        strays = sorted(name for name in names if not name.startswith((f"{PACKAGE}/", info)))
        if strays:
            problems.append(f"{path.name}: files outside the package: {strays[:5]}")
    return problems


def check_sdist(path: Path, licence: bytes) -> list[str]:
    problems = []
    if path.stat().st_size > SDIST_LIMIT:
        problems.append(f"{path.name}: {path.stat().st_size} bytes, over the {SDIST_LIMIT} expected")
    with tarfile.open(path) as sdist:
        top = path.name.removesuffix(".tar.gz")
        names = set(sdist.getnames())
        required = [
            "LICENSE",
            "PKG-INFO",
            ".ci/run",  # the README's Development section names it
            f"{PACKAGE}/py.typed",
            "tests/data/aws-samples/README.md",
        ]
        problems += [f"{path.name}: {name} is missing" for name in required if f"{top}/{name}" not in names]
        member = sdist.extractfile(f"{top}/LICENSE") if f"{top}/LICENSE" in names else None
        if member is not None and member.read() != licence:
            problems.append(f"{path.name}: LICENSE differs from the repository's")
        for folder in sorted(p.name for p in (ROOT / "tests" / "data" / "aws-samples").iterdir() if p.is_dir()):
            if f"{top}/tests/data/aws-samples/{folder}/LICENSE" not in names:
                problems.append(f"{path.name}: the vendored {folder} samples lack their LICENSE")
    return problems


def main(dist: Path) -> int:
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        print(f"expected one wheel and one sdist in {dist}, found {[p.name for p in wheels + sdists]}")
        return 1
    licence = (ROOT / "LICENSE").read_bytes()
    problems = check_wheel(wheels[0], licence) + check_sdist(sdists[0], licence)
    for problem in problems:
        print(problem)
    if not problems:
        print(f"{wheels[0].name} and {sdists[0].name} ({sdists[0].stat().st_size} bytes): complete")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
