"""Solve the bundled example and print wall time, objective, bound, gap and peak memory.

Target (issue 2): optimal, or at most 1 % gap, within 60 s on a 2-core machine.

    python benchmarks/solve_example.py [--time-limit 60] [--workers 8] [--seeds 0 1 2]

Each seed runs in a fresh process so peak memory is measured per solve.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "example.xlsx"


def run_one(time_limit: float, workers: int, seed: int) -> dict[str, object]:
    from scheduler import SolveOptions, load_problem, solve

    problem = load_problem(EXAMPLE)
    result = solve(problem, SolveOptions(time_limit=time_limit, workers=workers, seed=seed))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seed": seed,
        "status": result.status.value,
        "wall_s": round(result.wall_time, 1),
        "objective": result.objective,
        "bound": result.best_bound,
        "gap_pct": None if result.gap is None else round(100 * result.gap, 2),
        "peak_mib": round(peak_kib / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child run
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.time_limit, args.workers, args.one)))
        return
    print(f"example: {EXAMPLE.name}, time limit {args.time_limit:g} s, {args.workers} workers")
    print(
        f"{'seed':>4} {'status':>9} {'wall s':>7} {'objective':>9} {'bound':>8} "
        f"{'gap %':>6} {'peak MiB':>8}"
    )
    rows = []
    for seed in args.seeds:
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--time-limit",
                str(args.time_limit),
                "--workers",
                str(args.workers),
                "--one",
                str(seed),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(child.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{row['seed']:>4} {row['status']:>9} {row['wall_s']:>7} {row['objective']:>9} "
            f"{row['bound']:>8} {row['gap_pct']:>6} {row['peak_mib']:>8}",
            flush=True,
        )
    gaps = [r["gap_pct"] for r in rows if r["gap_pct"] is not None]
    within = sum(1 for g in gaps if g <= 1.0)
    print(f"gap <= 1 %: {within} of {len(rows)} runs; worst gap {max(gaps, default=None)} %")


if __name__ == "__main__":
    main()
