"""One strategy per event source, typed with its payload. Generated: do not edit.

Made by ``python tests/strategies/test_generated.py`` from the registered sources.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from pytest_lambda.strategies._events import events

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

__all__ = [
    "alb_events",
    "alexa_skills_kit_events",
    "alexa_smart_home_events",
    "apigateway_authorizer_request_events",
    "apigateway_authorizer_token_events",
    "apigateway_http_authorizer_events",
    "apigateway_http_events",
    "apigateway_rest_events",
    "apigateway_websocket_events",
    "appsync_authorizer_events",
    "appsync_batch_events",
    "appsync_events",
    "appsync_events_events",
    "batch_get_job_events",
    "batch_submit_job_events",
    "bedrock_agent_events",
    "bedrock_agent_function_events",
    "clientvpn_connection_handler_events",
    "cloudformation_custom_resource_events",
    "cloudfront_origin_request_events",
    "cloudfront_origin_response_events",
    "cloudfront_viewer_request_events",
    "cloudfront_viewer_response_events",
    "cloudwatch_alarm_events",
    "cloudwatch_dashboard_widget_events",
    "cloudwatch_logs_events",
    "codecommit_events",
    "codedeploy_lifecycle_hook_events",
    "codepipeline_events",
    "cognito_create_auth_challenge_events",
    "cognito_custom_email_sender_events",
    "cognito_custom_message_events",
    "cognito_custom_sms_sender_events",
    "cognito_define_auth_challenge_events",
    "cognito_inbound_federation_events",
    "cognito_post_authentication_events",
    "cognito_post_confirmation_events",
    "cognito_pre_authentication_events",
    "cognito_pre_signup_events",
    "cognito_pre_token_generation_events",
    "cognito_sync_trigger_events",
    "cognito_user_migration_events",
    "cognito_verify_auth_challenge_events",
    "config_events",
    "connect_events",
    "documentdb_events",
    "dynamodb_events",
    "dynamodb_window_events",
    "eventbridge_events",
    "firehose_events",
    "firehose_sqs_events",
    "function_url_events",
    "iot_custom_authorizer_events",
    "iot_events",
    "iot_preprovision_hook_events",
    "iot_registry_events",
    "kafka_events",
    "kinesis_analytics_events",
    "kinesis_events",
    "kinesis_window_events",
    "lex_v1_events",
    "lex_v2_events",
    "mq_activemq_events",
    "mq_rabbitmq_events",
    "msk_events",
    "s3_batch_events",
    "s3_eventbridge_events",
    "s3_events",
    "s3_object_lambda_events",
    "s3_sqs_events",
    "sagemaker_ground_truth_annotation_consolidation_events",
    "sagemaker_ground_truth_pre_human_events",
    "schedule_events",
    "secretsmanager_rotation_events",
    "ses_events",
    "sns_events",
    "sns_sqs_events",
    "sqs_events",
    "stepfunctions_error_events",
    "transfer_family_authorizer_events",
    "vpc_lattice_events",
    "vpc_lattice_v2_events",
    "workmail_events",
]


def alb_events(**field_strategies: Any) -> st.SearchStrategy[alb.ALBEvent]:
    """Application Load Balancer request to a Lambda target group: ``events("alb", **field_strategies)``."""
    return events("alb", **field_strategies)


def alexa_skills_kit_events(**field_strategies: Any) -> st.SearchStrategy[alexa.AlexaSkillsKitEvent]:
    """An Alexa custom skill's request (launch, intent or session end): ``events("alexa_skills_kit",
    **field_strategies)``.
    """
    return events("alexa_skills_kit", **field_strategies)


def alexa_smart_home_events(**field_strategies: Any) -> st.SearchStrategy[alexa.AlexaSmartHomeEvent]:
    """An Alexa smart home skill's directive (discovery, turn on, turn off): ``events("alexa_smart_home",
    **field_strategies)``.
    """
    return events("alexa_smart_home", **field_strategies)


def apigateway_authorizer_request_events(
    **field_strategies: Any,
) -> st.SearchStrategy[apigateway.APIGatewayAuthorizerRequestEvent]:
    """Amazon API Gateway REST API Lambda authorizer, REQUEST type: ``events("apigateway_authorizer_request",
    **field_strategies)``.
    """
    return events("apigateway_authorizer_request", **field_strategies)


def apigateway_authorizer_token_events(
    **field_strategies: Any,
) -> st.SearchStrategy[apigateway.APIGatewayAuthorizerTokenEvent]:
    """Amazon API Gateway REST API Lambda authorizer, TOKEN type: ``events("apigateway_authorizer_token",
    **field_strategies)``.
    """
    return events("apigateway_authorizer_token", **field_strategies)


def apigateway_http_events(**field_strategies: Any) -> st.SearchStrategy[apigateway.APIGatewayProxyEventV2]:
    """Amazon API Gateway HTTP API request (payload format 2.0): ``events("apigateway_http", **field_strategies)``."""
    return events("apigateway_http", **field_strategies)


def apigateway_http_authorizer_events(
    **field_strategies: Any,
) -> st.SearchStrategy[apigateway.APIGatewayAuthorizerEventV2]:
    """Amazon API Gateway HTTP API Lambda authorizer (payload format 2.0): ``events("apigateway_http_authorizer",
    **field_strategies)``.
    """
    return events("apigateway_http_authorizer", **field_strategies)


def apigateway_rest_events(**field_strategies: Any) -> st.SearchStrategy[apigateway.APIGatewayProxyEvent]:
    """Amazon API Gateway REST API request (Lambda proxy integration, payload 1.0): ``events("apigateway_rest",
    **field_strategies)``.
    """
    return events("apigateway_rest", **field_strategies)


def apigateway_websocket_events(**field_strategies: Any) -> st.SearchStrategy[apigateway.APIGatewayWebSocketEvent]:
    """Amazon API Gateway WebSocket API route ($connect, $disconnect or a message): ``events("apigateway_websocket",
    **field_strategies)``.
    """
    return events("apigateway_websocket", **field_strategies)


def appsync_events(**field_strategies: Any) -> st.SearchStrategy[appsync.AppSyncResolverEvent]:
    """An AWS AppSync direct Lambda resolver (one GraphQL field): ``events("appsync", **field_strategies)``."""
    return events("appsync", **field_strategies)


def appsync_authorizer_events(**field_strategies: Any) -> st.SearchStrategy[appsync.AppSyncAuthorizerEvent]:
    """An AWS AppSync GraphQL API's Lambda authorizer (AWS_LAMBDA authorization): ``events("appsync_authorizer",
    **field_strategies)``.
    """
    return events("appsync_authorizer", **field_strategies)


def appsync_batch_events(**field_strategies: Any) -> st.SearchStrategy[appsync.AppSyncBatchEvent]:
    """An AWS AppSync batch invocation: a list of resolver contexts, one per parent item: ``events("appsync_batch",
    **field_strategies)``.
    """
    return events("appsync_batch", **field_strategies)


def appsync_events_events(**field_strategies: Any) -> st.SearchStrategy[appsync.AppSyncEventsEvent]:
    """An AWS AppSync Events API channel namespace's Lambda handler (publish or subscribe):
    ``events("appsync_events", **field_strategies)``.
    """
    return events("appsync_events", **field_strategies)


def batch_get_job_events(**field_strategies: Any) -> st.SearchStrategy[batch.BatchGetJobEvent]:
    """A function looking up an AWS Batch job (the batch-get-job blueprint's payload): ``events("batch_get_job",
    **field_strategies)``.
    """
    return events("batch_get_job", **field_strategies)


def batch_submit_job_events(**field_strategies: Any) -> st.SearchStrategy[batch.BatchSubmitJobEvent]:
    """A function submitting an AWS Batch job (the batch-submit-job blueprint's payload):
    ``events("batch_submit_job", **field_strategies)``.
    """
    return events("batch_submit_job", **field_strategies)


def bedrock_agent_events(**field_strategies: Any) -> st.SearchStrategy[bedrock_agent.BedrockAgentEvent]:
    """An Amazon Bedrock agent's action group (OpenAPI schema) calling the function: ``events("bedrock_agent",
    **field_strategies)``.
    """
    return events("bedrock_agent", **field_strategies)


def bedrock_agent_function_events(
    **field_strategies: Any,
) -> st.SearchStrategy[bedrock_agent.BedrockAgentFunctionEvent]:
    """An Amazon Bedrock agent's action group (function details) calling the function:
    ``events("bedrock_agent_function", **field_strategies)``.
    """
    return events("bedrock_agent_function", **field_strategies)


def clientvpn_connection_handler_events(
    **field_strategies: Any,
) -> st.SearchStrategy[clientvpn.ClientVpnConnectionHandlerEvent]:
    """AWS Client VPN client connect handler request: ``events("clientvpn_connection_handler",
    **field_strategies)``.
    """
    return events("clientvpn_connection_handler", **field_strategies)


def cloudformation_custom_resource_events(
    **field_strategies: Any,
) -> st.SearchStrategy[cloudformation.CloudFormationCustomResourceEvent]:
    """AWS CloudFormation custom resource request (Create, Update or Delete) to a Lambda-backed provider:
    ``events("cloudformation_custom_resource", **field_strategies)``.
    """
    return events("cloudformation_custom_resource", **field_strategies)


def cloudfront_origin_request_events(**field_strategies: Any) -> st.SearchStrategy[cloudfront.CloudFrontEvent]:
    """Lambda@Edge origin-request trigger: a cache miss about to be forwarded to the origin:
    ``events("cloudfront_origin_request", **field_strategies)``.
    """
    return events("cloudfront_origin_request", **field_strategies)


def cloudfront_origin_response_events(**field_strategies: Any) -> st.SearchStrategy[cloudfront.CloudFrontEvent]:
    """Lambda@Edge origin-response trigger: the origin's response before CloudFront caches it:
    ``events("cloudfront_origin_response", **field_strategies)``.
    """
    return events("cloudfront_origin_response", **field_strategies)


def cloudfront_viewer_request_events(**field_strategies: Any) -> st.SearchStrategy[cloudfront.CloudFrontEvent]:
    """Lambda@Edge viewer-request trigger: a CloudFront viewer's request before the cache:
    ``events("cloudfront_viewer_request", **field_strategies)``.
    """
    return events("cloudfront_viewer_request", **field_strategies)


def cloudfront_viewer_response_events(**field_strategies: Any) -> st.SearchStrategy[cloudfront.CloudFrontEvent]:
    """Lambda@Edge viewer-response trigger: the response about to be returned to the viewer:
    ``events("cloudfront_viewer_response", **field_strategies)``.
    """
    return events("cloudfront_viewer_response", **field_strategies)


def cloudwatch_alarm_events(**field_strategies: Any) -> st.SearchStrategy[cloudwatch.CloudWatchAlarmEvent]:
    """An Amazon CloudWatch alarm's state change, invoking the function as an alarm action:
    ``events("cloudwatch_alarm", **field_strategies)``.
    """
    return events("cloudwatch_alarm", **field_strategies)


def cloudwatch_dashboard_widget_events(**field_strategies: Any) -> st.SearchStrategy[dict[str, Any]]:
    """A CloudWatch dashboard custom widget rendered by a Lambda function: ``events("cloudwatch_dashboard_widget",
    **field_strategies)``.
    """
    return events("cloudwatch_dashboard_widget", **field_strategies)


def cloudwatch_logs_events(**field_strategies: Any) -> st.SearchStrategy[cloudwatch_logs.CloudWatchLogsEvent]:
    """Amazon CloudWatch Logs events from a subscription filter: ``events("cloudwatch_logs", **field_strategies)``."""
    return events("cloudwatch_logs", **field_strategies)


def codecommit_events(**field_strategies: Any) -> st.SearchStrategy[codecommit.CodeCommitEvent]:
    """An AWS CodeCommit repository trigger (a push to a branch or tag): ``events("codecommit",
    **field_strategies)``.
    """
    return events("codecommit", **field_strategies)


def codedeploy_lifecycle_hook_events(
    **field_strategies: Any,
) -> st.SearchStrategy[codedeploy.CodeDeployLifecycleHookEvent]:
    """An AWS CodeDeploy lifecycle hook (BeforeAllowTraffic, AfterAllowTraffic...) of a Lambda or ECS deployment:
    ``events("codedeploy_lifecycle_hook", **field_strategies)``.
    """
    return events("codedeploy_lifecycle_hook", **field_strategies)


def codepipeline_events(**field_strategies: Any) -> st.SearchStrategy[codepipeline.CodePipelineJobEvent]:
    """An AWS CodePipeline job for a pipeline's Lambda invoke action: ``events("codepipeline",
    **field_strategies)``.
    """
    return events("codepipeline", **field_strategies)


def cognito_create_auth_challenge_events(
    **field_strategies: Any,
) -> st.SearchStrategy[cognito.CognitoCreateAuthChallengeEvent]:
    """Amazon Cognito create auth challenge trigger (custom authentication):
    ``events("cognito_create_auth_challenge", **field_strategies)``.
    """
    return events("cognito_create_auth_challenge", **field_strategies)


def cognito_custom_email_sender_events(
    **field_strategies: Any,
) -> st.SearchStrategy[cognito.CognitoCustomEmailSenderEvent]:
    """Amazon Cognito custom email sender trigger: ``events("cognito_custom_email_sender", **field_strategies)``."""
    return events("cognito_custom_email_sender", **field_strategies)


def cognito_custom_message_events(**field_strategies: Any) -> st.SearchStrategy[cognito.CognitoCustomMessageEvent]:
    """Amazon Cognito custom message trigger: ``events("cognito_custom_message", **field_strategies)``."""
    return events("cognito_custom_message", **field_strategies)


def cognito_custom_sms_sender_events(**field_strategies: Any) -> st.SearchStrategy[cognito.CognitoCustomSMSSenderEvent]:
    """Amazon Cognito custom SMS sender trigger: ``events("cognito_custom_sms_sender", **field_strategies)``."""
    return events("cognito_custom_sms_sender", **field_strategies)


def cognito_define_auth_challenge_events(
    **field_strategies: Any,
) -> st.SearchStrategy[cognito.CognitoDefineAuthChallengeEvent]:
    """Amazon Cognito define auth challenge trigger (custom authentication):
    ``events("cognito_define_auth_challenge", **field_strategies)``.
    """
    return events("cognito_define_auth_challenge", **field_strategies)


def cognito_inbound_federation_events(
    **field_strategies: Any,
) -> st.SearchStrategy[cognito.CognitoInboundFederationEvent]:
    """Amazon Cognito user pool inbound federation trigger (OIDC or SAML sign-in):
    ``events("cognito_inbound_federation", **field_strategies)``.
    """
    return events("cognito_inbound_federation", **field_strategies)


def cognito_post_authentication_events(
    **field_strategies: Any,
) -> st.SearchStrategy[cognito.CognitoPostAuthenticationEvent]:
    """Amazon Cognito post authentication trigger: ``events("cognito_post_authentication", **field_strategies)``."""
    return events("cognito_post_authentication", **field_strategies)


def cognito_post_confirmation_events(
    **field_strategies: Any,
) -> st.SearchStrategy[cognito.CognitoPostConfirmationEvent]:
    """Amazon Cognito post confirmation trigger: ``events("cognito_post_confirmation", **field_strategies)``."""
    return events("cognito_post_confirmation", **field_strategies)


def cognito_pre_authentication_events(
    **field_strategies: Any,
) -> st.SearchStrategy[cognito.CognitoPreAuthenticationEvent]:
    """Amazon Cognito pre authentication trigger: ``events("cognito_pre_authentication", **field_strategies)``."""
    return events("cognito_pre_authentication", **field_strategies)


def cognito_pre_signup_events(**field_strategies: Any) -> st.SearchStrategy[cognito.CognitoPreSignupEvent]:
    """Amazon Cognito pre sign-up trigger: ``events("cognito_pre_signup", **field_strategies)``."""
    return events("cognito_pre_signup", **field_strategies)


def cognito_pre_token_generation_events(
    **field_strategies: Any,
) -> st.SearchStrategy[cognito.CognitoPreTokenGenerationEvent]:
    """Amazon Cognito pre token generation trigger (event versions 1, 2 and 3):
    ``events("cognito_pre_token_generation", **field_strategies)``.
    """
    return events("cognito_pre_token_generation", **field_strategies)


def cognito_sync_trigger_events(**field_strategies: Any) -> st.SearchStrategy[cognito.CognitoSyncTriggerEvent]:
    """An Amazon Cognito Sync trigger: a dataset synchronized: ``events("cognito_sync_trigger",
    **field_strategies)``.
    """
    return events("cognito_sync_trigger", **field_strategies)


def cognito_user_migration_events(**field_strategies: Any) -> st.SearchStrategy[cognito.CognitoUserMigrationEvent]:
    """Amazon Cognito migrate user trigger: ``events("cognito_user_migration", **field_strategies)``."""
    return events("cognito_user_migration", **field_strategies)


def cognito_verify_auth_challenge_events(
    **field_strategies: Any,
) -> st.SearchStrategy[cognito.CognitoVerifyAuthChallengeEvent]:
    """Amazon Cognito verify auth challenge response trigger (custom authentication):
    ``events("cognito_verify_auth_challenge", **field_strategies)``.
    """
    return events("cognito_verify_auth_challenge", **field_strategies)


def config_events(**field_strategies: Any) -> st.SearchStrategy[config.AWSConfigRuleEvent]:
    """An AWS Config custom rule evaluation (configuration change, periodic or oversized item): ``events("config",
    **field_strategies)``.
    """
    return events("config", **field_strategies)


def connect_events(**field_strategies: Any) -> st.SearchStrategy[connect.ConnectContactFlowEvent]:
    """An Amazon Connect contact flow invoking the function from its Lambda block: ``events("connect",
    **field_strategies)``.
    """
    return events("connect", **field_strategies)


def documentdb_events(**field_strategies: Any) -> st.SearchStrategy[documentdb.DocumentDBEvent]:
    """Amazon DocumentDB change stream events from an event source mapping: ``events("documentdb",
    **field_strategies)``.
    """
    return events("documentdb", **field_strategies)


def dynamodb_events(**field_strategies: Any) -> st.SearchStrategy[dynamodb.DynamoDBStreamEvent]:
    """Amazon DynamoDB Streams change records from an event source mapping: ``events("dynamodb",
    **field_strategies)``.
    """
    return events("dynamodb", **field_strategies)


def dynamodb_window_events(**field_strategies: Any) -> st.SearchStrategy[dynamodb.DynamoDBTimeWindowEvent]:
    """Amazon DynamoDB Streams change records with a tumbling window and its state: ``events("dynamodb_window",
    **field_strategies)``.
    """
    return events("dynamodb_window", **field_strategies)


def eventbridge_events(**field_strategies: Any) -> st.SearchStrategy[eventbridge.EventBridgeEvent]:
    """An Amazon EventBridge event (a custom event, or any service's) delivered by a rule: ``events("eventbridge",
    **field_strategies)``.
    """
    return events("eventbridge", **field_strategies)


def firehose_events(**field_strategies: Any) -> st.SearchStrategy[firehose.FirehoseEvent]:
    """Amazon Data Firehose records sent to a Lambda for transformation: ``events("firehose", **field_strategies)``."""
    return events("firehose", **field_strategies)


def firehose_sqs_events(**field_strategies: Any) -> st.SearchStrategy[firehose.FirehoseSqsEvent]:
    """Amazon Data Firehose records holding SQS messages, sent to a Lambda for transformation:
    ``events("firehose_sqs", **field_strategies)``.
    """
    return events("firehose_sqs", **field_strategies)


def function_url_events(**field_strategies: Any) -> st.SearchStrategy[function_url.FunctionUrlEvent]:
    """Lambda function URL request (payload format 2.0): ``events("function_url", **field_strategies)``."""
    return events("function_url", **field_strategies)


def iot_events(**field_strategies: Any) -> st.SearchStrategy[dict[str, Any]]:
    """An AWS IoT topic rule's Lambda action (the rule's SQL output: device telemetry or an IoT button click):
    ``events("iot", **field_strategies)``.
    """
    return events("iot", **field_strategies)


def iot_custom_authorizer_events(**field_strategies: Any) -> st.SearchStrategy[iot.IoTCustomAuthorizerEvent]:
    """An AWS IoT Core custom authorizer (a device connecting with custom authentication):
    ``events("iot_custom_authorizer", **field_strategies)``.
    """
    return events("iot_custom_authorizer", **field_strategies)


def iot_preprovision_hook_events(**field_strategies: Any) -> st.SearchStrategy[iot.IoTPreProvisionHookEvent]:
    """AWS IoT fleet provisioning pre-provisioning hook: ``events("iot_preprovision_hook", **field_strategies)``."""
    return events("iot_preprovision_hook", **field_strategies)


def iot_registry_events(**field_strategies: Any) -> st.SearchStrategy[iot.IoTRegistryEvent]:
    """An AWS IoT registry event (thing, thing type or thing group change) from a topic rule:
    ``events("iot_registry", **field_strategies)``.
    """
    return events("iot_registry", **field_strategies)


def kafka_events(**field_strategies: Any) -> st.SearchStrategy[kafka.SelfManagedKafkaEvent]:
    """Self-managed Apache Kafka records from an event source mapping: ``events("kafka", **field_strategies)``."""
    return events("kafka", **field_strategies)


def kinesis_events(**field_strategies: Any) -> st.SearchStrategy[kinesis.KinesisEvent]:
    """Amazon Kinesis Data Streams records from an event source mapping: ``events("kinesis", **field_strategies)``."""
    return events("kinesis", **field_strategies)


def kinesis_analytics_events(**field_strategies: Any) -> st.SearchStrategy[kinesis_analytics.KinesisAnalyticsEvent]:
    """Amazon Kinesis Data Analytics (SQL) records to preprocess, or application output to deliver:
    ``events("kinesis_analytics", **field_strategies)``.
    """
    return events("kinesis_analytics", **field_strategies)


def kinesis_window_events(**field_strategies: Any) -> st.SearchStrategy[kinesis.KinesisTimeWindowEvent]:
    """Amazon Kinesis Data Streams records with a tumbling window and its state: ``events("kinesis_window",
    **field_strategies)``.
    """
    return events("kinesis_window", **field_strategies)


def lex_v1_events(**field_strategies: Any) -> st.SearchStrategy[lex.LexV1Event]:
    """An Amazon Lex V1 bot's dialog or fulfillment code hook: ``events("lex_v1", **field_strategies)``."""
    return events("lex_v1", **field_strategies)


