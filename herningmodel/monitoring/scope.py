"""What an indicator is computed for: a period (month, quarter, year) and optional filters.

Parsing is strict and every failure is a ``ScopeError`` with a stable code and a translated
message, so that the web, the API and the command line all answer bad input the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Q
from django.utils.translation import gettext as _

from herningmodel.organisation.models import AreaTeam, District, ModelStatus


class ScopeError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if self.months == 12:
            return parse_period(str(self.start.year - 1))
        if self.months == 3:
            q = (self.start.month - 1) // 3 + 1
            return parse_period(
                f"{self.start.year - 1}Q4" if q == 1 else f"{self.start.year}Q{q - 1}"
            )
        first = self.start - dt.timedelta(days=1)
        return parse_period(f"{first.year}-{first.month:02d}")

    def month_starts(self) -> list[dt.date]:
        out, day = [], self.start
        while day <= self.end:
            out.append(day)
            day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return out


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str, *, today: dt.date | None = None) -> Period:
    """``2025`` (a year), ``2025Q3`` (a quarter) or ``2025-07`` (a month).

    A period that has not begun yet is refused; one that is under way is allowed and measured
    up to its end (figures for the current month are provisional).
    """
    raw = (text or "").strip()
    if m := _YEAR.match(raw):
        year = int(m[1])
        period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))
    elif m := _QUARTER.match(raw):
        year, q = int(m[1]), int(m[2])
        period = Period(dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), f"{year}Q{q}")
    elif (m := _MONTH.match(raw)) and 1 <= int(m[2]) <= 12:
        year, month = int(m[1]), int(m[2])
        period = Period(dt.date(year, month, 1), _month_end(year, month), f"{year}-{month:02d}")
    else:
        raise ScopeError(
            "invalid_period",
            _("Give the period as a year (2025), a quarter (2025Q3) or a month (2025-07)."),
        )
    if not 2000 <= period.start.year <= 2100:
        raise ScopeError("invalid_period", _("The period must lie between 2000 and 2100."))
    if today is not None and period.start > today:
        raise ScopeError(
            "future_period", _("The period %(period)s has not begun yet.") % {"period": raw}
        )
    return period


class AgeGroup(enum.StrEnum):
    """Age at the end of the period; an unborn child counts as 0–5."""

    UNDER_6 = "0-5"
    SCHOOL = "6-11"
    TEEN = "12-17"

    @property
    def bounds(self) -> tuple[int, int]:
        low, high = self.value.split("-")
        return int(low), int(high)


class Group(enum.StrEnum):
    PILOT = ModelStatus.PILOT.value
    CONTROL = ModelStatus.CONTROL.value


@dataclass(frozen=True)
class Scope:
    period: Period
    district_ids: frozenset[int] | None = None
    team_ids: frozenset[int] | None = None
    age_group: AgeGroup | None = None
    group: Group | None = None
    labels: tuple[str, ...] = field(default=(), compare=False)

    def with_period(self, period: Period) -> Scope:
        return replace(self, period=period)

    def place_q(self, prefix: str = "") -> Q:
        """District, team and pilot/control filters on a model with district and team columns."""
        q = Q()
        if self.district_ids is not None:
            q &= Q(**{f"{prefix}district_id__in": self.district_ids})
        if self.team_ids is not None:
            q &= Q(**{f"{prefix}area_team_id__in": self.team_ids})
        if self.group is not None:
            q &= Q(**{f"{prefix}district__model_status": self.group.value})
        return q

    def age_q(self, child: str = "child__") -> Q:
        """Children whose age at the end of the period falls in the age group."""
        if self.age_group is None:
            return Q()
        low, high = self.age_group.bounds
        end = self.period.end
        oldest = _years_before(end, high + 1) + dt.timedelta(days=1)
        youngest = _years_before(end, low)
        q = Q(**{f"{child}birth_date__gte": oldest, f"{child}birth_date__lte": youngest})
        if low == 0:
            q |= Q(**{f"{child}birth_date__isnull": True}) | Q(**{f"{child}birth_date__gt": end})
        return q

    def ages(self) -> range:
        if self.age_group is None:
            return range(0, 18)
        low, high = self.age_group.bounds
        return range(low, high + 1)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _ids(values: Iterable[str], what: str) -> frozenset[int]:
    out = set()
    for value in values:
        if not str(value).strip().isdigit():
            raise ScopeError(
                f"invalid_{what}", _("Unknown %(what)s: %(value)s") % {"what": what, "value": value}
            )
        out.add(int(value))
    return frozenset(out)


def build_scope(
    period: str,
    *,
    districts: Iterable[str] = (),
    teams: Iterable[str] = (),
    age: str = "",
    group: str = "",
    today: dt.date | None = None,
) -> Scope:
    """Parse and check a scope; unknown districts, teams, ages or groups raise ``ScopeError``."""
    parsed = parse_period(period, today=today)
    district_ids = _ids([d for d in districts if str(d).strip()], "district") or None
    team_ids = _ids([t for t in teams if str(t).strip()], "team") or None
    if district_ids and District.objects.filter(pk__in=district_ids).count() != len(district_ids):
        raise ScopeError("unknown_district", _("One or more of the districts do not exist."))
    if team_ids and AreaTeam.objects.filter(pk__in=team_ids).count() != len(team_ids):
        raise ScopeError("unknown_team", _("One or more of the area teams do not exist."))
    try:
        age_group = AgeGroup(age) if age else None
    except ValueError as exc:
        raise ScopeError(
            "unknown_age_group", _("Unknown age group: %(age)s") % {"age": age}
        ) from exc
    try:
        parsed_group = Group(group) if group else None
    except ValueError as exc:
        raise ScopeError("unknown_group", _("Unknown group: %(group)s") % {"group": group}) from exc
    return Scope(parsed, district_ids, team_ids, age_group, parsed_group)
