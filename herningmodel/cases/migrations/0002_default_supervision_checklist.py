"""Ship a default checklist for management supervision; managers edit it in the admin."""

from django.db import migrations

ITEMS = [
    ("notification-24h", "Er underretningen vurderet inden for 24 timer?"),
    ("child-talk", "Er der holdt børnesamtale, eller er det begrundet hvorfor ikke?"),
    ("assessment-4m", "Er den børnefaglige undersøgelse afsluttet inden for 4 måneder?"),
    ("plan", "Er der en plan med mål i barnets og familiens egne ord?"),
    ("network", "Er familie og netværk inddraget (netværksmøde)?"),
    ("follow-up", "Er der fulgt op til tiden med progressionsmåling?"),
    ("lowest-step", "Er indsatsen valgt så tæt på hverdagslivet som muligt?"),
]


def create(apps, schema_editor):
    ChecklistItem = apps.get_model("cases", "ChecklistItem")
    for position, (code, text) in enumerate(ITEMS):
        ChecklistItem.objects.create(code=code, text=text, position=position)


def remove(apps, schema_editor):
    apps.get_model("cases", "ChecklistItem").objects.filter(
        code__in=[c for c, _ in ITEMS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
