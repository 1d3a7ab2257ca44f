"""Split a center into groups of teams that no rule couples, each solved as a model of its own.

Every hard rule and most soft ones concern one agent; only a few look across agents, and those
decide which teams must stay in one model:

* coverage: per day and shift code (the Demand sheet, or call capacity under a daily forecast),
  so teams whose agents may work a common shift code share it; per interval (intraday
  forecast) every shift counts for the intervals it covers, so all teams share it;
* fairness, when priced: a fair share divides the center's demanded duty by every eligible
  agent's weight, even with ``by_team`` (a team's part of the duty is its weight's part), so
  a team's targets depend on the other teams;
* a cyclic rotation: one pattern per contract, its length and the agents' starts counted over
  the contract's agents, so teams sharing a contract share its pattern cells;
* ``--soften``: an agent may then break ``allowed_shifts`` and work any shift, so any team may
  reach any other's coverage;
* a training session's free seats, which any eligible agent may take.

Supervision, the junior ratio and onboarding look at one day and shift code, so they couple
exactly the teams coverage already does (those that may work the code).

Weekly blocks, locks, requests, leave, history and changes to a published roster are per
agent. Split along these lines the decomposition is exact: the full problem's objective is
the sum of the parts', so ``merge`` checks that and treats any difference as a bug.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from scheduler.domain import Problem, Roster, RotationMode
from scheduler.evaluate import Penalty, Violation, evaluate
from scheduler.solve import EvaluationMismatch, SolveResult, SolveStatus

# How far a part is from a roster: the whole is as bad as its worst part. A proof that one
# part has no roster proves it for the whole, so it outranks a part that ran out of time.
_STATUS_RANK = {
    SolveStatus.OPTIMAL: 0,
    SolveStatus.FEASIBLE: 1,
    SolveStatus.NO_ROSTER_IN_TIME: 2,
    SolveStatus.INFEASIBLE: 3,
    SolveStatus.MODEL_INVALID: 4,
}


@dataclass(frozen=True, slots=True)
class TeamGroup:
    """Teams solved together: nothing couples them to teams outside the group.

    ``demand_shifts`` are the shift codes whose demand this group answers for: those its
    agents may work and, in the first group only, those nobody may work (their demand is unmet
    whatever the roster, and must be counted exactly once).
    """

    teams: tuple[str, ...]  # sorted; "" is the team of agents without one
    agent_ids: tuple[str, ...]  # sheet order
    demand_shifts: frozenset[str]
    reasons: tuple[str, ...]  # every coupling that put these teams together, in plain words


@dataclass(frozen=True, slots=True)
class TeamSplit:
    groups: tuple[TeamGroup, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(reason for group in self.groups for reason in group.reasons)


def team_groups(problem: Problem, soften: bool = False) -> TeamSplit:
    """The connected components of teams under every coupling rule, in sheet order of their
    first agent. A center without agents is one empty group, which still owns the demand."""
    teams = list(dict.fromkeys(agent.team for agent in problem.agents))
    couplings = list(_couplings(problem, teams, soften))
    parent = {team: team for team in teams}

    def root(team: str) -> str:
        while parent[team] != team:
            team = parent[team]
        return team

    for coupled, _ in couplings:
        first, *others = coupled
        for team in others:
            parent[root(team)] = root(first)
    members: dict[str, list[str]] = {}
    for team in teams:
        members.setdefault(root(team), []).append(team)
    codes = [shift.code for shift in problem.shifts]
    staffed = {code for agent in problem.agents for code in agent.allowed_shifts}
    unstaffable = frozenset(code for code in codes if code not in staffed)
    groups = []
    for index, group_teams in enumerate(members.values()):
        inside = set(group_teams)
        agents = [agent for agent in problem.agents if agent.team in inside]
        shifts = frozenset(code for agent in agents for code in agent.allowed_shifts)
        groups.append(
            TeamGroup(
                tuple(sorted(group_teams)),
                tuple(agent.id for agent in agents),
                shifts | unstaffable if index == 0 else shifts,
                tuple(reason for coupled, reason in couplings if coupled[0] in inside),
            )
        )
    if not groups:
        groups.append(TeamGroup((), (), unstaffable, ()))
    return TeamSplit(tuple(groups))


def _couplings(problem: Problem, teams: list[str], soften: bool) -> Iterable[tuple[list[str], str]]:
    """(teams, why) for every rule that makes two or more teams' rosters depend on each other."""
    if len(teams) < 2:
        return
    if soften:
        yield teams, "--soften may break allowed shifts, so any agent may cover any shift"
    if problem.counts_intervals:
        yield teams, "demand is per interval (forecast), shared by every shift"
    fairness = problem.fairness
    if fairness.weight > 0 and fairness.categories:
        how = (
            "divides the center's duty between teams"
            if fairness.by_team
            else "compares agents across teams"
        )
        yield teams, f"fairness {how} (fairness weight {fairness.weight} > 0)"
    for shift in problem.shifts:
        sharing = sorted({a.team for a in problem.agents if shift.code in a.allowed_shifts})
        if len(sharing) > 1:
            yield sharing, f"teams {_and(sharing)} {_both(sharing)} work shift {shift.code}"
    for session in problem.training:
        sharing = sorted({a.team for a in problem.session_candidates(session)})
        if len(sharing) > 1:
            yield sharing, f"teams {_and(sharing)} may take seats in training {session.name}"
    if problem.rotation.mode is RotationMode.CYCLIC:
        for contract in problem.contracts:
            sharing = sorted({a.team for a in problem.agents if a.contract_id == contract.id})
            if len(sharing) > 1:
                yield (
                    sharing,
                    "cyclic rotation shares one pattern per contract across teams "
                    f"(contract {contract.id}: {', '.join(_name(t) for t in sharing)})",
                )


