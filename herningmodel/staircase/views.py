"""Catalogue, price history, the price form and budget versus actual: parse, authorize, render."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from herningmodel.access.policy import Perm, has_perm
from herningmodel.staircase import services
from herningmodel.staircase.budget import budget_rows
from herningmodel.staircase.budget import totals as budget_totals
from herningmodel.staircase.forms import PriceForm
from herningmodel.staircase.models import InterventionType, Price, Step
from herningmodel.validation import field_errors


def _require(request: HttpRequest, perm: Perm) -> None:
    if not has_perm(request.user, perm):
        raise PermissionDenied


def _source(request: HttpRequest) -> str:
    return f"page:{request.resolver_match.view_name if request.resolver_match else request.path}"


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """Steps → types → each provider's price in force today."""
    _require(request, Perm.VIEW_CATALOGUE)
    today = timezone.localdate()
    current: dict[int, dict[int, Price]] = defaultdict(dict)
    # Ordered by date, so the last price per provider and type is the one in force today.
    for price in (
        Price.objects.filter(valid_from__lte=today)
        .select_related("provider")
        .order_by("valid_from")
    ):
        current[price.intervention_type_id][price.provider_id] = price
    types_by_step: dict[int, list[tuple[InterventionType, list[Price]]]] = defaultdict(list)
    for kind in InterventionType.objects.select_related("step").order_by("step__number", "name"):
        prices = sorted(current[kind.pk].values(), key=lambda p: p.provider.name)
        types_by_step[kind.step_id].append((kind, prices))
    steps = [(step, types_by_step[step.pk]) for step in Step.objects.order_by("number")]
    return render(
        request,
        "staircase/catalogue.html",
        {"steps": steps, "can_change": has_perm(request.user, Perm.CHANGE_PRICES)},
    )


@login_required
def type_prices(request: HttpRequest, code: str) -> HttpResponse:
    _require(request, Perm.VIEW_CATALOGUE)
    kind = get_object_or_404(InterventionType.objects.select_related("step"), code=code)
    prices = kind.prices.select_related("provider", "created_by").order_by(
        "provider__name", "-valid_from"
    )
    return render(
        request,
        "staircase/type_prices.html",
        {"kind": kind, "prices": prices, "can_change": has_perm(request.user, Perm.CHANGE_PRICES)},
    )


@login_required
def price_create(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.CHANGE_PRICES)
    form = PriceForm(request.POST or None, initial={"intervention_type": request.GET.get("type")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            price = services.set_price(
                actor=request.user,
                provider=data["provider"],
                intervention_type=data["intervention_type"],
                valid_from=data["valid_from"],
                amount=data["amount"],
                source=_source(request),
            )
        except ValidationError as exc:
            for error in field_errors(exc):
                form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The price was saved."))
            return redirect("staircase:type", code=price.intervention_type.code)
    return render(request, "staircase/price_form.html", {"form": form})


@login_required
def budget(request: HttpRequest) -> HttpResponse:
    """Budget versus actual (the ledger's sum) per step for one year."""
    _require(request, Perm.VIEW_COSTS)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2000), 2100)
    computed = budget_rows(year)
    totals = budget_totals(computed)
    rows: list[dict[str, Any]] = [vars(r) for r in computed]
    return render(
        request,
        "staircase/budget.html",
        {
            "rows": rows,
            "year": year,
            "totals": totals,
            "years": range(this_year - 8, this_year + 2),
        },
    )
