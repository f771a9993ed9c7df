"""What an EventBridge rule's or Scheduler schedule's target sends a function: its input forms.

A rule target (API_Target.html of EventBridge) sends the event itself, or its ``Input`` (a JSON
text), or the part of the event its ``InputPath`` names, or what its ``InputTransformer`` makes:
each ``InputPathsMap`` variable is the value its JSON path names in the event, and the
``InputTemplate`` is filled in (eb-transform-target-input.html): a ``<variable>`` inside a JSON
string is replaced by the value as text, without escaping ("EventBridge doesn't escape values"),
an object or array with its quotes removed; one outside quotes by the value as JSON; a variable
whose path names nothing is not created, and its placeholder is left out. The reserved
variables are ``aws.events.rule-arn``, ``aws.events.rule-name``, ``aws.events.event.ingestion-time``,
``aws.events.event`` (the event without ``detail``) and ``aws.events.event.json`` (all of it).
A Lambda target's payload must be JSON (API_Invoke.html: ``Payload`` "The JSON that you want to
provide"), so a template that renders anything else is a ``TemplateError``; quote a text template.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from pytest_lambda.aws.intrinsics import template_error

__all__ = ["json_path", "render_template", "rule_input", "scheduler_input"]

_MISSING = object()
_PATH_STEP = re.compile(r"\.([A-Za-z0-9_\-/]+)|\[(\d+)\]")
_PLACEHOLDER = re.compile(r"<([A-Za-z0-9_.\-]+)>")


def json_path(event: Any, path: str, where: str) -> Any:
    """The value ``path`` (``$``, ``$.detail.state``, ``$.resources[0]``) names in ``event``, or ``_MISSING``.

    Dot notation and array indices, the syntax eb-transform-target-input.html lists (its ``*``
    wildcard is not simulated: a ``TemplateError``).
    """
    if not path.startswith("$"):
        raise template_error(f"{where}: {path!r} is not a JSON path: $.detail.state")
    value = event
    position = 1
    while position < len(path):
        step = _PATH_STEP.match(path, position)
        if step is None:
            raise template_error(
                f"{where}: {path!r}: only dot notation and [index] steps are simulated ($.detail.items[0])"
            )
        key, index = step.group(1), step.group(2)
        if key is not None:
            value = value.get(key, _MISSING) if isinstance(value, dict) else _MISSING
        else:
            value = value[int(index)] if isinstance(value, list) and int(index) < len(value) else _MISSING
        if value is _MISSING:
            return _MISSING
        position = step.end()
    return value


def render_template(template: str, variables: Mapping[str, Any]) -> str:
    """``template`` with each known ``<variable>`` filled in: as text inside a JSON string, as JSON outside."""
    out: list[str] = []
    quoted = False
    position = 0
    while position < len(template):
        char = template[position]
        placeholder = _PLACEHOLDER.match(template, position) if char == "<" else None
        if placeholder is not None and placeholder.group(1) in variables:
            value = variables[placeholder.group(1)]
            if value is not _MISSING:
                out.append(_as_text(value) if quoted else json.dumps(value))
            position = placeholder.end()
            continue
        if char == "\\" and quoted:
            out.append(template[position : position + 2])
            position += 2
            continue
        if char == '"':
            quoted = not quoted
        out.append(char)
        position += 1
    return "".join(out)


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        return json.dumps(value).replace('"', "")  # "EventBridge removes any internal quotes"
    return json.dumps(value)


def _payload(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise template_error(
            f"{where}: the target's input {text!r} is not JSON, and a Lambda function's payload must be "
            '(API_Invoke.html); put a text template in quotes: "<state> now"'
        ) from None


def rule_input(target: Mapping[str, Any], event: dict[str, Any], *, rule_arn: str, rule_name: str, where: str) -> Any:
    """The payload a rule's ``target`` sends its function for ``event``."""
    if "Input" in target:
        return _payload(str(target["Input"]), f"{where}.Input")
    if "InputPath" in target:
        found = json_path(event, str(target["InputPath"]), f"{where}.InputPath")
        return None if found is _MISSING else found  # AWS does not say what a path that names nothing sends
    transformer = target.get("InputTransformer")
    if transformer is None:
        return event
    variables: dict[str, Any] = {
        "aws.events.rule-arn": rule_arn,
        "aws.events.rule-name": rule_name,
        "aws.events.event.ingestion-time": event["time"],
        "aws.events.event": {key: value for key, value in event.items() if key != "detail"},
        "aws.events.event.json": event,
    }
    for name, path in (transformer.get("InputPathsMap") or {}).items():
        if name.startswith("aws."):
            raise template_error(
                f"{where}.InputTransformer.InputPathsMap: {name!r}: names starting with aws. are reserved"
            )
        variables[name] = json_path(event, str(path), f"{where}.InputTransformer.InputPathsMap.{name}")
    template = str(transformer.get("InputTemplate", ""))
    return _payload(render_template(template, variables), f"{where}.InputTransformer.InputTemplate")


def scheduler_input(text: str | None, attributes: Mapping[str, str], default: Any, where: str) -> Any:
    """A Scheduler target's payload: its ``Input`` with the ``<aws.scheduler.*>`` context attributes filled in.

    managing-schedule-context-attributes.html: EventBridge Scheduler replaces each keyword with its
    value when the schedule invokes the target. Without ``Input`` it sends ``default``.
    """
    if text is None:
        return default
    filled = _PLACEHOLDER.sub(lambda match: attributes.get(match.group(1), match.group(0)), text)
    return _payload(filled, f"{where}.Input")
