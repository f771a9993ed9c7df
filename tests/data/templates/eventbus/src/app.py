from __future__ import annotations

import json
import os

import boto3


def record(event, context):
    return event


def relay(event, context):
    # A function that puts an event: the rules of the stack see it as they see the test's.
    boto3.client("events").put_events(
        Entries=[
            {
                "Source": "com.example.orders",
                "DetailType": "Order Placed",
                "Detail": json.dumps({"amount": event["detail"]["amount"], "via": "relay"}),
                "EventBusName": os.environ["BUS"],
            }
        ]
    )
    return "relayed"


def loop(event, context):
    # Puts an event its own rule matches: EventBridge would run it for ever.
    boto3.client("events").put_events(
        Entries=[{"Source": "loop", "DetailType": "Again", "Detail": json.dumps(event["detail"])}]
    )
    return "again"
