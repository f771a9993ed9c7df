"""Removes the runtime's root handler and installs its own, an idiom seen in many functions."""

from __future__ import annotations

import logging

root = logging.getLogger()
for existing in list(root.handlers):
    root.removeHandler(existing)
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")


def handler(event, context):
    logging.info("after replacing the handlers")
    return "ok"
