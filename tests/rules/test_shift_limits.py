from scheduler.domain import Contract, RuleFamily
from tests.builders import make_problem, model_allows, violations

FAMILY = RuleFamily.SHIFT_LIMITS
PROBLEM = make_problem(days=7, agents=1, contract=Contract("C", "Capped", max_shifts=(("L", 2),)))


def test_at_most_the_contracts_shifts_of_a_type():
    assert model_allows(PROBLEM, FAMILY, A1="LL.EEEE")
    assert violations(PROBLEM, FAMILY, A1="LL.EEEE") == []
    assert not model_allows(PROBLEM, FAMILY, A1="LL.L...")
    assert violations(PROBLEM, FAMILY, A1="LL.L...") == [
        "A1 works 3 L shifts in the period; at most 2 allowed"
    ]


def test_a_zero_maximum_forbids_the_type():
    none = make_problem(days=3, agents=1, contract=Contract("C", "No E", max_shifts=(("E", 0),)))
    assert not model_allows(none, FAMILY, A1="E..")
    assert model_allows(none, FAMILY, A1="LLL")
