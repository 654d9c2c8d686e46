"""Django templates that report the people they were given (``sightings``).

The project's only template backend, so every page, htmx fragment, form page and report
rendered from a template — including ones written after this — is covered without the view
doing anything."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template import TemplateDoesNotExist
from django.template.backends.django import DjangoTemplates, reraise
from django.template.backends.django import Template as DjangoTemplate

from herningmodel.audit import sightings


class SightedTemplate(DjangoTemplate):
    def render(
        self, context: dict[str, Any] | None = None, request: HttpRequest | None = None
    ) -> str:
        rendered = super().render(context, request)
        if context:
            sightings.show(context)
        return rendered


class SightedTemplates(DjangoTemplates):
    def from_string(self, template_code: str) -> SightedTemplate:
        return SightedTemplate(self.engine.from_string(template_code), self)

    def get_template(self, template_name: str) -> SightedTemplate:
        try:
            return SightedTemplate(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            reraise(exc, self)