def lex_v2_events(**field_strategies: Any) -> st.SearchStrategy[lex.LexV2Event]:
    """An Amazon Lex V2 bot's dialog or fulfillment code hook: ``events("lex_v2", **field_strategies)``."""
    return events("lex_v2", **field_strategies)


def mq_activemq_events(**field_strategies: Any) -> st.SearchStrategy[mq.ActiveMQEvent]:
    """Amazon MQ for ActiveMQ messages from an event source mapping: ``events("mq_activemq", **field_strategies)``."""
    return events("mq_activemq", **field_strategies)


def mq_rabbitmq_events(**field_strategies: Any) -> st.SearchStrategy[mq.RabbitMQEvent]:
    """Amazon MQ for RabbitMQ messages from an event source mapping: ``events("mq_rabbitmq", **field_strategies)``."""
    return events("mq_rabbitmq", **field_strategies)


def msk_events(**field_strategies: Any) -> st.SearchStrategy[kafka.MSKEvent]:
    """Amazon MSK (managed Kafka) records from an event source mapping: ``events("msk", **field_strategies)``."""
    return events("msk", **field_strategies)


def s3_events(**field_strategies: Any) -> st.SearchStrategy[s3.S3Event]:
    """An Amazon S3 event notification (object created, removed, restored...) sent to Lambda: ``events("s3",
    **field_strategies)``.
    """
    return events("s3", **field_strategies)


