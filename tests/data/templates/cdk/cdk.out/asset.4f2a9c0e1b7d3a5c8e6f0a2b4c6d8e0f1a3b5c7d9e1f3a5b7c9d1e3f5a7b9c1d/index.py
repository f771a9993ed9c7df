from __future__ import annotations

import os

from shared_tools import shout


def handler(event, context):
    return {"bucket": os.environ["BUCKET_NAME"], "said": shout(event.get("say", "hi"))}
