"""The cross product of a sweep's variations, each read into a validated ``Problem``.

Every scenario is built and checked before anything is solved, so a bad value fails the sweep
at once (with the scenario it belongs to) instead of after an hour of solving.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from scheduler.domain import Problem
from scheduler.io.errors import InputError, InputIssue
from scheduler.io.input_reader import problem_from_tables
from scheduler.whatif.variations import (
    Kind,
    NewAgents,
    Tables,
    Variation,
    VariationError,
    apply_to_tables,
    scale_demand,
)

MAX_SCENARIOS = 500


@dataclass(frozen=True)
class Scenario:
    """One combination of values (in the order the variations were given) and its problem."""

    number: int
    values: tuple[tuple[Variation, str], ...]
    problem: Problem

    @property
    def label(self) -> str:
        return _label(self.values)


def _label(values: Sequence[tuple[Variation, str]]) -> str:
    return ", ".join(f"{v.name}={value}" for v, value in values) or "as given"


def build_scenarios(
    tables: Tables,
    variations: Sequence[Variation],
    hires: NewAgents,
    name: str,
    holidays_country: str | None = None,
) -> list[Scenario]:
    """Raises ``VariationError`` for a bad combination and ``InputError`` (each issue prefixed
    with its scenario) when a varied value does not pass the reader's validation."""
    targets = [(v.kind, v.column) for v in variations]
    for variation, varied in zip(variations, targets, strict=True):
        if targets.count(varied) > 1:
            raise VariationError(
                f"--vary {variation.name} is given twice (perhaps under another spelling); "
                "list all its values in one"
            )
    # Mistakes in the input itself are reported as such, not blamed on a scenario; scenarios
    # that vary no table (demand only, or nothing) start from this same reading.
    base = problem_from_tables(tables, name, holidays_country)
    hires.check(base)
    combinations = list(itertools.product(*([(v, x) for x in v.values] for v in variations)))
    if len(combinations) > MAX_SCENARIOS:
        raise VariationError(
            f"the variations make {len(combinations)} scenarios; expected at most "
            f"{MAX_SCENARIOS} (vary fewer values at once)"
        )
    scenarios = []
    issues: dict[str, InputIssue] = {}
    for number, values in enumerate(combinations, start=1):
        varied = tables
        for variation, value in values:
            if variation.kind is not Kind.DEMAND:
                varied = apply_to_tables(varied, variation, value, hires)
        label = _label(values)
        try:
            problem = (
                base if varied is tables else problem_from_tables(varied, name, holidays_country)
            )
        except InputError as error:
            for issue in error.issues:
                # One bad value spoils every scenario it is in; report it once.
                issues.setdefault(
                    str(issue),
                    InputIssue(
                        f"scenario {label}: {issue.sheet}",
                        issue.row,
                        issue.column,
                        issue.value,
                        issue.expected,
                    ),
                )
            continue
        for variation, value in values:
            if variation.kind is Kind.DEMAND:
                problem = scale_demand(problem, float(value))
        scenarios.append(Scenario(number, values, problem))
    if issues:
        raise InputError(list(issues.values()))
    return scenarios
