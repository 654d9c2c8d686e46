"""Personal API tokens for integrations (stored only as a hash, revocable, expiring), and the
grants of access that wait for a second person's approval."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.organisation.models import Role, StaffMember
from herningmodel.validation import no_nul


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, validators=[no_nul])
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    # The role the token was made for: a token never acts with powers its user gained later.
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_because = models.CharField(_("revoked because"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


class GrantKind(models.TextChoices):
    ROLE = "role", _("Role")
    GROUP = "group", _("Group")
    ACTIVATE = "activate", _("Activation")


class GrantOutcome(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class AccessRequest(models.Model):
    """A grant one administrator asked for and a second person must approve (four eyes)."""

    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField(_("change"), max_length=10, choices=GrantKind.choices)
    value = models.CharField(_("value"), max_length=150, blank=True, validators=[no_nul])
    reason = models.TextField(_("reason"), max_length=1000, validators=[no_nul])
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=GrantOutcome.choices, default=GrantOutcome.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note"), max_length=1000, blank=True, validators=[no_nul])

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.staff}: {self.kind} {self.value}"
