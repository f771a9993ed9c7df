from __future__ import annotations

WHERE = "audit"
