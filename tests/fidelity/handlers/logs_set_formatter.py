"""Replaces the format of the runtime's root handler, a common idiom."""

from __future__ import annotations

import logging

logging.getLogger().handlers[0].setFormatter(logging.Formatter("%(levelname)s|%(name)s|%(message)s\n"))


def handler(event, context):
    logging.warning("formatted by the user")
    return "ok"
