"""``Stack.from_template``: SAM, CloudFormation and CDK templates deployed to moto, their functions run in process."""

from __future__ import annotations

import ast
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from pytest_lambda.aws import (
    LambdaAWS,
    MotoNotRunningError,
    NotSimulatedError,
    RuntimeMismatchWarning,
    Stack,
    StackResource,
    TemplateError,
    TemplatesNotInstalledError,
    _template_files,
)

from ._templates import TEMPLATES

SAM = TEMPLATES / "sam" / "template.yaml"
CFN = TEMPLATES / "cfn" / "template.yaml"
CDK = TEMPLATES / "cdk" / "cdk.out" / "OrdersStack.template.json"
CDK_FUNCTION = "ReceiptFunction5E6F7A8B"
RUNNING = f"python{sys.version_info.major}.{sys.version_info.minor}"
HERE = {"PythonRuntime": RUNNING}
IMPORTS = {"network-VpcId": "vpc-0abc"}


def test_a_sam_function_runs_with_the_templates_settings(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SAM, parameters=HERE)
    assert (stack.kind, stack.name, stack.region, stack.account_id) == ("SAM", "sam", "us-east-1", "123456789012")
    function = stack.function("OrdersFunction")
    table = stack.physical_id("OrdersTable")
    result = function.invoke({"id": "7"})
    # The code folder, its own helpers module and the layer's package were all found.
    assert result.payload == {"stored": "7", "source": "orders", "greeting": "hello 7 from dev"}
    item = lambda_aws.client("dynamodb").get_item(TableName=table, Key={"id": {"S": "7"}})["Item"]
    assert item["greeting"] == {"S": "hello 7 from dev"}
    assert function.config.function_name == stack.physical_id("OrdersFunction")
    assert (function.config.timeout, function.config.memory_size, function.architecture) == (10, 256, "arm64")
    assert (function.log_format, function.log_level) == ("JSON", "INFO")
    assert '"message": "stored 7"' in result.logs
    assert function.environment == {
        "STAGE": "dev",
        "TABLE_NAME": table,
        "TABLE_ARN": f"arn:aws:dynamodb:us-east-1:123456789012:table/{table}",
        "DLQ_URL": stack.physical_id("OrdersDLQ"),
        "GREETING": "orders-dev-us-east-1-123456789012",
        "LOG_EVERYTHING": "true",
    }
    assert function.dead_letter_queue == _queue_arn(lambda_aws, stack.physical_id("OrdersDLQ"))
    assert (function.max_retry_attempts, function.maximum_event_age) == (1, 600)
    assert function.on_failure == _queue_arn(lambda_aws, stack.physical_id("FailedOrdersQueue"))
    assert function.on_success is None
    assert stack.function("OrdersFunction") is function


def _queue_arn(aws: LambdaAWS, url: str) -> str:
    attributes = aws.client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    return str(attributes["QueueArn"])


def test_a_failing_async_invoke_goes_where_the_template_sends_it(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SAM, parameters=HERE)
    result = stack.function("OrdersFunction").invoke({"fail": True}, invocation_type="Event")
    assert len(result.attempts) == 2  # MaximumRetryAttempts: 1
    sqs = lambda_aws.client("sqs")
    dead = sqs.receive_message(QueueUrl=stack.physical_id("OrdersDLQ"), MessageAttributeNames=["All"])["Messages"]
    assert json.loads(dead[0]["Body"]) == {"fail": True}
    failed = sqs.receive_message(QueueUrl=stack.physical_id("FailedOrdersQueue"))["Messages"]
    assert json.loads(failed[0]["Body"])["requestContext"]["condition"] == "RetriesExhausted"


def test_sam_parameters_conditions_and_outputs(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SAM, parameters={**HERE, "Stage": "prod"}, stack_name="orders-prod")
    function = stack.function("OrdersFunction")
    assert (function.environment["STAGE"], function.environment["LOG_EVERYTHING"]) == ("prod", "false")
    assert stack.outputs == {
        "TableName": stack.physical_id("OrdersTable"),
        "FunctionArn": function.config.function_arn,
        "ProdOnly": "prod",
    }
    assert "ProdOnly" not in Stack.from_template(SAM, parameters=HERE).outputs


