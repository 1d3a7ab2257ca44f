"""Solve the forecast-driven hotline and print time to first roster and first bound, gaps, each
rule's cost and peak memory.

Issue 3's measure: 200 agents, 28 days, 30-minute intervals (Erlang C), 8 staggered shift
types; targets on 2 cores: first roster within 20 s, gap at most 2 % at 120 s, under 2 GB.
With ``--skilled``, issue 7's: the same hotline with five queues counted one by one and 30 %
of agents multi-skilled (``build_skilled_hotline``); target gap 2 % at 120 s. With
``--hard-tiers`` as well, supervision, the junior ratio and onboarding are hard (onboarding's
default), the case where the constructive roster must mend shifts before it is one.

    python benchmarks/hotline.py [--agents 200] [--time-limit 120] [--workers N] [--seed 0]
                                 [--skilled [--hard-tiers]]

The gap at 60 s is read from the solver's progress events; each run is a fresh process so
peak memory is measured per solve.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import replace

from scheduler.domain import RuleFamily
from scheduler.evaluate import Evaluation


def run_one(
    agents: int,
    time_limit: float,
    workers: int | None,
    seed: int,
    shift_types: int = 8,
    skilled: bool = False,
    hard_tiers: bool = False,
) -> dict[str, object]:
    from scheduler import SolveOptions, solve
    from scheduler.domain import Strength
    from scheduler.example import build_hotline, build_skilled_hotline
    from scheduler.model import build_model
    from scheduler.progress import Progress, relative_gap

    started = time.monotonic()
    problem = (
        build_skilled_hotline(agents) if skilled else build_hotline(agents, shift_types=shift_types)
    )
    if hard_tiers:
        hard = Strength.HARD
        tiers = replace(problem.tiers, supervision=hard, junior_ratio=hard, onboarding=hard)
        problem = replace(problem, tiers=tiers)
    built = time.monotonic() - started
    events: list[tuple[float, Progress]] = []
    result = solve(
        problem,
        SolveOptions(time_limit=time_limit, workers=workers, seed=seed),
        lambda progress: events.append((time.monotonic() - started, progress)),
    )
    first = next((at for at, p in events if p.objective is not None), None)
    first_bound = next((at for at, p in events if p.bound is not None), None)
    at_60 = [p for at, p in events if at <= 60 and p.objective is not None]
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    model = build_model(problem).model.Proto()  # after the peak: a second copy is not the solve's
    return {
        "agents": agents,
        "queues": len(problem.queues) or 1,
        "multi_skilled": sum(len(problem.serving_queues(a)) > 1 for a in problem.agents),
        "intervals": len(problem.interval_demand),
        "forecast_s": round(built, 1),
        "first_roster_s": None if first is None else round(first, 1),
        "first_bound_s": None if first_bound is None else round(first_bound, 1),
        "gap_60_pct": (
            None if not at_60 else _pct(relative_gap(at_60[-1].objective, at_60[-1].bound))
        ),
        "objective": result.objective,
        "bound": result.best_bound,
        "gap_end_pct": _pct(result.gap),
        "wall_s": round(time.monotonic() - started, 1),
        "peak_mib": round(peak_kib / 1024),
        "cost_by_rule": None if result.evaluation is None else _costs(result.evaluation),
        "variables": len(model.variables),
        "constraints": len(model.constraints),
    }


def _costs(evaluation: Evaluation) -> dict[str, int]:
    """Each rule's share of the cost, coverage split into staff short and staff over."""
    costs: dict[str, int] = {}
    for penalty in evaluation.penalties:
        name = str(penalty.family)
        if penalty.family is RuleFamily.COVERAGE:
            name += " (under)" if penalty.detail.startswith("under") else " (over)"
        costs[name] = costs.get(name, 0) + penalty.cost
    return costs


def _pct(gap: float | None) -> float | None:
    return None if gap is None else round(100 * gap, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--workers", type=int, help="CP-SAT workers (default: the solver's)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shift-types", type=int, default=8, choices=(6, 8))
    parser.add_argument("--skilled", action="store_true", help="five queues, 30 %% multi-skilled")
    parser.add_argument(
        "--hard-tiers",
        action="store_true",
        help="supervision, junior ratio and onboarding hard (with --skilled)",
    )
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    workers = args.workers or "default"
    if args.one:
        row = run_one(
            args.agents,
            args.time_limit,
            args.workers,
            args.seed,
            args.shift_types,
            args.skilled,
            args.hard_tiers,
        )
        print(json.dumps(row))
        return
    child = subprocess.run(
        [
            sys.executable,
            __file__,
            "--one",
            "--agents",
            str(args.agents),
            "--time-limit",
            str(args.time_limit),
            *(["--workers", str(args.workers)] if args.workers else []),
            "--seed",
            str(args.seed),
            "--shift-types",
            str(args.shift_types),
            *(["--skilled"] if args.skilled else []),
            *(["--hard-tiers"] if args.hard_tiers else []),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    row = json.loads(child.stdout.strip().splitlines()[-1])
    kind = "skilled hotline" if args.skilled else "hotline"
    if args.hard_tiers:
        kind += ", tier rules hard"
    print(f"{kind}: {args.time_limit:g} s limit, {workers} workers, seed {args.seed}")
    for key, value in row.items():
        print(f"  {key:>15}: {value}")


if __name__ == "__main__":
    main()
