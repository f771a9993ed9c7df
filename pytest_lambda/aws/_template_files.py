"""Template files read, recognised (SAM, CloudFormation, CDK) and translated to CloudFormation, once per session.

SAM templates go through AWS's own transform (aws-sam-translator, the ``[templates]`` extra) offline:
the region comes from a stand-in session, managed policy names from the translator's bundled map,
and each local ``CodeUri``/``ContentUri`` is swapped for a placeholder ``s3://`` URI first (the
transform accepts no local paths) and remembered as the function's or layer's code folder. A CDK
``cdk.out/<Stack>.template.json`` names each function's and layer's folder in its resource
``Metadata["aws:asset:path"]`` (cdk's asset metadata, aws-cdk-lib ``cx-api`` ``ASSET_RESOURCE_METADATA_PATH_KEY``).
"""

from __future__ import annotations

import copy
import json
import os
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeGuard

from pytest_lambda.aws._sam_build import function_build, layer_build
from pytest_lambda.aws.intrinsics import template_error
from pytest_lambda.errors import PytestLambdaError, with_docs

__all__ = ["INSTALL_TEMPLATES", "ParsedTemplate", "TemplatesNotInstalledError", "parse_template"]

INSTALL_TEMPLATES = "pip install 'pytest-aws-lambda[templates]'"
SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
ASSET_PATH = "aws:asset:path"
PLACEHOLDER_BUCKET = "pytest-lambda-code"
TemplateKind = Literal["SAM", "CloudFormation", "CDK"]
# The short forms of intrinsic functions (intrinsic-function-reference.html): !Ref and !Condition
# keep their names, every other !Name is Fn::Name; !GetAtt also takes "Resource.Attribute".
_KEEP_NAMES = frozenset({"Ref", "Condition"})


class TemplatesNotInstalledError(PytestLambdaError, ImportError):
    """A SAM template needs aws-sam-translator (and YAML PyYAML): the ``[templates]`` extra."""


@dataclass
class ParsedTemplate:
    """A template as CloudFormation would deploy it, and where its functions' and layers' code is."""

    path: Path
    kind: TemplateKind
    template: dict[str, Any]
    code: dict[str, Path | None] = field(default_factory=dict)  # function or layer logical id -> folder
    # SAM layers built with BuildMethod python3.X: their folder is /opt/python itself (``_sam_build``).
    python_layers: set[str] = field(default_factory=set)
    # What sam build would do that is not simulated: (logical id, what, reason).
    build_notes: list[tuple[str, str, str]] = field(default_factory=list)


def _yaml() -> Any:
    try:
        import yaml
    except ImportError as exc:
        raise TemplatesNotInstalledError(
            with_docs(
                f"reading a YAML template needs PyYAML ({exc}): {INSTALL_TEMPLATES}", "testing-a-sam-or-cdk-application"
            )
        ) from None
    return yaml


def _loader() -> Any:
    """A YAML loader of CloudFormation's short forms: a subclass, so yaml.SafeLoader itself is left as it was."""
    yaml = _yaml()

    class Loader(yaml.SafeLoader):  # type: ignore[misc,name-defined]
        pass

    def construct(loader: Any, suffix: str, node: Any) -> dict[str, Any]:
        name = suffix if suffix in _KEEP_NAMES else f"Fn::{suffix}"
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if name == "Fn::GetAtt":
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {name: value}

    Loader.add_multi_constructor("!", construct)
    # CloudFormation reads 2010-09-09 as a string; so must we (SafeLoader would make it a date).
    Loader.yaml_implicit_resolvers = {
        key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in Loader.yaml_implicit_resolvers.items()
    }
    return Loader


