"""The catalogue and price list as an Excel workbook: export, and a validated import.

Sheets (first row = column names, in any order; more columns are ignored):

* ``types``: code, name, step, legal_basis, legal_item, evidence_programme, unit,
  default_duration_days, active
* ``providers`` (optional on import): name, kind, cvr, active
* ``prices``: type (a type's code), provider (a provider's name), valid_from, amount

The import reads and checks *every* row before writing anything, and reports each problem as
"sheet prices, row 7, column amount: …". With any error nothing is written. Types and providers
are created or updated by code and name; prices are only ever added (through
``services.set_price``, which recomputes the open months of the ledger): a row that repeats an
existing price is unchanged, and a different amount for an existing date is an error, because a
price is never rewritten.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.staircase import services
from herningmodel.staircase.catalogue_rows import (
    CENT,
    PRICE_COLUMNS,
    PROVIDER_COLUMNS,
    TYPE_COLUMNS,
    ImportFailed,
    RowError,
    Sheet,
    as_amount,
    as_date,
)
from herningmodel.staircase.models import (
    EvidenceProgramme,
    InterventionType,
    LegalBasis,
    Price,
    Provider,
    ProviderKind,
    Step,
    Unit,
)


@dataclass
class Report:
    types_created: list[str] = field(default_factory=list)
    types_updated: list[str] = field(default_factory=list)
    providers_created: list[str] = field(default_factory=list)
    providers_updated: list[str] = field(default_factory=list)
    prices_added: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changes(self) -> int:
        return sum(
            len(x)
            for x in (
                self.types_created,
                self.types_updated,
                self.providers_created,
                self.providers_updated,
                self.prices_added,
            )
        )

    def lines(self) -> Iterator[str]:
        for label, items in (
            ("new type", self.types_created),
            ("changed type", self.types_updated),
            ("new provider", self.providers_created),
            ("changed provider", self.providers_updated),
            ("new price", self.prices_added),
        ):
            for item in items:
                yield f"{label}: {item}"
        yield f"{self.changes} changes, {self.unchanged} rows unchanged"


# ---------------------------------------------------------------- export


def export_catalogue(path: Path | str) -> None:
    book = Workbook()
    types = book.active
    assert types is not None
    types.title = "types"
    types.append(TYPE_COLUMNS)
    for t in InterventionType.objects.select_related("step").order_by("step__number", "code"):
        types.append(
            [
                t.code,
                t.name,
                t.step.number,
                t.legal_basis,
                t.legal_item,
                t.evidence_programme,
                t.unit,
                t.default_duration_days,
                t.active,
            ]
        )
    providers = book.create_sheet("providers")
    providers.append(PROVIDER_COLUMNS)
    for p in Provider.objects.order_by("name"):
        providers.append([p.name, p.kind, p.cvr, p.active])
    prices = book.create_sheet("prices")
    prices.append(PRICE_COLUMNS)
    for price in Price.objects.select_related("intervention_type", "provider").order_by(
        "intervention_type__code", "provider__name", "valid_from"
    ):
        prices.append(
            [price.intervention_type.code, price.provider.name, price.valid_from, price.amount]
        )
        prices.cell(prices.max_row, 3).number_format = "yyyy-mm-dd"
        prices.cell(prices.max_row, 4).number_format = "#,##0.00"
    for sheet in book.worksheets:
        sheet.freeze_panes = "A2"
    book.save(path)


# ---------------------------------------------------------------- reading and checking


@dataclass
class _Plan:
    types: list[dict[str, Any]] = field(default_factory=list)
    providers: list[dict[str, Any]] = field(default_factory=list)
    prices: list[tuple[str, str, dt.date, Decimal]] = field(default_factory=list)


def _read_types(sheet: Sheet, plan: _Plan) -> set[str]:
    steps = set(Step.objects.values_list("number", flat=True))
    seen: dict[str, int] = {}
    for row, cells in sheet.rows:
        code = sheet.text(row, cells, "code", max_length=50)
        if code:
            try:
                validate_slug(code)
            except ValidationError:
                sheet.error(row, "code", "use only letters, digits, - and _")
            if code in seen:
                sheet.error(row, "code", f"the same code as row {seen[code]}")
            seen[code] = row
        step = cells["step"]
        if step is None or str(step).strip() == "":
            sheet.error(row, "step", "a type needs a step (1–6)")
        elif not isinstance(step, int) or isinstance(step, bool) or step not in steps:
            sheet.error(row, "step", f"{step!r} is not a step (1–6)")
        duration = cells["default_duration_days"]
        if duration not in (None, "") and (not isinstance(duration, int) or duration < 0):
            sheet.error(row, "default_duration_days", f"{duration!r} is not a number of days")
        plan.types.append(
            {
                "_row": row,
                "code": code,
                "name": sheet.text(row, cells, "name", max_length=200),
                "step": step,
                "legal_basis": sheet.choice(row, cells, "legal_basis", LegalBasis.values),
                "legal_item": sheet.text(row, cells, "legal_item", max_length=100, required=False),
                "evidence_programme": sheet.choice(
                    row, cells, "evidence_programme", EvidenceProgramme.values, required=False
                ),
                "unit": sheet.choice(row, cells, "unit", Unit.values),
                "default_duration_days": duration if duration != "" else None,
                "active": sheet.flag(row, cells, "active"),
            }
        )
    return set(seen)


def _read_providers(sheet: Sheet, plan: _Plan) -> set[str]:
    seen: dict[str, int] = {}
    for row, cells in sheet.rows:
        name = sheet.text(row, cells, "name", max_length=200)
        if name in seen:
            sheet.error(row, "name", f"the same provider as row {seen[name]}")
        seen[name] = row
        cvr = sheet.text(row, cells, "cvr", max_length=8, required=False)
        if cvr and not (cvr.isdigit() and len(cvr) == 8):
            sheet.error(row, "cvr", "a CVR number has 8 digits")
        plan.providers.append(
            {
                "_row": row,
                "name": name,
                "kind": sheet.choice(row, cells, "kind", ProviderKind.values),
                "cvr": cvr,
                "active": sheet.flag(row, cells, "active"),
            }
        )
    return set(seen)


def _read_prices(sheet: Sheet, plan: _Plan, types: set[str], providers: set[str]) -> None:
    existing = {
        (code, name, day): amount
        for code, name, day, amount in Price.objects.values_list(
            "intervention_type__code", "provider__name", "valid_from", "amount"
        )
    }
    seen: dict[tuple[str, str, dt.date], int] = {}
    for row, cells in sheet.rows:
        code = sheet.text(row, cells, "type", max_length=50)
        if code and code not in types:
            sheet.error(row, "type", f"unknown intervention type {code!r}")
        name = sheet.text(row, cells, "provider", max_length=200)
        if name and name not in providers:
            sheet.error(row, "provider", f"unknown provider {name!r}")
        day = as_date(cells["valid_from"])
        if cells["valid_from"] in (None, ""):
            sheet.error(row, "valid_from", "a price needs the date it applies from")
        elif day is None:
            sheet.error(row, "valid_from", f"{cells['valid_from']!r} is not a date")
        amount = as_amount(cells["amount"])
        if cells["amount"] in (None, ""):
            sheet.error(row, "amount", "required")
        elif amount is None:
            sheet.error(row, "amount", f"{cells['amount']!r} is not a number")
        elif amount < 0:
            sheet.error(row, "amount", "a price cannot be negative")
            amount = None
        elif amount != amount.quantize(CENT) or amount >= Decimal("1e10"):
            sheet.error(row, "amount", "use at most 2 decimals and under 10 billion kr")
            amount = None
        if not (code and name and day and amount is not None):
            continue
        key = (code, name, day)
        if key in seen:
            sheet.error(row, "valid_from", f"the same type, provider and date as row {seen[key]}")
            continue
        seen[key] = row
        if key in existing and existing[key] != amount:
            sheet.error(
                row,
                "amount",
                f"a price of {existing[key]} from {day} exists; prices are never rewritten, "
                "add one with a later valid_from",
            )
        plan.prices.append((code, name, day, amount.quantize(CENT)))


def read_catalogue(path: Path | str) -> _Plan:
    """Check every row of the workbook; raise ImportFailed with all errors found."""
    errors: list[RowError] = []
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ImportFailed([RowError("-", 0, "-", f"not an Excel workbook: {exc}")]) from exc
    for required in ("types", "prices"):
        if required not in book.sheetnames:
            errors.append(RowError(required, 0, "-", "missing sheet"))
    if errors:
        raise ImportFailed(errors)
    plan = _Plan()
    types = _read_types(Sheet(book["types"], TYPE_COLUMNS, errors), plan)
    providers: set[str] = set()
    if "providers" in book.sheetnames:
        providers = _read_providers(Sheet(book["providers"], PROVIDER_COLUMNS, errors), plan)
    types |= set(InterventionType.objects.values_list("code", flat=True))
    providers |= set(Provider.objects.values_list("name", flat=True))
    _read_prices(Sheet(book["prices"], PRICE_COLUMNS, errors), plan, types, providers)
    book.close()
    if errors:
        raise ImportFailed(errors)
    return plan


# ---------------------------------------------------------------- applying


def _upsert(model: Any, key: str, values: dict[str, Any], report: Report, kind: str) -> None:
    values = dict(values)
    row = values.pop("_row")
    obj = model.objects.filter(**{key: values[key]}).first()
    created = obj is None
    if created:
        obj = model()
    elif all(getattr(obj, k) == v for k, v in values.items()):
        report.unchanged += 1
        return
    for name, value in values.items():
        setattr(obj, name, value)
    try:
        obj.full_clean()
    except ValidationError as exc:
        sheet = "types" if kind == "types" else "providers"
        raise ImportFailed(
            [
                RowError(sheet, row, name, " ".join(str(m) for m in messages))
                for name, messages in exc.message_dict.items()
            ]
        ) from exc
    obj.save()
    getattr(report, f"{kind}_{'created' if created else 'updated'}").append(values[key])


def import_catalogue(
    path: Path | str, *, actor: User | None, dry_run: bool = False, source: str = ""
) -> Report:
    """Import the workbook, or with ``dry_run`` only report what would change."""
    plan = read_catalogue(path)
    report = Report()
    with transaction.atomic():
        for values in plan.providers:
            _upsert(Provider, "name", values, report, "providers")
        steps = {s.number: s for s in Step.objects.all()}
        for values in plan.types:
            _upsert(
                InterventionType, "code", {**values, "step": steps[values["step"]]}, report, "types"
            )
        existing = set(
            Price.objects.values_list("intervention_type__code", "provider__name", "valid_from")
        )
        for code, name, day, amount in plan.prices:
            if (code, name, day) in existing:
                report.unchanged += 1
                continue
            report.prices_added.append(f"{code} / {name} from {day}: {amount}")
            if not dry_run:
                services.set_price(
                    actor=actor,
                    provider=Provider.objects.get(name=name),
                    intervention_type=InterventionType.objects.get(code=code),
                    valid_from=day,
                    amount=amount,
                    source=source,
                )
        if dry_run:
            transaction.set_rollback(True)
        elif report.changes:
            audit.record(
                EventType.CATALOGUE_IMPORTED,
                actor=actor,
                actor_label=None if actor is not None else "cli",
                changes={"file": Path(path).name, "changes": list(report.lines())},
                source=source,
            )
    return report
