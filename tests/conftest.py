"""Figures that tests report at the end of every run (pytest hides a passing test's prints)."""

import pytest

FIGURES = pytest.StashKey[list[str]]()


def report(config: pytest.Config, line: str) -> None:
    """Show ``line`` in the run's closing summary."""
    config.stash.setdefault(FIGURES, []).append(line)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = terminalreporter.config.stash.get(FIGURES, [])
    if lines:
        terminalreporter.section("figures")
        for line in lines:
            terminalreporter.write_line(line)
