"""Lambda's recursive loop detection, for the SQS event source mappings of a ``Stack``.

invocation-recursion.html (https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html):
Lambda tracks each chain of requests (its lineage, in the X-Ray trace header the AWS SDK passes
on) and, when a function would be invoked more than about 16 times in the same chain, stops that
invocation. The function's ``RecursiveLoop`` setting is ``Terminate`` (the default) or ``Allow``.
For an SQS source the stopped message goes to the queue's dead-letter queue if it has one
(the AWS launch post: "sends the event to a Dead-Letter Queue ... if configured"), else it is
dropped. Here the chain is followed in process: a message that an invocation of a mapped queue
sends to a mapped queue is one step further down its chain than that invocation.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from pytest_lambda.runtime import LambdaFunction

__all__ = ["LIMIT", "Lineage"]

# "Lambda stops ... after 16 recursive calls" (whats-new 2023-07, invocation-recursion.html).
LIMIT: Final = 16


class Lineage:
    """How far down its chain each message of the stack's mapped queues is (0: sent from outside)."""

    def __init__(self, account_id: str, region: str, queues: Sequence[str], allow: Sequence[LambdaFunction]) -> None:
        self._account_id = account_id
        self._region = region
        self._queues = list(queues)
        self._allow = list(allow)
        self.depth: dict[str, int] = {}

    def terminates(self, function: LambdaFunction) -> bool:
        """Whether ``function`` is stopped in a loop (``RecursiveLoop: Terminate``, the default)."""
        return not any(allowed is function for allowed in self._allow)

    def looping(self, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """The records whose invocation would be the chain's 17th."""
        return [record for record in records if self.depth.get(record["messageId"], 0) >= LIMIT]

    def _message_ids(self) -> set[str]:
        from moto.sqs.models import sqs_backends

        queues = sqs_backends[self._account_id][self._region].queues
        return {message.id for name in self._queues for message in queues[name]._messages}

    @contextmanager
    def running(self, records: Sequence[dict[str, Any]]) -> Iterator[None]:
        """While an invocation with ``records`` runs: what it sends to a mapped queue is a step further."""
        depth = 1 + max(self.depth.get(record["messageId"], 0) for record in records)
        before = self._message_ids()
        try:
            yield
        finally:
            self.depth.update(dict.fromkeys(self._message_ids() - before, depth))
