"""Raises while the runtime imports it: an init error with the import machinery's frames."""

from __future__ import annotations

SETTINGS = {"table": "orders"}
TABLE = SETTINGS["tabel"]


def handler(event, context):
    return TABLE
