"""Moved to ``pytest_lambda.runtime.report``; this module keeps the old import path working."""

from __future__ import annotations

from pytest_lambda.runtime.report import (
    ARCHITECTURES,
    PRICE_PER_GB_SECOND_USD,
    PRICE_PER_REQUEST_USD,
    RSS_UNIT,
    Architecture,
    Report,
    Status,
)

__all__ = [
    "ARCHITECTURES",
    "PRICE_PER_GB_SECOND_USD",
    "PRICE_PER_REQUEST_USD",
    "RSS_UNIT",
    "Architecture",
    "Report",
    "Status",
]
