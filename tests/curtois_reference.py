"""A second reading of the Employee Shift Scheduling Benchmark's rules, for tests only.

Written straight from the shared README's format notes, on the instance's own text and the
roster's own cells, without the project's domain, model or evaluator. The evaluator scores
the benchmark through the project's domain mapping; agreeing with this reading on random
rosters is what shows that mapping keeps the benchmark's rules (a pro-rated minimum slipped
through once, scoring rosters the benchmark forbids).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Instance:
    days: int
    lengths: dict[str, int]
    forbidden_next: dict[str, set[str]]
    staff: list[str]
    limits: dict[str, dict[str, int]]
    maxima: dict[str, dict[str, int]]
    days_off: dict[str, set[int]]
    on_requests: list[tuple[str, int, str, int]] = field(default_factory=list)
    off_requests: list[tuple[str, int, str, int]] = field(default_factory=list)
    cover: list[tuple[int, str, int, int, int]] = field(default_factory=list)


def parse(text: str) -> Instance:
    sections: dict[str, list[list[str]]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = line
            sections[current] = []
        else:
            sections[current].append(line.split(","))
    shifts = sections["SECTION_SHIFTS"]
    instance = Instance(
        days=int(sections["SECTION_HORIZON"][0][0]),
        lengths={row[0]: int(row[1]) for row in shifts},
        forbidden_next={row[0]: {s for s in row[2].split("|") if s} for row in shifts},
        staff=[row[0] for row in sections["SECTION_STAFF"]],
        limits={},
        maxima={},
        days_off={row[0]: set() for row in sections["SECTION_STAFF"]},
    )
    names = ("max_minutes", "min_minutes", "max_run", "min_run", "min_off", "max_weekends")
    for row in sections["SECTION_STAFF"]:
        pairs = (item.split("=") for item in row[1].split("|") if item)
        instance.maxima[row[0]] = {code: int(count) for code, count in pairs}
        instance.limits[row[0]] = dict(zip(names, map(int, row[2:8]), strict=True))
    for row in sections.get("SECTION_DAYS_OFF", []):
        instance.days_off[row[0]].update(int(day) for day in row[1:] if day)
    for key, target in (
        ("SECTION_SHIFT_ON_REQUESTS", instance.on_requests),
        ("SECTION_SHIFT_OFF_REQUESTS", instance.off_requests),
    ):
        target.extend((r[0], int(r[1]), r[2], int(r[3])) for r in sections.get(key, []))
    instance.cover = [
        (int(r[0]), r[1], int(r[2]), int(r[3]), int(r[4])) for r in sections["SECTION_COVER"]
    ]
    return instance


def breaches(instance: Instance, rows: dict[str, list[str]]) -> set[tuple[str, str]]:
    """(employee, rule) for every hard rule the roster breaks; a cell is a shift ID or ''."""
    found: set[tuple[str, str]] = set()
    for employee in instance.staff:
        row, limits = rows[employee], instance.limits[employee]
        for day, cell in enumerate(row):
            if cell and day in instance.days_off[employee]:
                found.add((employee, "day off"))
            following = row[day + 1] if day + 1 < instance.days else ""
            if cell and following in instance.forbidden_next[cell]:
                found.add((employee, "succession"))
        for code in instance.lengths:
            if row.count(code) > instance.maxima[employee].get(code, 0):
                found.add((employee, "shifts of a type"))
        minutes = sum(instance.lengths[cell] for cell in row if cell)
        if not limits["min_minutes"] <= minutes <= limits["max_minutes"]:
            found.add((employee, "total minutes"))
        start = 0
        while start < instance.days:
            end = start
            while end < instance.days and bool(row[end]) == bool(row[start]):
                end += 1
            inside = start > 0 and end < instance.days
            if row[start] and end - start > limits["max_run"]:
                found.add((employee, "longest run"))
            if row[start] and inside and end - start < limits["min_run"]:
                found.add((employee, "shortest run"))
            if not row[start] and inside and end - start < limits["min_off"]:
                found.add((employee, "shortest days off"))
            start = end
        weekends = sum(
            1 for week in range(instance.days // 7) if row[7 * week + 5] or row[7 * week + 6]
        )
        if weekends > limits["max_weekends"]:
            found.add((employee, "weekends"))
    return found


def penalty(instance: Instance, rows: dict[str, list[str]]) -> int:
    """The soft penalties: requests not granted, and cover short or over."""
    total = sum(w for e, d, s, w in instance.on_requests if rows[e][d] != s)
    total += sum(w for e, d, s, w in instance.off_requests if rows[e][d] == s)
    for day, code, required, under, over in instance.cover:
        working = sum(1 for e in instance.staff if rows[e][day] == code)
        total += under * max(required - working, 0) + over * max(working - required, 0)
    return total
