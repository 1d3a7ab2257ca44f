"""Small problems for tests, built in a line or two with readable defaults."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from ortools.sat.python import cp_model

from scheduler.cli import main
from scheduler.domain import (
    Agent,
    Contract,
    CoverageRequirement,
    Holiday,
    Leave,
    Period,
    Problem,
    Roster,
    RuleFamily,
    ShiftRequest,
    ShiftType,
    Weights,
)
from scheduler.evaluate import CHECKS
from scheduler.model import build_model

MONDAY = date(2026, 12, 7)

EARLY = ShiftType("E", "Early", 6 * 60, 8 * 60, 450, "early")
DAY = ShiftType("D", "Day", 9 * 60, 8 * 60, 450, "day")
LATE = ShiftType("L", "Late", 14 * 60, 8 * 60, 450, "late")
NIGHT = ShiftType("N", "Night", 22 * 60, 8 * 60 + 30, 480, "night")


def make_problem(
    *,
    days: int = 7,
    agents: int = 2,
    shifts: tuple[ShiftType, ...] = (EARLY, LATE),
    contract: Contract | None = None,
    demand: dict[tuple[int, str], int] | None = None,
    leave: tuple[Leave, ...] = (),
    requests: tuple[ShiftRequest, ...] = (),
    holidays: tuple[Holiday, ...] = (),
    weights: Weights | None = None,
    agent_overrides: dict[str, dict[str, object]] | None = None,
    start: date = MONDAY,
) -> Problem:
    """A problem with agents A1..An on one contract; ``demand`` maps (day, code) -> agents."""
    contract = contract or Contract("C", "Any")
    codes = frozenset(s.code for s in shifts)
    people = []
    for number in range(1, agents + 1):
        fields: dict[str, object] = {
            "id": f"A{number}",
            "name": f"Agent {number}",
            "contract_id": contract.id,
            "allowed_shifts": codes,
        }
        fields.update((agent_overrides or {}).get(f"A{number}", {}))
        people.append(Agent(**fields))  # type: ignore[arg-type]
    return Problem(
        period=Period(start, days, holidays),
        shifts=shifts,
        contracts=(contract,),
        agents=tuple(people),
        demand=tuple(
            CoverageRequirement(day, code, required)
            for (day, code), required in (demand or {}).items()
        ),
        leave=leave,
        requests=requests,
        weights=weights or Weights(),
    )


def roster(**rows: str) -> Roster:
    """A roster from one string per agent: a shift code per day, '.' for a day off."""
    return Roster.from_rows(
        {agent: [None if c == "." else c for c in codes] for agent, codes in rows.items()}
    )


def model_allows(problem: Problem, family: RuleFamily, **rows: str) -> bool:
    """Whether the model with only ``family`` accepts a partly fixed roster.

    Each agent's string fixes a shift code or '.' (off) per day; '?' leaves the day free.
    """
    built = build_model(problem, [family])
    for agent, codes in rows.items():
        for day, code in enumerate(codes):
            if code == "?":
                continue
            for shift in problem.shifts:
                fixed = built.variables.assigned[agent, day, shift.code]
                built.model.add(fixed == int(code == shift.code))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    status = solver.solve(built.model)
    assert status in (cp_model.OPTIMAL, cp_model.INFEASIBLE), solver.status_name(status)
    return status == cp_model.OPTIMAL


def violations(problem: Problem, family: RuleFamily, **rows: str) -> list[str]:
    """The messages of the evaluator's check for ``family`` on a roster given as strings."""
    return [finding.message for finding in CHECKS[family](problem, roster(**rows))]


def resave_with_libreoffice(path: Path, scratch: Path) -> Path:
    """``path`` opened and saved again by headless LibreOffice, as a user's re-save would.

    Skips the calling test where LibreOffice is not installed.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed")
    out = scratch / "converted"
    out.mkdir(exist_ok=True)
    command = [
        soffice,
        "--headless",
        f"-env:UserInstallation={(scratch / 'lo-profile').as_uri()}",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        str(path),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    converted = out / path.name
    assert completed.returncode == 0 and converted.exists(), completed.stdout + completed.stderr
    return converted


def run_cli(*args: str) -> tuple[int, str]:
    """Run the ``scheduler`` command in-process: its exit code and everything it printed.

    Fails the test on a traceback: users must only ever see a clear message.
    """
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output
