"""Deadline compliance recomputed in plain SQL, from the definition in docs/indicators.md and
the rules in docs/deadlines.md, not from the indicator's code: a second reading of the
definition that the indicator must agree with.

Calendar arithmetic (Copenhagen days, working days, "n months later") is not portable SQL, so
it comes from two calendar tables filled here from the documented rules: ``compliance_days``
(each Copenhagen day: the UTC instants it starts and ends, whether it is a working day, and a
running count of working days) and ``compliance_months`` (a day, a number of months, the day
that many months later). Only adding 24 hours to a timestamp differs between the databases.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from django.db import connection

CPH = ZoneInfo("Europe/Copenhagen")
BARNETS_LOV = dt.date(2024, 1, 1)
# Professionals notify under their duty and are owed a receipt (DOMAIN.md, Barnets Lov §§ 133–134).
PROFESSIONAL = ("school", "day_care", "health_nurse", "police", "hospital")
MONTHS = (3, 4, 6)  # the law's months; each case's own follow-up interval is added

PLUS_24_HOURS = {
    "sqlite": "datetime(n.received_at, '+24 hours')",
    "postgresql": "n.received_at + INTERVAL '24 hours'",
}


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day number ``months`` later, or that month's last day (docs/deadlines.md)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _instant(day: dt.date) -> Any:
    moment = dt.datetime.combine(day, dt.time(), tzinfo=CPH).astimezone(dt.UTC)
    return connection.ops.adapt_datetimefield_value(moment)


def create_calendar(first: dt.date, last: dt.date, intervals: set[int]) -> None:
    """Fill the two calendar tables for the days from ``first`` to ``last``."""
    public = {
        day
        for year in range(first.year, last.year + 2)
        for day in holidays.country_holidays("DK", years=year)
    }
    days, months = [], []
    day, working = first, 0
    while day <= last:
        workday = day.weekday() < 5 and day not in public
        working += workday
        ends = day + dt.timedelta(days=1)
        days.append((day, _instant(day), _instant(ends), int(workday), working))
        months.extend((day, n, months_later(day, n)) for n in sorted({*MONTHS, *intervals}))
        day += dt.timedelta(days=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE compliance_days (day date PRIMARY KEY, "
            "starts_at timestamp with time zone, ends_at timestamp with time zone, "
            "is_workday integer, workday_no integer)"
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE compliance_months (day date, months integer, later date, "
            "PRIMARY KEY (day, months))"
        )
        cursor.execute("CREATE INDEX compliance_days_starts ON compliance_days (starts_at)")
        cursor.executemany("INSERT INTO compliance_days VALUES (%s, %s, %s, %s, %s)", days)
        cursor.executemany("INSERT INTO compliance_months VALUES (%s, %s, %s)", months)


# Every deadline the definition counts, one row each: kind, district, child, met (1/0).
QUERY = """
WITH
notice AS (
    SELECT n.id, n.child_id, ch.district_id, n.received_at, n.assessed_at, n.source,
           n.receipt_sent_on, c.workday_no
    FROM cases_notification n
    JOIN people_child ch ON ch.id = n.child_id
    JOIN compliance_days c ON n.received_at >= c.starts_at AND n.received_at < c.ends_at
),
acute AS (
    -- Due 24 hours after receipt, in the period when receipt + 24 h lies in its Copenhagen days.
    SELECT 'acute_24h' AS kind, n.district_id, n.child_id,
           CASE WHEN n.assessed_at <= {plus_24_hours} THEN 1 ELSE 0 END AS met
    FROM notice n
    WHERE n.received_at >= %(acute_from)s AND n.received_at < %(acute_until)s
),
receipt AS (
    -- Due on the 6th working day after the day of receipt, for professional notifiers.
    SELECT 'receipt' AS kind, n.district_id, n.child_id,
           CASE WHEN n.receipt_sent_on <= d.day THEN 1 ELSE 0 END AS met
    FROM notice n
    JOIN compliance_days d ON d.is_workday = 1 AND d.workday_no = n.workday_no + 6
    WHERE n.source IN ({professional}) AND d.day >= %(start)s AND d.day <= %(end)s
),
assessment AS (
    SELECT 'assessment' AS kind, a.case_id, m.later AS due,
           CASE WHEN a.finished_on <= m.later THEN 1 ELSE 0 END AS met
    FROM cases_assessment a
    JOIN compliance_months m ON m.day = a.need_known_on AND m.months = 4
),
plan_due AS (
    SELECT d.case_id,
           CASE
             WHEN d.decided_on < %(barnets_lov)s THEN
               CASE WHEN d.legal_basis IN ('32', '46', '47') THEN
                 CASE WHEN d.acute THEN m4.later ELSE d.decided_on END
               END
             WHEN d.legal_basis = '46' THEN m3.later
             WHEN d.legal_basis = '47' THEN CASE WHEN d.acute THEN m3.later ELSE d.decided_on END
             WHEN d.legal_basis = '32' AND d.plan_choice THEN m3.later
           END AS due
    FROM cases_decision d
    JOIN compliance_months m3 ON m3.day = d.decided_on AND m3.months = 3
    JOIN compliance_months m4 ON m4.day = d.decided_on AND m4.months = 4
),
plan AS (
    -- Met by any plan of the case approved by the due date.
    SELECT 'plan' AS kind, p.case_id, p.due,
           CASE WHEN EXISTS (
             SELECT 1 FROM cases_plan pl WHERE pl.case_id = p.case_id AND pl.approved_on <= p.due
           ) THEN 1 ELSE 0 END AS met
    FROM plan_due p
    WHERE p.due IS NOT NULL
),
intervention AS (
    SELECT d.case_id, MIN(e.start) AS start
    FROM cases_decision d
    JOIN cases_decision_episodes de ON de.decision_id = d.id
    JOIN staircase_episode e ON e.id = de.episode_id
    GROUP BY d.case_id
),
parallel AS (
    SELECT i.case_id, MIN(a.finished_on) AS ends_on
    FROM intervention i JOIN cases_assessment a ON a.case_id = i.case_id
    WHERE a.finished_on > i.start
    GROUP BY i.case_id
),
first_follow_up AS (
    -- 3 months after the first intervention starts; under Barnets Lov at the end of an
    -- assessment running alongside it, when that is earlier.
    SELECT i.case_id, i.start,
           CASE WHEN i.start >= %(barnets_lov)s AND pa.ends_on < m.later
                THEN pa.ends_on ELSE m.later END AS due
    FROM intervention i
    JOIN compliance_months m ON m.day = i.start AND m.months = 3
    LEFT JOIN parallel pa ON pa.case_id = i.case_id
),
held AS (
    SELECT f.case_id, f.held_on, ff.due AS first_due, c.follow_up_interval_months AS every,
           (SELECT MAX(p.held_on) FROM cases_followup p
            WHERE p.case_id = f.case_id AND p.held_on >= ff.start
              AND (p.held_on < f.held_on OR (p.held_on = f.held_on AND p.id < f.id))
           ) AS previous_on
    FROM cases_followup f
    JOIN first_follow_up ff ON ff.case_id = f.case_id
    JOIN cases_case c ON c.id = f.case_id
    WHERE f.held_on >= ff.start
),
last_held AS (
    SELECT case_id, MAX(held_on) AS held_on FROM held GROUP BY case_id
),
follow_up AS (
    -- Each held follow-up was due the case's interval (under Serviceloven at most 6 months)
    -- after the one before; then exactly one not yet held.
    SELECT 'follow_up' AS kind, h.case_id,
           CASE WHEN h.previous_on IS NULL THEN h.first_due ELSE m.later END AS due,
           CASE WHEN h.held_on <= CASE WHEN h.previous_on IS NULL THEN h.first_due
                                       ELSE m.later END
                THEN 1 ELSE 0 END AS met
    FROM held h
    LEFT JOIN compliance_months m ON m.day = h.previous_on AND m.months =
         CASE WHEN h.previous_on < %(barnets_lov)s AND h.every > 6 THEN 6 ELSE h.every END
    UNION ALL
    SELECT 'follow_up' AS kind, ff.case_id,
           CASE WHEN l.held_on IS NULL THEN ff.due ELSE m.later END AS due, 0 AS met
    FROM first_follow_up ff
    JOIN cases_case c ON c.id = ff.case_id
    LEFT JOIN last_held l ON l.case_id = ff.case_id
    LEFT JOIN compliance_months m ON m.day = l.held_on AND m.months =
         CASE WHEN l.held_on < %(barnets_lov)s AND c.follow_up_interval_months > 6
              THEN 6 ELSE c.follow_up_interval_months END
),
case_deadline AS (
    SELECT kind, case_id, due, met FROM assessment
    UNION ALL SELECT kind, case_id, due, met FROM plan
    UNION ALL SELECT kind, case_id, due, met FROM follow_up
),
counted AS (
    SELECT kind, district_id, child_id, met FROM acute
    UNION ALL SELECT kind, district_id, child_id, met FROM receipt
    -- A case's deadlines: cases open in the period, due in it, on or before the closing day.
    UNION ALL
    SELECT cd.kind, c.district_id, c.child_id, cd.met
    FROM case_deadline cd
    JOIN cases_case c ON c.id = cd.case_id
    WHERE c.opened_on <= %(end)s AND (c.closed_on IS NULL OR c.closed_on >= %(start)s)
      AND cd.due >= %(start)s AND cd.due <= %(end)s
      AND (c.closed_on IS NULL OR cd.due <= c.closed_on)
)
SELECT district_id, kind, SUM(met), COUNT(*), COUNT(DISTINCT child_id)
FROM counted
GROUP BY district_id, kind
"""


def compliance(start: dt.date, end: dt.date) -> dict[tuple[int, str], tuple[int, int, int]]:
    """(district, kind) → (met, due, children) for the deadlines due from ``start`` to
    ``end`` (a past period: every deadline due in it is settled)."""
    sql = QUERY.format(
        plus_24_hours=PLUS_24_HOURS[connection.vendor],
        professional=", ".join(f"'{source}'" for source in PROFESSIONAL),
    )
    params = {
        "start": start,
        "end": end,
        "barnets_lov": BARNETS_LOV,
        # receipt + 24 h in [start, end + 1 day) ⇔ receipt in [start − 24 h, end + 1 day − 24 h)
        "acute_from": _less_24h(start),
        "acute_until": _less_24h(end + dt.timedelta(days=1)),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(d, kind): (int(met), due, kids) for d, kind, met, due, kids in cursor.fetchall()}


def _less_24h(day: dt.date) -> Any:
    """24 hours before the Copenhagen day ``day`` starts (not always the day before's start:
    a DST change in between makes it 23 or 25 hours)."""
    moment = dt.datetime.combine(day, dt.time(), tzinfo=CPH).astimezone(dt.UTC)
    return connection.ops.adapt_datetimefield_value(moment - dt.timedelta(hours=24))
