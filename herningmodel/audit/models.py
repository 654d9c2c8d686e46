"""Append-only, hash-chained audit events.

Every row carries the hash of the row before it, so editing or deleting a past row breaks the
chain, and ``herningmodel audit verify`` finds the first broken row. The chain head is a single
row locked while appending, which orders concurrent writers.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    READ = "read", _("Viewed")
    EXPORT = "export", _("Exported")
    SEARCH = "search", _("Searched")
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed log-in")
    LOCKED_OUT = "locked_out", _("Account locked")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    EPISODE_STARTED = "episode_started", _("Intervention started")
    EPISODE_ENDED = "episode_ended", _("Intervention ended")
    PRICE_SET = "price_set", _("Price set")
    LEDGER_RECALCULATED = "ledger_recalculated", _("Closed months recalculated")
    CATALOGUE_IMPORTED = "catalogue_imported", _("Catalogue imported")
    DATA_IMPORTED = "data_imported", _("Data imported")
    # Separation of duties (access/staffing.py): a change of someone's role, teams, groups or
    # activation; a grant waiting for a second person; a grant that person turned down.
    STAFF_CHANGED = "staff_changed", _("Staff access changed")
    ACCESS_REQUESTED = "access_requested", _("Access grant requested")
    ACCESS_REJECTED = "access_rejected", _("Access grant rejected")


class AuditEvent(models.Model):
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(_("actor"), max_length=150)
    event_type = models.CharField(_("event"), max_length=20, choices=EventType.choices)
    # Plain ids rather than foreign keys: the audit trail must outlive what it describes.
    child_id = models.BigIntegerField(_("child"), null=True, blank=True, db_index=True)
    person_id = models.BigIntegerField(_("person"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=50, blank=True, default="")
    object_id = models.CharField(_("object id"), max_length=50, blank=True, default="")
    source = models.CharField(_("page or endpoint"), max_length=200, blank=True, default="")
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["seq"]
        indexes = [models.Index(fields=["actor", "at"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type} {self.actor_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit events are append-only.")


class ChainHead(models.Model):
    """The last sequence number and hash; locked while appending so the chain stays linear."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit chain at #{self.last_seq}"
