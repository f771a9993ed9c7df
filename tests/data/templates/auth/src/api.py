from __future__ import annotations

import json


def echo(event, context):
    request = event["requestContext"]
    answer = {"authorizer": request.get("authorizer"), "identity": request.get("identity")}
    return {"statusCode": 200, "body": json.dumps(answer)}
