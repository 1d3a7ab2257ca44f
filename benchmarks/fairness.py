"""Fairness off against on, on the bundled example: duty spread per category and coverage.

Issue 4's measure: weekend and holiday spread at most 1 between agents of the same contract
when demand allows, with the coverage penalty worse by no more than 2 %.

    python benchmarks/fairness.py [--weights 0 1 5] [--tolerances 2] [--time-limit 60]
                                  [--workers 8] [--seed 0]

A tolerance row solves coverage first (fairness_tolerance): the best roster without fairness
in half the time, then the fairest roster at most that percent worse in the other penalties.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from scheduler import SolveOptions, load_problem, solve
from scheduler.domain import Fairness, RuleFamily
from scheduler.io.fairness_sheet import duty_figures

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "example.xlsx"
DUTIES = ("late", "night", "weekend", "holiday")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--weights", type=int, nargs="*", default=[0, 1, 5])
    parser.add_argument("--tolerances", type=float, nargs="*", default=[2.0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    base = load_problem(EXAMPLE)
    print(f"example, {args.time_limit:g} s, {args.workers} workers, seed {args.seed}")
    print("spread: max-min over all agents / worst within one contract; Gini of counts;")
    print("dev: the largest distance of an agent's count from their fair share")
    header = f"{'weight':>9} {'coverage':>9} {'gap %':>6} " + " ".join(f"{d:>24}" for d in DUTIES)
    print(header)
    runs = [(str(w), Fairness(DUTIES, w, False)) for w in args.weights]
    runs += [(f"1, {t:g} %", Fairness(DUTIES, 1, False, t)) for t in args.tolerances]
    for label, fairness in runs:
        problem = replace(base, fairness=fairness)
        options = SolveOptions(time_limit=args.time_limit, workers=args.workers, seed=args.seed)
        result = solve(problem, options)
        assert result.roster is not None and result.evaluation is not None
        coverage = result.evaluation.cost_by_family()[RuleFamily.COVERAGE]
        figures = {f.label: f for f in duty_figures(problem, result.roster)}
        cells = " ".join(
            f"{figures[d].spread:>3}/{figures[d].spread_within_contract:<3} "
            f"G{figures[d].gini:.2f} dev{figures[d].worst_deviation:.1f}".rjust(24)
            for d in DUTIES
        )
        gap = "" if result.gap is None else f"{100 * result.gap:.1f}"
        print(f"{label:>9} {coverage:>9,} {gap:>6} {cells}")


if __name__ == "__main__":
    main()
