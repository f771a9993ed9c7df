from __future__ import annotations

import pytest

from pytest_lambda import ConfigurationError
from pytest_lambda._options import merge_marker_kwargs, parse_env_lines, resolve_options


def test_env_lines_skip_blanks_and_comments_and_strip_around_equals() -> None:
    lines = ["", "  # comment", " A = 1 ", "B==x", "EMPTY="]
    assert parse_env_lines(lines) == {"A": "1", "B": "=x", "EMPTY": ""}


def test_env_line_without_equals_is_an_error() -> None:
    with pytest.raises(ConfigurationError, match="lambda_env line 'JUSTKEY' is not of the form KEY=VALUE"):
        parse_env_lines(["JUSTKEY"])


def test_markers_merge_closest_first() -> None:
    merged = merge_marker_kwargs([("m", (), {"a": 1}), ("m", (), {"a": 2, "b": 2}), ("m", (), {"c": 3})])
    assert merged == {"a": 1, "b": 2, "c": 3}


def test_cli_wins_over_ini_and_empty_means_unset() -> None:
    options = resolve_options({"timeout": "10", "region": None}, {"timeout": "20", "region": "", "memory_size": "256"})
    assert options == {"timeout": 10, "memory_size": 256}
