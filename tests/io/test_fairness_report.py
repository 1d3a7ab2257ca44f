"""Fairness in and out: History and settings read back, bad rows named, the Fairness sheet."""

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from scheduler.domain import Fairness, HistoryCount
from scheduler.io.errors import InputError
from scheduler.io.input_reader import load_problem
from scheduler.io.input_workbook import write_input
from scheduler.io.roster_workbook import write_roster
from scheduler.solve import SolveOptions, solve
from tests.builders import EARLY, LATE, make_problem


def _problem():
    base = make_problem(
        days=14,
        agents=4,
        shifts=(EARLY, LATE),
        demand={(d, code): 1 for d in range(14) for code in ("E", "L")},
    )
    return replace(
        base,
        fairness=Fairness(("late", "weekend"), 5, False),
        history=(HistoryCount("A1", "late", 3), HistoryCount("A2", "weekend", 1)),
    )


def test_fairness_settings_and_history_read_back(tmp_path: Path):
    path = tmp_path / "input.xlsx"
    write_input(_problem(), path)
    assert load_problem(path) == _problem()


def test_bad_history_rows_are_named(tmp_path: Path):
    path = tmp_path / "input.xlsx"
    write_input(_problem(), path)
    workbook = openpyxl.load_workbook(path)
    workbook["History"]["A2"] = "A99"
    workbook["History"]["B3"] = "night"
    workbook["History"]["C3"] = -1
    workbook.save(path)
    with pytest.raises(InputError) as raised:
        load_problem(path)
    issues = [str(issue) for issue in raised.value.issues]
    assert "History, row 2, column agent: 'A99': expected an agent id from Agents" in issues
    assert any(i.startswith("History, row 3, column count: -1") for i in issues)


def test_fairness_sheet_shows_counts_shares_and_duty_figures(tmp_path: Path):
    problem = _problem()
    result = solve(problem, SolveOptions(time_limit=10, workers=2))
    assert result.roster is not None
    path = tmp_path / "roster.xlsx"
    write_roster(problem, result, path)
    sheet = openpyxl.load_workbook(path)["Fairness"]
    headers = [c.value for c in sheet[1]]
    assert headers[:6] == ["Agent id", "Name", "Contract", "late", "fair share", "deviation"]
    lates = {sheet.cell(r, 1).value: sheet.cell(r, 4).value for r in range(2, 6)}
    # History counts are included: A1 brings 3 late shifts from earlier periods.
    assert lates["A1"] == 3 + sum(1 for d in range(14) if result.roster.shift_of("A1", d) == "L")
    scheduled = sum(1 for a in lates for d in range(14) if result.roster.shift_of(a, d) == "L")
    assert sum(lates.values()) == scheduled + 3
    duty_rows = [
        [sheet.cell(r, c).value for c in range(1, 6)]
        for r in range(1, sheet.max_row + 1)
        if sheet.cell(r, 1).value in ("late", "weekend")
    ]
    assert [row[0] for row in duty_rows] == ["late", "weekend"]
    assert duty_rows[0][1] == scheduled + 3
    assert len(sheet._charts) == 1
    summary = openpyxl.load_workbook(path)["Summary"]
    labels = [summary.cell(r, 1).value for r in range(1, summary.max_row + 1)]
    assert "late: spread" in labels and "weekend: Gini" in labels
