"""A handler in a package, named with a slash as the console names it ("pkg/nested.handler")."""

from __future__ import annotations


def handler(event, context):
    return {"module": __name__}
