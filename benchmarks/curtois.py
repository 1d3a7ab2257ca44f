"""The Employee Shift Scheduling Benchmark (Curtois & Qu) with one time limit per instance.

Each instance is read into the project's own domain and solved by the same model and hint as
every roster; the evaluator re-scores the roster as written in the benchmark's format. Prints
instance, objective, bound, the published best (from the shared README), the gap to it, and
the time.

    python benchmarks/curtois.py [Instance1 Instance2 ...] [--time-limit 60] [--workers 8]
                                 [--folder ../shared/benchmarks/curtois]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from scheduler import SolveOptions, solve
from scheduler.evaluate import evaluate
from scheduler.io.curtois import parse_roster, read_instance, roster_text

FOLDER = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "curtois"


def published(folder: Path) -> dict[str, int]:
    """Best objective within 10 minutes per instance, from the README's results table."""
    best = {}
    for line in (folder / "README.md").read_text().splitlines():
        match = re.match(r"\|\s*(\d+)\s*\|(?:[^|]*\|){3}\s*(\d+)\s*\|", line)
        if match:
            best[f"Instance{match.group(1)}"] = int(match.group(2))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("instances", nargs="*", default=[f"Instance{n}" for n in range(1, 13)])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--folder", type=Path, default=FOLDER)
    args = parser.parse_args()
    best = published(args.folder)
    print(f"{args.time_limit:g} s per instance, {args.workers} workers")
    print(
        f"{'instance':<11} {'objective':>9} {'bound':>9} {'published':>9} {'gap to it':>9} "
        f"{'time s':>7}  status"
    )
    for name in args.instances:
        problem = read_instance(args.folder / f"{name}.txt")
        started = time.monotonic()
        result = solve(problem, SolveOptions(time_limit=args.time_limit, workers=args.workers))
        wall = time.monotonic() - started
        if result.roster is None or result.objective is None:
            print(
                f"{name:<11} {'-':>9} {'-':>9} {best.get(name, '-'):>9} {'-':>9} {wall:>7.1f}"
                f"  {result.status.value}"
            )
            continue
        scored = evaluate(problem, parse_roster(problem, roster_text(problem, result.roster), name))
        assert scored.is_feasible and scored.total == result.objective, (name, scored.total)
        target = best.get(name)
        gap = "-" if target is None else f"{100 * (result.objective - target) / target:.1f} %"
        bound = "-" if result.best_bound is None else f"{result.best_bound:,.0f}"
        published_text = "-" if target is None else f"{target:,}"
        print(
            f"{name:<11} {result.objective:>9,} {bound:>9} {published_text:>9} {gap:>9} "
            f"{wall:>7.1f}  {result.status.value}"
        )


if __name__ == "__main__":
    main()
