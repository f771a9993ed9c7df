"""Real (moto) AWS resources behind events, dead letters and event source mappings.

Needs the ``[moto]`` extra. Nothing here imports moto or boto3 until it is used: the pytest plugin
imports ``pytest_lambda.aws.guard`` at start-up, so this package must stay cheap to import.
"""

from __future__ import annotations

from pytest_lambda.aws._esm import EventSourceNotFoundError
from pytest_lambda.aws._moto import (
    INSTALL_COMMAND,
    AWSResourceNotFoundError,
    LambdaAWS,
    MotoNotInstalledError,
    mocked_aws,
    require_moto,
)
from pytest_lambda.aws._template_files import TemplatesNotInstalledError
from pytest_lambda.aws.delivery import UnsupportedDestinationError, send_dead_letter, send_destination_record
from pytest_lambda.aws.guard import RealAWSRequestError
from pytest_lambda.aws.intrinsics import TemplateError
from pytest_lambda.aws.s3 import s3_object_event
from pytest_lambda.aws.sqs import SQSBatch, SQSDrain, SQSEventSourceMapping, sqs_event
from pytest_lambda.aws.stack import (
    EventLoopError,
    MotoNotRunningError,
    NotificationLoopError,
    NotSimulated,
    NotSimulatedError,
    RuntimeMismatchWarning,
    Stack,
    StackResource,
    StoppedLoop,
)
from pytest_lambda.aws.streams import (
    DynamoDBStreamEventSourceMapping,
    KinesisEventSourceMapping,
    StreamBatch,
    StreamDrain,
    dynamodb_stream_event,
    kinesis_event,
)

__all__ = [
    "INSTALL_COMMAND",
    "AWSResourceNotFoundError",
    "DynamoDBStreamEventSourceMapping",
    "EventLoopError",
    "EventSourceNotFoundError",
    "KinesisEventSourceMapping",
    "LambdaAWS",
    "MotoNotInstalledError",
    "MotoNotRunningError",
    "NotSimulated",
    "NotSimulatedError",
    "NotificationLoopError",
    "RealAWSRequestError",
    "RuntimeMismatchWarning",
    "SQSBatch",
    "SQSDrain",
    "SQSEventSourceMapping",
    "Stack",
    "StackResource",
    "StoppedLoop",
    "StreamBatch",
    "StreamDrain",
    "TemplateError",
    "TemplatesNotInstalledError",
    "UnsupportedDestinationError",
    "dynamodb_stream_event",
    "kinesis_event",
    "mocked_aws",
    "require_moto",
    "s3_object_event",
    "send_dead_letter",
    "send_destination_record",
    "sqs_event",
]
