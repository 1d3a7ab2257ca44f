"""The Supervision sheet shows every open shift's tiers and flags what the evaluator finds."""

from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook

from scheduler.domain import Strength, Tier, TierRules
from scheduler.evaluate import evaluate
from scheduler.io.roster_workbook import write_roster
from scheduler.io.supervision_sheet import wants_supervision_sheet
from scheduler.solve import SolveOptions, SolveResult, SolveStatus
from tests.builders import make_problem, resave_with_libreoffice, roster

# A1 junior, A2 senior; supervision soft.
PROBLEM = replace(
    make_problem(days=1, agents=2, agent_overrides={"A2": {"tier": Tier.SENIOR}}),
    tiers=TierRules(supervision=Strength.SOFT, supervision_weight=70),
)


def _written(tmp_path: Path, **rows: str) -> Path:
    hand = roster(**rows)
    evaluation = evaluate(PROBLEM, hand)
    result = SolveResult(
        SolveStatus.FEASIBLE, hand, evaluation, evaluation.total, None, 0.0, SolveOptions()
    )
    path = tmp_path / "roster.xlsx"
    write_roster(PROBLEM, result, path)
    return path


def test_each_open_shift_with_its_tiers_and_the_findings(tmp_path: Path):
    sheet = load_workbook(_written(tmp_path, A1="E", A2="L"))["Supervision"]
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert [(r[2], r[3], r[5], r[6]) for r in rows] == [("E", 1, 0, 1), ("L", 1, 1, 0)]
    assert rows[0][10] == (
        "Mon 2026-12-07 shift E: 1 at work and no team lead or senior (weight 70)"
    )
    assert rows[1][10] == "ok"
    assert sheet.cell(2, 1).fill.fgColor.rgb.endswith("FFC7CE")  # the flagged row is red


def test_the_sheet_is_written_only_where_a_tier_rule_applies(tmp_path: Path):
    assert wants_supervision_sheet(PROBLEM)
    assert not wants_supervision_sheet(make_problem(days=1))
    converted = resave_with_libreoffice(_written(tmp_path, A1="E", A2="E"), tmp_path)
    assert load_workbook(converted)["Supervision"].cell(2, 11).value == "ok"
