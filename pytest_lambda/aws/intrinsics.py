"""CloudFormation's intrinsic functions and conditions, resolved against a stack's values.

Each function as intrinsic-function-reference.html and its pages describe it: ``Ref`` (a
parameter, a pseudo parameter or a resource's physical id), ``Fn::GetAtt``, ``Fn::Sub`` (with
``${Name}``, ``${Resource.Attribute}``, ``${!Literal}`` and a variable map), ``Fn::Join``,
``Fn::Select``, ``Fn::Split``, ``Fn::If`` and the condition functions, ``Fn::FindInMap``,
``Fn::ImportValue`` (from the exports the test gives), ``Fn::Base64`` and ``Fn::GetAZs``; a value
``Ref: AWS::NoValue`` removes the property or list item it stands in.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Mapping
from typing import Any

from pytest_lambda.errors import PytestLambdaError, with_docs

__all__ = ["NO_VALUE", "Resolver", "TemplateError", "template_error"]


class TemplateError(PytestLambdaError, ValueError):
    """A template this library cannot use as written: the message names the logical id and the fix."""


class _NoValue:
    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE: Any = _NoValue()
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_CONDITION_FUNCTIONS = ("Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition")


def template_error(message: str) -> TemplateError:
    """A ``TemplateError`` whose message links the README's section on templates."""
    return TemplateError(with_docs(message, "testing-a-sam-or-cdk-application"))


