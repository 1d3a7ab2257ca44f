"""Time reading input workbooks and CSV folders of growing size (the reader must stay linear).

    python benchmarks/read_input.py [--rows 2500 10000 40000]

Each size is a 28-day problem with 25 Requests rows per agent, written once as .xlsx and as
CSV, then read back with ``load_problem``; the figures are the best of three reads.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from scheduler.domain import (
    Agent,
    Contract,
    Period,
    Problem,
    RequestKind,
    ShiftRequest,
    ShiftType,
)
from scheduler.io.input_csv import write_input_csv
from scheduler.io.input_reader import load_problem
from scheduler.io.input_workbook import write_input

SHIFTS = (
    ShiftType("E", "Early", 360, 480, 450, "early"),
    ShiftType("L", "Late", 840, 480, 450, "late"),
)


def problem_with(rows: int) -> Problem:
    agents = tuple(
        Agent(f"A{n}", f"Agent {n}", "C", frozenset({"E", "L"})) for n in range(rows // 25)
    )
    requests = tuple(
        ShiftRequest(a.id, day, "E" if day % 3 else None, RequestKind.WANT, 3)
        for a in agents
        for day in range(25)
    )
    return Problem(
        Period(date(2026, 12, 7), 28), SHIFTS, (Contract("C", "Any"),), agents, requests=requests
    )


def best_of_three(path: Path) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        load_problem(path)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[2_500, 10_000, 40_000])
    args = parser.parse_args()
    print(f"{'request rows':>12} {'xlsx s':>7} {'csv s':>7} {'xlsx us/row':>11}")
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.rows:
            problem = problem_with(rows)
            workbook = Path(folder) / f"{rows}.xlsx"
            write_input(problem, workbook)
            csv_folder = Path(folder) / f"{rows}-csv"
            write_input_csv(problem, csv_folder)
            xlsx, csv = best_of_three(workbook), best_of_three(csv_folder)
            print(f"{rows:>12} {xlsx:>7.2f} {csv:>7.2f} {1e6 * xlsx / rows:>11.0f}", flush=True)


if __name__ == "__main__":
    main()
