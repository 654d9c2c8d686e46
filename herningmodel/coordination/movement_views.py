"""Movement per core task across families, by district and year (``coordination.movement``).

An aggregate page, for those who read prototypes (who see aggregates, family coordinators and
leaders): cells about 1–4 children are hidden for everyone, with monitoring's disclosure control
including the cells they could be worked out from, so no person's movement can be read here.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from herningmodel.coordination.models import CoreTask
from herningmodel.coordination.movement_data import year_table
from herningmodel.coordination.prototype_views import can_view


@login_required
def movement_across_families(request: HttpRequest) -> HttpResponse:
    if not can_view(request.user):
        raise Http404
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if not 2000 <= year <= this_year:
        year = this_year
    rows = year_table(year, _("All districts"))
    return render(
        request,
        "coordination/movement.html",
        {
            "year": year,
            "years": list(range(this_year, this_year - 6, -1)),
            "tasks": [t.label for t in CoreTask],
            "rows": rows,
            "hidden": any(c.hidden for r in rows for c in r.cells),
        },
    )
