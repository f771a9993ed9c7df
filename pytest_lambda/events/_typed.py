"""Typed signatures of ``make_event``: one overload per payload type. Generated: do not edit.

Made by ``python tests/test_typed_events.py`` from each source factory's return annotation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, overload

from pytest_lambda.events._build import build

if TYPE_CHECKING:
    from pytest_lambda.events import (
        alb,
        alexa,
        apigateway,
        appsync,
        batch,
        bedrock_agent,
        clientvpn,
        cloudformation,
        cloudfront,
        cloudwatch,
        cloudwatch_logs,
        codecommit,
        codedeploy,
        codepipeline,
        cognito,
        config,
        connect,
        documentdb,
        dynamodb,
        eventbridge,
        firehose,
        function_url,
        iot,
        kafka,
        kinesis,
        kinesis_analytics,
        lex,
        mq,
        s3,
        sagemaker_ground_truth,
        secretsmanager,
        ses,
        sns,
        sqs,
        stepfunctions,
        transfer_family,
        vpc_lattice,
        workmail,
    )


@overload
def make_event(
    source: Literal["alb", "alb:request"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> alb.ALBEvent: ...


@overload
def make_event(
    source: Literal[
        "alexa-skills-kit:end-session",
        "alexa-skills-kit:intent-answer",
        "alexa-skills-kit:intent-getnewfact",
        "alexa-skills-kit:intent-mycoloris",
        "alexa-skills-kit:intent-recipe",
        "alexa-skills-kit:start-session",
        "alexa_skills_kit",
    ],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> alexa.AlexaSkillsKitEvent: ...


@overload
def make_event(
    source: Literal[
        "alexa-smart-home:smart-home-control-turn-off-request",
        "alexa-smart-home:smart-home-control-turn-on-request",
        "alexa-smart-home:smart-home-discovery-request",
        "alexa_smart_home",
    ],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> alexa.AlexaSmartHomeEvent: ...


@overload
def make_event(
    source: Literal["apigateway_http_authorizer"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> apigateway.APIGatewayAuthorizerEventV2: ...


@overload
def make_event(
    source: Literal["apigateway:request-authorizer", "apigateway_authorizer_request"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> apigateway.APIGatewayAuthorizerRequestEvent: ...


@overload
def make_event(
    source: Literal["apigateway:authorizer", "apigateway_authorizer_token"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> apigateway.APIGatewayAuthorizerTokenEvent: ...


@overload
def make_event(
    source: Literal["apigateway:aws-proxy", "apigateway_rest"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> apigateway.APIGatewayProxyEvent: ...


@overload
def make_event(
    source: Literal["apigateway:http-api-proxy", "apigateway_http"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> apigateway.APIGatewayProxyEventV2: ...


@overload
def make_event(
    source: Literal["apigateway_websocket"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> apigateway.APIGatewayWebSocketEvent: ...


@overload
def make_event(
    source: Literal["appsync_authorizer"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> appsync.AppSyncAuthorizerEvent: ...


@overload
def make_event(
    source: Literal["appsync_batch"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> appsync.AppSyncBatchEvent: ...


@overload
def make_event(
    source: Literal["appsync_events"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> appsync.AppSyncEventsEvent: ...


@overload
def make_event(
    source: Literal["appsync", "appsync:resolver"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> appsync.AppSyncResolverEvent: ...


@overload
def make_event(
    source: Literal["batch:get-job", "batch_get_job"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> batch.BatchGetJobEvent: ...


@overload
def make_event(
    source: Literal["batch:submit-job", "batch_submit_job"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> batch.BatchSubmitJobEvent: ...


@overload
def make_event(
    source: Literal["bedrock_agent"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> bedrock_agent.BedrockAgentEvent: ...


@overload
def make_event(
    source: Literal["bedrock_agent_function"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> bedrock_agent.BedrockAgentFunctionEvent: ...


@overload
def make_event(
    source: Literal["clientvpn_connection_handler"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> clientvpn.ClientVpnConnectionHandlerEvent: ...


@overload
def make_event(
    source: Literal["cloudformation:create-request", "cloudformation_custom_resource"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cloudformation.CloudFormationCustomResourceEvent: ...


@overload
def make_event(
    source: Literal[
        "cloudfront:ab-test",
        "cloudfront:access-request-in-response",
        "cloudfront:http-redirect",
        "cloudfront:modify-querystring",
        "cloudfront:modify-response-header",
        "cloudfront:multiple-remote-calls-aggregate-response",
        "cloudfront:normalize-querystring-to-improve-cache-hit",
        "cloudfront:redirect-on-viewer-country",
        "cloudfront:redirect-unauthenticated-users",
        "cloudfront:response-generation",
        "cloudfront:serve-object-on-viewer-device",
        "cloudfront:simple-remote-call",
        "cloudfront_origin_request",
        "cloudfront_origin_response",
        "cloudfront_viewer_request",
        "cloudfront_viewer_response",
    ],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cloudfront.CloudFrontEvent: ...


@overload
def make_event(
    source: Literal["cloudwatch_alarm"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cloudwatch.CloudWatchAlarmEvent: ...


@overload
def make_event(
    source: Literal["cloudwatch:logs", "cloudwatch_logs"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cloudwatch_logs.CloudWatchLogsEvent: ...


@overload
def make_event(
    source: Literal["codecommit", "codecommit:repository"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> codecommit.CodeCommitEvent: ...


@overload
def make_event(
    source: Literal["codedeploy_lifecycle_hook"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> codedeploy.CodeDeployLifecycleHookEvent: ...


@overload
def make_event(
    source: Literal["codepipeline", "codepipeline:job"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> codepipeline.CodePipelineJobEvent: ...


@overload
def make_event(
    source: Literal["cognito_create_auth_challenge"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoCreateAuthChallengeEvent: ...


@overload
def make_event(
    source: Literal["cognito_custom_email_sender"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoCustomEmailSenderEvent: ...


@overload
def make_event(
    source: Literal["cognito_custom_message"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoCustomMessageEvent: ...


@overload
def make_event(
    source: Literal["cognito_custom_sms_sender"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoCustomSMSSenderEvent: ...


@overload
def make_event(
    source: Literal["cognito_define_auth_challenge"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoDefineAuthChallengeEvent: ...


@overload
def make_event(
    source: Literal["cognito_inbound_federation"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoInboundFederationEvent: ...


@overload
def make_event(
    source: Literal["cognito_post_authentication"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoPostAuthenticationEvent: ...


@overload
def make_event(
    source: Literal["cognito_post_confirmation"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoPostConfirmationEvent: ...


@overload
def make_event(
    source: Literal["cognito_pre_authentication"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoPreAuthenticationEvent: ...


@overload
def make_event(
    source: Literal["cognito_pre_signup"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoPreSignupEvent: ...


@overload
def make_event(
    source: Literal["cognito_pre_token_generation"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoPreTokenGenerationEvent: ...


@overload
def make_event(
    source: Literal["cognito:sync-trigger", "cognito_sync_trigger"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoSyncTriggerEvent: ...


@overload
def make_event(
    source: Literal["cognito_user_migration"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoUserMigrationEvent: ...


@overload
def make_event(
    source: Literal["cognito_verify_auth_challenge"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> cognito.CognitoVerifyAuthChallengeEvent: ...


@overload
def make_event(
    source: Literal[
        "config", "config:item-change-notification", "config:oversized-item-change-notification", "config:periodic-rule"
    ],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> config.AWSConfigRuleEvent: ...


@overload
def make_event(
    source: Literal["connect", "connect:contact-flow-event"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> connect.ConnectContactFlowEvent: ...


@overload
def make_event(
    source: Literal["cloudwatch_dashboard_widget", "iot"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> dict[str, Any]: ...


@overload
def make_event(
    source: Literal["documentdb"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> documentdb.DocumentDBEvent: ...


@overload
def make_event(
    source: Literal["dynamodb", "dynamodb:update"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> dynamodb.DynamoDBStreamEvent: ...


@overload
def make_event(
    source: Literal["dynamodb_window"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> dynamodb.DynamoDBTimeWindowEvent: ...


@overload
def make_event(
    source: Literal["cloudwatch:scheduled-event", "eventbridge", "schedule"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> eventbridge.EventBridgeEvent: ...


@overload
def make_event(
    source: Literal[
        "firehose",
        "kinesis:apachelog",
        "kinesis:cloudwatch-logs-processor",
        "kinesis:kinesis-firehose",
        "kinesis:streams-as-source",
        "kinesis:syslog",
    ],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> firehose.FirehoseEvent: ...


@overload
def make_event(
    source: Literal["firehose_sqs"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> firehose.FirehoseSqsEvent: ...


@overload
def make_event(
    source: Literal["function_url"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> function_url.FunctionUrlEvent: ...


@overload
def make_event(
    source: Literal["iot_custom_authorizer"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> iot.IoTCustomAuthorizerEvent: ...


@overload
def make_event(
    source: Literal["iot_preprovision_hook"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> iot.IoTPreProvisionHookEvent: ...


@overload
def make_event(
    source: Literal["iot_registry"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> iot.IoTRegistryEvent: ...


@overload
def make_event(
    source: Literal["msk"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> kafka.MSKEvent: ...


@overload
def make_event(
    source: Literal["kafka"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> kafka.SelfManagedKafkaEvent: ...


@overload
def make_event(
    source: Literal["kinesis", "kinesis:get-records"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> kinesis.KinesisEvent: ...


@overload
def make_event(
    source: Literal["kinesis_window"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> kinesis.KinesisTimeWindowEvent: ...


@overload
def make_event(
    source: Literal[
        "kinesis:analytics",
        "kinesis:analytics-compressed",
        "kinesis:analytics-dynamodb",
        "kinesis:analytics-kpl",
        "kinesis_analytics",
    ],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> kinesis_analytics.KinesisAnalyticsEvent: ...


@overload
def make_event(
    source: Literal["lex:book-car", "lex:book-hotel", "lex:make-appointment", "lex:order-flowers", "lex_v1"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> lex.LexV1Event: ...


@overload
def make_event(
    source: Literal["lex-v2:banking-bot", "lex-v2:book-car", "lex-v2:book-hotel", "lex_v2"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> lex.LexV2Event: ...


@overload
def make_event(
    source: Literal["mq_activemq"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> mq.ActiveMQEvent: ...


@overload
def make_event(
    source: Literal["mq_rabbitmq"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> mq.RabbitMQEvent: ...


@overload
def make_event(
    source: Literal["s3:batch-invocation", "s3_batch"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> s3.S3BatchEvent: ...


@overload
def make_event(
    source: Literal["rekognition:s3-request", "s3", "s3:delete", "s3:put"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> s3.S3Event: ...


@overload
def make_event(
    source: Literal["s3_eventbridge"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> s3.S3EventBridgeEvent: ...


@overload
def make_event(
    source: Literal["s3_object_lambda"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> s3.S3ObjectLambdaEvent: ...


@overload
def make_event(
    source: Literal[
        "sagemaker:ground-truth-annotation-consolidation", "sagemaker_ground_truth_annotation_consolidation"
    ],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> sagemaker_ground_truth.GroundTruthAnnotationConsolidationEvent: ...


@overload
def make_event(
    source: Literal["sagemaker:ground-truth-pre-human", "sagemaker_ground_truth_pre_human"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> sagemaker_ground_truth.GroundTruthPreHumanEvent: ...


@overload
def make_event(
    source: Literal["secretsmanager_rotation"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> secretsmanager.SecretsManagerRotationEvent: ...


@overload
def make_event(
    source: Literal["ses", "ses:email-receiving"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> ses.SESEvent: ...


@overload
def make_event(
    source: Literal["sns", "sns:notification"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> sns.SNSEvent: ...


@overload
def make_event(
    source: Literal["s3_sqs", "sns_sqs", "sqs", "sqs:receive-message"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> sqs.SQSEvent: ...


@overload
def make_event(
    source: Literal["stepfunctions:error", "stepfunctions_error"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> stepfunctions.StepFunctionsErrorEvent: ...


@overload
def make_event(
    source: Literal["transfer_family_authorizer"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> transfer_family.TransferFamilyAuthorizerEvent: ...


@overload
def make_event(
    source: Literal["vpc_lattice"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> vpc_lattice.VpcLatticeEvent: ...


@overload
def make_event(
    source: Literal["vpc_lattice_v2"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> vpc_lattice.VpcLatticeEventV2: ...


@overload
def make_event(
    source: Literal["workmail", "workmail:email"],
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> workmail.WorkMailEvent: ...


@overload
def make_event(
    source: str,
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> Any: ...


def make_event(
    source: str,
    /,
    *,
    seed: int | None = None,
    region: str = "us-east-1",
    account_id: str = "123456789012",
    **overrides: Any,
) -> Any:
    """Build ``source``'s event: shorthands (``body=``, ``records=``...) and AWS field names override it.

    The same ``seed`` (and clock) gives the same event; region and account appear in its ARNs.
    """
    return build(source, seed=seed, region=region, account_id=account_id, **overrides)
