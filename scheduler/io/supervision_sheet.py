"""The Supervision sheet: every staffed shift with its tiers, and the tier rules it breaks.

Supervisors check a roster shift by shift (who leads it, how many juniors, whether the new
starters have a trainer), so the counts are shown for every open shift, not only the bad ones;
what is flagged comes from the evaluator's findings, so it never disagrees with Violations.
"""

from __future__ import annotations

from collections import Counter

from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Problem, Roster, RuleFamily, Strength, Tier
from scheduler.evaluate import Evaluation
from scheduler.io import styles
from scheduler.io.styles import ISO_DATE

TIER_FAMILIES = (RuleFamily.SUPERVISION, RuleFamily.JUNIOR_RATIO, RuleFamily.ONBOARDING)
HEADERS = (
    "Date",
    "Weekday",
    "Shift",
    "At work",
    "Team leads",
    "Seniors",
    "Juniors",
    "QA",
    "Trainers",
    "Trainees",
    "Findings",
)


def wants_supervision_sheet(problem: Problem) -> bool:
    """Whether a tier rule applies: supervision or the junior ratio on, or new starters."""
    rules = problem.tiers
    return (
        rules.supervision is not Strength.OFF
        or rules.junior_ratio is not Strength.OFF
        or any(a.start_date is not None for a in problem.agents)
    )


def write_supervision_sheet(
    sheet: Worksheet, problem: Problem, roster: Roster, evaluation: Evaluation
) -> None:
    """One row per open shift: tier counts and the tier-rule findings, flagged rows red."""
    findings: dict[tuple[int, str], list[str]] = {}
    for item in (*evaluation.violations, *evaluation.penalties):
        if item.family in TIER_FAMILIES and item.day is not None and item.shift is not None:
            findings.setdefault((item.day, item.shift), []).append(item.message)
    styles.header_row(sheet, 1, 1, HEADERS)
    row = 1
    for day, when in enumerate(problem.period.dates):
        for shift in problem.shifts:
            working = [problem.agent_by_id[a.agent_id] for a in roster.on_shift(day, shift.code)]
            if not working:
                continue
            row += 1
            tiers = Counter(agent.tier for agent in working)
            trainees = sum(1 for agent in working if problem.in_onboarding(agent, day))
            found = findings.get((day, shift.code), [])
            values = (
                when,
                f"{when:%a}",
                shift.code,
                len(working),
                tiers[Tier.TEAM_LEAD],
                tiers[Tier.SENIOR],
                tiers[Tier.JUNIOR],
                tiers[Tier.QA],
                tiers[Tier.TRAINER],
                trainees,
                "; ".join(found) or "ok",
            )
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row, column, value)
                cell.border = styles.GRID_BORDER
                if found:
                    cell.fill = styles.SHORTFALL_FILL
            sheet.cell(row, 1).number_format = ISO_DATE
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:K{max(row, 2)}"
    styles.set_widths(sheet, [12, 9, 8, 9, 10, 9, 9, 6, 9, 9, 80])
