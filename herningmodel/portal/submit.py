"""Saving a form through a domain service, the same way on every page.

A page parses its form, then hands the cleaned data to a service. The service's coded errors go
next to the fields they concern, a stale version becomes the conflict message, and a success
sends the browser on (with htmx, by an HX-Redirect).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from herningmodel.people.services import ConflictError
from herningmodel.validation import field_errors


def save_form(
    request: HttpRequest,
    form: forms.Form,
    perform: Callable[[dict[str, Any]], Any],
    success_url: str,
) -> HttpResponse | None:
    """The response after a successful save, or None: show the form again with its errors."""
    if not form.is_valid():
        return None
    try:
        perform(form.cleaned_data)
    except ValidationError as error:
        put_errors(form, error)
        return None
    except ConflictError:
        form.add_error(
            None, _("Someone else saved this after you opened the page. Reload and try again.")
        )
        return None
    messages.success(request, _("Saved."))
    return done(request, success_url)


def put_errors(form: forms.Form, error: ValidationError) -> None:
    """Show each coded service error next to its field, or above the form."""
    for item in field_errors(error):
        form.add_error(form_field(item.field, form), item.message)


def form_field(path: str, form: forms.Form) -> str | None:
    """The form field a service error belongs to: 'episodes.0.start' → 'start' on the
    decision form, 'goals.1.tasks.0.responsible_kind' → 'tasks' on the plan form."""
    parts = path.split(".")
    if ".tasks." in path and "tasks" in form.fields:
        return "tasks"
    for name in (parts[0], parts[-1]):
        if name in form.fields:
            return name
    return None


def done(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)
