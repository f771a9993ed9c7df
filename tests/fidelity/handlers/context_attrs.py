"""What the handler reads from its context object."""

from __future__ import annotations


def attributes(event, context):
    remaining = context.get_remaining_time_in_millis()
    return {
        "function_name": context.function_name,
        "function_version": context.function_version,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "memory_limit_type": type(context.memory_limit_in_mb).__name__,
        "invoked_function_arn": context.invoked_function_arn,
        "aws_request_id": context.aws_request_id,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "remaining_type": type(remaining).__name__,
        "remaining_in_range": 0 < remaining <= 30000,
        "tenant_id": context.tenant_id,
        "class": type(context).__name__,
    }


def identity(event, context):
    identity = context.identity
    return {
        "class": type(identity).__name__,
        "cognito_identity_id": identity.cognito_identity_id,
        "cognito_identity_pool_id": identity.cognito_identity_pool_id,
        "repr": repr(identity),
    }


def client_context(event, context):
    cc = context.client_context
    if cc is None:
        return None
    client = cc.client
    return {
        "class": type(cc).__name__,
        "custom": cc.custom,
        "env": cc.env,
        "client": None
        if client is None
        else {
            "class": type(client).__name__,
            "installation_id": client.installation_id,
            "app_title": client.app_title,
            "app_version_name": client.app_version_name,
            "app_version_code": client.app_version_code,
            "app_package_name": client.app_package_name,
        },
        "extra_attribute": hasattr(cc, "extra"),
    }


def w3c(event, context):
    return {"w3c": context.w3c(), "custom": context.client_context.custom}


def context_repr(event, context):
    return repr(context)


def public_names(event, context):
    return sorted(name for name in dir(context) if not name.startswith("_"))
