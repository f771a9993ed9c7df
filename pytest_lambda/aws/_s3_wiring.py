"""A bucket's Lambda notifications (SAM's ``S3`` events): objects written or removed in moto, delivered.

S3 invokes the function asynchronously with the notification of each object created or removed
whose event type and key filter match the configuration (notification-how-to-event-types-and-destinations.html,
notification-how-to-filtering.html: ``prefix`` and ``suffix`` rules). moto would try to run the
function in Docker, so the stack keeps the configuration from moto and compares the bucket's
objects at each ``stack.drain()`` with what it saw before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["BucketWatch", "S3Target"]


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


@dataclass
class BucketWatch:
    """A bucket's notified functions and the objects (key -> ETag) seen so far."""

    bucket: str
    targets: list[S3Target]
    seen: dict[str, str] = field(default_factory=dict)

    def changes(self, client: Any) -> list[tuple[str, str]]:
        """``(event name, key)`` of the objects written or removed since the last look, by key."""
        now: dict[str, str] = {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            now.update({item["Key"]: item["ETag"] + str(item["LastModified"]) for item in page.get("Contents", [])})
        written = [("ObjectCreated:Put", key) for key, tag in now.items() if self.seen.get(key) != tag]
        removed = [("ObjectRemoved:Delete", key) for key in self.seen if key not in now]
        self.seen = now
        return sorted(written + removed, key=lambda change: change[1])