def s3_batch_events(**field_strategies: Any) -> st.SearchStrategy[s3.S3BatchEvent]:
    """An Amazon S3 Batch Operations task invoking Lambda (schema 1.0 or 2.0): ``events("s3_batch",
    **field_strategies)``.
    """
    return events("s3_batch", **field_strategies)


def s3_eventbridge_events(**field_strategies: Any) -> st.SearchStrategy[s3.S3EventBridgeEvent]:
    """An Amazon S3 event delivered by EventBridge (Object Created, Object Deleted...): ``events("s3_eventbridge",
    **field_strategies)``.
    """
    return events("s3_eventbridge", **field_strategies)


def s3_object_lambda_events(**field_strategies: Any) -> st.SearchStrategy[s3.S3ObjectLambdaEvent]:
    """An Amazon S3 Object Lambda access point transforming a GetObject, HeadObject or List request:
    ``events("s3_object_lambda", **field_strategies)``.
    """
    return events("s3_object_lambda", **field_strategies)


def s3_sqs_events(**field_strategies: Any) -> st.SearchStrategy[sqs.SQSEvent]:
    """Amazon S3 event notifications delivered through an SQS queue: ``events("s3_sqs", **field_strategies)``."""
    return events("s3_sqs", **field_strategies)


def sagemaker_ground_truth_annotation_consolidation_events(
    **field_strategies: Any,
) -> st.SearchStrategy[sagemaker_ground_truth.GroundTruthAnnotationConsolidationEvent]:
    """A SageMaker Ground Truth post-annotation (annotation consolidation) request:
    ``events("sagemaker_ground_truth_annotation_consolidation", **field_strategies)``.
    """
    return events("sagemaker_ground_truth_annotation_consolidation", **field_strategies)


