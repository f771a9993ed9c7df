"""Lambda's recursive loop detection, for a ``Stack``'s wiring: SQS mappings, S3 notifications, SNS.

invocation-recursion.html (https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html):
Lambda tracks each chain of requests (its lineage, in the X-Ray trace header the AWS SDK passes
on through SQS, SNS and S3) and, when a function would be invoked more than 16 times in the same
chain, stops that invocation. The function's ``RecursiveLoop`` setting is ``Terminate`` (the
default) or ``Allow``. Here the chain is followed in process: what an invocation of the stack's
wiring sends (an SQS message, an S3 write, an SNS publish) while it runs is one step further down
its chain than that invocation (``CHAIN``, the running invocation's depth; 0 in the test itself).
An SQS message keeps the depth it was sent at (``SQSBackend.send_message``, which SNS's SQS
subscriptions go through too, is watched while a stack is alive).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from pytest_lambda.aws.sqs import SQSEventSourceMapping
    from pytest_lambda.runtime import LambdaFunction

__all__ = ["CHAIN", "LIMIT", "Lineage", "chain", "sqs_depth", "watch_sqs"]

# "Lambda stops ... after 16 recursive calls" (whats-new 2023-07, invocation-recursion.html).
LIMIT: Final = 16
# The depth in its chain of the wired invocation running now (1: started by the test's own write).
CHAIN: ContextVar[int] = ContextVar("pytest_lambda_chain", default=0)
# Message id -> moto's SQS message, whose ``_DEPTH`` attribute is the depth of its sender.
_MESSAGES: weakref.WeakValueDictionary[str, Any] = weakref.WeakValueDictionary()
_DEPTH: Final = "_pytest_lambda_chain_depth"
_WATCHED: list[Any] = []  # moto's SQSBackend.send_message, once wrapped


@contextmanager
def chain(depth: int) -> Iterator[None]:
    """While an invocation at ``depth`` runs: what it sends is at ``depth``."""
    token = CHAIN.set(depth)
    try:
        yield
    finally:
        CHAIN.reset(token)


def sqs_depth(message_id: str) -> int:
    """The depth of the invocation that sent the SQS message ``message_id`` (0: sent from outside)."""
    message = _MESSAGES.get(message_id)
    return 0 if message is None else int(getattr(message, _DEPTH, 0))


def watch_sqs() -> None:
    """Note the chain depth of every SQS message sent while a wired invocation runs (once a process)."""
    if _WATCHED:
        return
    from moto.sqs.models import SQSBackend

    original = SQSBackend.send_message

    def send_message(self: Any, *args: Any, **kwargs: Any) -> Any:
        message = original(self, *args, **kwargs)
        depth = CHAIN.get()
        if depth:
            setattr(message, _DEPTH, depth)
            _MESSAGES[message.id] = message
        return message

    send_message.__wrapped__ = original  # type: ignore[attr-defined]
    SQSBackend.send_message = send_message  # type: ignore[method-assign]
    _WATCHED.append(original)


class Lineage:
    """The chains of a stack's mapped queues, and what was stopped in them."""

    def __init__(self, allow: Sequence[LambdaFunction]) -> None:
        self._allow = list(allow)
        # The SQS records not invoked with (the 17th invocation), by the mapping that received them.
        self.stopped: list[tuple[SQSEventSourceMapping, dict[str, Any]]] = []

    def terminates(self, function: LambdaFunction) -> bool:
        """Whether ``function`` is stopped in a loop (``RecursiveLoop: Terminate``, the default)."""
        return not any(allowed is function for allowed in self._allow)

    def looping(self, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """The records whose invocation would be the chain's 17th."""
        return [record for record in records if sqs_depth(record["messageId"]) >= LIMIT]

    @contextmanager
    def running(self, records: Sequence[dict[str, Any]]) -> Iterator[None]:
        """While an invocation with ``records`` runs: what it sends is a step further down the chain."""
        with chain(1 + max(sqs_depth(record["messageId"]) for record in records)):
            yield
