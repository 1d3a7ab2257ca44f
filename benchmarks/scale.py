"""The scale curve: generated hotlines of 100, 250, 500 and 1,000 agents, 28 days, 6 shifts.

Issue 8's measure: time to first roster, gap at 60 s and at 120 s, peak memory and model size
per size; targets on 2 cores: a first roster for 1,000 agents within 30 s, gap at most 2 % at
120 s, under 4 GB.

    python benchmarks/scale.py [--agents 100 250 500 1000] [--time-limit 120] [--workers N]

Each size is solved in a fresh process (``benchmarks/hotline.py --one``), so peak memory is
that solve's own. The hotline is the forecast-driven one (half-hourly intervals, Erlang C,
fair shares priced); calls scale with the agents.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HOTLINE = Path(__file__).with_name("hotline.py")
COLUMNS = (
    ("agents", "agents"),
    ("variables", "variables"),
    ("constraints", "constraints"),
    ("first_roster_s", "first roster (s)"),
    ("first_bound_s", "first bound (s)"),
    ("gap_60_pct", "gap at 60 s (%)"),
    ("gap_end_pct", "gap at end (%)"),
    ("objective", "objective"),
    ("peak_mib", "peak (MiB)"),
    ("wall_s", "wall (s)"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, nargs="+", default=[100, 250, 500, 1000])
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--workers", type=int, help="CP-SAT workers (default: the solver's)")
    args = parser.parse_args()
    workers = args.workers or "default"
    print(f"hotlines, 28 days, 6 shift types, {args.time_limit:g} s, {workers} workers")
    print(" | ".join(title for _, title in COLUMNS))
    for agents in args.agents:
        child = subprocess.run(
            [sys.executable, str(HOTLINE), "--one", "--agents", str(agents), "--shift-types",
             "6", "--time-limit", str(args.time_limit),
             *(["--workers", str(args.workers)] if args.workers else [])],
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        if child.returncode != 0:
            print(f"{agents} | failed: {child.stderr.strip().splitlines()[-1:]}", flush=True)
            continue
        row = json.loads(child.stdout.strip().splitlines()[-1])
        print(" | ".join(str(row.get(key, "-")) for key, _ in COLUMNS), flush=True)


if __name__ == "__main__":
    main()
