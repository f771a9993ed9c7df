"""What the plugin records of the invocations a run makes: each test phase's, for its failure report,
and the run's numbers per function, for the summary (no pytest here: the plugin wires it).

The recorder listens through ``runtime.observers`` only while the plugin needs it, so outside
pytest, or with ``--lambda-logs=no`` and no report asked for, an invoke pays nothing for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pytest_lambda.errors import ConfigurationError, with_docs
from pytest_lambda.runtime import observers

if TYPE_CHECKING:
    from pytest_lambda.runtime.config import FunctionFacts
    from pytest_lambda.runtime.results import InvokeResult

# An invocation, and whether its caller shows its log itself (observers.logs_shown_elsewhere).
Recorded = tuple["FunctionFacts", "InvokeResult", bool]

_shown_elsewhere = observers.SHOWN_ELSEWHERE.get


@dataclass
class FunctionStats:
    """The run's numbers for one function (name, architecture and memory): counts and raw durations.

    Raw durations, not percentiles, so that xdist workers' numbers merge exactly.
    """

    function_name: str
    architecture: str
    memory_size_mb: int
    invocations: int = 0
    attempts: int = 0
    cold_starts: int = 0
    async_retries: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    dead_letters: int = 0
    destination_records: int = 0
    max_memory_used_mb: int = 0
    billed_duration_ms: int = 0
    durations_ms: list[float] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.function_name} ({self.architecture}, {self.memory_size_mb} MB)"

    def add(self, result: InvokeResult) -> None:
        """Count one invocation: each of its attempts is a request Lambda bills."""
        self.invocations += 1
        self.dead_letters += len(result.dead_letters)
        self.destination_records += len(result.destination_records)
        for attempt in result.attempts:
            report = attempt.report
            self.attempts += 1
            self.cold_starts += attempt.cold_start
            self.async_retries += attempt.number > 1
            if attempt.error is not None:
                error_type = str(attempt.error.get("errorType", ""))
                self.errors[error_type] = self.errors.get(error_type, 0) + 1
            self.max_memory_used_mb = max(self.max_memory_used_mb, report.max_memory_used_mb)
            self.billed_duration_ms += report.billed_duration_ms
            self.durations_ms.append(report.duration_ms)

    def merge(self, other: FunctionStats) -> None:
        self.invocations += other.invocations
        self.attempts += other.attempts
        self.cold_starts += other.cold_starts
        self.async_retries += other.async_retries
        for error_type, count in other.errors.items():
            self.errors[error_type] = self.errors.get(error_type, 0) + count
        self.dead_letters += other.dead_letters
        self.destination_records += other.destination_records
        self.max_memory_used_mb = max(self.max_memory_used_mb, other.max_memory_used_mb)
        self.billed_duration_ms += other.billed_duration_ms
        self.durations_ms.extend(other.durations_ms)

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


class RunStats:
    """Every function's ``FunctionStats``, in the order the run first invoked them."""

    def __init__(self) -> None:
        self.functions: dict[str, FunctionStats] = {}

    def add(self, facts: FunctionFacts, result: InvokeResult) -> None:
        key = f"{facts.function_name} ({facts.architecture}, {facts.memory_size} MB)"
        stats = self.functions.get(key)
        if stats is None:
            stats = self.functions[key] = FunctionStats(facts.function_name, facts.architecture, facts.memory_size)
        stats.add(result)

    def merge(self, data: list[dict[str, Any]]) -> None:
        """Add what ``to_data`` gave (in another process: an xdist worker)."""
        for item in data:
            stats = FunctionStats(**item)
            known = self.functions.setdefault(stats.key, FunctionStats(stats.function_name, stats.architecture,
                                                                       stats.memory_size_mb))  # fmt: skip
            known.merge(stats)

    def to_data(self) -> list[dict[str, Any]]:
        """Plain data (what execnet can send from an xdist worker)."""
        return [stats.to_dict() for stats in self.functions.values()]


class Recorder:
    """Hears every finished invocation while installed; ``take`` hands over those made since the last call.

    With ``stats`` the run's numbers are counted as they are taken.
    """

    def __init__(self, stats: RunStats | None) -> None:
        self.stats = stats
        self._pending: list[Recorded] = []

    def record(self, facts: FunctionFacts, result: InvokeResult) -> None:
        """The observer: a bound method, which Python calls faster than an instance's ``__call__``."""
        self._pending.append((facts, result, _shown_elsewhere()))

    def take(self) -> list[Recorded]:
        taken, self._pending = self._pending, []
        if self.stats is not None:
            for facts, result, _ in taken:
                self.stats.add(facts, result)
        return taken

    def install(self) -> Recorder:
        observers.OBSERVERS.append(self.record)
        return self

    def uninstall(self) -> None:
        observers.OBSERVERS.remove(self.record)


def log_section(recorded: list[Recorded], max_lines: int) -> str:
    """The ``Captured Lambda logs`` text: per attempt a header line, then its log as the stream holds it.

    Over ``max_lines`` lines (0: no limit), the head and the tail are kept, with a note of what was cut.
    Empty if every log is shown elsewhere.
    """
    parts: list[str] = []
    for facts, result, shown_elsewhere in recorded:
        if shown_elsewhere:
            continue
        count = len(result.attempts)
        for attempt in result.attempts:
            invocation: str = result.invocation_type
            if count > 1 or attempt.number > 1:
                invocation = f"{invocation} attempt {attempt.number} of {count}"
            outcome: str = attempt.outcome
            if attempt.error is not None and outcome == "error":
                outcome = f"error {attempt.error.get('errorType', '')}"
            cold = ", cold start" if attempt.cold_start else ""
            parts.append(f"--- {facts.function_name}: {invocation}, request {result.request_id}{cold}: {outcome}\n")
            parts.append(attempt.logs)
    return cut_lines(line_breaks("".join(parts)), max_lines)


def line_breaks(text: str) -> str:
    """``text`` with carriage returns as line breaks: the runtime joins the lines of one log entry (its
    ``[ERROR]`` entry's traceback) with them, and a terminal would print each over the one before."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def cut_lines(text: str, max_lines: int) -> str:
    """``text`` with at most ``max_lines`` lines (0: all): the first half and the last, and a note between."""
    lines = text.splitlines(keepends=True)
    if max_lines <= 0 or len(lines) <= max_lines:
        return text
    head = max_lines // 2
    tail = max_lines - head
    note = (
        f"... {len(lines) - max_lines} of {len(lines)} lines cut here: "
        "--lambda-logs-max-lines=0 (ini lambda_logs_max_lines) shows them all ...\n"
    )
    # Only the text's last line may lack its newline, and it is in the tail.
    return "".join(lines[:head]) + note + "".join(lines[len(lines) - tail :])


LOGS_MODES = ("failed", "all", "no")
# A section longer than this is cut to its head and tail unless told otherwise.
DEFAULT_MAX_LINES = 200


def check_logs_mode(value: str, source: str) -> str:
    """``--lambda-logs``: ``failed`` (in failure reports, and with ``-rP``), ``all`` (passed tests' too) or ``no``."""
    if value not in LOGS_MODES:
        raise ConfigurationError(
            with_docs(f"{source}={value!r} is not one of {', '.join(LOGS_MODES)}", "lambda-logs-in-failure-reports")
        )
    return value


def parse_max_lines(raw: str, source: str) -> int:
    """``--lambda-logs-max-lines``: a whole number >= 0 (0: no limit)."""
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise ConfigurationError(
            with_docs(
                f"{source}={raw!r} is not a whole number >= 0 (0 shows every line)", "lambda-logs-in-failure-reports"
            )
        )
    return value
