#!/usr/bin/env python3
"""The CDK app that `cdk synth` turns into cdk.out/ (checked in: the tests need neither Node nor the CDK).

Paid orders arrive on a queue (with a dead-letter queue); a function writes a receipt for each to a
bucket; every hour another function writes the running total beside them. Both functions' code is
the ``lambda/`` folder, which ``cdk synth`` copies to ``cdk.out/asset.<hash>/``.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.aws_lambda_event_sources import SqsEventSource
from constructs import Construct


class ReceiptsStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)
        dead_letters = sqs.Queue(self, "ReceiptsDLQ", retention_period=Duration.days(14))
        queue = sqs.Queue(
            self,
            "ReceiptsQueue",
            visibility_timeout=Duration.seconds(60),
            dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letters, max_receive_count=3),
        )
        bucket = s3.Bucket(self, "ReceiptsBucket")
        code = lambda_.Code.from_asset("lambda")

        receipts = lambda_.Function(
            self,
            "ReceiptFunction",
            runtime=lambda_.Runtime.PYTHON_3_12,
            handler="receipts.handler",
            code=code,
            timeout=Duration.seconds(10),
            memory_size=512,
            environment={"BUCKET_NAME": bucket.bucket_name},
        )
        bucket.grant_put(receipts)
        receipts.add_event_source(SqsEventSource(queue, batch_size=5, report_batch_item_failures=True))

        totals = lambda_.Function(
            self,
            "HourlyTotalsFunction",
            runtime=lambda_.Runtime.PYTHON_3_12,
            handler="totals.handler",
            code=code,
            timeout=Duration.seconds(30),
            environment={"BUCKET_NAME": bucket.bucket_name},
        )
        bucket.grant_read_write(totals)
        events.Rule(
            self,
            "HourlyTotals",
            schedule=events.Schedule.rate(Duration.hours(1)),
            targets=[targets.LambdaFunction(totals)],
        )
        cdk.CfnOutput(self, "BucketName", value=bucket.bucket_name)


app = cdk.App()
ReceiptsStack(app, "ReceiptsStack")
app.synth()
