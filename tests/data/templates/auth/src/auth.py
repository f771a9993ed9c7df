"""Authorizer functions whose answer the test picks with the token."""

from __future__ import annotations


def _policy(effect, resource, principal="alice", **context):
    statement = {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}
    output = {"principalId": principal, "policyDocument": {"Version": "2012-10-17", "Statement": [statement]}}
    if context:
        output["context"] = context
    return output


def token(event, context):
    arn = event["methodArn"]
    api = arn.split("/")[0]  # arn:aws:execute-api:<region>:<account>:<api-id>
    answer = event["authorizationToken"].removeprefix("Bearer ")
    if answer == "allow":
        return _policy("Allow", arn, user="alice", n=1, admin=True)
    if answer == "deny":
        return _policy("Deny", arn)
    if answer == "wild":
        return _policy("Allow", f"{api}/*/GET/tok/*")
    if answer == "other":
        return _policy("Allow", f"{api}/Prod/POST/*")
    if answer == "both":
        output = _policy("Allow", "*")
        output["policyDocument"]["Statement"].append({"Action": "execute-api:*", "Effect": "Deny", "Resource": [arn]})
        return output
    if answer == "nope":
        raise Exception("Unauthorized")  # what the guide's examples raise for a 401
    if answer == "bad":
        return {"principalId": "alice"}
    if answer == "nested":
        return _policy("Allow", arn, nested={"a": 1})
    raise RuntimeError(answer)


def request(event, context):
    allowed = event["headers"].get("X-Key") == "k"
    facts = {"type": event["type"], "q": event["queryStringParameters"]["q"], "body": "body" in event}
    return _policy("Allow" if allowed else "Deny", event["methodArn"], **facts)


def simple(event, context):
    # Payload 2.0, simple responses.
    return {"isAuthorized": event["identitySource"] == ["secret"], "context": {"who": "bob", "n": 2}}


def policy(event, context):
    # Payload 1.0: an IAM policy.
    effect = "Allow" if event["authorizationToken"] == "secret" else "Deny"
    return _policy(effect, event["methodArn"], version=event["version"], path=event["path"])
