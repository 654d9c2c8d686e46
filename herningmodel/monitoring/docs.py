"""``docs/indicators.md``, generated from the indicator definitions so the two never disagree:
``herningmodel indicators --docs > docs/indicators.md``."""

from __future__ import annotations

from herningmodel.monitoring import attacker, disclosure, drill, hidden
from herningmodel.monitoring.indicators import all_indicators

HEADER = f"""# Indicators

Generated from `herningmodel/monitoring/themes/` by `herningmodel indicators --docs`; do not
edit by hand (a test checks that this file equals the generated output).

Every indicator is computed for a period (`2025`, `2025Q3`, `2025-07`) and optionally a
district, an area team, an age group (`0-5`, `6-11`, `12-17`, age at the end of the period) and
pilot or control districts. Tables have one row per district, then the pilot and control rows
and the whole municipality, each the sum of its districts' numerators and denominators.
"Per 1,000" rates divide by the child population (table `monitoring.ChildPopulation`).

**Disclosure control.** For roles without case access to every team, and in every export, no
published cell is a count, numerator or complement (denominator − numerator) of
1–{disclosure.THRESHOLD - 1}, judged on the published figure (a municipality row is judged on
its sum, not on its districts): such cells are shown as `{disclosure.SUPPRESSED}`
(an amount of money as a dash with the footnote "hidden: fewer than 5 children"; in JSON and
the API every hidden cell is `null` with `"suppressed_reason": "{hidden.REASON}"`). Every table of
a period, for all ages and each age band, is then protected as one linked set and audited by
linear programming: no hidden count of 1–4 can be narrowed to an interval less than
{attacker.PROTECTION:g} wide from everything published (`herningmodel disclosure audit
--period P`; method and limits in `docs/disclosure.md`). A table that cannot be protected in time
is withheld with a message. Which numbers of each indicator are counts is listed below.

**Drill-down.** For the indicators marked below, roles with case access (team leaders,
department managers) can follow a district's or the municipality's cell to the cases behind it
(`/monitoring/cases/<indicator>/?period=…&district=…&series=…`: ids and the period only, no
personal data in the address), with what each case contributes; the list holds only the cases
the user may read, and every case shown is audited. Controllers and politicians get no links
and a 404 on the address (`herningmodel/monitoring/drill.py`).
"""


def render() -> str:
    lines = [HEADER]
    for ind in all_indicators():
        lines.append(f"## {ind.name_en} (`{ind.id}`)\n")
        lines.append(f"*{ind.name_da}*\n")
        lines.append(f"- Theme: {ind.theme.value}")
        lines.append(f"- Unit: {ind.unit.value}")
        lines.append(f"- Good direction: {ind.good.value}")
        if ind.series_from is not None:
            lines.append(f"- Series: read from the data when computed ({ind.series_from.__doc__})")
        elif len(ind.series) > 1:
            lines.append("- Series: " + ", ".join(f"`{k}` {label}" for k, label in ind.series))
        if drill.drillable(ind.id):
            lines.append("- Drill-down to the cases behind a figure (roles with case access)")
        if ind.costs:
            lines.append("- Needs the permission to see costs")
        if not ind.by_district:
            lines.append("- Whole municipality only")
        judged = [*ind.counted, *(["complement"] if ind.is_share else [])]
        lines.append(
            "- Disclosure control judges: distinct children"
            + "".join(f", {name}" for name in judged)
        )
        lines.append("")
        lines.append(ind.definition_en + "\n")
        lines.append("> " + ind.definition_da + "\n")
    return "\n".join(lines).rstrip() + "\n"
