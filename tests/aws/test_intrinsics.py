"""CloudFormation's intrinsic functions and conditions, resolved without moto: each function, each error."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_lambda.aws.intrinsics import NO_VALUE, Resolver, TemplateError

TEMPLATE: dict[str, Any] = {
    "Resources": {"Queue": {"Type": "AWS::SQS::Queue"}, "Table": {"Type": "AWS::DynamoDB::Table"}},
    "Mappings": {"Sizes": {"test": {"Memory": 512}}},
    "Conditions": {
        "IsTest": {"Fn::Equals": [{"Ref": "Env"}, "test"]},
        "IsProd": {"Fn::Not": [{"Condition": "IsTest"}]},
        "Both": {"Fn::And": [{"Condition": "IsTest"}, "true"]},
        "Either": {"Fn::Or": [{"Condition": "IsProd"}, False]},
        "Broken": {"Fn::Length": [1]},
        "NotACondition": ["a"],
    },
}


def resolver(**imports: str) -> Resolver:
    values = {"Env": "test", "AWS::Region": "eu-west-1", "List": ["a", "b"]}
    return Resolver(
        TEMPLATE,
        values,
        physical_id=lambda logical: f"{logical}-physical",
        attribute=lambda logical, name: f"{logical}.{name}-value",
        imports=imports,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"Ref": "Env"}, "test"),
        ({"Ref": "Queue"}, "Queue-physical"),
        ({"Fn::GetAtt": ["Queue", "Arn"]}, "Queue.Arn-value"),
        ({"Fn::GetAtt": "Table.StreamArn"}, "Table.StreamArn-value"),
        ({"Fn::GetAtt": ["Queue", {"Ref": "Env"}]}, "Queue.test-value"),
        (
            {"Fn::Sub": "${Env}-${AWS::Region}-${Queue}-${Queue.Arn}-${!Kept}"},
            "test-eu-west-1-Queue-physical-Queue.Arn-value-${Kept}",
        ),
        ({"Fn::Sub": ["${Name}/${Env}", {"Name": {"Ref": "Queue"}}]}, "Queue-physical/test"),
        ({"Fn::Join": ["-", ["a", {"Ref": "Env"}, 3]]}, "a-test-3"),
        ({"Fn::Join": [",", {"Ref": "List"}]}, "a,b"),
        ({"Fn::Select": ["1", {"Ref": "List"}]}, "b"),
        ({"Fn::Select": [0, {"Fn::Split": ["|", "x|y"]}]}, "x"),
        ({"Fn::If": ["IsTest", "yes", "no"]}, "yes"),
        ({"Fn::If": ["IsProd", "yes", {"Ref": "Env"}]}, "test"),
        ({"Fn::If": ["Both", 1, 2]}, 1),
        ({"Fn::If": ["Either", 1, 2]}, 2),
        ({"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Memory"]}, 512),
        ({"Fn::ImportValue": "network-Vpc"}, "vpc-1"),
        ({"Fn::ImportValue": {"Fn::Sub": "network-${!Vpc}"}}, "${Vpc}-is-not-imported"),
        ({"Fn::Base64": "plain"}, "cGxhaW4="),
        ({"Fn::GetAZs": ""}, ["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
        ({"Fn::GetAZs": "us-east-2"}, ["us-east-2a", "us-east-2b", "us-east-2c"]),
        ({"A": {"Ref": "Env"}, "B": {"Ref": "AWS::NoValue"}}, {"A": "test"}),
        ([{"Ref": "Env"}, {"Fn::If": ["IsProd", "x", {"Ref": "AWS::NoValue"}]}], ["test"]),
        ({"Ref": "AWS::NoValue"}, NO_VALUE),
        (7, 7),
    ],
)
def test_each_intrinsic_function_resolves(value: Any, expected: Any) -> None:
    imports = {"network-Vpc": "vpc-1", "network-${Vpc}": "${Vpc}-is-not-imported"}
    assert resolver(**imports).resolve(value, "Where") == expected


def test_conditions_are_worked_out_once() -> None:
    subject = resolver()
    assert subject.condition("IsTest") is True
    subject.values = {}  # a second look reads the cached truth, not the values
    assert subject.condition("IsTest") is True


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"Ref": "Nothing"}, "Where: Ref 'Nothing' names no parameter, pseudo parameter or resource"),
        ({"Fn::GetAtt": ["Nothing", "Arn"]}, "Fn::GetAtt names 'Nothing', which is not a resource"),
        ({"Fn::Sub": "${Nothing}"}, "Ref 'Nothing' names no parameter"),
        ({"Fn::FindInMap": ["Sizes", "prod", "Memory"]}, r"Fn::FindInMap \[Sizes, prod, Memory\] is not in"),
        (
            {"Fn::ImportValue": "other-Export"},
            r"Fn::ImportValue 'other-Export' is not among the exports given \(\[\]\)",
        ),
        ({"Fn::If": ["Missing", 1, 2]}, "condition 'Missing' is not in the template's Conditions"),
        ({"Fn::If": ["Broken", 1, 2]}, "Conditions.Broken: Fn::Length is not a condition function"),
        ({"Fn::If": ["NotACondition", 1, 2]}, r"Conditions.NotACondition: \['a'\] is not a condition"),
        ({"Fn::Transform": {}}, "the intrinsic function Fn::Transform is not supported; supported: "),
        ({"Fn::Select": [5, ["a"]]}, r"Where: Fn::Select \[5, \['a'\]\] is malformed \(IndexError"),
        ({"Fn::Join": ["-"]}, "Fn::Join .* is malformed"),
    ],
)
def test_bad_intrinsics_name_the_place_and_the_fix(value: Any, message: str) -> None:
    with pytest.raises(TemplateError, match=message) as raised:
        resolver().resolve(value, "Where")
    assert "#testing-a-sam-or-cdk-application" in str(raised.value)


def test_no_value_reads_as_its_name() -> None:
    assert repr(NO_VALUE) == "AWS::NoValue"
