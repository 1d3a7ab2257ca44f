"""The Fairness sheet: who did how much unpopular duty, against a fair share.

Supervisors are judged on whether late, night, weekend and holiday duty rotates fairly, so the
sheet shows each agent's counts (history included) beside the fair share and the deviation,
and per duty the spread (overall and within each contract) and the Gini coefficient.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Problem, Roster
from scheduler.fairness import FairGroup, duty_count, fair_groups, gini
from scheduler.io import styles


@dataclass(frozen=True)
class DutyFigures:
    """One duty's figures over all its groups."""

    label: str
    total: int
    spread: int
    spread_within_contract: int
    gini: float
    worst_deviation: float  # the largest distance of an agent's duty from their fair share


def duty_figures(problem: Problem, roster: Roster) -> list[DutyFigures]:
    figures = []
    for group in fair_groups(problem):
        counts = _counts(problem, roster, group)
        by_contract: dict[str, list[int]] = {}
        for agent_id, count in counts.items():
            contract = problem.agent_by_id[agent_id].contract_id
            by_contract.setdefault(contract, []).append(count)
        figures.append(
            DutyFigures(
                group.label,
                sum(counts.values()),
                max(counts.values()) - min(counts.values()),
                max(max(v) - min(v) for v in by_contract.values()),
                gini([float(v) for v in counts.values()]),
                max(
                    abs(count - group.share(agent_id) - group.history.get(agent_id, 0))
                    for agent_id, count in counts.items()
                ),
            )
        )
    return figures


def _counts(problem: Problem, roster: Roster, group: FairGroup) -> dict[str, int]:
    """This period's duty plus history, per member."""
    return {
        agent_id: duty_count(problem, roster, group.category, agent_id)
        + group.history.get(agent_id, 0)
        for agent_id in group.members
    }


def write_fairness_sheet(sheet: Worksheet, problem: Problem, roster: Roster) -> None:
    groups = fair_groups(problem)
    headers = ["Agent id", "Name", "Contract"]
    for group in groups:
        headers += [f"{group.label}", "fair share", "deviation"]
    styles.header_row(sheet, 1, 1, headers)
    counts = [_counts(problem, roster, group) for group in groups]
    for row, agent in enumerate(problem.agents, start=2):
        values: list[object] = [agent.id, agent.name, agent.contract_id]
        for group, count in zip(groups, counts, strict=True):
            if agent.id not in count:
                values += ["", "", ""]
                continue
            earlier = group.history.get(agent.id, 0)
            share = group.share(agent.id) + earlier
            values += [count[agent.id], round(share, 1), round(count[agent.id] - share, 1)]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            cell.border = styles.GRID_BORDER
            deviation = column > 3 and (column - 4) % 3 == 2
            if deviation and isinstance(value, float) and abs(value) >= 1:
                styles.mark_short(cell)  # a whole shift or more away from the fair share
    last = len(problem.agents) + 1
    sheet.freeze_panes = "D2"
    summary_row = last + 3
    sheet.cell(summary_row, 1, "Per duty").font = styles.HEADER_FONT
    duty_headers = (
        "Duty",
        "Total",
        "Spread",
        "Spread within a contract",
        "Gini",
        "Largest deviation from a share",
    )
    styles.header_row(sheet, summary_row + 1, 1, duty_headers)
    for offset, figures in enumerate(duty_figures(problem, roster), start=2):
        values = (
            figures.label,
            figures.total,
            figures.spread,
            figures.spread_within_contract,
            round(figures.gini, 3),
            round(figures.worst_deviation, 1),
        )
        for column, value in enumerate(values, start=1):
            sheet.cell(summary_row + offset, column, value).border = styles.GRID_BORDER
    if groups:
        _add_chart(sheet, groups, last)
    styles.set_widths(sheet, [10, 22, 10, *([11, 10, 10] * len(groups))])


def _add_chart(sheet: Worksheet, groups: list[FairGroup], last: int) -> None:
    """Clustered columns: each agent's count of every duty."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Unpopular duty per agent"
    chart.y_axis.title = "Shifts or days"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for index in range(len(groups)):
        column = 4 + 3 * index
        chart.add_data(
            Reference(sheet, min_col=column, min_row=1, max_row=last), titles_from_data=True
        )
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
    chart.width = max(18.0, 0.5 * last)
    chart.height = 9.0
    anchor_column = get_column_letter(4 + 3 * len(groups) + 1)
    sheet.add_chart(chart, f"{anchor_column}2")
