import logging
import os

import boto3
from common.greeting import greet

import helpers

logger = logging.getLogger()
TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    if event.get("fail"):
        raise RuntimeError("order failed")
    TABLE.put_item(Item={"id": event["id"], "greeting": greet(event["id"])})
    logger.info("stored %s", event["id"])
    return {"stored": event["id"], "source": helpers.WHERE, "greeting": greet(event["id"])}