def test_two_functions_with_modules_of_the_same_names_keep_their_own(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SAM, parameters=HERE)
    orders, audit = stack.function("OrdersFunction"), stack.function("AuditFunction")
    assert orders.invoke({"id": "1"}).payload["source"] == "orders"
    assert audit.invoke({}).payload == "audit"
    assert orders.invoke({"id": "2"}).payload["source"] == "orders"


def test_what_is_not_simulated_is_listed_and_strict_refuses_it(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SAM, parameters=HERE)
    listed = {(item.logical_id, item.what) for item in stack.not_simulated}
    assert ("ServerlessRestApi", "AWS::ApiGateway::RestApi") in listed
    # ReservedConcurrentExecutions is the function's reserved concurrency, not a gap.
    assert ("AuditFunction", "ReservedConcurrentExecutions") not in listed
    assert (
        stack.function("AuditFunction").reserved_concurrency,
        stack.function("OrdersFunction").reserved_concurrency,
    ) == (
        1,
        None,
    )
    assert any(item.what == "AWS::Lambda::Permission" for item in stack.not_simulated)
    # Tracing: Active is the function's tracing setting, not a gap.
    assert ("AuditFunction", "TracingConfig") not in listed
    assert (stack.function("AuditFunction").tracing, stack.function("OrdersFunction").tracing) == (
        "Active",
        "PassThrough",
    )
    assert stack.resources["ServerlessRestApi"] == StackResource("ServerlessRestApi", "AWS::ApiGateway::RestApi", None)
    assert stack.resources["OrdersTable"].physical_id == stack.physical_id("OrdersTable")
    summary = stack.summary()
    assert "created OrdersTable (AWS::DynamoDB::Table)" in summary
    assert "not simulated: ServerlessRestApi (AWS::ApiGateway::RestApi): " in summary
    with pytest.raises(NotSimulatedError, match="has what is not simulated \\(strict=True\\):\n  "):
        Stack.from_template(SAM, parameters=HERE, stack_name="strict", strict=True)


