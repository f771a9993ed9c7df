"""freezegun's freeze_time calls getattr on every attribute of every loaded module.

A lazy module-level ``__getattr__`` would then run heavy imports under the fake clock. Import
the whole package, every optional part included, and freeze.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys

from freezegun import freeze_time

import pytest_lambda


def _import_everything() -> list[str]:
    # __main__ is the command line: importing it runs it.
    names = [
        info.name
        for info in pkgutil.walk_packages(pytest_lambda.__path__, "pytest_lambda.")
        if not info.name.endswith("__main__")
    ]
    for name in names:
        importlib.import_module(name)
    return names


def test_freeze_time_with_the_whole_package_imported() -> None:
    names = _import_everything()
    assert "pytest_lambda.plugin" in names
    loaded_before = set(sys.modules)
    with freeze_time("2020-02-29T12:00:00Z") as frozen:
        context = pytest_lambda.make_context(timeout=10)
        frozen.tick(4)
        assert context.get_remaining_time_in_millis() == 6000
        assert re.fullmatch(r"2020/02/29/\[\$LATEST\][0-9a-f]{32}", context.log_stream_name or "")
    # Scanning our modules imported nothing through them (stdlib lazy modules may load on their own).
    new = set(sys.modules) - loaded_before
    ours_or_heavy = {n for n in new if n.split(".")[0] in {"pytest_lambda", "faker", "hypothesis", "moto", "boto3"}}
    assert ours_or_heavy == set()


def test_no_module_of_ours_defines_a_lazy_getattr() -> None:
    for name in _import_everything():
        assert "__getattr__" not in vars(sys.modules[name]), name
