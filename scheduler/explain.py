"""Why no roster exists: the smallest set of an agent's rules that cannot all hold, in words.

Most hard rules concern a single agent (coverage, which links agents, is soft), so a problem
is usually infeasible because some agent's own rules contradict each other. Each agent is
therefore examined alone, which keeps every check small and every explanation personal. The
exceptions are the hard rules linking agents (a cyclic rotation shared by a contract's
agents; supervision, the junior ratio and onboarding set hard; named training attendees): when
every agent passes alone, each of these that cannot hold with the agents' own rules is named.

1. quick pre-checks catch the obvious cases with numbers a planner recognises ("needs 160 h
   but has 18 working days after leave, at most 8 h each");
2. otherwise a feasibility model of that agent alone (no objective: cores are unreliable while
   an objective is set) puts each rule family behind an assumption literal; CP-SAT returns a
   sufficient set of assumptions for the infeasibility, which is then shrunk one family at a
   time until every family left is needed, and re-solved to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import FROZEN, Agent, Problem, RotationMode, RuleFamily, Strength
from scheduler.model import RosterVariables, build_model

HARD_FAMILIES = tuple(family for family in RuleFamily if not family.is_soft)
SOFTEN_HINT = "relax one of them, or run with --soften to price broken rules instead"


@dataclass(frozen=True)
class Conflict:
    """Rules of one agent that cannot all hold, and the sentence that says so."""

    agent_id: str
    families: tuple[RuleFamily, ...]
    message: str


def obvious_conflicts(problem: Problem) -> list[Conflict]:
    """Impossibilities visible from the numbers alone, without a solver."""
    found = []
    for agent in problem.agents:
        conflict = _too_few_days(problem, agent) or _weeks_over_period(problem, agent)
        if conflict is not None:
            found.append(conflict)
    found += _unable_attendees(problem)
    return found


def _weeks_over_period(problem: Problem, agent: Agent) -> Conflict | None:
    """The weekly minimums add up to more than the period allows, or the period minimum to
    more than the weekly maximums do: a contradiction within the contract, which a solver
    proves only slowly (a 56-day period took minutes to be called infeasible)."""
    contract = problem.contract_of(agent)
    weeks = problem.period.weeks
    most = contract.max_minutes_period
    least = sum(problem.weekly_minimum(agent, week) for week in weeks)
    if most is not None and least > most:
        reason = (
            f"{agent.id}'s weekly minimums add up to {_hours(least)} over the period, above "
            f"the contract's {_hours(most)} for the period"
        )
    else:
        maxima = [problem.weekly_maximum(agent, week) for week in weeks]
        if any(maximum is None for maximum in maxima):
            return None
        allowed = sum(maximum for maximum in maxima if maximum is not None)
        if problem.period_minimum(agent) <= allowed:
            return None
        reason = (
            f"{agent.id} needs {_hours(problem.period_minimum(agent))} in the period, above "
            f"the {_hours(allowed)} the weekly maximums allow"
        )
    return Conflict(
        agent.id,
        (RuleFamily.WORKING_TIME,),
        f"{reason} (contract {contract.id}); change the contract's hours, or run with "
        "--soften to price broken rules instead.",
    )


def _unable_attendees(problem: Problem) -> list[Conflict]:
    """Named training attendees on leave for their session, or allowed no shift it fits in."""
    found = []
    for session in problem.training:
        fits = problem.session_shifts(session)
        for agent_id in sorted(session.attendees):
            agent = problem.agent_by_id[agent_id]
            away = [day for day in session.days if day in problem.leave_days(agent_id)]
            if away:
                reason = f"is on leave on {problem.describe_day(away[0])}"
                families = (RuleFamily.TRAINING, RuleFamily.LEAVE)
            elif not agent.allowed_shifts & fits:
                reason = f"may work none of the shifts it fits in ({', '.join(sorted(fits))})"
                families = (RuleFamily.TRAINING, RuleFamily.ALLOWED_SHIFTS)
            else:
                continue
            found.append(
                Conflict(
                    agent_id,
                    families,
                    f"{agent_id} is named to attend {session.name} but {reason}; take them "
                    "off the session's attendees (a free seat can still go to them), or "
                    "change their leave or allowed shifts.",
                )
            )
    return found


def explain_infeasibility(problem: Problem, time_limit: float = 10.0) -> list[Conflict]:
    """Every agent whose rules contradict each other, with the smallest conflicting set."""
    conflicts = obvious_conflicts(problem)
    shared = _shared_rules(problem)
    every_rule = (*HARD_FAMILIES, *(family for family, _ in shared))
    if not conflicts and _hard_rules_hold(problem, time_limit, every_rule):
        return []  # one quick check of everyone saves a model per agent
    explained = {c.agent_id for c in conflicts}
    for agent in problem.agents:
        if agent.id in explained:
            continue
        alone = problem.for_agent(agent.id)
        core = _minimal_core(alone, time_limit)
        if core:
            conflicts.append(Conflict(agent.id, core, _sentence(alone, agent, core)))
    if conflicts:
        return conflicts
    # Every agent's own rules hold: a hard rule linking agents must be what breaks.
    for family, reason in shared:
        if not _hard_rules_hold(problem, time_limit, (*HARD_FAMILIES, family)):
            conflicts.append(
                Conflict(
                    "",
                    (family,),
                    "every agent's rules hold alone (as far as the time allowed to check), but "
                    + reason,
                )
            )
    return conflicts


def _shared_rules(problem: Problem) -> list[tuple[RuleFamily, str]]:
    """The hard rules in force that link agents, each with what breaks and what to do."""
    tiers = problem.tiers
    found = []
    if problem.rotation.hard and problem.rotation.mode is RotationMode.CYCLIC:
        found.append(
            (
                RuleFamily.ROTATION,
                "the agents of a contract cannot share one cyclic pattern without breaks "
                "(different leave, allowed shifts or locked cells); set rotation_hard to no "
                "to see where the pattern breaks",
            )
        )
    if tiers.supervision is Strength.HARD:
        found.append(
            (
                RuleFamily.SUPERVISION,
                "not with a team lead or senior on every shift anyone works (supervision "
                "hard): too few of them may work the shifts others must; set supervision to "
                "soft to see which shifts go without",
            )
        )
    if tiers.junior_ratio is Strength.HARD:
        found.append(
            (
                RuleFamily.JUNIOR_RATIO,
                f"not with at most {tiers.max_juniors_per_senior} juniors per team lead or "
                "senior on each shift (junior_ratio hard); set junior_ratio to soft to see "
                "where it breaks",
            )
        )
    if tiers.onboarding is Strength.HARD and any(
        agent.start_date is not None for agent in problem.agents
    ):
        found.append(
            (
                RuleFamily.ONBOARDING,
                "not with a trainer on every shift a new starter works in their first "
                f"{tiers.onboarding_weeks} weeks (onboarding hard); set onboarding to soft to "
                "see which shifts go without",
            )
        )
    if any(session.attendees for session in problem.training):
        found.append(
            (
                RuleFamily.TRAINING,
                "not with every named attendee at work, on each day of their session, on a "
                "shift it fits in; check the attendees' leave, allowed shifts and rest in the "
                "Training sheet",
            )
        )
    return found


def _hard_rules_hold(
    problem: Problem, time_limit: float, families: tuple[RuleFamily, ...] = HARD_FAMILIES
) -> bool:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    solver.parameters.catch_sigint_signal = False  # see solve.interruptible_search
    solver.parameters.stop_after_first_solution = True  # any roster will do; some rules price
    model = build_model(problem, families).model
    return solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _too_few_days(problem: Problem, agent: Agent) -> Conflict | None:
    longest = max(
        (problem.shift_by_code[code].paid_minutes for code in agent.allowed_shifts), default=0
    )
    leave = problem.leave_days(agent.id)
    spans = [("the period", range(problem.period.days), problem.period_minimum(agent))]
    spans += [
        (f"the week of {problem.describe_day(week[0])}", week, problem.weekly_minimum(agent, week))
        for week in problem.period.weeks
    ]
    for label, days, minimum in spans:
        available = sum(1 for d in days if d not in leave)
        if minimum > available * longest:
            family = RuleFamily.WORKING_TIME
            reason = (
                f"{agent.id} needs at least {_hours(minimum)} in {label} but has only "
                f"{available} working day{'s' if available != 1 else ''} left after leave, "
                f"at most {_hours(longest)} each ({_hours(available * longest)} in all)"
            )
            if not agent.allowed_shifts:
                reason = (
                    f"{agent.id} needs at least {_hours(minimum)} in {label} but may work no shift"
                )
            return Conflict(
                agent.id,
                (family, RuleFamily.LEAVE, RuleFamily.ALLOWED_SHIFTS),
                f"{reason}; lower the contract's minimum, allow more shifts, or run with "
                "--soften to price broken rules instead.",
            )
    return None


def _minimal_core(alone: Problem, time_limit: float) -> tuple[RuleFamily, ...]:
    """The families of the agent's rules that cannot all hold, each one necessary."""
    core = _infeasible_core(alone, HARD_FAMILIES, time_limit)
    if core is None:
        return ()
    if _infeasible_core(alone, core, time_limit) is None:
        core = HARD_FAMILIES  # a core that does not re-solve as infeasible is not trusted
    for family in list(core):
        smaller = tuple(f for f in core if f is not family)
        if _infeasible_core(alone, smaller, time_limit) is not None:
            core = smaller
    return core


