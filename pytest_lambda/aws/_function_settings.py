"""A template function's ``LambdaFunction`` settings, and its properties that are not simulated.

Every property is read after SAM's transform and ``Globals``, with its intrinsic functions
resolved to moto's physical ids (``intrinsics``): the handler and its code folder and layers, the
function's name, timeout, memory, architecture and variables (as strings, as CloudFormation passes
them), its dead-letter queue, ``EventInvokeConfig``, ``LoggingConfig``, ``TracingConfig`` and
reserved concurrency.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytest_lambda.aws._concurrency import reserved_concurrency
from pytest_lambda.aws._not_simulated import NotSimulated
from pytest_lambda.aws.intrinsics import template_error
from pytest_lambda.errors import PytestLambdaWarning
from pytest_lambda.runtime.code_paths import PythonLayerFolder

if TYPE_CHECKING:
    from pytest_lambda.aws.stack import Stack

__all__ = ["RuntimeMismatchWarning", "function_gaps", "settings_of"]

# Lambda function properties this library does not simulate, reported when set.
_FUNCTION_NOT_SIMULATED = {
    "VpcConfig": "no VPC: the function reaches moto like any other code in the test",
    "FileSystemConfigs": "no EFS mount",
    "SnapStart": "no snapshot and restore: every cold start runs the Init phase",
    "KmsKeyArn": "variables are not encrypted",
    "EphemeralStorage": "/tmp is the test machine's",
}
# LoggingConfig (API_LoggingConfig.html) onto LambdaFunction's keywords.
_LOGGING = {"LogFormat": "log_format", "ApplicationLogLevel": "log_level"}
_PYTHON_RUNTIME = re.compile(r"python(\d+)\.(\d+)")


class RuntimeMismatchWarning(PytestLambdaWarning):
    """A function's ``Runtime`` is another Python version than the one running the tests."""


def settings_of(stack: Stack, logical_id: str) -> dict[str, Any]:
    """The ``LambdaFunction`` keywords of the function ``logical_id``, from the template."""
    resources = stack.template["Resources"]
    resource = resources.get(logical_id)
    if resource is None or resource.get("Type") != "AWS::Lambda::Function":
        functions = sorted(name for name, item in resources.items() if item.get("Type") == "AWS::Lambda::Function")
        raise template_error(f"{logical_id!r} is not a Lambda function of {stack.path}; its functions: {functions}")
    where = f"{logical_id}.Properties"
    properties = stack._resolver.resolve(resource.get("Properties") or {}, where)
    if properties.get("PackageType") == "Image" or "Handler" not in properties:
        raise template_error(
            f"{logical_id}: a container image function cannot run in process; only zip packages with a Handler"
        )
    runtime = properties.get("Runtime")
    _check_runtime(logical_id, runtime)
    settings: dict[str, Any] = {
        "handler": properties["Handler"],
        "function_name": stack.physical_id(logical_id),
        "region": stack.region,
        "account_id": stack.account_id,
        "timeout": int(properties.get("Timeout", 3)),
        "memory_size": int(properties.get("MemorySize", 128)),
        "architecture": (properties.get("Architectures") or ["x86_64"])[0],
        "environment": {
            key: _as_variable(value)
            for key, value in ((properties.get("Environment") or {}).get("Variables") or {}).items()
        },
        # No DeadLetterConfig: an event that fails every attempt is dropped, as in Lambda.
        "dead_letter_queue": (properties.get("DeadLetterConfig") or {}).get("TargetArn") or False,
        "code_root": _code_folder(stack, logical_id),
        "clock": stack.clock,
        "layers": _layers(stack, resource.get("Properties", {}).get("Layers") or []),
    }
    logging = properties.get("LoggingConfig") or {}
    settings.update({key: logging[name] for name, key in _LOGGING.items() if name in logging})
    if "Mode" in (properties.get("TracingConfig") or {}):
        settings["tracing"] = properties["TracingConfig"]["Mode"]
    settings.update(_invoke_config(stack, logical_id))
    settings.update(reserved_concurrency(logical_id, properties))
    return settings


