"""Rotation modes on the bundled example: what a predictable rotation costs in coverage.

Solves the example free, in weekly early/late blocks and on a cyclic pattern (both soft, at
the default weight, and hard), and prints each roster's coverage penalty, breaks from the
rotation, fairness spread and the solver's gap.

    python benchmarks/rotation.py [--time-limit 60] [--workers 8] [--seed 0]
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from scheduler import SolveOptions, load_problem, solve
from scheduler.domain import Rotation, RotationMode, RuleFamily
from scheduler.io.fairness_sheet import duty_figures

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "example.xlsx"
DUTIES = ("late", "night", "weekend", "holiday")
MODES = (
    ("free", Rotation()),
    ("weekly blocks, soft", Rotation(RotationMode.WEEKLY_BLOCKS)),
    ("weekly blocks, hard", Rotation(RotationMode.WEEKLY_BLOCKS, hard=True)),
    ("cyclic, soft", Rotation(RotationMode.CYCLIC)),
    ("cyclic, hard", Rotation(RotationMode.CYCLIC, hard=True)),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    base = load_problem(EXAMPLE)
    print(f"example, {args.time_limit:g} s, {args.workers} workers, seed {args.seed}")
    print("spread: max-min of each duty over all agents (late/night/weekend/holiday)")
    print(
        f"{'mode':<20} {'status':<9} {'objective':>9} {'coverage':>9} {'breaks':>6} {'gap %':>6}"
        "  spread"
    )
    for label, rotation in MODES:
        problem = replace(base, rotation=rotation)
        options = SolveOptions(time_limit=args.time_limit, workers=args.workers, seed=args.seed)
        result = solve(problem, options)
        if result.roster is None or result.evaluation is None:
            print(f"{label:<20} {result.status.value}")
            continue
        costs = result.evaluation.cost_by_family()
        breaks = costs[RuleFamily.ROTATION_BREAKS] // max(1, rotation.weight)
        figures = {f.label: f for f in duty_figures(problem, result.roster)}
        spread = "/".join(str(figures[d].spread) for d in DUTIES if d in figures)
        gap = "" if result.gap is None else f"{100 * result.gap:.1f}"
        print(
            f"{label:<20} {result.status.value:<9} {result.objective:>9,} "
            f"{costs[RuleFamily.COVERAGE]:>9,} "
            f"{breaks:>6} {gap:>6}  {spread}"
        )


if __name__ == "__main__":
    main()
