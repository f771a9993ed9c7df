"""``--lambda-report`` and ``--lambda-report-json``: the run's invocations per function, their cost, and xdist."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_lambda import LambdaFunction
from pytest_lambda.errors import ConfigurationError
from pytest_lambda.recording import FunctionStats, RunStats
from pytest_lambda.runtime.report import PRICE_PER_GB_SECOND_USD, PRICE_PER_REQUEST_USD
from pytest_lambda.summary import (
    PRICING_URL,
    Prices,
    check_json_path,
    cost_usd,
    gb_seconds,
    parse_prices,
    parse_rate,
    percentile,
    summary_data,
    summary_lines,
)

HANDLERS = """
def works(event, context):
    return {"ok": True}

def fails(event, context):
    raise KeyError("price")

def flaky(event, context):
    raise ValueError("always")
"""

TESTS = """
import pytest
from handlers import fails, flaky, works

@pytest.mark.parametrize("n", range(4))
def test_works(lambda_function, n):
    function = lambda_function(works, function_name="greeter", memory_size=256, architecture="arm64")
    for _ in range(3):
        function.invoke({}).raise_for_error()

def test_fails(lambda_function):
    assert not lambda_function(fails, function_name="prices").invoke({}).ok

def test_async(lambda_function):
    failed = "arn:aws:sqs:us-east-1:123456789012:failed"
    function = lambda_function(flaky, function_name="retrier", dead_letter_queue=True, on_failure=failed)
    assert not function.invoke({}, invocation_type="Event").ok