def function_gaps(stack: Stack, logical_id: str, properties: Mapping[str, Any]) -> None:
    """The function's settings that are not simulated, in ``not_simulated``."""
    gaps = [
        NotSimulated(logical_id, name, reason) for name, reason in _FUNCTION_NOT_SIMULATED.items() if name in properties
    ]
    logging = properties.get("LoggingConfig") or {}
    gaps += [
        NotSimulated(logical_id, f"LoggingConfig.{name}", "platform lines and the log group are Lambda's defaults")
        for name in ("SystemLogLevel", "LogGroup")
        if name in logging
    ]
    for index, layer in enumerate(properties.get("Layers") or []):
        name = layer.get("Ref") if isinstance(layer, dict) else None
        if not (isinstance(name, str) and stack._code.get(name) is not None):
            reason = "a layer with no local folder: its packages must be installed where the tests run"
            gaps.append(NotSimulated(logical_id, f"Layers[{index}] {name or layer}", reason))
    stack.not_simulated.extend(gaps)


def _check_runtime(logical_id: str, runtime: object) -> None:
    match = _PYTHON_RUNTIME.fullmatch(runtime) if isinstance(runtime, str) else None
    if match is None:
        raise template_error(
            f"{logical_id}: Runtime {runtime!r} is not a Python runtime; only python3.X functions run in process"
        )
    running = (sys.version_info.major, sys.version_info.minor)
    if (int(match.group(1)), int(match.group(2))) != running:
        warnings.warn(
            RuntimeMismatchWarning(
                f"{logical_id} runs on {runtime} in Lambda, here on python{running[0]}.{running[1]}: "
                "what differs between the versions is not what Lambda would do"
            ),
            stacklevel=5,
        )


def _code_folder(stack: Stack, logical_id: str) -> Path | None:
    folder = stack._code.get(logical_id)
    if folder is None and stack.kind != "CloudFormation":
        raise template_error(
            f"{logical_id}: its code is not in a local folder (CodeUri or the CDK asset is an S3 location or "
            "inline code); give a CodeUri folder beside the template"
        )
    return folder


def _layers(stack: Stack, layers: list[Any]) -> list[Path | PythonLayerFolder]:
    # Layers by ARN, or without a folder, are listed in not_simulated at creation.
    names = [layer.get("Ref") if isinstance(layer, dict) else None for layer in layers]
    return [
        PythonLayerFolder(folder) if name in stack._python_layers else folder
        for name in names
        if isinstance(name, str) and (folder := stack._code.get(name)) is not None
    ]


def _invoke_config(stack: Stack, logical_id: str) -> dict[str, Any]:
    """``AWS::Lambda::EventInvokeConfig`` of the function: retries, event age, destinations."""
    for name, resource in stack.template["Resources"].items():
        if resource.get("Type") != "AWS::Lambda::EventInvokeConfig" or not stack._created(name, resource):
            continue
        properties = resource.get("Properties") or {}
        target = properties.get("FunctionName")
        if not (
            target == {"Ref": logical_id} or stack._resolver.resolve(target, name) == stack.physical_id(logical_id)
        ):
            continue
        properties = stack._resolver.resolve(properties, f"{name}.Properties")
        destinations = properties.get("DestinationConfig") or {}
        settings: dict[str, Any] = {
            "on_success": (destinations.get("OnSuccess") or {}).get("Destination"),
            "on_failure": (destinations.get("OnFailure") or {}).get("Destination"),
        }
        if "MaximumRetryAttempts" in properties:
            settings["max_retry_attempts"] = int(properties["MaximumRetryAttempts"])
        if "MaximumEventAgeInSeconds" in properties:
            settings["maximum_event_age"] = int(properties["MaximumEventAgeInSeconds"])
        return settings
    return {}


def _as_variable(value: Any) -> str:
    # CloudFormation passes variable values as strings: true/false for booleans.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
