"""``docs/indicators.md``, generated from the indicator definitions so the two never disagree:
``herningmodel indicators --docs > docs/indicators.md``."""

from __future__ import annotations

from herningmodel.monitoring import disclosure, drill, hidden
from herningmodel.monitoring.indicators import all_indicators

HEADER = f"""# Indicators

Generated from `herningmodel/monitoring/themes/` by `herningmodel indicators --docs`; do not
edit by hand (a test checks that this file equals the generated output).

Every indicator is computed for a period (`2025`, `2025Q3`, `2025-07`) and optionally a
district, an area team, an age group (`0-5`, `6-11`, `12-17`, age at the end of the period) and
pilot or control districts. Tables have one row per district, then the pilot and control rows
and the whole municipality, each the sum of its districts' numerators and denominators.
"Per 1,000" rates divide by the child population (table `monitoring.ChildPopulation`).

**Disclosure control.** For roles without case access to every team, and in every export, a
cell describing 1–{disclosure.THRESHOLD - 1} children is shown as `{disclosure.SUPPRESSED}`
(an amount of money as a dash with the footnote "hidden: fewer than 5 children"; in JSON and
the API every hidden cell is `null` with `"suppressed_reason": "{hidden.REASON}"`);
a share describes both the children counted and the rest (1 of 30 singles out one child, so
does 29 of 30). Further cells are hidden until no hidden cell can be worked out exactly from
the shown cells and totals (`herningmodel/monitoring/disclosure.py`).

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
        lines.append("")
        lines.append(ind.definition_en + "\n")
        lines.append("> " + ind.definition_da + "\n")
    return "\n".join(lines).rstrip() + "\n"