class Resolver:
    """Resolves intrinsic functions in a template's values.

    ``values`` maps parameters and pseudo parameters to their values; ``physical_id(logical)`` and
    ``attribute(logical, name)`` answer ``Ref`` and ``Fn::GetAtt`` for resources; ``imports`` are
    the exports ``Fn::ImportValue`` reads.
    """

    def __init__(
        self,
        template: Mapping[str, Any],
        values: Mapping[str, Any],
        *,
        physical_id: Callable[[str], str],
        attribute: Callable[[str, str], Any],
        imports: Mapping[str, str] | None = None,
    ) -> None:
        self.template = template
        self.values = values
        self.physical_id = physical_id
        self.attribute = attribute
        self.imports = dict(imports or {})
        self._conditions: dict[str, bool] = {}

    def condition(self, name: str) -> bool:
        """Whether the template's condition ``name`` holds."""
        if name not in self._conditions:
            conditions = self.template.get("Conditions") or {}
            if name not in conditions:
                raise template_error(f"condition {name!r} is not in the template's Conditions: {sorted(conditions)}")
            self._conditions[name] = self._truth(conditions[name], f"Conditions.{name}")
        return self._conditions[name]

    def _truth(self, value: Any, where: str) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if not isinstance(value, dict) or len(value) != 1:
            raise template_error(
                f"{where}: {value!r} is not a condition (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition)"
            )
        ((name, args),) = value.items()
        if name == "Condition":
            return self.condition(args)
        if name == "Fn::Equals":
            left, right = (self.resolve(arg, where) for arg in args)
            return str(left) == str(right)
        if name == "Fn::Not":
            return not self._truth(args[0], where)
        if name == "Fn::And":
            return all(self._truth(arg, where) for arg in args)
        if name == "Fn::Or":
            return any(self._truth(arg, where) for arg in args)
        raise template_error(f"{where}: {name} is not a condition function; use one of {list(_CONDITION_FUNCTIONS)}")

    def resolve(self, value: Any, where: str) -> Any:
        """``value`` with every intrinsic function resolved; ``where`` names it in errors."""
        if isinstance(value, list):
            items = [self.resolve(item, where) for item in value]
            return [item for item in items if item is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((name, args),) = value.items()
            if name == "Ref" or name.startswith("Fn::"):
                return self._function(name, args, where)
        resolved = {key: self.resolve(item, f"{where}.{key}") for key, item in value.items()}
        return {key: item for key, item in resolved.items() if item is not NO_VALUE}

    def _function(self, name: str, args: Any, where: str) -> Any:
        handler = _FUNCTIONS.get(name)
        if handler is None:
            raise template_error(
                f"{where}: the intrinsic function {name} is not supported; supported: {sorted(_FUNCTIONS)}"
            )
        try:
            return handler(self, args, where)
        except (TypeError, ValueError, IndexError, KeyError) as exc:
            if isinstance(exc, TemplateError):
                raise
            raise template_error(f"{where}: {name} {args!r} is malformed ({type(exc).__name__}: {exc})") from None

    def ref(self, name: str, where: str) -> Any:
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.values:
            return self.values[name]
        if name in (self.template.get("Resources") or {}):
            return self.physical_id(name)
        raise template_error(f"{where}: Ref {name!r} names no parameter, pseudo parameter or resource of the template")

    def get_att(self, args: Any, where: str) -> Any:
        logical, attribute = args.split(".", 1) if isinstance(args, str) else args
        attribute = self.resolve(attribute, where)
        if logical not in (self.template.get("Resources") or {}):
            raise template_error(f"{where}: Fn::GetAtt names {logical!r}, which is not a resource of the template")
        return self.attribute(logical, attribute)

    def sub(self, args: Any, where: str) -> str:
        text, variables = (args, {}) if isinstance(args, str) else args
        local = {key: self.resolve(item, where) for key, item in variables.items()}

        def replace(match: re.Match[str]) -> str:
            token = match.group(1)
            if token.startswith("!"):
                return "${" + token[1:] + "}"
            if token in local:
                return str(local[token])
            if "." in token and token.split(".", 1)[0] in (self.template.get("Resources") or {}):
                return str(self.get_att(token, where))
            return str(self.ref(token, where))

        return _SUB_VARIABLE.sub(replace, text)

    def find_in_map(self, args: Any, where: str) -> Any:
        name, top, second = (self.resolve(arg, where) for arg in args[:3])
        mappings = self.template.get("Mappings") or {}
        try:
            return mappings[name][top][second]
        except KeyError:
            raise template_error(
                f"{where}: Fn::FindInMap [{name}, {top}, {second}] is not in the template's Mappings"
            ) from None

    def import_value(self, args: Any, where: str) -> str:
        name = self.resolve(args, where)
        if name not in self.imports:
            raise template_error(
                f"{where}: Fn::ImportValue {name!r} is not among the exports given ({sorted(self.imports)}); "
                f"pass it: Stack.from_template(..., imports={{{name!r}: '...'}})"
            )
        return self.imports[name]

    def if_(self, args: Any, where: str) -> Any:
        condition, when_true, when_false = args
        return self.resolve(when_true if self.condition(condition) else when_false, where)


def _join(resolver: Resolver, args: Any, where: str) -> str:
    separator, items = args
    return str(separator).join(str(item) for item in resolver.resolve(items, where))


def _select(resolver: Resolver, args: Any, where: str) -> Any:
    index, items = (resolver.resolve(arg, where) for arg in args)
    return items[int(index)]


def _split(resolver: Resolver, args: Any, where: str) -> list[str]:
    separator, text = (resolver.resolve(arg, where) for arg in args)
    return str(text).split(separator)


def _get_azs(resolver: Resolver, args: Any, where: str) -> list[str]:
    region = resolver.resolve(args, where) or resolver.values["AWS::Region"]
    return [f"{region}{zone}" for zone in "abc"]


_FUNCTIONS: dict[str, Callable[[Resolver, Any, str], Any]] = {
    "Ref": lambda resolver, args, where: resolver.ref(args, where),
    "Fn::GetAtt": Resolver.get_att,
    "Fn::Sub": Resolver.sub,
    "Fn::Join": _join,
    "Fn::Select": _select,
    "Fn::Split": _split,
    "Fn::If": Resolver.if_,
    "Fn::FindInMap": Resolver.find_in_map,
    "Fn::ImportValue": Resolver.import_value,
    "Fn::Base64": lambda resolver, args, where: base64.b64encode(str(resolver.resolve(args, where)).encode()).decode(),
    "Fn::GetAZs": _get_azs,
}
