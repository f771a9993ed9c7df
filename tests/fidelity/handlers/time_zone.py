"""The zone a handler sees: UTC in Lambda (TZ=:UTC)."""

from __future__ import annotations

import datetime
import time

AT_IMPORT = time.strftime("%z", time.localtime())


def handler(event, context):
    now = datetime.datetime.now()
    utc = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    return {
        "at_import": AT_IMPORT,
        "offset": time.strftime("%z", time.localtime()),
        "tm_zone": time.localtime().tm_zone,
        "now_is_utc": abs((now - utc).total_seconds()) < 60,
        "astimezone": datetime.datetime.now().astimezone().tzname(),
        "tzname": list(time.tzname),
        "timezone": time.timezone,
        "mktime_of_epoch": time.mktime(time.gmtime(0)),
        "fromtimestamp_zero": datetime.datetime.fromtimestamp(0).isoformat(),
    }
