"""A SAM, CloudFormation or CDK template deployed to the running moto mock, its functions run in process.

``Stack.from_template`` reads and translates the template (``_template_files``), creates the
resources moto can create with moto's own CloudFormation ``create_stack`` (functions with a
placeholder package: their code runs here, not in moto), and builds each function's
``LambdaFunction`` from its properties with every intrinsic function resolved (``intrinsics``)
to moto's physical ids and attributes. What neither moto nor this library simulates is listed in
``stack.not_simulated`` (``strict=True`` refuses it), never dropped silently.
"""

from __future__ import annotations

import copy
import json
import os
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from pytest_lambda.aws._api_gateway import http as _http
from pytest_lambda.aws._api_gateway import wire_routes
from pytest_lambda.aws._api_routes import (
    Route,
)
from pytest_lambda.aws._authorizers import Gate
from pytest_lambda.aws._event_bus import EventLoopError
from pytest_lambda.aws._function_settings import RuntimeMismatchWarning, function_gaps, settings_of
from pytest_lambda.aws._function_urls import FunctionUrl, wire_urls
from pytest_lambda.aws._moto import MOTO_DEFAULT_ACCOUNT
from pytest_lambda.aws._not_simulated import NotSimulated
from pytest_lambda.aws._notify import NotificationLoopError, StoppedLoop, Wiring, flush
from pytest_lambda.aws._s3_wiring import S3Target, target_of
from pytest_lambda.aws._scheduled import Firing
from pytest_lambda.aws._template_files import ParsedTemplate, TemplateKind, parse_template
from pytest_lambda.aws._wiring import MappingSpec, build, source_names, spec_of
from pytest_lambda.aws.delivery import moto_active
from pytest_lambda.aws.intrinsics import Resolver, TemplateError, template_error
from pytest_lambda.clock import VirtualClock
from pytest_lambda.context import check_region_and_account
from pytest_lambda.errors import PytestLambdaError, with_docs

if TYPE_CHECKING:
    from pytest_lambda.aws._event_bus import EventBus
    from pytest_lambda.aws._recursion import Lineage
    from pytest_lambda.aws._scheduled import ScheduledTarget
    from pytest_lambda.aws._wiring import Poller
    from pytest_lambda.runtime import LambdaFunction

__all__ = [
    "DrainError",
    "EventLoopError",
    "Firing",
    "MotoNotRunningError",
    "NotSimulated",
    "NotSimulatedError",
    "NotificationLoopError",
    "RuntimeMismatchWarning",
    "Stack",
    "StackResource",
    "StoppedLoop",
    "TemplateError",
]

_ANCHOR: Final = "testing-a-sam-or-cdk-application"
# Resources moto's CloudFormation creates and that behave in moto as they do in AWS for a test.
_MOTO_TYPES = frozenset(
    {
        "AWS::DynamoDB::Table",
        "AWS::IAM::Role",
        "AWS::Kinesis::Stream",
        "AWS::Lambda::Function",
        "AWS::S3::Bucket",
        "AWS::SNS::Topic",
        "AWS::SQS::Queue",
        "AWS::SSM::Parameter",
    }
)
# Resources whose settings this library applies to the function they name instead of creating them.
_APPLIED_TYPES = frozenset(
    {
        "AWS::Lambda::EventInvokeConfig",
        "AWS::Lambda::LayerVersion",
        "AWS::Lambda::EventSourceMapping",
        "AWS::Lambda::Url",
        "AWS::Events::Rule",
        "AWS::Events::EventBus",
        "AWS::Scheduler::Schedule",
        "AWS::Scheduler::ScheduleGroup",
        "AWS::SNS::Subscription",
    }
)
# What stack.advance fires.
_SCHEDULED_TYPES = frozenset({"AWS::Events::Rule", "AWS::Scheduler::Schedule"})
# A REST API as CloudFormation resources: its Lambda proxy methods are stack.http()'s routes.
_REST_RESOURCES = frozenset(
    f"AWS::ApiGateway::{name}" for name in ("RestApi", "Resource", "Method", "Authorizer", "Deployment", "Stage")
)
_HTTP_RESOURCES = frozenset(f"AWS::ApiGatewayV2::{name}" for name in ("Route", "Integration", "Authorizer"))
# CDK's own bookkeeping, not part of the application.
_SKIPPED_TYPES = frozenset({"AWS::CDK::Metadata"})
# Properties of a bucket or topic that would make moto invoke a function itself (in Docker).
_FUNCTION_KEPT = ("FunctionName", "Handler", "Role", "Timeout", "MemorySize")
# Mapping properties the pollers do not simulate, and what that means.
_MAPPING_NOT_SIMULATED = {
    "DestinationConfig": "an SQS mapping has no destination: failed messages follow the queue's redrive policy",
}
_STACK_NAME = re.compile(r"[^A-Za-z0-9-]+")


