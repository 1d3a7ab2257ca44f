"""Mending the constructive roster where a hard tier rule linking agents breaks."""

from __future__ import annotations

from dataclasses import replace

from scheduler.domain import Problem, RuleFamily, Strength, Tier, TierRules
from scheduler.evaluate import CHECKS, evaluate
from scheduler.example import build_skilled_hotline
from scheduler.heuristic import greedy_roster
from scheduler.tier_repair import mend_tier_rules
from tests.builders import MONDAY, make_problem, roster

SHARED = (RuleFamily.SUPERVISION, RuleFamily.JUNIOR_RATIO, RuleFamily.ONBOARDING)


def _problem(tiers: TierRules, **overrides: dict[str, object]) -> Problem:
    """One day, early and late shifts; A1 a senior, A2 a junior, A3 a trainer."""
    agents = {
        "A1": {"tier": Tier.SENIOR},
        "A2": {"tier": Tier.JUNIOR},
        "A3": {"tier": Tier.TRAINER},
    }
    for agent_id, fields in overrides.items():
        agents[agent_id] = {**agents[agent_id], **fields}
    return replace(make_problem(days=1, agents=3, agent_overrides=agents), tiers=tiers)


def _mended(
    problem: Problem,
    rows: dict[str, str],
    refuse: frozenset[str] = frozenset(),
    reshaped: dict[str, str] | None = None,
) -> dict[str, str]:
    """The rows after mending; agents in ``refuse`` keep their own rules only unchanged, and
    ``reshaped`` is what the caller's repair offers for an agent."""
    grid = {agent: [None if c == "." else c for c in codes] for agent, codes in rows.items()}

    def keeps_rules(agent_id: str, trial: list[str | None]) -> bool:
        return agent_id not in refuse

    def reshape(agent_id: str, day: int, code: str) -> list[str | None] | None:
        offered = (reshaped or {}).get(agent_id)
        return None if offered is None else [None if c == "." else c for c in offered]

    mend_tier_rules(problem, grid, keeps_rules, reshape)
    return {agent: "".join(code or "." for code in row) for agent, row in grid.items()}


def _breaches(problem: Problem, rows: dict[str, str]) -> list[str]:
    mended = roster(**rows)
    return [v.message for family in SHARED for v in CHECKS[family](problem, mended)]


SUPERVISED = TierRules(supervision=Strength.HARD, onboarding=Strength.OFF)


def test_a_senior_is_moved_over_to_the_shift_without_one() -> None:
    problem = _problem(SUPERVISED)
    rows = {"A1": "E", "A2": "L", "A3": "."}
    assert _breaches(problem, rows)
    mended = _mended(problem, rows)
    assert mended == {"A1": "L", "A2": "L", "A3": "."}
    assert not _breaches(problem, mended)


def test_when_the_senior_may_not_move_the_junior_moves_to_them() -> None:
    problem = _problem(SUPERVISED)
    mended = _mended(problem, {"A1": "E", "A2": "L", "A3": "."}, refuse=frozenset({"A1"}))
    assert mended == {"A1": "E", "A2": "E", "A3": "."}


def test_nothing_changes_when_every_move_breaks_an_agents_own_rules() -> None:
    problem = _problem(SUPERVISED)
    rows = {"A1": "E", "A2": "L", "A3": "."}
    assert _mended(problem, rows, refuse=frozenset({"A1", "A2", "A3"})) == rows


def test_a_reshaped_row_is_taken_when_no_one_day_move_keeps_the_rules() -> None:
    # Two days: the senior's one-day moves are refused, but the caller's repair offers a row
    # with the late shift on day 0 (and day 1 changed to keep their rules).
    problem = replace(_problem(SUPERVISED), period=make_problem(days=2).period)
    rows = {"A1": "EE", "A2": "L.", "A3": ".."}
    mended = _mended(problem, rows, refuse=frozenset({"A1", "A2", "A3"}), reshaped={"A1": "L."})
    assert mended == {"A1": "L.", "A2": "L.", "A3": ".."}


def test_a_reshaped_row_that_breaks_another_shift_as_badly_is_refused() -> None:
    # The offered row mends day 0 but leaves day 1's junior alone: no better, so not taken.
    problem = replace(_problem(SUPERVISED), period=make_problem(days=2).period)
    rows = {"A1": "EE", "A2": "LE", "A3": ".."}
    mended = _mended(problem, rows, refuse=frozenset({"A1", "A2", "A3"}), reshaped={"A1": "L."})
    assert mended == rows


def test_juniors_over_the_ratio_get_a_senior_brought_in_on_a_day_off() -> None:
    tiers = TierRules(junior_ratio=Strength.HARD, max_juniors_per_senior=1, onboarding=Strength.OFF)
    problem = _problem(tiers, A3={"tier": Tier.JUNIOR})
    rows = {"A1": ".", "A2": "E", "A3": "E"}
    assert _breaches(problem, rows)
    mended = _mended(problem, rows)
    assert mended["A1"] == "E"
    assert not _breaches(problem, mended)


def test_a_new_starter_gets_the_trainer_beside_them() -> None:
    tiers = TierRules(onboarding=Strength.HARD)
    problem = _problem(tiers, A2={"start_date": MONDAY})
    rows = {"A1": ".", "A2": "E", "A3": "L"}
    assert _breaches(problem, rows)
    mended = _mended(problem, rows)
    assert mended["A3"] == "E"
    assert not _breaches(problem, mended)


def test_the_constructive_roster_keeps_hard_tier_rules_on_the_skilled_hotline() -> None:
    # Built agent by agent, it broke them on over a hundred shifts at 80 agents.
    base = build_skilled_hotline(80)
    hard = replace(
        base.tiers,
        supervision=Strength.HARD,
        junior_ratio=Strength.HARD,
        onboarding=Strength.HARD,
    )
    problem = replace(base, tiers=hard)
    assert evaluate(problem, greedy_roster(problem)).violations == ()