def test_a_cloudformation_template_with_every_intrinsic(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(CFN, parameters=HERE, imports=IMPORTS)
    assert stack.kind == "CloudFormation"
    worker = stack.function("Worker")
    queue = stack.physical_id("Jobs")
    queue_arn = f"arn:aws:sqs:us-east-1:123456789012:{queue.rsplit('/', 1)[1]}"
    assert worker.invoke({"keys": sorted(worker.environment)}).payload == worker.environment
    assert worker.environment == {
        "QUEUE_URL": queue,
        "QUEUE_NAME": queue.rsplit("/", 1)[1],
        "BUCKET": stack.physical_id("Uploads"),
        "STREAM_ARN": f"arn:aws:kinesis:us-east-1:123456789012:stream/{stack.physical_id('Events')}",
        "SETTING_NAME": stack.physical_id("Setting"),
        "TOPIC": stack.physical_id("Alerts"),
        "BOTH": "yes",
        "EITHER": "yes",
        "FIRST_ZONE": "a",
        "SECOND_PART": "beta",
        "JOINED": "test:us-east-1:cfn",
        "SUBBED": f"test/test/${{Literal}}/{queue_arn}/aws/amazonaws.com",
        "SHARED_VPC": "vpc-0abc",
        "ENCODED": "cGxhaW4=",
        "ZONE_COUNT": "us-east-1c",
        "DEBUG": "true",
        # Not created (listed in not_simulated): a visible placeholder, never a real id.
        "API_ID": "cfn-Api-not-simulated",
    }
    assert (worker.config.memory_size, worker.config.timeout) == (512, 30)
    assert (worker.dead_letter_queue, worker.on_success, worker.max_retry_attempts) == (queue_arn, queue_arn, 0)
    ssm = lambda_aws.client("ssm").get_parameter(Name=stack.physical_id("Setting"))["Parameter"]
    assert ssm["Value"] == "configured"
    assert stack.outputs == {"QueueUrl": queue, "TopicArn": stack.physical_id("Alerts")}
    listed = {(item.logical_id, item.what): item.reason for item in stack.not_simulated}
    assert stack.mappings["Mapping"].function is worker
    assert stack.mappings["Mapping"].batch_size == 5
    assert listed[("Api", "AWS::ApiGatewayV2::Api")].startswith("no API Gateway")
    assert listed[("Users", "AWS::Cognito::UserPool")] == "neither moto's CloudFormation nor this library creates it"
    assert not [what for logical, what in listed if logical == "Uploads"]  # its notification is delivered
    assert not [what for logical, what in listed if logical.startswith("Alerts")]  # its Lambda subscription is wired
    alerts = lambda_aws.client("sns").list_subscriptions_by_topic(TopicArn=stack.physical_id("Alerts"))
    assert [(item["Protocol"], item["Endpoint"]) for item in alerts["Subscriptions"]] == [
        ("lambda", worker.config.function_arn)
    ]
    assert ("Worker", "ReservedConcurrentExecutions") not in listed
    assert worker.reserved_concurrency == 5
    layer = "Layers[0] arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7"
    assert listed[("Worker", layer)].startswith("a layer with no local folder")
    # What moto created references the resources it did not create by placeholders, and the imports' values.
    tags = lambda_aws.client("sqs").list_queue_tags(QueueUrl=queue)["Tags"]
    assert tags == {"vpc": "vpc-0abc"}
    iam = lambda_aws.client("iam")
    policy = iam.get_role_policy(RoleName=stack.physical_id("WorkerRole"), PolicyName="invoke-api")["PolicyDocument"]
    # moto keeps a CloudFormation role policy as Python's repr of the document.
    policy = ast.literal_eval(policy) if isinstance(policy, str) else policy
    assert policy["Statement"][0]["Resource"] == [
        "arn:aws:execute-api:us-east-1:123456789012:cfn-Api-not-simulated/*",
        "cfn-Api-not-simulated/cfn-Api-not-simulated",
        "cfn-Api-not-simulated",
    ]
    assert repr(stack) == f"Stack(name='cfn', kind='CloudFormation', path='{CFN}', region='us-east-1')"


def test_a_false_condition_leaves_its_resource_out(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(CFN, parameters={**HERE, "WithTopic": "no"}, imports=IMPORTS)
    environment = stack.function("Worker").environment
    assert (environment["TOPIC"], environment["MAYBE"], environment["BOTH"], environment["EITHER"]) == (
        "none",
        "set",
        "no",
        "no",
    )
    assert stack.resources["Alerts"].physical_id is None
    assert "TopicArn" not in stack.outputs
    assert lambda_aws.client("sns").list_topics()["Topics"] == []


def test_a_cdk_template_finds_its_assets(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(CDK)
    assert (stack.kind, stack.name) == ("CDK", "OrdersStack")
    with (
        pytest.warns(RuntimeMismatchWarning, match=f"runs on python3.12 in Lambda, here on {RUNNING}")
        if (RUNNING != "python3.12")
        else _no_warning()
    ):
        function = stack.function(CDK_FUNCTION)
    bucket = stack.physical_id("ReceiptsBucket1A2B3C4D")
    assert function.invoke({"say": "paid"}).payload == {"bucket": bucket, "said": "PAID"}
    assert function.config.timeout == 15
    assert stack.outputs == {"BucketName": bucket}
    assert "CDKMetadata" not in {item.logical_id for item in stack.not_simulated}
    assert [item.what for item in stack.not_simulated] == ["AWS::IAM::Policy"]


class _no_warning:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_a_runtime_other_than_the_running_python_warns(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SAM, parameters={"PythonRuntime": "python3.9"})
    with pytest.warns(RuntimeMismatchWarning, match=f"OrdersFunction runs on python3.9 in Lambda, here on {RUNNING}"):
        stack.function("OrdersFunction")


def test_region_and_account_follow_the_mock() -> None:
    with LambdaAWS(region="eu-west-1", account_id="111122223333"):
        stack = Stack.from_template(SAM, parameters=HERE)
        function = stack.function("OrdersFunction")
        assert (stack.region, stack.account_id) == ("eu-west-1", "111122223333")
        assert function.config.function_arn.startswith("arn:aws:lambda:eu-west-1:111122223333:function:sam-Orders")
        assert function.environment["GREETING"] == "orders-dev-eu-west-1-111122223333"


def test_without_moto_it_refuses() -> None:
    with pytest.raises(MotoNotRunningError, match="needs moto's mock running: use the lambda_stack or lambda_aws"):
        Stack.from_template(SAM)


def _copy(tmp_path: Path, source: Path, edit: Any = None) -> Path:
    folder = tmp_path / source.parent.name
    shutil.copytree(source.parent, folder)
    target = folder / source.name
    if edit is not None:
        target.write_text(edit(target.read_text()))
    return target


@pytest.mark.parametrize(
    ("edit", "options", "message"),
    [
        (None, {"parameters": {"Nope": "1"}}, r"parameters \['Nope'\] are not declared in .*; its parameters: "),
        (
            None,
            {"parameters": {"Stage": "qa"}},
            r"parameter Stage='qa' is not one of its AllowedValues \['dev', 'prod'\]",
        ),
        (
            lambda text: text.replace("    Default: dev\n", ""),
            {},
            r"parameter 'Stage' has no Default: pass it, parameters=\{'Stage': \.\.\.\}",
        ),
        (
            lambda text: text.replace("CodeUri: src/orders/", "CodeUri: src/missing/"),
            {},
            "OrdersFunction: its CodeUri 'src/missing/' is not a folder beside the template",
        ),
        (
            lambda text: text.replace("ContentUri: layers/common/", "ContentUri: layers/nothing/"),
            {},
            "CommonLayer: its ContentUri",
        ),
        (
            lambda text: text.replace("Handler: app.handler\n      Architectures", "Architectures"),
            {},
            # Each of the transform's errors is named, not only counted.
            r"the SAM transform refused the template:\n  Resource with id \[OrdersFunction\] is invalid\. .*Handler",
        ),
        (lambda text: "Resources: [", {}, "is not valid YAML"),
        (
            lambda text: "Description: no resources\n",
            {},
            "is not a CloudFormation template: it has no Resources section",
        ),
    ],
)
def test_bad_templates_name_the_problem(
    lambda_aws: LambdaAWS, tmp_path: Path, edit: Any, options: dict[str, Any], message: str
) -> None:
    path = _copy(tmp_path, SAM, edit)
    with pytest.raises(TemplateError, match=message) as raised:
        Stack.from_template(path, **options)
    assert "#testing-a-sam-or-cdk-application" in str(raised.value)


def test_bad_function_lookups_name_the_choices(lambda_aws: LambdaAWS) -> None:
    stack = Stack.from_template(SAM, parameters=HERE)
    with pytest.raises(
        TemplateError,
        match=r"'OrdersTable' is not a Lambda function of .*; its functions: \['AuditFunction', 'OrdersFunction'\]",
    ):
        stack.function("OrdersTable")
    with pytest.raises(
        TemplateError, match=r"'ServerlessRestApi' is not a resource created in moto; .*see stack.not_simulated"
    ):
        stack.physical_id("ServerlessRestApi")
    with pytest.raises(TemplateError, match=r"'Nothing' is not a resource created in moto; created: \["):
        stack.physical_id("Nothing")
    with pytest.raises(
        TemplateError, match=r"Fn::GetAtt OrdersTable.Nope: moto's AWS::DynamoDB::Table has no attribute 'Nope'"
    ):
        stack.resolve({"Fn::GetAtt": ["OrdersTable", "Nope"]})
    # A Ref or GetAtt of what was not created gives a visible placeholder, listed in not_simulated.
    assert (
        stack.resolve({"Fn::GetAtt": ["ServerlessRestApi", "RootResourceId"]}) == "sam-ServerlessRestApi-not-simulated"
    )
    assert stack.resolve({"Ref": "ServerlessRestApi"}) == "sam-ServerlessRestApi-not-simulated"


def test_a_missing_template_file(lambda_aws: LambdaAWS, tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"the template 'nothing.yaml' does not exist"):
        Stack.from_template("nothing.yaml")


def test_an_import_without_its_value(lambda_aws: LambdaAWS) -> None:
    with pytest.raises(
        TemplateError, match=r"Resources.Jobs.Properties.Tags\[0\].Value: Fn::ImportValue 'network-VpcId'"
    ):
        Stack.from_template(CFN, parameters=HERE)


def test_functions_that_cannot_run_in_process(lambda_aws: LambdaAWS, tmp_path: Path) -> None:
    def edit(text: str) -> str:
        return text.replace("Runtime: !Ref PythonRuntime", "Runtime: nodejs22.x").replace(
            "Code: src", "Code: {ZipFile: 'x'}"
        )

    # Its mapping needs the function when the stack is made.
    with pytest.raises(TemplateError, match=r"Worker: Runtime 'nodejs22.x' is not a Python runtime"):
        Stack.from_template(_copy(tmp_path, CFN, edit), parameters=HERE, imports=IMPORTS)


def test_a_sam_function_without_local_code(lambda_aws: LambdaAWS, tmp_path: Path) -> None:
    path = _copy(tmp_path, SAM, lambda text: text.replace("CodeUri: src/audit/", "CodeUri: s3://bucket/audit.zip"))
    stack = Stack.from_template(path, parameters=HERE)
    with pytest.raises(TemplateError, match="AuditFunction: its code is not in a local folder"):
        stack.function("AuditFunction")


def test_translation_is_cached_per_file_version(lambda_aws: LambdaAWS, tmp_path: Path) -> None:
    path = _copy(tmp_path, SAM)
    first = _template_files.parse_template(path, dict(HERE), "us-east-1")
    assert _template_files.parse_template(path, dict(HERE), "us-east-1") is first
    path.write_text(path.read_text() + "\n")
    assert _template_files.parse_template(path, dict(HERE), "us-east-1") is not first


def test_a_container_image_function_cannot_run_here(lambda_aws: LambdaAWS, tmp_path: Path) -> None:
    def edit(text: str) -> str:
        return text.replace("      Handler: worker.handler\n", "      PackageType: Image\n")

    with pytest.raises(TemplateError, match="Worker: a container image function cannot run in process"):
        Stack.from_template(_copy(tmp_path, CFN, edit), parameters=HERE, imports=IMPORTS)


def test_short_forms_and_json_errors(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(
        "AWSTemplateFormatVersion: 2010-09-09\n"
        "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"
        "    Properties:\n      QueueName: !Transform {Name: AWS::Include, Parameters: {}}\n"
        "      Tags: [!GetAtt Other.Arn, !Condition IsProd]\n"
    )
    template = _template_files.read_template(path)
    assert template["AWSTemplateFormatVersion"] == "2010-09-09"
    assert template["Resources"]["Queue"]["Properties"] == {
        "QueueName": {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {}}},
        "Tags": [{"Fn::GetAtt": ["Other", "Arn"]}, {"Condition": "IsProd"}],
    }
    broken = tmp_path / "broken.template.json"
    broken.write_text("{")
    with pytest.raises(TemplateError, match=r"broken.template.json is not valid JSON"):
        _template_files.read_template(broken)


@pytest.mark.parametrize(
    ("module", "needs"), [("yaml", "PyYAML"), ("samtranslator.model.exceptions", "aws-sam-translator")]
)
def test_without_the_templates_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, module: str, needs: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(
        TemplatesNotInstalledError, match=f"needs {needs} .*pip install 'pytest-aws-lambda\\[templates\\]'"
    ):
        _template_files.parse_template(_copy(tmp_path, SAM), {}, "us-east-1")


def test_what_moto_refuses_is_reported_with_the_stack(lambda_aws: LambdaAWS) -> None:
    Stack.from_template(SAM, parameters=HERE)
    with pytest.raises(TemplateError, match=r"could not create the stack 'sam' from .* \(AlreadyExistsException"):
        Stack.from_template(SAM, parameters=HERE)
    assert Stack.from_template(SAM, parameters=HERE, stack_name="second").name == "second"
