"""Logging during the invoke, at every level, the ways users log."""

from __future__ import annotations

import datetime
import logging

logger = logging.getLogger()
app = logging.getLogger("app.orders")


def every_level(event, context):
    logger.debug("debug message")
    logger.info("info message")
    logger.warning("warning message")
    logger.error("error message")
    logger.critical("critical message")
    logging.log(5, "level five")
    logging.log(25, "level twenty-five")
    return "logged"


def named_logger(event, context):
    app.warning("order %s shipped", 7)
    app.info("order %d billed", 7)
    return "logged"


def with_exception(event, context):
    try:
        return event["missing"]
    except KeyError:
        logger.exception("lookup failed")
        return "recovered"


def extra_fields(event, context):
    logger.warning("with extra", extra={"orderId": 7, "when": datetime.date(2024, 1, 2), "tags": ["a"]})
    return "logged"


def dict_message(event, context):
    logger.warning({"event": "shipped", "orderId": 7})
    logger.warning({"event": "with args %s"}, "x")
    return "logged"


def multi_line(event, context):
    logger.warning("line one\nline two")
    return "logged"


def non_ascii(event, context):
    logger.warning("café ✓ 日本語")
    return "logged"


def bad_format(event, context):
    logger.warning("%d items", "three")
    return "not reached in Lambda"


def bad_format_arguments(event, context):
    logger.warning("%s and %s", "only one")
    return "not reached in Lambda"


def context_log(event, context):
    context.log("via context.log")
    context.log(" and again\n")
    return "logged"