"""


@pytest.fixture
def run(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(handlers=HANDLERS, test_it=TESTS)
    pytester.syspathinsert()
    return pytester


def by_name(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["function_name"]: item for item in data["functions"]}


def test_the_json_summary(run: pytest.Pytester) -> None:
    result = run.runpytest("--lambda-report-json=summary.json", "--lambda-report-rate=1000000/month")
    result.assert_outcomes(passed=6)
    assert "Lambda invocations" not in result.stdout.str()  # the JSON alone does not print the tables
    data = json.loads((run.path / "summary.json").read_text())
    assert data["schema_version"] == 1
    assert data["prices"] == {
        "request_usd": PRICE_PER_REQUEST_USD,
        "gb_second_usd": dict(PRICE_PER_GB_SECOND_USD),
        "source": PRICING_URL,
        "read": "2026-12-07",
        "region": "us-east-1",
    }
    assert data["rate"] == {"given": "1000000/month", "requests_per_month": 1_000_000.0}
    functions = by_name(data)
    assert list(functions) == ["greeter", "prices", "retrier"]
    greeter, prices, retrier = functions["greeter"], functions["prices"], functions["retrier"]
    assert (greeter["architecture"], greeter["memory_size_mb"]) == ("arm64", 256)
    assert (greeter["invocations"], greeter["attempts"], greeter["cold_starts"]) == (12, 12, 4)
    assert (greeter["errors"], greeter["async_retries"], greeter["dead_letters"]) == ({}, 0, 0)
    assert prices["errors"] == {"KeyError": 1}
    assert (retrier["invocations"], retrier["attempts"], retrier["async_retries"], retrier["cold_starts"]) == (
        1,
        3,
        2,
        1,
    )
    assert (retrier["errors"], retrier["dead_letters"], retrier["destination_records"]) == ({"ValueError": 3}, 1, 1)
    for item in data["functions"]:
        durations = item["duration_ms"]
        assert 0 <= durations["p50"] <= durations["p95"] <= durations["max"]
        assert 0 < item["max_memory_used_mb"] <= item["memory_size_mb"]
        assert item["billed_gb_seconds"] == item["memory_size_mb"] / 1024 * item["billed_duration_ms"] / 1000
        for arch in ("x86_64", "arm64"):
            expected = (
                item["attempts"] * PRICE_PER_REQUEST_USD + item["billed_gb_seconds"] * PRICE_PER_GB_SECOND_USD[arch]
            )
            assert math.isclose(item["cost_usd"][arch], expected)
            assert math.isclose(item["monthly_cost_usd"][arch], 1_000_000 * expected / item["invocations"])
    assert data["totals"]["invocations"] == 14
    assert data["totals"]["attempts"] == 16
    assert data["totals"]["errors"] == 4
    assert math.isclose(
        data["totals"]["cost_usd"], sum(item["cost_usd"][item["architecture"]] for item in data["functions"])
    )


DURATIONS = r"  +[\d.]+ +[\d.]+ +[\d.]+ +\d+ MB"


def test_the_terminal_summary(run: pytest.Pytester) -> None:
    result = run.runpytest("--lambda-report", "--lambda-report-rate=1000/day")
    result.assert_outcomes(passed=6)
    result.stdout.re_match_lines(
        [
            r"=+ Lambda invocations =+$",
            r"function  arch    memory  invocations  cold  retries  DLQ  dest  p50 ms  p95 ms  max ms  max used"
            r"  errors$",
            r"greeter   arm64   256 MB           12     4        0    0     0" + DURATIONS + r"  -$",
            r"prices    x86_64  128 MB            1     1        0    0     0" + DURATIONS + r"  KeyError 1$",
            r"retrier   x86_64  128 MB            1     1        2    1     1" + DURATIONS + r"  ValueError 3$",
            r"$",
            r"function  arch    memory  requests +GB-s +x86_64 USD +arm64 USD +x86_64 USD/month +arm64 USD/month$",
            r"greeter   arm64   256 MB        12 +[\d.]+ +0\.\d{8} +0\.\d{8} +[\d,.]+ +[\d,.]+$",
            r"prices .*",
            r"retrier .*",
            r"$",
            r"prices: \$0\.20 per million requests; per GB-second x86_64 \$0\.0000166667, arm64 \$0\.0000133334$",
            r"  \(us-east-1, first tier, no free tier: https://aws\.amazon\.com/lambda/pricing/, read 2026-12-07\); "
            r"every attempt is a request$",
            r"per month: 1000/day = 30,000 invocations in 30 days, for each function, .*",
        ],
        consecutive=True,
    )
    # Without a terminal, no colour codes.
    assert "\x1b[" not in result.stdout.str()


def test_the_tables_line_up_without_a_rate(run: pytest.Pytester) -> None:
    result = run.runpytest("-o", "lambda_report=true")
    lines = result.stdout.str().splitlines()
    start = lines.index(next(line for line in lines if "Lambda invocations" in line))
    activity = lines[start + 1 : start + 5]
    costs = lines[start + 6 : start + 10]
    assert costs[0].split() == ["function", "arch", "memory", "requests", "GB-s", "x86_64", "USD", "arm64", "USD"]
    # Right-aligned numbers: every row of a table ends its number columns where its header does.
    for table, column in ((activity, "max ms"), (costs, "arm64 USD")):
        end = table[0].index(column) + len(column)
        assert all(row[end - 1].isdigit() and (len(row) == end or row[end] == " ") for row in table[1:])
    assert "per month" not in result.stdout.str()


def test_prices_can_be_set(run: pytest.Pytester) -> None:
    run.runpytest("--lambda-report-json=out.json", "--lambda-report-prices=request=0.000001, arm64=0.5")
    data = json.loads((run.path / "out.json").read_text())
    assert data["prices"]["request_usd"] == 0.000001
    assert data["prices"]["gb_second_usd"] == {"x86_64": PRICE_PER_GB_SECOND_USD["x86_64"], "arm64": 0.5}
    greeter = by_name(data)["greeter"]
    assert math.isclose(greeter["cost_usd"]["arm64"], 12 * 0.000001 + greeter["billed_gb_seconds"] * 0.5)
    assert data["rate"] is None
    assert greeter["monthly_cost_usd"] is None
    run.makeini(
        "[pytest]\nlambda_report_json = ini.json\nlambda_report_prices = x86_64=1\nlambda_report_rate = 2/second\n"
    )
    run.runpytest()
    ini = json.loads((run.path / "ini.json").read_text())
    assert ini["prices"]["gb_second_usd"]["x86_64"] == 1.0
    assert ini["rate"] == {"given": "2/second", "requests_per_month": 2 * 30 * 24 * 3600.0}


def test_a_run_without_invocations(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="def test_nothing():\n    pass\n")
    result = pytester.runpytest("--lambda-report", "--lambda-report-json=empty.json")
    result.stdout.fnmatch_lines(["*= Lambda invocations =*", "no Lambda invocations"])
    data = json.loads((pytester.path / "empty.json").read_text())
    assert data["functions"] == []
    assert data["totals"] == {"invocations": 0, "attempts": 0, "errors": 0, "cost_usd": 0}


def test_invocations_outside_tests_are_counted(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        from pytest_lambda import invoke

        def pytest_sessionstart(session):
            invoke(lambda event, context: None, function_name="at-start")
        """
    )
    pytester.makepyfile(test_it="def test_nothing():\n    pass\n")
    pytester.runpytest("--lambda-report-json=out.json")
    assert [item["function_name"] for item in json.loads((pytester.path / "out.json").read_text())["functions"]] == [
        "at-start"
    ]


def test_fuzz_invocations_are_counted(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_it="""
        from pytest_lambda.strategies import fuzz

        def test_it():
            fuzz(lambda event, context: None, "sqs", max_examples=5)
        """
    )
    pytester.runpytest("--lambda-report-json=out.json").assert_outcomes(passed=1)
    (stats,) = json.loads((pytester.path / "out.json").read_text())["functions"]
    assert stats["invocations"] >= 5


