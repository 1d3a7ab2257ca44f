"""Rotation settings in, Pattern sheet out: the workbook side of block and cyclic rotations."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from scheduler.domain import Fairness, Problem, Roster, Rotation, RotationMode, RuleFamily
from scheduler.evaluate import evaluate
from scheduler.io.errors import InputError
from scheduler.io.input_reader import load_problem
from scheduler.io.input_workbook import write_input
from scheduler.io.roster_workbook import write_roster
from scheduler.rotation import pattern_starts
from scheduler.solve import SolveOptions, SolveResult, SolveStatus
from tests.builders import make_problem, resave_with_libreoffice


def _hand_result(problem: Problem, rows: dict[str, str]) -> SolveResult:
    roster = Roster.from_rows({a: [None if c == "." else c for c in r] for a, r in rows.items()})
    evaluation = evaluate(problem, roster)
    options = SolveOptions(time_limit=1, workers=1)
    return SolveResult(
        SolveStatus.FEASIBLE, roster, evaluation, evaluation.total, 0.0, 0.1, options
    )


def _with_setting(path: Path, name: str, value: object) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Settings"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == name:
            row[1].value = value
    workbook.save(path)


def _issues(path: Path) -> list[str]:
    with pytest.raises(InputError) as raised:
        load_problem(path)
    return [str(issue) for issue in raised.value.issues]


CYCLIC = replace(
    make_problem(days=14, agents=3, agent_overrides={"A3": {"rotation_start": 2}}),
    rotation=Rotation(RotationMode.CYCLIC, weight=9, anchor=date(2026, 11, 30)),
    fairness=Fairness(("late",), 2, tolerance=2.5),
)


def test_rotation_settings_and_starts_survive_a_round_trip(tmp_path: Path):
    path = tmp_path / "in.xlsx"
    write_input(CYCLIC, path)
    loaded = load_problem(path)
    assert loaded.rotation == CYCLIC.rotation
    assert loaded.fairness == CYCLIC.fairness
    # Starts are written out (A1, A2 staggered by order), so re-plans keep every agent's week.
    assert [a.rotation_start for a in loaded.agents] == [1, 2, 2]
    assert pattern_starts(loaded) == pattern_starts(CYCLIC)


def test_bad_rotation_settings_are_named(tmp_path: Path):
    path = tmp_path / "in.xlsx"
    write_input(replace(CYCLIC, rotation=Rotation(RotationMode.WEEKLY_BLOCKS)), path)
    _with_setting(path, "rotation_categories", "early, lates")
    _with_setting(path, "rotation", "weekly")
    found = _issues(path)
    assert any("rotation_categories" in issue and "'lates'" in issue for issue in found), found
    assert any("rotation" in issue and "'weekly'" in issue for issue in found), found


def test_a_start_beyond_the_pattern_is_named_with_its_row(tmp_path: Path):
    path = tmp_path / "in.xlsx"
    write_input(CYCLIC, path)
    workbook = openpyxl.load_workbook(path)
    workbook["Agents"]["J4"] = 7  # A3's rotation_start; three agents give a 3-week pattern
    workbook.save(path)
    found = _issues(path)
    assert (
        len(found) == 1
        and "Agents, row 4, column rotation_start" in found[0]
        and "from 1 to 3" in found[0]
    ), found


def test_pattern_sheet_shows_each_pattern_week_with_its_starters_and_breaks(tmp_path: Path):
    # Anchored a week before the period: A1 (start 1) is on pattern week 2 first, A2 and A3
    # (start 2) on week 3; a week later A1 is on week 3, A2 and A3 on week 1.
    rows = {"A1": "E......L......", "A2": "L......L......", "A3": "L......E......"}
    result = _hand_result(CYCLIC, rows)
    path = tmp_path / "out.xlsx"
    write_roster(CYCLIC, result, path)
    sheet = openpyxl.load_workbook(path)["Pattern"]
    lines = {row[0]: row for row in sheet.iter_rows(values_only=True) if row[0]}
    assert lines["Week 3"][1:8] == ("L", "off", "off", "off", "off", "off", "off")
    assert lines["Week 3"][8] == "A2, A3"  # on pattern week 3 in the period's first week
    assert lines["Week 2"][8] == "A1"
    assert lines["Week 3"][9] == 0  # Mondays L: A2, A3 on the 7th, A1 on the 14th
    # Pattern week 1's Monday is A2's L and A3's E on the 14th: a tie, one break either way.
    assert lines["Week 1"][1] in ("E", "L") and lines["Week 1"][9] == 1
    breaks = result.evaluation.cost_by_family()[RuleFamily.ROTATION_BREAKS]
    assert (
        sum(line[9] for name, line in lines.items() if str(name).startswith("Week ")) * 9 == breaks
    )
    assert breaks > 0
    summary = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(path)["Summary"].iter_rows(values_only=True)
    }
    assert summary["Rotation"] == "cyclic, 3-week pattern (soft, weight 9); see Pattern"
    assert summary["Fairness"] == "weight 2, coverage first (tolerance 2.5 %)"
    assert "Pattern" in openpyxl.load_workbook(resave_with_libreoffice(path, tmp_path)).sheetnames


def test_weekly_blocks_need_two_categories_that_shifts_have(tmp_path: Path):
    path = tmp_path / "in.xlsx"
    write_input(replace(CYCLIC, rotation=Rotation(RotationMode.WEEKLY_BLOCKS)), path)
    _with_setting(path, "rotation_categories", "early, night")  # no shift is a night here
    found = _issues(path)
    assert len(found) == 1 and "at least two different categories" in found[0], found
