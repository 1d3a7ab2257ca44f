"""Public holidays and make-up working days for a country, from the ``holidays`` package."""

from __future__ import annotations

from datetime import date

import holidays

from scheduler.domain import Holiday


def public_calendar(code: str, first: date, last: date) -> tuple[list[Holiday], list[Holiday]]:
    """Holidays and make-up working days between two dates for a code like CN or GB-ENG.

    A subdivision follows the country after a hyphen, as in ISO 3166-2. Make-up working days
    (weekend dates worked in exchange for a bridge holiday) are known for the calendars that
    publish them, such as China's. Raises ``ValueError`` for a code the package does not know.
    """
    country, _, subdivision = code.strip().upper().partition("-")
    years = range(first.year, last.year + 1)
    try:
        calendar = holidays.country_holidays(country, subdiv=subdivision or None, years=years)
    except NotImplementedError as error:
        raise ValueError(f"no holiday calendar for {code!r}") from error
    named = sorted((when, name) for when, name in calendar.items() if first <= when <= last)
    found = [Holiday(when, name) for when, name in named]
    workdays = getattr(calendar, "weekend_workdays", ())
    working = [Holiday(when, "Make-up working day") for when in sorted(workdays)]
    return found, [h for h in working if first <= h.date <= last]
