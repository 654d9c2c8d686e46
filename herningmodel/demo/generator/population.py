"""The municipality's districts, area teams and children: a stationary population of 0–17s.

All names are invented. Every child living in the municipality during the history is created
(also those never notified), so that shares "per 1,000 children" have their denominator.
"""

from __future__ import annotations

import datetime as dt
import random

from herningmodel.demo.generator.params import Params, origin
from herningmodel.demo.generator.records import ChildRec, DistrictRec, History, TeamRec

# (name, slug for the demo log-in). The first three keep the log-ins of the earlier demo.
DISTRICT_NAMES = [
    ("Nordby", "nord"),
    ("Sønderbro", "syd"),
    ("Vestervang", "vest"),
    ("Østerhøj", "oest"),
    ("Midtby", "midt"),
    ("Skovlund", "skov"),
    ("Engholm", "eng"),
    ("Bakkely", "bakke"),
    ("Åkanten", "aa"),
    ("Fjordside", "fjord"),
    ("Lyngbakken", "lyng"),
    ("Kildevang", "kilde"),
    ("Møllehøj", "moelle"),
    ("Stengården", "sten"),
    ("Havrevang", "havre"),
]
FIRST_NAMES = (
    "Alma Ida Freja Clara Ella Karla Agnes Josefine Emma Olivia Sofia Laura Nora Lærke Asta "
    "Liva Esther Marie Mathilde Filippa Noah Oscar William Carl Alfred Emil Valdemar Aksel "
    "Arthur Malthe Victor Lucas Magnus Elias Theo August Otto Felix Johan Storm Anton Bertram"
).split()
LAST_NAMES = (
    "Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen "
    "Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen "
    "Knudsen Jakobsen Mikkelsen Olesen Frederiksen Laursen Henriksen Lund Schmidt Eriksen "
    "Holm Kristiansen Clausen Simonsen Svendsen Andreasen Iversen Jeppesen Vestergaard Dam"
).split()
UNBORN_LEAD_DAYS = 150  # births this far after today may already be known from a notification


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def organisation(params: Params, history: History) -> None:
    size = params.size
    pilots = min(params.pilot_districts, size.districts - 1)
    controls = size.districts - pilots
    pilot_start = dt.date(params.start.year + params.pilot_after_years, 1, 1)
    rollout = dt.date(pilot_start.year + params.rollout_after_years, 1, 1)
    squeeze = dt.date(rollout.year + params.squeeze_after_years, 1, 1)
    for index in range(size.districts):
        name, slug = DISTRICT_NAMES[index % len(DISTRICT_NAMES)]
        if index >= len(DISTRICT_NAMES):
            name, slug = f"{name} {index // len(DISTRICT_NAMES) + 1}", f"{slug}{index}"
        pilot = index < pilots
        weight = params.pilot_share / pilots if pilot else (1 - params.pilot_share) / controls
        history.districts.append(
            DistrictRec(
                name=name,
                slug=slug,
                weight=weight,
                pilot=pilot,
                model_start=pilot_start if pilot else rollout,
                # The last control district is the one whose budget is squeezed.
                squeeze_from=squeeze if index == size.districts - 1 and not pilot else None,
            )
        )
        for t in range(size.teams_per_district):
            suffix = f" {t + 1}" if size.teams_per_district > 1 else ""
            history.teams.append(TeamRec(district=index, name=f"Områdeteam {name}{suffix}"))


def children(params: Params, history: History, rng: random.Random) -> None:
    """Children 0–17 when the simulation starts, then births (N / 18 a year)."""
    n = params.size.children
    begin = origin(params)
    first_birth = add_years(begin, -18) + dt.timedelta(days=1)
    initial_days = (begin - first_birth).days
    last_birth = params.today + dt.timedelta(days=UNBORN_LEAD_DAYS)
    later_days = (last_birth - begin).days
    births = [first_birth + dt.timedelta(days=rng.randrange(initial_days)) for _ in range(n)]
    for _ in range(round(n * later_days / (18 * 365.25))):
        births.append(begin + dt.timedelta(days=1 + rng.randrange(later_days)))
    births.sort()
    weights = [d.weight for d in history.districts]
    teams_of: dict[int, list[int]] = {}
    for index, team in enumerate(history.teams):
        teams_of.setdefault(team.district, []).append(index)
    for birth in births:
        district = rng.choices(range(len(weights)), weights)[0]
        history.children.append(
            ChildRec(
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                birth=birth,
                district=district,
                team=rng.choice(teams_of[district]),
                # Gamma-distributed risk with mean 1: most children are never notified, a few
                # are notified again and again.
                risk=rng.gammavariate(params.risk_shape, 1 / params.risk_shape),
            )
        )


def population_counts(
    history: History, first_year: int, last_year: int
) -> dict[tuple[int, int, int], int]:
    """Children living in each district on 1 January of each year, by age 0–22.

    Statistics Denmark counts the population on 1 January; "per 1,000 children" indicators
    divide by these counts, as a real municipality would with its own figures.
    """
    counts: dict[tuple[int, int, int], int] = {}
    for child in history.children:
        for year in range(first_year, last_year + 1):
            day = dt.date(year, 1, 1)
            if child.birth > day:
                continue
            age = year - child.birth.year - ((1, 1) < (child.birth.month, child.birth.day))
            if age > 22:
                continue
            key = (child.district, year, age)
            counts[key] = counts.get(key, 0) + 1
    return counts