def _name(team: str) -> str:
    return team or "(no team)"


def _and(teams: Sequence[str]) -> str:
    names = [_name(team) for team in teams]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _both(teams: Sequence[str]) -> str:
    return "both" if len(teams) == 2 else "all"


def sub_problem(problem: Problem, group: TeamGroup) -> Problem:
    """The group's own problem: its agents, everything keyed by them, and its demand.

    The published roster keeps the group's agents' rows and training seats (for the changes
    rule: a seat given up is a change) and every published shift of the group's demand codes,
    whoever worked it: a re-plan prices coverage against what was published for the shift,
    which may include an agent no longer allowed it.
    Interval demand stays whole: it couples every team, so such a problem has one group.
    The part keeps the center's queues, which its own demand rows may not all name.
    """
    members = frozenset(group.agent_ids)
    published = problem.published
    if published is not None:
        published = Roster(
            frozenset(
                a
                for a in published.assignments
                if a.agent_id in members or a.shift in group.demand_shifts
            ),
            frozenset(seat for seat in published.training if seat[0] in members),
        )
    return replace(
        problem,
        agents=tuple(agent for agent in problem.agents if agent.id in members),
        demand=tuple(r for r in problem.demand if r.shift in group.demand_shifts),
        leave=tuple(item for item in problem.leave if item.agent_id in members),
        requests=tuple(item for item in problem.requests if item.agent_id in members),
        locks=tuple(lock for lock in problem.locks if lock.agent_id in members),
        published=published,
        center_queues=problem.queues,
        unpublished_agents=problem.unpublished_agents & members,
        history=tuple(item for item in problem.history if item.agent_id in members),
        training=tuple(
            session
            for session in problem.training
            if _owns(problem, members, {a.id for a in problem.session_candidates(session)})
        ),
    )


def _owns(problem: Problem, members: frozenset[str], candidates: set[str]) -> bool:
    """Whether a group answers for a session: its candidates' group, or for a session nobody
    may attend (its empty seats counted once) the group of the first agent."""
    if candidates:
        return bool(candidates & members)
    return not problem.agents or problem.agents[0].id in members


def merge(problem: Problem, parts: Sequence[SolveResult], wall_time: float) -> SolveResult:
    """One result for the whole problem from its parts' results, judged on the whole problem.

    The objective is the full evaluation's total plus the price of hard rules the parts broke
    under ``--soften`` (each part's objective less its own evaluation's total). The evaluation
    must find exactly the parts' violations and penalties; anything else means the split
    coupled something it did not see, and raises ``EvaluationMismatch``. The bound is the sum
    of the parts' bounds, valid because the objective is the sum of the parts'. Options are the
    first part's: the parts share them.
    """
    if not parts:
        raise ValueError("nothing to merge: every split has at least one group")
    options = parts[0].options
    worst = max(parts, key=lambda part: _STATUS_RANK[part.status])
    rosters = [part.roster for part in parts if part.roster is not None]
    if len(rosters) < len(parts):
        return SolveResult(worst.status, None, None, None, None, wall_time, options)
    roster = Roster(
        frozenset().union(*(part.assignments for part in rosters)),
        frozenset().union(*(part.training for part in rosters)),
    )
    evaluation = evaluate(problem, roster)
    found = Counter[Violation | Penalty]((*evaluation.violations, *evaluation.penalties))
    summed = Counter[Violation | Penalty]()
    relaxed_cost = 0
    for part in parts:
        assert part.evaluation is not None and part.objective is not None
        summed.update((*part.evaluation.violations, *part.evaluation.penalties))
        relaxed_cost += part.objective - part.evaluation.total
    if found != summed:
        missing = [f.message for f in (summed - found).elements()][:3]
        extra = [f.message for f in (found - summed).elements()][:3]
        raise EvaluationMismatch(
            f"the merged roster scores {evaluation.total + relaxed_cost}, its parts "
            f"{sum(part.objective or 0 for part in parts)}; only in the parts: {missing}; "
            f"only in the whole: {extra}"
        )
    bounds = [part.best_bound for part in parts]
    return SolveResult(
        SolveStatus.OPTIMAL if worst.status is SolveStatus.OPTIMAL else SolveStatus.FEASIBLE,
        roster,
        evaluation,
        evaluation.total + relaxed_cost,
        None if None in bounds else sum(b for b in bounds if b is not None),
        wall_time,
        options,
        tuple(sorted({rule for part in parts for rule in part.relaxed})),
    )
