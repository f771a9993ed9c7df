"""The event sources: name -> factory (and named presets), a read-only view, lookups with helpful
errors, and each source's payload type. Imports ``_common`` only (a factory takes its ``Gen``).
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from pytest_lambda.errors import PytestLambdaError, with_docs
from pytest_lambda.events._common import Gen

Factory = Callable[[Gen, dict[str, Any]], "dict[str, Any] | list[Any]"]


class UnknownEventSourceError(PytestLambdaError, KeyError):
    """No event source has that name."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


@dataclass(frozen=True)
class EventSource:
    """One trigger's event: its canonical name, a one-line description and its factory.

    ``factory(gen, shorthands)`` returns the event; ``shorthands`` holds only the names listed in
    ``shorthands`` (validated before the call). ``records_limit`` is set for batch sources.
    """

    name: str
    description: str
    factory: Factory
    shorthands: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    records_limit: int | None = None
    docs: str = ""
    variants: Mapping[str, str] = field(default_factory=dict)


_SOURCES: dict[str, EventSource] = {}
_ALIASES: dict[str, str] = {}
# Named presets of a source: the kinds `sam local generate-event` offers ("cloudfront:ab-test").
_PRESETS: dict[str, tuple[str, dict[str, Any], str]] = {}
sources: Mapping[str, EventSource] = MappingProxyType(_SOURCES)
presets: Mapping[str, tuple[str, dict[str, Any], str]] = MappingProxyType(_PRESETS)


def register(source: EventSource) -> EventSource:
    """Add a source; its name and aliases must be new."""
    for name in (source.name, *source.aliases):
        if name in _SOURCES or name in _ALIASES:
            raise TypeError(f"event source {name!r} is registered twice")
    _SOURCES[source.name] = source
    for alias in source.aliases:
        _ALIASES[alias] = source.name
    return source


def register_preset(name: str, source: str, description: str, **overrides: Any) -> None:
    """Name a source with preset overrides, such as SAM's ``s3:delete`` for ``s3`` with a delete."""
    if name in _SOURCES or name in _ALIASES or name in _PRESETS:
        raise TypeError(f"event source {name!r} is registered twice")
    lookup(source)
    _PRESETS[name] = (source, dict(overrides), description)


def resolve(name: str) -> tuple[EventSource, dict[str, Any]]:
    """The source called ``name`` and the overrides its name presets (none but for presets)."""
    preset = _PRESETS.get(name)
    if preset is not None:
        return lookup(preset[0]), dict(preset[1])
    return lookup(name), {}


def lookup(name: str) -> EventSource:
    """The source called ``name`` (or an alias of it); an unknown name lists the known ones."""
    canonical = _ALIASES.get(name, name)
    try:
        return _SOURCES[canonical]
    except (KeyError, TypeError):
        pass
    known = sorted(_SOURCES)
    close = difflib.get_close_matches(str(name), [*known, *_ALIASES, *_PRESETS], n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise UnknownEventSourceError(
        with_docs(f"unknown event source {name!r}.{hint} Known sources: {', '.join(known)}", "event-sources")
    ) from None


def payload_types() -> dict[Any, tuple[str, ...]]:
    """Each payload TypedDict (a factory's return annotation) and the sources it types, sorted, those of
    the module that defines the type first (``SQSEvent``: sqs before s3_sqs and sns_sqs)."""
    by_type: dict[Any, list[tuple[bool, str]]] = {}
    for name, source in _SOURCES.items():
        factory = source.factory
        payload = getattr(importlib.import_module(factory.__module__), factory.__annotations__.get("return", ""), None)
        if isinstance(payload, type) and hasattr(payload, "__required_keys__"):  # a TypedDict
            by_type.setdefault(payload, []).append((payload.__module__ != factory.__module__, name))
    return {payload: tuple(name for _, name in sorted(names)) for payload, names in by_type.items()}
