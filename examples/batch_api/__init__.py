"""An API Gateway handler that processes a batch of order lines and stops before it times out."""

from __future__ import annotations