def sagemaker_ground_truth_pre_human_events(
    **field_strategies: Any,
) -> st.SearchStrategy[sagemaker_ground_truth.GroundTruthPreHumanEvent]:
    """A SageMaker Ground Truth pre-annotation request for one data object:
    ``events("sagemaker_ground_truth_pre_human", **field_strategies)``.
    """
    return events("sagemaker_ground_truth_pre_human", **field_strategies)


def schedule_events(**field_strategies: Any) -> st.SearchStrategy[eventbridge.EventBridgeEvent]:
    """An EventBridge scheduled rule's event (rate or cron expression): ``events("schedule", **field_strategies)``."""
    return events("schedule", **field_strategies)


def secretsmanager_rotation_events(
    **field_strategies: Any,
) -> st.SearchStrategy[secretsmanager.SecretsManagerRotationEvent]:
    """An AWS Secrets Manager rotation step for a rotation function: ``events("secretsmanager_rotation",
    **field_strategies)``.
    """
    return events("secretsmanager_rotation", **field_strategies)


def ses_events(**field_strategies: Any) -> st.SearchStrategy[ses.SESEvent]:
    """An Amazon SES receipt rule's Lambda action for an incoming email: ``events("ses", **field_strategies)``."""
    return events("ses", **field_strategies)


