"""Where dead letters and invocation records go besides the function's own lists: the destinations registered here.

The harness knows no AWS service: ``pytest_lambda.aws`` registers one that delivers to moto's queues,
topics, buses and buckets while moto's mock runs. Anything with a ``deliver`` method will do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pytest_lambda.runtime.results import DeadLetter, DestinationRecord

__all__ = ["Destination", "deliver", "register_destination"]


class Destination(Protocol):
    """Receives what an asynchronous invocation sent to its dead-letter queue and destinations."""

    def deliver(
        self,
        dead_letters: Sequence[DeadLetter],
        records: Sequence[DestinationRecord],
        *,
        function_arn: str,
        default_dead_letter_queue: str,
    ) -> None:
        """``function_arn`` is the qualified ARN; ``default_dead_letter_queue`` the queue used unless one was set."""


_DESTINATIONS: list[Destination] = []


def register_destination(destination: Destination) -> None:
    """Have ``destination`` receive every later invocation's dead letters and records (once)."""
    if destination not in _DESTINATIONS:
        _DESTINATIONS.append(destination)


def deliver(
    dead_letters: Sequence[DeadLetter],
    records: Sequence[DestinationRecord],
    *,
    function_arn: str,
    default_dead_letter_queue: str,
) -> None:
    """Hand an invocation's dead letters and records to every registered destination, in order."""
    if not dead_letters and not records:
        return
    for destination in _DESTINATIONS:
        destination.deliver(
            dead_letters, records, function_arn=function_arn, default_dead_letter_queue=default_dead_letter_queue
        )
