"""Logs at import, then fails: the runtime's LAMBDA_WARNING and [ERROR] entries follow."""

from __future__ import annotations

import logging

logging.info("init info before failing")
logging.error("init error before failing")
raise ValueError("init failed")


def handler(event, context):
    return None
