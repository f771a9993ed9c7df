"""Every event kind `sam local generate-event` offers (aws-sam-cli 1.170.0) has a name here."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time

from pytest_lambda import event_sources, make_event

# samcli/lib/generated_sample_events/event-mapping.json of aws-sam-cli 1.170.0: 68 kinds, 26 services.
SAM_KINDS = (
    "alexa-skills-kit:end-session",
    "alexa-skills-kit:intent-answer",
    "alexa-skills-kit:intent-getnewfact",
    "alexa-skills-kit:intent-mycoloris",
    "alexa-skills-kit:intent-recipe",
    "alexa-skills-kit:start-session",
    "alexa-smart-home:smart-home-control-turn-off-request",
    "alexa-smart-home:smart-home-control-turn-on-request",
    "alexa-smart-home:smart-home-discovery-request",
    "alb:request",
    "apigateway:authorizer",
    "apigateway:request-authorizer",
    "apigateway:aws-proxy",
    "apigateway:http-api-proxy",
    "appsync:resolver",
    "batch:get-job",
    "batch:submit-job",
    "cloudformation:create-request",
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
    "codecommit:repository",
    "codepipeline:job",
    "cognito:sync-trigger",
    "config:item-change-notification",
    "config:oversized-item-change-notification",
    "config:periodic-rule",
    "connect:contact-flow-event",
    "dynamodb:update",
    "cloudwatch:logs",
    "cloudwatch:scheduled-event",
    "kinesis:get-records",
    "kinesis:kinesis-firehose",
    "kinesis:analytics",
    "kinesis:analytics-compressed",
    "kinesis:analytics-dynamodb",
    "kinesis:analytics-kpl",
    "kinesis:apachelog",
    "kinesis:cloudwatch-logs-processor",
    "kinesis:streams-as-source",
    "kinesis:syslog",
    "lex:book-car",
    "lex:book-hotel",
    "lex:make-appointment",
    "lex:order-flowers",
    "lex-v2:banking-bot",
    "lex-v2:book-car",
    "lex-v2:book-hotel",
    "rekognition:s3-request",
    "s3:batch-invocation",
    "s3:delete",
    "s3:put",
    "sagemaker:ground-truth-pre-human",
    "sagemaker:ground-truth-annotation-consolidation",
    "ses:email-receiving",
    "sns:notification",
    "sqs:receive-message",
    "stepfunctions:error",
    "workmail:email",
)


def test_the_list_is_sams() -> None:
    assert len(SAM_KINDS) == 68
    assert len({kind.split(":")[0] for kind in SAM_KINDS}) == 26


@pytest.mark.parametrize("kind", SAM_KINDS)
def test_every_sam_kind_is_a_named_event(kind: str) -> None:
    assert kind in event_sources(presets=True)
    with freeze_time("2025-06-01T12:00:00Z"):  # same seed and same clock: the same event
        event = make_event(kind, seed=1)
        assert event == make_event(kind, seed=1)
    assert json.loads(json.dumps(event)) == event
