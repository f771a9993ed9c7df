"""Imports a package the deployment package lacks: the most common init error."""

from __future__ import annotations

import package_not_deployed  # noqa: F401


def handler(event, context):
    return None
