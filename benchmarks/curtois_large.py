"""Benchmark instances stretched to the size of the unshared ones: up to 150 employees, a year.

Issue 8 says the model is also measured on the benchmark's larger instances (up to 150
employees and 52 weeks), which are not in the shared set, and must find rosters for them
within the limit. This builds instances of that size from a shared one: its staff copied
``--copies`` times (the maxima per shift type, total minutes and weekends scaled with the
horizon), its horizon repeated ``--repeat`` times (days off and requests repeated with it) and
its cover multiplied by the copies. It then solves each with the same ``solve`` as every
roster and prints the size, time to first roster, objective, bound and peak memory.

    python benchmarks/curtois_large.py [Instance12 ...] [--copies 3] [--repeat 13]
                                       [--time-limit 60] [--workers N]

Instance 12 copied 3 times over 13 repetitions of its 28 days: 180 employees, 364 days.
No published best exists for these; what counts is a roster within the limit.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from scheduler import SolveOptions, solve
from scheduler.domain import Problem
from scheduler.evaluate import evaluate
from scheduler.io.curtois import read_instance
from scheduler.progress import Progress
from scheduler.solve import SolveResult

FOLDER = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "curtois"


def stretched(text: str, copies: int, repeat: int) -> str:
    """The instance's text with its staff copied and its horizon repeated."""
    out: list[str] = []
    section = ""
    horizon = 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            out.append(raw)
            continue
        if line.startswith("SECTION_"):
            section = line
            out.append(line)
            continue
        fields = line.split(",")
        if section == "SECTION_HORIZON":
            horizon = int(line)
            out.append(str(horizon * repeat))
        elif section == "SECTION_STAFF":
            out.extend(_staff(fields, copies, repeat))
        elif section == "SECTION_DAYS_OFF":
            for copy in range(copies):
                days = [int(d) + r * horizon for r in range(repeat) for d in fields[1:]]
                out.append(",".join([f"{fields[0]}_{copy}", *map(str, days)]))
        elif section in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
            who, day, *rest = fields
            for copy in range(copies):
                for r in range(repeat):
                    out.append(",".join([f"{who}_{copy}", str(int(day) + r * horizon), *rest]))
        elif section == "SECTION_COVER":
            day, shift, required, *weights = fields
            for r in range(repeat):
                cover = [str(int(day) + r * horizon), shift, str(int(required) * copies)]
                out.append(",".join(cover + weights))
        else:
            out.append(raw)
    return "\n".join(out) + "\n"


def _staff(fields: list[str], copies: int, repeat: int) -> list[str]:
    who, maxima, most, least, max_run, min_run, min_off, weekends = fields
    scaled = "|".join(
        f"{code}={int(count) * repeat}"
        for code, count in (item.split("=") for item in maxima.split("|"))
    )
    return [
        ",".join(
            [
                f"{who}_{copy}",
                scaled,
                str(int(most) * repeat),
                str(int(least) * repeat),
                max_run,
                min_run,
                min_off,
                str(int(weekends) * repeat),
            ]
        )
        for copy in range(copies)
    ]


def _solve(problem: Problem, options: SolveOptions) -> tuple[SolveResult, float | None]:
    """The result, and the seconds to the first roster reported."""
    started = time.monotonic()
    found: list[float] = []

    def on_progress(progress: Progress) -> None:
        if progress.objective is not None and not found:
            found.append(time.monotonic() - started)

    return solve(problem, options, on_progress), (found[0] if found else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("instances", nargs="*", default=["Instance12"])
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=13)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, help="CP-SAT workers (default: the solver's)")
    parser.add_argument("--folder", type=Path, default=FOLDER)
    args = parser.parse_args()
    workers = args.workers or "default"
    print(f"{args.time_limit:g} s per instance, {workers} workers")
    for name in args.instances:
        text = stretched((args.folder / f"{name}.txt").read_text(), args.copies, args.repeat)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{name}x{args.copies}x{args.repeat}.txt"
            path.write_text(text)
            problem = read_instance(path)
        started = time.monotonic()
        result, first = _solve(
            problem, SolveOptions(time_limit=args.time_limit, workers=args.workers)
        )
        wall = time.monotonic() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
        scored = None if result.roster is None else evaluate(problem, result.roster)
        print(
            f"{name} x{args.copies} x{args.repeat}: {len(problem.agents)} employees, "
            f"{problem.period.days} days; first roster "
            f"{'-' if first is None else f'{first:.1f} s'}; objective {result.objective}, "
            f"bound {result.best_bound}, status {result.status.value}, evaluator "
            f"{None if scored is None else scored.total} "
            f"({0 if scored is None else len(scored.violations)} hard violations); "
            f"{wall:.1f} s, peak {peak:.1f} GiB",
            flush=True,
        )
        if scored is not None and scored.violations:
            sys.exit(1)


if __name__ == "__main__":
    main()
