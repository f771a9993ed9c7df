"""A bucket's Lambda notifications (SAM's ``S3`` events): which function each event type and key reaches.

S3 invokes the function asynchronously with the notification of each object created or removed
whose event type and key filter match the configuration (notification-how-to-event-types-and-destinations.html,
notification-how-to-filtering.html: ``prefix`` and ``suffix`` rules). moto would try to run the
function in Docker, so the stack keeps the configuration from moto and delivers the events itself
when moto writes or removes the object (``_notify``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["S3Target", "target_of"]


@dataclass(frozen=True)
class S3Target:
    """One ``LambdaConfigurations`` item: its event type, the function's logical id, the key filter."""

    event: str
    function: str
    prefix: str = ""
    suffix: str = ""

    def wants(self, event_name: str, key: str) -> bool:
        """Whether this configuration is notified of ``event_name`` (``ObjectCreated:Put``) for ``key``."""
        wanted = self.event.removeprefix("s3:")
        kind = wanted.removesuffix(":*")
        matches = wanted == event_name or (wanted.endswith(":*") and event_name.startswith(kind + ":"))
        return matches and key.startswith(self.prefix) and key.endswith(self.suffix)


def target_of(configuration: Mapping[str, Any], function: str) -> S3Target:
    rules = ((configuration.get("Filter") or {}).get("S3Key") or {}).get("Rules") or []
    named = {str(rule.get("Name", "")).lower(): str(rule.get("Value", "")) for rule in rules}
    return S3Target(str(configuration.get("Event", "")), function, named.get("prefix", ""), named.get("suffix", ""))
