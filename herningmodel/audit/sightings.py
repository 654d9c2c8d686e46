"""Every response that shows a person is a read: the one mechanism behind it.

A *sighting* is what one request showed. Whatever a template is given — the child, a case, a
plan, a list of rows, a form bound to an object — is looked through for people (children,
custody holders, network persons) after the template has rendered (``templates.py`` does this
for every template, so a new view cannot forget it), and views that show people without a
template name them with ``show``; every API operation is wrapped by ``shows_returned_people``,
which looks through what the operation returns the same way. When the response leaves,
``ReadAuditMiddleware`` writes one READ event per person shown that the view did not already
record itself, with the page or endpoint as the source.

"Given to a template" is taken as "shown": a page that receives a child does show it (its name
heads the page, or its case), and an over-cautious read event is cheaper than a missing one.
A queryset that the template never iterated was not shown, so only evaluated ones count.
"""

from __future__ import annotations

import contextvars
import dataclasses
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page
from django.db import models
from django.forms import BaseForm, BaseFormSet
from ninja.responses import Status

Subject = tuple[int | None, int | None]  # (child id, person id)


@dataclass
class Sighting:
    """The people one request showed, and those it already recorded a read of."""

    shown: set[Subject] = field(default_factory=set)
    recorded: set[Subject] = field(default_factory=set)
    case_ids: set[int] = field(default_factory=set)
    case_children: dict[int, int] = field(default_factory=dict)
    household_ids: set[int] = field(default_factory=set)

    def pending(self) -> set[Subject]:
        return self.shown - self.recorded


_current: contextvars.ContextVar[Sighting | None] = contextvars.ContextVar(
    "herningmodel_sighting", default=None
)


def begin() -> contextvars.Token[Sighting | None]:
    return _current.set(Sighting())


def end(token: contextvars.Token[Sighting | None]) -> Sighting:
    sighting = _current.get()
    _current.reset(token)
    return sighting or Sighting()


def current() -> Sighting | None:
    return _current.get()


def note_recorded(subjects: Iterable[Subject]) -> None:
    """A READ the view wrote itself (``audit.services``): the middleware need not repeat it."""
    sighting = _current.get()
    if sighting is not None:
        sighting.recorded.update(subjects)


def show(*values: Any) -> None:
    """Mark people as shown by this response: models, lists, rows, forms, mappings of them."""
    sighting = _current.get()
    if sighting is None:
        return
    for obj in _models(values, depth=0, seen=set()):
        _add(sighting, obj)


def _add(sighting: Sighting, obj: models.Model) -> None:
    from herningmodel.cases.models import Case
    from herningmodel.people.models import Child, Household, Person

    if isinstance(obj, Household):
        sighting.household_ids.add(obj.pk)  # a family shown by its name: each of its children
        return
    if isinstance(obj, Child):
        sighting.shown.add((obj.pk, None))
        return
    if isinstance(obj, Person):
        sighting.shown.add((None, obj.pk))
        return
    if isinstance(obj, Case):
        sighting.shown.add((obj.child_id, None))
        sighting.case_children[obj.pk] = obj.child_id
        return
    for fk in obj._meta.concrete_fields:
        if not isinstance(fk, models.ForeignKey):
            continue
        value = getattr(obj, fk.attname)
        if value is None:
            continue
        if fk.related_model is Child:
            sighting.shown.add((value, None))
        elif fk.related_model is Person:
            sighting.shown.add((None, value))
        elif fk.related_model is Household:
            sighting.household_ids.add(value)
        elif fk.related_model is Case:
            cached = fk.get_cached_value(obj) if fk.is_cached(obj) else None
            if cached is not None:
                _add(sighting, cached)
            else:
                sighting.case_ids.add(value)


def is_about_people(model: type[models.Model]) -> bool:
    """Whether rows of this model are a person or belong to one (the rule of ``_add``)."""
    from herningmodel.cases.models import Case
    from herningmodel.people.models import Child, Household, Person

    people = (Child, Person, Case, Household)
    if issubclass(model, people):
        return True
    return any(
        isinstance(f, models.ForeignKey) and f.related_model in people
        for f in model._meta.concrete_fields
    )


def resolve(sighting: Sighting) -> set[Subject]:
    """The people still to record: cases named only by id, and families (households), turned
    into their children."""
    unknown = sighting.case_ids - set(sighting.case_children)
    if unknown:
        from herningmodel.cases.models import Case

        of_cases = Case.objects.filter(pk__in=unknown).values_list("child_id", flat=True)
        sighting.shown.update((child_id, None) for child_id in of_cases)
    sighting.case_ids.clear()
    if sighting.household_ids:
        from herningmodel.people.models import Child

        children = Child.objects.filter(household_id__in=sighting.household_ids)
        sighting.shown.update((pk, None) for pk in children.values_list("pk", flat=True))
        sighting.household_ids.clear()
    return sighting.pending()


def shows_returned_people(operation: Callable[..., Any]) -> Callable[..., Any]:
    """For every API operation (``api.add_decorator``): what it returns is what it shows, so
    the people in it are shown — the API's counterpart of the template backend. A queryset is
    fetched here (its serialisation then reuses the rows), since it is about to be sent."""

    @functools.wraps(operation)
    def shown(request: Any, *args: Any, **kwargs: Any) -> Any:
        result = operation(request, *args, **kwargs)
        show(_fetched(result, depth=0))
        return result

    return shown


def _fetched(value: Any, *, depth: int) -> Any:
    """The value, with the querysets it is about to send fetched (a page of results is a dict
    holding one)."""
    if depth > 2:
        return value
    if isinstance(value, Status):
        return _fetched(value.value, depth=depth + 1)
    if isinstance(value, models.QuerySet):
        value._fetch_all()  # noqa: SLF001
    elif isinstance(value, Mapping):
        for item in value.values():
            _fetched(item, depth=depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _fetched(item, depth=depth + 1)
    return value


_MAX_DEPTH = 6


def _models(value: Any, *, depth: int, seen: set[int]) -> Iterator[models.Model]:
    """The model instances in a template's context, looking into containers, rows and forms."""
    if depth > _MAX_DEPTH or value is None or isinstance(value, (str, bytes, int, float)):
        return
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, models.Model):
        yield value
        # What was prefetched with it was fetched to be shown with it (a meeting's attendees).
        value = list(getattr(value, "_prefetched_objects_cache", {}).values())
    elif isinstance(value, models.QuerySet):
        # Only what the template iterated was shown; iterating here would run the query.
        value = value._result_cache or ()  # noqa: SLF001
    elif isinstance(value, Page):
        value = value.object_list
        if isinstance(value, models.QuerySet):
            value = value._result_cache or ()  # noqa: SLF001
    elif isinstance(value, BaseFormSet):
        value = value.forms
    elif isinstance(value, BaseForm):
        instance = getattr(value, "instance", None)
        value = [instance] if instance is not None and instance.pk is not None else ()
    elif isinstance(value, Mapping):
        value = list(value.values())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, (list, tuple, set, frozenset)):
        pass
    elif type(value).__module__.startswith("herningmodel.") and hasattr(value, "__dict__"):
        value = list(vars(value).values())  # our own plain row classes
    else:
        return
    for item in value:
        yield from _models(item, depth=depth + 1, seen=seen)
