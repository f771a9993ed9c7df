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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_lambda.aws.stack import Stack

__all__ = ["S3Target", "apply_versioning", "target_of"]


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


def apply_versioning(stack: Stack) -> None:
    """Each bucket's ``VersioningConfiguration``, which moto's CloudFormation drops: its events carry version ids."""
    from pytest_lambda.aws.delivery import _client

    client = None
    for logical, resource in stack.template["Resources"].items():
        raw = (resource.get("Properties") or {}).get("VersioningConfiguration")
        if resource.get("Type") != "AWS::S3::Bucket" or raw is None or logical not in stack._physical:
            continue
        status = stack.resolve(raw).get("Status", "Suspended")
        client = client or _client("s3", stack.region, stack.account_id)
        client.put_bucket_versioning(Bucket=stack.physical_id(logical), VersioningConfiguration={"Status": status})
