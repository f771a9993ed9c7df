"""Logging at every level while the runtime imports the module."""

from __future__ import annotations

import logging

logging.debug("init debug")
logging.info("init info")
logging.warning("init warning")
logging.error("init error")
logging.critical("init critical")


def handler(event, context):
    logging.info("invoke info")
    return "ok"
