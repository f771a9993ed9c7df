"""The JSON that crosses the Invoke API and the Runtime API: request body, event, response.

The request body is checked against Lambda's payload limits; the event is parsed and the response
marshalled as awslambdaric 4.2.2 does (``lambda_runtime_marshaller.py``; the encoder is ``json_encoder``).
"""

from __future__ import annotations

import json
import json.scanner
import sys
from collections.abc import Callable
from typing import Any, Literal

from pytest_lambda.errors import ConfigurationError, RequestTooLargeError, with_docs
from pytest_lambda.runtime.faults import MARSHAL_ERROR, UNMARSHAL_ERROR, FaultError
from pytest_lambda.runtime.json_encoder import to_json

InvocationType = Literal["RequestResponse", "Event", "DryRun"]

# https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html: 6 MB sync request and
# response, 1 MB async request (raised from 256 KB in 2025; API_Invoke.html).
SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024
ASYNC_PAYLOAD_LIMIT = 1024 * 1024
# The runtime API refuses a larger response with Function.ResponseSizeTooLarge (6 MiB plus 100 bytes).
RESPONSE_LIMIT = SYNC_PAYLOAD_LIMIT + 100


def _c_encoders(encoder: json.JSONEncoder) -> tuple[Callable[[Any, int], Any], Callable[[], Callable[[Any, int], Any]]]:
    """``encoder``'s C encoder, made once rather than on every call as ``JSONEncoder.encode`` does.

    It is made without circular-reference markers (a dict insert and delete per container): a
    circular value then ends in ``RecursionError``, and only then is it encoded again with a
    checking encoder from the second function, to raise the ``ValueError`` ``encode`` raises.
    """
    make = json.encoder.c_make_encoder  # type: ignore[attr-defined] # CPython's C accelerator, untyped
    basestring = json.encoder.encode_basestring_ascii if encoder.ensure_ascii else json.encoder.encode_basestring
    args = (encoder.default, basestring, None, ": ", ", ", False, False, encoder.allow_nan)
    return make(None, *args), lambda: make({}, *args)


_join = "".join
# NaN and the infinities are not JSON (RFC 8259): Invoke refuses such a body with
# InvalidRequestContentException, "The request body could not be parsed as JSON" (API_Invoke.html).
_event_chunks, _checked_event = _c_encoders(json.JSONEncoder(allow_nan=False))
_decoder = json.JSONDecoder()
_decode = _decoder.decode
# The C scanner that ``decode`` ends in, without its two whitespace regex matches: a body that it
# does not consume whole (leading or trailing whitespace, or an error) goes the full way.
_scan: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(_decoder)  # type: ignore[arg-type] # typeshed types the context oddly


def request_body(event: Any, invocation_type: InvocationType) -> str | bytes:
    """The Invoke request's payload: bytes as given, anything else as JSON, within Lambda's limit."""
    if isinstance(event, (bytes, bytearray)):
        body: str | bytes = bytes(event)
        size = len(body)
    else:
        try:
            body = encode_event(event)
        except (TypeError, ValueError) as exc:
            refused = "InvalidRequestContentException: " if "not JSON compliant" in str(exc) else ""
            raise ConfigurationError(
                with_docs(f"{refused}the event must be JSON-serialisable, as Invoke sends JSON: {exc}", "harness")
            ) from None
        except RecursionError:
            raise ConfigurationError(
                with_docs(
                    "the event is nested too deep to be encoded as JSON here (Python's recursion limit is "
                    f"{sys.getrecursionlimit()}; the runtime's json.loads would fail on it too): flatten it",
                    "harness",
                )
            ) from None
        size = len(body)  # ASCII (json's ensure_ascii): a byte a character
    limit = ASYNC_PAYLOAD_LIMIT if invocation_type == "Event" else SYNC_PAYLOAD_LIMIT
    if size > limit:
        raise RequestTooLargeError(
            with_docs(
                f"RequestEntityTooLargeException: Request must be smaller than {limit} bytes for "
                f"{invocation_type} invocations; this event is {size} bytes",
                "harness",
            )
        )
    return body


def encode_event(event: Any) -> str:
    """The event as ``json.dumps`` writes it, as the Invoke request's payload."""
    try:
        return _join(_event_chunks(event, 0))
    except RecursionError:
        return _join(_checked_event()(event, 0))


def marshal_response(response: Any) -> str | bytes:
    """The response as the runtime sends it: bytes pass through (as application/unknown), anything else becomes JSON."""
    if isinstance(response, bytes):
        return response
    try:
        return to_json(response)
    except Exception as exc:
        raise FaultError(MARSHAL_ERROR, f"Unable to marshal response: {exc}") from None


def unmarshal_request(body: str | bytes) -> Any:
    """The event as the handler receives it: parsed from the request's JSON."""
    try:
        if isinstance(body, str):
            try:
                value, end = _scan(body, 0)
            except StopIteration:
                return _decode(body)
            return value if end == len(body) else _decode(body)
        return json.loads(body)
    except ValueError as exc:
        raise FaultError(UNMARSHAL_ERROR, f"Unable to unmarshal input: {exc}") from None
