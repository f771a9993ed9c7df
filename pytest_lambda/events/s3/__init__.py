"""Amazon S3 events: bucket notifications (``notifications``: to Lambda, through SQS, through EventBridge),
Batch Operations tasks (``batch_operations``) and Object Lambda access point requests (``object_lambda``).

https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html,
https://docs.aws.amazon.com/AmazonS3/latest/userguide/batch-ops-invoke-lambda.html and
https://docs.aws.amazon.com/AmazonS3/latest/userguide/transforming-objects.html; each module cites its own pages.
"""

from __future__ import annotations

from pytest_lambda.events.s3 import batch_operations, notifications, object_lambda
from pytest_lambda.events.s3.batch_operations import *  # noqa: F403
from pytest_lambda.events.s3.notifications import *  # noqa: F403
from pytest_lambda.events.s3.notifications import DETAIL_TYPES, EMPTY_MD5, EVENT_NAMES, PART_SIZE, RECORDS_LIMIT
from pytest_lambda.events.s3.object_lambda import *  # noqa: F403

# The constants handlers' tests and the moto glue (pytest_lambda.aws.s3) read.
__all__ = ["DETAIL_TYPES", "EMPTY_MD5", "EVENT_NAMES", "PART_SIZE", "RECORDS_LIMIT"]
__all__ += notifications.__all__
__all__ += batch_operations.__all__
__all__ += object_lambda.__all__