def test_xdist_workers_numbers_are_merged(run: pytest.Pytester) -> None:
    run.runpytest("--lambda-report-json=one.json").assert_outcomes(passed=6)
    result = run.runpytest("-n", "2", "--lambda-report-json=two.json", "--lambda-report")
    result.assert_outcomes(passed=6)
    result.stdout.fnmatch_lines(["*= Lambda invocations =*", "greeter   arm64   256 MB           12     4 *"])
    one, two = (by_name(json.loads((run.path / name).read_text())) for name in ("one.json", "two.json"))
    counts = (
        "invocations",
        "attempts",
        "cold_starts",
        "async_retries",
        "errors",
        "dead_letters",
        "destination_records",
    )
    assert sorted(one) == sorted(two)
    for name in one:
        assert {key: one[name][key] for key in counts} == {key: two[name][key] for key in counts}


def test_a_worker_hands_its_numbers_to_the_controller(pytester: pytest.Pytester) -> None:
    # As an xdist worker does: its numbers go in workeroutput, and it writes no file itself.
    pytester.makeconftest(
        """
        import json
        from pytest_lambda import invoke

        def pytest_configure(config):
            config.workeroutput = {}

        def pytest_unconfigure(config):
            with open("workeroutput.json", "w") as file:
                json.dump(config.workeroutput, file)

        def test_it():
            pass
        """
    )
    pytester.makepyfile(
        test_it="""
        from pytest_lambda import invoke

        def test_it():
            invoke(lambda event, context: None, function_name="on-worker")
        """
    )
    pytester.runpytest("--lambda-report-json=worker.json", "-p", "no:terminal")
    assert not (pytester.path / "worker.json").exists()
    output = json.loads((pytester.path / "workeroutput.json").read_text())
    (stats,) = output["pytest_lambda_run_stats"]
    assert (stats["function_name"], stats["invocations"], stats["attempts"]) == ("on-worker", 1, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--lambda-report-rate=fast",), "--lambda-report-rate='fast' is not a request rate"),
        (("--lambda-report-rate=10/week",), "--lambda-report-rate='10/week' is not a request rate"),
        (("-o", "lambda_report_rate=-5/day"), "lambda_report_rate='-5/day' is not a request rate"),
        (
            ("--lambda-report-prices=gpu=1",),
            "--lambda-report-prices: unknown price 'gpu'; the prices are request, x86_64, arm64",
        ),
        (("--lambda-report-prices=arm64=cheap",), "--lambda-report-prices: arm64='cheap' is not a price in USD"),
        (("-o", "lambda_report_prices=request=-1"), "lambda_report_prices: request='-1' is not a price in USD"),
    ],
)
def test_bad_report_settings_are_usage_errors(pytester: pytest.Pytester, args: tuple[str, ...], message: str) -> None:
    result = pytester.runpytest(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{message}*", "*#the-run-summary"])


@pytest.mark.parametrize(
    ("text", "per_month"),
    [
        ("1000000/month", 1_000_000.0),
        ("1_000/day", 30_000.0),
        ("1,000/hour", 720_000.0),
        (" 0.5/second ", 1_296_000.0),
        ("1e3/month", 1000.0),
    ],
)
def test_rates(text: str, per_month: float) -> None:
    assert parse_rate(text, "rate") == per_month


@pytest.mark.parametrize("text", ["", "100", "inf/day", "nan/day", "0/day", "1/fortnight"])
def test_bad_rates(text: str) -> None:
    with pytest.raises(ConfigurationError, match="is not a request rate"):
        parse_rate(text, "rate")


@pytest.mark.parametrize("text", ["x86_64=inf", "x86_64=nan", "request="])
def test_bad_prices(text: str) -> None:
    with pytest.raises(ConfigurationError, match="is not a price in USD"):
        parse_prices(text, "prices")


def test_default_prices() -> None:
    assert parse_prices("", "prices") == Prices()
    assert Prices().gb_second_usd == {"x86_64": 0.0000166667, "arm64": 0.0000133334}
    assert Prices().request_usd == 2e-07  # $0.20 per million requests, written in the JSON as 2e-07


@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=50), st.integers(1, 100))
def test_percentile_is_the_nearest_rank(values: list[float], p: int) -> None:
    value = percentile(values, p)
    assert value in values
    # At least p % of the values are at or below it, and fewer than p % strictly below.
    assert sum(v <= value for v in values) * 100 >= p * len(values)
    assert sum(v < value for v in values) * 100 < p * len(values)
    assert percentile(values, 100) == max(values)
    assert percentile(values, p) <= percentile(values, min(100, p + 1))


