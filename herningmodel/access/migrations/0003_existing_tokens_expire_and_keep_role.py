"""Tokens made before expiry existed: they expire 90 days after creation and keep the role
their user has now (the role they were made for is not known)."""

from datetime import timedelta

from django.db import migrations


def fill(apps, schema_editor):
    ApiToken = apps.get_model("access", "ApiToken")
    StaffMember = apps.get_model("organisation", "StaffMember")
    roles = dict(StaffMember.objects.values_list("user_id", "role"))
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + timedelta(days=90)
        token.role = roles.get(token.user_id, "")
        token.save(update_fields=["expires_at", "role"])


class Migration(migrations.Migration):
    dependencies = [("access", "0002_token_expiry_and_access_requests")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
