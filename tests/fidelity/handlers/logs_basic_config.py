"""basicConfig at import: a no-op where the root logger already has a handler, as in Lambda."""

from __future__ import annotations

import logging

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s", force=False)


def handler(event, context):
    logging.info("info after basicConfig")
    logging.warning("warning after basicConfig")
    return "ok"
