"""Retention periods per kind of data and the legal floor below which none may be set.

Pure rules: the periods come from settings (HERNINGMODEL_RETENTION_MONTHS_<KIND>) and are
checked against ``MINIMUM_MONTHS`` when the settings load, so a too-short period stops the
start-up with a clear error instead of erasing early. docs/deployment.md ("Retention")
explains each rule and what is and is not known about the law behind it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping


class Kind(enum.StrEnum):
    #: A child's case records, counted from the closure of the child's last case.
    CASE_RECORDS = "case_records"
    #: Notifications that led to no case ("no further action"), counted from receipt.
    UNFOUNDED_NOTIFICATIONS = "unfounded_notifications"
    #: The audit trail (who saw and changed what), counted from the event.
    AUDIT_EVENTS = "audit_events"
    #: Research extracts handed out, counted from the extract (the files live outside).
    RESEARCH_EXTRACTS = "research_extracts"


class Action(enum.StrEnum):
    ANONYMISE = "anonymise"
    ERASE = "erase"
    #: Listed for the DPO, not erased by the job (see ``Kind`` notes in docs/deployment.md).
    REPORT = "report"


ACTIONS: Mapping[Kind, Action] = {
    Kind.CASE_RECORDS: Action.ANONYMISE,
    Kind.UNFOUNDED_NOTIFICATIONS: Action.ERASE,
    # The audit trail is a hash chain: removing its oldest rows needs a signed checkpoint of
    # the cut, which is not built yet, so the job reports what is due instead of breaking it.
    Kind.AUDIT_EVENTS: Action.REPORT,
    # The extracts are files a researcher holds; the DPO asks for their deletion.
    Kind.RESEARCH_EXTRACTS: Action.REPORT,
}

DEFAULT_MONTHS: Mapping[Kind, int] = {
    Kind.CASE_RECORDS: 60,
    Kind.UNFOUNDED_NOTIFICATIONS: 24,
    Kind.AUDIT_EVENTS: 60,
    Kind.RESEARCH_EXTRACTS: 12,
}

#: The shortest period this software accepts (docs/deployment.md says where each comes from
#: and where the law's exact period is not known here).
MINIMUM_MONTHS: Mapping[Kind, int] = {
    Kind.CASE_RECORDS: 60,
    Kind.UNFOUNDED_NOTIFICATIONS: 24,
    Kind.AUDIT_EVENTS: 6,
    Kind.RESEARCH_EXTRACTS: 1,
}

#: Case records are kept at least until the child has turned this age: after-care under the
#: Children's Act can run until 23.
MINIMUM_AGE_AT_ERASURE = 23


class PeriodTooShort(ValueError):
    pass


def setting_name(kind: Kind) -> str:
    return f"HERNINGMODEL_RETENTION_MONTHS_{kind.name}"


def validated(periods: Mapping[Kind, int]) -> dict[Kind, int]:
    """Every kind's period, refusing any below its legal minimum."""
    result = {}
    for kind in Kind:
        months = periods.get(kind, DEFAULT_MONTHS[kind])
        if months < MINIMUM_MONTHS[kind]:
            raise PeriodTooShort(
                f"{setting_name(kind)}={months} is shorter than the legal minimum of "
                f"{MINIMUM_MONTHS[kind]} months for {kind.value} (docs/deployment.md, Retention)."
            )
        result[kind] = months
    return result


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day when it has fewer days)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def cutoff(today: dt.date, kind: Kind, periods: Mapping[Kind, int]) -> dt.date:
    """Data of this kind dated before the cutoff is past its period."""
    return months_before(today, periods[kind])


def old_enough(birth_date: dt.date | None, today: dt.date) -> bool:
    """A child whose age is unknown is never old enough: keep rather than guess."""
    if birth_date is None:
        return False
    years = (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )
    return years >= MINIMUM_AGE_AT_ERASURE
