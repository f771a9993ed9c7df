"""What a valid event is, independently of the factories: aws-lambda-powertools' parser models, and
the derived fields recomputed from the fields they derive from."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from typing import Any

from aws_lambda_powertools.shared.dynamodb_deserializer import TypeDeserializer
from aws_lambda_powertools.utilities.parser import models

from tests.events.test_identity_edge import COGNITO, validate_cognito

MODELS: dict[str, Any] = {
    "alb": models.AlbModel,
    "apigateway_authorizer_request": models.ApiGatewayAuthorizerRequest,
    "apigateway_authorizer_token": models.ApiGatewayAuthorizerToken,
    "apigateway_http": models.APIGatewayProxyEventV2Model,
    "apigateway_rest": models.APIGatewayProxyEventModel,
    "appsync": models.AppSyncResolverEventModel,
    "appsync_events": models.AppSyncEventsModel,
    "bedrock_agent": models.BedrockAgentEventModel,
    "bedrock_agent_function": models.BedrockAgentFunctionEventModel,
    "cloudwatch_logs": models.CloudWatchLogsModel,
    "dynamodb": models.DynamoDBStreamModel,
    "dynamodb_window": models.DynamoDBStreamModel,
    "eventbridge": models.EventBridgeModel,
    "firehose": models.KinesisFirehoseModel,
    "firehose_sqs": models.KinesisFirehoseSqsModel,
    "function_url": models.LambdaFunctionUrlModel,
    "kafka": models.KafkaSelfManagedEventModel,
    "kinesis": models.KinesisDataStreamModel,
    "kinesis_window": models.KinesisDataStreamModel,
    "msk": models.KafkaMskEventModel,
    "s3": models.S3Model,
    "s3_batch": models.S3BatchOperationModel,
    "s3_eventbridge": models.S3EventNotificationEventBridgeModel,
    "s3_sqs": models.S3SqsEventNotificationModel,
    "schedule": models.EventBridgeModel,
    "ses": models.SesModel,
    "sns": models.SnsModel,
    "sns_sqs": models.SqsModel,
    "sqs": models.SqsModel,
    "vpc_lattice": models.VpcLatticeModel,
    "vpc_lattice_v2": models.VpcLatticeV2Model,
}
_WEBSOCKET = {
    "CONNECT": models.APIGatewayWebSocketConnectEventModel,
    "DISCONNECT": models.APIGatewayWebSocketDisconnectEventModel,
    "MESSAGE": models.APIGatewayWebSocketMessageEventModel,
}
_CLOUDFORMATION = {
    "Create": models.CloudFormationCustomResourceCreateModel,
    "Update": models.CloudFormationCustomResourceUpdateModel,
    "Delete": models.CloudFormationCustomResourceDeleteModel,
}


def has_model(source: str) -> bool:
    return source in MODELS or source in COGNITO or source in ("apigateway_websocket", "appsync_batch")


def check(source: str, event: Any) -> None:
    """Fail unless ``event`` is a valid ``source`` event whose derived fields agree."""
    assert json.loads(json.dumps(event)) == event
    # Some models' validators write into the dict they are given: they get a copy.
    candidate = _as_the_model_reads_it(source, copy.deepcopy(event))
    if candidate is None:
        pass  # a shape the powertools model does not cover: the derived checks below still apply
    elif source in MODELS:
        MODELS[source].model_validate(candidate)
    elif source in COGNITO:
        validate_cognito(source, candidate)
    elif source == "apigateway_websocket":
        _WEBSOCKET[event["requestContext"]["eventType"]].model_validate(candidate)
    elif source == "cloudformation_custom_resource":
        _CLOUDFORMATION[event["RequestType"]].model_validate(candidate)
    elif source == "appsync_batch":
        for item in candidate:
            models.AppSyncResolverEventModel.model_validate(item)
    _check_derived(source, event)


def _as_the_model_reads_it(source: str, event: Any) -> Any:
    """The event in the form powertools' model accepts (as the event tests do), or None if it has none."""
    if source == "alb" and "headers" not in event:
        return None  # the multi-value form: AlbModel knows only single-value headers
    if source == "appsync_events" and event["identity"] is not None and "handlerContext" in event["identity"]:
        return None  # AWS_LAMBDA authorization: the model's identity union lacks it
    if source == "vpc_lattice_v2":
        # V2 carries header and query values as lists; the model expects them joined.
        event["headers"] = {k: ",".join(v) for k, v in event["headers"].items()}
        event["queryStringParameters"] = {k: ",".join(v) for k, v in event["queryStringParameters"].items()}
    if source in ("kafka", "msk"):
        for records in event["records"].values():
            for record in records:
                # The model decodes values as UTF-8 text; Kafka values are any bytes, base64 in the event.
                try:
                    base64.b64decode(record["value"], validate=True).decode()
                except UnicodeDecodeError:
                    record["value"] = ""
    return event


def _check_derived(source: str, event: Any) -> None:
    if source == "sqs":
        for record in event["Records"]:
            assert record["md5OfBody"] == hashlib.md5(record["body"].encode()).hexdigest()
    elif source in ("kinesis", "kinesis_window"):
        for record in event["Records"]:
            base64.b64decode(record["kinesis"]["data"], validate=True)
    elif source in ("dynamodb", "dynamodb_window"):
        deserializer = TypeDeserializer()
        for record in event["Records"]:
            change = record["dynamodb"]
            for part in ("Keys", "NewImage", "OldImage"):
                for value in change.get(part, {}).values():
                    deserializer.deserialize(value)
            # An image holds the item's key attributes.
            for part in ("NewImage", "OldImage"):
                if part in change:
                    assert change["Keys"].items() <= change[part].items()
    elif source in ("apigateway_rest", "alb") and event.get("multiValueHeaders") and "headers" in event:
        for name, values in event["multiValueHeaders"].items():
            assert event["headers"][name] == values[-1]
    if source in ("apigateway_rest", "apigateway_http", "function_url", "alb") and event.get("isBase64Encoded"):
        base64.b64decode(event["body"], validate=True)
