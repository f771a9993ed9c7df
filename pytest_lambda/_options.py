"""Turning command-line and ini strings into validated function settings (no pytest here)."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pytest_lambda.context import ContextConfig
from pytest_lambda.errors import ConfigurationError, with_docs

# The context settings that a string can express, with their parsers; structured ones
# (client_context, identity) come from the marker only.
SCALAR_OPTIONS: dict[str, Callable[[str], Any]] = {
    "function_name": str,
    "timeout": int,
    "memory_size": int,
    "region": str,
    "account_id": str,
    "version": str,
    "alias": str,
    "tenant_id": str,
}


def parse_scalar(name: str, raw: str, source: str) -> Any:
    """Parse one setting; ``source`` (``--lambda-timeout``, ``lambda_timeout``) is named on error."""
    try:
        return SCALAR_OPTIONS[name](raw)
    except ValueError:
        raise ConfigurationError(with_docs(f"{source}={raw!r} is not a whole number", "configuration")) from None


def resolve_options(cli: Mapping[str, str | None], ini: Mapping[str, str | None]) -> dict[str, Any]:
    """Merge settings, command line over ini, and validate them together.

    Keys are option names (``timeout``); empty and ``None`` values mean "not set".
    """
    options: dict[str, Any] = {}
    for name in SCALAR_OPTIONS:
        if cli.get(name) not in (None, ""):
            options[name] = parse_scalar(name, str(cli[name]), f"--lambda-{name.replace('_', '-')}")
        elif ini.get(name) not in (None, ""):
            options[name] = parse_scalar(name, str(ini[name]), f"lambda_{name}")
    ContextConfig.from_options(options)
    return options


def parse_env_lines(lines: Iterable[str]) -> dict[str, str]:
    """Parse the ``lambda_env`` ini option: one ``KEY=VALUE`` per line."""
    variables: dict[str, str] = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise ConfigurationError(
                with_docs(f"lambda_env line {line!r} is not of the form KEY=VALUE", "environment-variables")
            )
        variables[key.strip()] = value.strip()
    return variables


def merge_marker_kwargs(markers: Iterable[tuple[str, tuple[Any, ...], Mapping[str, Any]]]) -> dict[str, Any]:
    """Merge (name, args, kwargs) of markers given closest first: the closest value of a key wins."""
    merged: dict[str, Any] = {}
    for name, args, kwargs in reversed(list(markers)):
        if args:
            raise ConfigurationError(
                with_docs(f"@pytest.mark.{name} takes keyword arguments only, got {args!r}", "markers")
            )
        merged.update(kwargs)
    return merged


def parse_seed(raw: str | None) -> int | None:
    """``--lambda-seed``: a non-negative whole number, or unset."""
    if raw in (None, ""):
        return None
    try:
        seed = int(str(raw))
    except ValueError:
        seed = -1
    if seed < 0:
        raise ConfigurationError(with_docs(f"--lambda-seed={raw!r} is not a non-negative whole number", "seeds"))
    return seed


def seed_for(test_id: str) -> int:
    """A seed stable for one test across runs and machines (unlike ``hash``)."""
    return zlib.crc32(test_id.encode())


def event_request(
    param: Any, markers: Iterable[tuple[tuple[Any, ...], Mapping[str, Any]]]
) -> tuple[str, dict[str, Any]]:
    """The source and overrides for ``lambda_event``: an ``indirect`` parameter, else the closest marker.

    Markers are given closest first; their keyword overrides merge with the closest winning.
    """
    found = list(markers)
    overrides: dict[str, Any] = {}
    for _, kwargs in reversed(found):
        overrides.update(kwargs)
    source = next((args[0] for args, _ in found if args), None)
    for args, _ in found:
        if len(args) > 1:
            raise ConfigurationError(
                with_docs(f"@pytest.mark.lambda_event takes one source name, got {args!r}", "markers")
            )
    if isinstance(param, str):
        source = param
    elif isinstance(param, Mapping):
        param = dict(param)
        source = param.pop("source", source)
        overrides.update(param)
    elif param is not None:
        raise ConfigurationError(
            with_docs(f"an indirect lambda_event parameter must be a source name or a dict, got {param!r}", "markers")
        )
    if not isinstance(source, str):
        raise ConfigurationError(
            with_docs(
                'lambda_event needs a source: add @pytest.mark.lambda_event("sqs", ...) (or '
                "from pytest_lambda import lambda_event), or parametrize lambda_event with indirect=True",
                "markers",
            )
        )
    return source, overrides


# A failure report shows the event's recipe in full up to here; pytest's own repr cuts at ~240 characters.
EVENT_CALL_LIMIT = 4000


def event_call(source: str, overrides: Mapping[str, Any], **settings: Any) -> str:
    """The ``make_event(...)`` call that rebuilds a test's ``lambda_event``, for its failure report."""
    arguments = [repr(source), *(f"{name}={value!r}" for name, value in {**settings, **overrides}.items())]
    call = f"lambda_event = make_event({', '.join(arguments)})"
    if len(call) > EVENT_CALL_LIMIT:
        cut = len(call) - EVENT_CALL_LIMIT
        call = f"{call[:EVENT_CALL_LIMIT]}... ({cut} more characters)"
    return call
