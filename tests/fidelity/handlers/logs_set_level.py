"""Lowers the root level at import so that info messages are written."""

from __future__ import annotations

import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def handler(event, context):
    logger.info("info after setLevel")
    logger.debug("debug still filtered")
    return "ok"
