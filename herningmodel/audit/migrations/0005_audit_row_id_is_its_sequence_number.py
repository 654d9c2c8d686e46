"""Make every audit row's id its sequence number.

The id is the one column the hash does not cover; from now on it is written equal to ``seq``
and verification treats any other id as an edit. Rows written before could have other ids
(PostgreSQL's sequence skips numbers on a rolled-back insert), so they are renumbered once:
first to the negative sequence number, then to the sequence number, so no two rows ever
collide on the primary key mid-way.
"""

from django.db import migrations, models


def renumber(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    rows = AuditEvent.objects.exclude(id=models.F("seq"))
    if rows.exists():
        AuditEvent.objects.update(id=-models.F("seq"))
        AuditEvent.objects.update(id=models.F("seq"))


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_staff_access_event_types")]

    operations = [migrations.RunPython(renumber, migrations.RunPython.noop)]
