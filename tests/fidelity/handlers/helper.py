"""A module the handlers import, so that frames come from two files of the function."""

from __future__ import annotations


def explode(message):
    raise LookupError(message)
