from __future__ import annotations

import logging
import os

import boto3
import helpers
from common.greeting import greet

logger = logging.getLogger()
TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    if event.get("fail"):
        raise RuntimeError("order failed")
    TABLE.put_item(Item={"id": event["id"], "greeting": greet(event["id"])})
    logger.info("stored %s", event["id"])
    return {"stored": event["id"], "source": helpers.WHERE, "greeting": greet(event["id"])}
