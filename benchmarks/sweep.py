"""A 12-scenario sweep of the bundled example: Ray against one after another.

Issue 10's measure: wall time of the same sweep run as Ray tasks on this machine and run one
after another in one process, and Ray's overhead per task.

    python benchmarks/sweep.py [--time-limit 10] [--workers 1]

Scenarios: demand 0.9, 1.0, 1.2, 1.5 times headcount -5, 0, +5. Each scenario runs CP-SAT with
``--workers`` workers and Ray reserves as many CPUs for it, so on 2 cores two 1-worker
scenarios run at once. Overhead per task is measured apart, on 12 jobs that solve a one-agent
problem in milliseconds: Ray's wall time for them, less their own solve time spread over the
CPUs, per task.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date
from pathlib import Path

from scheduler.domain import Agent, Contract, CoverageRequirement, Period, Problem, ShiftType
from scheduler.io.tables import read_tables
from scheduler.parallel import Engine, SolveJob, engine_session, run_jobs
from scheduler.solve import SolveOptions
from scheduler.whatif.scenarios import build_scenarios
from scheduler.whatif.sweep import run_sweep
from scheduler.whatif.variations import NewAgents, parse_variation

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "example.xlsx"


def _tiny() -> Problem:
    early = ShiftType("E", "Early", 360, 480, 450, "early")
    return Problem(
        Period(date(2026, 12, 7), 7),
        (early,),
        (Contract("C", "Any"),),
        (Agent("A1", "One", "C", frozenset({"E"})),),
        (CoverageRequirement(0, "E", 1),),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    variations = [parse_variation("demand=0.9,1.0,1.2,1.5"), parse_variation("headcount=-5,0,+5")]
    scenarios = build_scenarios(
        read_tables(EXAMPLE), variations, NewAgents(copies_current=True), "example"
    )
    options = SolveOptions(args.time_limit, args.workers)
    print(f"{len(scenarios)} scenarios, {args.time_limit:g} s and {args.workers} worker(s) each, "
          f"{os.cpu_count()} cores")  # fmt: skip

    started = time.monotonic()
    serial = run_sweep(scenarios, options, Engine(serial=True))
    serial_wall = time.monotonic() - started

    started = time.monotonic()
    with engine_session(Engine()):
        startup = time.monotonic() - started
        parallel = run_sweep(scenarios, options, Engine())
        ray_wall = time.monotonic() - started
        tiny_jobs = [SolveJob(f"tiny {i}", _tiny(), SolveOptions(5, 1)) for i in range(12)]
        tiny_started = time.monotonic()
        tiny = run_jobs(tiny_jobs, Engine())
        tiny_wall = time.monotonic() - tiny_started
    cpus = os.cpu_count() or 1
    own = sum(o.seconds for o in tiny.outcomes) / cpus
    overhead = (tiny_wall - own) / len(tiny_jobs) * cpus

    print(f"one after another: {serial_wall:6.1f} s")
    print(f"Ray (local):       {ray_wall:6.1f} s, of which {startup:.1f} s starting Ray")
    print(f"speed-up:          {serial_wall / ray_wall:.2f}x "
          f"({serial_wall / (ray_wall - startup):.2f}x once Ray is up)")  # fmt: skip
    print(f"overhead per task: {overhead * 1000:.0f} ms (12 one-agent jobs, {tiny_wall:.2f} s)")
    print()
    print(f"{'scenario':32} {'serial obj':>11} {'Ray obj':>9} {'short h (Ray)':>14}")
    for one, other in zip(serial.results, parallel.results, strict=True):
        a = one.outcome.result.objective if one.outcome.result else "-"
        b = other.outcome.result.objective if other.outcome.result else "-"
        short = other.figures.shortfall_hours if other.figures else "-"
        print(f"{one.scenario.label:32} {a!s:>11} {b!s:>9} {short!s:>14}")


if __name__ == "__main__":
    main()
