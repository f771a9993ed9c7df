"""What an invocation left for its observers: the metrics, structured log records and X-Ray documents.

``Attempt`` and ``InvokeResult`` share these properties; each parses an attempt's log, or claims its
documents from the X-Ray sink, the first time a test reads it, so an invoke pays nothing for them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from pytest_lambda.runtime import xray

if TYPE_CHECKING:
    from pytest_lambda.runtime.emf import Metric, MetricError

__all__ = ["Observations", "Observed"]


class Observations:
    """One attempt's metrics, records and trace, parsed when first read and kept."""

    __slots__ = ("_emf", "_logs", "_trace", "_trace_id")

    def __init__(self, logs: Callable[[], str], trace_id: str | None) -> None:
        self._logs = logs  # the attempt's log text, put together when called
        self._trace_id = trace_id
        self._emf: tuple[list[Metric], list[MetricError]] | None = None
        self._trace: list[dict[str, Any]] | None = None

    def emf(self) -> tuple[list[Metric], list[MetricError]]:
        if self._emf is None:
            from pytest_lambda.runtime import emf  # the first time a test reads metrics, not at start-up

            self._emf = emf.parse(self._logs())
        return self._emf

    def log_records(self) -> list[dict[str, Any]]:
        from pytest_lambda.runtime import emf

        return emf.log_records(self._logs())

    def trace(self) -> list[dict[str, Any]]:
        if self._trace is None:
            # Only sampled invocations have a trace id here: the SDK sends nothing for the others.
            self._trace = [] if self._trace_id is None else xray.documents(self._trace_id)
        return self._trace


class Observed:
    """``metrics``, ``metric_errors``, ``metric()``, ``log_records`` and ``trace`` over ``_observations()``."""

    __slots__ = ()

    if TYPE_CHECKING:  # each class says which attempts it observes

        def _observations(self) -> Sequence[Observations]: ...

    @property
    def metrics(self) -> list[Metric]:
        """Every metric of the EMF documents written to the log; fails if CloudWatch would reject one."""
        __tracebackhide__ = True
        from pytest_lambda.runtime import emf

        metrics, errors = self._emf()
        emf.raise_for_errors(errors)
        return metrics

    @property
    def metric_errors(self) -> list[MetricError]:
        """The EMF documents CloudWatch would reject, each with the reason."""
        return self._emf()[1]

    def metric(self, name: str, /, **dimensions: str) -> Metric:
        """The one metric called ``name`` whose dimensions include ``dimensions``; fails listing the metrics."""
        __tracebackhide__ = True
        from pytest_lambda.runtime import emf

        return emf.find_metric(self.metrics, name, dimensions)

    @property
    def log_records(self) -> list[dict[str, Any]]:
        """The log lines that are JSON objects (structured logs), parsed; platform events and EMF left out."""
        return [record for part in self._observations() for record in part.log_records()]

    @property
    def trace(self) -> list[dict[str, Any]]:
        """The X-Ray documents the function's SDK sent (sampled invocations only), as it sent them."""
        return [document for part in self._observations() for document in part.trace()]

    def _emf(self) -> tuple[list[Metric], list[MetricError]]:
        metrics: list[Metric] = []
        errors: list[MetricError] = []
        for part in self._observations():
            found, rejected = part.emf()
            metrics += found
            errors += rejected
        return metrics, errors
