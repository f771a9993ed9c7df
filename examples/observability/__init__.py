"""A checkout function instrumented with aws-lambda-powertools Logger, Metrics and Tracer."""

from __future__ import annotations
