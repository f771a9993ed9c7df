"""The run summary (``--lambda-report``, ``--lambda-report-json``): per function what its invocations did,
and what they would cost in Lambda at the prices given; rendered as aligned tables or as JSON.

The terminal tables are drawn from the JSON document, so the two always say the same.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pytest_lambda.errors import ConfigurationError, with_docs
from pytest_lambda.recording import FunctionStats, RunStats
from pytest_lambda.runtime.report import ARCHITECTURES, PRICE_PER_GB_SECOND_USD, PRICE_PER_REQUEST_USD

# Where the default prices come from (report.py holds them): us-east-1, first tier, no free tier.
PRICING_URL = "https://aws.amazon.com/lambda/pricing/"
PRICES_READ = "2026-12-07"
PRICES_REGION = "us-east-1"

# A month of the projection: 30 days (our convention, stated in the README and the summary).
RATE_UNITS: dict[str, float] = {"month": 1.0, "day": 30.0, "hour": 30 * 24.0, "second": 30 * 24 * 3600.0}

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Prices:
    """USD per request and per GB-second of each architecture."""

    request_usd: float = PRICE_PER_REQUEST_USD
    gb_second_usd: Mapping[str, float] = field(default_factory=lambda: _default_gb_second())


def _default_gb_second() -> dict[str, float]:
    return {arch: PRICE_PER_GB_SECOND_USD[arch] for arch in ARCHITECTURES}


_PRICE_KEYS = ("request", *ARCHITECTURES)


def parse_prices(text: str, source: str) -> Prices:
    """``request=0.0000002,x86_64=0.0000166667,arm64=0.0000133334``, any of them; the others keep the defaults."""
    request = PRICE_PER_REQUEST_USD
    per_gb_second = _default_gb_second()
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, _, raw = item.partition("=")
        key = key.strip()
        if key not in _PRICE_KEYS:
            raise ConfigurationError(
                with_docs(
                    f"{source}: unknown price {key!r}; the prices are {', '.join(_PRICE_KEYS)}", "the-run-summary"
                )
            )
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not value >= 0 or math.isinf(value):
            raise ConfigurationError(
                with_docs(f"{source}: {key}={raw.strip()!r} is not a price in USD (a number >= 0)", "the-run-summary")
            )
        if key == "request":
            request = value
        else:
            per_gb_second[key] = value
    return Prices(request, per_gb_second)


def parse_rate(text: str, source: str) -> float:
    """``1000000/month`` (or ``/day``, ``/hour``, ``/second``): the requests per month it means."""
    number, _, unit = text.strip().partition("/")
    try:
        count = float(number.replace("_", "").replace(",", ""))
    except ValueError:
        count = -1.0
    unit = unit.strip()
    if unit not in RATE_UNITS or not count > 0 or math.isinf(count):
        raise ConfigurationError(
            with_docs(
                f"{source}={text!r} is not a request rate: a number > 0 then /{', /'.join(RATE_UNITS)} "
                "(e.g. 1000000/month)",
                "the-run-summary",
            )
        )
    return count * RATE_UNITS[unit]


def check_json_path(path: str, source: str) -> str:
    """``--lambda-report-json``: a writable file path; its folder is made, as pytest's ``--junitxml`` makes it.

    Checked when pytest starts, so a typo does not cost a whole run and end in a traceback.
    """
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        problem = f"its folder cannot be made ({exc.strerror or exc})"
    else:
        if os.path.isdir(path):
            problem = "it is a folder: give a file name, e.g. lambda-report.json"
        elif not os.access(path if os.path.exists(path) else folder, os.W_OK):
            problem = "it cannot be written (no permission)"
        else:
            return path
    raise ConfigurationError(with_docs(f"{source}={path!r}: {problem}", "the-run-summary"))


def percentile(values: Sequence[float], p: int) -> float:
    """The nearest-rank ``p``-th percentile (1-100): the smallest value at or above ``p`` % of them."""
    ordered = sorted(values)
    rank = max(1, -(-p * len(ordered) // 100))
    return ordered[rank - 1]


def gb_seconds(stats: FunctionStats) -> float:
    """Billed GB-seconds: configured memory times billed duration (init included on cold starts)."""
    return stats.memory_size_mb / 1024 * stats.billed_duration_ms / 1000


def cost_usd(stats: FunctionStats, prices: Prices, architecture: str) -> float:
    """What the attempts would cost on ``architecture``: each a request, plus their GB-seconds."""
    return stats.attempts * prices.request_usd + gb_seconds(stats) * prices.gb_second_usd[architecture]


def summary_data(stats: RunStats, prices: Prices, rate: tuple[str, float] | None) -> dict[str, Any]:
    """The JSON document of the run (README, "The run summary", describes its schema)."""
    functions: list[dict[str, Any]] = []
    for item in stats.functions.values():
        if not item.durations_ms:
            continue
        costs = {arch: cost_usd(item, prices, arch) for arch in ARCHITECTURES}
        monthly = None
        if rate is not None:
            monthly = {arch: rate[1] * cost / item.invocations for arch, cost in costs.items()}
        functions.append(
            {
                "function_name": item.function_name,
                "architecture": item.architecture,
                "memory_size_mb": item.memory_size_mb,
                "invocations": item.invocations,
                "attempts": item.attempts,
                "cold_starts": item.cold_starts,
                "async_retries": item.async_retries,
                "errors": dict(sorted(item.errors.items())),
                "dead_letters": item.dead_letters,
                "destination_records": item.destination_records,
                "duration_ms": {
                    "p50": percentile(item.durations_ms, 50),
                    "p95": percentile(item.durations_ms, 95),
                    "max": max(item.durations_ms),
                },
                "max_memory_used_mb": item.max_memory_used_mb,
                "billed_duration_ms": item.billed_duration_ms,
                "billed_gb_seconds": gb_seconds(item),
                "cost_usd": costs,
                "monthly_cost_usd": monthly,
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "prices": {
            "request_usd": prices.request_usd,
            "gb_second_usd": dict(prices.gb_second_usd),
            "source": PRICING_URL,
            "read": PRICES_READ,
            "region": PRICES_REGION,
        },
        "rate": None if rate is None else {"given": rate[0], "requests_per_month": rate[1]},
        "functions": functions,
        "totals": {
            "invocations": sum(item["invocations"] for item in functions),
            "attempts": sum(item["attempts"] for item in functions),
            "errors": sum(sum(item["errors"].values()) for item in functions),
            # Each function at its own architecture.
            "cost_usd": sum(item["cost_usd"][item["architecture"]] for item in functions),
        },
    }


Line = tuple[str, dict[str, bool]]


def summary_lines(data: Mapping[str, Any]) -> list[Line]:
    """The terminal summary: an activity table, a cost table, and where the prices come from."""
    functions = data["functions"]
    if not functions:
        return [("no Lambda invocations", {})]
    activity = [["function", "arch", "memory", "invocations", "cold", "retries", "DLQ", "dest",
                 "p50 ms", "p95 ms", "max ms", "max used", "errors"]]  # fmt: skip
    marks: list[dict[str, bool]] = [{"bold": True}]
    for item in functions:
        durations = item["duration_ms"]
        errors = ", ".join(f"{name} {count}" for name, count in item["errors"].items())
        activity.append([
            item["function_name"], item["architecture"], f"{item['memory_size_mb']} MB", str(item["invocations"]),
            str(item["cold_starts"]), str(item["async_retries"]), str(item["dead_letters"]),
            str(item["destination_records"]), f"{durations['p50']:.2f}", f"{durations['p95']:.2f}",
            f"{durations['max']:.2f}", f"{item['max_memory_used_mb']} MB", errors or "-",
        ])  # fmt: skip
        marks.append({"red": True} if errors else {})
    rate = data["rate"]
    cost_header = ["function", "arch", "memory", "requests", "GB-s", "x86_64 USD", "arm64 USD"]
    if rate is not None:
        cost_header += ["x86_64 USD/month", "arm64 USD/month"]
    costs = [cost_header]
    for item in functions:
        row = [item["function_name"], item["architecture"], f"{item['memory_size_mb']} MB", str(item["attempts"]),
               f"{item['billed_gb_seconds']:.6f}",
               *(f"{item['cost_usd'][arch]:.8f}" for arch in ARCHITECTURES)]  # fmt: skip
        if item["monthly_cost_usd"] is not None:
            row += [f"{item['monthly_cost_usd'][arch]:,.2f}" for arch in ARCHITECTURES]
        costs.append(row)
    prices = data["prices"]
    per_gb = ", ".join(f"{arch} ${prices['gb_second_usd'][arch]:.10f}" for arch in ARCHITECTURES)
    notes = [
        f"prices: ${prices['request_usd'] * 1_000_000:.2f} per million requests; per GB-second {per_gb}",
        f"  ({prices['region']}, first tier, no free tier: {prices['source']}, read {prices['read']}); "
        "every attempt is a request",
    ]
    if rate is not None:
        notes.append(
            f"per month: {rate['given']} = {rate['requests_per_month']:,.0f} invocations in 30 days, for each "
            "function, with this run's durations, retries and cold starts"
        )
    return [
        *zip(_aligned(activity, frozenset({0, 1, 2, 12})), marks, strict=True),
        ("", {}),
        *((line, {"bold": True} if index == 0 else {}) for index, line in enumerate(_aligned(costs))),
        ("", {}),
        *((note, {}) for note in notes),
    ]


def _aligned(rows: list[list[str]], left: frozenset[int] = frozenset({0, 1, 2})) -> list[str]:
    """Columns two spaces apart: the ``left`` ones (text) left-aligned, the others (numbers) right-aligned."""
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(width) if index in left else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