def sns_events(**field_strategies: Any) -> st.SearchStrategy[sns.SNSEvent]:
    """An Amazon SNS notification delivered to a Lambda subscription: ``events("sns", **field_strategies)``."""
    return events("sns", **field_strategies)


def sns_sqs_events(**field_strategies: Any) -> st.SearchStrategy[sqs.SQSEvent]:
    """Amazon SNS notifications delivered through an SQS queue subscribed to the topic: ``events("sns_sqs",
    **field_strategies)``.
    """
    return events("sns_sqs", **field_strategies)


def sqs_events(**field_strategies: Any) -> st.SearchStrategy[sqs.SQSEvent]:
    """Amazon SQS messages from an event source mapping: ``events("sqs", **field_strategies)``."""
    return events("sqs", **field_strategies)


def stepfunctions_error_events(**field_strategies: Any) -> st.SearchStrategy[stepfunctions.StepFunctionsErrorEvent]:
    """A Step Functions error output (Error, Cause), as a Catch passes it to the next state:
    ``events("stepfunctions_error", **field_strategies)``.
    """
    return events("stepfunctions_error", **field_strategies)


def transfer_family_authorizer_events(
    **field_strategies: Any,
) -> st.SearchStrategy[transfer_family.TransferFamilyAuthorizerEvent]:
    """An AWS Transfer Family server's custom identity provider (a user signing in):
    ``events("transfer_family_authorizer", **field_strategies)``.
    """
    return events("transfer_family_authorizer", **field_strategies)


def vpc_lattice_events(**field_strategies: Any) -> st.SearchStrategy[vpc_lattice.VpcLatticeEvent]:
    """Amazon VPC Lattice request to a Lambda target group (event version V1): ``events("vpc_lattice",
    **field_strategies)``.
    """
    return events("vpc_lattice", **field_strategies)


def vpc_lattice_v2_events(**field_strategies: Any) -> st.SearchStrategy[vpc_lattice.VpcLatticeEventV2]:
    """Amazon VPC Lattice request to a Lambda target group (event version V2): ``events("vpc_lattice_v2",
    **field_strategies)``.
    """
    return events("vpc_lattice_v2", **field_strategies)


def workmail_events(**field_strategies: Any) -> st.SearchStrategy[workmail.WorkMailEvent]:
    """An Amazon WorkMail Run Lambda email flow rule's event: ``events("workmail", **field_strategies)``."""
    return events("workmail", **field_strategies)
