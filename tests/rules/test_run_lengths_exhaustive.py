"""The run-length rules are stated as "a run that starts lasts the minimum", not as one clause
per short pattern: on every working pattern of a short period the model accepts exactly the
patterns the evaluator finds nothing wrong with, for each way the period can begin and with
paid leave (an absence, which exempts the runs it cuts) or an unavailable day inside it."""

from dataclasses import replace
from itertools import product

import pytest

from scheduler.domain import Contract, Leave, RuleFamily
from tests.builders import make_problem, model_allows, violations

DAYS = 6
PATTERNS = ["".join(days) for days in product(".E", repeat=DAYS)]


@pytest.mark.parametrize(
    ("family", "contract"),
    [
        (RuleFamily.WORKING_RUNS, Contract("C", "Runs", min_consecutive_days=3)),
        (RuleFamily.DAYS_OFF, Contract("C", "Rests", min_consecutive_days_off=3)),
    ],
)
@pytest.mark.parametrize("worked_before", [0, 1, 4])
@pytest.mark.parametrize("open_start", [False, True])
@pytest.mark.parametrize(
    "leave",
    [
        (),
        (Leave("A1", 2, 2, "sick"),),
        (Leave("A1", 0, 0, "sick"),),
        (Leave("A1", 0, 0, "sick"), Leave("A1", 1, 1, "leave")),
        (Leave("A1", 2, 2, "unavailable", prorates_hours=False),),
    ],
)
def test_model_accepts_exactly_what_the_evaluator_accepts(
    family: RuleFamily,
    contract: Contract,
    worked_before: int,
    open_start: bool,
    leave: tuple[Leave, ...],
) -> None:
    problem = replace(
        make_problem(
            days=DAYS,
            agents=1,
            contract=contract,
            agent_overrides={"A1": {"worked_days_before": worked_before}},
            leave=leave,
        ),
        open_start=open_start,
    )
    # Nobody works on leave (the leave rule, not built here, forbids it).
    patterns = [p for p in PATTERNS if not any(p[d] == "E" for d in problem.leave_days("A1"))]
    disagreements = [
        pattern
        for pattern in patterns
        if model_allows(problem, family, A1=pattern)
        != (violations(problem, family, A1=pattern) == [])
    ]
    assert disagreements == []
    # Both answers occur, so the comparison is not vacuous.
    assert any(violations(problem, family, A1=p) for p in patterns)
