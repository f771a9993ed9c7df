from __future__ import annotations

import os


def handler(event, context):
    return {key: os.environ.get(key) for key in event["keys"]}
