"""Named presets for the ``sam local generate-event`` kinds that an existing source already builds.

``make_event("s3:delete")`` is ``make_event("s3", event_name="ObjectRemoved:Delete")``: each preset names
a source and the overrides (shorthands) that give the scenario of SAM's template
(samcli/lib/generated_sample_events/events/<service>/<template>.json, listed in event-mapping.json), with
SAM's user-facing defaults (method, path, stage, message type...) and this package's realistic values
for the rest. The caller's own keywords win over a preset's.

https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-cli-command-reference-sam-local-generate-event.html
"""

from __future__ import annotations

from typing import Any

# The sources must be registered before their presets: some sort after this module.
from pytest_lambda.events import (  # noqa: F401
    alb,
    apigateway,
    appsync,
    cloudformation,
    codecommit,
    codepipeline,
    config,
    connect,
    s3,
    ses,
    sns,
    sqs,
)
from pytest_lambda.events._registry import register_preset

__all__ = ["SAM_PRESETS"]

# SAM's default request for the HTTP kinds: POST {"test": "body"} to /path/to/resource. SAM base64-encodes
# the body; API Gateway and ALB only do that for binary media, so here it is JSON text.
_SAM_BODY = {"test": "body"}
_SAM_PATH = "/path/to/resource"

# name -> (source, description, overrides)
SAM_PRESETS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "alb:request": (
        "alb",
        "An ALB forwarding a POST with a JSON body to a Lambda target (SAM's ALBRequest)",
        {"method": "POST", "path": _SAM_PATH, "query": {"query": "1234ABCD"}, "body": _SAM_BODY},
    ),
    "apigateway:authorizer": (
        "apigateway_authorizer_token",
        "A REST API TOKEN authorizer for a POST on the prod stage (SAM's ApiGatewayAuthorizer)",
        {"method": "POST", "stage": "prod"},
    ),
    "apigateway:request-authorizer": (
        "apigateway_authorizer_request",
        "A REST API REQUEST authorizer for GET /request on the test stage (SAM's ApiGatewayRestRequestAuthorizer)",
        {
            "method": "GET",
            "path": "/request",
            "stage": "test",
            "headers": {"HeaderAuth1": "headerValue1"},
            "query": {"QueryString1": "queryValue1"},
            "stage_variables": {"StageVar1": "stageValue1"},
        },
    ),
    "apigateway:aws-proxy": (
        "apigateway_rest",
        "A REST API proxy integration: POST on the greedy /{proxy+} resource, prod stage (SAM's AwsProxy)",
        {
            "method": "POST",
            "path": "/{proxy+}",
            "path_parameters": {"proxy": _SAM_PATH.lstrip("/")},
            "query": {"foo": "bar"},
            "body": _SAM_BODY,
            "stage": "prod",
            "stage_variables": {"baz": "qux"},
        },
    ),
    "apigateway:http-api-proxy": (
        "apigateway_http",
        "An HTTP API (payload 2.0) POST on the $default stage, repeated query parameter (SAM's HttpApi)",
        {
            "method": "POST",
            "path": _SAM_PATH,
            "query": {"parameter1": ["value1", "value2"], "parameter2": "value"},
            "body": _SAM_BODY,
            "stage": "$default",
            "stage_variables": {"stageVariable1": "value1", "stageVariable2": "value2"},
        },
    ),
    "appsync:resolver": (
        "appsync",
        "An AppSync direct Lambda resolver for a mutation by a Cognito user (SAM's AppSyncDirectResolver)",
        {"auth": "AMAZON_COGNITO_USER_POOLS", "type_name": "Mutation"},
    ),
    "cloudformation:create-request": (
        "cloudformation_custom_resource",
        "A CloudFormation custom resource Create request (SAM's CfnCreateRequest)",
        {"request_type": "Create"},
    ),
    "codecommit:repository": (
        "codecommit",
        "A CodeCommit repository trigger's test event with custom data (SAM's CodeCommit)",
        {"event_name": "TriggerEventTest", "custom_data": "this is custom data"},
    ),
    "codepipeline:job": (
        "codepipeline",
        "A CodePipeline job for a Lambda invoke action (SAM's CodePipeline)",
        {},
    ),
    "config:item-change-notification": (
        "config",
        "An AWS Config rule evaluating a configuration item change (SAM's ConfigurationItemChangeNotification)",
        {"message_type": "ConfigurationItemChangeNotification"},
    ),
    "config:oversized-item-change-notification": (
        "config",
        "An AWS Config rule evaluating an oversized configuration item change "
        "(SAM's OversizedConfigurationItemChangeNotification)",
        {"message_type": "OversizedConfigurationItemChangeNotification"},
    ),
    "config:periodic-rule": (
        "config",
        "An AWS Config periodic rule's scheduled evaluation (SAM's PeriodicRule)",
        {"message_type": "ScheduledNotification"},
    ),
    "connect:contact-flow-event": (
        "connect",
        "An Amazon Connect flow's Lambda block for an API-started voice contact with live media streaming, "
        "not yet queued (SAM's ConnectContactFlowEvent)",
        {"channel": "VOICE", "initiation_method": "API", "media_streaming": True, "queue": None},
    ),
    "s3:batch-invocation": (
        "s3_batch",
        "An S3 Batch Operations task, invocation schema 1.0 (SAM's S3BatchInvocation)",
        {"schema_version": "1.0"},
    ),
    "s3:delete": (
        "s3",
        "An S3 notification of a deleted object (SAM's S3Delete)",
        {"event_name": "ObjectRemoved:Delete"},
    ),
    "s3:put": (
        "s3",
        "An S3 notification of a new object (SAM's S3Put)",
        {"event_name": "ObjectCreated:Put"},
    ),
    "ses:email-receiving": (
        "ses",
        "An SES receipt rule's Lambda action (Event invocation) for a mail that passed every check "
        "(SAM's SesEmailReceiving)",
        {"invocation_type": "Event", "verdict": "PASS"},
    ),
    "sns:notification": (
        "sns",
        "An SNS notification with a subject and a String and a Binary message attribute (SAM's Sns)",
        {"subject": "example subject", "message_attributes": {"Test": "TestString", "TestBinary": b"TestBinary"}},
    ),
    "sqs:receive-message": (
        "sqs",
        "One message from a standard SQS queue (SAM's Sqs)",
        {},
    ),
}

for _name, (_source, _description, _overrides) in SAM_PRESETS.items():
    register_preset(_name, _source, _description, **_overrides)
