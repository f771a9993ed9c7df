from __future__ import annotations

import pytest

# Per test item of the differential test: how many fields it compared, and whether they all agreed.
TALLY = pytest.StashKey[list[tuple[int, bool]]]()


@pytest.fixture
def fidelity_tally(request: pytest.FixtureRequest) -> list[tuple[int, bool]]:
    return request.config.stash.setdefault(TALLY, [])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    tally = config.stash.get(TALLY, [])
    if tally:
        fields = sum(count for count, _ in tally)
        agreeing = sum(count for count, same in tally if same)
        differing = sum(1 for _, same in tally if not same)
        terminalreporter.write_line(
            f"runtime fidelity: {len(tally)} runs compared with awslambdaric, {fields} fields, "
            f"{agreeing} of them in runs that agree entirely; runs that differ: {differing}"
        )
