"""Amazon Bedrock agent events: an action group calling its Lambda function, the group defined by an
OpenAPI schema (an API operation with parameters and a request body) or by function details.

https://docs.aws.amazon.com/bedrock/latest/userguide/agents-lambda.html (the input event of both: the
agent, the operation or function, its parameters, the session attributes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, TypedDict

from pytest_lambda.events._common import Gen, override_error, strings, text
from pytest_lambda.events._registry import EventSource, register

__all__ = [
    "BedrockAgentEvent",
    "BedrockAgentFunctionEvent",
    "BedrockAgentInfo",
    "BedrockAgentProperty",
    "BedrockAgentRequestBody",
    "BedrockAgentRequestMedia",
    "bedrock_agent_event",
    "bedrock_agent_function_event",
    "bedrock_properties",
]


class BedrockAgentInfo(TypedDict):
    name: str
    id: str
    alias: str
    version: str


class BedrockAgentProperty(TypedDict):
    name: str
    type: str  # the OpenAPI type: string, integer, number, boolean, array
    value: str  # always a string, whatever the type


class BedrockAgentRequestMedia(TypedDict):
    properties: list[BedrockAgentProperty]


class BedrockAgentRequestBody(TypedDict):
    content: dict[str, BedrockAgentRequestMedia]  # keyed by media type: application/json


class _BedrockAgentEventBase(TypedDict):
    messageVersion: str
    agent: BedrockAgentInfo
    inputText: str
    sessionId: str
    actionGroup: str
    apiPath: str
    httpMethod: str
    parameters: list[BedrockAgentProperty]
    sessionAttributes: dict[str, str]
    promptSessionAttributes: dict[str, str]


class BedrockAgentEvent(_BedrockAgentEventBase, total=False):
    requestBody: BedrockAgentRequestBody  # only for operations with a request body


METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
SHORTHANDS = (
    "method",
    "path",
    "parameters",
    "body",
    "input_text",
    "action_group",
    "session_attributes",
    "prompt_session_attributes",
)
VARIANTS = {"method": " | ".join(METHODS)}

_ENTITIES = ("order", "claim", "booking", "ticket", "invoice", "shipment")


def _openapi_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, (list, tuple)):
        return "array"
    return "string"


def bedrock_properties(values: Mapping[str, Any]) -> list[BedrockAgentProperty]:
    """Plain values as the agent sends them: each a name, its OpenAPI type and its value as a string."""
    return [
        {
            "name": str(name),
            "type": _openapi_type(value),
            "value": value if isinstance(value, str) else json.dumps(value),
        }
        for name, value in values.items()
    ]


def bedrock_agent_event(gen: Gen, shorthands: dict[str, Any]) -> BedrockAgentEvent:
    """The agent calling one API operation (``method`` ``path``) with ``parameters`` and a JSON ``body``."""
    entity = gen.random.choice(_ENTITIES)
    reference = gen.digits(6)
    default_method = "POST" if "body" in shorthands else "GET"
    method = shorthands.get("method", default_method)
    if method not in METHODS:
        raise override_error(f"method={method!r} is not valid; choose one of: {', '.join(map(repr, METHODS))}")
    body = shorthands.get("body")
    if body is not None and not isinstance(body, Mapping):
        raise override_error(f"body must be a dict of the request body's properties, got {body!r}")
    if body is not None and method in ("GET", "DELETE"):
        raise override_error(f"a {method} operation has no request body; use parameters=, or method='POST'")
    if "path" in shorthands:
        path = shorthands["path"]
        if not isinstance(path, str) or not path.startswith("/"):
            raise override_error(f"path must be the OpenAPI path, starting with '/', got {path!r}")
        parameters: Mapping[str, Any] = {}
        input_text = f"Please call {path} for me"
    elif method in ("GET", "DELETE", "PUT", "PATCH"):
        # apiPath is the path as the OpenAPI schema defines it, template and all.
        path = f"/{entity}s/{{{entity}Id}}"
        parameters = {f"{entity}Id": reference}
        input_text = {
            "GET": f"What is the status of my {entity} {reference}?",
            "DELETE": f"Please cancel {entity} {reference}",
        }.get(method, f"Update {entity} {reference}")
    else:
        path = f"/{entity}s"
        parameters = {}
        input_text = f"I want to open a new {entity}"
    if "parameters" in shorthands:
        parameters = shorthands["parameters"]
        if not isinstance(parameters, Mapping):
            raise override_error(f"parameters must be a dict of parameter names to values, got {parameters!r}")
    if body is None and method in ("POST", "PUT", "PATCH"):
        body = {"customerEmail": gen.pick("email"), "quantity": gen.integer(1, 5), "notes": gen.pick("sentence")}
    input_text = shorthands.get("input_text", input_text)
    if not isinstance(input_text, str):
        raise override_error(f"input_text must be a str (what the user said), got {input_text!r}")
    action_group = shorthands.get("action_group", f"{entity.title()}ManagementActionGroup")
    event: BedrockAgentEvent = {
        "messageVersion": "1.0",
        # The console's test alias (TSTALIASID) runs the working draft.
        "agent": {"name": f"{entity}-assistant", "id": gen.alnum(10), "alias": "TSTALIASID", "version": "DRAFT"},
        "inputText": input_text,
        "sessionId": gen.digits(15),
        "actionGroup": str(action_group),
        "apiPath": path,
        "httpMethod": method,
        "parameters": bedrock_properties(parameters),
        "sessionAttributes": strings(shorthands, "session_attributes"),
        "promptSessionAttributes": strings(shorthands, "prompt_session_attributes"),
    }
    if body is not None:
        event["requestBody"] = {"content": {"application/json": {"properties": bedrock_properties(body)}}}
    return event


register(
    EventSource(
        "bedrock_agent",
        "An Amazon Bedrock agent's action group (OpenAPI schema) calling the function",
        bedrock_agent_event,  # type: ignore[arg-type]
        SHORTHANDS,
        docs="https://docs.aws.amazon.com/bedrock/latest/userguide/agents-lambda.html",
        variants=VARIANTS,
    )
)


# -- bedrock_agent_function: an action group defined by function details --------------------------------


class BedrockAgentFunctionEvent(TypedDict):
    messageVersion: str
    agent: BedrockAgentInfo
    inputText: str
    sessionId: str
    actionGroup: str
    function: str
    parameters: list[BedrockAgentProperty]
    sessionAttributes: dict[str, str]
    promptSessionAttributes: dict[str, str]


_FUNCTION_ENTITIES = ("order", "invoice", "booking", "shipment", "ticket", "device")
FUNCTION_SHORTHANDS = (
    "function",
    "parameters",
    "input_text",
    "action_group",
    "session_attributes",
    "prompt_session_attributes",
)
# Function names: letters, digits, '_' and '-', up to 64 (the agent's FunctionSchema).
_FUNCTION_NAME = re.compile(r"[0-9a-zA-Z][_0-9a-zA-Z-]{0,63}")


def bedrock_agent_function_event(gen: Gen, shorthands: dict[str, Any]) -> BedrockAgentFunctionEvent:
    """The agent calling one function of an action group with ``parameters`` (plain values)."""
    entity = gen.random.choice(_FUNCTION_ENTITIES)
    reference = gen.digits(6)
    function = text(shorthands, "function", f"get{entity.title()}Status")
    if not _FUNCTION_NAME.fullmatch(function):
        raise override_error(f"function must be a function name (letters, digits, '_', '-'), got {function!r}")
    parameters: Any = shorthands.get("parameters", {f"{entity}Id": reference} if "function" not in shorthands else {})
    if not isinstance(parameters, Mapping):
        raise override_error(f"parameters must be a dict of parameter names to values, got {parameters!r}")
    default_text = (
        f"What is the status of {entity} {reference}?" if "function" not in shorthands else f"Please run {function}"
    )
    input_text = text(shorthands, "input_text", default_text)
    action_group = text(shorthands, "action_group", f"{entity.title()}ActionGroup")
    return {
        "messageVersion": "1.0",
        # The console's test alias (TSTALIASID) runs the working draft.
        "agent": {"name": f"{entity}-assistant", "id": gen.alnum(10), "alias": "TSTALIASID", "version": "DRAFT"},
        "inputText": input_text,
        "sessionId": gen.digits(15),
        "actionGroup": action_group,
        "function": function,
        "parameters": bedrock_properties(parameters),
        "sessionAttributes": strings(shorthands, "session_attributes"),
        "promptSessionAttributes": strings(shorthands, "prompt_session_attributes"),
    }


register(
    EventSource(
        "bedrock_agent_function",
        "An Amazon Bedrock agent's action group (function details) calling the function",
        bedrock_agent_function_event,  # type: ignore[arg-type]
        FUNCTION_SHORTHANDS,
        docs="https://docs.aws.amazon.com/bedrock/latest/userguide/agents-lambda.html",
    )
)
