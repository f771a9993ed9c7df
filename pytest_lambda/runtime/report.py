"""The REPORT of an invocation: duration, billed duration, memory, and an estimate of the cost."""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass
from typing import Literal

Architecture = Literal["x86_64", "arm64"]
ARCHITECTURES: tuple[Architecture, ...] = ("x86_64", "arm64")
Status = Literal["success", "error", "timeout"]

# us-east-1 first-tier prices, https://aws.amazon.com/lambda/pricing/ (read 2026-12-07; see the
# project's aws-semantics notes): requests $0.20 per million, duration per GB-second.
PRICE_PER_REQUEST_USD = 0.0000002  # $0.20 per million; a literal, so the JSON report writes 2e-07
PRICE_PER_GB_SECOND_USD: dict[Architecture, float] = {"x86_64": 0.0000166667, "arm64": 0.0000133334}


# getrusage's ru_maxrss per MB: Linux reports kilobytes, macOS bytes.
RSS_UNIT = 1024 * 1024 if sys.platform == "darwin" else 1024


@dataclass(slots=True)
class Report:
    """One invocation's REPORT: what Lambda logs and bills after the handler returns."""

    request_id: str
    duration_ms: float
    billed_duration_ms: int
    memory_size_mb: int
    max_memory_used_mb: int
    init_duration_ms: float | None
    status: Status
    error_type: str | None
    architecture: Architecture

    @classmethod
    def measure(
        cls,
        request_id: str,
        duration_ms: float,
        init_ms: float | None,
        maxrss: int,
        memory_size_mb: int,
        status: Status,
        error_type: str | None,
        architecture: Architecture,
    ) -> Report:
        """The REPORT from raw numbers: durations in ms, ``maxrss`` as ``getrusage`` gives it."""
        duration_ms = round(duration_ms, 2)
        init_ms = None if init_ms is None else round(init_ms, 2)
        # Billed rounds up to 1 ms and, since 2025-08-01, includes a cold start's init:
        # https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/
        billed = max(math.ceil(duration_ms + init_ms) if init_ms else math.ceil(duration_ms), 1)
        used = min(math.ceil(maxrss / RSS_UNIT), memory_size_mb)
        return cls(request_id, duration_ms, billed, memory_size_mb, used, init_ms, status, error_type, architecture)

    @property
    def cost_usd(self) -> float:
        """Request price plus GB-seconds of billed duration at the first-tier price of the architecture."""
        gb_seconds = self.memory_size_mb / 1024 * self.billed_duration_ms / 1000
        return PRICE_PER_REQUEST_USD + gb_seconds * PRICE_PER_GB_SECOND_USD[self.architecture]

    def line(self) -> str:
        """The text-format REPORT line, fields tab-separated with a trailing tab, as Lambda writes it."""
        fields = [
            f"REPORT RequestId: {self.request_id}",
            f"Duration: {self.duration_ms:.2f} ms",
            f"Billed Duration: {self.billed_duration_ms} ms",
            f"Memory Size: {self.memory_size_mb} MB",
            f"Max Memory Used: {self.max_memory_used_mb} MB",
        ]
        if self.init_duration_ms is not None:
            fields.append(f"Init Duration: {self.init_duration_ms:.2f} ms")
        if self.status != "success":
            fields.append(f"Status: {self.status}")
            if self.error_type:
                fields.append(f"Error Type: {self.error_type}")
        return "\t".join(fields) + "\t\n"

    def json_line(self, time_iso: str) -> str:
        """The JSON-format ``platform.report`` event of the Telemetry API schema."""
        metrics: dict[str, float | int] = {
            "durationMs": self.duration_ms,
            "billedDurationMs": self.billed_duration_ms,
            "memorySizeMB": self.memory_size_mb,
            "maxMemoryUsedMB": self.max_memory_used_mb,
        }
        if self.init_duration_ms is not None:
            metrics["initDurationMs"] = self.init_duration_ms
        record: dict[str, object] = {"requestId": self.request_id, "metrics": metrics, "status": self.status}
        if self.error_type:
            record["errorType"] = self.error_type
        return json.dumps({"time": time_iso, "type": "platform.report", "record": record}) + "\n"