def test_percentiles_of_known_values() -> None:
    values = [float(n) for n in range(1, 21)]
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 100)) == (10.0, 19.0, 20.0)
    assert percentile([3.0], 50) == 3.0
    # 95 % of 100 is 95 exactly, not 95.00000000000001: the rank is computed in whole numbers.
    assert percentile([float(n) for n in range(1, 101)], 95) == 95.0


def test_cost_of_known_numbers() -> None:
    stats = FunctionStats("f", "x86_64", 512, invocations=2, attempts=4, billed_duration_ms=3000)
    assert gb_seconds(stats) == 1.5
    assert math.isclose(cost_usd(stats, Prices(), "x86_64"), 4 * 0.0000002 + 1.5 * 0.0000166667)
    assert math.isclose(cost_usd(stats, Prices(), "arm64"), 4 * 0.0000002 + 1.5 * 0.0000133334)
    # The AWS pricing page's first example: 3M requests of 1 s at 512 MB are 1.5M GB-s ($25, before the free tier).
    month = FunctionStats(
        "f", "x86_64", 512, invocations=3_000_000, attempts=3_000_000, billed_duration_ms=3_000_000_000
    )
    assert gb_seconds(month) == 1_500_000
    assert math.isclose(cost_usd(month, Prices(), "x86_64"), 0.60 + 1_500_000 * 0.0000166667)


stats_strategy = st.builds(
    FunctionStats,
    function_name=st.sampled_from(["a", "b"]),
    architecture=st.sampled_from(["x86_64", "arm64"]),
    memory_size_mb=st.sampled_from([128, 1024]),
    invocations=st.integers(1, 5),
    attempts=st.integers(1, 15),
    cold_starts=st.integers(0, 5),
    async_retries=st.integers(0, 10),
    errors=st.dictionaries(st.sampled_from(["KeyError", "Sandbox.Timedout"]), st.integers(1, 3)),
    dead_letters=st.integers(0, 5),
    destination_records=st.integers(0, 5),
    max_memory_used_mb=st.integers(1, 128),
    billed_duration_ms=st.integers(1, 10_000),
    durations_ms=st.lists(st.floats(0, 1000), min_size=1, max_size=5),
)


@given(st.lists(stats_strategy, max_size=6), st.integers(0, 6))
def test_merging_workers_numbers_is_adding_them(items: list[FunctionStats], split: int) -> None:
    def run_of(part: list[FunctionStats]) -> RunStats:
        run = RunStats()
        run.merge([item.to_dict() for item in part])
        return run

    whole = run_of(items)
    merged = run_of(items[:split])
    merged.merge(run_of(items[split:]).to_data())
    assert [json.dumps(item, sort_keys=True) for item in merged.to_data()] == [
        json.dumps(item, sort_keys=True) for item in whole.to_data()
    ]
    data = summary_data(merged, Prices(), ("1/month", 1.0))
    assert data["totals"]["attempts"] == sum(item.attempts for item in items)
    assert summary_lines(data)


def test_a_function_without_durations_is_left_out() -> None:
    run = RunStats()
    run.merge([FunctionStats("idle", "x86_64", 128).to_dict()])
    assert summary_data(run, Prices(), None)["functions"] == []


def test_local_and_merged_numbers_of_a_function_are_one_row() -> None:
    function = LambdaFunction(lambda event, context: None, function_name="both", memory_size=256)
    run = RunStats()
    run.add(function._facts, function.invoke({}))
    other = RunStats()
    other.add(function._facts, function.invoke({}))
    run.merge(other.to_data())
    (stats,) = run.functions.values()
    assert (stats.key, stats.invocations, stats.cold_starts) == ("both (x86_64, 256 MB)", 2, 1)


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("a-folder", "it is a folder: give a file name, e.g. lambda-report.json"),
        ("a-file/out.json", "its folder cannot be made (File exists)"),
    ],
)
def test_a_report_json_path_that_cannot_be_written_is_refused_at_start(
    pytester: pytest.Pytester, given: str, problem: str
) -> None:
    (pytester.path / "a-folder").mkdir()
    (pytester.path / "a-file").write_text("")
    pytester.makepyfile(test_it="def test_nothing():\n    pass\n")
    result = pytester.runpytest(f"--lambda-report-json={given}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*--lambda-report-json={given!r}: {problem}*"])


def test_a_report_json_path_in_new_folders_is_made(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="def test_nothing():\n    pass\n")
    pytester.runpytest("--lambda-report-json=reports/ci/out.json").assert_outcomes(passed=1)
    assert json.loads((pytester.path / "reports/ci/out.json").read_text())["functions"] == []


def test_a_report_json_path_without_write_permission_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The tests may run as root, who may write anywhere: stand in for a read-only folder.
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(ConfigurationError, match="it cannot be written"):
        check_json_path(str(tmp_path / "out.json"), "lambda_report_json")
