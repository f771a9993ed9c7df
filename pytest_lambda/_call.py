"""One handler call as the runtime makes it, with what the harness sets around it.

The event is parsed from the request body, the handler called, its response marshalled; around
that, output goes to the environment's log sink (``logs.Redirect``) and the watchdog's timer is
armed (``_watchdog.watchdog``), and both are undone whatever happens. This runs on every invoke,
so what those two context managers do is written out here, in one frame instead of five.
"""

from __future__ import annotations

import signal
import sys
from typing import Any

from pytest_lambda import _watchdog, logs
from pytest_lambda._runtime import Handler, event_scan, marshal_response, response_chunks, unmarshal_request
from pytest_lambda._watchdog import HAS_TIMERS, ITIMER_REAL, MAIN, get_ident
from pytest_lambda.logs import DISPATCHER, LogSink

# Absent on Windows, where HAS_TIMERS is false and it is never called.
_setitimer: Any = getattr(signal, "setitimer", None)
_join = "".join


class HandlerCall:
    """Calls a handler for one execution environment: ``call(handler, body, context)``."""

    __slots__ = ("_buffer", "_seconds", "_sink")

    def __init__(self, sink: LogSink, seconds: float) -> None:
        self._sink = sink
        self._buffer = sink.buffer
        self._seconds = seconds

    def __call__(self, handler: Handler, body: str | bytes, context: Any) -> str | bytes:
        """The marshalled response; raises what the handler, the runtime or the watchdog raised."""
        # logs.Redirect.__enter__
        held_logs = DISPATCHER.installs == 0
        if held_logs:
            logs.hold()
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = self._buffer
        previous, DISPATCHER.sink = DISPATCHER.sink, self._sink
        try:
            # watchdog.__enter__: signals reach the main thread only.
            timed = HAS_TIMERS and get_ident() == MAIN[0]
            if timed:
                state = _watchdog.STATE
                held_timer = state.installs == 0
                if held_timer:
                    _watchdog.hold()
                seconds = self._seconds
                outer_delay, outer_interval = _setitimer(ITIMER_REAL, seconds)
                state.armed = True
            try:
                # A str body is encode_event's: one JSON value without whitespace, which the scanner
                # reads whole. Bytes come from the caller and are parsed the full way.
                event = event_scan(body, 0)[0] if body.__class__ is str else unmarshal_request(body)
                response = handler(event, context)
                if response.__class__ is not bytes:
                    try:
                        return _join(response_chunks(response, 0))
                    except Exception:
                        pass  # marshal_response raises the runtime's error (or handles a circular value)
                return marshal_response(response)
            finally:
                # watchdog.__exit__: an outer SIGALRM user (pytest-timeout) gets its timer back.
                if timed:
                    state.armed = False
                    left, _ = _setitimer(ITIMER_REAL, 0)
                    if held_timer:
                        _watchdog.release()
                    if outer_delay > 0:
                        _setitimer(ITIMER_REAL, max(outer_delay - (seconds - left), 0.001), outer_interval)
        finally:
            # logs.Redirect.__exit__
            DISPATCHER.sink = previous
            sys.stdout, sys.stderr = stdout, stderr
            if held_logs:
                logs.release()
