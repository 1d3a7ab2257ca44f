"""Re-plan the bundled example after one agent calls in sick for three days mid-period.

Issue 5's measure: re-plan wall time and changed cells beside a from-scratch solve; target on
2 cores: at most 5 s, and at most 3 changed cells beyond the sick agent's own days when
coverage allows.

    python benchmarks/rerun.py [--solve-time 60] [--rerun-time 20] [--agent A005]

Publishes a roster (a normal solve), marks the agent sick in its Roster sheet on days 11 to
13 of the period (the way a supervisor would), then runs `scheduler rerun` on it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "example.xlsx"
SICK_DAYS = (10, 11, 12)


def _scheduler(*args: str) -> tuple[float, str]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", *args], capture_output=True, text=True, check=True
    )
    return time.monotonic() - started, done.stdout + done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--solve-time", type=float, default=60.0)
    parser.add_argument("--rerun-time", type=float, default=20.0)
    parser.add_argument("--agent", default=None, help="Default: the first agent working all 3")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        published = Path(folder) / "published.xlsx"
        _scheduler("solve", str(EXAMPLE), "-o", str(published), "--quiet",
                   "--time-limit", str(args.solve_time))  # fmt: skip
        workbook = openpyxl.load_workbook(published)
        sheet = workbook["Roster"]
        rows = {sheet.cell(r, 1).value: r for r in range(4, sheet.max_row + 1)}
        agent = args.agent or next(
            a
            for a, r in rows.items()
            if isinstance(a, str)
            and a.startswith("A")
            and all(sheet.cell(r, 5 + d).value not in (None, "sick", "leave") for d in SICK_DAYS)
        )
        for day in SICK_DAYS:
            sheet.cell(rows[agent], 5 + day).value = "sick"
        edited = Path(folder) / "sick.xlsx"
        workbook.save(edited)
        new = Path(folder) / "new.xlsx"
        wall, _ = _scheduler("rerun", str(edited), "-o", str(new), "--quiet", "--no-compare",
                             "--time-limit", str(args.rerun_time))  # fmt: skip
        changes = openpyxl.load_workbook(new)["Changes"]
        reasons = [changes.cell(r, 7).value for r in range(2, changes.max_row + 1)]
        compared = Path(folder) / "compared.xlsx"
        scratch_wall, scratch_text = _scheduler("rerun", str(edited), "-o", str(compared),
                                                "--quiet", "--time-limit",
                                                str(args.rerun_time))  # fmt: skip
        print(f"agent {agent} sick on days {SICK_DAYS[0] + 1}-{SICK_DAYS[-1] + 1}")
        print(f"rerun wall time (process, incl. start-up): {wall:.1f} s")
        print(f"changed cells: {len(reasons)}, beyond the sick agent's own days: "
              f"{sum(1 for r in reasons if r and not r.startswith('absent'))}")  # fmt: skip
        print(f"with the from-scratch comparison: {scratch_wall:.1f} s")
        print(next(line for line in scratch_text.splitlines() if "from-scratch" in line))


if __name__ == "__main__":
    main()
