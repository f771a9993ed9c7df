from __future__ import annotations

import json


def rest(event, context):
    answer = {
        "resource": event["resource"],
        "path": event["path"],
        "method": event["httpMethod"],
        "parameters": event["pathParameters"],
        "stage": event["requestContext"]["stage"],
        "query": event["queryStringParameters"],
    }
    return {"statusCode": 200, "body": json.dumps(answer)}


def broken(event, context):
    raise RuntimeError("no")


def http(event, context):
    # No statusCode: an HTTP API (payload 2.0) answers 200 with this as the JSON body.
    return {"route": event["routeKey"], "parameters": event.get("pathParameters"), "body": event.get("body")}
