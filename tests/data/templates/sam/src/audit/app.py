from __future__ import annotations

import helpers


def handler(event, context):
    return helpers.WHERE
