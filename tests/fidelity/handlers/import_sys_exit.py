"""Exits while the runtime imports it."""

from __future__ import annotations

import sys

print("exiting at import")
sys.exit(2)


def handler(event, context):
    return None
