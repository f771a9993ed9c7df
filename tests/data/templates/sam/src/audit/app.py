import helpers


def handler(event, context):
    return helpers.WHERE
