from __future__ import annotations

import pytest

from pytest_lambda import ConfigurationError
from pytest_lambda._options import event_request, merge_marker_kwargs, parse_env_lines, parse_seed, resolve_options


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


@pytest.mark.parametrize("raw", ["abc", "-1", "1.5"])
def test_bad_seeds(raw: str) -> None:
    with pytest.raises(ConfigurationError, match=f"--lambda-seed={raw!r} is not a non-negative whole number"):
        parse_seed(raw)


def test_seed_unset_and_set() -> None:
    assert parse_seed(None) is None
    assert parse_seed("") is None
    assert parse_seed("12") == 12


def test_indirect_parameter_of_another_type_is_an_error() -> None:
    with pytest.raises(
        ConfigurationError, match="an indirect lambda_event parameter must be a source name or a dict, got 3"
    ):
        event_request(3, [])