class MotoNotRunningError(PytestLambdaError, RuntimeError):
    """``Stack.from_template`` was called with no moto mock running."""


class NotSimulatedError(PytestLambdaError, RuntimeError):
    """``strict=True`` and the template has resources or settings this library does not simulate."""


class DrainError(PytestLambdaError, RuntimeError):
    """``stack.drain()`` did not come to rest: a message or loop that keeps invoking functions."""


@dataclass(frozen=True)
class StackResource:
    """One resource of the deployed template: ``physical_id`` is moto's, ``None`` if it was not created."""

    logical_id: str
    type: str
    physical_id: str | None


def _default_stack_name(path: Path) -> str:
    stem = path.name.split(".")[0]
    if stem == "template":
        stem = path.parent.name
    name = _STACK_NAME.sub("-", stem).strip("-") or "stack"
    return name if name[0].isalpha() else f"stack-{name}"


def _replace_missing(value: Any, missing: frozenset[str], stack_name: str) -> Any:
    """``value`` with Ref/GetAtt/Sub naming a resource moto does not create replaced by a placeholder."""
    if isinstance(value, list):
        return [_replace_missing(item, missing, stack_name) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        ((key, item),) = value.items()
        if key == "Ref" and item in missing:
            return _placeholder(stack_name, item)
        if key == "Fn::GetAtt":
            logical = item.split(".")[0] if isinstance(item, str) else item[0]
            if logical in missing:
                return _placeholder(stack_name, logical)
        if key == "Fn::Sub":
            text, variables = (item, {}) if isinstance(item, str) else item

            def swap(match: re.Match[str]) -> str:
                logical = match.group(1).split(".")[0]
                return _placeholder(stack_name, logical) if logical in missing else match.group(0)

            text = re.sub(r"\$\{([^!}][^}]*)\}", swap, text)
            return {"Fn::Sub": [text, _replace_missing(variables, missing, stack_name)]}
    return {key: _replace_missing(item, missing, stack_name) for key, item in value.items()}


def _placeholder(stack_name: str, logical: str) -> str:
    # What a Ref or GetAtt of a resource that was not created gives: visible, and never a real name.
    return f"{stack_name}-{logical}-not-simulated"


class Stack:
    """A template's resources in moto and its functions as ``LambdaFunction``s: build it with ``from_template``."""

    def __init__(
        self,
        parsed: ParsedTemplate,
        *,
        name: str,
        region: str,
        account_id: str,
        parameters: Mapping[str, Any],
        imports: Mapping[str, str],
    ) -> None:
        self.path = parsed.path
        self.kind: TemplateKind = parsed.kind
        self.name = name
        self.region = region
        self.account_id = account_id
        self.template = parsed.template
        self._code = parsed.code
        self._python_layers = parsed.python_layers
        self.not_simulated: list[NotSimulated] = [NotSimulated(*note) for note in parsed.build_notes]
        self._physical: dict[str, str] = {}
        self._moto_resources: dict[str, Any] = {}
        self._functions: dict[str, LambdaFunction] = {}
        self._mapping_specs: dict[str, MappingSpec] = {}
        self._pollers: dict[str, Poller] = {}
        self._lineage: Lineage | None = None
        self._schedules: list[ScheduledTarget] = []
        self._bus: EventBus | None = None
        self._notifications: dict[str, dict[str, Any]] = {}
        self._topic_subscriptions: dict[str, list[Any]] = {}
        # The buckets' notifications and the Lambda subscriptions, delivered at write time (_notify).
        self._wiring = Wiring(self.function, self._terminates, account_id, region)
        self._routes: list[Route] = []
        self._urls: dict[str, FunctionUrl] = {}
        self._gate: Gate | None = None
        self._requests = 0
        # One clock for the stack: its schedules, its functions' retries and its mappings' waits.
        self.clock = VirtualClock()
        self._created_ms = self._fired_ms = self.clock.now_ms()
        self.stack_id = f"arn:aws:cloudformation:{region}:{account_id}:stack/{name}/pending"
        values = self._parameter_values(parameters)
        self._resolver = Resolver(
            self.template, values, physical_id=self._ref, attribute=self._attribute, imports=imports
        )

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def from_template(
        cls,
        path: str | os.PathLike[str],
        *,
        parameters: Mapping[str, Any] | None = None,
        region: str | None = None,
        account_id: str | None = None,
        stack_name: str | None = None,
        imports: Mapping[str, str] | None = None,
        strict: bool = False,
    ) -> Stack:
        """Deploy the template at ``path`` to the running moto mock.

        ``parameters`` are the template's parameter values (its defaults fill the rest), ``imports``
        the exports ``Fn::ImportValue`` reads. ``region`` and ``account_id`` default to the mock's
        (``AWS_DEFAULT_REGION`` and ``MOTO_ACCOUNT_ID``, as ``lambda_aws`` sets them). ``strict``:
        refuse a template with resources or function settings that are not simulated.
        """
        if not moto_active():
            raise MotoNotRunningError(
                with_docs(
                    "Stack.from_template needs moto's mock running: use the lambda_stack or lambda_aws fixture, "
                    "or call it inside `with pytest_lambda.aws.mocked_aws():` (or moto's mock_aws)",
                    _ANCHOR,
                )
            )
        region = region or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
        account_id = account_id or os.environ.get("MOTO_ACCOUNT_ID") or MOTO_DEFAULT_ACCOUNT
        check_region_and_account(region, account_id)
        given = dict(parameters or {})
        parsed = parse_template(path, given, region)
        name = stack_name or _default_stack_name(parsed.path)
        stack = cls(parsed, name=name, region=region, account_id=account_id, parameters=given, imports=imports or {})
        stack._deploy(given)
        stack._pollers = {
            logical: build(spec, stack.function(spec.function)) for logical, spec in stack._mapping_specs.items()
        }
        stack._follow_lineage()
        if strict and stack.not_simulated:
            listed = "\n".join(f"  {item}" for item in stack.not_simulated)
            raise NotSimulatedError(
                with_docs(f"the template {parsed.path} has what is not simulated (strict=True):\n{listed}", _ANCHOR)
            )
        return stack

    def _follow_lineage(self) -> None:
        """Stop recursive loops through the SQS mappings as Lambda does (``_recursion``)."""
        from pytest_lambda.aws._recursion import Lineage, watch_sqs
        from pytest_lambda.aws.sqs import SQSEventSourceMapping

        queues = [poller for poller in self._pollers.values() if isinstance(poller, SQSEventSourceMapping)]
        if not queues:
            return
        watch_sqs()
        allow = [
            self.function(spec.function) for spec in self._mapping_specs.values() if not self._terminates(spec.function)
        ]
        self._lineage = Lineage(allow)
        for poller in queues:
            poller.lineage = self._lineage

    def _terminates(self, logical_id: str) -> bool:
        return self._recursive_loop(logical_id) == "Terminate"

    def _recursive_loop(self, logical_id: str) -> str:
        """The function's ``RecursiveLoop`` (AWS::Lambda::Function; SAM passes it through): Terminate by default."""
        properties = self.template["Resources"][logical_id].get("Properties") or {}
        value = self._resolver.resolve(properties.get("RecursiveLoop", "Terminate"), f"{logical_id}.RecursiveLoop")
        if value not in ("Allow", "Terminate"):
            raise template_error(f"{logical_id}: RecursiveLoop {value!r} is not one of ['Allow', 'Terminate']")
        return str(value)

    def _parameter_values(self, given: Mapping[str, Any]) -> dict[str, Any]:
        declared = self.template.get("Parameters") or {}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise template_error(
                f"parameters {unknown} are not declared in {self.path}; its parameters: {sorted(declared)}"
            )
        values: dict[str, Any] = {
            "AWS::Region": self.region,
            "AWS::AccountId": self.account_id,
            "AWS::Partition": "aws",
            "AWS::StackName": self.name,
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::NotificationARNs": [],
        }
        for name, spec in declared.items():
            if name in given:
                value = given[name]
            elif "Default" in spec:
                value = spec["Default"]
            else:
                raise template_error(f"parameter {name!r} has no Default: pass it, parameters={{{name!r}: ...}}")
            allowed = spec.get("AllowedValues")
            if allowed is not None and str(value) not in [str(item) for item in allowed]:
                raise template_error(f"parameter {name}={value!r} is not one of its AllowedValues {allowed}")
            kind = str(spec.get("Type", "String"))
            if (kind == "CommaDelimitedList" or kind.startswith("List<")) and isinstance(value, str):
                value = [item.strip() for item in value.split(",")]
            values[name] = value
        return values

    def _created(self, logical: str, resource: Mapping[str, Any]) -> bool:
        condition = resource.get("Condition")
        return condition is None or self._resolver.condition(condition)

    def _deploy(self, given: Mapping[str, Any]) -> None:
        from pytest_lambda.aws.delivery import _client

        resources: dict[str, Any] = {}
        missing: set[str] = set()
        for logical, resource in self.template["Resources"].items():
            kind = resource.get("Type", "")
            if not self._created(logical, resource):
                missing.add(logical)
            elif kind in _MOTO_TYPES:
                resources[logical] = self._for_moto(logical, resource)
                if kind == "AWS::Lambda::Function":
                    function_gaps(self, logical, resource.get("Properties") or {})
            else:
                missing.add(logical)
                if kind not in _APPLIED_TYPES | _SKIPPED_TYPES:
                    self.not_simulated.append(NotSimulated(logical, kind, self._why_not(kind, resource)))
        frozen = frozenset(missing)
        for logical, resource in resources.items():
            depends = resource.get("DependsOn")
            if depends is not None:
                kept = [name for name in ([depends] if isinstance(depends, str) else depends) if name not in frozen]
                resource["DependsOn"] = kept
            resources[logical] = _replace_missing(resource, frozen, self.name)
        body: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
        for section in ("Mappings", "Conditions"):
            if section in self.template:
                body[section] = _replace_missing(self.template[section], frozen, self.name)
        # Parameters are given resolved: SSM-typed ones would make moto read SSM, imports its exports.
        values = self._resolver.values
        declared = self.template.get("Parameters") or {}
        body["Parameters"] = {name: {"Type": "String"} for name in declared}
        body = self._without_imports(body)
        client = _client("cloudformation", self.region, self.account_id)
        parameters = [
            {"ParameterKey": name, "ParameterValue": _parameter_text(value)}
            for name, value in values.items()
            if name in declared
        ]
        try:
            created = client.create_stack(
                StackName=self.name,
                TemplateBody=json.dumps(body),
                Parameters=parameters,
                Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
            )
        except Exception as exc:
            raise template_error(
                f"moto's CloudFormation could not create the stack {self.name!r} from {self.path} "
                f"({type(exc).__name__}: {exc}); for a second stack of one template, pass stack_name="
            ) from exc
        self.stack_id = str(created["StackId"])
        for item in client.describe_stack_resources(StackName=self.name)["StackResources"]:
            self._physical[item["LogicalResourceId"]] = item["PhysicalResourceId"]
        self._moto_resources = self._moto_resource_map()
        self._mapping_specs = self._wire_mappings()
        self._schedules = self._wire_schedules()
        self._wire_notifications()
        self._wire_topics()
        self._routes = wire_routes(self)
        self._urls = wire_urls(self)
        self._gate = Gate(self)
        self._created_ms = self._fired_ms = self.clock.now_ms()

    # stack.http(method, path, ...): a request through the template's API (_api_gateway).
    http = _http

    def url(
        self,
        method: str,
        path: str = "/",
        *,
        function: str | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, str] | None = None,
        cookies: list[str] | None = None,
        signed: bool = True,
        caller: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """``method`` ``path`` sent to the function URL of ``function`` (a logical id; needed if several): the response.

        ``signed=False`` sends an unsigned request (an ``AWS_IAM`` URL refuses it), ``caller`` the
        signer's ``requestContext.authorizer.iam`` fields (moto's caller identity by default).
        """
        from pytest_lambda.aws._function_urls import request

        urls = self._urls if function is None else {k: v for k, v in self._urls.items() if k == function}
        if len(urls) != 1:
            raise template_error(
                f"stack.url(): {'pass function=, one of' if not function else f'{function!r} has no URL;'} the "
                f"functions with a URL: {sorted(self._urls)}"
            )
        shorthands = {
            k: v for k, v in (("body", body), ("headers", headers), ("query", query), ("cookies", cookies)) if v
        }
        (url,) = urls.values()
        return request(self, url, method.upper(), path, shorthands, signed=signed, caller=caller)

    def _wire_notifications(self) -> None:
        """The buckets' Lambda notifications to the template's functions; the other kinds in ``not_simulated``."""
        from pytest_lambda.aws._s3_wiring import apply_versioning

        apply_versioning(self)
        for logical, raw in self._notifications.items():
            resolved = self._resolver.resolve(raw, f"{logical}.Properties.NotificationConfiguration")
            for kind in sorted(set(resolved) - {"LambdaConfigurations"}):
                reason = "only Lambda notifications are delivered"
                self.not_simulated.append(NotSimulated(logical, f"NotificationConfiguration.{kind}", reason))
            targets: list[S3Target] = []
            pairs = zip(resolved.get("LambdaConfigurations") or [], raw.get("LambdaConfigurations") or [], strict=True)
            for index, (configuration, raw_configuration) in enumerate(pairs):
                function = self._function_named(raw_configuration.get("Function"), configuration.get("Function"))
                if function is None:
                    what = f"NotificationConfiguration.LambdaConfigurations[{index}]"
                    self.not_simulated.append(
                        NotSimulated(logical, what, "its function is not a function of the template")
                    )
                else:
                    targets.append(target_of(configuration, function))
            if targets:
                self._wiring.watch_bucket(logical, self._physical[logical], targets)

    def _wire_topics(self) -> None:
        """The template's SNS subscriptions in moto, the Lambda ones to its functions (``_sns_wiring``)."""
        from pytest_lambda.aws._sns_wiring import subscribe

        subscribe(self, self._topic_subscriptions, self._wiring)

    def _wire_schedules(self) -> list[ScheduledTarget]:
        """The template's scheduled rules and Scheduler schedules that invoke its functions (``_scheduled``)."""
        from pytest_lambda.aws._event_bus import EventBus, PatternTarget, create_buses, pattern_targets
        from pytest_lambda.aws._scheduled import scheduled_rule_targets, scheduler_targets

        create_buses(self)
        scheduled: list[ScheduledTarget] = []
        patterns: list[PatternTarget] = []
        for logical, resource in self.template["Resources"].items():
            if resource.get("Type") != "AWS::Events::Rule" or not self._created(logical, resource):
                continue
            raw = resource.get("Properties") or {}
            properties = self._resolver.resolve(raw, f"{logical}.Properties")
            name = str(properties.get("Name") or f"{self.name}-{logical}"[:64])
            self._physical[logical] = name
            if "ScheduleExpression" in properties:
                scheduled += scheduled_rule_targets(self, logical, raw, properties, name)
            else:
                patterns += pattern_targets(self, logical, raw, properties, name)
        self._bus = EventBus(self, patterns) if patterns else None
        return scheduled + scheduler_targets(self)

    def _wire_mappings(self) -> dict[str, MappingSpec]:
        """The template's event source mappings this library polls; the others in ``not_simulated``."""
        specs: dict[str, MappingSpec] = {}
        resources = self.template["Resources"]
        for logical, resource in resources.items():
            if resource.get("Type") != "AWS::Lambda::EventSourceMapping" or not self._created(logical, resource):
                continue
            raw = resource.get("Properties") or {}
            properties = self._resolver.resolve(raw, f"{logical}.Properties")
            if properties.get("Enabled") is False:
                continue  # a disabled mapping polls nothing, here as in Lambda
            function = self._function_named(raw.get("FunctionName"), properties.get("FunctionName"))
            spec = None if function is None else spec_of(logical, properties, function)
            if spec is None:
                reason = (
                    f"a source this library does not poll (it polls {', '.join(source_names())})"
                    if function is not None
                    else "its function is not a function of the template"
                )
                self.not_simulated.append(NotSimulated(logical, "AWS::Lambda::EventSourceMapping", reason))
                continue
            for name in spec.not_simulated:
                reason = _MAPPING_NOT_SIMULATED.get(name, "not simulated by the poller")
                self.not_simulated.append(NotSimulated(logical, name, reason))
            specs[logical] = spec
        return specs

    def _function_named(self, raw: Any, resolved: Any) -> str | None:
        """The logical id of the template's function that ``FunctionName`` (a Ref, name or ARN) names."""
        resources = self.template["Resources"]
        if isinstance(raw, dict) and resources.get(raw.get("Ref"), {}).get("Type") == "AWS::Lambda::Function":
            return str(raw["Ref"])
        for logical, physical in self._physical.items():
            is_function = resources[logical].get("Type") == "AWS::Lambda::Function"
            if is_function and resolved in (
                physical,
                f"arn:aws:lambda:{self.region}:{self.account_id}:function:{physical}",
            ):
                return logical
        return None

    def _without_imports(self, body: dict[str, Any]) -> dict[str, Any]:
        """Fn::ImportValue resolved from ``imports``: moto would look for another stack's exports."""

        def walk(value: Any, where: str) -> Any:
            if isinstance(value, list):
                return [walk(item, f"{where}[{index}]") for index, item in enumerate(value)]
            if isinstance(value, dict):
                if set(value) == {"Fn::ImportValue"}:
                    return self._resolver.resolve(value, where)
                return {key: walk(item, f"{where}.{key}" if where else key) for key, item in value.items()}
            return value

        result: dict[str, Any] = walk(body, "")
        return result

    def _for_moto(self, logical: str, original: Mapping[str, Any]) -> dict[str, Any]:
        resource: dict[str, Any] = copy.deepcopy(dict(original))
        resource.pop("Metadata", None)
        properties = resource.get("Properties") or {}
        kind = resource["Type"]
        notifications = properties.pop("NotificationConfiguration", None) if kind == "AWS::S3::Bucket" else None
        if notifications is not None:
            # Lambda notifications are the stack's (_notify, at write time); moto would run the function in Docker.
            self._notifications[logical] = dict(original["Properties"]["NotificationConfiguration"])
        if kind == "AWS::SNS::Topic" and "Subscription" in properties:
            # Subscribed by the stack (_sns_wiring): moto would invoke a function in Docker.
            properties.pop("Subscription")
            self._topic_subscriptions[logical] = list(original["Properties"]["Subscription"])
        if kind == "AWS::SSM::Parameter" and "Name" not in properties:
            # moto's create_stack needs the name CloudFormation would generate (CFN-<logical id>-<random>).
            properties["Name"] = f"CFN-{logical}-{uuid.uuid4().hex[:12].upper()}"
        if kind == "AWS::Lambda::Function":
            # The code runs in process; moto keeps a stub so ARNs, names and get_function work.
            kept = {key: properties[key] for key in _FUNCTION_KEPT if key in properties}
            runtime = properties.get("Runtime")
            kept["Runtime"] = runtime if isinstance(runtime, str) else "python3.12"
            kept["Code"] = {"ZipFile": "def handler(event, context):\n    return None\n"}
            kept.setdefault("Handler", "index.handler")
            properties = kept
        resource["Properties"] = properties
        return resource

    @staticmethod
    def _why_not(kind: str, resource: Mapping[str, Any]) -> str:
        if kind in ("AWS::Lambda::Permission", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::SQS::QueuePolicy"):
            return "IAM permissions are not enforced"
        if kind in ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api") and "Body" in (
            resource.get("Properties") or {}
        ):
            return "not in moto: stack.http() answers its proxy routes, authorizers included (no models, no throttling)"
        if kind in _REST_RESOURCES:
            return "not in moto: stack.http() answers the REST API's Lambda proxy methods and runs their authorizers"
        if kind in _HTTP_RESOURCES:
            return "not in moto: stack.http() answers the HTTP API's Lambda proxy routes and runs their authorizers"
        if kind.startswith(("AWS::ApiGateway", "AWS::ApiGatewayV2")):
            return "no API Gateway: invoke the function with an apigateway event (make_event)"
        return "neither moto's CloudFormation nor this library creates it"

    def _moto_resource_map(self) -> dict[str, Any]:
        from moto.cloudformation.models import cloudformation_backends

        backend = cloudformation_backends[self.account_id][self.region]
        return dict(backend.stacks[self.stack_id].resource_map._parsed_resources)

    # -- values -------------------------------------------------------------------------------

    def _ref(self, logical: str) -> str:
        if logical in self._physical:
            return self._physical[logical]
        resource = self.template["Resources"][logical]
        if resource.get("Type") == "AWS::Lambda::LayerVersion":
            return f"arn:aws:lambda:{self.region}:{self.account_id}:layer:{self.name}-{logical}:1"
        return _placeholder(self.name, logical)

    def _attribute(self, logical: str, attribute: str) -> Any:
        url = next((url for url in self._urls.values() if url.logical_id == logical), None)
        if url is not None and attribute == "FunctionUrl":
            return f"https://{url.domain(self.region)}/"
        resource = self._moto_resources.get(logical)
        if resource is None or not hasattr(resource, "get_cfn_attribute"):
            return _placeholder(self.name, logical)
        try:
            return resource.get_cfn_attribute(attribute)
        except Exception:
            kind = self.template["Resources"][logical].get("Type")
            raise template_error(
                f"Fn::GetAtt {logical}.{attribute}: moto's {kind} has no attribute {attribute!r}"
            ) from None

    def resolve(self, value: Any) -> Any:
        """``value`` (a template fragment) with its intrinsic functions resolved in this stack."""
        return self._resolver.resolve(value, "value")

    def physical_id(self, logical_id: str) -> str:
        """The physical id moto gave the resource ``logical_id`` (its ``Ref``: a name, URL or ARN)."""
        if logical_id not in self._physical:
            raise template_error(
                f"{logical_id!r} is not a resource created in moto; created: {sorted(self._physical)}"
                + ("" if logical_id not in self.template["Resources"] else " (see stack.not_simulated)")
            )
        return self._physical[logical_id]

    @property
    def resources(self) -> Mapping[str, StackResource]:
        """Every resource of the deployed template by logical id (``physical_id`` ``None``: not created)."""
        return MappingProxyType(
            {
                logical: StackResource(logical, resource.get("Type", ""), self._physical.get(logical))
                for logical, resource in self.template["Resources"].items()
            }
        )

    @property
    def outputs(self) -> dict[str, Any]:
        """The template's ``Outputs``, resolved (those whose condition is false left out)."""
        outputs = self.template.get("Outputs") or {}
        return {
            name: self._resolver.resolve(output.get("Value"), f"Outputs.{name}")
            for name, output in outputs.items()
            if self._created(name, output)
        }

    def summary(self) -> str:
        """What was created in moto, and what is not simulated."""
        lines = [f"stack {self.name} ({self.kind}, {self.path}) in {self.region}, account {self.account_id}:"]
        lines += [
            # Rules and schedules are the stack's own (stack.advance, put_events), not moto's.
            f"  {self._verb(logical, item.type)} {logical} ({item.type}): {item.physical_id}"
            for logical, item in self.resources.items()
            if item.physical_id
        ]
        lines += [f"  not simulated: {item}" for item in self.not_simulated]
        return "\n".join(lines)

    def _verb(self, logical: str, kind: str) -> str:
        if kind not in _SCHEDULED_TYPES:
            return "created"
        return (
            "routed" if "EventPattern" in (self.template["Resources"][logical].get("Properties") or {}) else "scheduled"
        )

    # -- functions ----------------------------------------------------------------------------

    def function(self, logical_id: str) -> LambdaFunction:
        """The function ``logical_id`` as a ``LambdaFunction`` configured as the template says.

        The same object each time (the one the mappings invoke): change its settings as attributes.
        """
        function = self._functions.get(logical_id)
        if function is None:
            from pytest_lambda.runtime import LambdaFunction

            function = LambdaFunction(**self.function_settings(logical_id))
            self._functions[logical_id] = function
        return function

    def function_settings(self, logical_id: str) -> dict[str, Any]:
        """The ``LambdaFunction`` keywords of the function ``logical_id``, from the template."""
        return settings_of(self, logical_id)

    # -- wiring -------------------------------------------------------------------------------

    def advance(self, *, seconds: float = 0, minutes: float = 0, hours: float = 0, days: float = 0) -> list[Firing]:
        """Let time pass on the stack's clock, firing its rules and schedules on the way; what fired, in order.

        EventBridge and EventBridge Scheduler invoke a function asynchronously (retries and dead
        letters as the function's settings say) with the scheduled event or the target's input.
        """
        from pytest_lambda.aws._scheduled import retire

        until = self.clock.now_ms() + round((seconds + 60 * minutes + 3600 * hours + 86400 * days) * 1000)
        due = sorted(
            (at, order, target)
            for order, target in enumerate(self._schedules)
            for at in target.times(self._created_ms, self._fired_ms, until)
        )
        fired: list[Firing] = []
        for at, _, target in due:
            self.clock.advance(max(at - self.clock.now_ms(), 0) / 1000)
            event = target.payload(at)
            result = self.function(target.function).invoke(event, invocation_type="Event")
            fired.append(Firing(target.rule, target.function, at, event, result))
        self.clock.advance(max(until - self.clock.now_ms(), 0) / 1000)
        if self._bus is not None:
            self._bus.raise_stopped()  # an event loop a function started (_event_bus)
        self._fired_ms = max(until, self._fired_ms)
        self._schedules = retire(self._schedules, until)
        return fired

    @property
    def deliveries(self) -> list[Firing]:
        """What the template's event-pattern rules invoked, in order, for the events put on moto's buses."""
        return [] if self._bus is None else list(self._bus.delivered)

    @property
    def mappings(self) -> Mapping[str, Poller]:
        """The template's SQS, Kinesis and DynamoDB Streams mappings as pollers, by logical id.

        Made with the stack (a ``LATEST`` stream position is the stack's creation), each around
        ``stack.function(...)`` of its function.
        """
        return MappingProxyType(self._pollers)

    def drain(self, *, max_rounds: int = 100, max_batches: int = 1000) -> dict[str, list[Any]]:
        """Drain every mapping, in rounds until one invokes nothing; what each mapping and notification invoked.

        Returns, by logical id, each mapping's batches and, for each notifying bucket and Lambda
        subscription, the ``InvokeResult``s it delivered since the last ``drain()`` (S3 and SNS
        invoke at the write or publish itself). A function that writes to a mapped queue or stream
        feeds the next round. Each poller drains at most ``max_batches`` batches a round (a message
        that always fails and has no redrive policy comes back for ever, as in SQS); that, or
        ``max_rounds`` busy rounds, is an error. A recursive loop through SQS, S3 and SNS is
        stopped at the 17th invocation of its chain, as Lambda stops it.
        """
        flush()
        batches: dict[str, list[Any]] = {logical: [] for logical in [*self._wiring.delivered, *self.mappings]}
        for _ in range(max_rounds):
            invoked = False
            for logical, poller in self.mappings.items():
                drained = poller.drain(max_batches=max_batches)
                batches[logical] += list(drained)
                invoked = invoked or len(drained) > 0
                if drained.exhausted:
                    raise DrainError(
                        with_docs(
                            f"stack.drain(): mapping {logical} still had work after {max_batches} batches: a message "
                            "that always fails comes back until the queue's RedrivePolicy moves it (as in SQS), "
                            "and a function that writes to its own stream (or SQS queue, with RecursiveLoop: "
                            "Allow) feeds it for ever",
                            _ANCHOR,
                        )
                    )
            for logical, results in self._wiring.take_delivered().items():
                batches[logical] += results
            if not invoked:
                return batches
        raise DrainError(
            with_docs(f"stack.drain(): the mappings still invoked functions after {max_rounds} rounds", _ANCHOR)
        )

    @property
    def stopped_loops(self) -> list[StoppedLoop]:
        """The invocations recursive loop detection stopped: S3 and SNS deliveries, then SQS messages, each in order."""
        stopped = list(self._wiring.stopped)
        if self._lineage is not None:
            names = {id(poller): logical for logical, poller in self._pollers.items()}
            stopped += [
                StoppedLoop(self._mapping_specs[names[id(poller)]].function, names[id(poller)], record)
                for poller, record in self._lineage.stopped
            ]
        return stopped

    def __repr__(self) -> str:
        return f"Stack(name={self.name!r}, kind={self.kind!r}, path='{self.path}', region={self.region!r})"


def _parameter_text(value: Any) -> str:
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)