def _infeasible_core(
    alone: Problem, families: tuple[RuleFamily, ...], time_limit: float
) -> tuple[RuleFamily, ...] | None:
    """A subset of ``families`` that CP-SAT proves infeasible, or None if they can all hold."""
    built = build_guarded(alone)
    guards = {
        family: built.guards[family, alone.agents[0].id]
        for family in families
        if (family, alone.agents[0].id) in built.guards
    }
    built.model.add_assumptions(list(guards.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # cores are reliable single-threaded
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.catch_sigint_signal = False  # see solve.interruptible_search
    if solver.solve(built.model) != cp_model.INFEASIBLE:
        return None
    by_index = {guard.index: family for family, guard in guards.items()}
    used = {by_index[i] for i in solver.sufficient_assumptions_for_infeasibility()}
    return tuple(f for f in families if f in used) or tuple(guards)


def build_guarded(problem: Problem) -> RosterVariables:
    """The hard rules only, each (family, agent) behind a literal, without an objective."""
    variables = build_model(problem, HARD_FAMILIES, guarded=True).variables
    # The builder always sets one, if only an empty sum: CP-SAT still counts it as set.
    variables.model.clear_objective()
    return variables


def _sentence(alone: Problem, agent: Agent, families: tuple[RuleFamily, ...]) -> str:
    # "At most one shift a day" is in most cores but the least useful to read: it goes last.
    ordered = sorted(families, key=lambda f: f is RuleFamily.ONE_SHIFT_PER_DAY)
    parts = [_describe(alone, agent, family) for family in ordered]
    return (
        f"{agent.id} ({agent.name}): these rules cannot all hold: {'; '.join(parts)}; "
        f"{SOFTEN_HINT}."
    )


def _describe(problem: Problem, agent: Agent, family: RuleFamily) -> str:
    contract = problem.contract_of(agent)
    leave = sorted(problem.leave_days(agent.id))
    weekends = len(problem.period.weekends)
    match family:
        case RuleFamily.WORKING_TIME:
            limits = []
            if problem.period_minimum(agent):
                limits.append(f"at least {_hours(problem.period_minimum(agent))} in the period")
            if contract.min_minutes_week:
                weekly = _hours(contract.min_minutes_week)
                limits.append(f"at least {weekly} a week (pro-rated for paid leave)")
            if contract.max_minutes_week is not None:
                limits.append(f"at most {_hours(contract.max_minutes_week)} a week")
            if contract.max_minutes_period is not None:
                limits.append(f"at most {_hours(contract.max_minutes_period)} in the period")
            return f"contract {contract.id} asks for {', '.join(limits)}"
        case RuleFamily.CONSECUTIVE_DAYS:
            before = (
                f", counting {agent.worked_days_before} days worked before the period"
                if agent.worked_days_before
                else ""
            )
            return f"at most {contract.max_consecutive_days} working days in a row{before}"
        case RuleFamily.DAYS_OFF:
            return f"days off at least {contract.min_consecutive_days_off} in a row"
        case RuleFamily.REST:
            after = (
                f", the first after {agent.last_shift_before} worked the day before"
                if agent.last_shift_before
                else ""
            )
            return f"{_hours(contract.min_rest_minutes)} rest between shifts{after}"
        case RuleFamily.LEAVE:
            if len(leave) == 1:
                return f"leave on {problem.period.dates[leave[0]]}"
            return f"leave on {len(leave)} days" + (
                f" ({problem.period.dates[leave[0]]} to {problem.period.dates[leave[-1]]})"
                if leave
                else ""
            )
        case RuleFamily.ALLOWED_SHIFTS:
            shifts = ", ".join(
                f"{code} ({_hours(problem.shift_by_code[code].paid_minutes)})"
                for code in sorted(agent.allowed_shifts)
            )
            return f"only shifts {shifts or 'none'}"
        case RuleFamily.WEEKENDS:
            return f"at most {contract.max_weekends} of the {weekends} weekends"
        case RuleFamily.SHIFTS_PER_WEEK:
            limits = [
                f"at most {limit} {category} shifts a week"
                for category, limit in (
                    ("late", contract.max_late_week),
                    ("night", contract.max_night_week),
                )
                if limit is not None
            ]
            return ", ".join(limits)
        case RuleFamily.CATEGORY_CHANGES:
            return f"at most {contract.max_category_changes_week} changes of shift category a week"
        case RuleFamily.WORKING_RUNS:
            return f"working days at least {contract.min_consecutive_days} in a row"
        case RuleFamily.NIGHT_RECOVERY:
            return f"{contract.days_off_after_nights} days off after a run of nights"
        case RuleFamily.LOCKS:
            locked = [lock for lock in problem.locks if lock.agent_id == agent.id]
            edited = [lock for lock in locked if lock.reason != FROZEN]
            frozen = len(locked) - len(edited)
            shown = ", ".join(
                f"{problem.period.dates[lock.day]:%a %d %b} {lock.shift or 'off'}"
                for lock in (edited or locked)[:6]
            )
            listed = len(edited or locked)
            named = f"{shown}{', ...' if listed > 6 else ''}"
            if not edited:
                return f"{frozen} days kept as published ({named})"
            text = f"{_count(len(edited), 'locked cell')} ({named})"
            if frozen:
                text += f", {_count(frozen, 'day')} kept as published before the re-plan start"
            return text
        case RuleFamily.SUCCESSIONS:
            pairs = [
                f"{shift.code} then {code}"
                for shift in problem.shifts
                for code in sorted(shift.not_followed_by)
            ]
            return f"no {', '.join(pairs)} on consecutive days"
        case RuleFamily.SHIFT_LIMITS:
            caps = ", ".join(f"{limit} {code}" for code, limit in contract.max_shifts)
            return f"at most {caps} shifts in the period"
        case RuleFamily.ROTATION:
            rotation = problem.rotation
            if rotation.mode is RotationMode.CYCLIC:
                return (
                    f"the {problem.pattern_weeks(agent.contract_id)}-week pattern of contract "
                    f"{contract.id}, without breaks"
                )
            return f"weekly blocks of {' / '.join(rotation.cycle)}, without breaks"
        case _:
            return "at most one shift a day"


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f} h".replace(".0 h", " h")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
