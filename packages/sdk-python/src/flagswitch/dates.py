"""Instants for the ``before`` / ``after`` operators, in milliseconds since the epoch.

A date is a number of epoch milliseconds or one ISO-8601 shape every SDK parses identically:
``YYYY-MM-DD`` (midnight UTC) or ``YYYY-MM-DDTHH:MM[:SS[.fraction]]`` followed by ``Z`` or
``±HH:MM``. A date-time without a zone is refused: its instant would depend on the machine.
``datetime.fromisoformat`` is not used: it accepts more shapes than the other SDKs.
"""

from __future__ import annotations

import re

from .json_values import finite_number

__all__ = ["parse_instant"]

_ISO_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:(Z)|([+-])(\d{2}):(\d{2})))?",
    re.ASCII,
)
_MS_PER_MINUTE = 60_000
_MS_PER_DAY = 86_400_000


def parse_instant(value: object) -> float | int | None:
    """Milliseconds since the epoch, or ``None`` when ``value`` is neither a finite number nor
    an ISO date in the accepted shape."""
    if not isinstance(value, str):
        return finite_number(value)
    match = _ISO_DATE.fullmatch(value)
    if match is None:
        return None
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if not 1 <= month <= 12 or not 1 <= day <= _days_in_month(year, month):
        return None
    days = _days_from_civil(year, month, day)
    if match.group(4) is None:
        return days * _MS_PER_DAY
    if match.group(8) is None and match.group(9) is None:
        return None  # a time needs a zone
    hour, minute = int(match.group(4)), int(match.group(5))
    second = int(match.group(6)) if match.group(6) is not None else 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    fraction = match.group(7)
    millis = int(fraction[:3].ljust(3, "0")) if fraction is not None else 0
    offset_minutes = 0
    if match.group(9) is not None:
        offset_hours, offset_rest = int(match.group(10)), int(match.group(11))
        if offset_hours > 23 or offset_rest > 59:
            return None
        sign = -1 if match.group(9) == "-" else 1
        offset_minutes = sign * (offset_hours * 60 + offset_rest)
    return (
        days * _MS_PER_DAY
        + (hour * 60 + minute - offset_minutes) * _MS_PER_MINUTE
        + second * 1000
        + millis
    )


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil)."""
    y = year - 1 if month <= 2 else year
    era = y // 400
    year_of_era = y - era * 400
    day_of_year = (153 * (month - 3 if month > 2 else month + 9) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468
