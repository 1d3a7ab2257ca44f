"""No shift has more juniors than the ratio allows per team lead or senior, when asked.

Hard or soft by setting: a hard rule's breach is a violation, a soft one's a penalty per
junior over the ratio.
"""

from scheduler.domain import SUPERVISING_TIERS, Problem, Roster, RuleFamily, Strength, Tier
from scheduler.evaluate.findings import Penalty, Violation, breach

FAMILY = RuleFamily.JUNIOR_RATIO


def check(problem: Problem, roster: Roster) -> list[Violation | Penalty]:
    rules = problem.tiers
    if rules.junior_ratio is Strength.OFF:
        return []
    ratio = rules.max_juniors_per_senior
    found: list[Violation | Penalty] = []
    for day in range(problem.period.days):
        for shift in problem.shifts:
            tiers = [problem.agent_by_id[a.agent_id].tier for a in roster.on_shift(day, shift.code)]
            juniors = tiers.count(Tier.JUNIOR)
            leads = sum(1 for tier in tiers if tier in SUPERVISING_TIERS)
            over = juniors - ratio * leads
            if over <= 0:
                continue
            text = (
                f"{problem.describe_day(day)} shift {shift.code}: {juniors} juniors with {leads} "
                f"team leads or seniors (at most {ratio} juniors each), {over} over"
            )
            found.append(
                breach(
                    FAMILY,
                    rules.junior_ratio,
                    rules.junior_ratio_weight,
                    text,
                    (None, day, shift.code),
                    "juniors over",
                    amount=over,
                    each=True,
                )
            )
    return found
