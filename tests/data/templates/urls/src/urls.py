from __future__ import annotations

import base64


def echo(event, context):
    # No statusCode: the URL answers 200 with this as the JSON body.
    request = event["requestContext"]
    return {
        "path": event["rawPath"],
        "query": event.get("queryStringParameters"),
        "url": [request["apiId"], request["domainPrefix"], request["domainName"], event["headers"]["host"]],
        "authorizer": request.get("authorizer"),
        "body": event.get("body"),
    }


def custom(event, context):
    return {
        "statusCode": 201,
        "headers": {"Content-Type": "image/png", "X-Caller": event["requestContext"]["authorizer"]["iam"]["userArn"]},
        "cookies": ["session=1; Max-Age=60"],
        "body": base64.b64encode(b"\x89PNG").decode(),
        "isBase64Encoded": True,
    }


def broken(event, context):
    raise RuntimeError("no")
