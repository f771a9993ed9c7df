"""What a stack reports instead of simulating: ``stack.not_simulated``."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NotSimulated"]


@dataclass(frozen=True)
class NotSimulated:
    """A resource or setting of the template that neither moto nor this library simulates, and why."""

    logical_id: str
    what: str  # the resource type, or the function property
    reason: str

    def __str__(self) -> str:
        return f"{self.logical_id} ({self.what}): {self.reason}"