def read_template(path: Path) -> dict[str, Any]:
    text = path.read_text()
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise template_error(f"{path} is not valid JSON: {exc}") from None
    else:
        yaml = _yaml()
        try:
            data = yaml.load(text, Loader=_loader())
        except yaml.YAMLError as exc:
            raise template_error(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        raise template_error(f"{path} is not a CloudFormation template: it has no Resources section")
    return data


def _is_sam(template: dict[str, Any]) -> bool:
    transform = template.get("Transform")
    transforms = transform if isinstance(transform, list) else [transform]
    return SAM_TRANSFORM in transforms


def _local(uri: Any) -> TypeGuard[str]:
    return isinstance(uri, str) and not uri.startswith("s3://")


def _folder(base: Path, uri: str, logical: str, what: str) -> Path:
    folder = (base / uri).resolve()
    if not folder.is_dir():
        raise template_error(f"{logical}: its {what} {uri!r} is not a folder beside the template ({folder})")
    return folder


def _translate_sam(path: Path, template: dict[str, Any], parameters: dict[str, Any], region: str) -> ParsedTemplate:
    try:
        from samtranslator.metrics.metrics import Metrics
        from samtranslator.model.exceptions import ExceptionWithMessage
        from samtranslator.parser.parser import Parser
        from samtranslator.translator.arn_generator import ArnGenerator
        from samtranslator.translator.translator import Translator
    except ImportError as exc:
        raise TemplatesNotInstalledError(
            with_docs(
                f"a SAM template needs aws-sam-translator ({exc}); install it with: {INSTALL_TEMPLATES}",
                "testing-a-sam-or-cdk-application",
            )
        ) from None
    template = copy.deepcopy(template)
    code: dict[str, Path | None] = {}
    python_layers: set[str] = set()
    notes: list[tuple[str, str, str]] = []
    global_code = ((template.get("Globals") or {}).get("Function") or {}).get("CodeUri")
    for logical, resource in template["Resources"].items():
        properties = resource.setdefault("Properties", {}) if isinstance(resource, dict) else {}
        kind = resource.get("Type") if isinstance(resource, dict) else None
        if kind == "AWS::Serverless::Function":
            uri = properties.get("CodeUri", global_code)
            if _local(uri):
                code[logical] = _folder(path.parent, uri, logical, "CodeUri")
                properties["CodeUri"] = f"s3://{PLACEHOLDER_BUCKET}/function/{logical}"
            else:
                code[logical] = None
            if (note := function_build(resource.get("Metadata"))) is not None:
                notes.append((logical, *note))
        elif kind == "AWS::Serverless::LayerVersion" and _local(properties.get("ContentUri")):
            folder = _folder(path.parent, properties["ContentUri"], logical, "ContentUri")
            code[logical], is_python, note = layer_build(logical, folder, resource.get("Metadata"))
            if is_python:
                python_layers.add(logical)
            if note is not None:
                notes.append((logical, *note))
            properties["ContentUri"] = f"s3://{PLACEHOLDER_BUCKET}/layer/{logical}"
    # The translator reads its region from a boto3 session and keeps it in a class attribute.
    saved = ArnGenerator.BOTO_SESSION_REGION_NAME
    # Its metrics go to a publisher that drops them; published, they are not logged as forgotten.
    metrics = Metrics()
    try:
        session = types.SimpleNamespace(region_name=region)
        translator = Translator(None, Parser(), boto_session=session, metrics=metrics)
        translated: dict[str, Any] = translator.translate(
            template, parameter_values=dict(parameters), get_managed_policy_map=dict
        )
    except ExceptionWithMessage as exc:
        # InvalidDocumentException's own message only counts its errors; each cause names one.
        listed = "".join(f"\n  {cause.message}" for cause in getattr(exc, "causes", None) or [exc])
        raise template_error(f"{path}: the SAM transform refused the template:{listed}") from None
    finally:
        ArnGenerator.BOTO_SESSION_REGION_NAME = saved
        metrics.publish()
    # A layer's logical id gets a hash suffix in translation; its placeholder key still names it.
    for logical, resource in translated["Resources"].items():
        if resource.get("Type") == "AWS::Lambda::LayerVersion":
            key = str((resource.get("Properties", {}).get("Content") or {}).get("S3Key", ""))
            if key.startswith("layer/") and key[6:] in code:
                code[logical] = code[key[6:]]
                if key[6:] in python_layers:
                    python_layers.add(logical)
    return ParsedTemplate(path, "SAM", translated, code, python_layers, notes)


def _cdk_or_cloudformation(path: Path, template: dict[str, Any]) -> tuple[TemplateKind, dict[str, Path | None]]:
    code: dict[str, Path | None] = {}
    kind: TemplateKind = "CloudFormation"
    for logical, resource in template["Resources"].items():
        if not isinstance(resource, dict) or resource.get("Type") not in (
            "AWS::Lambda::Function",
            "AWS::Lambda::LayerVersion",
        ):
            continue
        asset = (resource.get("Metadata") or {}).get(ASSET_PATH)
        properties = resource.get("Properties") or {}
        local = properties.get("Code", properties.get("Content"))
        if isinstance(asset, str):
            kind = "CDK"
            code[logical] = _folder(path.parent, asset, logical, f"asset folder (Metadata {ASSET_PATH})")
        elif _local(local):
            # A template before `aws cloudformation package`: Code is the local folder.
            code[logical] = _folder(path.parent, local, logical, "Code folder")
        else:
            code[logical] = None
    return kind, code


_CACHE: dict[tuple[Any, ...], ParsedTemplate] = {}


def parse_template(path: str | os.PathLike[str], parameters: dict[str, Any], region: str) -> ParsedTemplate:
    """The template at ``path`` as CloudFormation deploys it, parsed and translated once per file version."""
    file = Path(path).resolve()
    if not file.is_file():
        raise template_error(f"the template {os.fspath(path)!r} does not exist ({file})")
    stat = file.stat()
    key = (file, stat.st_mtime_ns, stat.st_size, region, json.dumps(parameters, sort_keys=True, default=str))
    parsed = _CACHE.get(key)
    if parsed is None:
        raw = read_template(file)
        if _is_sam(raw):
            parsed = _translate_sam(file, raw, parameters, region)
        else:
            kind, code = _cdk_or_cloudformation(file, raw)
            parsed = ParsedTemplate(file, kind, raw, code)
        _CACHE[key] = parsed
    return parsed
