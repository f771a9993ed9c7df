"""Raises at import with a non-ASCII message."""

from __future__ import annotations

raise RuntimeError("configuración inválida ✗")


def handler(event, context):
    return None
